use sea_orm::entity::prelude::*;

use crate::model::trajectories::GoalStatus;

/// One goal of a trajectory, in the order the coach wrote them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "trajectory_goals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub trajectory_id: i32,
    pub position: i32,
    pub text: String,
    pub status: GoalStatus,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::trajectory::Entity",
        from = "Column::TrajectoryId",
        to = "super::trajectory::Column::Id"
    )]
    Trajectory,
}

impl Related<super::trajectory::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Trajectory.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
