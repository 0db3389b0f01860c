//! Security: two-step verification, the organization's security settings and the security
//! event log.

use serde::{Deserialize, Serialize};

use crate::model::code::code;

/// How long the half-signed-in state after a correct password waits for the code.
pub const SECOND_STEP_MINUTES: i64 = 5;
/// How many recovery codes a person gets at a time.
pub const RECOVERY_CODES: usize = 10;

/// An organization's inactivity limit: a session unused this long ends.
pub const IDLE_MINUTES_DEFAULT: i64 = 30;
pub const IDLE_MINUTES_MIN: i64 = 5;
pub const IDLE_MINUTES_MAX: i64 = 240;
/// How long before the inactivity limit the browser warns, with "stay signed in".
pub const IDLE_WARNING_SECONDS: i64 = 60;
/// Lines of an allow-list: enough for every office and home network of a practice.
pub const MAX_NETWORKS: usize = 50;

code! {
    /// What happened, in the security event log.
    pub enum SecurityEventKind {
        SignedIn = "signed_in",
        SignInFailed = "sign_in_failed",
        SignInThrottled = "sign_in_throttled",
        SecondStepFailed = "second_step_failed",
        TwoFactorEnrolled = "two_factor_enrolled",
        TwoFactorRemoved = "two_factor_removed",
        TwoFactorReset = "two_factor_reset",
        RecoveryCodeUsed = "recovery_code_used",
        RecoveryCodesRenewed = "recovery_codes_renewed",
        PasswordChanged = "password_changed",
        PasswordReset = "password_reset",
        EmailChanged = "email_changed",
        RoleChanged = "role_changed",
        Suspended = "suspended",
        TwoFactorRule = "two_factor_rule",
        NetworksChanged = "networks_changed",
        IdleLimitChanged = "idle_limit_changed",
    }
}

/// The person's own two-step verification, for the page where they set it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    /// A confirmed factor is in use: sign-in asks for a code.
    pub enabled: bool,
    /// Their organization (or, for operators, the installation) requires it.
    pub required: bool,
    /// Unused recovery codes left.
    pub recovery_codes_left: u32,
    /// Set up but not yet confirmed: what the app needs.
    pub enrolment: Option<Enrolment>,
    /// Recovery codes just made, shown until the person says they keep them safe.
    pub fresh_recovery_codes: Vec<String>,
}

/// What an authenticator app needs to add Koers: the QR code and the same secret as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// The QR code as an SVG element, drawn on the server.
    pub qr_svg: String,
    /// The secret in groups of four, for typing into the app.
    pub secret: String,
}

/// The organization's security settings, for the owner's "Beveiliging" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecuritySettings {
    pub two_factor_required: bool,
    /// The networks the organization's people may use Koers from, one per line as saved
    /// (empty: from anywhere).
    pub allowed_networks: String,
    /// The organization's inactivity limit in minutes (its own, or the installation's).
    pub idle_minutes: i64,
    /// The owner's own address now, as Koers sees it, to check the list against.
    pub your_address: String,
    pub members: Vec<MemberFactor>,
}

/// Whether one member uses two-step verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberFactor {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: crate::types::Role,
    pub enabled: bool,
}

/// How many events a log page shows, newest first.
pub const EVENTS_SHOWN: u64 = 200;
/// How many of one's own recent sign-ins the account page shows.
pub const OWN_SIGN_INS_SHOWN: u64 = 10;

/// One entry of the security event log as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEventRow {
    /// When, in words in the reader's language (Dutch time).
    pub at: String,
    pub kind: SecurityEventKind,
    /// Whose account it is about; None for an e-mail address without an account.
    pub person: Option<String>,
    /// Who did it, when someone else did it to them (an owner's reset).
    pub by: Option<String>,
    pub address: String,
    pub device: String,
    pub detail: Option<String>,
}

/// The organization's security event log for its owners, with the people to filter by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityLog {
    pub events: Vec<SecurityEventRow>,
    /// Everyone of the organization, by name, for the filter.
    pub people: Vec<(i32, String)>,
}

/// Whether the caller's address may use Koers, for the page shown to someone outside their
/// organization's networks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkStatus {
    /// The address Koers sees.
    pub address: String,
    /// Signed in, and the organization allows this address (or has no list).
    pub allowed: bool,
    pub signed_in: bool,
}
