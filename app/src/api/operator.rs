use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One organization as the operator sees it: counts and status, never client content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationRow {
    pub id: i32,
    pub name: String,
    pub licence: String,
    pub status: String,
    pub coaches: u64,
    pub clients: u64,
}

#[server(endpoint = "operator/organizations")]
pub async fn list_organizations() -> Result<Vec<OrganizationRow>, AppError> {
    use crate::server::auth::context::require_operator;
    let (state, operator) = require_operator().await?;
    crate::server::service::organization::list_for_operator(&state.db, &operator).await
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

/// The most recent mails Koers kept instead of sending (no SMTP server configured).
#[server(endpoint = "operator/outbox")]
pub async fn operator_outbox() -> Result<Vec<OutboxMail>, AppError> {
    use crate::server::auth::context::require_operator;
    let (state, operator) = require_operator().await?;
    crate::server::service::outbox::recent(&state.db, &operator, 50).await
}
