//! The person's rights, for the organization's owners: the register of privacy requests,
//! erasing a client, and the retention period with what is past it. (A client's export is a
//! file route: `api/files.rs`.)

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{require_actor, require_owner};
#[cfg(feature = "ssr")]
use crate::server::service::privacy::{erasure, requests, retention};
use leptos::prelude::*;

pub use crate::model::privacy::*;

/// The register, open requests first.
#[server(endpoint = "privacy/requests")]
pub async fn privacy_requests() -> Result<RequestsPage, AppError> {
    let (state, actor) = require_actor().await?;
    let tenant = actor.tenant(&[crate::types::Role::Owner])?;
    requests::list(&state.db, state.clock.now(), &tenant, &actor.language).await
}

/// Writes a request down. Without JavaScript the register opens again, saying so.
#[server(endpoint = "privacy/request_create")]
pub async fn create_privacy_request(
    #[server(default)] input: RequestForm,
) -> Result<i32, AppError> {
    let (state, tenant) = require_owner().await?;
    let id = requests::create(&state.db, state.clock.now(), &tenant, &input).await?;
    leptos_axum::redirect("/privacy/requests?saved=created");
    Ok(id)
}

/// Closes a request as done or refused, with the answer.
#[server(endpoint = "privacy/request_close")]
pub async fn close_privacy_request(
    id: i32,
    #[server(default)] status: String,
    #[server(default)] answer: String,
) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    requests::close(&state.db, state.clock.now(), &tenant, id, &status, &answer).await?;
    leptos_axum::redirect(&format!("/privacy/requests?saved=closed#request-{id}"));
    Ok(())
}

/// Erases a client completely after the owner typed their name. Answers the reference the
/// erasure is recorded under; the browser goes to the client list, which says so.
#[server(endpoint = "privacy/erase")]
pub async fn erase_client(
    client_id: i32,
    #[server(default)] confirm: String,
) -> Result<String, AppError> {
    let (state, tenant) = require_owner().await?;
    let dossier = crate::server::service::clients::open(&state.db, &tenant, client_id).await?;
    let erased = erasure::erase(
        &state.db,
        state.storage.as_ref(),
        state.clock.now(),
        &tenant,
        dossier,
        &confirm,
    )
    .await?;
    leptos_axum::redirect(&format!("/clients?erased={}", erased.reference));
    Ok(erased.reference)
}

/// The retention period, the dossiers past it and the erasures so far.
#[server(endpoint = "privacy/retention")]
pub async fn retention() -> Result<RetentionPage, AppError> {
    let (state, actor) = require_actor().await?;
    let tenant = actor.tenant(&[crate::types::Role::Owner])?;
    retention::page(&state.db, state.clock.now(), &tenant, &actor.language).await
}

/// Sets the retention period in months.
#[server(endpoint = "privacy/retention_set")]
pub async fn set_retention(#[server(default)] months: String) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    retention::set_months(&state.db, &tenant, &months).await?;
    leptos_axum::redirect("/privacy/requests?saved=retention#retention");
    Ok(())
}

/// Erases every dossier past the retention period, once the owner ticked that they
/// understand. Answers how many.
#[server(endpoint = "privacy/erase_due")]
pub async fn erase_due(#[server(default)] confirm: Option<String>) -> Result<usize, AppError> {
    let (state, tenant) = require_owner().await?;
    let count = retention::erase_due(
        &state.db,
        state.storage.as_ref(),
        state.clock.now(),
        &tenant,
        confirm.is_some(),
    )
    .await?;
    leptos_axum::redirect("/privacy/requests?saved=erased#retention");
    Ok(count)
}
