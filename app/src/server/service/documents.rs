//! Documents in a dossier. The bytes go to the document storage, the facts to the
//! database. A file is accepted only when its content is one of the accepted kinds and its
//! name says the same; it is stored whole or not at all.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::documents::DocumentDto;
use crate::server::auth::TenantContext;
use crate::server::crypto::Place;
use crate::server::entity::{client, document, user};
use crate::server::local_time;
use crate::server::service::clients::{Dossier, OwnDossier};
use crate::server::service::{access_log, clients};
use crate::server::storage::DocumentStorage;
use crate::types::Role;

/// The accepted kinds: name, MIME type, and the extensions a file of that kind may carry.
pub const KINDS: [(&str, &str, &[&str]); 5] = [
    ("pdf", "application/pdf", &["pdf"]),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &["docx"],
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &["xlsx"],
    ),
    ("png", "image/png", &["png"]),
    ("jpeg", "image/jpeg", &["jpg", "jpeg"]),
];

pub fn mime_type(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, mime, _)| *mime)
        .unwrap_or("application/octet-stream")
}

/// What the file is, judged by its content, checked against its name.
pub fn kind_of(filename: &str, bytes: &[u8]) -> Result<&'static str, FieldProblem> {
    if bytes.is_empty() {
        return Err(FieldProblem::FileEmpty);
    }
    let extension = filename
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let found = infer::get(bytes).and_then(|t| {
        KINDS
            .iter()
            .find(|(_, mime, _)| *mime == t.mime_type())
            .map(|(kind, _, extensions)| (*kind, *extensions))
    });
    match found {
        None => Err(FieldProblem::FileType),
        Some((kind, extensions)) if extensions.contains(&extension.as_str()) => Ok(kind),
        Some(_) => Err(FieldProblem::FileMismatch),
    }
}

/// The name as shown and offered for download: no folders, no control characters.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() {
        "document".to_string()
    } else {
        cleaned
    }
}

/// Where a tenant uploads: a staff member into a dossier they may open, a client into
/// their own.
async fn target(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    client_id: Option<i32>,
) -> Result<client::Model, AppError> {
    match tenant.role {
        Role::Client => clients::of_login(db, tenant, tenant.user_id).await,
        Role::Owner | Role::Coach | Role::Operator => {
            let id = client_id.ok_or(AppError::NotFound)?;
            Ok(clients::open(db, tenant, id).await?.into_row())
        }
    }
}

/// Checks where it goes before the bytes are read: nobody streams a file into a dossier
/// they cannot open.
pub async fn upload_target(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    client_id: Option<i32>,
) -> Result<i32, AppError> {
    let dossier = target(db, tenant, client_id).await?;
    tenant.writable()?;
    Ok(dossier.id)
}

pub async fn upload(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    client_id: Option<i32>,
    filename: &str,
    bytes: &[u8],
) -> Result<i32, AppError> {
    let dossier = target(db, tenant, client_id).await?;
    tenant.writable()?;
    let filename = clean_name(filename);
    let kind = kind_of(&filename, bytes).map_err(|p| AppError::field("file", p))?;
    let key = format!("{}/{}", tenant.organization_id, uuid::Uuid::new_v4());
    let sealed = tenant
        .keys
        .seal_file(db, tenant.organization_id, Place::file(&key), bytes)
        .await?;
    // A full disk or an unreachable store: the person is told next to the file, and
    // nothing is recorded (the storage removes what it wrote of it).
    storage.put(&key, &sealed).await.map_err(|error| {
        tracing::error!(%error, "storing a document failed");
        AppError::field("file", FieldProblem::FileNotStored)
    })?;
    let txn = super::begin_write(db).await?;
    let result = async {
        let created = document::ActiveModel {
            organization_id: Set(tenant.organization_id),
            client_id: Set(dossier.id),
            uploaded_by: Set(Some(tenant.user_id)),
            filename: Set(filename),
            kind: Set(kind.to_string()),
            size_bytes: Set(bytes.len() as i64),
            storage_key: Set(key.clone()),
            // What clients upload themselves is theirs to see.
            shared_with_client: Set(tenant.role == Role::Client),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        access_log::changed(
            &txn,
            tenant,
            dossier.id,
            LogArea::Documents,
            Some(created.id),
            LogAction::Create,
        )
        .await?;
        Ok(created.id)
    }
    .await;
    match super::finish(txn, result).await {
        Ok(id) => Ok(id),
        Err(error) => {
            // No row, no file: the stored bytes would be unreachable.
            let _ = storage.delete(&key).await;
            Err(error)
        }
    }
}

/// A document the tenant may see: staff in dossiers they may open; a client in their own
/// dossier, when it was shared with them or they uploaded it.
async fn own(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<document::Model, AppError> {
    let found = document::Entity::find_by_id(id)
        .filter(document::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if tenant.role == Role::Client {
        let dossier = clients::of_login(db, tenant, tenant.user_id).await?;
        let mine = found.client_id == dossier.id
            && (found.shared_with_client || found.uploaded_by == Some(tenant.user_id));
        if !mine {
            return Err(AppError::NotFound);
        }
    } else {
        clients::open(db, tenant, found.client_id).await?;
    }
    Ok(found)
}

/// A document's bytes, opened; the caller reached `found` through its access check.
pub(crate) async fn contents(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    tenant: &TenantContext,
    found: &document::Model,
) -> Result<Vec<u8>, AppError> {
    let sealed = storage.get(&found.storage_key).await.map_err(|error| {
        tracing::error!(%error, id = found.id, "a stored document could not be read");
        AppError::Internal
    })?;
    tenant
        .keys
        .open_file(
            db,
            found.organization_id,
            Place::file(&found.storage_key),
            sealed,
        )
        .await
}

/// The file itself: its name, MIME type and bytes.
pub async fn download(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    tenant: &TenantContext,
    id: i32,
) -> Result<(String, &'static str, Vec<u8>), AppError> {
    let found = own(db, tenant, id).await?;
    let bytes = contents(db, storage, tenant, &found).await?;
    access_log::changed(
        db,
        tenant,
        found.client_id,
        LogArea::Documents,
        Some(id),
        LogAction::Download,
    )
    .await?;
    Ok((found.filename, mime_type(&found.kind), bytes))
}

/// Documents with their uploaders; `people` holds at least every uploader.
fn to_dtos(
    tenant: &TenantContext,
    found: Vec<document::Model>,
    people: &[user::Model],
) -> Vec<DocumentDto> {
    let staff = tenant.is_staff();
    found
        .into_iter()
        .map(|d| {
            let by = people.iter().find(|p| Some(p.id) == d.uploaded_by);
            DocumentDto {
                uploaded_by: by.map(|p| p.name.clone()),
                by_client: by.is_some_and(|p| p.role == Role::Client),
                can_delete: staff || d.uploaded_by == Some(tenant.user_id),
                at: local_time::to_display(d.created_at),
                id: d.id,
                filename: d.filename,
                kind: d.kind,
                size_bytes: d.size_bytes,
                shared_with_client: d.shared_with_client,
            }
        })
        .collect()
}

pub async fn for_dossier(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<DocumentDto>, AppError> {
    dossier.read(db, LogArea::Documents, None).await?;
    dossier
        .remember("documents", async {
            let found = document::Entity::find()
                .filter(document::Column::ClientId.eq(dossier.id))
                .order_by_desc(document::Column::CreatedAt)
                .order_by_desc(document::Column::Id)
                .all(db)
                .await?;
            Ok(to_dtos(tenant, found, dossier.people(db).await?))
        })
        .await
}

/// What the client sees of their own dossier's documents.
pub async fn for_client(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    own: &OwnDossier,
) -> Result<Vec<DocumentDto>, AppError> {
    let found = document::Entity::find()
        .filter(document::Column::OrganizationId.eq(tenant.organization_id))
        .filter(document::Column::ClientId.eq(own.id))
        .filter(
            Condition::any()
                .add(document::Column::SharedWithClient.eq(true))
                .add(document::Column::UploadedBy.eq(tenant.user_id)),
        )
        .order_by_desc(document::Column::CreatedAt)
        .order_by_desc(document::Column::Id)
        .all(db)
        .await?;
    Ok(to_dtos(tenant, found, own.lookups().people(db).await?))
}

pub async fn share(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
    shared: bool,
) -> Result<(), AppError> {
    tenant.require_staff()?;
    let found = own(db, tenant, id).await?;
    tenant.writable()?;
    let txn = super::begin_write(db).await?;
    let result = async {
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Documents,
            Some(id),
            LogAction::Change,
        )
        .await?;
        let mut active = found.into_active_model();
        active.shared_with_client = Set(shared);
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}

/// Staff with access, or the client who uploaded it, remove a document: the row first,
/// then the bytes.
pub async fn delete(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    // Read-only is the organization's state, not the document's: say so first.
    tenant.writable()?;
    let found = own(db, tenant, id).await?;
    if !tenant.is_staff() && found.uploaded_by != Some(tenant.user_id) {
        return Err(AppError::Forbidden);
    }
    let txn = super::begin_write(db).await?;
    let result = async {
        document::Entity::delete_by_id(found.id).exec(&txn).await?;
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Documents,
            Some(id),
            LogAction::Delete,
        )
        .await
    }
    .await;
    super::finish(txn, result).await?;
    if let Err(error) = storage.delete(&found.storage_key).await {
        tracing::warn!(%error, "a deleted document's file stayed behind");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";

    #[test]
    fn the_content_decides_and_the_name_must_agree() {
        assert_eq!(kind_of("cv.pdf", PDF), Ok("pdf"));
        assert_eq!(kind_of("CV.PDF", PDF), Ok("pdf"));
        assert_eq!(
            kind_of(
                "setup.pdf",
                b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
            ),
            Err(FieldProblem::FileType)
        );
        assert_eq!(kind_of("leeg.pdf", b""), Err(FieldProblem::FileEmpty));
        assert_eq!(kind_of("foto.jpg", PDF), Err(FieldProblem::FileMismatch));
        assert_eq!(
            kind_of("plaatje.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Ok("png")
        );
        assert_eq!(
            kind_of("notes.txt", b"just text"),
            Err(FieldProblem::FileType)
        );
    }

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\x\\cv.pdf"), "cv.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b\nc.pdf"), "abc.pdf");
        assert_eq!(clean_name("  "), "document");
    }
}
