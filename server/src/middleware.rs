//! Request-path middleware: security headers, the page guard and the status of
//! server-function errors.

use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use app::error::AppError;
use app::routes::{decide, Decision, Visitor};
use app::server::auth::context::{read_session, OpenedDossiers, RequestActor};
use app::server::auth::ClientIp;
use app::server::AppState;

use crate::same_site::Site;

pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
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
    // Static files say themselves how long they keep (`assets`); anything else may hold
    // personal data and is never stored.
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.settings.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Lets a signed-in session's idle deadline move forward, at most once per
/// `session_touch_interval` (see `session_store::touch`); it runs inside the session layer,
/// which saves the session only when something changed it.
pub async fn touch_session(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let session = req.extensions().get::<Session>().cloned();
    let response = next.run(req).await;
    if let Some(session) = session {
        if !response.status().is_server_error() {
            app::server::auth::session_store::touch(
                &session,
                state.settings.session_touch_interval,
                &state.db,
                state.settings.session_idle_minutes,
            )
            .await;
        }
    }
    response
}

/// Finds the caller's address once, for the organization allow-lists (see `ClientIp`).
pub async fn client_ip(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let ip = app::server::auth::request_ip(
        req.headers(),
        req.extensions(),
        state.settings.trusted_proxies,
    );
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

/// Sends visitors of private pages to sign in, users without current consent to the
/// consent page, and roles away from other roles' pages, before anything renders.
pub async fn page_guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD)
        || app::routes::rule_for(req.uri().path()).is_none()
    {
        return next.run(req).await;
    }
    let read = match req.extensions().get::<Session>() {
        Some(session) => {
            match read_session(&state, session, ClientIp::of(req.extensions())).await {
                Ok(read) => read,
                Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
            }
        }
        None => None.into(),
    };
    let (actor, idle_ended) = (read.actor, read.ended_idle);
    let visitor = actor.as_ref().map(|a| Visitor {
        role: a.role,
        consent_current: a.consent_current,
        must_enrol: a.must_enrol(),
        network_refused: !a.network_allowed,
    });
    match decide(req.uri().path(), visitor) {
        // Without JavaScript nothing warned them: the sign-in page says why.
        Decision::Redirect(to) if idle_ended && to == "/login" => {
            Redirect::to("/login?ended=idle").into_response()
        }
        Decision::Allow => {
            // The page's server functions reuse this instead of loading it again.
            req.extensions_mut().insert(RequestActor(actor));
            let opened = OpenedDossiers::default();
            req.extensions_mut().insert(opened.clone());
            let response = next.run(req).await;
            if let Err(error) = opened.write_reads(&state.db).await {
                tracing::error!(%error, "the access log could not be written");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
            response
        }
        Decision::Redirect(to) => Redirect::to(&to).into_response(),
    }
}

fn request_host(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

/// Every request that can change something (anything but GET, HEAD, OPTIONS) must come
/// from Koers' own pages: server functions, uploads, the answer form, signing in (a
/// cross-site form must not sign a victim into someone else's account either).
///
/// The rule: with an `Origin` header, it must be this site. Without one, `Sec-Fetch-Site`
/// must be `same-origin` (or `none`: typed by the person). With neither, the request is let
/// through: every browser that Koers supports sends `Origin` on a POST, so such a request
/// does not come from a page of another site in a browser, where the cookie would be the
/// victim's — old clients and scripts with their own credentials remain possible. A
/// `text/plain` body (which a cross-site form may send without a preflight) or any other
/// type Koers' own forms never send is refused too.
pub async fn same_origin_writes(State(site): State<Site>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let own = site.for_request(request_host(headers));
    let from_here = match headers.get(header::ORIGIN) {
        Some(origin) => origin.to_str().is_ok_and(|o| own.is_own_origin(o)),
        None => match headers.get("sec-fetch-site") {
            Some(site) => matches!(site.to_str(), Ok("same-origin" | "none")),
            None => true,
        },
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    let known_body = content_type.as_deref().is_none_or(|t| {
        matches!(
            t,
            "application/x-www-form-urlencoded"
                | "multipart/form-data"
                | "application/json"
                | "application/cbor"
        )
    });
    if from_here && known_body {
        return next.run(req).await;
    }
    tracing::warn!(
        from_here,
        known_body,
        "refused a state-changing request that did not come from Koers' own pages"
    );
    if req.uri().path().starts_with("/api/") {
        error_response(AppError::CrossSite)
    } else {
        (
            StatusCode::FORBIDDEN,
            "Dit verzoek kwam niet van Koers zelf en is geweigerd. / This request did not come from Koers itself and was refused.",
        )
            .into_response()
    }
}

/// Every redirect stays on Koers: a `Location` that points elsewhere becomes `/`, one that
/// names this site in full becomes its path. Covers every source of redirects at once, the
/// most important being Leptos' answer to a form posted without JavaScript, which sends the
/// browser back to whatever `Referer` the post came with.
pub async fn same_site_redirects(State(site): State<Site>, req: Request, next: Next) -> Response {
    let host = request_host(req.headers()).map(str::to_string);
    let mut response = next.run(req).await;
    if let Some(location) = response.headers().get(header::LOCATION) {
        let target = location
            .to_str()
            .ok()
            .and_then(|l| site.for_request(host.as_deref()).own_path(l))
            .unwrap_or_else(|| "/".to_string());
        if let Ok(value) = HeaderValue::from_str(&target) {
            response.headers_mut().insert(header::LOCATION, value);
        }
    }
    response
}

/// The answer to a request whose handling panicked: `Internal`, logged without the payload
/// (it may quote input).
pub fn panicked(_payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request panicked");
    error_response(AppError::Internal)
}

/// The route pattern a request matched, for the request log (see `router::build`).
#[derive(Debug, Clone)]
pub struct LoggedRoute(pub String);

/// Hands the matched route pattern (`/reset/{token}`, not the token) to the request log.
pub async fn mark_route(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| LoggedRoute(m.as_str().to_string()));
    let mut response = next.run(req).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// The largest body a server function accepts. Files have their own routes and limits
/// (`api::files`); 2 MiB is far above any form or autosave.
pub const MAX_CALL_BYTES: usize = 2 * 1024 * 1024;

/// Reads a server function's body up to `MAX_CALL_BYTES` and answers anything larger with
/// 413 and the usual error body, instead of the 500 that a body cut off inside the server
/// function would give. Signed in or not, the answer is the same.
pub async fn call_body_limit(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_CALL_BYTES as u64) {
        return error_response(AppError::TooLarge);
    }
    let (parts, body) = req.into_parts();
    match to_bytes(body, MAX_CALL_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        // Over the limit, or a body that stopped coming (timeout, disconnect).
        Err(error) if over_limit(&error) => error_response(AppError::TooLarge),
        Err(_) => (StatusCode::REQUEST_TIMEOUT, "").into_response(),
    }
}

/// Whether reading a body failed on the length limit (axum wraps http-body-util's error).
fn over_limit(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if current.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = current.source();
    }
    false
}

/// An `AppError` as a server function would answer it: its status, its JSON.
pub fn error_response(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&error).unwrap_or_default();
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
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
