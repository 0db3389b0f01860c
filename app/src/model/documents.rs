//! What travels between the browser and the server for documents.

use serde::{Deserialize, Serialize};

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
