use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::require_staff;
use leptos::prelude::*;

pub use crate::model::dashboard::*;

#[server(endpoint = "dashboard/summary")]
pub async fn dashboard_summary() -> Result<DashboardDto, AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::organization::dashboard(&state.db, &tenant).await
}
