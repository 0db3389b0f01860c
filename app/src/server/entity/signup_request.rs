use sea_orm::entity::prelude::*;

/// A demo sign-up waiting for its e-mail address to be confirmed. Only the hash of the
/// link's token and of the chosen password are kept; the practice is made when the link
/// is used.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signup_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub email: String,
    pub name: String,
    pub organization_name: String,
    /// argon2id PHC string of the password chosen in the form.
    pub password_hash: String,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
