//! Each organization's data keys, wrapped by the installation's master key (which lives in
//! the configuration, never here): without the master key these rows decrypt nothing.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum OrganizationKeys {
    Table,
    Id,
    OrganizationId,
    Version,
    MasterVersion,
    Wrapped,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use OrganizationKeys as K;
        manager
            .create_table(
                Table::create()
                    .table(K::Table)
                    .col(
                        ColumnDef::new(K::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(K::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(K::Version).integer().not_null())
                    .col(ColumnDef::new(K::MasterVersion).integer().not_null())
                    .col(ColumnDef::new(K::Wrapped).string().not_null())
                    .col(
                        ColumnDef::new(K::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(K::Table, K::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Two processes making an organization's first key at once: one of them wins.
        manager
            .create_index(
                Index::create()
                    .name("organization_keys_version")
                    .table(K::Table)
                    .col(K::OrganizationId)
                    .col(K::Version)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrganizationKeys::Table).to_owned())
            .await
    }
}
