use sea_orm::entity::prelude::*;

/// One version of an organization's data key, wrapped (encrypted) by a version of the
/// master key. Content names the data key version it was sealed with.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organization_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub version: i32,
    /// Which master key version wraps it (rotation rewraps, so this changes).
    pub master_version: i32,
    /// base64 of nonce and sealed key.
    pub wrapped: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
