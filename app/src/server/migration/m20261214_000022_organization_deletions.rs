//! Deleting an organization at the end of its subscription: the record that it happened
//! (nothing that names the practice or anyone in it), and the one removal the append-only
//! logs accept: the entries of an organization that is being deleted (and, for security
//! events, those about its people).

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum OrganizationDeletions {
    Table,
    Id,
    /// The number the organization had: no row has it any more.
    OrganizationId,
    Reference,
    DeletedAt,
    DeletedBy,
    /// How many rows and documents were removed.
    Rows,
    Documents,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// While its deletion is recorded, an organization's entries may go.
const SQLITE_ACCESS_LOG: &str = "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log \
     WHEN NOT EXISTS (SELECT 1 FROM organization_deletions d \
     WHERE d.organization_id = OLD.organization_id) \
     BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END";
const SQLITE_SECURITY_EVENTS: &str =
    "CREATE TRIGGER security_events_no_delete BEFORE DELETE ON security_events \
     WHEN NOT EXISTS (SELECT 1 FROM organization_deletions d \
     WHERE d.organization_id = OLD.organization_id OR d.organization_id = \
     (SELECT u.organization_id FROM users u WHERE u.id = OLD.user_id)) \
     BEGIN SELECT RAISE(ABORT, 'security_events is append-only'); END";
const SQLITE_ACCESS_LOG_BEFORE: &str =
    "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log \
     BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END";
const SQLITE_SECURITY_EVENTS_BEFORE: &str =
    "CREATE TRIGGER security_events_no_delete BEFORE DELETE ON security_events \
     BEGIN SELECT RAISE(ABORT, 'security_events is append-only'); END";

/// The functions of the erasure migration (m20261211_000019), with deletion added.
const POSTGRES_ACCESS_LOG: &str =
    "CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger \
     LANGUAGE plpgsql AS $$ BEGIN \
     IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM organization_deletions d \
     WHERE d.organization_id = OLD.organization_id) THEN RETURN OLD; END IF; \
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
     IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM organization_deletions d \
     WHERE d.organization_id = OLD.organization_id OR d.organization_id = \
     (SELECT u.organization_id FROM users u WHERE u.id = OLD.user_id)) THEN RETURN OLD; \
     END IF; \
     IF TG_OP = 'UPDATE' \
     AND (NEW.id, NEW.occurred_at, NEW.kind, NEW.organization_id, NEW.user_id, NEW.actor_id) \
     IS NOT DISTINCT FROM (OLD.id, OLD.occurred_at, OLD.kind, OLD.organization_id, \
     OLD.user_id, OLD.actor_id) \
     AND (NEW.detail IS NOT DISTINCT FROM OLD.detail OR NEW.detail IS NULL) \
     AND NEW.address = '' AND NEW.user_agent = '' \
     AND EXISTS (SELECT 1 FROM erasures e WHERE e.user_id = OLD.user_id) THEN RETURN NEW; END IF; \
     RAISE EXCEPTION 'security_events is append-only'; END $$";
const POSTGRES_ACCESS_LOG_BEFORE: &str =
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
const POSTGRES_SECURITY_EVENTS_BEFORE: &str =
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

async fn triggers(
    manager: &SchemaManager<'_>,
    sqlite: [&str; 2],
    postgres: [&str; 2],
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DatabaseBackend::Postgres => {
            for statement in postgres {
                db.execute_unprepared(statement).await?;
            }
        }
        _ => {
            // Drop and create in one call: one connection of the pool, so the new trigger
            // never meets a connection that still sees the old one.
            for (old, new) in [
                ("access_log_no_delete", sqlite[0]),
                ("security_events_no_delete", sqlite[1]),
            ] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {old}; {new}"))
                    .await?;
            }
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use OrganizationDeletions as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(
                        ColumnDef::new(D::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(D::OrganizationId)
                            .integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(D::Reference)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(D::DeletedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(D::DeletedBy).integer().null())
                    .col(ColumnDef::new(D::Rows).big_integer().not_null())
                    .col(ColumnDef::new(D::Documents).integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(D::Table, D::DeletedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        triggers(
            manager,
            [SQLITE_ACCESS_LOG, SQLITE_SECURITY_EVENTS],
            [POSTGRES_ACCESS_LOG, POSTGRES_SECURITY_EVENTS],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        triggers(
            manager,
            [SQLITE_ACCESS_LOG_BEFORE, SQLITE_SECURITY_EVENTS_BEFORE],
            [POSTGRES_ACCESS_LOG_BEFORE, POSTGRES_SECURITY_EVENTS_BEFORE],
        )
        .await?;
        manager
            .drop_table(Table::drop().table(OrganizationDeletions::Table).to_owned())
            .await
    }
}
