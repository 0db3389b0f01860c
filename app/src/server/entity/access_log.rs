use sea_orm::entity::prelude::*;

use crate::model::access_log::{LogAction, LogArea};
use crate::types::Role;

/// One entry of the dossiers' access log. Append-only: the database refuses UPDATE and
/// DELETE on the table (see the migration). No foreign keys: the log outlives the people and
/// dossiers it names, and a cascading change would be an update the log refuses.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "access_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    pub organization_id: i32,
    /// Whose dossier.
    pub client_id: i32,
    /// Who: a user of the organization.
    pub actor_id: i32,
    /// Their role at the time.
    pub actor_role: Role,
    pub area: LogArea,
    pub action: LogAction,
    /// Which item of the area, when one item was read or changed.
    pub object_id: Option<i32>,
    /// The address the request came from, when known.
    pub address: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
