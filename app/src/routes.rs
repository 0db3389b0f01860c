//! Who may open which page. One table, read by the server's page guard (which redirects
//! before anything renders, with or without JavaScript) and by the authorization matrix
//! test (which fails when a page of the router is missing here).

use crate::types::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, also before they accepted the current terms.
    SignedIn,
    /// Signed-in members in one of these roles who accepted the current terms.
    Roles(&'static [Role]),
}

pub struct PageRule {
    pub path: &'static str,
    pub access: Access,
}

/// Where a person who must set up two-step verification is sent, from every other page.
pub const TWO_FACTOR_PAGE: &str = "/account/two-factor";
/// Where a signed-in person is sent whose organization does not allow their network.
pub const NETWORK_PAGE: &str = "/network";

pub const PAGES: &[PageRule] = &[
    PageRule {
        path: "/",
        access: Access::Public,
    },
    PageRule {
        path: "/login",
        access: Access::Public,
    },
    // The second step of signing in: the page itself asks the half-signed-in session.
    PageRule {
        path: "/login/code",
        access: Access::Public,
    },
    PageRule {
        path: TWO_FACTOR_PAGE,
        access: Access::SignedIn,
    },
    // Says which address Koers sees and why it is refused; asks the session itself.
    PageRule {
        path: NETWORK_PAGE,
        access: Access::Public,
    },
    PageRule {
        path: "/security",
        access: Access::Roles(&[Role::Owner]),
    },
    PageRule {
        path: "/terms",
        access: Access::Public,
    },
    PageRule {
        path: "/privacy",
        access: Access::Public,
    },
    PageRule {
        path: "/consent",
        access: Access::SignedIn,
    },
    PageRule {
        path: "/dashboard",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/my",
        access: Access::Roles(&[Role::Client]),
    },
    PageRule {
        path: "/my/exercises/:id",
        access: Access::Roles(&[Role::Client]),
    },
    PageRule {
        path: "/my/journal",
        access: Access::Roles(&[Role::Client]),
    },
    PageRule {
        path: "/my/access",
        access: Access::Roles(&[Role::Client]),
    },
    PageRule {
        path: "/privacy/requests",
        access: Access::Roles(&[Role::Owner]),
    },
    PageRule {
        path: "/access-log",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/assignments/:id",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/operator",
        access: Access::Roles(&[Role::Operator]),
    },
    PageRule {
        path: "/operator/outbox",
        access: Access::Roles(&[Role::Operator]),
    },
    PageRule {
        path: "/members",
        access: Access::Roles(&[Role::Owner]),
    },
    PageRule {
        path: "/invite/:token",
        access: Access::Public,
    },
    PageRule {
        path: "/signup",
        access: Access::Public,
    },
    PageRule {
        path: "/signup/confirm/:token",
        access: Access::Public,
    },
    PageRule {
        path: "/teams",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/agenda",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/exercises",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/exercises/:id",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/exercises/:id/preview",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/time",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/clients",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/clients/new",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/clients/:id",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/clients/:id/edit",
        access: Access::Roles(&[Role::Owner, Role::Coach]),
    },
    PageRule {
        path: "/operator/organizations/:id",
        access: Access::Roles(&[Role::Operator]),
    },
    PageRule {
        path: "/operator/terms",
        access: Access::Roles(&[Role::Operator]),
    },
    PageRule {
        path: "/account",
        access: Access::Roles(&[Role::Operator, Role::Owner, Role::Coach, Role::Client]),
    },
    // Links from e-mails: the token is the permission, whoever is signed in here.
    PageRule {
        path: "/account/email/:token",
        access: Access::Public,
    },
    PageRule {
        path: "/forgot",
        access: Access::Public,
    },
    PageRule {
        path: "/reset/:token",
        access: Access::Public,
    },
];

/// Matches `/clients/:id`-style patterns segment by segment.
fn matches(pattern: &str, path: &str) -> bool {
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    let mut pattern_parts = pattern.split('/');
    let mut path_parts = path.split('/');
    loop {
        match (pattern_parts.next(), path_parts.next()) {
            (None, None) => return true,
            (Some(p), Some(s)) if p.starts_with(':') && !s.is_empty() => continue,
            (Some(p), Some(s)) if p == s => continue,
            _ => return false,
        }
    }
}

pub fn rule_for(path: &str) -> Option<&'static PageRule> {
    PAGES.iter().find(|rule| matches(rule.path, path))
}

/// What the visitor of a page is, as far as the guard cares.
#[derive(Debug, Clone, Copy)]
pub struct Visitor {
    pub role: Role,
    pub consent_current: bool,
    /// Two-step verification is required and not set up yet.
    pub must_enrol: bool,
    /// Their organization does not allow the network this request came from.
    pub network_refused: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Redirect(String),
}

/// Decides whether `visitor` may open `path`, or where to send them instead.
pub fn decide(path: &str, visitor: Option<Visitor>) -> Decision {
    let Some(rule) = rule_for(path) else {
        // Unknown pages render the 404 page.
        return Decision::Allow;
    };
    match (rule.access, visitor) {
        (Access::Public, Some(v))
            if matches!(path, "/login" | "/login/code") && v.consent_current =>
        {
            Decision::Redirect(v.role.home_path().to_string())
        }
        (Access::Public, _) => Decision::Allow,
        (_, None) => Decision::Redirect("/login".to_string()),
        (_, Some(v)) if v.network_refused => Decision::Redirect(NETWORK_PAGE.to_string()),
        (_, Some(v)) if v.must_enrol && path != TWO_FACTOR_PAGE => {
            Decision::Redirect(TWO_FACTOR_PAGE.to_string())
        }
        (Access::SignedIn, Some(_)) => Decision::Allow,
        (Access::Roles(_), Some(v)) if !v.consent_current => {
            Decision::Redirect("/consent".to_string())
        }
        (Access::Roles(roles), Some(v)) if roles.contains(&v.role) => Decision::Allow,
        (Access::Roles(_), Some(v)) => Decision::Redirect(v.role.home_path().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visitor(role: Role, consent_current: bool) -> Option<Visitor> {
        Some(Visitor {
            role,
            consent_current,
            must_enrol: false,
            network_refused: false,
        })
    }

    #[test]
    fn patterns_match_whole_segments() {
        assert!(matches("/clients/:id", "/clients/7"));
        assert!(!matches("/clients/:id", "/clients"));
        assert!(!matches("/clients/:id", "/clients/7/edit"));
        assert!(matches("/dashboard", "/dashboard/"));
        assert!(!matches("/dash", "/dashboard"));
    }

    #[test]
    fn visitors_are_sent_to_sign_in_for_private_pages() {
        assert_eq!(
            decide("/dashboard", None),
            Decision::Redirect("/login".into())
        );
        assert_eq!(
            decide("/consent", None),
            Decision::Redirect("/login".into())
        );
        assert_eq!(decide("/", None), Decision::Allow);
    }

    #[test]
    fn users_without_current_consent_go_to_the_consent_page() {
        let coach = visitor(Role::Coach, false);
        assert_eq!(
            decide("/dashboard", coach),
            Decision::Redirect("/consent".into())
        );
        assert_eq!(decide("/consent", coach), Decision::Allow);
        assert_eq!(decide("/terms", coach), Decision::Allow);
    }

    #[test]
    fn roles_are_sent_home_from_pages_of_other_roles() {
        assert_eq!(
            decide("/operator", visitor(Role::Coach, true)),
            Decision::Redirect("/dashboard".into())
        );
        assert_eq!(
            decide("/dashboard", visitor(Role::Client, true)),
            Decision::Redirect("/my".into())
        );
        assert_eq!(decide("/my", visitor(Role::Client, true)), Decision::Allow);
    }

    #[test]
    fn who_must_set_up_two_step_verification_is_sent_there_from_every_private_page() {
        let coach = Some(Visitor {
            role: Role::Coach,
            consent_current: true,
            must_enrol: true,
            network_refused: false,
        });
        for path in [
            "/dashboard",
            "/clients/7",
            "/account",
            "/consent",
            "/operator",
        ] {
            assert_eq!(
                decide(path, coach),
                Decision::Redirect(TWO_FACTOR_PAGE.into()),
                "{path}"
            );
        }
        assert_eq!(decide(TWO_FACTOR_PAGE, coach), Decision::Allow);
        assert_eq!(decide("/privacy", coach), Decision::Allow);
    }

    #[test]
    fn who_is_outside_their_organizations_networks_sees_only_the_network_page() {
        let owner = Some(Visitor {
            role: Role::Owner,
            consent_current: true,
            must_enrol: true,
            network_refused: true,
        });
        for path in ["/dashboard", "/security", TWO_FACTOR_PAGE, "/consent"] {
            assert_eq!(
                decide(path, owner),
                Decision::Redirect(NETWORK_PAGE.into()),
                "{path}"
            );
        }
        assert_eq!(decide(NETWORK_PAGE, owner), Decision::Allow);
    }

    #[test]
    fn unknown_pages_fall_through_to_not_found() {
        assert_eq!(decide("/no/such/page", None), Decision::Allow);
    }
}
