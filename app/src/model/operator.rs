//! What travels between the browser and the server for operator.

use serde::{Deserialize, Serialize};

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
