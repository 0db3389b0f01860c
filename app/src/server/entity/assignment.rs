use sea_orm::entity::prelude::*;

use crate::model::assignments::AssignmentStatus;

/// An exercise given to a client within a trajectory. It points at the exercise version
/// that was given, which never changes afterwards.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub client_id: i32,
    pub trajectory_id: i32,
    pub exercise_id: i32,
    pub exercise_version_id: i32,
    pub assigned_by: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub message: Option<String>,
    pub due_date: Option<Date>,
    pub status: AssignmentStatus,
    pub started_at: Option<DateTimeUtc>,
    pub submitted_at: Option<DateTimeUtc>,
    /// The coach's overall feedback.
    #[sea_orm(column_type = "Text", nullable)]
    pub feedback: Option<String>,
    pub feedback_by: Option<i32>,
    pub feedback_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// JSON of the `ScoreDto`s computed at the last submit.
    #[sea_orm(column_type = "Text", nullable)]
    pub scores: Option<String>,
    /// The client may see their scores.
    pub show_results: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The version that was given: frozen, whatever the exercise became since.
    #[sea_orm(
        belongs_to = "super::exercise_version::Entity",
        from = "Column::ExerciseVersionId",
        to = "super::exercise_version::Column::Id"
    )]
    Version,
}

impl Related<super::exercise_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Version.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
