//! Trajectories (coaching programmes) of a dossier, with their goals.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Trajectories {
    Table,
    Id,
    OrganizationId,
    ClientId,
    Title,
    CoachId,
    TeamId,
    Status,
    StartDate,
    EndDate,
    Notes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TrajectoryGoals {
    Table,
    Id,
    TrajectoryId,
    Position,
    Text,
    Status,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Trajectories::Table)
                    .col(
                        ColumnDef::new(Trajectories::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Trajectories::OrganizationId)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Trajectories::ClientId).integer().not_null())
                    .col(ColumnDef::new(Trajectories::Title).string().not_null())
                    .col(ColumnDef::new(Trajectories::CoachId).integer().null())
                    .col(ColumnDef::new(Trajectories::TeamId).integer().null())
                    .col(ColumnDef::new(Trajectories::Status).string().not_null())
                    .col(ColumnDef::new(Trajectories::StartDate).date().null())
                    .col(ColumnDef::new(Trajectories::EndDate).date().null())
                    .col(ColumnDef::new(Trajectories::Notes).text().null())
                    .col(
                        ColumnDef::new(Trajectories::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Trajectories::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Trajectories::Table, Trajectories::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Trajectories::Table, Trajectories::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Trajectories::Table, Trajectories::CoachId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Trajectories::Table, Trajectories::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // A dossier's trajectories, and the list's filter by trajectory status.
        manager
            .create_index(
                Index::create()
                    .name("idx_trajectories_client_status")
                    .table(Trajectories::Table)
                    .col(Trajectories::ClientId)
                    .col(Trajectories::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrajectoryGoals::Table)
                    .col(
                        ColumnDef::new(TrajectoryGoals::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(TrajectoryGoals::TrajectoryId)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(TrajectoryGoals::Position)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(TrajectoryGoals::Text).string().not_null())
                    .col(ColumnDef::new(TrajectoryGoals::Status).string().not_null())
                    .col(
                        ColumnDef::new(TrajectoryGoals::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TrajectoryGoals::Table, TrajectoryGoals::TrajectoryId)
                            .to(Trajectories::Table, Trajectories::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_trajectory_goals_trajectory")
                    .table(TrajectoryGoals::Table)
                    .col(TrajectoryGoals::TrajectoryId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TrajectoryGoals::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Trajectories::Table).to_owned())
            .await
    }
}
