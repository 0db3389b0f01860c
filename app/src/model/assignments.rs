//! What travels between the browser and the server for assignments.

use serde::{Deserialize, Serialize};

use crate::model::code::code;
use crate::model::exercises::{QuestionDto, ScoreDto};

code! {
    /// The states of an assignment, as the client sees them: to do, in progress, done.
    pub enum AssignmentStatus {
        Open = "open",
        Started = "started",
        Submitted = "submitted",
    }
}

code! {
    /// What a notice tells: about an exercise (`Assigned`, `Feedback`, `Reopened` for the
    /// client, `Submitted` for coaches) or about a journal entry (`JournalShared` for coaches,
    /// `JournalComment` for the client).
    pub enum NoticeKind {
        Assigned = "assigned",
        Submitted = "submitted",
        Feedback = "feedback",
        Reopened = "reopened",
        JournalShared = "journal_shared",
        JournalComment = "journal_comment",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRow {
    pub id: i32,
    pub exercise: String,
    pub version: i32,
    pub trajectory: String,
    pub status: AssignmentStatus,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    /// `YYYY-MM-DD`.
    pub assigned: String,
    /// Local `YYYY-MM-DD HH:MM`.
    pub submitted: Option<String>,
    pub answered: usize,
    pub questions: usize,
    pub has_feedback: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerDto {
    pub key: String,
    pub values: Vec<String>,
    /// The save this value came from; a tab that knows a lower one is behind.
    pub seq: i64,
    /// The file of a file question.
    pub document_id: Option<i32>,
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentDto {
    pub id: i32,
    pub client_id: i32,
    pub client_name: String,
    pub exercise: String,
    pub version: i32,
    pub trajectory: String,
    pub intro_html: String,
    pub message: Option<String>,
    pub due: Option<String>,
    pub status: AssignmentStatus,
    pub submitted: Option<String>,
    pub questions: Vec<QuestionDto>,
    pub answers: Vec<AnswerDto>,
    pub feedback: Option<String>,
    pub feedback_by: Option<String>,
    /// The scores of the last submit; for the client only when the coach shows them.
    pub scores: Vec<ScoreDto>,
    pub show_results: bool,
}

/// A client's results of one scored exercise over time, per scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsDto {
    pub exercise: String,
    pub scales: Vec<SeriesDto>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesDto {
    pub key: String,
    pub name: String,
    /// The range a score can have.
    pub min: i32,
    pub max: i32,
    /// Oldest first.
    pub points: Vec<PointDto>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointDto {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub score: f64,
    pub band: Option<String>,
}

impl AssignmentDto {
    pub fn answer(&self, key: &str) -> Option<&AnswerDto> {
        self.answers.iter().find(|a| a.key == key)
    }
}

/// What the server holds for a question after a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveOutcome {
    pub key: String,
    pub values: Vec<String>,
    pub seq: i64,
    /// False when the server already had a later value (from another tab or device): that
    /// value stays, and the tab that sent this one shows it instead.
    pub kept: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDto {
    pub id: i32,
    pub kind: NoticeKind,
    /// The exercise's title, or the journal entry's date (`YYYY-MM-DD`).
    pub subject: String,
    /// For coaches: whose exercise or entry it is.
    pub client_name: Option<String>,
    pub at: String,
    pub link: String,
    pub read: bool,
}

/// The form that gives an exercise (`input[exercise_id]`, …), the text as posted; the
/// service checks it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    /// An open trajectory of the dossier.
    pub trajectory_id: String,
    /// An exercise of the library, not archived, with questions.
    pub exercise_id: String,
    /// `YYYY-MM-DD`, or empty for no due date.
    pub due_date: String,
    pub message: String,
    /// `yes` when the client sees the results after submitting.
    pub show_results: String,
}
