//! The dossiers' access log: the client's own view ("Wie heeft mijn dossier ingezien") and
//! the search for owners and the coaches who manage dossiers. The CSV download is a file
//! route (`/access-log.csv`, in `files`).

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{own_dossier_of, require_actor};
#[cfg(feature = "ssr")]
use crate::server::service::access_log;
use leptos::prelude::*;

pub use crate::model::access_log::*;

/// Who read or changed what of the signed-in client's own dossier, newest first.
#[server(endpoint = "access_log/mine")]
pub async fn my_access_log() -> Result<Vec<AccessLogRow>, AppError> {
    let (state, actor) = require_actor().await?;
    let tenant = actor.tenant(&[crate::types::Role::Client])?;
    let Some(own) = own_dossier_of(&state, &tenant).await? else {
        return Ok(Vec::new());
    };
    access_log::of_own_dossier(&state.db, &own, &actor.language).await
}

/// The organization's log (owners) or that of the dossiers a coach manages, filtered.
#[server(endpoint = "access_log/search")]
pub async fn search_access_log(
    #[server(default)] query: AccessLogQuery,
) -> Result<AccessLogPage, AppError> {
    let (state, actor) = require_actor().await?;
    let tenant = actor.tenant(&[crate::types::Role::Owner, crate::types::Role::Coach])?;
    access_log::search(&state.db, &tenant, &actor.language, &query).await
}
