//! Static files: how long a browser may keep them, and their precompressed forms.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

/// A site root like the release build writes: a content-named module beside its brotli
/// form, and an icon.
fn site() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("koers-assets-{}", std::process::id()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::create_dir_all(root.join("icons")).unwrap();
    std::fs::write(root.join("pkg/koers.AAAAAAAAAAAAAAAAAAAAAA.wasm"), b"\0asm").unwrap();
    std::fs::write(root.join("pkg/koers.AAAAAAAAAAAAAAAAAAAAAA.wasm.br"), b"br").unwrap();
    std::fs::write(root.join("icons/icon.svg"), b"<svg/>").unwrap();
    root
}

async fn get(hashed: bool, path: &str) -> (StatusCode, Option<String>, Option<String>) {
    let router = server::assets::routes::<()>(&site(), hashed);
    let response = router
        .oneshot(
            Request::get(path)
                .header(header::ACCEPT_ENCODING, "br, gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let text = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_string())
    };
    (
        response.status(),
        text(header::CACHE_CONTROL),
        text(header::CONTENT_ENCODING),
    )
}

#[tokio::test]
async fn content_named_code_is_kept_for_good_and_sent_precompressed() {
    let (status, cache, encoding) = get(true, "/pkg/koers.AAAAAAAAAAAAAAAAAAAAAA.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        cache.as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(encoding.as_deref(), Some("br"));
}

#[tokio::test]
async fn a_missing_file_and_files_that_keep_their_name_are_not_kept() {
    let (status, cache, _) = get(true, "/pkg/koers.BBBBBBBBBBBBBBBBBBBBBB.wasm").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        cache, None,
        "a 404 gets the site's no-cache, never immutable"
    );

    let (status, cache, _) = get(true, "/icons/icon.svg").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache.as_deref(), Some("no-cache"));

    // A build without content names (cargo build, tests) revalidates its code.
    let (status, cache, _) = get(false, "/pkg/koers.AAAAAAAAAAAAAAAAAAAAAA.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache.as_deref(), Some("no-cache"));
}
