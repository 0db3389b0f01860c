//! Erasing a client and keeping data no longer than needed: the record that an erasure
//! happened (and nothing personal), the organization's retention period, and the one change
//! the append-only logs accept: emptying the address (and, for security events, the user
//! agent and the detail, which for a failed sign-in is the address typed) of entries about
//! a person who was erased.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Erasures {
    Table,
    Id,
    OrganizationId,
    Reference,
    Reason,
    /// The erased dossier's id and its login's id: numbers that no longer name anyone,
    /// kept so that the logs' entries about them can be emptied (see the triggers).
    DossierId,
    UserId,
    ErasedAt,
    ErasedBy,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    RetentionMonths,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// The access log's identity: every column but the address, which erasure may empty, and
/// only in the erased person's own entries (a coach's entries about the dossier keep theirs).
const SQLITE_ACCESS_LOG: &str = "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log \
     WHEN NOT (NEW.id = OLD.id AND NEW.occurred_at = OLD.occurred_at \
     AND NEW.organization_id = OLD.organization_id AND NEW.client_id = OLD.client_id \
     AND NEW.actor_id = OLD.actor_id AND NEW.actor_role = OLD.actor_role \
     AND NEW.area = OLD.area AND NEW.action = OLD.action AND NEW.object_id IS OLD.object_id \
     AND NEW.address IS NULL \
     AND EXISTS (SELECT 1 FROM erasures e WHERE e.organization_id = OLD.organization_id \
     AND e.user_id = OLD.actor_id)) \
     BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END";

const SQLITE_SECURITY_EVENTS: &str =
    "CREATE TRIGGER security_events_no_update BEFORE UPDATE ON security_events \
     WHEN NOT (NEW.id = OLD.id AND NEW.occurred_at = OLD.occurred_at AND NEW.kind = OLD.kind \
     AND NEW.organization_id IS OLD.organization_id AND NEW.user_id IS OLD.user_id \
     AND NEW.actor_id IS OLD.actor_id AND (NEW.detail IS OLD.detail OR NEW.detail IS NULL) \
     AND NEW.address = '' AND NEW.user_agent = '' \
     AND EXISTS (SELECT 1 FROM erasures e WHERE e.user_id = OLD.user_id)) \
     BEGIN SELECT RAISE(ABORT, 'security_events is append-only'); END";

const POSTGRES_ACCESS_LOG: &str =
    "CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger \
     LANGUAGE plpgsql AS $$ BEGIN \
     IF TG_OP = 'UPDATE' \
     AND (NEW.id, NEW.occurred_at, NEW.organization_id, NEW.client_id, NEW.actor_id, \
     NEW.actor_role, NEW.area, NEW.action, NEW.object_id) IS NOT DISTINCT FROM \
     (OLD.id, OLD.occurred_at, OLD.organization_id, OLD.client_id, OLD.actor_id, \
     OLD.actor_role, OLD.area, OLD.action, OLD.object_id) \
     AND NEW.address IS NULL \
     AND EXISTS (SELECT 1 FROM erasures e WHERE e.organization_id = OLD.organization_id \
     AND e.user_id = OLD.actor_id) THEN RETURN NEW; END IF; \
     RAISE EXCEPTION 'access_log is append-only'; END $$";

const POSTGRES_SECURITY_EVENTS: &str =
    "CREATE OR REPLACE FUNCTION security_events_append_only() RETURNS trigger \
     LANGUAGE plpgsql AS $$ BEGIN \
     IF TG_OP = 'UPDATE' \
     AND (NEW.id, NEW.occurred_at, NEW.kind, NEW.organization_id, NEW.user_id, NEW.actor_id) \
     IS NOT DISTINCT FROM (OLD.id, OLD.occurred_at, OLD.kind, OLD.organization_id, \
     OLD.user_id, OLD.actor_id) \
     AND (NEW.detail IS NOT DISTINCT FROM OLD.detail OR NEW.detail IS NULL) \
     AND NEW.address = '' AND NEW.user_agent = '' \
     AND EXISTS (SELECT 1 FROM erasures e WHERE e.user_id = OLD.user_id) THEN RETURN NEW; END IF; \
     RAISE EXCEPTION 'security_events is append-only'; END $$";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Erasures as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(
                        ColumnDef::new(E::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(E::OrganizationId).integer().not_null())
                    .col(
                        ColumnDef::new(E::Reference)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(E::Reason).string().not_null())
                    .col(ColumnDef::new(E::DossierId).integer().not_null())
                    .col(ColumnDef::new(E::UserId).integer().null())
                    .col(
                        ColumnDef::new(E::ErasedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(E::ErasedBy).integer().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::ErasedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .add_column(
                        ColumnDef::new(Organizations::RetentionMonths)
                            .integer()
                            .not_null()
                            .default(24),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(POSTGRES_ACCESS_LOG).await?;
                db.execute_unprepared(POSTGRES_SECURITY_EVENTS).await?;
            }
            _ => {
                // Drop and create in one call: one connection of the pool, so the new
                // trigger never meets a connection that still sees the old one.
                for (old, new) in [
                    ("access_log_no_update", SQLITE_ACCESS_LOG),
                    ("security_events_no_update", SQLITE_SECURITY_EVENTS),
                ] {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {old}; {new}"))
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for table in ["access_log", "security_events"] {
                    db.execute_unprepared(&format!(
                        "CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger \
                         LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{table} is append-only'; \
                         END $$"
                    ))
                    .await?;
                }
            }
            _ => {
                for table in ["access_log", "security_events"] {
                    db.execute_unprepared(&format!(
                        "DROP TRIGGER IF EXISTS {table}_no_update; \
                         CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} \
                         BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                    ))
                    .await?;
                }
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .drop_column(Organizations::RetentionMonths)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Erasures::Table).to_owned())
            .await
    }
}
