//! Terms of Use and Privacy Statement: versions, and who accepted which.

use chrono::Utc;
use sea_orm::sea_query::{Expr, Order, Query, SimpleExpr};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QueryOrder, QuerySelect, Set};

use crate::error::{AppError, FieldProblem};
use crate::model::consent::TermsDto;
use crate::server::auth::{Actor, OperatorContext};
use crate::server::entity::{consent, terms_version};

/// The texts of a terms version, in Markdown, both languages.
pub struct TermsTexts {
    pub terms_nl: String,
    pub terms_en: String,
    pub privacy_nl: String,
    pub privacy_en: String,
}

impl TermsTexts {
    /// The texts that ship with this build; published as version 1 on a new installation.
    pub fn bundled() -> Self {
        TermsTexts {
            terms_nl: include_str!("../../../content/terms.nl.md").to_string(),
            terms_en: include_str!("../../../content/terms.en.md").to_string(),
            privacy_nl: include_str!("../../../content/privacy.nl.md").to_string(),
            privacy_en: include_str!("../../../content/privacy.en.md").to_string(),
        }
    }
}

pub async fn current(db: &DatabaseConnection) -> Result<Option<terms_version::Model>, AppError> {
    Ok(terms_version::Entity::find()
        .order_by_desc(terms_version::Column::Version)
        .one(db)
        .await?)
}

/// Terms come from the operator's console: rendered like reports, raw HTML shown as text,
/// so a published version can never carry script or markup into everyone's consent page.
fn markdown_to_html(source: &str) -> String {
    crate::server::markdown::to_safe_html(source)
}

pub async fn current_dto(db: &DatabaseConnection, language: &str) -> Result<TermsDto, AppError> {
    let version = current(db).await?.ok_or(AppError::NotFound)?;
    let english = language == "en";
    let (terms, privacy) = if english {
        (&version.terms_en, &version.privacy_en)
    } else {
        (&version.terms_nl, &version.privacy_nl)
    };
    Ok(TermsDto {
        version: version.version,
        terms_html: markdown_to_html(terms),
        privacy_html: markdown_to_html(privacy),
    })
}

/// Asked on every request (when the actor is loaded): one query that reads the current
/// version's id and whether the user accepted it, never the texts themselves.
pub async fn has_accepted_current(db: &DatabaseConnection, user_id: i32) -> Result<bool, AppError> {
    let accepted: Option<bool> = terms_version::Entity::find()
        .select_only()
        .column_as(accepted_current(Expr::val(user_id).into()), "accepted")
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    // No row: nothing is published yet, so there is nothing to accept.
    Ok(accepted.unwrap_or(true))
}

/// Whether the user `user_id` (a value, or a column of the query it goes into) has
/// accepted the current terms, as an SQL expression; true while nothing is published. The
/// actor loads with it in the same query as the user.
pub(crate) fn accepted_current(user_id: SimpleExpr) -> SimpleExpr {
    let current = Query::select()
        .column(terms_version::Column::Id)
        .from(terms_version::Entity)
        .order_by(terms_version::Column::Version, Order::Desc)
        .limit(1)
        .to_owned();
    let accepted = Query::select()
        .expr(Expr::val(1))
        .from(consent::Entity)
        .and_where(Expr::col((consent::Entity, consent::Column::UserId)).eq(user_id))
        .and_where(
            Expr::col((consent::Entity, consent::Column::TermsVersionId)).in_subquery(current),
        )
        .to_owned();
    let published = Query::select()
        .expr(Expr::val(1))
        .from(terms_version::Entity)
        .to_owned();
    Expr::exists(published).not().or(Expr::exists(accepted))
}

/// Records the actor's acceptance of `version`, which must be the current one.
pub async fn accept(
    db: &DatabaseConnection,
    actor: &Actor,
    version: i32,
    agreed: bool,
) -> Result<(), AppError> {
    if !agreed {
        return Err(AppError::field("agree", FieldProblem::MustAgree));
    }
    let current = current(db).await?.ok_or(AppError::NotFound)?;
    if current.version != version {
        return Err(AppError::TermsOutdated);
    }
    if has_accepted_current(db, actor.user_id).await? {
        return Ok(());
    }
    consent::ActiveModel {
        user_id: Set(actor.user_id),
        terms_version_id: Set(current.id),
        accepted_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Publishes a new version; from then on every user must accept it before they go on.
pub async fn publish(
    db: &DatabaseConnection,
    _operator: &OperatorContext,
    texts: TermsTexts,
) -> Result<i32, AppError> {
    let next = current(db).await?.map(|v| v.version + 1).unwrap_or(1);
    terms_version::ActiveModel {
        version: Set(next),
        terms_nl: Set(texts.terms_nl),
        terms_en: Set(texts.terms_en),
        privacy_nl: Set(texts.privacy_nl),
        privacy_en: Set(texts.privacy_en),
        published_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(next)
}

/// On a new installation, publishes the bundled texts as version 1.
pub async fn ensure_published(db: &DatabaseConnection) -> Result<(), AppError> {
    if current(db).await?.is_none() {
        publish(db, &OperatorContext::installation(), TermsTexts::bundled()).await?;
    }
    Ok(())
}
