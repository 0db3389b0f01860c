//! The exercise library: exercises and their versions. A version holds the introduction
//! and the questions (JSON); assignments will point at a version, so what a client was
//! given never changes under them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Exercises {
    Table,
    Id,
    OrganizationId,
    Title,
    CurrentVersion,
    LastKey,
    CreatedBy,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ExerciseVersions {
    Table,
    Id,
    ExerciseId,
    Version,
    Intro,
    Questions,
    FrozenAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Exercises as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(
                        ColumnDef::new(E::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(E::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(E::Title).string().not_null())
                    .col(ColumnDef::new(E::CurrentVersion).integer().not_null())
                    .col(ColumnDef::new(E::LastKey).integer().not_null().default(0))
                    .col(ColumnDef::new(E::CreatedBy).integer().null())
                    .col(
                        ColumnDef::new(E::ArchivedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(E::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(E::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(E::Table, E::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_exercises_organization_title")
                    .table(E::Table)
                    .col(E::OrganizationId)
                    .col(E::Title)
                    .to_owned(),
            )
            .await?;
        use ExerciseVersions as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(
                        ColumnDef::new(V::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(V::ExerciseId).integer().not_null())
                    .col(ColumnDef::new(V::Version).integer().not_null())
                    .col(ColumnDef::new(V::Intro).text().not_null())
                    .col(ColumnDef::new(V::Questions).text().not_null())
                    .col(
                        ColumnDef::new(V::FrozenAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(V::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(V::Table, V::ExerciseId)
                            .to(E::Table, E::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_exercise_versions_exercise_version")
                    .table(V::Table)
                    .col(V::ExerciseId)
                    .col(V::Version)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ExerciseVersions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Exercises::Table).to_owned())
            .await
    }
}
