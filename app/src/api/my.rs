use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The home of a client: "my trajectory".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyHomeDto {
    pub your_name: String,
    pub organization_name: String,
    /// The names of the coaches of the client's organization they can turn to.
    pub coaches: Vec<String>,
}

#[server(endpoint = "my/home")]
pub async fn my_home() -> Result<MyHomeDto, AppError> {
    use crate::server::auth::context::require_member;
    let (state, tenant) = require_member(&[crate::types::Role::Client]).await?;
    crate::server::service::organization::my_home(&state.db, &tenant).await
}

/// What the client sees of their dossier: reports shared with them, their upcoming
/// appointments and their documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDossierDto {
    pub reports: Vec<crate::api::reports::ReportDto>,
    pub appointments: Vec<crate::api::agenda::AppointmentDto>,
    pub documents: Vec<crate::api::documents::DocumentDto>,
    /// The largest file the client may upload, in megabytes.
    pub max_upload_mb: usize,
}

#[server(endpoint = "my/dossier")]
pub async fn my_dossier() -> Result<MyDossierDto, AppError> {
    use crate::server::auth::context::require_member;
    use crate::server::service::{agenda, clients, documents, reports};
    let (state, tenant) = require_member(&[crate::types::Role::Client]).await?;
    let Ok(dossier) = clients::of_login(&state.db, &tenant, tenant.user_id).await else {
        return Ok(MyDossierDto {
            reports: Vec::new(),
            appointments: Vec::new(),
            documents: Vec::new(),
            max_upload_mb: state.settings.max_upload_bytes / (1024 * 1024),
        });
    };
    let now = state.clock.now();
    Ok(MyDossierDto {
        reports: reports::for_client(&state.db, &tenant, dossier.id).await?,
        appointments: agenda::upcoming_for_client(&state.db, now, &tenant, dossier.id).await?,
        documents: documents::for_client(&state.db, &tenant, dossier.id).await?,
        max_upload_mb: state.settings.max_upload_bytes / (1024 * 1024),
    })
}
