use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::auth::*;
pub use crate::model::security::NetworkStatus;

/// The signed-in user, or None. Never an error for a visitor who is not signed in.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    use crate::server::auth::context::{request_actor, request_parts};
    let (state, session) = request_parts().await?;
    let actor = request_actor(&state, &session).await?;
    Ok(actor.map(|actor| SessionUser {
        idle_minutes: actor.idle_limit(&state.settings),
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

/// "Stay signed in": the person is there, so the inactivity limit starts again now.
#[server(endpoint = "auth/stay")]
pub async fn stay_signed_in() -> Result<(), AppError> {
    use crate::server::auth::context::{request_parts, require_signed_in};
    use crate::server::auth::session_store::touch_now;
    let (_, _) = require_signed_in().await?;
    let (_, session) = request_parts().await?;
    touch_now(&session).await
}

/// The address Koers sees for this request, and whether the caller's organization allows
/// it: for the page shown to someone outside its networks.
#[server(endpoint = "auth/network")]
pub async fn my_network() -> Result<NetworkStatus, AppError> {
    use crate::server::auth::context::{request_actor, request_parts};
    use crate::server::auth::ClientIp;
    let (state, session) = request_parts().await?;
    let actor = request_actor(&state, &session).await?;
    Ok(NetworkStatus {
        address: ClientIp::current()
            .0
            .map(|ip| ip.to_string())
            .unwrap_or_default(),
        allowed: actor.as_ref().is_some_and(|a| a.network_allowed),
        signed_in: actor.is_some(),
    })
}

/// Checks e-mail and password. Without two-step verification this signs in and sends the
/// user on: to the terms if they must accept them, else home. With it, the session becomes
/// half-signed-in (nothing works but the code) and the browser goes to the code page.
#[server(endpoint = "auth/login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    use crate::server::auth::session_store::{start_second_step, start_session};
    use crate::server::service::account;

    let (state, session) = request_parts().await?;
    let origin = crate::server::auth::request_origin(state.settings.trusted_proxies).await;
    let outcome = account::sign_in(&state.db, &email, &password, &origin).await?;
    if outcome.second_step {
        start_second_step(&session, outcome.user_id).await?;
        leptos_axum::redirect("/login/code");
        return Ok(());
    }
    start_session(&session, outcome.user_id).await?;
    leptos_axum::redirect(landing(&outcome));
    Ok(())
}

#[cfg(feature = "ssr")]
fn landing(outcome: &crate::server::service::account::SignInOutcome) -> &'static str {
    if outcome.consent_current {
        outcome.role.home_path()
    } else {
        "/consent"
    }
}

/// Whether this session is half-signed-in, waiting for a code (the code page asks, to
/// send someone whose five minutes are over back to the password).
#[server(endpoint = "auth/second_step")]
pub async fn second_step_pending() -> Result<bool, AppError> {
    use crate::server::auth::context::request_parts;
    use crate::server::auth::session_store::second_step_user;
    let (_, session) = request_parts().await?;
    Ok(second_step_user(&session).await?.is_some())
}

/// The second step of signing in: a code from the authenticator app, or a recovery code.
#[server(endpoint = "auth/code")]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    use crate::server::auth::session_store::{second_step_user, start_session};
    use crate::server::service::account;

    let (state, session) = request_parts().await?;
    let user_id = second_step_user(&session)
        .await?
        .ok_or(AppError::SecondStepExpired)?;
    let origin = crate::server::auth::request_origin(state.settings.trusted_proxies).await;
    let outcome = account::second_step(&state.db, user_id, &code, &origin).await?;
    start_session(&session, outcome.user_id).await?;
    leptos_axum::redirect(landing(&outcome));
    Ok(())
}

/// Signs out: the session is deleted on the server, not just forgotten by the browser.
/// `reason` is `idle` when the browser does it because the person did not answer the
/// inactivity warning; the sign-in page then says why.
#[server(endpoint = "auth/logout")]
pub async fn logout(#[server(default)] reason: String) -> Result<(), AppError> {
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
    leptos_axum::redirect(if reason == "idle" {
        "/login?ended=idle"
    } else {
        "/login?signed_out=1"
    });
    Ok(())
}

#[cfg(feature = "ssr")]
fn session_error(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %error, "session store failed");
    AppError::Internal
}
