use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    /// `demo`, `standard`, `extended` or `custom`.
    pub licence: String,
    /// `active` or `suspended`.
    pub status: String,
    pub created_at: DateTimeUtc,
    /// Custom limits; None means the licence's standard limit.
    pub max_coaches: Option<i32>,
    pub max_clients: Option<i32>,
    pub max_teams: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::user::Entity")]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
