use sea_orm::entity::prelude::*;

use crate::model::organizations::{Licence, OrganizationStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub name: String,
    pub licence: Licence,
    pub status: OrganizationStatus,
    pub created_at: DateTimeUtc,
    /// Custom limits; None means the licence's standard limit.
    pub max_coaches: Option<i32>,
    pub max_clients: Option<i32>,
    pub max_teams: Option<i32>,
    /// For a demo: when it ends. After that the organization is read-only until the
    /// operator converts it to a paid licence.
    pub demo_ends_at: Option<DateTimeUtc>,
    /// Every member must use two-step verification (set by an owner).
    pub two_factor_required: bool,
    /// The networks (CIDR, one per line) its people may use Koers from; None: anywhere.
    pub allowed_networks: Option<String>,
    /// Minutes a session may sit unused; None: the installation's default.
    pub idle_minutes: Option<i32>,
    /// Months a client's data is kept after their last trajectory closed (default 24).
    pub retention_months: i32,
    /// The last day of the subscription, set by the operator when a practice leaves. Its
    /// data is due for deletion two years later (special categories) and seven years later
    /// (the rest, which tax law keeps).
    pub subscription_ends_on: Option<Date>,
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

impl Model {
    /// A demo whose period is over: its people can sign in and read, not change anything.
    pub fn is_read_only(&self, now: DateTimeUtc) -> bool {
        read_only(self.licence, self.demo_ends_at, now)
    }
}

/// See [`Model::is_read_only`], for a query that reads only these two columns.
pub fn read_only(licence: Licence, demo_ends_at: Option<DateTimeUtc>, now: DateTimeUtc) -> bool {
    licence == Licence::Demo && demo_ends_at.is_some_and(|end| end <= now)
}
