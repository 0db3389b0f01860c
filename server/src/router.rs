//! The HTTP router: pages (server-rendered Leptos), server functions under /api, health
//! checks, the language switch and static files, wrapped in the request-path middleware.

use std::net::SocketAddr;

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, Extensions, HeaderMap, HeaderValue, StatusCode, Version};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde_json::json;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use app::server::auth::session_store::DbSessionStore;
use app::server::{db, AppState};
use app::{shell, App};

use crate::middleware;

/// The longest a whole request may take, upload included.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Whether this binary was built by `cargo leptos build` with content-hashed file names
/// (`hash-files` in Cargo.toml). cargo-leptos says so when it compiles the server; a plain
/// `cargo build` (tests, clippy) serves unhashed names.
pub fn hashed_files() -> bool {
    option_env!("LEPTOS_HASH_FILES") == Some("true")
}

pub fn leptos_options(site_root: &str, addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("koers")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .hash_files(hashed_files())
        .build()
}

pub fn build(state: AppState, options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let site_root = std::path::PathBuf::from(options.site_root.as_ref());
    let hashed_names = options.hash_files;

    // leptos_routes also mounts every server function under /api, with the same context.
    let page_state = state.clone();
    let style = crate::assets::inline_style(&site_root, hashed_names);
    let pages = Router::new()
        .leptos_routes_with_context(
            &options,
            routes,
            move || {
                provide_context(page_state.clone());
                if let Some(style) = style.clone() {
                    provide_context(style);
                }
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options);

    let mut operational = Router::new().route("/language/{code}", get(set_language));
    for (path, route) in app::api::files::routes(state.settings.max_upload_bytes) {
        operational = operational.route(path, route);
    }
    let operational = operational.with_state(state.clone());

    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(session_cookie_name(state.settings.secure_cookies))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings.secure_cookies)
        // The longest inactivity limit an organization may choose: the store keeps a
        // session that long, and `actor_from_session` ends it at its organization's limit.
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            state
                .settings
                .session_idle_minutes
                .max(app::model::security::IDLE_MINUTES_MAX),
        )));

    // Pages, server functions and file routes: everything that may know who is asking.
    let with_session = Router::new()
        .merge(operational)
        .merge(pages)
        // Innermost, so that it runs after routing and sees the matched pattern.
        .layer(from_fn(middleware::mark_route))
        // The last resort, should input still find a panic: an error answer, not a
        // connection that just closes (which a browser shows as "site cannot be reached").
        .layer(CatchPanicLayer::custom(middleware::panicked))
        .layer(from_fn(middleware::api_error_status))
        .layer(from_fn(middleware::call_body_limit))
        .layer(from_fn_with_state(state.clone(), middleware::page_guard))
        .layer(from_fn_with_state(state.clone(), middleware::touch_session))
        .layer(sessions)
        .layer(from_fn_with_state(state.clone(), middleware::client_ip))
        .layer(compression());

    // Health checks and static files never look at a session: no cookie makes them touch
    // the database.
    let without_session = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state.clone())
        .merge(crate::assets::routes(&site_root, hashed_names))
        .layer(from_fn(middleware::mark_route));

    let site = crate::same_site::Site::new(&state.settings.public_url);
    Router::new()
        .merge(without_session)
        .merge(with_session)
        // Before the session is even loaded: a refused request touches nothing.
        .layer(from_fn_with_state(
            site.clone(),
            middleware::same_origin_writes,
        ))
        .layer(from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(from_fn_with_state(site, middleware::same_site_redirects))
        .layer(
            TraceLayer::new_for_http()
                // The route's pattern, never the path itself: paths carry secrets
                // (`/reset/{token}`, `/calendar/{file}`), and query strings and bodies are
                // never logged. `route` is filled in once routing has matched.
                .make_span_with(|req: &Request| {
                    let request_id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!(
                        "request",
                        method = %req.method(),
                        route = tracing::field::Empty,
                        request_id = %request_id,
                    )
                })
                .on_response(
                    |response: &Response, latency: std::time::Duration, span: &tracing::Span| {
                        let route = response
                            .extensions()
                            .get::<middleware::LoggedRoute>()
                            .map_or("(no route: static file or not found)", |r| r.0.as_str());
                        span.record("route", route);
                        tracing::info!(
                            status = response.status().as_u16(),
                            latency_ms = latency.as_millis() as u64,
                            "finished processing request"
                        );
                    },
                ),
        )
        // A body that stops arriving ends the request (slow-loris on uploads and calls); a
        // request as a whole gets generous time: a 20 MB upload at 256 kbit/s takes ~11 min.
        .layer(RequestBodyTimeoutLayer::new(
            state.settings.body_idle_timeout,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// Pages and server functions' answers (HTML and JSON) go out compressed when the browser
/// takes it: a dossier page is four to five times smaller over a practice's wifi or 4G.
/// Brotli and gzip at level 1: for a dossier page (52 KB, the inline style sheet included)
/// brotli 1 takes 0.15 ms for 11.8 KB where level 4 took 0.58 ms for 10.3 KB; the higher
/// level cost the server a third of its pages per second for 1.5 KB less on the wire.
/// Files keep what they are: documents are mostly compressed already, static files come
/// precompressed at the highest level. (Guessing page content from compressed sizes,
/// BREACH, needs the victim's cookie on requests an attacker makes cross-site; SameSite=Lax
/// leaves it off every such request but a top-level navigation, whose size a page cannot
/// read.)
fn compression() -> CompressionLayer<impl Predicate> {
    let text = |_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions| {
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|kind| {
                kind.starts_with("text/html") || kind.starts_with("application/json")
            })
    };
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(1))
        .compress_when(SizeAbove::new(512).and(text))
}

/// Over https the cookie carries the `__Host-` prefix: browsers then accept it only when it
/// is Secure, for the whole site (Path=/) and without a Domain, so neither a sibling
/// subdomain nor a plain-http page can plant or overwrite it.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-koers_session"
    } else {
        "koers_session"
    }
}

async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready when the database answers and every migration of this build is applied.
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let database = db::ping(&state.db).await.is_ok();
    let migrations = database && db::migrations_current(&state.db).await.unwrap_or(false);
    let status = if database && migrations {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({
            "status": if status == StatusCode::OK { "ready" } else { "not ready" },
            "database": if database { "ok" } else { "unreachable" },
            "migrations": if migrations { "current" } else { "pending" },
        })),
    )
}

#[derive(serde::Deserialize)]
struct NextPage {
    next: Option<String>,
}

/// Stores the language choice in the cookie that leptos_i18n reads, then goes back.
async fn set_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<NextPage>,
) -> Response {
    if !matches!(code.as_str(), "nl" | "en") {
        return StatusCode::NOT_FOUND.into_response();
    }
    // Only paths on this site, parsed as a browser would: never an open redirect.
    let next = query
        .next
        .as_deref()
        .and_then(crate::same_site::local_path)
        .unwrap_or_else(|| "/".to_string());
    let cookie = app::server::auth::language_cookie(&code, state.settings.secure_cookies);
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
