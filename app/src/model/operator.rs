//! What travels between the browser and the server for operator.

use serde::{Deserialize, Serialize};

use crate::model::code::code;
use crate::model::organizations::{Licence, OrganizationStatus};

/// One organization as the operator sees it: seats and status, never people or content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationRow {
    pub id: i32,
    pub name: String,
    pub licence: Licence,
    pub status: OrganizationStatus,
    pub coaches_used: i64,
    pub coaches_limit: i64,
    pub clients_used: i64,
    pub clients_limit: i64,
    /// For demos: the last day of the demo period.
    pub demo_ends_on: Option<String>,
    /// An ended demo, waiting to be converted.
    pub read_only: bool,
    /// Set when the practice leaves: the last day, and what follows from it.
    pub subscription: Option<SubscriptionEnd>,
}

/// Years after a subscription's end that the practice's special-category data (dossier
/// content: reports, answers, journals, documents) may be kept; the seeds' terms promise
/// deletion by then.
pub const SPECIAL_DATA_YEARS: u32 = 2;
/// Years after a subscription's end that its ordinary data (names, invoicing facts) is kept,
/// as Dutch tax law asks of records (fiscale bewaarplicht).
pub const ORDINARY_DATA_YEARS: u32 = 7;

/// A subscription's end and the days its data is due for deletion, in the operator's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionEnd {
    pub ends_on: String,
    /// The last day has passed.
    pub ended: bool,
    pub special_due_on: String,
    pub ordinary_due_on: String,
    /// One of the two days has come: the operator should act.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationDetail {
    pub row: OrganizationRow,
    pub created_on: String,
    pub teams_limit: i64,
    /// The organization's own limits, set with the `custom` licence.
    pub custom_coaches: Option<i32>,
    pub custom_clients: Option<i32>,
    pub custom_teams: Option<i32>,
    /// The subscription's last day as the date field wants it (`YYYY-MM-DD`), or empty.
    pub subscription_ends_input: String,
}

/// The current Terms of Use and Privacy Statement, as Markdown, to edit into a new version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsSource {
    pub version: i32,
    pub published_on: String,
    pub terms_nl: String,
    pub terms_en: String,
    pub privacy_nl: String,
    pub privacy_en: String,
}

/// A mail in the local outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: i32,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
}

/// When the server makes its daily backup (Dutch time) and how many archives it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSchedule {
    pub hour: u32,
    pub minute: u32,
    pub keep: u32,
}

impl BackupSchedule {
    /// `02:30`.
    pub fn at(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

/// A scheduled backup that has been running this long has not finished: its process ended.
pub const BACKUP_INTERRUPTED_AFTER_HOURS: i64 = 6;
/// The newest good backup is older than this: the operator should look.
pub const BACKUP_STALE_AFTER_HOURS: i64 = 48;

code! {
    /// Where one day's scheduled backup stands.
    pub enum BackupStatus {
        Running = "running",
        Done = "done",
        Failed = "failed",
        /// Claimed but never finished: the process that ran it stopped.
        Interrupted = "interrupted",
    }
}

/// One day's scheduled backup, as the operator reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupRun {
    pub day: String,
    pub status: BackupStatus,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// The archive's file name in the backup folder.
    pub archive: Option<String>,
    /// The archive's size, in megabytes with one decimal.
    pub size: Option<String>,
    /// Why it failed, in the server's words (no content, no secrets).
    pub error: Option<String>,
}

/// The console's backup section: the schedule, the newest runs and whether to worry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupOverview {
    /// None: this server makes no scheduled backups (`KOERS_BACKUP_AT=off`).
    pub schedule: Option<BackupSchedule>,
    /// Newest first.
    pub runs: Vec<BackupRun>,
    /// The newest run failed or was interrupted, or the newest good one is too old.
    pub attention: bool,
}
