//! Documents of a dossier. Uploading and downloading are plain HTTP routes (see
//! `api::files`): a file travels as multipart form data and comes back as an attachment.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::types::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDto {
    pub id: i32,
    pub filename: String,
    /// `pdf`, `docx`, `xlsx`, `png` or `jpeg`.
    pub kind: String,
    pub size_bytes: i64,
    pub uploaded_by: Option<String>,
    /// Uploaded by the client themselves.
    pub by_client: bool,
    /// Local `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub shared_with_client: bool,
    pub can_delete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentsDto {
    pub documents: Vec<DocumentDto>,
    /// The largest file that may be uploaded, in megabytes.
    pub max_upload_mb: usize,
}

#[server(endpoint = "documents/list")]
pub async fn dossier_documents(client_id: i32) -> Result<DocumentsDto, AppError> {
    let (state, tenant) =
        crate::server::auth::context::require_member(&[Role::Owner, Role::Coach]).await?;
    Ok(DocumentsDto {
        documents: crate::server::service::documents::for_dossier(&state.db, &tenant, client_id)
            .await?,
        max_upload_mb: state.settings.max_upload_bytes / (1024 * 1024),
    })
}

#[server(endpoint = "documents/share")]
pub async fn share_document(id: i32, share: bool) -> Result<(), AppError> {
    let (state, tenant) =
        crate::server::auth::context::require_member(&[Role::Owner, Role::Coach]).await?;
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
