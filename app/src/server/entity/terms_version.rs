use sea_orm::entity::prelude::*;

/// One published version of the Terms of Use and Privacy Statement, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "terms_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub version: i32,
    #[sea_orm(column_type = "Text")]
    pub terms_nl: String,
    #[sea_orm(column_type = "Text")]
    pub terms_en: String,
    #[sea_orm(column_type = "Text")]
    pub privacy_nl: String,
    #[sea_orm(column_type = "Text")]
    pub privacy_en: String,
    pub published_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
