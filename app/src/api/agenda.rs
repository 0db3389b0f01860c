//! The agenda: appointments in a dossier, the coach's week and list, the private feed.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{open_dossier, require_staff};
use leptos::prelude::*;

pub use crate::model::agenda::*;

#[server(endpoint = "agenda/dossier")]
pub async fn dossier_appointments(client_id: i32) -> Result<Vec<AppointmentDto>, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::agenda::for_dossier(&state.db, &tenant, &dossier).await
}

/// The caller's own week around `day` (`YYYY-MM-DD`; empty for this week).
#[server(endpoint = "agenda/week")]
pub async fn agenda_week(#[server(default)] day: String) -> Result<WeekDto, AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::agenda::week(&state.db, state.clock.now(), &tenant, &day).await
}

#[server(endpoint = "agenda/upcoming")]
pub async fn agenda_upcoming() -> Result<Vec<AppointmentDto>, AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::agenda::upcoming(&state.db, state.clock.now(), &tenant).await
}

#[server(endpoint = "agenda/create")]
pub async fn create_appointment(
    client_id: i32,
    #[server(default)] input: AppointmentForm,
) -> Result<i32, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::agenda::create(&state.db, state.clock.now(), &tenant, &dossier, &input)
        .await
}

#[server(endpoint = "agenda/update")]
pub async fn update_appointment(
    id: i32,
    #[server(default)] input: AppointmentForm,
) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::agenda::update(&state.db, state.clock.now(), &tenant, id, &input).await
}

#[server(endpoint = "agenda/delete")]
pub async fn delete_appointment(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::agenda::delete(&state.db, &tenant, id).await
}

/// Locks an appointment for good; `confirm` must be `yes`.
#[server(endpoint = "agenda/lock")]
pub async fn lock_appointment(id: i32, #[server(default)] confirm: String) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::agenda::lock(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        confirm == "yes",
    )
    .await
}

/// The session key of a feed address just made. Only its hash is stored, so the address
/// can be shown once; without JavaScript the form's answer is lost in the redirect back,
/// so the page that follows takes it from here (and it is gone after that).
#[cfg(feature = "ssr")]
const FRESH_FEED: &str = "fresh_feed_url";

#[server(endpoint = "agenda/feed")]
pub async fn calendar_feed() -> Result<FeedDto, AppError> {
    let (state, tenant) = require_staff().await?;
    let mut status = crate::server::service::agenda::feed_status(&state.db, &tenant).await?;
    let (_, session) = crate::server::auth::context::request_parts().await?;
    // Removing marks the session changed (and saved) even when nothing was there: only
    // after the feed was just made does reading the agenda write.
    status.url = session.get::<String>(FRESH_FEED).await.ok().flatten();
    if status.url.is_some() {
        let _ = session.remove::<String>(FRESH_FEED).await;
    }
    Ok(status)
}

/// Makes a new private feed address; the old one stops working.
#[server(endpoint = "agenda/feed_new")]
pub async fn new_calendar_feed() -> Result<FeedDto, AppError> {
    let (state, tenant) = require_staff().await?;
    let made = crate::server::service::agenda::new_feed(
        &state.db,
        state.clock.now(),
        &state.settings.public_url,
        &tenant,
    )
    .await?;
    if let Some(url) = &made.url {
        let (_, session) = crate::server::auth::context::request_parts().await?;
        if let Err(error) = session.insert(FRESH_FEED, url).await {
            tracing::warn!(%error, "the new feed address could not be kept for the next page");
        }
    }
    Ok(made)
}

#[server(endpoint = "agenda/feed_revoke")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::agenda::revoke_feed(&state.db, &tenant).await
}
