//! The client's journal: dated entries, private by default; the client shares an entry
//! with their coaches, who may comment on it. A private entry is never shown to anyone
//! else, not even as a count.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{open_dossier, require_client, require_staff};
use leptos::prelude::*;

pub use crate::model::journal::*;

/// The client's own entries, newest first.
#[server(endpoint = "my/journal")]
pub async fn my_journal() -> Result<Vec<JournalEntryDto>, AppError> {
    let (state, tenant) = require_client().await?;
    crate::server::service::journal::mine(&state.db, &tenant).await
}

/// A new entry, private; `date` empty is today. Returns its id.
#[server(endpoint = "my/journal_write")]
pub async fn write_entry(
    #[server(default)] date: String,
    #[server(default)] body: String,
    #[server(default)] share: String,
) -> Result<i32, AppError> {
    let (state, tenant) = require_client().await?;
    crate::server::service::journal::write(
        &state.db,
        state.clock.now(),
        &tenant,
        &date,
        &body,
        share == "yes",
    )
    .await
}

#[server(endpoint = "my/journal_update")]
pub async fn update_entry(
    id: i32,
    #[server(default)] date: String,
    #[server(default)] body: String,
) -> Result<(), AppError> {
    let (state, tenant) = require_client().await?;
    crate::server::service::journal::update(&state.db, state.clock.now(), &tenant, id, &date, &body)
        .await
}

/// Shares an entry with the client's coaches, or makes it private again.
#[server(endpoint = "my/journal_share")]
pub async fn share_entry(id: i32, share: bool) -> Result<(), AppError> {
    let (state, tenant) = require_client().await?;
    crate::server::service::journal::share(&state.db, state.clock.now(), &tenant, id, share).await
}

#[server(endpoint = "my/journal_delete")]
pub async fn delete_entry(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_client().await?;
    crate::server::service::journal::delete(&state.db, &tenant, id).await
}

/// The entries a dossier's client shared, for the coaches with access.
#[server(endpoint = "journal/dossier")]
pub async fn dossier_journal(client_id: i32) -> Result<Vec<JournalEntryDto>, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::journal::shared(&state.db, &tenant, &dossier).await
}

#[server(endpoint = "journal/comment")]
pub async fn comment_entry(id: i32, #[server(default)] body: String) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::journal::comment(&state.db, state.clock.now(), &tenant, id, &body).await
}
