//! Saving answers: one question at a time as the client types (autosave, ordered by the
//! client's `seq`), or the whole form at once when JavaScript is off. Saves that arrive
//! late, twice or from two tabs end with the value typed last.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::access::for_client;
use super::submit::{submit, Submission};
use super::{answer_dto, json, stored_answers, stored_values, version_of};
use crate::error::{AppError, FieldProblem};
use crate::model::assignments::{AnswerDto, AssignmentStatus, SaveOutcome};
use crate::model::exercises::{QuestionDto, QuestionKind, MAX_LONG, MAX_SHORT};
use crate::server::auth::TenantContext;
use crate::server::entity::{answer, assignment};
use crate::server::local_time;
use crate::server::service::sealing::ANSWER_VALUE;
use crate::server::service::{clients, documents};
use crate::server::storage::DocumentStorage;
use crate::server::stored;

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

pub async fn answers(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<Vec<AnswerDto>, AppError> {
    let (found, _) = for_client(db, tenant, id).await?;
    Ok(stored_answers(db, tenant, found.id)
        .await?
        .into_iter()
        .map(answer_dto)
        .collect())
}

/// One question's answer as a save brings it.
struct NewAnswer<'a> {
    assignment_id: i32,
    key: &'a str,
    values: &'a [String],
    /// The uploaded document of a file question.
    document_id: Option<i32>,
    /// The client's ordering of saves: a lower one arriving later loses.
    seq: i64,
}

/// Stores an answer unless a later save of that question is already stored. Returns the
/// row as it is now.
async fn store(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    new: NewAnswer<'_>,
) -> Result<answer::Model, AppError> {
    let NewAnswer {
        assignment_id,
        key,
        values,
        document_id,
        seq,
    } = new;
    // Bound to the assignment and question, which the upsert knows before any row id.
    let value = ANSWER_VALUE
        .seal(db, tenant, (assignment_id, key), &json(values))
        .await?;
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
    let mut stored = answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(assignment_id))
        .filter(answer::Column::QuestionKey.eq(key))
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    stored.value = ANSWER_VALUE
        .open(db, tenant, (assignment_id, key), &stored.value)
        .await?;
    Ok(stored)
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
    let (found, dossier) = for_client(db, tenant, id).await?;
    tenant.writable()?;
    clients::unrestricted(&dossier)?;
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
    let (found, dossier) = for_client(db, tenant, id).await?;
    tenant.writable()?;
    clients::unrestricted(&dossier)?;
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
    let new = NewAnswer {
        assignment_id: found.id,
        key,
        values: &values,
        document_id: None,
        seq,
    };
    let stored = store(db, now, tenant, new).await?;
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
    clients::unrestricted(&dossier)?;
    if found.status == AssignmentStatus::Submitted {
        return Err(AppError::Locked);
    }
    let version = version_of(db, &found).await?;
    let questions = stored::questions(&version.questions)?;
    let mut stored = stored_answers(db, tenant, found.id).await?;
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
                    let new = NewAnswer {
                        assignment_id: found.id,
                        key: &q.key,
                        values: &[name],
                        document_id: Some(document),
                        seq: next_seq,
                    };
                    store(db, now, tenant, new).await?;
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
        let new = NewAnswer {
            assignment_id: found.id,
            key: &q.key,
            values: &values,
            document_id: None,
            seq: next_seq,
        };
        store(db, now, tenant, new).await?;
        changed = true;
    }
    if changed {
        mark_started(db, now, found.id).await?;
        stored = stored_answers(db, tenant, found.id).await?;
    }
    if !form.submit || !outcome.problems.is_empty() {
        return Ok(outcome);
    }
    outcome.problems = submit(
        db,
        now,
        tenant,
        Submission {
            found: &found,
            dossier: &dossier,
            version: &version,
            questions: &questions,
            stored: &stored,
            confirmed: form.confirm,
        },
    )
    .await?;
    outcome.submitted = outcome.problems.is_empty();
    Ok(outcome)
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
