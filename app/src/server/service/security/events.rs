//! The security event log: who signed in (or failed to) and what changed about accounts and
//! the organization's security, from where. Append-only: nothing here updates or deletes,
//! and the database refuses it too (see the migration). Never holds a secret: no password,
//! code or token, only what happened.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::error::AppError;
use crate::model::security::{
    SecurityEventKind, SecurityEventRow, SecurityLog, EVENTS_SHOWN, OWN_SIGN_INS_SHOWN,
};
use crate::server::auth::{Actor, OperatorContext, TenantContext};
use crate::server::entity::{security_event, user};
use crate::server::local_time;

/// Where a request came from, for the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub address: String,
    pub user_agent: String,
}

impl Origin {
    /// The installation itself (the command line, start-up tasks).
    pub fn installation() -> Origin {
        Origin {
            address: "-".to_string(),
            user_agent: "koers server".to_string(),
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone)]
pub struct Event {
    pub kind: SecurityEventKind,
    pub organization_id: Option<i32>,
    pub user_id: Option<i32>,
    pub actor_id: Option<i32>,
    pub detail: Option<String>,
}

impl Event {
    /// Something a person did to their own account.
    pub fn own(kind: SecurityEventKind, organization_id: Option<i32>, user_id: i32) -> Event {
        Event {
            kind,
            organization_id,
            user_id: Some(user_id),
            actor_id: Some(user_id),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Event {
        self.detail = Some(detail.into());
        self
    }
}

/// Longest stored user agent and detail: enough to recognise a browser, never a payload.
const MAX_TEXT: usize = 200;

fn clipped(text: &str) -> String {
    text.chars().take(MAX_TEXT).collect()
}

pub async fn record(
    db: &impl ConnectionTrait,
    origin: &Origin,
    event: Event,
) -> Result<(), AppError> {
    security_event::ActiveModel {
        occurred_at: Set(Utc::now()),
        kind: Set(event.kind),
        organization_id: Set(event.organization_id),
        user_id: Set(event.user_id),
        actor_id: Set(event.actor_id),
        address: Set(clipped(&origin.address)),
        user_agent: Set(clipped(&origin.user_agent)),
        detail: Set(event.detail.as_deref().map(clipped)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Filters of the organization's log.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogFilter {
    pub person: Option<i32>,
    pub kind: Option<SecurityEventKind>,
}

fn rows(
    found: Vec<security_event::Model>,
    names: &std::collections::HashMap<i32, String>,
    language: &str,
) -> Vec<SecurityEventRow> {
    let name = |id: Option<i32>| id.and_then(|id| names.get(&id).cloned());
    found
        .into_iter()
        .map(|e| SecurityEventRow {
            at: local_time::in_words(e.occurred_at, language),
            kind: e.kind,
            person: name(e.user_id),
            by: name(e.actor_id).filter(|_| e.actor_id != e.user_id),
            address: e.address,
            device: e.user_agent,
            detail: e.detail,
        })
        .collect()
}

/// The organization's log, newest first, for its owners: everything recorded about its
/// people and settings. Two queries: the events and the organization's people.
pub async fn organization_log(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    language: &str,
    filter: LogFilter,
) -> Result<SecurityLog, AppError> {
    tenant.require_owner()?;
    let people: Vec<(i32, String)> = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .select_only()
        .columns([user::Column::Id, user::Column::Name])
        .order_by_asc(user::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    let mut query = security_event::Entity::find()
        .filter(security_event::Column::OrganizationId.eq(tenant.organization_id));
    if let Some(person) = filter.person {
        query = query.filter(security_event::Column::UserId.eq(person));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(security_event::Column::Kind.eq(kind));
    }
    let found = query
        .order_by_desc(security_event::Column::Id)
        .limit(EVENTS_SHOWN)
        .all(db)
        .await?;
    let names = people.iter().cloned().collect();
    Ok(SecurityLog {
        events: rows(found, &names, language),
        people,
    })
}

/// The person's own recent sign-ins (and failed attempts at their account), newest first:
/// someone else's attempt shows here with its address and browser.
pub async fn own_sign_ins(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<SecurityEventRow>, AppError> {
    let found = security_event::Entity::find()
        .filter(security_event::Column::UserId.eq(actor.user_id))
        .filter(security_event::Column::Kind.is_in([
            SecurityEventKind::SignedIn,
            SecurityEventKind::SignInFailed,
            SecurityEventKind::SignInThrottled,
            SecurityEventKind::SecondStepFailed,
        ]))
        .order_by_desc(security_event::Column::Id)
        .limit(OWN_SIGN_INS_SHOWN)
        .all(db)
        .await?;
    let names = std::collections::HashMap::from([(actor.user_id, actor.name.clone())]);
    Ok(rows(found, &names, &actor.language))
}

/// The installation's own events for the operator: operators' sign-ins and attempts at
/// addresses that belong to no account. Never an organization's events (those are its
/// people's).
pub async fn operator_log(
    db: &DatabaseConnection,
    _operator: &OperatorContext,
    language: &str,
) -> Result<Vec<SecurityEventRow>, AppError> {
    let found = security_event::Entity::find()
        .filter(security_event::Column::OrganizationId.is_null())
        .order_by_desc(security_event::Column::Id)
        .limit(EVENTS_SHOWN)
        .all(db)
        .await?;
    let operators: Vec<(i32, String)> = user::Entity::find()
        .filter(user::Column::OrganizationId.is_null())
        .select_only()
        .columns([user::Column::Id, user::Column::Name])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows(found, &operators.into_iter().collect(), language))
}
