//! Exercises given to clients: the coach assigns them from a trajectory, the client answers
//! (saved as they type), submits, and the coach gives feedback or reopens. Clients' answers
//! are special-category data: only the client and the coaches with access to the dossier
//! reach them.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{open_dossier, open_own_dossier, require_client, require_staff};
use leptos::prelude::*;

pub use crate::model::assignments::*;

#[cfg(feature = "ssr")]
use crate::types::Role;

/// Gives an exercise (its current version, which is frozen from then on) to the client of
/// a dossier, within one of its trajectories.
#[server(endpoint = "assignments/assign")]
pub async fn assign_exercise(
    client_id: i32,
    #[server(default)] input: AssignForm,
) -> Result<i32, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::assignments::assign(
        &state.db,
        state.clock.now(),
        &tenant,
        &dossier,
        &input,
    )
    .await
}

/// The exercises that can be given in this dossier: the organization's library.
#[server(endpoint = "assignments/choices")]
pub async fn exercises_to_give(
    client_id: i32,
) -> Result<Vec<crate::model::exercises::ExerciseRow>, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::assignments::choices(&state.db, &tenant, &dossier).await
}

#[server(endpoint = "assignments/dossier")]
pub async fn dossier_assignments(client_id: i32) -> Result<Vec<AssignmentRow>, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::assignments::for_dossier(&state.db, &tenant, &dossier).await
}

/// One assignment with its answers, for the coach's review.
#[server(endpoint = "assignments/get")]
pub async fn assignment(id: i32) -> Result<AssignmentDto, AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::assignments::view(&state.db, &tenant, id).await
}

/// Feedback on one answer (`key`), or on the whole exercise when `key` is empty. Empty
/// text removes it.
#[server(endpoint = "assignments/feedback")]
pub async fn give_feedback(
    id: i32,
    #[server(default)] key: String,
    #[server(default)] feedback: String,
) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::assignments::feedback(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &key,
        &feedback,
    )
    .await
}

/// Opens a submitted exercise again for the client to change.
#[server(endpoint = "assignments/reopen")]
pub async fn reopen_assignment(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::assignments::reopen(&state.db, state.clock.now(), &tenant, id).await
}

/// Whether the client sees the scores of a scored exercise.
#[server(endpoint = "assignments/show_results")]
pub async fn show_results(id: i32, show: bool) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::assignments::set_show_results(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        show,
    )
    .await
}

/// The client's results of scored exercises over time, for the dossier.
#[server(endpoint = "assignments/results")]
pub async fn dossier_results(client_id: i32) -> Result<Vec<ResultsDto>, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::assignments::results(&state.db, &tenant, &dossier).await
}

/// The client's own results, of the exercises whose scores the coach shows.
#[server(endpoint = "my/results")]
pub async fn my_results() -> Result<Vec<ResultsDto>, AppError> {
    let (state, tenant, own) = open_own_dossier().await?;
    crate::server::service::assignments::my_results(&state.db, &tenant, own.as_ref()).await
}

/// Takes back an assignment the client has not started.
#[server(endpoint = "assignments/withdraw")]
pub async fn withdraw_assignment(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::assignments::withdraw(&state.db, &tenant, id).await
}

/// The client's exercises, newest first.
#[server(endpoint = "my/assignments")]
pub async fn my_assignments() -> Result<Vec<AssignmentRow>, AppError> {
    let (state, tenant, own) = open_own_dossier().await?;
    crate::server::service::assignments::mine(&state.db, &tenant, own.as_ref()).await
}

#[server(endpoint = "my/assignment")]
pub async fn my_assignment(id: i32) -> Result<AssignmentDto, AppError> {
    let (state, tenant) = require_client().await?;
    crate::server::service::assignments::view(&state.db, &tenant, id).await
}

/// The stored answers, for a tab that wants to know what other tabs saved.
#[server(endpoint = "my/answers")]
pub async fn my_answers(id: i32) -> Result<Vec<AnswerDto>, AppError> {
    let (state, tenant) = require_client().await?;
    crate::server::service::assignments::answers(&state.db, &tenant, id).await
}

/// Saves one answer as the client types. `values` is a JSON array of strings; `seq` is the
/// client's typing order, so a save that arrives late or twice changes nothing.
#[server(endpoint = "my/save_answer")]
pub async fn save_answer(
    id: i32,
    key: String,
    values: String,
    seq: i64,
) -> Result<SaveOutcome, AppError> {
    let (state, tenant) = require_client().await?;
    let values: Vec<String> = serde_json::from_str(&values)
        .map_err(|_| AppError::field(&key, crate::error::FieldProblem::AnswerInvalid))?;
    crate::server::service::assignments::save(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &key,
        values,
        seq,
    )
    .await
}

/// The latest notices for the signed-in member.
#[server(endpoint = "notices/list")]
pub async fn notices() -> Result<Vec<NoticeDto>, AppError> {
    let (state, tenant) =
        crate::server::auth::context::require_member(&[Role::Owner, Role::Coach, Role::Client])
            .await?;
    let own = match tenant.role {
        Role::Client => open_own_dossier().await?.2,
        _ => None,
    };
    crate::server::service::notices::list(&state.db, &tenant, own.as_ref()).await
}

/// Follows a notice: it is read from now on, and the browser goes where it leads.
#[server(endpoint = "notices/open")]
pub async fn open_notice(id: i32) -> Result<(), AppError> {
    let (state, tenant) =
        crate::server::auth::context::require_member(&[Role::Owner, Role::Coach, Role::Client])
            .await?;
    let link =
        crate::server::service::notices::open(&state.db, state.clock.now(), &tenant, id).await?;
    leptos_axum::redirect(&link);
    Ok(())
}

/// Marks all of the member's notices read.
#[server(endpoint = "notices/read_all")]
pub async fn read_all_notices() -> Result<(), AppError> {
    let (state, tenant) =
        crate::server::auth::context::require_member(&[Role::Owner, Role::Coach, Role::Client])
            .await?;
    crate::server::service::notices::read_all(&state.db, state.clock.now(), &tenant).await
}
