//! Documents of a dossier. Uploading and downloading are plain HTTP routes (see
//! `api::files`): a file travels as multipart form data and comes back as an attachment.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{open_dossier, require_staff};
use leptos::prelude::*;

pub use crate::model::documents::*;

#[cfg(feature = "ssr")]
use crate::types::Role;

#[server(endpoint = "documents/list")]
pub async fn dossier_documents(client_id: i32) -> Result<DocumentsDto, AppError> {
    let (state, tenant, dossier) = open_dossier(client_id).await?;
    Ok(DocumentsDto {
        documents: crate::server::service::documents::for_dossier(&state.db, &tenant, &dossier)
            .await?,
        max_upload_mb: state.settings.max_upload_bytes / (1024 * 1024),
    })
}

#[server(endpoint = "documents/share")]
pub async fn share_document(id: i32, share: bool) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::documents::share(&state.db, &tenant, id, share).await
}

/// Staff with access, or the client who uploaded it.
#[server(endpoint = "documents/delete")]
pub async fn delete_document(id: i32) -> Result<(), AppError> {
    let (state, tenant) =
        crate::server::auth::context::require_member(&[Role::Owner, Role::Coach, Role::Client])
            .await?;
    crate::server::service::documents::delete(&state.db, state.storage.as_ref(), &tenant, id).await
}
