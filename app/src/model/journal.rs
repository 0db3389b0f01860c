//! What travels between the browser and the server for journal.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentDto {
    pub author: Option<String>,
    /// Local `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntryDto {
    pub id: i32,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub body: String,
    pub shared: bool,
    pub comments: Vec<CommentDto>,
}
