use sea_orm::entity::prelude::*;

/// A file in a dossier. The bytes live in the document storage under `storage_key`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, serde::Deserialize)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub client_id: i32,
    pub uploaded_by: Option<i32>,
    pub filename: String,
    /// `pdf`, `docx`, `xlsx`, `png` or `jpeg`, as found in the content.
    pub kind: String,
    pub size_bytes: i64,
    #[sea_orm(unique)]
    pub storage_key: String,
    pub shared_with_client: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
