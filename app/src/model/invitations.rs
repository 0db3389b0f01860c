//! What travels between the browser and the server for invitations.

use serde::{Deserialize, Serialize};

use crate::types::Role;

/// What the person following an invitation link sees before choosing a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub organization_name: String,
    pub name: String,
    pub email: String,
    pub role: Role,
}
