//! Editing an exercise: its title and introduction, its questions (checked for their
//! kind, keys never reused) and the scales it is scored by. Every edit goes through
//! `versions::change`.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use std::collections::BTreeMap;

use super::text;
use super::versions::{change, Content};
use crate::error::{AppError, FieldProblem};
use crate::model::exercises::{ItemDto, QuestionDto, QuestionForm, QuestionKind, ScaleDto};
use crate::server::auth::TenantContext;

const MAX_QUESTIONS: usize = 100;
const MAX_OPTIONS: usize = 30;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exercises::ScoringDto;

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
