// A trajectory's form has many fields; server functions take them as arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::types::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalDto {
    pub id: i32,
    pub text: String,
    /// `open`, `working` or `achieved`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrajectoryDto {
    pub id: i32,
    pub title: String,
    /// `intake`, `active` or `closed`.
    pub status: String,
    pub coach_id: Option<i32>,
    pub coach: Option<String>,
    pub team_id: Option<i32>,
    pub team: Option<String>,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub notes: Option<String>,
    pub goals: Vec<GoalDto>,
}

#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::server::AppState, crate::server::auth::TenantContext), AppError>
{
    crate::server::auth::context::require_member(&[Role::Owner, Role::Coach]).await
}

/// The trajectories of a dossier, newest first.
#[server(endpoint = "trajectories/list")]
pub async fn dossier_trajectories(client_id: i32) -> Result<Vec<TrajectoryDto>, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::trajectories::list(&state.db, &tenant, client_id).await
}

/// Starts a trajectory (status intake); `goals` has one goal per line.
#[server(endpoint = "trajectories/create")]
pub async fn create_trajectory(
    client_id: i32,
    title: String,
    #[server(default)] coach_id: String,
    #[server(default)] team_id: String,
    #[server(default)] start_date: String,
    #[server(default)] goals: String,
    #[server(default)] notes: String,
) -> Result<i32, AppError> {
    use crate::server::service::trajectories::{create, TrajectoryInput};
    let (state, tenant) = staff().await?;
    let input = TrajectoryInput {
        title: &title,
        coach_id: &coach_id,
        team_id: &team_id,
        start_date: &start_date,
        notes: &notes,
    };
    create(
        &state.db,
        state.clock.now(),
        &tenant,
        client_id,
        &input,
        &goals,
    )
    .await
}

/// Moves a trajectory on: `active`, or `closed` with its end date.
#[server(endpoint = "trajectories/status")]
pub async fn set_trajectory_status(
    id: i32,
    status: String,
    #[server(default)] end_date: String,
) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::trajectories::set_status(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &status,
        &end_date,
    )
    .await
}

#[server(endpoint = "trajectories/goal_add")]
pub async fn add_goal(trajectory_id: i32, text: String) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::trajectories::add_goal(
        &state.db,
        state.clock.now(),
        &tenant,
        trajectory_id,
        &text,
    )
    .await
}

/// `status` is `open`, `working` or `achieved`.
#[server(endpoint = "trajectories/goal_status")]
pub async fn set_goal_status(id: i32, status: String) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::trajectories::set_goal_status(&state.db, &tenant, id, &status).await
}

/// The signed-in client's own active trajectories.
#[server(endpoint = "trajectories/mine")]
pub async fn my_trajectories() -> Result<Vec<TrajectoryDto>, AppError> {
    let (state, tenant) = crate::server::auth::context::require_member(&[Role::Client]).await?;
    crate::server::service::trajectories::mine(&state.db, &tenant).await
}
