use sea_orm::entity::prelude::*;

use crate::model::privacy::ErasureReason;

/// That a client was erased: when, by whom, why, and a reference. Nothing that names the
/// person: the dossier's and login's ids are numbers whose rows are gone, kept so that the
/// logs' entries about them can be emptied (their triggers look here).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "erasures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub reference: String,
    pub reason: ErasureReason,
    pub dossier_id: i32,
    pub user_id: Option<i32>,
    pub erased_at: DateTimeUtc,
    pub erased_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
