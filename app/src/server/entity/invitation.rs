use sea_orm::entity::prelude::*;

use crate::types::Role;

/// An invitation to join an organization. Only the hash of the link's token is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub email: String,
    pub name: String,
    /// Coach, client or owner: never operator.
    pub role: Role,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub invited_by: Option<i32>,
    pub expires_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// For a client invited from their dossier: the dossier the new login belongs to.
    pub client_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Neither accepted nor revoked. It may have expired; renewing it is still possible.
pub fn pending() -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(Column::AcceptedAt.is_null())
        .add(Column::RevokedAt.is_null())
}

/// Pending and not expired: the link works and the invitation holds a seat.
pub fn open() -> sea_orm::Condition {
    pending().add(Column::ExpiresAt.gt(chrono::Utc::now()))
}
