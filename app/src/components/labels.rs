//! Translated names for the codes that DTOs carry (roles, licences, statuses).

use crate::i18n::*;
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

pub fn licence_label(i18n: I18nContext<Locale>, licence: &str) -> String {
    match licence {
        "demo" => t_string!(i18n, licences.demo).to_string(),
        "standard" => t_string!(i18n, licences.standard).to_string(),
        "extended" => t_string!(i18n, licences.extended).to_string(),
        "custom" => t_string!(i18n, licences.custom).to_string(),
        other => other.to_string(),
    }
}

pub fn status_label(i18n: I18nContext<Locale>, status: &str) -> String {
    match status {
        "active" => t_string!(i18n, status.active).to_string(),
        "suspended" => t_string!(i18n, status.suspended).to_string(),
        "archived" => t_string!(i18n, status.archived).to_string(),
        other => other.to_string(),
    }
}
