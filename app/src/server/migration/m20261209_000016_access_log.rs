//! The dossiers' access log: every read and change of dossier content, append-only in the
//! database itself.

use sea_orm::DatabaseBackend;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AccessLog {
    Table,
    Id,
    OccurredAt,
    OrganizationId,
    ClientId,
    ActorId,
    ActorRole,
    Area,
    Action,
    ObjectId,
    Address,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use AccessLog as L;
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(
                        ColumnDef::new(L::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(L::OccurredAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(L::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(L::ClientId).integer().not_null())
                    .col(ColumnDef::new(L::ActorId).integer().not_null())
                    .col(ColumnDef::new(L::ActorRole).string().not_null())
                    .col(ColumnDef::new(L::Area).string().not_null())
                    .col(ColumnDef::new(L::Action).string().not_null())
                    .col(ColumnDef::new(L::ObjectId).integer().null())
                    .col(ColumnDef::new(L::Address).string().null())
                    .to_owned(),
            )
            .await?;
        // The client's page reads by dossier, the owner's search by organization; both
        // newest first.
        for (name, column) in [
            ("access_log_by_dossier", L::ClientId),
            ("access_log_by_organization", L::OrganizationId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(L::Table)
                        .col(column)
                        .col(L::Id)
                        .to_owned(),
                )
                .await?;
        }
        let statements: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Postgres => &[
                "CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$",
                "CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log \
                 FOR EACH ROW EXECUTE FUNCTION access_log_append_only()",
                "CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log \
                 FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()",
            ],
            _ => &[
                "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log \
                 BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
                "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log \
                 BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
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

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AccessLog::Table).to_owned())
            .await?;
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS access_log_append_only()")
                .await?;
        }
        Ok(())
    }
}
