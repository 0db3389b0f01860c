use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// One organization as the operator sees it: seats and status, never people or content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationRow {
    pub id: i32,
    pub name: String,
    pub licence: String,
    pub status: String,
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

#[cfg(feature = "ssr")]
async fn operator() -> Result<
    (
        crate::server::AppState,
        crate::server::auth::OperatorContext,
    ),
    AppError,
> {
    crate::server::auth::context::require_operator().await
}

#[server(endpoint = "operator/organizations")]
pub async fn list_organizations() -> Result<Vec<OrganizationRow>, AppError> {
    let (state, operator) = operator().await?;
    crate::server::service::operator::organizations(&state.db, state.clock.now(), &operator).await
}

#[server(endpoint = "operator/organization")]
pub async fn operator_organization(id: i32) -> Result<OrganizationDetail, AppError> {
    let (state, operator) = operator().await?;
    crate::server::service::operator::organization(&state.db, state.clock.now(), &operator, id)
        .await
}

/// `licence` is demo, standard, extended or custom; the three limits count for custom only.
#[server(endpoint = "operator/licence")]
pub async fn change_licence(
    id: i32,
    licence: String,
    #[server(default)] coaches: String,
    #[server(default)] clients: String,
    #[server(default)] teams: String,
) -> Result<(), AppError> {
    use crate::server::service::operator::{set_licence, LicenceChange};
    let (state, operator) = operator().await?;
    let change = LicenceChange {
        licence: &licence,
        coaches: &coaches,
        clients: &clients,
        teams: &teams,
    };
    set_licence(&state.db, state.clock.now(), &operator, id, change).await
}

#[server(endpoint = "operator/organization_status")]
pub async fn set_organization_suspended(id: i32, suspend: bool) -> Result<(), AppError> {
    let (state, operator) = operator().await?;
    crate::server::service::operator::set_organization_suspended(&state.db, &operator, id, suspend)
        .await
}

#[server(endpoint = "operator/account_status")]
pub async fn set_account_suspended(email: String, suspend: bool) -> Result<(), AppError> {
    let (state, operator) = operator().await?;
    crate::server::service::operator::set_user_suspended(&state.db, &operator, &email, suspend)
        .await
}

#[server(endpoint = "operator/terms")]
pub async fn current_terms_source() -> Result<TermsSource, AppError> {
    let (state, operator) = operator().await?;
    crate::server::service::operator::terms_source(&state.db, &operator).await
}

/// Publishes a new version of both texts; returns its number.
#[server(endpoint = "operator/publish_terms")]
pub async fn publish_terms(
    terms_nl: String,
    terms_en: String,
    privacy_nl: String,
    privacy_en: String,
) -> Result<i32, AppError> {
    use crate::server::service::consent::TermsTexts;
    let (state, operator) = operator().await?;
    let texts = TermsTexts {
        terms_nl,
        terms_en,
        privacy_nl,
        privacy_en,
    };
    crate::server::service::operator::publish_terms(&state.db, &operator, texts).await
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
    let (state, operator) = operator().await?;
    crate::server::service::outbox::recent(&state.db, &operator, 50).await
}

/// Whether mail is kept in the local outbox instead of being sent; the console warns.
#[server(endpoint = "operator/mail_mode")]
pub async fn local_outbox_on() -> Result<bool, AppError> {
    let (state, _) = operator().await?;
    Ok(state.settings.local_outbox)
}
