//! The site's static files (the WASM, JS and CSS under /pkg, icons, manifest, service
//! worker), served outside the session layer: a request for a file never loads or saves a
//! session, whatever cookie it carries. A precompressed `.br` or `.gz` beside a file is sent
//! when the browser accepts it (the release build writes them: `--precompress`).
//!
//! A release build names the files under /pkg by their content, so a name never gets other
//! content and the browser may keep them for a year without asking again. Everything else
//! here keeps its name across releases and is revalidated. A file that is not there gets
//! no header here, so the site's default (`no-store`) applies.

use std::path::Path;
use std::sync::Arc;

use axum::http::{header, HeaderValue, Response, StatusCode};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The files at the top of the site root, next to the folders below.
const FILES: &[&str] = &[
    "favicon.ico",
    "manifest.webmanifest",
    "sw.js",
    "offline.html",
    "offline.css",
];
const FOLDERS: &[&str] = &["pkg", "icons"];

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

/// A missing file is not kept: the next release may bring it.
fn when_found<B>(cache: HeaderValue) -> impl FnMut(&Response<B>) -> Option<HeaderValue> + Clone {
    move |response| {
        let status = response.status();
        (status.is_success() || status == StatusCode::NOT_MODIFIED).then(|| cache.clone())
    }
}

pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &Path, hashed_names: bool) -> Router<S> {
    let mut router = Router::new();
    for folder in FOLDERS {
        let cache = if *folder == "pkg" && hashed_names {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        router = router.nest_service(
            &format!("/{folder}"),
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    when_found(cache),
                ))
                .service(
                    ServeDir::new(site_root.join(folder))
                        .precompressed_br()
                        .precompressed_gzip(),
                ),
        );
    }
    for file in FILES {
        router = router.route_service(
            &format!("/{file}"),
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    REVALIDATE,
                ))
                .service(ServeFile::new(site_root.join(file))),
        );
    }
    router
}

/// The site's style sheet, to be written into every page (`app::InlineStyle`): read once
/// here, at start. None when the build has none (tests of a plain `cargo build`); pages then
/// link it instead.
pub fn inline_style(site_root: &Path, hashed_names: bool) -> Option<app::InlineStyle> {
    let name = if hashed_names {
        // cargo-leptos writes the content hashes next to the server binary.
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| std::fs::read_to_string(exe.with_file_name("hash.txt")).ok())?;
        let hash = hashes
            .lines()
            .find_map(|line| line.trim().strip_prefix("css:"))?;
        format!("koers.{}.css", hash.trim())
    } else {
        "koers.css".to_string()
    };
    let css = std::fs::read_to_string(site_root.join("pkg").join(name)).ok()?;
    Some(app::InlineStyle(Arc::from(css)))
}
