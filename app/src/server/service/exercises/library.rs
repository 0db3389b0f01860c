//! The organization's exercises as a library: the list, one exercise to read, creating,
//! duplicating and archiving. Every new exercise starts as version 1 through `insert_new`.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use super::versions::current;
use super::{own, text};
use crate::error::AppError;
use crate::model::exercises::{ExerciseDto, ExerciseRow};
use crate::server::auth::TenantContext;
use crate::server::entity::{exercise, exercise_version};
use crate::server::local_time;
use crate::server::markdown::to_safe_html;
use crate::server::stored;

pub async fn list(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    archived: bool,
) -> Result<Vec<ExerciseRow>, AppError> {
    tenant.require_staff()?;
    let mut query = exercise::Entity::find()
        .filter(exercise::Column::OrganizationId.eq(tenant.organization_id));
    query = if archived {
        query.filter(exercise::Column::ArchivedAt.is_not_null())
    } else {
        query.filter(exercise::Column::ArchivedAt.is_null())
    };
    let found = query
        .order_by_asc(exercise::Column::Title)
        .order_by_asc(exercise::Column::Id)
        .find_also_linked(exercise::CurrentVersion)
        .all(db)
        .await?;
    found
        .into_iter()
        .map(|(e, current)| {
            let questions = current
                .map(|v| stored::questions(&v.questions))
                .transpose()?
                .map(|q| q.len())
                .unwrap_or(0);
            Ok(ExerciseRow {
                id: e.id,
                title: e.title,
                questions,
                version: e.current_version,
                archived: e.archived_at.is_some(),
                updated: local_time::to_display(e.updated_at),
            })
        })
        .collect()
}

pub async fn get(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<ExerciseDto, AppError> {
    let found = own(db, tenant, id).await?;
    let version = current(db, &found).await?;
    Ok(ExerciseDto {
        intro_html: to_safe_html(&version.intro),
        questions: stored::questions(&version.questions)?,
        scoring: stored::scoring(version.scoring.as_deref())?,
        frozen: version.frozen_at.is_some(),
        intro: version.intro,
        id: found.id,
        title: found.title,
        version: found.current_version,
        archived: found.archived_at.is_some(),
    })
}

/// What a new exercise starts with: its first version, never given to anyone.
pub(crate) struct FirstVersion {
    pub organization_id: i32,
    pub created_by: Option<i32>,
    pub title: String,
    pub last_key: i32,
    pub intro: String,
    /// JSON of the questions.
    pub questions: String,
    /// JSON of the scoring, if scored.
    pub scoring: Option<String>,
}

/// Inserts an exercise with its version 1; the one way create, duplicate and the shipped
/// examples make an exercise.
pub(crate) async fn insert_new(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    new: FirstVersion,
) -> Result<i32, AppError> {
    let created = exercise::ActiveModel {
        organization_id: Set(new.organization_id),
        title: Set(new.title),
        current_version: Set(1),
        last_key: Set(new.last_key),
        created_by: Set(new.created_by),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    exercise_version::ActiveModel {
        exercise_id: Set(created.id),
        version: Set(1),
        intro: Set(new.intro),
        questions: Set(new.questions),
        frozen_at: Set(None),
        scoring: Set(new.scoring),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(created.id)
}

pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    title: &str,
    intro: &str,
) -> Result<i32, AppError> {
    tenant.require_staff()?;
    tenant.writable()?;
    let title = text("title", title, 200, true)?;
    let intro = text("intro", intro, 20_000, false)?;
    insert_new(
        db,
        now,
        FirstVersion {
            organization_id: tenant.organization_id,
            created_by: Some(tenant.user_id),
            title,
            last_key: 0,
            intro,
            questions: "[]".to_string(),
            scoring: None,
        },
    )
    .await
}

/// A new exercise with the current content, at version 1, never given to anyone.
pub async fn duplicate(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
) -> Result<i32, AppError> {
    let found = own(db, tenant, id).await?;
    tenant.writable()?;
    let version = current(db, &found).await?;
    let title: String = format!("{} (kopie)", found.title)
        .chars()
        .take(200)
        .collect();
    insert_new(
        db,
        now,
        FirstVersion {
            organization_id: tenant.organization_id,
            created_by: Some(tenant.user_id),
            title,
            last_key: found.last_key,
            intro: version.intro,
            questions: version.questions,
            scoring: version.scoring,
        },
    )
    .await
}

pub async fn set_archived(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    archive: bool,
) -> Result<(), AppError> {
    let found = own(db, tenant, id).await?;
    tenant.writable()?;
    let mut active = found.into_active_model();
    active.archived_at = Set(archive.then_some(now));
    active.updated_at = Set(now);
    active.update(db).await?;
    Ok(())
}
