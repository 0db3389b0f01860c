//! The person's rights, for the organization's owners: the register of privacy requests.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{require_actor, require_owner};
#[cfg(feature = "ssr")]
use crate::server::service::privacy::requests;
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
