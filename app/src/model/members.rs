//! What travels between the browser and the server for members.

use serde::{Deserialize, Serialize};

use crate::types::Role;

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
    pub licence: String,
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
