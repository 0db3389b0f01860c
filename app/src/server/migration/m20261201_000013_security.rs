//! A second line of defence for ended sessions (each user's "sessions valid after" time),
//! and demo sign-ups that wait for their e-mail address to be confirmed.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    SessionsValidAfter,
}

#[derive(DeriveIden, Clone, Copy)]
enum SignupRequests {
    Table,
    Id,
    TokenHash,
    Email,
    Name,
    OrganizationName,
    PasswordHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::SessionsValidAfter)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        use SignupRequests as S;
        let text = |col: S| ColumnDef::new(col).string().not_null().to_owned();
        let moment = |col: S| ColumnDef::new(col).timestamp_with_time_zone().to_owned();
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(
                        ColumnDef::new(S::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(text(S::TokenHash).unique_key().to_owned())
                    .col(text(S::Email))
                    .col(text(S::Name))
                    .col(text(S::OrganizationName))
                    .col(text(S::PasswordHash))
                    .col(moment(S::ExpiresAt).not_null().to_owned())
                    .col(moment(S::UsedAt).null().to_owned())
                    .col(moment(S::CreatedAt).not_null().to_owned())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SignupRequests::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::SessionsValidAfter)
                    .to_owned(),
            )
            .await
    }
}
