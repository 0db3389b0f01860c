use sea_orm::entity::prelude::*;

use crate::model::reports::{EditRights, Visibility};

/// A session report (*rapportage*) in a dossier, with its own reading and editing rights.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub client_id: i32,
    pub trajectory_id: Option<i32>,
    pub author_id: Option<i32>,
    pub report_date: Date,
    /// Markdown; rendered with raw HTML escaped.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub visibility: Visibility,
    pub edit_rights: EditRights,
    /// Once set, never cleared: the report can no longer change or be deleted.
    pub locked_at: Option<DateTimeUtc>,
    pub locked_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::report_amendment::Entity")]
    Amendments,
}

impl Related<super::report_amendment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Amendments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
