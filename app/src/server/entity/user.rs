use sea_orm::entity::prelude::*;

use crate::model::members::UserStatus;
use crate::types::Role;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// None for operators, who belong to no organization.
    pub organization_id: Option<i32>,
    pub role: Role,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// PHC string (argon2id). None until the person has set a password.
    pub password_hash: Option<String>,
    pub status: UserStatus,
    /// `nl` or `en`.
    pub language: String,
    pub created_at: DateTimeUtc,
    /// Sessions confirmed before this moment no longer sign anyone in (set when all of the
    /// person's sessions are ended: password change or reset, suspension, sign-out of others).
    pub sessions_valid_after: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

impl Related<super::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
