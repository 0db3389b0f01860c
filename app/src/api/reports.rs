//! Session reports of a dossier, for the coaches who may read them.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{open_dossier, require_staff};
use leptos::prelude::*;

pub use crate::model::reports::*;

#[server(endpoint = "reports/list")]
pub async fn dossier_reports(client_id: i32) -> Result<Vec<ReportDto>, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    crate::server::service::reports::list(&state.db, &tenant, &dossier).await
}

#[server(endpoint = "reports/create")]
pub async fn create_report(
    client_id: i32,
    #[server(default)] input: ReportForm,
) -> Result<i32, AppError> {
    use crate::server::service::reports::create;
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    create(&state.db, state.clock.now(), &tenant, &dossier, &input).await
}

#[server(endpoint = "reports/update")]
pub async fn update_report(id: i32, #[server(default)] input: ReportForm) -> Result<(), AppError> {
    use crate::server::service::reports::update;
    let (state, tenant) = require_staff().await?;
    update(&state.db, state.clock.now(), &tenant, id, &input).await
}

#[server(endpoint = "reports/delete")]
pub async fn delete_report(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::reports::delete(&state.db, &tenant, id).await
}

/// Locks a report for good; `confirm` must be `yes`.
#[server(endpoint = "reports/lock")]
pub async fn lock_report(id: i32, #[server(default)] confirm: String) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::reports::lock(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        confirm == "yes",
    )
    .await
}

#[server(endpoint = "reports/amend")]
pub async fn amend_report(id: i32, #[server(default)] body: String) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::reports::amend(&state.db, state.clock.now(), &tenant, id, &body).await
}
