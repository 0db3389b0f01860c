//! What travels between the browser and the server for agenda.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentDto {
    pub id: i32,
    pub client_id: i32,
    pub client: String,
    pub coach: Option<String>,
    pub title: String,
    pub location: Option<String>,
    /// Local `YYYY-MM-DDTHH:MM`, as a form field wants it.
    pub starts_at: String,
    pub ends_at: String,
    /// The local day it starts, `YYYY-MM-DD`.
    pub day: String,
    /// For reading: `2026-11-24 10:00–11:00`.
    pub when: String,
    /// The trajectory it is about, if any.
    pub trajectory_id: Option<i32>,
    pub locked: bool,
    pub can_edit: bool,
    pub can_delete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekDto {
    pub week_number: u32,
    /// Monday to Sunday, `YYYY-MM-DD`.
    pub days: Vec<String>,
    pub previous: String,
    pub next: String,
    pub appointments: Vec<AppointmentDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedDto {
    /// When the current feed address was made; None when there is none.
    pub active_since: Option<String>,
    /// The address, only in the answer that made it.
    pub url: Option<String>,
}

/// The appointment form as posted (`input[title]`, …), for booking and for changing; the
/// text as typed, the service checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppointmentForm {
    pub title: String,
    /// Local `YYYY-MM-DDTHH:MM`.
    pub starts_at: String,
    pub ends_at: String,
    pub location: String,
    /// A trajectory of the dossier, or empty.
    pub trajectory_id: String,
}
