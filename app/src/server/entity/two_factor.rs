use sea_orm::entity::prelude::*;

/// A person's authenticator-app secret. At most one per person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "two_factors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    /// The shared secret in base32 (RFC 4648, no padding), as the app was given it.
    pub secret: String,
    /// None until the person proved with a first code that their app has it.
    pub confirmed_at: Option<DateTimeUtc>,
    /// The last 30-second step whose code was accepted; a code of that step or an earlier
    /// one is never accepted again.
    pub last_step: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
