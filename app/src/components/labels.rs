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
