use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::types::Role;

/// The home of an owner or coach: their organization at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardDto {
    pub organization_name: String,
    pub licence: String,
    pub your_name: String,
    pub your_role: Role,
    pub owners: u64,
    pub coaches: u64,
    pub clients: u64,
}

#[server(endpoint = "dashboard/summary")]
pub async fn dashboard_summary() -> Result<DashboardDto, AppError> {
    use crate::server::auth::context::require_member;
    let (state, tenant) = require_member(&[Role::Owner, Role::Coach]).await?;
    crate::server::service::organization::dashboard(&state.db, &tenant).await
}
