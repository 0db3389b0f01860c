//! Outgoing e-mail. Services hand a [`Mail`] to a [`Mailer`]: with SMTP configured it goes
//! out through lettre; without, it lands in the `outbox` table, where the operator can read
//! it (and tests assert on it). Mail bodies carry sign-in links, so the outbox is meant for
//! installations without a mail server, not as a copy of what SMTP sent.

use std::sync::Arc;

use chrono::Utc;
use lettre::message::Mailbox;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};

use crate::error::AppError;
use crate::server::entity::outbox;

#[derive(Debug, Clone)]
pub struct Mail {
    pub organization_id: Option<i32>,
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, mail: Mail) -> Result<(), AppError>;
}

pub type SharedMailer = Arc<dyn Mailer>;

/// Keeps mail in the database instead of sending it.
pub struct OutboxMailer {
    db: DatabaseConnection,
}

impl OutboxMailer {
    pub fn new(db: DatabaseConnection) -> Self {
        OutboxMailer { db }
    }
}

#[async_trait::async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, mail: Mail) -> Result<(), AppError> {
        outbox::ActiveModel {
            organization_id: Set(mail.organization_id),
            to_address: Set(mail.to),
            subject: Set(mail.subject),
            body: Set(mail.body),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(())
    }
}

/// Sends through an SMTP server, e.g. `smtps://user:pass@smtp.example.nl:465`.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("invalid SMTP URL: {e}"))?
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("invalid sender address {from:?}: {e}"))?;
        Ok(SmtpMailer { transport, from })
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: Mail) -> Result<(), AppError> {
        let to: Mailbox = mail.to.parse().map_err(|_| AppError::Internal)?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .body(mail.body)
            .map_err(|e| {
                tracing::error!(error = %e, "building a mail failed");
                AppError::Internal
            })?;
        self.transport.send(message).await.map_err(|e| {
            // The address is personal data: log the failure, not the recipient.
            tracing::error!(error = %e, "sending a mail failed");
            AppError::Internal
        })?;
        Ok(())
    }
}
