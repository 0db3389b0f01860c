//! Request-path middleware: security headers, the page guard and the status of
//! server-function errors.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use app::error::AppError;
use app::routes::{decide, Decision, Visitor};
use app::server::auth::context::{actor_from_session, RequestActor};
use app::server::AppState;

/// Static files the browser may cache (they are revalidated); everything else may hold
/// personal data and is never stored.
fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || matches!(
            path,
            "/favicon.ico" | "/manifest.webmanifest" | "/sw.js" | "/offline.html"
        )
}

pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_static = is_static_asset(req.uri().path());
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // same-origin, not no-referrer: forms without JavaScript rely on the Referer to come back.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'; object-src 'none'",
            ),
        );
    }
    let cache = if is_static { "no-cache" } else { "no-store" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if state.settings.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Sends visitors of private pages to sign in, users without current consent to the
/// consent page, and roles away from other roles' pages, before anything renders.
pub async fn page_guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD)
        || app::routes::rule_for(req.uri().path()).is_none()
    {
        return next.run(req).await;
    }
    let actor = match req.extensions().get::<Session>() {
        Some(session) => match actor_from_session(&state, session).await {
            Ok(actor) => actor,
            Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        },
        None => None,
    };
    let visitor = actor.as_ref().map(|a| Visitor {
        role: a.role,
        consent_current: a.consent_current,
    });
    match decide(req.uri().path(), visitor) {
        Decision::Allow => {
            // The page's server functions reuse this instead of loading it again.
            req.extensions_mut().insert(RequestActor(actor));
            next.run(req).await
        }
        Decision::Redirect(to) => Redirect::to(&to).into_response(),
    }
}

/// Server functions answer every error with 500; this gives an `AppError` its own status
/// (401, 403, 404, 422, 429 …) so that clients and logs see what happened.
pub async fn api_error_status(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}
