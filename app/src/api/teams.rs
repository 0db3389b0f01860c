use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{require_owner, require_staff};
use leptos::prelude::*;

pub use crate::model::teams::*;

#[server(endpoint = "teams/list")]
pub async fn list_teams() -> Result<TeamsDto, AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::teams::list(&state.db, &tenant).await
}

/// Returns the new team's id.
#[server(endpoint = "teams/create")]
pub async fn create_team(name: String) -> Result<i32, AppError> {
    let (state, tenant) = require_owner().await?;
    crate::server::service::teams::create(&state.db, &tenant, &name).await
}

#[server(endpoint = "teams/rename")]
pub async fn rename_team(id: i32, name: String) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    crate::server::service::teams::rename(&state.db, &tenant, id, &name).await
}

#[server(endpoint = "teams/delete")]
pub async fn delete_team(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    crate::server::service::teams::delete(&state.db, &tenant, id).await
}

#[server(endpoint = "teams/add")]
pub async fn add_team_member(team_id: i32, user_id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    crate::server::service::teams::add_member(&state.db, &tenant, team_id, user_id).await
}

#[server(endpoint = "teams/remove")]
pub async fn remove_team_member(team_id: i32, user_id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    crate::server::service::teams::remove_member(&state.db, &tenant, team_id, user_id).await
}
