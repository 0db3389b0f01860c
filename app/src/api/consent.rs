use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::consent::*;

/// Public: anyone may read the current terms, signed in or not.
#[server(endpoint = "consent/terms")]
pub async fn current_terms(language: String) -> Result<TermsDto, AppError> {
    use crate::server::auth::context::request_parts;
    let (state, _) = request_parts().await?;
    crate::server::service::consent::current_dto(&state.db, &language).await
}

/// Records that the signed-in user accepts `version`. The box must be ticked, and the version
/// must still be the current one (if a newer one was published meanwhile, they read that).
#[server(endpoint = "consent/accept")]
pub async fn accept_terms(version: i32, agree: Option<String>) -> Result<(), AppError> {
    use crate::server::auth::context::require_actor;
    let (state, actor) = require_actor().await?;
    crate::server::service::consent::accept(&state.db, &actor, version, agree.is_some()).await?;
    leptos_axum::redirect(actor.role.home_path());
    Ok(())
}
