//! What travels between the browser and the server for dashboard.

use serde::{Deserialize, Serialize};

use crate::model::organizations::Licence;

use crate::types::Role;

/// The home of an owner or coach: their organization at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardDto {
    pub organization_name: String,
    pub licence: Licence,
    pub your_name: String,
    pub your_role: Role,
    pub owners: u64,
    pub coaches: u64,
    pub clients: u64,
    /// Open privacy requests past their two weeks; owners only (always 0 for coaches).
    pub overdue_requests: u64,
}
