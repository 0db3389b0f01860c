use sea_orm::entity::prelude::*;
use sea_orm::sea_query::IntoCondition;

/// An exercise in an organization's library; its content lives in its versions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "exercises")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub title: String,
    /// The version new assignments get.
    pub current_version: i32,
    /// The number of the last question key handed out (`q<n>`), so keys are never reused.
    pub last_key: i32,
    pub created_by: Option<i32>,
    pub archived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::exercise_version::Entity")]
    Versions,
}

/// An exercise's current version (the one new assignments get), joined in the same query as
/// the exercise: `Entity::find().find_also_linked(CurrentVersion)`.
pub struct CurrentVersion;

impl Linked for CurrentVersion {
    type FromEntity = Entity;
    type ToEntity = super::exercise_version::Entity;

    fn link(&self) -> Vec<RelationDef> {
        vec![Relation::Versions.def().on_condition(|exercise, version| {
            Expr::col((version, super::exercise_version::Column::Version))
                .equals((exercise, Column::CurrentVersion))
                .into_condition()
        })]
    }
}

impl ActiveModelBehavior for ActiveModel {}
