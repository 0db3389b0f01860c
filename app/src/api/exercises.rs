//! The exercise library: coaches build exercises from an introduction and typed
//! questions, preview them as the client will see them, duplicate and archive them.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::require_staff;
use leptos::prelude::*;

pub use crate::model::exercises::*;

#[server(endpoint = "exercises/list")]
pub async fn list_exercises(
    #[server(default)] archived: bool,
) -> Result<Vec<ExerciseRow>, AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::list(&state.db, &tenant, archived).await
}

#[server(endpoint = "exercises/get")]
pub async fn exercise(id: i32) -> Result<ExerciseDto, AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::get(&state.db, &tenant, id).await
}

#[server(endpoint = "exercises/create")]
pub async fn create_exercise(
    #[server(default)] title: String,
    #[server(default)] intro: String,
) -> Result<i32, AppError> {
    let (state, tenant) = require_staff().await?;
    let id = crate::server::service::exercises::create(
        &state.db,
        state.clock.now(),
        &tenant,
        &title,
        &intro,
    )
    .await?;
    // Straight into the builder, with or without JavaScript.
    leptos_axum::redirect(&format!("/exercises/{id}"));
    Ok(id)
}

#[server(endpoint = "exercises/update")]
pub async fn update_exercise(
    id: i32,
    #[server(default)] title: String,
    #[server(default)] intro: String,
) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::update(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &title,
        &intro,
    )
    .await
}

#[server(endpoint = "exercises/add_question")]
pub async fn add_question(
    id: i32,
    #[server(default)] kind: String,
    #[server(default)] prompt: String,
) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::add_question(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &kind,
        &prompt,
    )
    .await
}

/// `options` has one choice per line; the scale fields matter for scales only.
#[server(endpoint = "exercises/update_question")]
pub async fn update_question(
    id: i32,
    key: String,
    #[server(default)] input: QuestionForm,
) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::update_question(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &key,
        &input,
    )
    .await
}

/// `direction` is `up` or `down`.
#[server(endpoint = "exercises/move_question")]
pub async fn move_question(id: i32, key: String, direction: String) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::move_question(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &key,
        direction == "up",
    )
    .await
}

#[server(endpoint = "exercises/remove_question")]
pub async fn remove_question(id: i32, key: String) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::remove_question(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &key,
    )
    .await
}

/// A copy in the library, titled "… (kopie)"; returns its id.
#[server(endpoint = "exercises/duplicate")]
pub async fn duplicate_exercise(id: i32) -> Result<i32, AppError> {
    let (state, tenant) = require_staff().await?;
    let copy =
        crate::server::service::exercises::duplicate(&state.db, state.clock.now(), &tenant, id)
            .await?;
    leptos_axum::redirect(&format!("/exercises/{copy}"));
    Ok(copy)
}

#[server(endpoint = "exercises/archive")]
pub async fn archive_exercise(id: i32, archive: bool) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::set_archived(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        archive,
    )
    .await
}

/// Adds a scale to score the exercise by.
#[server(endpoint = "exercises/add_scale")]
pub async fn add_scale(id: i32, #[server(default)] scale_name: String) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::add_scale(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &scale_name,
    )
    .await
}

/// `weights[q3]=2` puts scale question q3 in the scale with weight 2 (empty or 0 leaves it
/// out); `reverse[q3]=yes` scores it from the other end. `bands` has one per line.
#[server(endpoint = "exercises/update_scale")]
pub async fn update_scale(
    id: i32,
    scale: String,
    #[server(default)] name: String,
    #[server(default)] weights: std::collections::BTreeMap<String, String>,
    #[server(default)] reverse: std::collections::BTreeMap<String, String>,
    #[server(default)] bands: String,
) -> Result<(), AppError> {
    use crate::server::service::exercises::{update_scale, ScaleInput};
    let (state, tenant) = require_staff().await?;
    let input = ScaleInput {
        name: &name,
        weights: &weights,
        reverse: &reverse,
        bands: &bands,
    };
    update_scale(&state.db, state.clock.now(), &tenant, id, &scale, &input).await
}

#[server(endpoint = "exercises/remove_scale")]
pub async fn remove_scale(id: i32, scale: String) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::exercises::remove_scale(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &scale,
    )
    .await
}
