//! What travels between the browser and the server for reports.

use serde::{Deserialize, Serialize};

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
    /// `author`, `coaches`, `team` or `client`; empty for the client.
    pub visibility: String,
    /// `author` or `coaches`; empty for the client.
    pub edit_rights: String,
    pub locked_at: Option<String>,
    pub can_edit: bool,
    pub can_amend: bool,
    pub amendments: Vec<AmendmentDto>,
}
