//! Every page, and whether each kind of caller sees it or is sent elsewhere.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Shown,
    RedirectTo(&'static str),
}
use Page::{RedirectTo as To, Shown};

pub struct PageRule {
    pub path: &'static str,
    pub expect: [Page; 6],
}

const fn page(path: &'static str, expect: [Page; 6]) -> PageRule {
    PageRule { path, expect }
}

#[rustfmt::skip]
pub const PAGES: &[PageRule] = &[
    //   path, [anon, unconsented, operator, owner, coach, client]
    page("/", [Shown, Shown, Shown, Shown, Shown, Shown]),
    page("/login", [Shown, Shown, To("/operator"), To("/dashboard"), To("/dashboard"), To("/my")]),
    page("/login/code", [Shown, Shown, To("/operator"), To("/dashboard"), To("/dashboard"), To("/my")]),
    // Setting up two-step verification comes before anything else, also before the terms.
    page("/account/two-factor", [To("/login"), Shown, Shown, Shown, Shown, Shown]),
    // Outside the organization's networks: says so (here everyone is inside, or unbound).
    page("/network", [Shown, Shown, Shown, Shown, Shown, Shown]),
    page("/security", [To("/login"), To("/consent"), To("/operator"), Shown, To("/dashboard"), To("/my")]),
    page("/terms", [Shown, Shown, Shown, Shown, Shown, Shown]),
    page("/privacy", [Shown, Shown, Shown, Shown, Shown, Shown]),
    page("/consent", [To("/login"), Shown, Shown, Shown, Shown, Shown]),
    page("/dashboard", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/my", [To("/login"), To("/consent"), To("/operator"), To("/dashboard"), To("/dashboard"), Shown]),
    page("/operator", [To("/login"), To("/consent"), Shown, To("/dashboard"), To("/dashboard"), To("/my")]),
    page("/operator/outbox", [To("/login"), To("/consent"), Shown, To("/dashboard"), To("/dashboard"), To("/my")]),
    page("/members", [To("/login"), To("/consent"), To("/operator"), Shown, To("/dashboard"), To("/my")]),
    page("/invite/:token", [Shown, Shown, Shown, Shown, Shown, Shown]),
    page("/signup", [Shown, Shown, Shown, Shown, Shown, Shown]),
    page("/signup/confirm/:token", [Shown, Shown, Shown, Shown, Shown, Shown]),
    page("/clients", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/clients/new", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/clients/:id", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/clients/:id/edit", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/teams", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/agenda", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/exercises", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/my/exercises/:id", [To("/login"), To("/consent"), To("/operator"), To("/dashboard"), To("/dashboard"), Shown]),
    page("/my/journal", [To("/login"), To("/consent"), To("/operator"), To("/dashboard"), To("/dashboard"), Shown]),
    page("/my/access", [To("/login"), To("/consent"), To("/operator"), To("/dashboard"), To("/dashboard"), Shown]),
    page("/access-log", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/privacy/requests", [To("/login"), To("/consent"), To("/operator"), Shown, To("/dashboard"), To("/my")]),
    page("/assignments/:id", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/exercises/:id", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/exercises/:id/preview", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/time", [To("/login"), To("/consent"), To("/operator"), Shown, Shown, To("/my")]),
    page("/operator/organizations/:id", [To("/login"), To("/consent"), Shown, To("/dashboard"), To("/dashboard"), To("/my")]),
    page("/operator/terms", [To("/login"), To("/consent"), Shown, To("/dashboard"), To("/dashboard"), To("/my")]),
    page("/account", [To("/login"), To("/consent"), Shown, Shown, Shown, Shown]),
    page("/account/email/:token", [Shown, Shown, Shown, Shown, Shown, Shown]),
    page("/forgot", [Shown, Shown, Shown, Shown, Shown, Shown]),
    page("/reset/:token", [Shown, Shown, Shown, Shown, Shown, Shown]),
];
