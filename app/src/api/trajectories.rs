use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{open_dossier, open_own_dossier, require_staff};
use leptos::prelude::*;

pub use crate::model::trajectories::*;

/// The trajectories of a dossier, newest first.
#[server(endpoint = "trajectories/list")]
pub async fn dossier_trajectories(client_id: i32) -> Result<Vec<TrajectoryDto>, AppError> {
    let (state, _, dossier) = open_dossier(client_id).await?;
    crate::server::service::trajectories::list(&state.db, &dossier).await
}

/// Starts a trajectory (status intake); `goals` has one goal per line.
#[server(endpoint = "trajectories/create")]
pub async fn create_trajectory(
    client_id: i32,
    #[server(default)] input: TrajectoryForm,
) -> Result<i32, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::trajectories::create(
        &state.db,
        state.clock.now(),
        &tenant,
        &dossier,
        &input,
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
    let (state, tenant) = require_staff().await?;
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
    let (state, tenant) = require_staff().await?;
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
    let (state, tenant) = require_staff().await?;
    crate::server::service::trajectories::set_goal_status(&state.db, &tenant, id, &status).await
}

/// The signed-in client's own active trajectories.
#[server(endpoint = "trajectories/mine")]
pub async fn my_trajectories() -> Result<Vec<TrajectoryDto>, AppError> {
    let (state, _, own) = open_own_dossier().await?;
    crate::server::service::trajectories::mine(&state.db, own.as_ref()).await
}
