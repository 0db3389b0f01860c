use sea_orm::entity::prelude::*;

/// A client's answer to one question of an assignment, with the coach's feedback on it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub assignment_id: i32,
    pub question_key: String,
    /// JSON array of strings.
    #[sea_orm(column_type = "Text")]
    pub value: String,
    /// The uploaded file of a file question.
    pub document_id: Option<i32>,
    /// The client's typing order; only a higher number replaces the value.
    pub seq: i64,
    pub saved_at: DateTimeUtc,
    #[sea_orm(column_type = "Text", nullable)]
    pub feedback: Option<String>,
    pub feedback_by: Option<i32>,
    pub feedback_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
