//! Handing an assignment in: the checks that everything required is there, the score
//! computed on the server, and the notice to the coaches.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::stored_values;
use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::assignments::{AssignmentStatus, NoticeKind};
use crate::model::exercises::QuestionDto;
use crate::server::auth::TenantContext;
use crate::server::entity::{answer, assignment, client, exercise_version, trajectory};
use crate::server::service::notices::{self, About};
use crate::server::service::sealing::ASSIGNMENT_SCORES;
use crate::server::service::{access_log, begin_write, finish, scoring};
use crate::server::stored;

/// What submitting works on: the assignment, its dossier, the version given (with its
/// questions, as the caller already read them) and the answers as they are stored now.
pub(super) struct Submission<'a> {
    pub found: &'a assignment::Model,
    pub dossier: &'a client::Model,
    pub version: &'a exercise_version::Model,
    pub questions: &'a [QuestionDto],
    pub stored: &'a [answer::Model],
    /// The client ticked "I am done".
    pub confirmed: bool,
}

/// Hands the assignment in when every required question is answered and the client
/// confirmed, scores it the way the version given is scored, and tells the coaches.
/// Returns the problems that keep it from being handed in (none when it was).
pub(super) async fn submit(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    s: Submission<'_>,
) -> Result<Vec<(String, FieldProblem)>, AppError> {
    let mut problems = Vec::new();
    for q in s.questions.iter().filter(|q| q.required) {
        let answered = s
            .stored
            .iter()
            .any(|a| a.question_key == q.key && !stored_values(&a.value).is_empty());
        if !answered {
            problems.push((q.key.clone(), FieldProblem::Required));
        }
    }
    if !s.confirmed {
        problems.push(("confirm".to_string(), FieldProblem::MustAgree));
    }
    if !problems.is_empty() {
        return Ok(problems);
    }
    // Scored on the server, the way the version given was scored.
    let rules = stored::scoring(s.version.scoring.as_deref())?;
    let given: BTreeMap<String, Vec<String>> = s
        .stored
        .iter()
        .map(|a| (a.question_key.clone(), stored_values(&a.value)))
        .collect();
    let scores = scoring::score(&rules, s.questions, &given);
    let scores = (!rules.scales.is_empty())
        .then(|| stored::scores_json(&scores))
        .transpose()?;
    let txn = begin_write(db).await?;
    let result = async {
        let scores = match &scores {
            Some(scores) => Some(
                ASSIGNMENT_SCORES
                    .seal(&txn, tenant, s.found.id, scores)
                    .await?,
            ),
            None => None,
        };
        let submitted = assignment::Entity::update_many()
            .col_expr(assignment::Column::Scores, Expr::value(scores))
            .col_expr(
                assignment::Column::Status,
                Expr::value(AssignmentStatus::Submitted),
            )
            .col_expr(assignment::Column::SubmittedAt, Expr::value(now))
            .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
            .filter(assignment::Column::Id.eq(s.found.id))
            .filter(assignment::Column::Status.ne(AssignmentStatus::Submitted))
            .exec(&txn)
            .await?;
        if submitted.rows_affected == 1 {
            access_log::changed(
                &txn,
                tenant,
                s.dossier.id,
                LogArea::Exercises,
                Some(s.found.id),
                LogAction::Change,
            )
            .await?;
        }
        Ok(submitted)
    }
    .await;
    let submitted = finish(txn, result).await?;
    if submitted.rows_affected == 1 {
        // Handing it in settles what the client was told about it.
        notices::seen(db, now, tenant, [About::Assignment(s.found.id)]).await?;
        let trajectory_coach = trajectory::Entity::find_by_id(s.found.trajectory_id)
            .one(db)
            .await?
            .and_then(|t| t.coach_id);
        let coaches = [
            s.found.assigned_by,
            trajectory_coach,
            s.dossier.responsible_coach_id,
        ];
        notices::notify(
            db,
            now,
            tenant.organization_id,
            coaches.into_iter().flatten(),
            NoticeKind::Submitted,
            About::Assignment(s.found.id),
        )
        .await?;
    }
    Ok(problems)
}
