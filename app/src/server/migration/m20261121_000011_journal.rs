//! The client's journal: dated entries, private until the client shares one with their
//! coaches, who may then comment on it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Clients {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum JournalEntries {
    Table,
    Id,
    OrganizationId,
    ClientId,
    EntryDate,
    Body,
    SharedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum JournalComments {
    Table,
    Id,
    EntryId,
    AuthorId,
    Body,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use JournalEntries as J;
        manager
            .create_table(
                Table::create()
                    .table(J::Table)
                    .col(
                        ColumnDef::new(J::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(J::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(J::ClientId).integer().not_null())
                    .col(ColumnDef::new(J::EntryDate).date().not_null())
                    .col(ColumnDef::new(J::Body).text().not_null())
                    .col(
                        ColumnDef::new(J::SharedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(J::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(J::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(J::Table, J::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(J::Table, J::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_journal_entries_client_date")
                    .table(J::Table)
                    .col(J::ClientId)
                    .col(J::EntryDate)
                    .to_owned(),
            )
            .await?;
        use JournalComments as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(
                        ColumnDef::new(C::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(C::EntryId).integer().not_null())
                    .col(ColumnDef::new(C::AuthorId).integer().null())
                    .col(ColumnDef::new(C::Body).text().not_null())
                    .col(
                        ColumnDef::new(C::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::EntryId)
                            .to(J::Table, J::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(C::Table, C::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_journal_comments_entry")
                    .table(C::Table)
                    .col(C::EntryId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(JournalComments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(JournalEntries::Table).to_owned())
            .await
    }
}
