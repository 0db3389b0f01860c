//! What travels between the browser and the server for exercises.

use serde::{Deserialize, Serialize};

use crate::model::code::code;

code! {
    /// The kinds of question an exercise can hold, in the order the builder offers them.
    pub enum QuestionKind {
        ShortText = "short_text",
        LongText = "long_text",
        Scale = "scale",
        SingleChoice = "single_choice",
        MultipleChoice = "multiple_choice",
        Checklist = "checklist",
        Date = "date",
        File = "file",
    }
}

/// The longest answer to a short-text question, in characters.
pub const MAX_SHORT: usize = 1_000;
/// The longest answer to a long-text question, in characters.
pub const MAX_LONG: usize = 20_000;

impl QuestionKind {
    /// A client picks from the question's options (choices, or a checklist's items).
    pub fn has_options(self) -> bool {
        match self {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::Checklist => {
                true
            }
            QuestionKind::ShortText
            | QuestionKind::LongText
            | QuestionKind::Scale
            | QuestionKind::Date
            | QuestionKind::File => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDto {
    /// Stable within an exercise across versions (`q1`, `q2`, …): answers are kept by it.
    pub key: String,
    pub kind: QuestionKind,
    pub prompt: String,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub required: bool,
    /// The choices of single/multiple choice and the items of a checklist.
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub scale_min: i32,
    #[serde(default)]
    pub scale_max: i32,
    #[serde(default)]
    pub min_label: String,
    #[serde(default)]
    pub max_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseRow {
    pub id: i32,
    pub title: String,
    pub questions: usize,
    pub version: i32,
    pub archived: bool,
    /// Local `YYYY-MM-DD HH:MM`.
    pub updated: String,
}

/// How an exercise is scored: scales made of scale questions. Stored with each version,
/// so a score is always computed the way it was when the exercise was given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoringDto {
    #[serde(default)]
    pub scales: Vec<ScaleDto>,
    /// The highest scale key handed out, so keys are never reused.
    #[serde(default)]
    pub last_key: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleDto {
    /// Stable within an exercise (`s1`, `s2`, …).
    pub key: String,
    pub name: String,
    pub items: Vec<ItemDto>,
    /// Checked in order; the first band whose range holds the score names it.
    pub bands: Vec<BandDto>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDto {
    /// The key of a scale question.
    pub question: String,
    pub weight: f64,
    /// Counted from the other end: on 1–5, a 5 counts as 1.
    #[serde(default)]
    pub reverse: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandDto {
    pub label: String,
    pub min: f64,
    pub max: f64,
}

/// Bands as coaches write them, one per line: `Laag: 1 – 2,5`.
pub fn bands_text(bands: &[BandDto]) -> String {
    let show = |n: f64| format!("{n}").replace('.', ",");
    bands
        .iter()
        .map(|b| format!("{}: {} – {}", b.label, show(b.min), show(b.max)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A scale's score for one submission: the weighted mean of its answered items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreDto {
    pub scale: String,
    pub name: String,
    /// Rounded to two decimals.
    pub score: f64,
    pub band: Option<String>,
    /// How many of the scale's items were answered.
    pub answered: usize,
    pub items: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseDto {
    pub id: i32,
    pub title: String,
    pub intro: String,
    /// The introduction rendered (Markdown, as for reports).
    pub intro_html: String,
    pub version: i32,
    /// The current version was given to a client: the next change makes a new version.
    pub frozen: bool,
    pub archived: bool,
    pub questions: Vec<QuestionDto>,
    pub scoring: ScoringDto,
}

/// A question's edit form as posted (`input[prompt]`, …); which fields count depends on the
/// question's kind, and the service checks them for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionForm {
    pub prompt: String,
    pub help: String,
    /// `yes` when ticked.
    pub required: String,
    /// One per line.
    pub options: String,
    pub scale_min: String,
    pub scale_max: String,
    pub min_label: String,
    pub max_label: String,
}
