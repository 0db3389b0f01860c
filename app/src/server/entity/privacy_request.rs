use sea_orm::entity::prelude::*;

use crate::model::privacy::{RequestKind, RequestStatus};

/// A request from a person about their data, in the organization's register.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "privacy_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub kind: RequestKind,
    /// Who asked, as the owner wrote it down.
    pub person: String,
    /// Their dossier, when they have one.
    pub client_id: Option<i32>,
    pub received_on: Date,
    pub due_on: Date,
    pub legal_due_on: Date,
    pub status: RequestStatus,
    /// What was done or why it was refused.
    pub answer: Option<String>,
    pub closed_on: Option<Date>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
