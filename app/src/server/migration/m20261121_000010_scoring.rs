//! Scored assessments: how a version is scored, what a submission scored, and whether the
//! client may see their results.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ExerciseVersions {
    Table,
    Scoring,
}

#[derive(DeriveIden, Clone, Copy)]
enum Assignments {
    Table,
    Scores,
    ShowResults,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(ExerciseVersions::Table)
                    .add_column(ColumnDef::new(ExerciseVersions::Scoring).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assignments::Table)
                    .add_column(ColumnDef::new(Assignments::Scores).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Assignments::Table)
                    .add_column(
                        ColumnDef::new(Assignments::ShowResults)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (
                Assignments::Table.into_iden(),
                Assignments::ShowResults.into_iden(),
            ),
            (
                Assignments::Table.into_iden(),
                Assignments::Scores.into_iden(),
            ),
            (
                ExerciseVersions::Table.into_iden(),
                ExerciseVersions::Scoring.into_iden(),
            ),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
