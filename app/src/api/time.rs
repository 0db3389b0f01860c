//! Time registration: minutes per client, and totals per week and month.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{open_dossier, require_staff};
use leptos::prelude::*;

pub use crate::model::time::*;

#[server(endpoint = "time/dossier")]
pub async fn dossier_time(client_id: i32) -> Result<DossierTimeDto, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::time::for_dossier(&state.db, &tenant, &dossier).await
}

#[server(endpoint = "time/log")]
pub async fn log_time(client_id: i32, #[server(default)] input: TimeForm) -> Result<i32, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::time::log(&state.db, state.clock.now(), &tenant, &dossier, &input).await
}

#[server(endpoint = "time/delete")]
pub async fn delete_time(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::time::delete(&state.db, &tenant, id).await
}

#[server(endpoint = "time/overview")]
pub async fn time_overview() -> Result<TimeOverviewDto, AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::time::overview(&state.db, state.clock.now(), &tenant).await
}
