//! The local outbox, read by the operator when no SMTP server is configured.

use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder, QuerySelect};

use crate::error::AppError;
use crate::model::operator::OutboxMail;
use crate::server::auth::OperatorContext;
use crate::server::entity::outbox;

pub async fn recent(
    db: &DatabaseConnection,
    _operator: &OperatorContext,
    limit: u64,
) -> Result<Vec<OutboxMail>, AppError> {
    Ok(outbox::Entity::find()
        .order_by_desc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|m| OutboxMail {
            id: m.id,
            to: m.to_address,
            subject: m.subject,
            body: m.body,
            created_at: m.created_at.format("%Y-%m-%d %H:%M").to_string(),
        })
        .collect())
}
