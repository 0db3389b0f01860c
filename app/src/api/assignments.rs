//! Exercises given to clients: the coach assigns them from a trajectory, the client answers
//! (saved as they type), submits, and the coach gives feedback or reopens. Clients' answers
//! are special-category data: only the client and the coaches with access to the dossier
//! reach them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::exercises::{QuestionDto, ScoreDto};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::types::Role;

/// The states of an assignment, as the client sees them: to do, in progress, done.
pub const STATUSES: [&str; 3] = ["open", "started", "submitted"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRow {
    pub id: i32,
    pub exercise: String,
    pub version: i32,
    pub trajectory: String,
    /// One of `STATUSES`.
    pub status: String,
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
    pub status: String,
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
    /// `assigned`, `submitted`, `feedback` or `reopened` (about an exercise);
    /// `journal_shared` or `journal_comment` (about a journal entry).
    pub kind: String,
    /// The exercise's title, or the journal entry's date (`YYYY-MM-DD`).
    pub subject: String,
    /// For coaches: whose exercise or entry it is.
    pub client_name: Option<String>,
    pub at: String,
    pub link: String,
    pub read: bool,
}

#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::server::AppState, crate::server::auth::TenantContext), AppError>
{
    crate::server::auth::context::require_member(&[Role::Owner, Role::Coach]).await
}

#[cfg(feature = "ssr")]
async fn client() -> Result<(crate::server::AppState, crate::server::auth::TenantContext), AppError>
{
    crate::server::auth::context::require_member(&[Role::Client]).await
}

/// Gives an exercise (its current version, which is frozen from then on) to the client of
/// a dossier, within one of its trajectories.
#[server(endpoint = "assignments/assign")]
pub async fn assign_exercise(
    client_id: i32,
    #[server(default)] trajectory_id: String,
    #[server(default)] exercise_id: String,
    #[server(default)] due_date: String,
    #[server(default)] message: String,
    #[server(default)] show_results: String,
) -> Result<i32, AppError> {
    use crate::server::service::assignments::{assign, AssignInput};
    let (state, tenant) = staff().await?;
    let input = AssignInput {
        trajectory_id: &trajectory_id,
        exercise_id: &exercise_id,
        due_date: &due_date,
        message: &message,
        show_results: show_results == "yes",
    };
    assign(&state.db, state.clock.now(), &tenant, client_id, &input).await
}

#[server(endpoint = "assignments/dossier")]
pub async fn dossier_assignments(client_id: i32) -> Result<Vec<AssignmentRow>, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::assignments::for_dossier(&state.db, &tenant, client_id).await
}

/// One assignment with its answers, for the coach's review.
#[server(endpoint = "assignments/get")]
pub async fn assignment(id: i32) -> Result<AssignmentDto, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::assignments::view(&state.db, state.clock.now(), &tenant, id).await
}

/// Feedback on one answer (`key`), or on the whole exercise when `key` is empty. Empty
/// text removes it.
#[server(endpoint = "assignments/feedback")]
pub async fn give_feedback(
    id: i32,
    #[server(default)] key: String,
    #[server(default)] feedback: String,
) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::assignments::feedback(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &key,
        &feedback,
    )
    .await
}

/// Opens a submitted exercise again for the client to change.
#[server(endpoint = "assignments/reopen")]
pub async fn reopen_assignment(id: i32) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::assignments::reopen(&state.db, state.clock.now(), &tenant, id).await
}

/// Whether the client sees the scores of a scored exercise.
#[server(endpoint = "assignments/show_results")]
pub async fn show_results(id: i32, show: bool) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::assignments::set_show_results(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        show,
    )
    .await
}

/// The client's results of scored exercises over time, for the dossier.
#[server(endpoint = "assignments/results")]
pub async fn dossier_results(client_id: i32) -> Result<Vec<ResultsDto>, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::assignments::results(&state.db, &tenant, client_id).await
}

/// The client's own results, of the exercises whose scores the coach shows.
#[server(endpoint = "my/results")]
pub async fn my_results() -> Result<Vec<ResultsDto>, AppError> {
    let (state, tenant) = client().await?;
    crate::server::service::assignments::my_results(&state.db, &tenant).await
}

/// Takes back an assignment the client has not started.
#[server(endpoint = "assignments/withdraw")]
pub async fn withdraw_assignment(id: i32) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::assignments::withdraw(&state.db, &tenant, id).await
}

/// The client's exercises, newest first.
#[server(endpoint = "my/assignments")]
pub async fn my_assignments() -> Result<Vec<AssignmentRow>, AppError> {
    let (state, tenant) = client().await?;
    crate::server::service::assignments::mine(&state.db, &tenant).await
}

#[server(endpoint = "my/assignment")]
pub async fn my_assignment(id: i32) -> Result<AssignmentDto, AppError> {
    let (state, tenant) = client().await?;
    crate::server::service::assignments::view(&state.db, state.clock.now(), &tenant, id).await
}

/// The stored answers, for a tab that wants to know what other tabs saved.
#[server(endpoint = "my/answers")]
pub async fn my_answers(id: i32) -> Result<Vec<AnswerDto>, AppError> {
    let (state, tenant) = client().await?;
    crate::server::service::assignments::answers(&state.db, &tenant, id).await
}

/// Saves one answer as the client types. `values` is a JSON array of strings; `seq` is the
/// client's typing order, so a save that arrives late or twice changes nothing.
#[server(endpoint = "my/save_answer")]
pub async fn save_answer(
    id: i32,
    key: String,
    values: String,
    seq: i64,
) -> Result<SaveOutcome, AppError> {
    let (state, tenant) = client().await?;
    let values: Vec<String> = serde_json::from_str(&values)
        .map_err(|_| AppError::field(&key, crate::error::FieldProblem::AnswerInvalid))?;
    crate::server::service::assignments::save(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &key,
        values,
        seq,
    )
    .await
}

/// The latest notices for the signed-in member.
#[server(endpoint = "notices/list")]
pub async fn notices() -> Result<Vec<NoticeDto>, AppError> {
    let (state, tenant) =
        crate::server::auth::context::require_member(&[Role::Owner, Role::Coach, Role::Client])
            .await?;
    crate::server::service::notices::list(&state.db, &tenant).await
}
