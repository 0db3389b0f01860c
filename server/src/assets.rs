//! The site's static files (the WASM, JS and CSS under /pkg, icons, manifest, service
//! worker), served outside the session layer: a request for a file never loads or saves a
//! session, whatever cookie it carries. A precompressed `.br` or `.gz` beside a file is sent
//! when the browser accepts it.

use std::path::Path;

use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// The files at the top of the site root, next to the folders below.
const FILES: &[&str] = &[
    "favicon.ico",
    "manifest.webmanifest",
    "sw.js",
    "offline.html",
];
const FOLDERS: &[&str] = &["pkg", "icons"];

pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    let mut router = Router::new();
    for folder in FOLDERS {
        router = router.nest_service(
            &format!("/{folder}"),
            ServeDir::new(site_root.join(folder))
                .precompressed_br()
                .precompressed_gzip(),
        );
    }
    for file in FILES {
        router = router.route_service(&format!("/{file}"), ServeFile::new(site_root.join(file)));
    }
    router
}
