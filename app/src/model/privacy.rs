//! The person's rights: the organization's register of privacy requests (access,
//! rectification, erasure, …) with their deadlines.

use serde::{Deserialize, Serialize};

use crate::model::clients::Choice;
use crate::model::code::code;

/// What Koers promises practices to answer within: two weeks.
pub const ANSWER_DAYS: i64 = 14;
/// What the law allows (GDPR art. 12(3)): one month.
pub const LEGAL_MONTHS: u32 = 1;
pub const MAX_PERSON: usize = 200;
pub const MAX_ANSWER: usize = 5_000;
/// How long a practice keeps a client's data after the last trajectory closed: the
/// default, and the range an owner may set.
pub const DEFAULT_RETENTION_MONTHS: i32 = 24;
pub const MIN_RETENTION_MONTHS: i32 = 1;
pub const MAX_RETENTION_MONTHS: i32 = 120;

code! {
    /// What the person asks for (GDPR art. 15–21, and withdrawing consent, art. 7).
    pub enum RequestKind {
        Access = "access",
        Rectification = "rectification",
        Erasure = "erasure",
        Portability = "portability",
        Restriction = "restriction",
        Objection = "objection",
        ConsentWithdrawal = "consent_withdrawal",
    }
}

code! {
    /// Where the request stands.
    pub enum RequestStatus {
        Open = "open",
        Done = "done",
        Refused = "refused",
    }
}

code! {
    /// Why a client was erased: at their request (or the practice's decision), or because
    /// the retention period had passed.
    pub enum ErasureReason {
        Request = "request",
        Retention = "retention",
    }
}

/// A new request as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub person: String,
    /// A dossier id, or empty for a person without one.
    #[serde(default)]
    pub client_id: String,
    /// `YYYY-MM-DD`; empty: today.
    #[serde(default)]
    pub received_on: String,
}

/// One request as the register shows it; dates already in the reader's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i32,
    pub kind: RequestKind,
    pub person: String,
    pub dossier: Option<Choice>,
    pub received_on: String,
    /// Two weeks after receipt: what the practice promises.
    pub due_on: String,
    /// One month after receipt: what the law allows.
    pub legal_due_on: String,
    pub status: RequestStatus,
    /// Open and past the two weeks.
    pub overdue: bool,
    pub answer: Option<String>,
    pub closed_on: Option<String>,
}

/// The register: open requests first (the most urgent first), then the closed ones, newest
/// first; with the dossiers to link a new one to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestsPage {
    pub rows: Vec<RequestRow>,
    pub dossiers: Vec<Choice>,
    /// Today, `YYYY-MM-DD`, for the received date's default.
    pub today: String,
}

/// A dossier past the retention period; days already in the reader's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueDossier {
    pub id: i32,
    pub name: String,
    pub last_closed: String,
    pub due_since: String,
}

/// That a client was erased: nothing that names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureRow {
    pub reference: String,
    pub reason: ErasureReason,
    pub at: String,
    pub by: Option<String>,
}

/// Retention for the owners: the period, the dossiers past it, and the erasures so far
/// (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPage {
    pub months: u32,
    pub due: Vec<DueDossier>,
    pub erasures: Vec<ErasureRow>,
}
