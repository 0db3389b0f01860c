//! What travels between the browser and the server for teams.

use serde::{Deserialize, Serialize};

use crate::model::organizations::Licence;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonOption {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRow {
    pub id: i32,
    pub name: String,
    pub members: Vec<PersonOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsDto {
    pub teams: Vec<TeamRow>,
    /// Coaches and owners who can be added to a team.
    pub people: Vec<PersonOption>,
    pub used: i64,
    pub limit: i64,
    pub licence: Licence,
    /// Owners form teams; coaches only see them.
    pub can_manage: bool,
}
