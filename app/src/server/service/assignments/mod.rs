//! Exercises given to clients and the client's answers. Every read and write of answers
//! and feedback is in this area, so encryption at rest and the access log live in one
//! place. One file per job:
//! - `access`: which assignment an actor may reach (staff through the dossier, a client
//!   only in their own);
//! - `assign`: giving an exercise in a trajectory, and withdrawing it before it is started;
//! - `list`: the assignments of a dossier or of the client, and one assignment to read;
//! - `answers`: saving answers (autosave and the form that works without JavaScript);
//! - `submit`: handing in, scored on the server;
//! - `review`: the coach's feedback, reopening and showing results;
//! - `results`: submitted scores over time.

mod access;
mod answers;
mod assign;
mod list;
mod results;
mod review;
mod submit;

pub(crate) use access::reachable_many;
pub use answers::{answerable, answers, checked_answer, save, save_form, FormAnswers, FormOutcome};
pub use assign::{assign, choices, withdraw};
pub use list::{for_dossier, mine, view};
pub use results::{my_results, results};
pub use review::{feedback, reopen, set_show_results};

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use crate::error::AppError;
use crate::model::assignments::AnswerDto;
use crate::server::auth::TenantContext;
use crate::server::entity::{answer, assignment, exercise, exercise_version};
use crate::server::service::clients::Dossier;

fn stored_values(raw: &str) -> Vec<String> {
    serde_json::from_str(raw).unwrap_or_default()
}

fn json(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".to_string())
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

async fn version_of(
    db: &DatabaseConnection,
    found: &assignment::Model,
) -> Result<exercise_version::Model, AppError> {
    exercise_version::Entity::find_by_id(found.exercise_version_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)
}

async fn stored_answers(
    db: &DatabaseConnection,
    assignment_id: i32,
) -> Result<Vec<answer::Model>, AppError> {
    Ok(answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(assignment_id))
        .all(db)
        .await?)
}

fn answer_dto(a: answer::Model) -> AnswerDto {
    AnswerDto {
        values: stored_values(&a.value),
        key: a.question_key,
        seq: a.seq,
        document_id: a.document_id,
        feedback: a.feedback,
    }
}

/// The exercises and the versions given in `found`, in two queries whatever its length.
/// A dossier's assignments, newest first, with the exercises and versions they were given:
/// read once per request for the dossier's list and its results.
#[derive(Clone)]
pub(super) struct Given {
    pub assignments: Vec<assignment::Model>,
    pub exercises: Vec<exercise::Model>,
    pub versions: Vec<exercise_version::Model>,
}

pub(super) async fn given(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<std::sync::Arc<Given>, AppError> {
    dossier
        .remember("assignments", async {
            let assignments = assignment::Entity::find()
                .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
                .filter(assignment::Column::ClientId.eq(dossier.id))
                .order_by_desc(assignment::Column::CreatedAt)
                .order_by_desc(assignment::Column::Id)
                .all(db)
                .await?;
            let (exercises, versions) = exercises_of(db, &assignments).await?;
            Ok(std::sync::Arc::new(Given {
                assignments,
                exercises,
                versions,
            }))
        })
        .await
}

async fn exercises_of(
    db: &DatabaseConnection,
    found: &[assignment::Model],
) -> Result<(Vec<exercise::Model>, Vec<exercise_version::Model>), AppError> {
    let exercises = exercise::Entity::find()
        .filter(exercise::Column::Id.is_in(found.iter().map(|a| a.exercise_id)))
        .all(db)
        .await?;
    let versions = exercise_version::Entity::find()
        .filter(exercise_version::Column::Id.is_in(found.iter().map(|a| a.exercise_version_id)))
        .all(db)
        .await?;
    Ok((exercises, versions))
}
