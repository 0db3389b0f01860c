use sea_orm::entity::prelude::*;

use crate::model::time::Activity;

/// Minutes a coach spent on a client, on one day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "time_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub client_id: i32,
    pub trajectory_id: Option<i32>,
    pub coach_id: Option<i32>,
    pub entry_date: Date,
    pub minutes: i32,
    pub activity: Activity,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
