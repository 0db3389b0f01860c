use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::require_actor;
use leptos::prelude::*;

pub use crate::model::dashboard::*;

#[server(endpoint = "dashboard/summary")]
pub async fn dashboard_summary() -> Result<DashboardDto, AppError> {
    let (state, actor) = require_actor().await?;
    crate::server::service::organization::dashboard(&state.db, state.clock.now(), &actor).await
}
