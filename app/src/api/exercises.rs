//! The exercise library: coaches build exercises from an introduction and typed
//! questions, preview them as the client will see them, duplicate and archive them.

// A question's form has many fields; server functions take them as arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::types::Role;

/// The kinds of question an exercise can hold.
pub const KINDS: [&str; 8] = [
    "short_text",
    "long_text",
    "scale",
    "single_choice",
    "multiple_choice",
    "checklist",
    "date",
    "file",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDto {
    /// Stable within an exercise across versions (`q1`, `q2`, …): answers are kept by it.
    pub key: String,
    /// One of `KINDS`.
    pub kind: String,
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

#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::server::AppState, crate::server::auth::TenantContext), AppError>
{
    crate::server::auth::context::require_member(&[Role::Owner, Role::Coach]).await
}

#[server(endpoint = "exercises/list")]
pub async fn list_exercises(
    #[server(default)] archived: bool,
) -> Result<Vec<ExerciseRow>, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::exercises::list(&state.db, &tenant, archived).await
}

#[server(endpoint = "exercises/get")]
pub async fn exercise(id: i32) -> Result<ExerciseDto, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::exercises::get(&state.db, &tenant, id).await
}

#[server(endpoint = "exercises/create")]
pub async fn create_exercise(
    #[server(default)] title: String,
    #[server(default)] intro: String,
) -> Result<i32, AppError> {
    let (state, tenant) = staff().await?;
    let id = crate::server::service::exercises::create(
        &state.db,
        state.clock.now(),
        &tenant,
        &title,
        &intro,
    )
    .await?;
    // Straight into the builder, with or without JavaScript.
    leptos_axum::redirect(&format!("/exercises/{id}"));
    Ok(id)
}

#[server(endpoint = "exercises/update")]
pub async fn update_exercise(
    id: i32,
    #[server(default)] title: String,
    #[server(default)] intro: String,
) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::exercises::update(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &title,
        &intro,
    )
    .await
}

#[server(endpoint = "exercises/add_question")]
pub async fn add_question(
    id: i32,
    #[server(default)] kind: String,
    #[server(default)] prompt: String,
) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::exercises::add_question(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &kind,
        &prompt,
    )
    .await
}

/// `options` has one choice per line; the scale fields matter for scales only.
#[server(endpoint = "exercises/update_question")]
pub async fn update_question(
    id: i32,
    key: String,
    #[server(default)] prompt: String,
    #[server(default)] help: String,
    #[server(default)] required: String,
    #[server(default)] options: String,
    #[server(default)] scale_min: String,
    #[server(default)] scale_max: String,
    #[server(default)] min_label: String,
    #[server(default)] max_label: String,
) -> Result<(), AppError> {
    use crate::server::service::exercises::{update_question, QuestionInput};
    let (state, tenant) = staff().await?;
    let input = QuestionInput {
        prompt: &prompt,
        help: &help,
        required: required == "yes",
        options: &options,
        scale_min: &scale_min,
        scale_max: &scale_max,
        min_label: &min_label,
        max_label: &max_label,
    };
    update_question(&state.db, state.clock.now(), &tenant, id, &key, &input).await
}

/// `direction` is `up` or `down`.
#[server(endpoint = "exercises/move_question")]
pub async fn move_question(id: i32, key: String, direction: String) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::exercises::move_question(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &key,
        direction == "up",
    )
    .await
}

#[server(endpoint = "exercises/remove_question")]
pub async fn remove_question(id: i32, key: String) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::exercises::remove_question(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &key,
    )
    .await
}

/// A copy in the library, titled "… (kopie)"; returns its id.
#[server(endpoint = "exercises/duplicate")]
pub async fn duplicate_exercise(id: i32) -> Result<i32, AppError> {
    let (state, tenant) = staff().await?;
    let copy =
        crate::server::service::exercises::duplicate(&state.db, state.clock.now(), &tenant, id)
            .await?;
    leptos_axum::redirect(&format!("/exercises/{copy}"));
    Ok(copy)
}

#[server(endpoint = "exercises/archive")]
pub async fn archive_exercise(id: i32, archive: bool) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::exercises::set_archived(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        archive,
    )
    .await
}

/// Adds a scale to score the exercise by.
#[server(endpoint = "exercises/add_scale")]
pub async fn add_scale(id: i32, #[server(default)] scale_name: String) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::exercises::add_scale(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &scale_name,
    )
    .await
}

/// `weights[q3]=2` puts scale question q3 in the scale with weight 2 (empty or 0 leaves it
/// out); `reverse[q3]=yes` scores it from the other end. `bands` has one per line.
#[server(endpoint = "exercises/update_scale")]
pub async fn update_scale(
    id: i32,
    scale: String,
    #[server(default)] name: String,
    #[server(default)] weights: std::collections::BTreeMap<String, String>,
    #[server(default)] reverse: std::collections::BTreeMap<String, String>,
    #[server(default)] bands: String,
) -> Result<(), AppError> {
    use crate::server::service::exercises::{update_scale, ScaleInput};
    let (state, tenant) = staff().await?;
    let input = ScaleInput {
        name: &name,
        weights: &weights,
        reverse: &reverse,
        bands: &bands,
    };
    update_scale(&state.db, state.clock.now(), &tenant, id, &scale, &input).await
}

#[server(endpoint = "exercises/remove_scale")]
pub async fn remove_scale(id: i32, scale: String) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::exercises::remove_scale(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        &scale,
    )
    .await
}
