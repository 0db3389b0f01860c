//! Two-step verification (an authenticator app's secret per person, and their recovery
//! codes), the organization's rule that makes it mandatory, and the security event log.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organizations {
    Table,
    TwoFactorRequired,
}

#[derive(DeriveIden, Clone, Copy)]
enum TwoFactors {
    Table,
    UserId,
    Secret,
    ConfirmedAt,
    LastStep,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SecurityEvents {
    Table,
    Id,
    OccurredAt,
    Kind,
    OrganizationId,
    UserId,
    ActorId,
    Address,
    UserAgent,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .add_column(
                        ColumnDef::new(Organizations::TwoFactorRequired)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;

        use TwoFactors as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(ColumnDef::new(F::UserId).integer().not_null().primary_key())
                    .col(ColumnDef::new(F::Secret).string().not_null())
                    // None while the person has scanned the code but not yet typed one.
                    .col(
                        ColumnDef::new(F::ConfirmedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    // The last 30-second step whose code was accepted: no code twice.
                    .col(ColumnDef::new(F::LastStep).big_integer().null())
                    .col(
                        ColumnDef::new(F::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(F::Table, F::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        use RecoveryCodes as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(
                        ColumnDef::new(R::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(R::UserId).integer().not_null())
                    .col(ColumnDef::new(R::CodeHash).string().not_null())
                    .col(ColumnDef::new(R::UsedAt).timestamp_with_time_zone().null())
                    .col(
                        ColumnDef::new(R::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(R::Table, R::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recovery_codes_user")
                    .table(R::Table)
                    .col(R::UserId)
                    .col(R::CodeHash)
                    .to_owned(),
            )
            .await?;

        // No foreign keys: an event outlives the account and the organization it is about,
        // and the log is never changed, not even by a cascade.
        use SecurityEvents as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(
                        ColumnDef::new(E::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(E::OccurredAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(E::Kind).string().not_null())
                    .col(ColumnDef::new(E::OrganizationId).integer().null())
                    .col(ColumnDef::new(E::UserId).integer().null())
                    .col(ColumnDef::new(E::ActorId).integer().null())
                    .col(ColumnDef::new(E::Address).string().not_null())
                    .col(ColumnDef::new(E::UserAgent).string().not_null())
                    .col(ColumnDef::new(E::Detail).string().null())
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("security_events_organization", E::OrganizationId),
            ("security_events_user", E::UserId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(E::Table)
                        .col(column)
                        .col(E::OccurredAt)
                        .to_owned(),
                )
                .await?;
        }
        append_only(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SecurityEvents::Table.into_iden(),
            RecoveryCodes::Table.into_iden(),
            TwoFactors::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS security_events_append_only()")
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .drop_column(Organizations::TwoFactorRequired)
                    .to_owned(),
            )
            .await
    }
}

/// The database itself refuses to change or remove a security event, whatever code asks.
async fn append_only(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let statements: &[&str] = match manager.get_database_backend() {
        DatabaseBackend::Postgres => &[
            "CREATE FUNCTION security_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'security_events is append-only'; END $$",
            "CREATE TRIGGER security_events_no_update BEFORE UPDATE OR DELETE ON security_events \
             FOR EACH ROW EXECUTE FUNCTION security_events_append_only()",
        ],
        _ => &[
            "CREATE TRIGGER security_events_no_update BEFORE UPDATE ON security_events \
             BEGIN SELECT RAISE(ABORT, 'security_events is append-only'); END",
            "CREATE TRIGGER security_events_no_delete BEFORE DELETE ON security_events \
             BEGIN SELECT RAISE(ABORT, 'security_events is append-only'); END",
        ],
    };
    for statement in statements {
        manager
            .get_connection()
            .execute_unprepared(statement)
            .await?;
    }
    Ok(())
}
