//! The JSON Koers keeps in database columns: an exercise version's questions
//! (`exercise_versions.questions`) and scoring (`exercise_versions.scoring`), and the scores of
//! a submission (`assignments.scores`).
//!
//! These shapes are a storage format, not the wire. A version given to a client years ago must
//! still read and score the same, so a field here is renamed or removed only together with a
//! data migration; the browser's types in `model` change freely and convert here. The test
//! `stored_json` in `app/tests` reads rows in the shape written before this split.

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::exercises::{
    BandDto, ItemDto, QuestionDto, QuestionKind, ScaleDto, ScoreDto, ScoringDto,
};

#[derive(Serialize, Deserialize)]
struct Question {
    key: String,
    kind: String,
    prompt: String,
    #[serde(default)]
    help: String,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    scale_min: i32,
    #[serde(default)]
    scale_max: i32,
    #[serde(default)]
    min_label: String,
    #[serde(default)]
    max_label: String,
}

#[derive(Default, Serialize, Deserialize)]
struct Scoring {
    #[serde(default)]
    scales: Vec<Scale>,
    #[serde(default)]
    last_key: i32,
}

#[derive(Serialize, Deserialize)]
struct Scale {
    key: String,
    name: String,
    items: Vec<Item>,
    bands: Vec<Band>,
}

#[derive(Serialize, Deserialize)]
struct Item {
    question: String,
    weight: f64,
    #[serde(default)]
    reverse: bool,
}

#[derive(Serialize, Deserialize)]
struct Band {
    label: String,
    min: f64,
    max: f64,
}

#[derive(Serialize, Deserialize)]
struct Score {
    scale: String,
    name: String,
    score: f64,
    band: Option<String>,
    answered: usize,
    items: usize,
}

impl TryFrom<Question> for QuestionDto {
    type Error = AppError;

    fn try_from(q: Question) -> Result<Self, AppError> {
        let Some(kind) = QuestionKind::parse(&q.kind) else {
            tracing::error!(kind = %q.kind, "stored question has an unknown kind");
            return Err(AppError::Internal);
        };
        Ok(QuestionDto {
            key: q.key,
            kind,
            prompt: q.prompt,
            help: q.help,
            required: q.required,
            options: q.options,
            scale_min: q.scale_min,
            scale_max: q.scale_max,
            min_label: q.min_label,
            max_label: q.max_label,
        })
    }
}

impl From<&QuestionDto> for Question {
    fn from(q: &QuestionDto) -> Self {
        Question {
            key: q.key.clone(),
            kind: q.kind.as_str().to_string(),
            prompt: q.prompt.clone(),
            help: q.help.clone(),
            required: q.required,
            options: q.options.clone(),
            scale_min: q.scale_min,
            scale_max: q.scale_max,
            min_label: q.min_label.clone(),
            max_label: q.max_label.clone(),
        }
    }
}

impl From<Scoring> for ScoringDto {
    fn from(s: Scoring) -> Self {
        ScoringDto {
            scales: s
                .scales
                .into_iter()
                .map(|scale| ScaleDto {
                    key: scale.key,
                    name: scale.name,
                    items: scale
                        .items
                        .into_iter()
                        .map(|i| ItemDto {
                            question: i.question,
                            weight: i.weight,
                            reverse: i.reverse,
                        })
                        .collect(),
                    bands: scale
                        .bands
                        .into_iter()
                        .map(|b| BandDto {
                            label: b.label,
                            min: b.min,
                            max: b.max,
                        })
                        .collect(),
                })
                .collect(),
            last_key: s.last_key,
        }
    }
}

impl From<&ScoringDto> for Scoring {
    fn from(s: &ScoringDto) -> Self {
        Scoring {
            scales: s
                .scales
                .iter()
                .map(|scale| Scale {
                    key: scale.key.clone(),
                    name: scale.name.clone(),
                    items: scale
                        .items
                        .iter()
                        .map(|i| Item {
                            question: i.question.clone(),
                            weight: i.weight,
                            reverse: i.reverse,
                        })
                        .collect(),
                    bands: scale
                        .bands
                        .iter()
                        .map(|b| Band {
                            label: b.label.clone(),
                            min: b.min,
                            max: b.max,
                        })
                        .collect(),
                })
                .collect(),
            last_key: s.last_key,
        }
    }
}

impl From<Score> for ScoreDto {
    fn from(s: Score) -> Self {
        ScoreDto {
            scale: s.scale,
            name: s.name,
            score: s.score,
            band: s.band,
            answered: s.answered,
            items: s.items,
        }
    }
}

impl From<&ScoreDto> for Score {
    fn from(s: &ScoreDto) -> Self {
        Score {
            scale: s.scale.clone(),
            name: s.name.clone(),
            score: s.score,
            band: s.band.clone(),
            answered: s.answered,
            items: s.items,
        }
    }
}

/// A stored row that does not read is a defect of Koers, never the user's: logged, and a 500.
fn unreadable(what: &'static str, error: serde_json::Error) -> AppError {
    tracing::error!(%error, what, "stored JSON does not parse");
    AppError::Internal
}

fn written<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|_| AppError::Internal)
}

/// An exercise version's questions.
pub fn questions(raw: &str) -> Result<Vec<QuestionDto>, AppError> {
    let stored: Vec<Question> =
        serde_json::from_str(raw).map_err(|e| unreadable("questions", e))?;
    stored.into_iter().map(QuestionDto::try_from).collect()
}

pub fn questions_json(questions: &[QuestionDto]) -> Result<String, AppError> {
    written(&questions.iter().map(Question::from).collect::<Vec<_>>())
}

/// An exercise version's scoring; none is an unscored exercise.
pub fn scoring(raw: Option<&str>) -> Result<ScoringDto, AppError> {
    match raw {
        None => Ok(ScoringDto::default()),
        Some(raw) => serde_json::from_str::<Scoring>(raw)
            .map(ScoringDto::from)
            .map_err(|e| unreadable("scoring", e)),
    }
}

/// Nothing is stored for an exercise that was never scored.
pub fn scoring_json(scoring: &ScoringDto) -> Result<Option<String>, AppError> {
    if scoring.scales.is_empty() && scoring.last_key == 0 {
        return Ok(None);
    }
    written(&Scoring::from(scoring)).map(Some)
}

/// A submission's scores. Scores are a record, recomputable from the answers: a row that does
/// not read shows no scores rather than hiding the whole exercise.
pub fn scores(raw: Option<&str>) -> Vec<ScoreDto> {
    raw.and_then(|raw| serde_json::from_str::<Vec<Score>>(raw).ok())
        .map(|stored| stored.into_iter().map(ScoreDto::from).collect())
        .unwrap_or_default()
}

pub fn scores_json(scores: &[ScoreDto]) -> Result<String, AppError> {
    written(&scores.iter().map(Score::from).collect::<Vec<_>>())
}
