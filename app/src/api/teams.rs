use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::types::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonOption {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRow {
    pub id: i32,
    pub name: String,
    pub members: Vec<PersonOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsDto {
    pub teams: Vec<TeamRow>,
    /// Coaches and owners who can be added to a team.
    pub people: Vec<PersonOption>,
    pub used: i64,
    pub limit: i64,
    pub licence: String,
    /// Owners form teams; coaches only see them.
    pub can_manage: bool,
}

#[cfg(feature = "ssr")]
async fn member(
    roles: &[Role],
) -> Result<(crate::server::AppState, crate::server::auth::TenantContext), AppError> {
    crate::server::auth::context::require_member(roles).await
}

#[server(endpoint = "teams/list")]
pub async fn list_teams() -> Result<TeamsDto, AppError> {
    let (state, tenant) = member(&[Role::Owner, Role::Coach]).await?;
    crate::server::service::teams::list(&state.db, &tenant).await
}

/// Returns the new team's id.
#[server(endpoint = "teams/create")]
pub async fn create_team(name: String) -> Result<i32, AppError> {
    let (state, tenant) = member(&[Role::Owner]).await?;
    crate::server::service::teams::create(&state.db, &tenant, &name).await
}

#[server(endpoint = "teams/rename")]
pub async fn rename_team(id: i32, name: String) -> Result<(), AppError> {
    let (state, tenant) = member(&[Role::Owner]).await?;
    crate::server::service::teams::rename(&state.db, &tenant, id, &name).await
}

#[server(endpoint = "teams/delete")]
pub async fn delete_team(id: i32) -> Result<(), AppError> {
    let (state, tenant) = member(&[Role::Owner]).await?;
    crate::server::service::teams::delete(&state.db, &tenant, id).await
}

#[server(endpoint = "teams/add")]
pub async fn add_team_member(team_id: i32, user_id: i32) -> Result<(), AppError> {
    let (state, tenant) = member(&[Role::Owner]).await?;
    crate::server::service::teams::add_member(&state.db, &tenant, team_id, user_id).await
}

#[server(endpoint = "teams/remove")]
pub async fn remove_team_member(team_id: i32, user_id: i32) -> Result<(), AppError> {
    let (state, tenant) = member(&[Role::Owner]).await?;
    crate::server::service::teams::remove_member(&state.db, &tenant, team_id, user_id).await
}
