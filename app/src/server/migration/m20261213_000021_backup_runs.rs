//! The scheduled backups' record: one row per day, claimed by the first server process to
//! reach the backup time (the unique day is the claim), then marked done or failed, so that
//! several processes make one backup a day and the operator sees every failure.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BackupRuns {
    Table,
    Id,
    Day,
    Status,
    StartedAt,
    FinishedAt,
    Archive,
    Bytes,
    Error,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BackupRuns::Table)
                    .col(
                        ColumnDef::new(BackupRuns::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(BackupRuns::Day)
                            .date()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(BackupRuns::Status).string().not_null())
                    .col(
                        ColumnDef::new(BackupRuns::StartedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(BackupRuns::FinishedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(BackupRuns::Archive).string().null())
                    .col(ColumnDef::new(BackupRuns::Bytes).big_integer().null())
                    .col(ColumnDef::new(BackupRuns::Error).string().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BackupRuns::Table).to_owned())
            .await
    }
}
