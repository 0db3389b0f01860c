//! The exercise library of an organization. An exercise's content lives in versions; the
//! current version is edited in place until it is given to a client (`frozen_at`), after
//! which the next change starts a new version, so nothing a client was given changes.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use std::collections::BTreeMap;

use crate::error::{AppError, FieldProblem};
use crate::model::exercises::{
    ExerciseDto, ExerciseRow, ItemDto, QuestionDto, QuestionForm, QuestionKind, ScaleDto,
    ScoringDto,
};
use crate::server::auth::TenantContext;
use crate::server::entity::{exercise, exercise_version};
use crate::server::local_time;
use crate::server::markdown::to_safe_html;
use crate::server::stored;

const MAX_QUESTIONS: usize = 100;
const MAX_OPTIONS: usize = 30;

/// What a change works on: the current content and the key counter.
pub struct Content {
    pub intro: String,
    pub questions: Vec<QuestionDto>,
    pub last_key: i32,
    pub scoring: ScoringDto,
}

fn text(field: &str, raw: &str, max: usize, required: bool) -> Result<String, AppError> {
    let value = raw.trim();
    if required && value.is_empty() {
        return Err(AppError::field(field, FieldProblem::Required));
    }
    if value.chars().count() > max {
        return Err(AppError::field(field, FieldProblem::TooLong));
    }
    Ok(value.to_string())
}

/// An exercise of the tenant's organization.
async fn own(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<exercise::Model, AppError> {
    tenant.require_staff()?;
    exercise::Entity::find_by_id(id)
        .filter(exercise::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn current(
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
        .all(db)
        .await?;
    let versions = exercise_version::Entity::find()
        .filter(exercise_version::Column::ExerciseId.is_in(found.iter().map(|e| e.id)))
        .all(db)
        .await?;
    found
        .into_iter()
        .map(|e| {
            let questions = versions
                .iter()
                .find(|v| v.exercise_id == e.id && v.version == e.current_version)
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

/// Applies `change` to the exercise's current content: in place while the current
/// version was never given to a client, otherwise as a new version.
async fn change<F>(
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
    let txn = super::begin_write(db).await?;
    let result = async {
        super::hold::<exercise::Entity>(&txn, id).await?;
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
    super::finish(txn, result).await
}

pub async fn update(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    title: &str,
    intro: &str,
) -> Result<(), AppError> {
    let title = text("title", title, 200, true)?;
    let new_intro = text("intro", intro, 20_000, false)?;
    change(db, now, tenant, id, Some(title), |content| {
        content.intro = new_intro;
        Ok(())
    })
    .await
}

/// The next free key. Keys are never reused within an exercise, so an answer can never be
/// mistaken for the answer to another question, in any version.
fn next_key(content: &mut Content) -> String {
    let highest = content
        .questions
        .iter()
        .filter_map(|q| q.key.strip_prefix('q').and_then(|n| n.parse::<i32>().ok()))
        .max()
        .unwrap_or(0)
        .max(content.last_key);
    content.last_key = highest + 1;
    format!("q{}", content.last_key)
}

pub async fn add_question(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    kind: &str,
    prompt: &str,
) -> Result<(), AppError> {
    let kind = QuestionKind::parse(kind).ok_or(AppError::field("kind", FieldProblem::Required))?;
    let prompt = text("prompt", prompt, 1_000, true)?;
    change(db, now, tenant, id, None, move |content| {
        if content.questions.len() >= MAX_QUESTIONS {
            return Err(AppError::field("prompt", FieldProblem::TooLong));
        }
        // Choices are filled in next, in the question's own form.
        let (scale_min, scale_max) = if kind == QuestionKind::Scale {
            (1, 5)
        } else {
            (0, 0)
        };
        let key = next_key(content);
        content.questions.push(QuestionDto {
            key,
            kind,
            prompt,
            help: String::new(),
            required: false,
            options: Vec::new(),
            scale_min,
            scale_max,
            min_label: String::new(),
            max_label: String::new(),
        });
        Ok(())
    })
    .await
}

/// Checks a question's fields for its kind.
pub fn checked(kind: QuestionKind, input: &QuestionForm) -> Result<QuestionDto, AppError> {
    let mut problems = Vec::new();
    let mut note = |field: &str, problem| problems.push((field.to_string(), problem));
    let prompt = input.prompt.trim();
    if prompt.is_empty() {
        note("prompt", FieldProblem::Required);
    } else if prompt.chars().count() > 1_000 {
        note("prompt", FieldProblem::TooLong);
    }
    if input.help.trim().chars().count() > 2_000 {
        note("help", FieldProblem::TooLong);
    }
    let options: Vec<String> = input
        .options
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let with_options = kind.has_options();
    if with_options {
        if options.len() < 2 {
            note("options", FieldProblem::OptionsNeeded);
        } else if options.len() > MAX_OPTIONS || options.iter().any(|o| o.chars().count() > 300) {
            note("options", FieldProblem::TooLong);
        }
    }
    let (mut scale_min, mut scale_max) = (0, 0);
    if kind == QuestionKind::Scale {
        let min = input.scale_min.trim().parse::<i32>().ok();
        let max = input.scale_max.trim().parse::<i32>().ok();
        match (min, max) {
            (Some(min), Some(max)) if (0..=100).contains(&min) && min < max && max <= 100 => {
                scale_min = min;
                scale_max = max;
            }
            _ => note("scale_max", FieldProblem::ScaleRange),
        }
        for (field, label) in [
            ("min_label", &input.min_label),
            ("max_label", &input.max_label),
        ] {
            if label.trim().chars().count() > 100 {
                note(field, FieldProblem::TooLong);
            }
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid { fields: problems });
    }
    Ok(QuestionDto {
        key: String::new(),
        kind,
        prompt: prompt.to_string(),
        help: input.help.trim().to_string(),
        required: input.required == "yes",
        options: if with_options { options } else { Vec::new() },
        scale_min,
        scale_max,
        min_label: if kind == QuestionKind::Scale {
            input.min_label.trim().to_string()
        } else {
            String::new()
        },
        max_label: if kind == QuestionKind::Scale {
            input.max_label.trim().to_string()
        } else {
            String::new()
        },
    })
}

pub async fn update_question(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    key: &str,
    input: &QuestionForm,
) -> Result<(), AppError> {
    change(db, now, tenant, id, None, |content| {
        let questions = &mut content.questions;
        let question = questions
            .iter_mut()
            .find(|q| q.key == key)
            .ok_or(AppError::NotFound)?;
        let mut updated = checked(question.kind, input)?;
        updated.key = question.key.clone();
        *question = updated;
        Ok(())
    })
    .await
}

pub async fn move_question(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    key: &str,
    up: bool,
) -> Result<(), AppError> {
    change(db, now, tenant, id, None, |content| {
        let questions = &mut content.questions;
        let at = questions
            .iter()
            .position(|q| q.key == key)
            .ok_or(AppError::NotFound)?;
        let to = if up { at.checked_sub(1) } else { Some(at + 1) };
        if let Some(to) = to.filter(|to| *to < questions.len()) {
            questions.swap(at, to);
        }
        Ok(())
    })
    .await
}

pub async fn remove_question(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    key: &str,
) -> Result<(), AppError> {
    // Removing what is already gone is done, not an error (a double click, two tabs).
    change(db, now, tenant, id, None, |content| {
        content.questions.retain(|q| q.key != key);
        for scale in &mut content.scoring.scales {
            scale.items.retain(|i| i.question != key);
        }
        Ok(())
    })
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

/// Adds a scale to score the exercise by; its questions and bands are chosen next.
pub async fn add_scale(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    name: &str,
) -> Result<(), AppError> {
    let name = text("scale_name", name, 100, true)?;
    change(db, now, tenant, id, None, move |content| {
        let scoring = &mut content.scoring;
        if scoring.scales.len() >= 10 {
            return Err(AppError::field("scale_name", FieldProblem::TooLong));
        }
        let next = scoring
            .scales
            .iter()
            .filter_map(|s| s.key.strip_prefix('s').and_then(|n| n.parse::<i32>().ok()))
            .max()
            .unwrap_or(0)
            .max(scoring.last_key)
            + 1;
        scoring.last_key = next;
        scoring.scales.push(ScaleDto {
            key: format!("s{next}"),
            name,
            items: Vec::new(),
            bands: Vec::new(),
        });
        Ok(())
    })
    .await
}

/// A scale's name, its items (weights per scale question, empty or 0 for "not in this
/// scale"; reverse-scored ones) and its bands (one per line).
pub struct ScaleInput<'a> {
    pub name: &'a str,
    pub weights: &'a BTreeMap<String, String>,
    pub reverse: &'a BTreeMap<String, String>,
    pub bands: &'a str,
}

pub async fn update_scale(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    key: &str,
    input: &ScaleInput<'_>,
) -> Result<(), AppError> {
    use crate::server::service::scoring::{parse_bands, parse_weight};
    let mut problems = Vec::new();
    let name = match text("name", input.name, 100, true) {
        Ok(name) => name,
        Err(AppError::Invalid { fields }) => {
            problems.extend(fields);
            String::new()
        }
        Err(error) => return Err(error),
    };
    let bands = match parse_bands(input.bands) {
        Ok(bands) => bands,
        Err(AppError::Invalid { fields }) => {
            problems.extend(fields);
            Vec::new()
        }
        Err(error) => return Err(error),
    };
    let mut weights = Vec::new();
    for (question, raw) in input.weights {
        match parse_weight(raw) {
            Ok(Some(weight)) => weights.push((question.clone(), weight)),
            Ok(None) => {}
            Err(AppError::Invalid { fields }) => problems.extend(fields),
            Err(error) => return Err(error),
        }
    }
    if !problems.is_empty() {
        problems.dedup();
        return Err(AppError::Invalid { fields: problems });
    }
    change(db, now, tenant, id, None, move |content| {
        let scale_questions: Vec<&QuestionDto> = content
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Scale)
            .collect();
        let items: Vec<ItemDto> = scale_questions
            .iter()
            .filter_map(|q| {
                let weight = weights.iter().find(|(k, _)| *k == q.key)?.1;
                Some(ItemDto {
                    question: q.key.clone(),
                    weight,
                    reverse: input.reverse.get(&q.key).is_some_and(|v| v == "yes"),
                })
            })
            .collect();
        let scale = content
            .scoring
            .scales
            .iter_mut()
            .find(|s| s.key == key)
            .ok_or(AppError::NotFound)?;
        scale.name = name;
        scale.items = items;
        scale.bands = bands;
        Ok(())
    })
    .await
}

pub async fn remove_scale(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    key: &str,
) -> Result<(), AppError> {
    change(db, now, tenant, id, None, |content| {
        content.scoring.scales.retain(|s| s.key != key);
        Ok(())
    })
    .await
}

/// Marks the current version as given to a client, so that later edits make a new one.
/// Returns the version's id.
pub async fn freeze_current(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
) -> Result<i32, AppError> {
    let found = own(db, tenant, id).await?;
    let version = current(db, &found).await?;
    let version_id = version.id;
    if version.frozen_at.is_none() {
        let mut active = version.into_active_model();
        active.frozen_at = Set(Some(now));
        active.update(db).await?;
    }
    Ok(version_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(prompt: &str, options: &str, min: &str, max: &str) -> QuestionForm {
        QuestionForm {
            prompt: prompt.to_string(),
            required: "yes".to_string(),
            options: options.to_string(),
            scale_min: min.to_string(),
            scale_max: max.to_string(),
            min_label: "helemaal niet".to_string(),
            max_label: "helemaal wel".to_string(),
            ..QuestionForm::default()
        }
    }

    #[test]
    fn questions_are_checked_for_their_kind() {
        let scale = checked(QuestionKind::Scale, &input("Hoe gaat het?", "", "1", "7")).unwrap();
        assert_eq!((scale.scale_min, scale.scale_max), (1, 7));
        assert_eq!(scale.max_label, "helemaal wel");
        let refused =
            checked(QuestionKind::Scale, &input("Hoe gaat het?", "", "5", "5")).unwrap_err();
        assert_eq!(
            refused.problem_for("scale_max"),
            Some(FieldProblem::ScaleRange)
        );
        let one = checked(QuestionKind::SingleChoice, &input("Kies", "ja", "", "")).unwrap_err();
        assert_eq!(
            one.problem_for("options"),
            Some(FieldProblem::OptionsNeeded)
        );
        let choice = checked(
            QuestionKind::Checklist,
            &input("Vink aan", "a\n\n b \nc", "", ""),
        )
        .unwrap();
        assert_eq!(choice.options, vec!["a", "b", "c"]);
        let text = checked(QuestionKind::ShortText, &input("Naam?", "x\ny", "1", "9")).unwrap();
        assert!(text.options.is_empty() && text.min_label.is_empty());
        let empty = checked(QuestionKind::Date, &input("  ", "", "", "")).unwrap_err();
        assert_eq!(empty.problem_for("prompt"), Some(FieldProblem::Required));
    }

    #[test]
    fn keys_are_never_reused() {
        let q = |key: &str| QuestionDto {
            key: key.to_string(),
            kind: QuestionKind::Date,
            prompt: "x".to_string(),
            help: String::new(),
            required: false,
            options: Vec::new(),
            scale_min: 0,
            scale_max: 0,
            min_label: String::new(),
            max_label: String::new(),
        };
        let mut empty = Content {
            intro: String::new(),
            questions: Vec::new(),
            last_key: 0,
            scoring: ScoringDto::default(),
        };
        assert_eq!(next_key(&mut empty), "q1");
        assert_eq!(next_key(&mut empty), "q2");
        // q9 was handed out and removed again: the next one is q10, not q8.
        let mut removed = Content {
            intro: String::new(),
            questions: vec![q("q1"), q("q7"), q("q3")],
            last_key: 9,
            scoring: ScoringDto::default(),
        };
        assert_eq!(next_key(&mut removed), "q10");
        let mut copied = Content {
            intro: String::new(),
            questions: vec![q("q4")],
            last_key: 0,
            scoring: ScoringDto::default(),
        };
        assert_eq!(next_key(&mut copied), "q5");
    }
}
