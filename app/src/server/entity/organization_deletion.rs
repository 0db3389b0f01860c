use sea_orm::entity::prelude::*;

/// That an organization was deleted at the end of its subscription: when, by which
/// operator, a reference and how much went. Nothing that names the practice or anyone in
/// it; its number is kept so that the logs' triggers let its entries go.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organization_deletions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub reference: String,
    pub deleted_at: DateTimeUtc,
    pub deleted_by: Option<i32>,
    pub rows: i64,
    pub documents: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
