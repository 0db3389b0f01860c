//! What travels between the browser and the server for reports.

use serde::{Deserialize, Serialize};

use crate::model::code::code;

code! {
    /// Who may read a report; each includes those before it.
    pub enum Visibility {
        /// Only the author.
        Author = "author",
        /// The client's own coaches (given access to the dossier personally).
        Coaches = "coaches",
        /// Everyone who may open the dossier (also through a team, and owners).
        Team = "team",
        /// Also the client.
        Client = "client",
    }
}

code! {
    /// Who may edit a report besides its author (editing needs reading too).
    pub enum EditRights {
        Author = "author",
        Coaches = "coaches",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentDto {
    pub author: Option<String>,
    /// Local date and time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDto {
    pub id: i32,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub author: Option<String>,
    pub trajectory_id: Option<i32>,
    pub trajectory: Option<String>,
    /// The Markdown source; empty for the client.
    pub body: String,
    /// Rendered, with raw HTML, links and images taken out.
    pub html: String,
    /// None for the client: who may read and edit is the coaches' business.
    pub visibility: Option<Visibility>,
    pub edit_rights: Option<EditRights>,
    pub locked_at: Option<String>,
    pub can_edit: bool,
    pub can_amend: bool,
    pub amendments: Vec<AmendmentDto>,
}

/// The report form as posted (`input[date]`, …), the text as typed; the service checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    /// A trajectory of the dossier, or empty.
    pub trajectory_id: String,
    /// `YYYY-MM-DD`; empty for today.
    pub date: String,
    pub body: String,
    /// A [`Visibility`] code.
    pub visibility: String,
    /// An [`EditRights`] code.
    pub edit_rights: String,
}
