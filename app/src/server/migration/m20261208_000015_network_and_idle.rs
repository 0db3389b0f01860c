//! The organization's other two security settings: the networks its people may use Koers
//! from, and how long a session may sit unused.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Organizations {
    Table,
    AllowedNetworks,
    IdleMinutes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    // One network (CIDR) per line; None: from anywhere.
                    .add_column(ColumnDef::new(Organizations::AllowedNetworks).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    // None: the installation's default (KOERS_SESSION_IDLE_MINUTES).
                    .add_column(ColumnDef::new(Organizations::IdleMinutes).integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Organizations::AllowedNetworks, Organizations::IdleMinutes] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organizations::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
