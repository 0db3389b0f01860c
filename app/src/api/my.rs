use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::open_own_dossier;
use leptos::prelude::*;

pub use crate::model::my::*;

#[server(endpoint = "my/home")]
pub async fn my_home() -> Result<MyHomeDto, AppError> {
    use crate::server::auth::context::{own_dossier_of, require_actor};
    let (state, actor) = require_actor().await?;
    let tenant = actor.tenant(&[crate::types::Role::Client])?;
    let own = own_dossier_of(&state, &tenant).await?;
    crate::server::service::my::home(&state.db, &actor, own.as_ref()).await
}

#[server(endpoint = "my/dossier")]
pub async fn my_dossier() -> Result<MyDossierDto, AppError> {
    let (state, tenant, own) = open_own_dossier().await?;
    let max_upload = state.settings.max_upload_bytes;
    crate::server::service::my::dossier(
        &state.db,
        state.clock.now(),
        &tenant,
        own.as_ref(),
        max_upload,
    )
    .await
}
