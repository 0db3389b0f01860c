use sea_orm::entity::prelude::*;

/// One version of an exercise: introduction and questions (JSON of `QuestionDto`s). A
/// version that has been given to a client is never changed; editing makes a new one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "exercise_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub exercise_id: i32,
    pub version: i32,
    #[sea_orm(column_type = "Text")]
    pub intro: String,
    #[sea_orm(column_type = "Text")]
    pub questions: String,
    /// Set when the version is first given to a client; from then on it never changes.
    pub frozen_at: Option<DateTimeUtc>,
    /// JSON of `ScoringDto`, when the exercise is scored.
    #[sea_orm(column_type = "Text", nullable)]
    pub scoring: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::exercise::Entity",
        from = "Column::ExerciseId",
        to = "super::exercise::Column::Id"
    )]
    Exercise,
}

impl Related<super::exercise::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Exercise.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
