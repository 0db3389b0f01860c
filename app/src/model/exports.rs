//! The practice's exports to Excel: the filters as the form sends them.

use serde::{Deserialize, Serialize};

use crate::model::code::code;

code! {
    /// Which dossiers an export holds: the ones in use, the archived ones, or both.
    pub enum ArchivedChoice {
        Active = "active",
        Archived = "archived",
        All = "all",
    }
}

/// The export form's fields, as text (a GET form, so they arrive in the address). Empty
/// means no filter; the service parses them and refuses what is not a date or a choice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub coach: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub archived: String,
}

impl ExportQuery {
    /// The query string that brings the same filters back (for the form after a refusal).
    pub fn to_query_string(&self) -> String {
        [
            ("from", &self.from),
            ("to", &self.to),
            ("coach", &self.coach),
            ("team", &self.team),
            ("archived", &self.archived),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("export_{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// How many dossiers an export reads per round: each round's reports, appointments and time
/// are written to the workbook's temporary files before the next is read.
pub const EXPORT_BATCH: usize = 250;
