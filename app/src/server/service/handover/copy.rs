//! Writing an organization's copy.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};

use super::{hex, schema, table_file, tables, Manifest, FORMAT, MANIFEST, TABLES, VERSION};
use crate::error::AppError;
use crate::model::access_log::{LogAction, LogArea};
use crate::model::exports::ArchivedChoice;
use crate::server::auth::TenantContext;
use crate::server::crypto::{Keyring, Place};
use crate::server::entity::{client, organization, user};
use crate::server::service::exports::{self, Audit, Filter};
use crate::server::service::{access_log, documents, sealing};
use crate::server::storage::DocumentStorage;
use crate::types::Role;

fn failed(error: &dyn std::fmt::Display) -> AppError {
    tracing::error!(%error, "writing an organization's copy failed");
    AppError::Internal
}

/// The ZIP being written, and the checksum of every file put in it.
struct Archive {
    zip: zip::ZipWriter<File>,
    files: BTreeMap<String, String>,
    /// The file being written: its name and running checksum.
    open: Option<(String, Sha256)>,
}

impl Archive {
    fn start(&mut self, path: &str) -> Result<(), AppError> {
        self.end();
        let options = zip::write::FileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        self.zip.start_file(path, options).map_err(|e| failed(&e))?;
        self.open = Some((path.to_string(), Sha256::new()));
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), AppError> {
        if let Some((_, hash)) = &mut self.open {
            hash.update(bytes);
        }
        self.zip.write_all(bytes).map_err(|e| failed(&e))
    }

    fn end(&mut self) {
        if let Some((path, hash)) = self.open.take() {
            self.files.insert(path, hex(&hash.finalize()));
        }
    }

    fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), AppError> {
        self.start(path)?;
        self.write(bytes)?;
        self.end();
        Ok(())
    }

    /// Copies a finished file into the copy and removes it.
    fn add_file(&mut self, path: &str, from: &Path) -> Result<(), AppError> {
        self.start(path)?;
        let mut source = File::open(from).map_err(|e| failed(&e))?;
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let read = std::io::Read::read(&mut source, &mut buffer).map_err(|e| failed(&e))?;
            if read == 0 {
                break;
            }
            self.write(&buffer[..read])?;
        }
        self.end();
        let _ = std::fs::remove_file(from);
        Ok(())
    }
}

/// Who makes the copy, and so whose reading the exports in it follow.
pub enum By<'a> {
    /// The operator, on the server: the exports as the organization's first owner reads
    /// them; no dossier's access log records it (the organization's data leaves whole at
    /// the end of its subscription).
    Operator,
    /// An owner, from Koers (see [`owner_copy`]): the exports as they read them.
    Owner(&'a TenantContext),
}

/// The copy an owner downloads, until the last day of the subscription: written to a
/// temporary file (streamed, then removed), and recorded in every dossier's access log as
/// an export of all of it.
pub async fn owner_copy(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    now: DateTime<Utc>,
    tenant: &TenantContext,
) -> Result<exports::ExportFile, AppError> {
    let Some(organization) = copy_open(db, now, tenant).await? else {
        return Err(AppError::Forbidden);
    };
    let dossiers: Vec<i32> = client::Entity::find()
        .select_only()
        .column(client::Column::Id)
        .filter(client::Column::OrganizationId.eq(tenant.organization_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut entries = Vec::with_capacity(dossiers.len() * LogArea::ALL.len());
    for &client_id in &dossiers {
        for &area in LogArea::ALL {
            entries.push(access_log::Entry {
                client_id,
                area,
                object: None,
                action: LogAction::Export,
            });
        }
    }
    access_log::record(db, tenant, entries).await?;
    let path = std::env::temp_dir().join(format!("koers-copy-{}.zip", uuid::Uuid::new_v4()));
    let written = write(
        db,
        storage,
        &tenant.keys,
        now,
        tenant.organization_id,
        &path,
        By::Owner(tenant),
    )
    .await;
    if let Err(error) = written {
        let _ = std::fs::remove_file(&path);
        return Err(error);
    }
    Ok(exports::ExportFile {
        path,
        filename: format!(
            "koers-kopie-{}-{}.zip",
            crate::server::service::privacy::export::file_name(&organization.name),
            crate::server::local_time::local_date(now).format("%Y-%m-%d")
        ),
        dossiers: dossiers.len(),
    })
}

/// The tenant's organization when they may download its copy now: an owner, until the
/// subscription's last day (after it, its data is the operator's to hand over).
pub async fn copy_open(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
) -> Result<Option<organization::Model>, AppError> {
    if tenant.role != Role::Owner {
        return Ok(None);
    }
    let organization = organization::Entity::find_by_id(tenant.organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = crate::server::local_time::local_date(now);
    let open = organization
        .subscription_ends_on
        .is_none_or(|last| today <= last);
    Ok(open.then_some(organization))
}

/// Writes the copy of organization `organization_id` to `to`. Tables are read a page at a
/// time and documents one at a time, so memory holds a page, not the organization.
pub async fn write(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    keys: &Keyring,
    now: DateTime<Utc>,
    organization_id: i32,
    to: &Path,
    by: By<'_>,
) -> Result<Manifest, AppError> {
    let organization = organization::Entity::find_by_id(organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let file = File::create(to).map_err(|e| failed(&e))?;
    let mut archive = Archive {
        zip: zip::ZipWriter::new(file),
        files: BTreeMap::new(),
        open: None,
    };
    let mut counts = BTreeMap::new();
    let mut stored_documents = Vec::new();
    for table in TABLES {
        archive.start(&table_file(table.name))?;
        archive.write(b"[")?;
        let mut count = 0;
        for number in 0.. {
            let rows = tables::rows(db, organization_id, table, number).await?;
            if rows.is_empty() {
                break;
            }
            for mut row in rows {
                if let serde_json::Value::Object(fields) = &mut row {
                    sealing::open_row(db, keys, organization_id, table.name, fields).await?;
                }
                if table.name == "documents" {
                    stored_documents.push((
                        row["id"].as_i64().unwrap_or_default() as i32,
                        row["storage_key"].as_str().unwrap_or_default().to_string(),
                        row["filename"].as_str().unwrap_or_default().to_string(),
                    ));
                }
                archive.write(if count == 0 { b"\n" } else { b",\n" })?;
                let line = serde_json::to_vec(&row).map_err(|e| failed(&e))?;
                archive.write(&line)?;
                count += 1;
            }
        }
        archive.write(b"\n]\n")?;
        archive.end();
        counts.insert(table.name.to_string(), count);
    }

    let mut documents = BTreeMap::new();
    for (id, storage_key, filename) in stored_documents {
        let stored = storage.get(&storage_key).await.map_err(|e| failed(&e))?;
        let bytes = keys
            .open_file(db, organization_id, Place::file(&storage_key), stored)
            .await?;
        let path = format!("documenten/{id}-{}", documents::clean_name(&filename));
        archive.add(&path, &bytes)?;
        documents.insert(id, path);
    }

    // The exports as the owner who makes it, or the organization's first owner, reads them.
    let tenant = match by {
        By::Owner(tenant) => Some(tenant.clone()),
        By::Operator => user::Entity::find()
            .filter(user::Column::OrganizationId.eq(organization_id))
            .filter(user::Column::Role.eq(Role::Owner))
            .order_by_asc(user::Column::Id)
            .one(db)
            .await?
            .map(|owner| TenantContext {
                user_id: owner.id,
                organization_id,
                role: Role::Owner,
                read_only: true,
                address: None,
                keys: keys.clone(),
            }),
    };
    if let Some(tenant) = &tenant {
        let everything = Filter {
            from: None,
            to: None,
            coach: None,
            team: None,
            archived: ArchivedChoice::All,
        };
        // Recorded already: by the owner's copy as a whole, or not at all (the operator's).
        let book =
            exports::workbook_for(db, now, tenant, "nl", &everything, Audit::Handover).await?;
        archive.add_file("export.xlsx", &book.path)?;
        let reports =
            exports::dossier_reports_for(db, now, tenant, "nl", &everything, Audit::Handover)
                .await?;
        archive.add_file("dossierrapporten.zip", &reports.path)?;
    }
    archive.add("LEESMIJ.txt", readme(&organization.name, now).as_bytes())?;

    let manifest = Manifest {
        format: FORMAT.to_string(),
        version: VERSION,
        organization_id,
        organization: organization.name,
        made_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        schema: schema(),
        tables: counts,
        documents,
        files: archive.files.clone(),
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| failed(&e))?;
    let options = zip::write::FileOptions::default();
    archive
        .zip
        .start_file(MANIFEST, options)
        .map_err(|e| failed(&e))?;
    archive.zip.write_all(&json).map_err(|e| failed(&e))?;
    let file = archive.zip.finish().map_err(|e| failed(&e))?;
    file.sync_all().map_err(|e| failed(&e))?;
    Ok(manifest)
}

fn readme(organization: &str, now: DateTime<Utc>) -> String {
    let day = crate::server::local_time::in_words(now, "nl");
    let day_en = crate::server::local_time::in_words(now, "en");
    format!(
        "Kopie van alle gegevens van {organization} in Koers, gemaakt op {day}.\n\n\
         - tabellen/: elke tabel met de rijen van de organisatie, als JSON (één object per \
         rij; de versleutelde inhoud is hier leesbaar).\n\
         - documenten/: de documenten zoals ze zijn geüpload.\n\
         - export.xlsx: de Excel-export van alle dossiers, zoals de eigenaar ze leest.\n\
         - dossierrapporten.zip: een Word-dossierrapport per cliënt, zoals de eigenaar ze leest.\n\
         - manifest.json: de SHA-256 van elk bestand; een andere Koers zet de kopie terug met \
         `server organization restore`.\n\n\
         Bewaar deze kopie zo veilig als het dossier zelf: ze is niet versleuteld.\n\n---\n\n\
         Copy of all data of {organization} in Koers, made on {day_en}.\n\n\
         - tabellen/: every table with the organization's rows, as JSON (one object per row; \
         the encrypted content is readable here).\n\
         - documenten/: the documents as uploaded.\n\
         - export.xlsx: the Excel export of all dossiers, as the owner reads them.\n\
         - dossierrapporten.zip: a Word dossier report per client, as the owner reads them.\n\
         - manifest.json: the SHA-256 of every file; another Koers restores the copy with \
         `server organization restore`.\n\n\
         Keep this copy as safe as the dossier itself: it is not encrypted.\n"
    )
}
