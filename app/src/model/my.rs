//! What travels between the browser and the server for my.

use serde::{Deserialize, Serialize};

/// The home of a client: "my trajectory".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyHomeDto {
    pub your_name: String,
    pub organization_name: String,
    /// The names of the coaches of the client's organization they can turn to.
    pub coaches: Vec<String>,
}

/// What the client sees of their dossier: reports shared with them, their upcoming
/// appointments and their documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDossierDto {
    pub reports: Vec<crate::model::reports::ReportDto>,
    pub appointments: Vec<crate::model::agenda::AppointmentDto>,
    pub documents: Vec<crate::model::documents::DocumentDto>,
    /// The largest file the client may upload, in megabytes.
    pub max_upload_mb: usize,
}
