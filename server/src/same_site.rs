//! What counts as Koers' own site: for redirects (never send a browser elsewhere) and for
//! telling a request from Koers' own pages apart from one that another site made a
//! browser send.
//!
//! Addresses are parsed as a browser parses them (WHATWG URL, the `url` crate), never
//! compared by prefix: a browser drops tabs and newlines and reads `\` as `/`, so
//! `/\t/evil.example` and `/\evil.example` are both `//evil.example`, another site.

use url::{Position, Url};

/// A host with its explicit port. The scheme is left out on purpose: a TLS-terminating
/// proxy makes the same site `https` outside and `http` inside.
type HostKey = (String, Option<u16>);

fn host_key(url: &Url) -> Option<HostKey> {
    let host = url.host_str()?.to_ascii_lowercase();
    let port = url
        .port_or_known_default()
        .filter(|p| *p != 80 && *p != 443);
    Some((host, port))
}

/// The site as configured (`KOERS_PUBLIC_URL`), read once when the router is built.
#[derive(Debug, Clone)]
pub struct Site {
    public: Option<HostKey>,
}

impl Site {
    pub fn new(public_url: &str) -> Site {
        Site {
            public: Url::parse(public_url).ok().as_ref().and_then(host_key),
        }
    }

    /// This site as one request sees it: the host it was sent to (behind a proxy it can
    /// differ from the public one) and the public host.
    pub fn for_request(&self, request_host: Option<&str>) -> OwnHosts {
        let base = request_host
            .and_then(|host| Url::parse(&format!("http://{host}/")).ok())
            .filter(|url| url.host_str().is_some())
            .or_else(|| Url::parse("http://koers.invalid/").ok());
        let mut hosts: Vec<HostKey> = base.as_ref().and_then(host_key).into_iter().collect();
        hosts.extend(self.public.clone());
        OwnHosts { base, hosts }
    }
}

/// The hosts that are this site for one request, and the address relative targets are
/// resolved against.
#[derive(Debug, Clone)]
pub struct OwnHosts {
    base: Option<Url>,
    hosts: Vec<HostKey>,
}

impl OwnHosts {
    fn contains(&self, url: &Url) -> bool {
        host_key(url).is_some_and(|key| self.hosts.contains(&key))
    }

    /// Whether an `Origin` header value (`https://koers.example:8443`) is this site.
    pub fn is_own_origin(&self, origin: &str) -> bool {
        Url::parse(origin).is_ok_and(|url| self.contains(&url))
    }

    /// The path (with query and fragment) that `target` points to on this site, or None
    /// when it leads elsewhere. Relative targets are resolved against this site.
    pub fn own_path(&self, target: &str) -> Option<String> {
        let url = self.base.as_ref()?.join(target).ok()?;
        (matches!(url.scheme(), "http" | "https") && self.contains(&url))
            .then(|| url[Position::BeforePath..].to_string())
    }
}

/// A path on Koers itself for a `next=` parameter: only a path, never another site.
pub fn local_path(target: &str) -> Option<String> {
    if !target.starts_with('/') {
        return None;
    }
    Site { public: None }.for_request(None).own_path(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_stay_and_other_sites_are_refused() {
        assert_eq!(
            local_path("/clients/3?tab=reports").as_deref(),
            Some("/clients/3?tab=reports")
        );
        assert_eq!(local_path("/").as_deref(), Some("/"));
        for evil in [
            "//evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/\n/evil.example",
            "",
        ] {
            let path = local_path(evil);
            assert!(
                path.as_deref()
                    .is_none_or(|p| p.starts_with('/') && !p.starts_with("//")),
                "{evil:?} gave {path:?}"
            );
            if let Some(p) = path {
                // Percent-encoded tabs stay a harmless part of the path.
                assert!(
                    !p.contains("evil.example") || p.starts_with("/%09"),
                    "{evil:?} gave {p}"
                );
            }
        }
    }

    #[test]
    fn absolute_addresses_of_this_site_become_paths() {
        let own = Site::new("https://koers.example").for_request(Some("127.0.0.1:4123"));
        assert_eq!(
            own.own_path("http://127.0.0.1:4123/clients/1?x=1")
                .as_deref(),
            Some("/clients/1?x=1")
        );
        assert_eq!(
            own.own_path("https://koers.example/my").as_deref(),
            Some("/my")
        );
        assert_eq!(own.own_path("https://evil.example/my"), None);
        assert_eq!(own.own_path("http://127.0.0.1:9999/"), None);
        assert!(own.is_own_origin("http://127.0.0.1:4123"));
        assert!(own.is_own_origin("https://koers.example"));
        assert!(!own.is_own_origin("https://evil.example"));
        assert!(!own.is_own_origin("null"));
    }
}
