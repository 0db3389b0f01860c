//! Authentication (who is this?) and the tenant context (what may they see?).

pub mod context;
pub mod password;
pub mod session_store;
pub mod throttle;
pub mod tokens;

pub use context::{Actor, OperatorContext, TenantContext};

/// The caller's address for throttling: the socket peer, or with `trust_proxy` the first
/// address of `X-Forwarded-For` set by the reverse proxy in front of Koers.
pub async fn client_address(trust_proxy: bool) -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    if trust_proxy {
        if let Ok(headers) = leptos_axum::extract::<axum::http::HeaderMap>().await {
            if let Some(first) = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
            {
                return first.trim().to_string();
            }
        }
    }
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "unknown".to_string(),
    }
}

/// The cookie leptos_i18n reads for the interface language (`nl` or `en`).
pub fn language_cookie(code: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("i18n_pref_locale={code}; Path=/; Max-Age=31536000; SameSite=Lax{secure}")
}

/// Adds the language cookie to the answer of the current server function.
pub fn set_language_cookie(code: &str, secure: bool) {
    use axum::http::{header, HeaderValue};
    if let (Some(options), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&language_cookie(code, secure)),
    ) {
        options.append_header(header::SET_COOKIE, value);
    }
}
