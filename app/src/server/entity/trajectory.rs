use sea_orm::entity::prelude::*;

use crate::model::trajectories::TrajectoryStatus;

/// A coaching programme for one client: goals, coach, optional team, dates, status.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "trajectories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub client_id: i32,
    pub title: String,
    pub coach_id: Option<i32>,
    pub team_id: Option<i32>,
    pub status: TrajectoryStatus,
    pub start_date: Option<Date>,
    /// Required once closed.
    pub end_date: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::trajectory_goal::Entity")]
    Goals,
}

impl Related<super::trajectory_goal::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Goals.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
