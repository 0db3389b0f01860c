//! What travels between the browser and the server for time.

use serde::{Deserialize, Serialize};

/// The kinds of activity minutes are logged for, in the order the form offers them.
pub const ACTIVITIES: [&str; 5] = ["session", "preparation", "reporting", "travel", "other"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Total {
    /// `2026-W47` or `2026-11`.
    pub period: String,
    pub minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeEntryDto {
    pub id: i32,
    pub date: String,
    pub minutes: i32,
    /// One of `session`, `preparation`, `reporting`, `travel`, `other`.
    pub activity: String,
    pub trajectory: Option<String>,
    pub coach: Option<String>,
    pub note: Option<String>,
    pub can_delete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierTimeDto {
    /// The latest 50.
    pub entries: Vec<TimeEntryDto>,
    pub weeks: Vec<Total>,
    pub months: Vec<Total>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonTotalsDto {
    pub id: i32,
    pub name: String,
    pub weeks: Vec<Total>,
    pub months: Vec<Total>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeOverviewDto {
    pub coaches: Vec<PersonTotalsDto>,
    pub clients: Vec<PersonTotalsDto>,
}
