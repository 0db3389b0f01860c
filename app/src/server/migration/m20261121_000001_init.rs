//! Organizations, users, sessions, terms versions with consents, and sign-in failures.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    Name,
    Licence,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    OrganizationId,
    Role,
    Email,
    Name,
    PasswordHash,
    Status,
    Language,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    UserId,
    Data,
    ExpiresAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TermsVersions {
    Table,
    Id,
    Version,
    TermsNl,
    TermsEn,
    PrivacyNl,
    PrivacyEn,
    PublishedAt,
}

#[derive(DeriveIden)]
enum Consents {
    Table,
    Id,
    UserId,
    TermsVersionId,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum AuthFailures {
    Table,
    Id,
    Key,
    FailedAt,
}

fn id_column<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organizations::Table)
                    .col(id_column(Organizations::Id))
                    .col(ColumnDef::new(Organizations::Name).string().not_null())
                    .col(ColumnDef::new(Organizations::Licence).string().not_null())
                    .col(ColumnDef::new(Organizations::Status).string().not_null())
                    .col(timestamp(Organizations::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(id_column(Users::Id))
                    .col(ColumnDef::new(Users::OrganizationId).integer().null())
                    .col(ColumnDef::new(Users::Role).string().not_null())
                    .col(
                        ColumnDef::new(Users::Email)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Users::Name).string().not_null())
                    .col(ColumnDef::new(Users::PasswordHash).string().null())
                    .col(ColumnDef::new(Users::Status).string().not_null())
                    .col(ColumnDef::new(Users::Language).string().not_null())
                    .col(timestamp(Users::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_organization")
                    .table(Users::Table)
                    .col(Users::OrganizationId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(
                        ColumnDef::new(Sessions::IdHash)
                            .string()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Sessions::UserId).integer().null())
                    .col(ColumnDef::new(Sessions::Data).text().not_null())
                    .col(timestamp(Sessions::ExpiresAt))
                    .col(timestamp(Sessions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TermsVersions::Table)
                    .col(id_column(TermsVersions::Id))
                    .col(
                        ColumnDef::new(TermsVersions::Version)
                            .integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(TermsVersions::TermsNl).text().not_null())
                    .col(ColumnDef::new(TermsVersions::TermsEn).text().not_null())
                    .col(ColumnDef::new(TermsVersions::PrivacyNl).text().not_null())
                    .col(ColumnDef::new(TermsVersions::PrivacyEn).text().not_null())
                    .col(timestamp(TermsVersions::PublishedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Consents::Table)
                    .col(id_column(Consents::Id))
                    .col(ColumnDef::new(Consents::UserId).integer().not_null())
                    .col(
                        ColumnDef::new(Consents::TermsVersionId)
                            .integer()
                            .not_null(),
                    )
                    .col(timestamp(Consents::AcceptedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Consents::Table, Consents::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Consents::Table, Consents::TermsVersionId)
                            .to(TermsVersions::Table, TermsVersions::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_consents_user_version")
                    .table(Consents::Table)
                    .col(Consents::UserId)
                    .col(Consents::TermsVersionId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuthFailures::Table)
                    .col(id_column(AuthFailures::Id))
                    .col(ColumnDef::new(AuthFailures::Key).string().not_null())
                    .col(timestamp(AuthFailures::FailedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_auth_failures_key_time")
                    .table(AuthFailures::Table)
                    .col(AuthFailures::Key)
                    .col(AuthFailures::FailedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuthFailures::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Consents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(TermsVersions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Organizations::Table).to_owned())
            .await
    }
}
