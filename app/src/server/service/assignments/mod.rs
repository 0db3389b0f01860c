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
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QueryResult, QuerySelect, RelationTrait,
};

use crate::error::AppError;
use crate::model::assignments::AnswerDto;
use crate::server::auth::TenantContext;
use crate::server::entity::{answer, assignment, exercise, exercise_version};
use crate::server::service::clients::Dossier;
use crate::server::service::sealing::{ANSWER_FEEDBACK, ANSWER_VALUE};

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

/// The assignment's answers, opened (values and feedback are sealed at rest). The
/// assignment is the tenant's organization's: callers reached it through its access check.
pub(crate) async fn stored_answers(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    assignment_id: i32,
) -> Result<Vec<answer::Model>, AppError> {
    let mut found = answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(assignment_id))
        .all(db)
        .await?;
    for a in &mut found {
        a.value = ANSWER_VALUE
            .open(
                db,
                tenant,
                (a.assignment_id, a.question_key.as_str()),
                &a.value,
            )
            .await?;
        if let Some(feedback) = &a.feedback {
            a.feedback = Some(ANSWER_FEEDBACK.open(db, tenant, a.id, feedback).await?);
        }
    }
    Ok(found)
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
pub(crate) struct Given {
    /// Per assignment, how many of its questions have an answer.
    pub answered: std::collections::HashMap<i32, usize>,
    pub assignments: Vec<assignment::Model>,
    pub exercises: Vec<exercise::Model>,
    pub versions: Vec<exercise_version::Model>,
}

/// An assignment row with its count of answered questions, read under the prefix of the
/// joined query it is part of; the count is a column of its own.
struct Counted {
    assignment: assignment::Model,
    answered: i64,
}

impl FromQueryResult for Counted {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(Counted {
            assignment: assignment::Model::from_query_result(row, prefix)?,
            answered: row.try_get(prefix, "answered")?,
        })
    }
}

pub(crate) async fn given(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<std::sync::Arc<Given>, AppError> {
    dossier
        .remember("assignments", async {
            // Each assignment with how many questions it has answers to, the version it was
            // given and its exercise, in one query.
            let answered = Query::select()
                .expr(Expr::col((answer::Entity, answer::Column::Id)).count())
                .from(answer::Entity)
                .and_where(
                    Expr::col((answer::Entity, answer::Column::AssignmentId))
                        .equals((assignment::Entity, assignment::Column::Id)),
                )
                .and_where(Expr::col((answer::Entity, answer::Column::Value)).ne("[]"))
                .to_owned();
            let found = assignment::Entity::find()
                .column_as(
                    SimpleExpr::SubQuery(None, Box::new(answered.into_sub_query_statement())),
                    "answered",
                )
                .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
                .filter(assignment::Column::ClientId.eq(dossier.id))
                .order_by_desc(assignment::Column::CreatedAt)
                .order_by_desc(assignment::Column::Id)
                .find_also_related(exercise_version::Entity)
                .select_also(exercise::Entity)
                .join(
                    JoinType::LeftJoin,
                    exercise_version::Relation::Exercise.def(),
                )
                .into_model::<Counted, exercise_version::Model, exercise::Model>()
                .all(db)
                .await?;
            let (mut assignments, mut versions, mut exercises) =
                (Vec::new(), Vec::new(), Vec::new());
            let mut answered = std::collections::HashMap::new();
            let mut seen = std::collections::HashSet::new();
            for (a, version, exercise) in found {
                answered.insert(a.assignment.id, a.answered as usize);
                assignments.push(a.assignment);
                versions.extend(version);
                exercises.extend(exercise.filter(|e| seen.insert(e.id)));
            }
            Ok(std::sync::Arc::new(Given {
                assignments,
                answered,
                exercises,
                versions,
            }))
        })
        .await
}
