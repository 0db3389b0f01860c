use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::require_client;
use leptos::prelude::*;

pub use crate::model::my::*;

#[server(endpoint = "my/home")]
pub async fn my_home() -> Result<MyHomeDto, AppError> {
    let (state, tenant) = require_client().await?;
    crate::server::service::my::home(&state.db, &tenant).await
}

#[server(endpoint = "my/dossier")]
pub async fn my_dossier() -> Result<MyDossierDto, AppError> {
    let (state, tenant) = require_client().await?;
    let max_upload = state.settings.max_upload_bytes;
    crate::server::service::my::dossier(&state.db, state.clock.now(), &tenant, max_upload).await
}
