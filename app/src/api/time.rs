//! Time registration: minutes per client, and totals per week and month.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::types::Role;

/// The kinds of activity minutes are logged for, in the order the form offers them.
pub const ACTIVITIES: [&str; 5] = ["session", "preparation", "reporting", "travel", "other"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Total {
    /// `2026-W47` or `2026-11`.
    pub period: String,
    pub minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeEntryDto {
    pub id: i32,
    pub date: String,
    pub minutes: i32,
    /// One of `session`, `preparation`, `reporting`, `travel`, `other`.
    pub activity: String,
    pub trajectory: Option<String>,
    pub coach: Option<String>,
    pub note: Option<String>,
    pub can_delete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierTimeDto {
    /// The latest 50.
    pub entries: Vec<TimeEntryDto>,
    pub weeks: Vec<Total>,
    pub months: Vec<Total>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonTotalsDto {
    pub id: i32,
    pub name: String,
    pub weeks: Vec<Total>,
    pub months: Vec<Total>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeOverviewDto {
    pub coaches: Vec<PersonTotalsDto>,
    pub clients: Vec<PersonTotalsDto>,
}

#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::server::AppState, crate::server::auth::TenantContext), AppError>
{
    crate::server::auth::context::require_member(&[Role::Owner, Role::Coach]).await
}

#[server(endpoint = "time/dossier")]
pub async fn dossier_time(client_id: i32) -> Result<DossierTimeDto, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::time::for_dossier(&state.db, &tenant, client_id).await
}

#[server(endpoint = "time/log")]
pub async fn log_time(
    client_id: i32,
    #[server(default)] trajectory_id: String,
    #[server(default)] date: String,
    #[server(default)] minutes: String,
    #[server(default)] activity: String,
    #[server(default)] note: String,
) -> Result<i32, AppError> {
    use crate::server::service::time::{log, TimeInput};
    let (state, tenant) = staff().await?;
    let input = TimeInput {
        trajectory_id: &trajectory_id,
        date: &date,
        minutes: &minutes,
        activity: &activity,
        note: &note,
    };
    log(&state.db, state.clock.now(), &tenant, client_id, &input).await
}

#[server(endpoint = "time/delete")]
pub async fn delete_time(id: i32) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::time::delete(&state.db, &tenant, id).await
}

#[server(endpoint = "time/overview")]
pub async fn time_overview() -> Result<TimeOverviewDto, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::time::overview(&state.db, state.clock.now(), &tenant).await
}
