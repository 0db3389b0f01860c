//! Authentication (who is this?) and the tenant context (what may they see?).

pub mod context;
pub mod password;
pub mod qr;
pub mod session_store;
pub mod throttle;
pub mod tokens;
pub mod totp;

pub use context::{Actor, OperatorContext, TenantContext};

/// The caller's address for throttling and the event log (see [`request_ip`]), as text;
/// "unknown" when the request has none (an in-process call).
pub async fn client_address(trusted_proxies: usize) -> String {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| request_ip(&parts.headers, &parts.extensions, trusted_proxies))
        .map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
}

/// The caller's address: the socket peer, or behind `trusted_proxies` reverse proxies of
/// our own the address the outermost of them saw (see `forwarded_for`).
pub fn request_ip(
    headers: &axum::http::HeaderMap,
    extensions: &axum::http::Extensions,
    trusted_proxies: usize,
) -> Option<std::net::IpAddr> {
    use axum::extract::ConnectInfo;
    let peer = extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if trusted_proxies == 0 {
        return peer;
    }
    let values: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if values.is_empty() {
        return peer;
    }
    forwarded_for(Some(&values.join(",")), trusted_proxies)
        .and_then(|ip| ip.parse().ok())
        .or(peer)
}

/// The caller's address as the router's first layer found it (see [`request_ip`]), for
/// the organization's allow-list. As an extractor it never fails: no address is `None`,
/// which no allow-list lets in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl ClientIp {
    pub fn of(extensions: &axum::http::Extensions) -> ClientIp {
        extensions.get::<ClientIp>().copied().unwrap_or_default()
    }

    /// The current server function's.
    pub fn current() -> ClientIp {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .map(|parts| ClientIp::of(&parts.extensions))
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientIp::of(&parts.extensions))
    }
}

/// Where the current request came from, for the security event log.
pub async fn request_origin(
    trusted_proxies: usize,
) -> crate::server::service::security::events::Origin {
    let user_agent = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(axum::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_default();
    crate::server::service::security::events::Origin {
        address: client_address(trusted_proxies).await,
        user_agent,
    }
}

/// The client's address in an `X-Forwarded-For` value behind `hops` proxies of our own.
/// Every proxy appends the address it received the request from, so the entries a client
/// cannot choose are the last `hops`: the one we want is the `hops`-th from the right. The
/// entries to its left are whatever the client sent and are never looked at. None when the
/// header has fewer entries than that (a proxy is missing) or the entry is no IP address.
pub fn forwarded_for(header: Option<&str>, hops: usize) -> Option<String> {
    let entries: Vec<&str> = header?.split(',').map(str::trim).collect();
    let entry = entries.len().checked_sub(hops).map(|at| entries[at])?;
    entry
        .parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| ip.to_string())
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

#[cfg(test)]
mod tests {
    use super::forwarded_for;

    #[test]
    fn the_address_is_taken_the_trusted_hops_from_the_right() {
        // One proxy: it appended the address it saw; what the client sent before is ignored.
        assert_eq!(
            forwarded_for(Some("6.6.6.6, 203.0.113.7"), 1).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            forwarded_for(Some("203.0.113.7"), 1).as_deref(),
            Some("203.0.113.7")
        );
        // Two proxies (a load balancer, then nginx): the second from the right.
        assert_eq!(
            forwarded_for(Some("6.6.6.6, 203.0.113.7, 10.0.0.2"), 2).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            forwarded_for(Some("2001:db8::1, 10.0.0.2"), 2).as_deref(),
            Some("2001:db8::1")
        );
        // Too few entries or garbage: not an address we can trust.
        assert_eq!(forwarded_for(Some("10.0.0.2"), 2), None);
        assert_eq!(forwarded_for(Some("evil"), 1), None);
        assert_eq!(forwarded_for(None, 1), None);
    }
}
