//! What travels between the browser and the server for account.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileDto {
    pub name: String,
    pub email: String,
    /// `nl` or `en`.
    pub language: String,
    /// A new address waiting for its confirmation link to be opened.
    pub pending_email: Option<String>,
}

/// One of the person's signed-in sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    /// The browser's description of itself.
    pub device: String,
    pub signed_in: Option<String>,
    pub last_active: String,
    /// The session this list is shown in.
    pub current: bool,
}
