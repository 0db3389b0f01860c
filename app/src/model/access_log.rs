//! The access log of dossiers: who read or changed what of a client's dossier, when and from
//! where. The client reads it about their own dossier ("Wie heeft mijn dossier ingezien"),
//! owners search their organization's, coaches see the dossiers they manage.

use serde::{Deserialize, Serialize};

use crate::model::clients::Choice;
use crate::model::code::code;
use crate::types::Role;

/// How many entries a log page shows, newest first; the CSV download holds the rest.
pub const ENTRIES_SHOWN: u64 = 200;
/// The most entries one CSV download holds: a year of a busy practice.
pub const CSV_MAX_ENTRIES: u64 = 200_000;

code! {
    /// Which part of the dossier.
    pub enum LogArea {
        Data = "data",
        Overview = "overview",
        Access = "access",
        Trajectories = "trajectories",
        Exercises = "exercises",
        Reports = "reports",
        Agenda = "agenda",
        Time = "time",
        Documents = "documents",
        Journal = "journal",
    }
}

code! {
    /// What was done with it.
    pub enum LogAction {
        Read = "read",
        Create = "create",
        Change = "change",
        Delete = "delete",
        Download = "download",
        Export = "export",
    }
}

impl LogAction {
    /// Whether the dossier's content changes: a read, a download or an export does not.
    pub fn changes(self) -> bool {
        match self {
            LogAction::Create | LogAction::Change | LogAction::Delete => true,
            LogAction::Read | LogAction::Download | LogAction::Export => false,
        }
    }
}

/// One entry as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogRow {
    /// When, in words in the reader's language (Dutch time).
    pub at: String,
    /// Who: their name, or None when their account no longer exists.
    pub who: Option<String>,
    pub role: Role,
    pub area: LogArea,
    pub action: LogAction,
    /// Which item of the area (a report, a document), when it was one item.
    pub object: Option<i32>,
    /// Whose dossier; on the client's own page always theirs, so None there.
    pub dossier: Option<Choice>,
    /// The address it came from; only for the organization's owners and coaches.
    pub address: Option<String>,
}

/// The filters of the organization's log, as the search form sends them (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogQuery {
    #[serde(default)]
    pub person: Option<i32>,
    #[serde(default)]
    pub dossier: Option<i32>,
    /// First day, `YYYY-MM-DD`.
    #[serde(default)]
    pub from: String,
    /// Last day, `YYYY-MM-DD`, included.
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub area: String,
}

impl AccessLogQuery {
    /// The query string of these filters, for the CSV link and the page's own address.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(person) = self.person {
            parts.push(format!("person={person}"));
        }
        if let Some(dossier) = self.dossier {
            parts.push(format!("dossier={dossier}"));
        }
        for (key, value) in [("from", &self.from), ("to", &self.to), ("area", &self.area)] {
            // Dates and area codes hold no characters that need escaping; anything else is
            // dropped rather than passed on.
            if !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                parts.push(format!("{key}={value}"));
            }
        }
        parts.join("&")
    }
}

/// The organization's log (owners), or that of the dossiers a coach manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogPage {
    pub rows: Vec<AccessLogRow>,
    /// More entries match than the page shows: the CSV has them all.
    pub more: bool,
    /// Who can appear, for the filter.
    pub people: Vec<Choice>,
    /// The dossiers the reader may search, for the filter.
    pub dossiers: Vec<Choice>,
}
