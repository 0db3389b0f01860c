//! The organization's allow-list of networks: which addresses its people may use Koers
//! from. Written one network per line in CIDR form (`192.0.2.0/24`, `2001:db8::/48`) or as
//! a single address; anything after `#` on a line is a note for the owner.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::error::{AppError, FieldProblem};
use crate::model::security::MAX_NETWORKS;

/// A checked allow-list: the networks, and the lines as the owner wrote them (without empty
/// lines), which is what is stored and shown again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowList {
    networks: Vec<IpNet>,
    text: String,
}

impl AllowList {
    /// Parses the owner's text; the message names the first line that is no network.
    pub fn parse(text: &str) -> Result<AllowList, AppError> {
        let mut networks = Vec::new();
        let mut lines = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            let network = line.split('#').next().unwrap_or_default().trim();
            if network.is_empty() {
                if !line.is_empty() {
                    lines.push(line.to_string());
                }
                continue;
            }
            let parsed = parse_network(network).ok_or_else(|| {
                let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
                AppError::field("networks", FieldProblem::NetworkInvalid { line })
            })?;
            networks.push(parsed);
            lines.push(line.to_string());
        }
        if networks.len() > MAX_NETWORKS {
            return Err(AppError::field("networks", FieldProblem::TooManyNetworks));
        }
        Ok(AllowList {
            networks,
            text: lines.join("\n"),
        })
    }

    /// No network listed: Koers may be used from anywhere.
    pub fn is_open(&self) -> bool {
        self.networks.is_empty()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether `address` may use Koers. An unknown address is outside every list.
    pub fn allows(&self, address: Option<IpAddr>) -> bool {
        if self.is_open() {
            return true;
        }
        // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
        address
            .map(|ip| ip.to_canonical())
            .is_some_and(|ip| self.networks.iter().any(|net| net.contains(&ip)))
    }
}

/// Whether a stored list (None: none) lets `address` in. A stored list was checked when it
/// was saved; should a line still not parse, it lets nobody in rather than everybody.
pub fn stored_allows(stored: Option<&str>, address: Option<IpAddr>) -> bool {
    match stored.map(AllowList::parse) {
        None => true,
        Some(Ok(list)) => list.allows(address),
        Some(Err(_)) => false,
    }
}

fn parse_network(text: &str) -> Option<IpNet> {
    if let Ok(net) = text.parse::<IpNet>() {
        // Stored as written, compared as the network it names: 192.0.2.7/24 is 192.0.2.0/24.
        return Some(net.trunc());
    }
    text.parse::<IpAddr>().ok().map(IpNet::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn networks_of_both_families_and_single_addresses_are_read() {
        let list = AllowList::parse(
            "  192.0.2.0/24  # kantoor\n\n2001:db8:1::/48\n198.51.100.7\n# thuis, later\n",
        )
        .unwrap();
        assert!(list.allows(ip("192.0.2.200")));
        assert!(!list.allows(ip("192.0.3.1")));
        assert!(list.allows(ip("2001:db8:1:ffff::1")));
        assert!(!list.allows(ip("2001:db8:2::1")));
        assert!(list.allows(ip("198.51.100.7")));
        assert!(!list.allows(ip("198.51.100.8")));
        assert!(
            list.allows(ip("::ffff:192.0.2.9")),
            "IPv4 on a dual-stack socket"
        );
        assert!(!list.allows(None));
        assert_eq!(
            list.text(),
            "192.0.2.0/24  # kantoor\n2001:db8:1::/48\n198.51.100.7\n# thuis, later"
        );
    }

    #[test]
    fn an_empty_list_lets_everyone_in() {
        let list = AllowList::parse(" \n# nog niets\n").unwrap();
        assert!(list.is_open());
        assert!(list.allows(None));
        assert!(stored_allows(None, None));
    }

    #[test]
    fn the_first_line_that_is_no_network_is_named() {
        for (text, line) in [
            ("10.0.0.0/8\n10.0.0/8", 2),
            ("192.0.2.0/33", 1),
            ("\n\nkantoor", 3),
            ("2001:db8::/129", 1),
        ] {
            assert_eq!(
                AllowList::parse(text).unwrap_err().problem_for("networks"),
                Some(FieldProblem::NetworkInvalid { line }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_list_that_is_too_long_is_refused() {
        let text: String = (0..=MAX_NETWORKS)
            .map(|i| format!("10.0.{i}.0/24\n"))
            .collect();
        assert_eq!(
            AllowList::parse(&text).unwrap_err().problem_for("networks"),
            Some(FieldProblem::TooManyNetworks)
        );
    }
}
