//! Notices about journal entries: a client shared one, or a coach commented on it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Notices {
    Table,
    JournalEntryId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // No foreign key: SQLite cannot add one to an existing table. The journal service
        // removes an entry's notices when it removes the entry.
        manager
            .alter_table(
                Table::alter()
                    .table(Notices::Table)
                    .add_column(ColumnDef::new(Notices::JournalEntryId).integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Notices::Table)
                    .drop_column(Notices::JournalEntryId)
                    .to_owned(),
            )
            .await
    }
}
