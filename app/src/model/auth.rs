//! What travels between the browser and the server for auth.

use serde::{Deserialize, Serialize};

use crate::types::Role;

/// The signed-in user as the interface needs them: for the header, navigation and redirects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub name: String,
    pub role: Role,
    pub organization_name: Option<String>,
    pub consent_current: bool,
    /// The organization's demo ended: the interface says so and offers no changes.
    pub read_only: bool,
    /// For demos: the last day of the demo period.
    pub demo_ends_on: Option<String>,
    /// After this many minutes without a request the session ends; the browser warns a
    /// minute before.
    pub idle_minutes: i64,
}
