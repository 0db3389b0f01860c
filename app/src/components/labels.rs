//! Translated names for the codes that DTOs carry (roles, licences, statuses).

use crate::i18n::*;
use crate::model::organizations::{Licence, OrganizationStatus};
use crate::types::Role;
use leptos_i18n::I18nContext;

pub fn role_label(i18n: I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Operator => t_string!(i18n, roles.operator),
        Role::Owner => t_string!(i18n, roles.owner),
        Role::Coach => t_string!(i18n, roles.coach),
        Role::Client => t_string!(i18n, roles.client),
    }
    .to_string()
}

pub fn security_event_label(
    i18n: I18nContext<Locale>,
    kind: crate::model::security::SecurityEventKind,
) -> String {
    use crate::model::security::SecurityEventKind as K;
    match kind {
        K::SignedIn => t_string!(i18n, events.signed_in),
        K::SignInFailed => t_string!(i18n, events.sign_in_failed),
        K::SignInThrottled => t_string!(i18n, events.sign_in_throttled),
        K::SecondStepFailed => t_string!(i18n, events.second_step_failed),
        K::TwoFactorEnrolled => t_string!(i18n, events.two_factor_enrolled),
        K::TwoFactorRemoved => t_string!(i18n, events.two_factor_removed),
        K::TwoFactorReset => t_string!(i18n, events.two_factor_reset),
        K::RecoveryCodeUsed => t_string!(i18n, events.recovery_code_used),
        K::RecoveryCodesRenewed => t_string!(i18n, events.recovery_codes_renewed),
        K::PasswordChanged => t_string!(i18n, events.password_changed),
        K::PasswordReset => t_string!(i18n, events.password_reset),
        K::EmailChanged => t_string!(i18n, events.email_changed),
        K::RoleChanged => t_string!(i18n, events.role_changed),
        K::Suspended => t_string!(i18n, events.suspended),
        K::TwoFactorRule => t_string!(i18n, events.two_factor_rule),
        K::NetworksChanged => t_string!(i18n, events.networks_changed),
        K::IdleLimitChanged => t_string!(i18n, events.idle_limit_changed),
    }
    .to_string()
}

pub fn licence_label(i18n: I18nContext<Locale>, licence: Licence) -> String {
    match licence {
        Licence::Demo => t_string!(i18n, licences.demo),
        Licence::Standard => t_string!(i18n, licences.standard),
        Licence::Extended => t_string!(i18n, licences.extended),
        Licence::Custom => t_string!(i18n, licences.custom),
    }
    .to_string()
}

pub fn organization_status_label(i18n: I18nContext<Locale>, status: OrganizationStatus) -> String {
    match status {
        OrganizationStatus::Active => t_string!(i18n, status.active),
        OrganizationStatus::Suspended => t_string!(i18n, status.suspended),
    }
    .to_string()
}
