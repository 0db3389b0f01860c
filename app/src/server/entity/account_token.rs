use sea_orm::entity::prelude::*;

/// A single-use link sent to a user by e-mail. Only the hash of the token is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// `reset` (choose a new password) or `email` (confirm a new e-mail address).
    pub purpose: String,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// For `email`: the address that becomes the user's once the link is opened.
    pub new_email: Option<String>,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
