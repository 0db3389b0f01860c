//! What travels between the browser and the server for trajectories.

use serde::{Deserialize, Serialize};

use crate::model::code::code;

code! {
    /// Where a trajectory stands: intake → active → closed (or straight from intake to closed).
    pub enum TrajectoryStatus {
        Intake = "intake",
        Active = "active",
        Closed = "closed",
    }
}

impl TrajectoryStatus {
    /// Whether a trajectory in this status may move to `next`.
    pub fn may_become(self, next: TrajectoryStatus) -> bool {
        use TrajectoryStatus::*;
        match (self, next) {
            (Intake, Active) | (Intake, Closed) | (Active, Closed) => true,
            (Intake, Intake) | (Active, Intake) | (Active, Active) | (Closed, _) => false,
        }
    }
}

code! {
    /// How far a goal of a trajectory is: open → working → achieved.
    pub enum GoalStatus {
        Open = "open",
        Working = "working",
        Achieved = "achieved",
    }
}

impl GoalStatus {
    /// The status a goal is marked with next, if any.
    pub fn next(self) -> Option<GoalStatus> {
        match self {
            GoalStatus::Open => Some(GoalStatus::Working),
            GoalStatus::Working => Some(GoalStatus::Achieved),
            GoalStatus::Achieved => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalDto {
    pub id: i32,
    pub text: String,
    pub status: GoalStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrajectoryDto {
    pub id: i32,
    pub title: String,
    pub status: TrajectoryStatus,
    pub coach_id: Option<i32>,
    pub coach: Option<String>,
    pub team_id: Option<i32>,
    pub team: Option<String>,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub notes: Option<String>,
    pub goals: Vec<GoalDto>,
}

/// The form that starts a trajectory, as posted (`input[title]`, …); the service checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrajectoryForm {
    pub title: String,
    /// A user id, or empty for the caller.
    pub coach_id: String,
    /// A team id, or empty.
    pub team_id: String,
    /// `YYYY-MM-DD`, or empty.
    pub start_date: String,
    /// One goal per line.
    pub goals: String,
    pub notes: String,
}
