//! The register of privacy requests (what a person asked, when, by when it must be
//! answered, and how it was), and a dossier's restriction of processing.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PrivacyRequests {
    Table,
    Id,
    OrganizationId,
    Kind,
    Person,
    ClientId,
    ReceivedOn,
    DueOn,
    LegalDueOn,
    Status,
    Answer,
    ClosedOn,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
    RestrictedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PrivacyRequests as R;
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
                    .col(ColumnDef::new(R::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(R::Kind).string().not_null())
                    .col(ColumnDef::new(R::Person).string().not_null())
                    .col(ColumnDef::new(R::ClientId).integer().null())
                    .col(ColumnDef::new(R::ReceivedOn).date().not_null())
                    .col(ColumnDef::new(R::DueOn).date().not_null())
                    .col(ColumnDef::new(R::LegalDueOn).date().not_null())
                    .col(ColumnDef::new(R::Status).string().not_null())
                    .col(ColumnDef::new(R::Answer).text().null())
                    .col(ColumnDef::new(R::ClosedOn).date().null())
                    .col(ColumnDef::new(R::CreatedBy).integer().null())
                    .col(
                        ColumnDef::new(R::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(R::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(R::Table, R::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // Erasing the dossier keeps the request: that it was answered must stay
                    // provable (art. 5(2)).
                    .foreign_key(
                        ForeignKey::create()
                            .from(R::Table, R::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(R::Table, R::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("privacy_requests_by_organization")
                    .table(R::Table)
                    .col(R::OrganizationId)
                    .col(R::Status)
                    .col(R::DueOn)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .add_column(
                        ColumnDef::new(Clients::RestrictedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .drop_column(Clients::RestrictedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(PrivacyRequests::Table).to_owned())
            .await
    }
}
