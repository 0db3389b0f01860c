//! What travels between the browser and the server for time.

use serde::{Deserialize, Serialize};

use crate::model::code::code;

code! {
    /// The kinds of activity minutes are logged for, in the order the form offers them.
    pub enum Activity {
        Session = "session",
        Preparation = "preparation",
        Reporting = "reporting",
        Travel = "travel",
        Other = "other",
    }
}

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
    pub activity: Activity,
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

/// The time form as posted (`input[minutes]`, …), the text as typed; the service checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeForm {
    /// A trajectory of the dossier, or empty.
    pub trajectory_id: String,
    /// `YYYY-MM-DD`; empty for today.
    pub date: String,
    pub minutes: String,
    /// An [`Activity`] code.
    pub activity: String,
    pub note: String,
}
