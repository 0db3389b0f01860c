//! Two-step verification (the person's own) and the organization's security settings (its
//! owners'). Setting up works before anything else does: a person whom the organization
//! requires to use two-step verification reaches nothing but these until they have.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{
    request_parts, require_actor, require_owner, require_signed_in,
};
#[cfg(feature = "ssr")]
use crate::server::auth::request_origin;
#[cfg(feature = "ssr")]
use crate::server::auth::session_store::{forget_fresh_codes, fresh_codes, keep_fresh_codes};
#[cfg(feature = "ssr")]
use crate::server::service::security::{settings, two_factor};
use leptos::prelude::*;

pub use crate::model::security::*;

/// The person's own two-step verification: whether it is on, the set-up in progress (QR
/// code and secret) and recovery codes just made.
#[server(endpoint = "security/two_factor")]
pub async fn my_two_factor() -> Result<TwoFactorStatus, AppError> {
    let (state, actor) = require_signed_in().await?;
    let (_, session) = request_parts().await?;
    let fresh = fresh_codes(&session).await?;
    two_factor::status(&state.db, &actor, actor.two_factor_required, fresh).await
}

/// Begins setting up: a new secret for the app, shown on the page until confirmed.
#[server(endpoint = "security/two_factor_start")]
pub async fn start_two_factor() -> Result<(), AppError> {
    let (state, actor) = require_signed_in().await?;
    two_factor::start(&state.db, &actor).await?;
    leptos_axum::redirect(crate::routes::TWO_FACTOR_PAGE);
    Ok(())
}

/// Confirms the set-up with a first code; the recovery codes are then shown once.
#[server(endpoint = "security/two_factor_confirm")]
pub async fn confirm_two_factor(code: String) -> Result<(), AppError> {
    let (state, actor) = require_signed_in().await?;
    let (_, session) = request_parts().await?;
    let origin = request_origin(state.settings.trusted_proxies).await;
    let codes = two_factor::confirm(&state.db, &origin, &actor, &code).await?;
    keep_fresh_codes(&session, codes).await?;
    leptos_axum::redirect(&format!("{}?enabled=1", crate::routes::TWO_FACTOR_PAGE));
    Ok(())
}

/// The person has put their recovery codes away: they are not shown again, and the person
/// goes on to where they were going.
#[server(endpoint = "security/codes_saved")]
pub async fn recovery_codes_saved() -> Result<(), AppError> {
    let (_, actor) = require_signed_in().await?;
    let (_, session) = request_parts().await?;
    forget_fresh_codes(&session).await?;
    leptos_axum::redirect(if actor.consent_current {
        actor.role.home_path()
    } else {
        "/consent"
    });
    Ok(())
}

/// Removes the person's own factor, with their password and a current code.
#[server(endpoint = "security/two_factor_remove")]
pub async fn remove_two_factor(current_password: String, code: String) -> Result<(), AppError> {
    let (state, actor) = require_actor().await?;
    let origin = request_origin(state.settings.trusted_proxies).await;
    two_factor::remove(&state.db, &origin, &actor, &current_password, &code).await?;
    leptos_axum::redirect(&format!("{}?removed=1", crate::routes::TWO_FACTOR_PAGE));
    Ok(())
}

/// New recovery codes (the old ones stop working), after the password.
#[server(endpoint = "security/recovery_codes")]
pub async fn renew_recovery_codes(current_password: String) -> Result<(), AppError> {
    let (state, actor) = require_actor().await?;
    let (_, session) = request_parts().await?;
    let origin = request_origin(state.settings.trusted_proxies).await;
    let codes = two_factor::renew(&state.db, &origin, &actor, &current_password).await?;
    keep_fresh_codes(&session, codes).await?;
    leptos_axum::redirect(crate::routes::TWO_FACTOR_PAGE);
    Ok(())
}

/// The organization's security settings and who uses two-step verification.
#[server(endpoint = "security/settings")]
pub async fn organization_security() -> Result<SecuritySettings, AppError> {
    let (state, tenant) = require_owner().await?;
    let address = crate::server::auth::ClientIp::current().0;
    settings::get(
        &state.db,
        &tenant,
        state.settings.session_idle_minutes,
        address,
    )
    .await
}

/// The networks (CIDR, one per line) the organization's people may use Koers from; empty
/// for anywhere. `confirm_outside` (any value) says the owner knows their own address is
/// outside the new list.
#[server(endpoint = "security/networks")]
pub async fn set_allowed_networks(
    networks: String,
    #[server(default)] confirm_outside: String,
) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    let origin = request_origin(state.settings.trusted_proxies).await;
    let own_address = crate::server::auth::ClientIp::current().0;
    settings::set_allowed_networks(
        &state.db,
        &origin,
        &tenant,
        &networks,
        own_address,
        !confirm_outside.is_empty(),
    )
    .await?;
    leptos_axum::redirect("/security?saved=networks");
    Ok(())
}

/// The organization's inactivity limit in minutes.
#[server(endpoint = "security/idle_limit")]
pub async fn set_idle_limit(minutes: String) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    let origin = request_origin(state.settings.trusted_proxies).await;
    settings::set_idle_minutes(&state.db, &origin, &tenant, &minutes).await?;
    leptos_axum::redirect("/security?saved=idle");
    Ok(())
}

/// `rule` is `required` or `optional`.
#[server(endpoint = "security/two_factor_rule")]
pub async fn set_two_factor_rule(rule: String) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    let required = match rule.as_str() {
        "required" => true,
        "optional" => false,
        _ => {
            return Err(AppError::field(
                "rule",
                crate::error::FieldProblem::Required,
            ))
        }
    };
    let origin = request_origin(state.settings.trusted_proxies).await;
    settings::set_two_factor_required(&state.db, &origin, &tenant, required).await?;
    leptos_axum::redirect("/security?saved=rule");
    Ok(())
}

/// An owner takes away a member's factor (a lost phone); logged.
#[server(endpoint = "security/reset_member")]
pub async fn reset_member_two_factor(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    let origin = request_origin(state.settings.trusted_proxies).await;
    two_factor::reset_by_owner(&state.db, &origin, &tenant, id).await?;
    leptos_axum::redirect("/security?saved=reset");
    Ok(())
}

/// The organization's security event log, newest first; `person` (an id) and `kind` (a
/// code) narrow it down, empty for all.
#[server(endpoint = "security/events")]
pub async fn security_events(
    #[server(default)] person: String,
    #[server(default)] kind: String,
) -> Result<SecurityLog, AppError> {
    use crate::error::FieldProblem;
    use crate::server::service::security::events;
    let (state, actor) = require_actor().await?;
    let tenant = actor.tenant(&[crate::types::Role::Owner])?;
    let person = match person.trim() {
        "" => None,
        id => Some(
            id.parse::<i32>()
                .map_err(|_| AppError::field("person", FieldProblem::NotANumber))?,
        ),
    };
    let kind = match kind.trim() {
        "" => None,
        code => Some(
            SecurityEventKind::parse(code)
                .ok_or_else(|| AppError::field("kind", FieldProblem::Required))?,
        ),
    };
    let filter = events::LogFilter { person, kind };
    events::organization_log(&state.db, &tenant, &actor.language, filter).await
}

/// The person's own recent sign-ins and failed attempts at their account.
#[server(endpoint = "security/my_sign_ins")]
pub async fn my_sign_ins() -> Result<Vec<SecurityEventRow>, AppError> {
    let (state, actor) = require_actor().await?;
    if !actor.consent_current {
        return Err(AppError::ConsentRequired);
    }
    crate::server::service::security::events::own_sign_ins(&state.db, &actor).await
}
