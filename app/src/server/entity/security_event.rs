use sea_orm::entity::prelude::*;

use crate::model::security::SecurityEventKind;

/// One entry of the security event log. Append-only: the database refuses UPDATE and
/// DELETE on the table (see the migration).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "security_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    pub kind: SecurityEventKind,
    /// The organization the event belongs to; None for operators and unknown accounts.
    pub organization_id: Option<i32>,
    /// Whose account it is about; None for a sign-in with an unknown e-mail address.
    pub user_id: Option<i32>,
    /// Who did it, when that is someone else (an owner resetting a member's factor).
    pub actor_id: Option<i32>,
    pub address: String,
    pub user_agent: String,
    /// A short, non-secret detail: the new setting, the e-mail address tried.
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
