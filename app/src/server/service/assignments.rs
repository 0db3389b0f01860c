//! Exercises given to clients and the client's answers. Every read and write of answers
//! and feedback is here, so encryption at rest and the access log can be added in one
//! place.
//!
//! Answers are saved per question as the client types. Each save carries the client's
//! typing order (`seq`); the stored value changes only for a higher one, in a single
//! conditional statement, so saves that arrive late, twice or from two tabs at once end
//! with the value typed last.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::assignments::NoticeKind;
use crate::model::assignments::{
    AnswerDto, AssignmentDto, AssignmentRow, AssignmentStatus, PointDto, ResultsDto, SaveOutcome,
    SeriesDto,
};
use crate::model::exercises::{QuestionDto, QuestionKind, MAX_LONG, MAX_SHORT};
use crate::model::trajectories::TrajectoryStatus;
use crate::server::auth::TenantContext;
use crate::server::entity::{
    answer, assignment, client, exercise, exercise_version, trajectory, user,
};
use crate::server::local_time;
use crate::server::markdown::to_safe_html;
use crate::server::service::clients::Dossier;
use crate::server::service::notices::{self, About};
use crate::server::service::{clients, documents, exercises, scoring};
use crate::server::storage::DocumentStorage;
use crate::server::stored;
use crate::types::Role;

const MAX_FEEDBACK: usize = 5_000;

pub struct AssignInput<'a> {
    pub trajectory_id: &'a str,
    pub exercise_id: &'a str,
    pub due_date: &'a str,
    pub message: &'a str,
    pub show_results: bool,
}

/// What the answer form (the one that works without JavaScript) sent.
#[derive(Debug, Default)]
pub struct FormAnswers {
    /// Every value per question; a question the form carried but with no value at all
    /// (nothing ticked) is in `bases` only.
    pub values: BTreeMap<String, Vec<String>>,
    /// Per question, the save the page knew when it was shown.
    pub bases: BTreeMap<String, i64>,
    /// Uploads for file questions: question key, file name, bytes.
    pub files: Vec<(String, String, Vec<u8>)>,
    pub submit: bool,
    pub confirm: bool,
}

/// How a form save went: problems to show next to questions, and questions whose stored
/// answer was changed elsewhere after the page was shown (that answer stays).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FormOutcome {
    pub problems: Vec<(String, FieldProblem)>,
    pub conflicts: Vec<String>,
    pub submitted: bool,
}

/// Checks a value against its question and returns it in stored form: no empty strings,
/// choices in the order the question lists them.
pub fn checked_answer(q: &QuestionDto, values: &[String]) -> Result<Vec<String>, FieldProblem> {
    let given: Vec<&String> = values.iter().filter(|v| !v.trim().is_empty()).collect();
    let single = |max: usize| -> Result<Vec<String>, FieldProblem> {
        match given.as_slice() {
            [] => Ok(Vec::new()),
            [one] if one.chars().count() <= max => Ok(vec![(*one).clone()]),
            [_] => Err(FieldProblem::TooLong),
            _ => Err(FieldProblem::AnswerInvalid),
        }
    };
    match q.kind {
        QuestionKind::ShortText => single(MAX_SHORT),
        QuestionKind::LongText => single(MAX_LONG),
        QuestionKind::Scale => {
            let value = single(10)?;
            match value.first().map(|v| v.trim().parse::<i32>()) {
                None => Ok(value),
                Some(Ok(point)) if (q.scale_min..=q.scale_max).contains(&point) => {
                    Ok(vec![point.to_string()])
                }
                Some(_) => Err(FieldProblem::AnswerInvalid),
            }
        }
        QuestionKind::SingleChoice => {
            let value = single(300)?;
            if value.iter().all(|v| q.options.contains(v)) {
                Ok(value)
            } else {
                Err(FieldProblem::AnswerInvalid)
            }
        }
        QuestionKind::MultipleChoice | QuestionKind::Checklist => {
            if given.iter().any(|v| !q.options.contains(v)) {
                return Err(FieldProblem::AnswerInvalid);
            }
            Ok(q.options
                .iter()
                .filter(|o| given.contains(o))
                .cloned()
                .collect())
        }
        QuestionKind::Date => {
            let value = single(10)?;
            match value.first() {
                Some(day) if local_time::parse_day(day).is_none() => Err(FieldProblem::DateFormat),
                _ => Ok(value),
            }
        }
        // A file arrives as an upload, never as typed text.
        QuestionKind::File => Err(FieldProblem::AnswerInvalid),
    }
}

fn stored_values(raw: &str) -> Vec<String> {
    serde_json::from_str(raw).unwrap_or_default()
}

fn json(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".to_string())
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// An assignment in a dossier the staff member may open.
async fn for_staff(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(assignment::Model, client::Model), AppError> {
    tenant.require_staff()?;
    let found = assignment::Entity::find_by_id(id)
        .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let dossier = clients::open(db, tenant, found.client_id).await?;
    Ok((found, dossier.into_row()))
}

/// An assignment in the client's own dossier.
async fn for_client(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(assignment::Model, client::Model), AppError> {
    if tenant.role != Role::Client {
        return Err(AppError::Forbidden);
    }
    let dossier = clients::of_login(db, tenant, tenant.user_id).await?;
    let found = assignment::Entity::find_by_id(id)
        .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(assignment::Column::ClientId.eq(dossier.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((found, dossier))
}

pub(crate) async fn reachable(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(assignment::Model, client::Model), AppError> {
    if tenant.role == Role::Client {
        for_client(db, tenant, id).await
    } else {
        for_staff(db, tenant, id).await
    }
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

pub async fn assign(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
    input: &AssignInput<'_>,
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
    match &chosen {
        None => problems.push(("exercise_id".to_string(), FieldProblem::Required)),
        Some(found) => {
            let current = exercises::get(db, tenant, found.id).await?;
            if current.questions.is_empty() {
                problems.push(("exercise_id".to_string(), FieldProblem::ExerciseEmpty));
            }
        }
    }
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
    let (Some(trajectory), Some(chosen), true) = (trajectory, chosen, problems.is_empty()) else {
        return Err(AppError::Invalid { fields: problems });
    };
    let version_id = exercises::freeze_current(db, now, tenant, chosen.id).await?;
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
        show_results: Set(input.show_results),
        ..Default::default()
    }
    .insert(db)
    .await?;
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

#[derive(Debug, FromQueryResult)]
struct Answered {
    assignment_id: i32,
    n: i64,
}

async fn rows(
    db: &DatabaseConnection,
    found: Vec<assignment::Model>,
) -> Result<Vec<AssignmentRow>, AppError> {
    let ids: Vec<i32> = found.iter().map(|a| a.id).collect();
    let titles = exercise::Entity::find()
        .filter(exercise::Column::Id.is_in(found.iter().map(|a| a.exercise_id)))
        .all(db)
        .await?;
    let versions = exercise_version::Entity::find()
        .filter(exercise_version::Column::Id.is_in(found.iter().map(|a| a.exercise_version_id)))
        .all(db)
        .await?;
    let trajectories = trajectory::Entity::find()
        .filter(trajectory::Column::Id.is_in(found.iter().map(|a| a.trajectory_id)))
        .all(db)
        .await?;
    let answered = answer::Entity::find()
        .select_only()
        .column(answer::Column::AssignmentId)
        .column_as(Expr::col(answer::Column::Id).count(), "n")
        .filter(answer::Column::AssignmentId.is_in(ids))
        .filter(answer::Column::Value.ne("[]"))
        .group_by(answer::Column::AssignmentId)
        .into_model::<Answered>()
        .all(db)
        .await?;
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
                answered: answered
                    .iter()
                    .find(|c| c.assignment_id == a.id)
                    .map(|c| c.n as usize)
                    .unwrap_or(0),
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

pub async fn for_dossier(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<AssignmentRow>, AppError> {
    let found = assignment::Entity::find()
        .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(assignment::Column::ClientId.eq(dossier.id))
        .order_by_desc(assignment::Column::CreatedAt)
        .order_by_desc(assignment::Column::Id)
        .all(db)
        .await?;
    rows(db, found).await
}

pub async fn mine(
    db: &DatabaseConnection,
    tenant: &TenantContext,
) -> Result<Vec<AssignmentRow>, AppError> {
    if tenant.role != Role::Client {
        return Err(AppError::Forbidden);
    }
    let Ok(dossier) = clients::of_login(db, tenant, tenant.user_id).await else {
        return Ok(Vec::new());
    };
    let found = assignment::Entity::find()
        .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(assignment::Column::ClientId.eq(dossier.id))
        .order_by_desc(assignment::Column::CreatedAt)
        .order_by_desc(assignment::Column::Id)
        .all(db)
        .await?;
    rows(db, found).await
}

/// One assignment with its questions (of the version that was given) and answers. Opening
/// it marks the reader's notices about it as read.
pub async fn view(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
) -> Result<AssignmentDto, AppError> {
    let (found, dossier) = reachable(db, tenant, id).await?;
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
    let answers = stored_answers(db, found.id)
        .await?
        .into_iter()
        .map(answer_dto)
        .collect();
    let scores = if tenant.is_staff() || found.show_results {
        stored::scores(found.scores.as_deref())
    } else {
        Vec::new()
    };
    notices::seen(db, now, tenant, [About::Assignment(found.id)]).await?;
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
        feedback: found.feedback,
        feedback_by,
        scores,
        show_results: found.show_results,
    })
}

pub async fn answers(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<Vec<AnswerDto>, AppError> {
    let (found, _) = for_client(db, tenant, id).await?;
    Ok(stored_answers(db, found.id)
        .await?
        .into_iter()
        .map(answer_dto)
        .collect())
}

/// Stores `values` for one question unless a later save is already stored. Returns the
/// row as it is now.
async fn store(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    assignment_id: i32,
    key: &str,
    values: &[String],
    document_id: Option<i32>,
    seq: i64,
) -> Result<answer::Model, AppError> {
    let value = json(values);
    let update = || {
        let mut update = answer::Entity::update_many()
            .col_expr(answer::Column::Value, Expr::value(value.clone()))
            .col_expr(answer::Column::Seq, Expr::value(seq))
            .col_expr(answer::Column::SavedAt, Expr::value(now));
        if document_id.is_some() {
            update = update.col_expr(answer::Column::DocumentId, Expr::value(document_id));
        }
        update
            .filter(answer::Column::AssignmentId.eq(assignment_id))
            .filter(answer::Column::QuestionKey.eq(key))
            .filter(answer::Column::Seq.lt(seq))
    };
    if update().exec(db).await?.rows_affected == 0 {
        let inserted = answer::Entity::insert(answer::ActiveModel {
            assignment_id: Set(assignment_id),
            question_key: Set(key.to_string()),
            value: Set(value.clone()),
            document_id: Set(document_id),
            seq: Set(seq),
            saved_at: Set(now),
            feedback: Set(None),
            feedback_by: Set(None),
            feedback_at: Set(None),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([answer::Column::AssignmentId, answer::Column::QuestionKey])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        if inserted == 0 {
            // Another save created the row between the two statements.
            update().exec(db).await?;
        }
    }
    answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(assignment_id))
        .filter(answer::Column::QuestionKey.eq(key))
        .one(db)
        .await?
        .ok_or(AppError::Internal)
}

async fn mark_started(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    assignment_id: i32,
) -> Result<(), AppError> {
    assignment::Entity::update_many()
        .col_expr(
            assignment::Column::Status,
            Expr::value(AssignmentStatus::Started),
        )
        .col_expr(assignment::Column::StartedAt, Expr::value(now))
        .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
        .filter(assignment::Column::Id.eq(assignment_id))
        .filter(assignment::Column::Status.eq(AssignmentStatus::Open))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether the client may send answers to this assignment now.
pub async fn answerable(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let (found, _) = for_client(db, tenant, id).await?;
    tenant.writable()?;
    if found.status == AssignmentStatus::Submitted {
        return Err(AppError::Locked);
    }
    Ok(())
}

/// Saves one typed answer (autosave).
pub async fn save(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    key: &str,
    values: Vec<String>,
    seq: i64,
) -> Result<SaveOutcome, AppError> {
    let (found, _) = for_client(db, tenant, id).await?;
    tenant.writable()?;
    if found.status == AssignmentStatus::Submitted {
        return Err(AppError::Locked);
    }
    let version = version_of(db, &found).await?;
    let questions = stored::questions(&version.questions)?;
    let question = questions
        .iter()
        .find(|q| q.key == key)
        .ok_or(AppError::NotFound)?;
    let values = checked_answer(question, &values).map_err(|p| AppError::field(key, p))?;
    let stored = store(db, now, found.id, key, &values, None, seq).await?;
    mark_started(db, now, found.id).await?;
    Ok(SaveOutcome {
        kept: stored.seq == seq,
        values: stored_values(&stored.value),
        seq: stored.seq,
        key: stored.question_key,
    })
}

/// Saves what the answer form sent, and submits when asked and everything required is
/// answered. What was saved stays saved, also when the submit is refused.
pub async fn save_form(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    form: FormAnswers,
) -> Result<FormOutcome, AppError> {
    let (found, dossier) = for_client(db, tenant, id).await?;
    tenant.writable()?;
    if found.status == AssignmentStatus::Submitted {
        return Err(AppError::Locked);
    }
    let questions = stored::questions(&version_of(db, &found).await?.questions)?;
    let mut stored = stored_answers(db, found.id).await?;
    let mut outcome = FormOutcome::default();
    let mut changed = false;
    for q in &questions {
        let existing = stored.iter().find(|a| a.question_key == q.key);
        let next_seq = existing
            .map(|a| a.seq + 1)
            .unwrap_or(0)
            .max(now.timestamp_millis());
        if q.kind == QuestionKind::File {
            let Some((_, filename, bytes)) = form
                .files
                .iter()
                .find(|(key, name, bytes)| *key == q.key && !(name.is_empty() && bytes.is_empty()))
            else {
                continue;
            };
            match documents::upload(db, storage, now, tenant, None, filename, bytes).await {
                Ok(document) => {
                    let name = documents::clean_name(filename);
                    store(db, now, found.id, &q.key, &[name], Some(document), next_seq).await?;
                    changed = true;
                }
                Err(AppError::Invalid { fields }) => {
                    for (_, problem) in fields {
                        outcome.problems.push((q.key.clone(), problem));
                    }
                }
                Err(error) => return Err(error),
            }
            continue;
        }
        let Some(base) = form.bases.get(&q.key) else {
            continue;
        };
        let given = form.values.get(&q.key).cloned().unwrap_or_default();
        let values = match checked_answer(q, &given) {
            Ok(values) => values,
            Err(problem) => {
                outcome.problems.push((q.key.clone(), problem));
                continue;
            }
        };
        match existing {
            None if values.is_empty() => continue,
            Some(a) if stored_values(&a.value) == values => continue,
            // Saved elsewhere after this page was shown: that answer is the later one.
            Some(a) if a.seq > *base => {
                outcome.conflicts.push(q.key.clone());
                continue;
            }
            _ => {}
        }
        store(db, now, found.id, &q.key, &values, None, next_seq).await?;
        changed = true;
    }
    if changed {
        mark_started(db, now, found.id).await?;
        stored = stored_answers(db, found.id).await?;
    }
    if !form.submit || !outcome.problems.is_empty() {
        return Ok(outcome);
    }
    for q in questions.iter().filter(|q| q.required) {
        let answered = stored
            .iter()
            .any(|a| a.question_key == q.key && !stored_values(&a.value).is_empty());
        if !answered {
            outcome
                .problems
                .push((q.key.clone(), FieldProblem::Required));
        }
    }
    if !form.confirm {
        outcome
            .problems
            .push(("confirm".to_string(), FieldProblem::MustAgree));
    }
    if !outcome.problems.is_empty() {
        return Ok(outcome);
    }
    // Scored on the server, the way the version given was scored.
    let version = version_of(db, &found).await?;
    let rules = stored::scoring(version.scoring.as_deref())?;
    let given: BTreeMap<String, Vec<String>> = stored
        .iter()
        .map(|a| (a.question_key.clone(), stored_values(&a.value)))
        .collect();
    let scores = scoring::score(&rules, &questions, &given);
    let scores = (!rules.scales.is_empty())
        .then(|| stored::scores_json(&scores))
        .transpose()?;
    let submitted = assignment::Entity::update_many()
        .col_expr(assignment::Column::Scores, Expr::value(scores))
        .col_expr(
            assignment::Column::Status,
            Expr::value(AssignmentStatus::Submitted),
        )
        .col_expr(assignment::Column::SubmittedAt, Expr::value(now))
        .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
        .filter(assignment::Column::Id.eq(found.id))
        .filter(assignment::Column::Status.ne(AssignmentStatus::Submitted))
        .exec(db)
        .await?;
    if submitted.rows_affected == 1 {
        let trajectory_coach = trajectory::Entity::find_by_id(found.trajectory_id)
            .one(db)
            .await?
            .and_then(|t| t.coach_id);
        let coaches = [
            found.assigned_by,
            trajectory_coach,
            dossier.responsible_coach_id,
        ];
        notices::notify(
            db,
            now,
            tenant.organization_id,
            coaches.into_iter().flatten(),
            NoticeKind::Submitted,
            About::Assignment(found.id),
        )
        .await?;
    }
    outcome.submitted = true;
    Ok(outcome)
}

pub async fn feedback(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    key: &str,
    text: &str,
) -> Result<(), AppError> {
    let (found, dossier) = for_staff(db, tenant, id).await?;
    tenant.writable()?;
    let text = text.trim();
    if text.chars().count() > MAX_FEEDBACK {
        return Err(AppError::field("feedback", FieldProblem::TooLong));
    }
    let text = (!text.is_empty()).then(|| text.to_string());
    if key.is_empty() {
        let mut active = found.clone().into_active_model();
        active.feedback = Set(text.clone());
        active.feedback_by = Set(Some(tenant.user_id));
        active.feedback_at = Set(Some(now));
        active.updated_at = Set(now);
        active.update(db).await?;
    } else {
        let answer = answer::Entity::find()
            .filter(answer::Column::AssignmentId.eq(found.id))
            .filter(answer::Column::QuestionKey.eq(key))
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut active = answer.into_active_model();
        active.feedback = Set(text.clone());
        active.feedback_by = Set(Some(tenant.user_id));
        active.feedback_at = Set(Some(now));
        active.update(db).await?;
        assignment::Entity::update_many()
            .col_expr(assignment::Column::FeedbackAt, Expr::value(now))
            .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
            .filter(assignment::Column::Id.eq(found.id))
            .exec(db)
            .await?;
    }
    if let (Some(login), Some(_)) = (dossier.user_id, text) {
        notices::notify(
            db,
            now,
            tenant.organization_id,
            [login],
            NoticeKind::Feedback,
            About::Assignment(found.id),
        )
        .await?;
    }
    Ok(())
}

pub async fn reopen(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let (found, dossier) = for_staff(db, tenant, id).await?;
    tenant.writable()?;
    let reopened = assignment::Entity::update_many()
        .col_expr(
            assignment::Column::Status,
            Expr::value(AssignmentStatus::Started),
        )
        .col_expr(
            assignment::Column::SubmittedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
        .filter(assignment::Column::Id.eq(found.id))
        .filter(assignment::Column::Status.eq(AssignmentStatus::Submitted))
        .exec(db)
        .await?;
    if let (Some(login), 1) = (dossier.user_id, reopened.rows_affected) {
        notices::notify(
            db,
            now,
            tenant.organization_id,
            [login],
            NoticeKind::Reopened,
            About::Assignment(found.id),
        )
        .await?;
    }
    Ok(())
}

pub async fn set_show_results(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    show: bool,
) -> Result<(), AppError> {
    let (found, _) = for_staff(db, tenant, id).await?;
    tenant.writable()?;
    let mut active = found.into_active_model();
    active.show_results = Set(show);
    active.updated_at = Set(now);
    active.update(db).await?;
    Ok(())
}

/// Submitted scores of one dossier over time, per exercise and scale.
async fn series(
    db: &DatabaseConnection,
    dossier_id: i32,
    organization_id: i32,
    only_shown: bool,
) -> Result<Vec<ResultsDto>, AppError> {
    let mut query = assignment::Entity::find()
        .filter(assignment::Column::OrganizationId.eq(organization_id))
        .filter(assignment::Column::ClientId.eq(dossier_id))
        .filter(assignment::Column::Status.eq(AssignmentStatus::Submitted))
        .filter(assignment::Column::Scores.is_not_null());
    if only_shown {
        query = query.filter(assignment::Column::ShowResults.eq(true));
    }
    let found = query
        .order_by_asc(assignment::Column::SubmittedAt)
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await?;
    let versions = exercise_version::Entity::find()
        .filter(exercise_version::Column::Id.is_in(found.iter().map(|a| a.exercise_version_id)))
        .all(db)
        .await?;
    let titles = exercise::Entity::find()
        .filter(exercise::Column::Id.is_in(found.iter().map(|a| a.exercise_id)))
        .all(db)
        .await?;
    let mut results: Vec<(i32, ResultsDto)> = Vec::new();
    for a in &found {
        let Some(version) = versions.iter().find(|v| v.id == a.exercise_version_id) else {
            continue;
        };
        let rules = stored::scoring(version.scoring.as_deref())?;
        let questions = stored::questions(&version.questions)?;
        let at = results.iter().position(|(id, _)| *id == a.exercise_id);
        let at = at.unwrap_or_else(|| {
            let title = titles
                .iter()
                .find(|e| e.id == a.exercise_id)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            results.push((
                a.exercise_id,
                ResultsDto {
                    exercise: title,
                    scales: Vec::new(),
                },
            ));
            results.len() - 1
        });
        let entry = &mut results[at].1;
        let date = a
            .submitted_at
            .map(|s| local_time::local_date(s).format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        for score in stored::scores(a.scores.as_deref()) {
            let (min, max) = rules
                .scales
                .iter()
                .find(|s| s.key == score.scale)
                .map(|s| scoring::range(s, &questions))
                .unwrap_or((0, 0));
            let point = PointDto {
                date: date.clone(),
                score: score.score,
                band: score.band.clone(),
            };
            match entry.scales.iter_mut().find(|s| s.key == score.scale) {
                Some(series) => {
                    series.name = score.name;
                    series.min = series.min.min(min);
                    series.max = series.max.max(max);
                    series.points.push(point);
                }
                None => entry.scales.push(SeriesDto {
                    key: score.scale,
                    name: score.name,
                    min,
                    max,
                    points: vec![point],
                }),
            }
        }
    }
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

pub async fn results(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<ResultsDto>, AppError> {
    series(db, dossier.id, tenant.organization_id, false).await
}

pub async fn my_results(
    db: &DatabaseConnection,
    tenant: &TenantContext,
) -> Result<Vec<ResultsDto>, AppError> {
    if tenant.role != Role::Client {
        return Err(AppError::Forbidden);
    }
    let Ok(dossier) = clients::of_login(db, tenant, tenant.user_id).await else {
        return Ok(Vec::new());
    };
    series(db, dossier.id, tenant.organization_id, true).await
}

/// Removes an assignment the client has not started; one with answers stays.
pub async fn withdraw(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let (found, _) = for_staff(db, tenant, id).await?;
    tenant.writable()?;
    let removed = assignment::Entity::delete_many()
        .filter(assignment::Column::Id.eq(found.id))
        .filter(assignment::Column::Status.eq(AssignmentStatus::Open))
        .exec(db)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::Locked);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: &str) -> QuestionDto {
        QuestionDto {
            key: "q1".to_string(),
            kind: QuestionKind::parse(kind).expect("a question kind"),
            prompt: "Vraag".to_string(),
            help: String::new(),
            required: false,
            options: vec!["rood".into(), "groen".into(), "blauw".into()],
            scale_min: 1,
            scale_max: 5,
            min_label: String::new(),
            max_label: String::new(),
        }
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn answers_must_fit_their_question() {
        let scale = question("scale");
        assert_eq!(
            checked_answer(&scale, &strings(&["5"])),
            Ok(strings(&["5"]))
        );
        assert_eq!(
            checked_answer(&scale, &strings(&["6"])),
            Err(FieldProblem::AnswerInvalid)
        );
        assert_eq!(checked_answer(&scale, &strings(&[""])), Ok(Vec::new()));
        let single = question("single_choice");
        assert_eq!(
            checked_answer(&single, &strings(&["paars"])),
            Err(FieldProblem::AnswerInvalid)
        );
        assert_eq!(
            checked_answer(&single, &strings(&["rood", "groen"])),
            Err(FieldProblem::AnswerInvalid)
        );
        // Ticked in any order, stored in the question's order, each once.
        let multiple = question("checklist");
        assert_eq!(
            checked_answer(&multiple, &strings(&["blauw", "rood", "blauw"])),
            Ok(strings(&["rood", "blauw"]))
        );
        let date = question("date");
        assert_eq!(
            checked_answer(&date, &strings(&["31-12-2026"])),
            Err(FieldProblem::DateFormat)
        );
        let long = "x".repeat(MAX_SHORT + 1);
        assert_eq!(
            checked_answer(&question("short_text"), std::slice::from_ref(&long)),
            Err(FieldProblem::TooLong)
        );
        assert_eq!(
            checked_answer(&question("long_text"), std::slice::from_ref(&long)),
            Ok(vec![long])
        );
        // Typing keeps its spaces: "ik " is on its way to "ik ben".
        assert_eq!(
            checked_answer(&question("short_text"), &strings(&["ik "])),
            Ok(strings(&["ik "]))
        );
        assert_eq!(
            checked_answer(&question("file"), &strings(&["cv.pdf"])),
            Err(FieldProblem::AnswerInvalid)
        );
    }
}
