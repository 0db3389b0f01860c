//! Exercises given to clients: assignments (pointing at the exercise version that was
//! given), the client's answers per question, and in-app notices.

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
enum Trajectories {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Exercises {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum ExerciseVersions {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Documents {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Assignments {
    Table,
    Id,
    OrganizationId,
    ClientId,
    TrajectoryId,
    ExerciseId,
    ExerciseVersionId,
    AssignedBy,
    Message,
    DueDate,
    Status,
    StartedAt,
    SubmittedAt,
    Feedback,
    FeedbackBy,
    FeedbackAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Answers {
    Table,
    Id,
    AssignmentId,
    QuestionKey,
    Value,
    DocumentId,
    Seq,
    SavedAt,
    Feedback,
    FeedbackBy,
    FeedbackAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notices {
    Table,
    Id,
    OrganizationId,
    UserId,
    Kind,
    AssignmentId,
    CreatedAt,
    ReadAt,
}

fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn at<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Assignments as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(id(A::Id))
                    .col(ColumnDef::new(A::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(A::ClientId).integer().not_null())
                    .col(ColumnDef::new(A::TrajectoryId).integer().not_null())
                    .col(ColumnDef::new(A::ExerciseId).integer().not_null())
                    .col(ColumnDef::new(A::ExerciseVersionId).integer().not_null())
                    .col(ColumnDef::new(A::AssignedBy).integer().null())
                    .col(ColumnDef::new(A::Message).text().null())
                    .col(ColumnDef::new(A::DueDate).date().null())
                    .col(ColumnDef::new(A::Status).string().not_null())
                    .col(at(A::StartedAt).null())
                    .col(at(A::SubmittedAt).null())
                    .col(ColumnDef::new(A::Feedback).text().null())
                    .col(ColumnDef::new(A::FeedbackBy).integer().null())
                    .col(at(A::FeedbackAt).null())
                    .col(at(A::CreatedAt).not_null())
                    .col(at(A::UpdatedAt).not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::TrajectoryId)
                            .to(Trajectories::Table, Trajectories::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::ExerciseId)
                            .to(Exercises::Table, Exercises::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::ExerciseVersionId)
                            .to(ExerciseVersions::Table, ExerciseVersions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::AssignedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(A::Table, A::FeedbackBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_assignments_client")
                    .table(A::Table)
                    .col(A::ClientId)
                    .col(A::CreatedAt)
                    .to_owned(),
            )
            .await?;

        use Answers as N;
        manager
            .create_table(
                Table::create()
                    .table(N::Table)
                    .col(id(N::Id))
                    .col(ColumnDef::new(N::AssignmentId).integer().not_null())
                    .col(ColumnDef::new(N::QuestionKey).string().not_null())
                    // A JSON array of strings: one for text, date, scale and single choice;
                    // any number for multiple choice and checklists.
                    .col(ColumnDef::new(N::Value).text().not_null())
                    .col(ColumnDef::new(N::DocumentId).integer().null())
                    // The client's order of typing: a save with a lower number than the
                    // stored one is stale and changes nothing.
                    .col(ColumnDef::new(N::Seq).big_integer().not_null())
                    .col(at(N::SavedAt).not_null())
                    .col(ColumnDef::new(N::Feedback).text().null())
                    .col(ColumnDef::new(N::FeedbackBy).integer().null())
                    .col(at(N::FeedbackAt).null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(N::Table, N::AssignmentId)
                            .to(A::Table, A::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(N::Table, N::DocumentId)
                            .to(Documents::Table, Documents::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(N::Table, N::FeedbackBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_answers_assignment_question")
                    .table(N::Table)
                    .col(N::AssignmentId)
                    .col(N::QuestionKey)
                    .unique()
                    .to_owned(),
            )
            .await?;

        use Notices as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(id(T::Id))
                    .col(ColumnDef::new(T::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(T::UserId).integer().not_null())
                    .col(ColumnDef::new(T::Kind).string().not_null())
                    .col(ColumnDef::new(T::AssignmentId).integer().null())
                    .col(at(T::CreatedAt).not_null())
                    .col(at(T::ReadAt).null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(T::Table, T::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(T::Table, T::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(T::Table, T::AssignmentId)
                            .to(A::Table, A::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notices_user")
                    .table(T::Table)
                    .col(T::UserId)
                    .col(T::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notices::Table.into_iden(),
            Answers::Table.into_iden(),
            Assignments::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
