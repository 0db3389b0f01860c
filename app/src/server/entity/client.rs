use sea_orm::entity::prelude::*;

/// A client's dossier: the ordinary data. Everything else kept about the client
/// (trajectories, reports, documents …) hangs off it by `client_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "clients")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    /// The client's login, once they have one.
    #[sea_orm(unique)]
    pub user_id: Option<i32>,
    pub name: String,
    /// Lower-cased; for contact and for inviting the client to Koers.
    pub email: Option<String>,
    pub date_of_birth: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub address: Option<String>,
    pub phone: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    /// The coach who answers for this dossier; may grant access to others.
    pub responsible_coach_id: Option<i32>,
    /// Set when the coaching ended: the dossier stays, the seat is free.
    pub archived_at: Option<DateTimeUtc>,
    /// The client asked to restrict processing (GDPR art. 18): the dossier is kept and can
    /// be read, and nothing in it changes until the restriction is lifted.
    pub restricted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::ResponsibleCoachId",
        to = "super::user::Column::Id"
    )]
    ResponsibleCoach,
}

impl ActiveModelBehavior for ActiveModel {}
