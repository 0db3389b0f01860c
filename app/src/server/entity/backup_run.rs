use sea_orm::entity::prelude::*;

/// One day's scheduled backup (see the migration `backup_runs`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "backup_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The Dutch calendar day it is for; unique, which makes inserting it the claim.
    pub day: Date,
    /// `running`, `done` or `failed` (`BackupStatus`; interrupted is read from the time).
    pub status: String,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub archive: Option<String>,
    pub bytes: Option<i64>,
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
