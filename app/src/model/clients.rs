//! What travels between the browser and the server for clients.

use serde::{Deserialize, Serialize};

use crate::model::agenda::AppointmentDto;
use crate::model::assignments::AssignmentRow;
use crate::model::code::code;
use crate::model::trajectories::TrajectoryDto;

code! {
    /// What a line of a dossier's recent activity is about.
    pub enum TimelineKind {
        Report = "report",
        Appointment = "appointment",
        Time = "time",
        Document = "document",
        Trajectory = "trajectory",
    }
}

code! {
    /// The tabs of a dossier, one area each, in the order the page shows them. The tab is
    /// part of the address (`?tab=reports`), so a reload, a bookmark and the back button
    /// return to it, with or without JavaScript.
    pub enum DossierTab {
        Overview = "overview",
        Trajectories = "trajectories",
        Exercises = "exercises",
        Reports = "reports",
        Agenda = "agenda",
        Time = "time",
        Documents = "documents",
        Journal = "journal",
        Data = "data",
    }
}

impl DossierTab {
    /// The address of this tab of dossier `id`; the overview is the dossier's own address.
    pub fn path(self, id: i32) -> String {
        match self {
            DossierTab::Overview => format!("/clients/{id}"),
            tab => format!("/clients/{id}?tab={tab}"),
        }
    }
}

/// Something to pick from a list: a coach, a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub id: i32,
    pub name: String,
    pub email: Option<String>,
    /// The responsible coach's name.
    pub responsible: Option<String>,
    pub archived: bool,
}

/// One page of the clients list, and what its filters offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientsPage {
    pub rows: Vec<ClientRow>,
    /// Zero-based.
    pub page: u64,
    pub has_next: bool,
    pub coaches: Vec<Choice>,
    pub teams: Vec<Choice>,
    /// The viewer may download the organization's complete copy (an owner, until the
    /// subscription's last day).
    pub organization_copy: bool,
}

/// A dossier's ordinary data, and what the viewer may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierDto {
    pub id: i32,
    pub name: String,
    pub email: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    pub responsible_coach_id: Option<i32>,
    pub responsible: Option<String>,
    pub archived: bool,
    /// Processing is restricted at the client's request: nothing in the dossier changes.
    pub restricted: bool,
    /// The client can sign in to Koers.
    pub has_login: bool,
    /// An invitation to Koers is waiting for the client.
    pub invited: bool,
    /// Owners and the responsible coach decide who has access and archive the dossier.
    pub can_manage: bool,
    /// Owners may erase the client completely.
    pub can_erase: bool,
    /// Coaches and owners who could be responsible.
    pub coaches: Vec<Choice>,
    /// The organization's teams, for trajectories.
    pub teams: Vec<Choice>,
}

/// Who may open a dossier, and who could be given access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessDto {
    pub coaches: Vec<Choice>,
    pub teams: Vec<Choice>,
    pub other_coaches: Vec<Choice>,
    pub other_teams: Vec<Choice>,
    pub can_manage: bool,
}

/// One line of a dossier's recent activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItemDto {
    /// Local `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub kind: TimelineKind,
    pub title: String,
    pub who: Option<String>,
}

/// The dossier at a glance: what runs now, what comes next, what waits, what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewDto {
    /// The trajectories under way (active), with their goals.
    pub active: Vec<TrajectoryDto>,
    /// The first appointment that has not ended yet.
    pub next_appointment: Option<AppointmentDto>,
    /// Exercises given and not handed in yet, the soonest due first.
    pub open_exercises: Vec<AssignmentRow>,
    /// Exercises handed in and waiting for the coach's feedback.
    pub to_review: Vec<AssignmentRow>,
    /// The newest lines of the dossier's activity.
    pub recent: Vec<TimelineItemDto>,
}

/// The dossier form as posted (`input[name]`, …), the text as typed; the service checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientForm {
    pub name: String,
    pub email: String,
    /// `YYYY-MM-DD`, or empty.
    pub date_of_birth: String,
    pub address: String,
    pub phone: String,
    pub notes: String,
    /// A coach's user id, or empty.
    pub responsible_coach_id: String,
}
