//! How a change to an exercise lands: in place while the current version was never given
//! to a client, as a new version once it was; and freezing the version a client is given.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, Set,
};

use super::own;
use crate::error::AppError;
use crate::model::exercises::{QuestionDto, ScoringDto};
use crate::server::auth::TenantContext;
use crate::server::entity::{exercise, exercise_version};
use crate::server::service;
use crate::server::stored;

/// What a change works on: the current content and the key counter.
pub struct Content {
    pub intro: String,
    pub questions: Vec<QuestionDto>,
    pub last_key: i32,
    pub scoring: ScoringDto,
}

pub async fn current(
    db: &impl ConnectionTrait,
    found: &exercise::Model,
) -> Result<exercise_version::Model, AppError> {
    exercise_version::Entity::find()
        .filter(exercise_version::Column::ExerciseId.eq(found.id))
        .filter(exercise_version::Column::Version.eq(found.current_version))
        .one(db)
        .await?
        .ok_or(AppError::Internal)
}

/// Applies `change` to the exercise's current content: in place while the current
/// version was never given to a client, otherwise as a new version.
pub(super) async fn change<F>(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    title: Option<String>,
    change: F,
) -> Result<(), AppError>
where
    F: FnOnce(&mut Content) -> Result<(), AppError>,
{
    let txn = service::begin_write(db).await?;
    let result = async {
        service::hold::<exercise::Entity>(&txn, id).await?;
        let found = own(&txn, tenant, id).await?;
        tenant.writable()?;
        let version = current(&txn, &found).await?;
        let mut content = Content {
            intro: version.intro.clone(),
            questions: stored::questions(&version.questions)?,
            last_key: found.last_key,
            scoring: stored::scoring(version.scoring.as_deref())?,
        };
        change(&mut content)?;
        let Content {
            intro,
            questions,
            last_key,
            scoring,
        } = content;
        let scoring = stored::scoring_json(&scoring)?;
        let number = if version.frozen_at.is_some() {
            let next = found.current_version + 1;
            exercise_version::ActiveModel {
                exercise_id: Set(found.id),
                version: Set(next),
                intro: Set(intro),
                questions: Set(stored::questions_json(&questions)?),
                frozen_at: Set(None),
                scoring: Set(scoring),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            next
        } else {
            let mut active = version.into_active_model();
            active.intro = Set(intro);
            active.questions = Set(stored::questions_json(&questions)?);
            active.scoring = Set(scoring);
            active.update(&txn).await?;
            found.current_version
        };
        let mut active = found.into_active_model();
        if let Some(title) = title {
            active.title = Set(title);
        }
        active.current_version = Set(number);
        active.last_key = Set(last_key);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    service::finish(txn, result).await
}

/// Marks `version` (an exercise's current version, found through the organization's
/// library) as given to a client, so that later edits make a new one. Returns its id.
pub async fn freeze(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    version: exercise_version::Model,
) -> Result<i32, AppError> {
    let version_id = version.id;
    if version.frozen_at.is_none() {
        let mut active = version.into_active_model();
        active.frozen_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(version_id)
}
