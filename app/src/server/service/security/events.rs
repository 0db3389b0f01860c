//! The security event log: who signed in (or failed to) and what changed about accounts and
//! the organization's security, from where. Append-only: nothing here updates or deletes,
//! and the database refuses it too (see the migration). Never holds a secret: no password,
//! code or token, only what happened.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::error::AppError;
use crate::model::security::SecurityEventKind;
use crate::server::entity::security_event;

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
