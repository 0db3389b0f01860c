use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::operator::*;

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
    let (state, actor) = crate::server::auth::context::require_actor().await?;
    let operator = actor.operator()?;
    crate::server::service::operator::organizations(
        &state.db,
        state.clock.now(),
        &operator,
        &actor.language,
    )
    .await
}

#[server(endpoint = "operator/organization")]
pub async fn operator_organization(id: i32) -> Result<OrganizationDetail, AppError> {
    let (state, actor) = crate::server::auth::context::require_actor().await?;
    let operator = actor.operator()?;
    crate::server::service::operator::organization(
        &state.db,
        state.clock.now(),
        &operator,
        &actor.language,
        id,
    )
    .await
}

/// The scheduled backups: when, and how the newest days went.
#[server(endpoint = "operator/backups")]
pub async fn backups() -> Result<BackupOverview, AppError> {
    let (state, actor) = crate::server::auth::context::require_actor().await?;
    let operator = actor.operator()?;
    crate::server::service::backups::overview(
        &state.db,
        &operator,
        state.clock.now(),
        &actor.language,
        state.settings.backup_schedule,
    )
    .await
}

/// The last day of an organization's subscription, `YYYY-MM-DD`; empty when it goes on.
#[server(endpoint = "operator/subscription_end")]
pub async fn set_subscription_end(
    id: i32,
    #[server(default)] ends_on: String,
) -> Result<(), AppError> {
    let (state, operator) = operator().await?;
    crate::server::service::operator::set_subscription_end(&state.db, &operator, id, &ends_on).await
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
    let origin = crate::server::auth::request_origin(state.settings.trusted_proxies).await;
    crate::server::service::operator::set_user_suspended(
        &state.db, &origin, &operator, &email, suspend,
    )
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

/// The installation's security events: operators' sign-ins and attempts at addresses that
/// belong to no account (never an organization's).
#[server(endpoint = "operator/security_events")]
pub async fn operator_security_events(
) -> Result<Vec<crate::model::security::SecurityEventRow>, AppError> {
    use crate::server::auth::context::require_actor;
    let (state, actor) = require_actor().await?;
    let operator = actor.operator()?;
    crate::server::service::security::events::operator_log(&state.db, &operator, &actor.language)
        .await
}
