//! What travels between the browser and the server for members.

use serde::{Deserialize, Serialize};

use crate::model::code::code;
use crate::model::organizations::Licence;
use crate::types::Role;

code! {
    /// Whether a person can sign in. An archived client's coaching ended: their dossier stays,
    /// their login does not work and takes no seat.
    pub enum UserStatus {
        Active = "active",
        Suspended = "suspended",
        Archived = "archived",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub suspended: bool,
    /// A client whose coaching ended; takes no seat.
    pub archived: bool,
    pub is_you: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub expired: bool,
    pub expires_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatsDto {
    pub licence: Licence,
    pub coaches_used: i64,
    pub coaches_limit: i64,
    pub clients_used: i64,
    pub clients_limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersDto {
    pub members: Vec<MemberRow>,
    pub invitations: Vec<InvitationRow>,
    pub seats: SeatsDto,
}
