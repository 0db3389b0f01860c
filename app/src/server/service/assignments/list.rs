//! The assignments of a dossier or of the signed-in client, with how far each is, and one
//! assignment to read with its questions and answers.

use sea_orm::{DatabaseConnection, EntityTrait};

use super::access::reachable;
use super::{answer_dto, day, given, stored_answers, version_of};
use crate::error::AppError;
use crate::model::access_log::{LogAction, LogArea};
use crate::model::assignments::{AssignmentDto, AssignmentRow};
use crate::server::auth::TenantContext;
use crate::server::entity::{assignment, exercise, exercise_version, trajectory, user};
use crate::server::local_time;
use crate::server::markdown::to_safe_html;
use crate::server::service::access_log;
use crate::server::service::clients::{Dossier, OwnDossier};
use crate::server::service::sealing::{ASSIGNMENT_FEEDBACK, ASSIGNMENT_SCORES};
use crate::server::stored;

fn rows(
    found: Vec<assignment::Model>,
    titles: &[exercise::Model],
    versions: &[exercise_version::Model],
    answered: &std::collections::HashMap<i32, usize>,
    trajectories: &[trajectory::Model],
) -> Result<Vec<AssignmentRow>, AppError> {
    found
        .into_iter()
        .map(|a| {
            let version = versions.iter().find(|v| v.id == a.exercise_version_id);
            Ok(AssignmentRow {
                id: a.id,
                exercise: titles
                    .iter()
                    .find(|e| e.id == a.exercise_id)
                    .map(|e| e.title.clone())
                    .unwrap_or_default(),
                version: version.map(|v| v.version).unwrap_or(1),
                trajectory: trajectories
                    .iter()
                    .find(|t| t.id == a.trajectory_id)
                    .map(|t| t.title.clone())
                    .unwrap_or_default(),
                due: day(a.due_date),
                assigned: local_time::local_date(a.created_at)
                    .format("%Y-%m-%d")
                    .to_string(),
                submitted: a.submitted_at.map(local_time::to_display),
                answered: answered.get(&a.id).copied().unwrap_or(0),
                questions: version
                    .map(|v| stored::questions(&v.questions))
                    .transpose()?
                    .map(|q| q.len())
                    .unwrap_or(0),
                has_feedback: a.feedback_at.is_some(),
                status: a.status,
            })
        })
        .collect()
}

/// The assignments of one dossier, newest first.
pub async fn for_dossier(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<AssignmentRow>, AppError> {
    dossier.read(db, LogArea::Exercises, None).await?;
    dossier
        .remember("assignment_rows", async {
            let given = given(db, tenant, dossier).await?;
            rows(
                given.assignments.clone(),
                &given.exercises,
                &given.versions,
                &given.answered,
                dossier.trajectories(db).await?,
            )
        })
        .await
}

pub async fn mine(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    own: Option<&OwnDossier>,
) -> Result<Vec<AssignmentRow>, AppError> {
    let Some(own) = own else {
        return Ok(Vec::new());
    };
    let lookups = own.lookups();
    let given = given(db, tenant, lookups).await?;
    rows(
        given.assignments.clone(),
        &given.exercises,
        &given.versions,
        &given.answered,
        lookups.trajectories(db).await?,
    )
}

/// One assignment with its questions (of the version that was given) and answers.
pub async fn view(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<AssignmentDto, AppError> {
    let (found, dossier) = reachable(db, tenant, id).await?;
    if tenant.is_staff() {
        access_log::changed(
            db,
            tenant,
            dossier.id,
            LogArea::Exercises,
            Some(id),
            LogAction::Read,
        )
        .await?;
    }
    let version = version_of(db, &found).await?;
    let title = exercise::Entity::find_by_id(found.exercise_id)
        .one(db)
        .await?
        .map(|e| e.title)
        .unwrap_or_default();
    let trajectory = trajectory::Entity::find_by_id(found.trajectory_id)
        .one(db)
        .await?
        .map(|t| t.title)
        .unwrap_or_default();
    let feedback_by = match found.feedback_by {
        Some(by) => user::Entity::find_by_id(by).one(db).await?.map(|u| u.name),
        None => None,
    };
    let answers = stored_answers(db, tenant, found.id)
        .await?
        .into_iter()
        .map(answer_dto)
        .collect();
    let scores = match &found.scores {
        Some(sealed) if tenant.is_staff() || found.show_results => {
            let opened = ASSIGNMENT_SCORES.open(db, tenant, found.id, sealed).await?;
            stored::scores(Some(&opened))
        }
        _ => Vec::new(),
    };
    let feedback = match &found.feedback {
        Some(sealed) => Some(
            ASSIGNMENT_FEEDBACK
                .open(db, tenant, found.id, sealed)
                .await?,
        ),
        None => None,
    };
    Ok(AssignmentDto {
        id: found.id,
        client_id: dossier.id,
        client_name: dossier.name,
        exercise: title,
        version: version.version,
        trajectory,
        intro_html: to_safe_html(&version.intro),
        questions: stored::questions(&version.questions)?,
        answers,
        message: found.message,
        due: day(found.due_date),
        status: found.status,
        submitted: found.submitted_at.map(local_time::to_display),
        feedback,
        feedback_by,
        scores,
        show_results: found.show_results,
    })
}
