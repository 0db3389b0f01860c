//! Giving an exercise to a client in one of their trajectories (its current version is
//! frozen for them), and withdrawing it while the client has not started.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::access::for_staff;
use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::assignments::{AssignForm, AssignmentStatus, NoticeKind};
use crate::model::exercises::ExerciseRow;
use crate::model::trajectories::TrajectoryStatus;
use crate::server::auth::TenantContext;
use crate::server::entity::{assignment, exercise, trajectory};
use crate::server::local_time;
use crate::server::service::clients::Dossier;
use crate::server::service::notices::{self, About};
use crate::server::service::{access_log, begin_write, exercises, finish};
use crate::server::stored;

/// What can be given in `dossier`: the organization's exercises that are not archived.
pub async fn choices(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<ExerciseRow>, AppError> {
    dossier
        .remember("exercises", exercises::list(db, tenant, false))
        .await
}

pub async fn assign(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
    input: &AssignForm,
) -> Result<i32, AppError> {
    tenant.writable()?;
    let mut problems = Vec::new();
    let trajectory = match input.trajectory_id.trim().parse::<i32>() {
        Ok(id) => {
            trajectory::Entity::find_by_id(id)
                .filter(trajectory::Column::ClientId.eq(dossier.id))
                .filter(trajectory::Column::Status.ne(TrajectoryStatus::Closed))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    if trajectory.is_none() {
        problems.push(("trajectory_id".to_string(), FieldProblem::Required));
    }
    let chosen = match input.exercise_id.trim().parse::<i32>() {
        Ok(id) => {
            exercise::Entity::find_by_id(id)
                .filter(exercise::Column::OrganizationId.eq(tenant.organization_id))
                .filter(exercise::Column::ArchivedAt.is_null())
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    // The version a client would get: the current one, which must have questions.
    let version = match &chosen {
        None => {
            problems.push(("exercise_id".to_string(), FieldProblem::Required));
            None
        }
        Some(found) => {
            let version = exercises::current(db, found).await?;
            if stored::questions(&version.questions)?.is_empty() {
                problems.push(("exercise_id".to_string(), FieldProblem::ExerciseEmpty));
            }
            Some(version)
        }
    };
    let due = match input.due_date.trim() {
        "" => None,
        raw => match local_time::parse_day(raw) {
            Some(d) => Some(d),
            None => {
                problems.push(("due_date".to_string(), FieldProblem::DateFormat));
                None
            }
        },
    };
    let message = input.message.trim();
    if message.chars().count() > 2_000 {
        problems.push(("message".to_string(), FieldProblem::TooLong));
    }
    let (Some(trajectory), Some(chosen), Some(version), true) =
        (trajectory, chosen, version, problems.is_empty())
    else {
        return Err(AppError::Invalid { fields: problems });
    };
    let version_id = exercises::freeze(db, now, version).await?;
    let txn = begin_write(db).await?;
    let result = async {
        let created = assignment::ActiveModel {
            organization_id: Set(tenant.organization_id),
            client_id: Set(dossier.id),
            trajectory_id: Set(trajectory.id),
            exercise_id: Set(chosen.id),
            exercise_version_id: Set(version_id),
            assigned_by: Set(Some(tenant.user_id)),
            message: Set((!message.is_empty()).then(|| message.to_string())),
            due_date: Set(due),
            status: Set(AssignmentStatus::Open),
            started_at: Set(None),
            submitted_at: Set(None),
            feedback: Set(None),
            feedback_by: Set(None),
            feedback_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            scores: Set(None),
            show_results: Set(input.show_results == "yes"),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        access_log::changed(
            &txn,
            tenant,
            created.client_id,
            LogArea::Exercises,
            Some(created.id),
            LogAction::Create,
        )
        .await?;
        Ok(created)
    }
    .await;
    let created = finish(txn, result).await?;
    if let Some(login) = dossier.user_id {
        notices::notify(
            db,
            now,
            tenant.organization_id,
            [login],
            NoticeKind::Assigned,
            About::Assignment(created.id),
        )
        .await?;
    }
    Ok(created.id)
}

/// Removes an assignment the client has not started; one with answers stays.
pub async fn withdraw(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let (found, _) = for_staff(db, tenant, id).await?;
    tenant.writable()?;
    let txn = begin_write(db).await?;
    let result = async {
        let removed = assignment::Entity::delete_many()
            .filter(assignment::Column::Id.eq(found.id))
            .filter(assignment::Column::Status.eq(AssignmentStatus::Open))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(AppError::Locked);
        }
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Exercises,
            Some(id),
            LogAction::Delete,
        )
        .await
    }
    .await;
    finish(txn, result).await
}
