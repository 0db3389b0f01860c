//! What travels between the browser and the server for trajectories.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalDto {
    pub id: i32,
    pub text: String,
    /// `open`, `working` or `achieved`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrajectoryDto {
    pub id: i32,
    pub title: String,
    /// `intake`, `active` or `closed`.
    pub status: String,
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
