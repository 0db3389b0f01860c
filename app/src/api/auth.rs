use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::auth::*;

/// The signed-in user, or None. Never an error for a visitor who is not signed in.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    use crate::server::auth::context::{request_actor, request_parts};
    let (state, session) = request_parts().await?;
    let actor = request_actor(&state, &session).await?;
    Ok(actor.map(|actor| SessionUser {
        name: actor.name,
        role: actor.role,
        organization_name: actor.organization_name,
        consent_current: actor.consent_current,
        read_only: actor.read_only,
        demo_ends_on: actor
            .demo_ends_at
            .map(|at| at.format("%Y-%m-%d").to_string()),
    }))
}

/// Signs in and sends the user on: to the terms if they must accept them, else home.
#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    use crate::server::auth::session_store::start_session;
    use crate::server::service::account;

    let (state, session) = request_parts().await?;
    let address = crate::server::auth::client_address(state.settings.trusted_proxies).await;
    let outcome = account::sign_in(&state.db, &email, &password, &address).await?;
    start_session(&session, outcome.user_id).await?;
    let target = if outcome.consent_current {
        outcome.role.home_path()
    } else {
        "/consent"
    };
    leptos_axum::redirect(target);
    Ok(())
}

/// Signs out: the session is deleted on the server, not just forgotten by the browser.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    let (_, session) = request_parts().await?;
    session.flush().await.map_err(session_error)?;
    // A shared tablet keeps nothing of this person: answers waiting in localStorage go too
    // (the page sends what it can before it signs out; this covers a browser without
    // JavaScript and anything left over).
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.insert_header(
            axum::http::HeaderName::from_static("clear-site-data"),
            axum::http::HeaderValue::from_static("\"storage\""),
        );
    }
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}

#[cfg(feature = "ssr")]
fn session_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %error, "session store failed");
    AppError::Internal
}
