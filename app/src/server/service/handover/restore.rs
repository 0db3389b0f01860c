//! Restoring an organization's copy into a Koers that does not have it.

use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::Read;
use std::path::Path;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, TransactionTrait,
};
use sha2::{Digest, Sha256};

use super::{hex, schema, table_file, tables, Manifest, FORMAT, MANIFEST, TABLES, VERSION};
use crate::error::AppError;
use crate::server::crypto::Keyring;
use crate::server::entity::{organization, terms_version, user};
use crate::server::service::sealing;
use crate::server::storage::DocumentStorage;

/// Why a copy was not restored, in words for the operator.
#[derive(Debug)]
pub enum RestoreError {
    /// A file of the copy is missing, unreadable or not what the manifest says.
    Damaged {
        file: String,
        why: String,
    },
    /// The copy is of another kind or made by a Koers with other tables.
    Unsuitable(String),
    /// This Koers already holds the organization or one of its people.
    NotEmpty(String),
    Failed(AppError),
}

impl std::fmt::Display for RestoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestoreError::Damaged { file, why } => {
                write!(
                    f,
                    "the copy is damaged: {file}: {why}; nothing was restored"
                )
            }
            RestoreError::Unsuitable(why) => write!(f, "{why}; nothing was restored"),
            RestoreError::NotEmpty(why) => {
                write!(
                    f,
                    "{why}: a copy restores only into a Koers without it; nothing was restored"
                )
            }
            RestoreError::Failed(error) => write!(f, "the restore failed: {error:?}"),
        }
    }
}

impl From<AppError> for RestoreError {
    fn from(error: AppError) -> Self {
        RestoreError::Failed(error)
    }
}

impl From<sea_orm::DbErr> for RestoreError {
    fn from(error: sea_orm::DbErr) -> Self {
        RestoreError::Failed(error.into())
    }
}

fn damaged(file: &str, why: impl std::fmt::Display) -> RestoreError {
    RestoreError::Damaged {
        file: file.to_string(),
        why: why.to_string(),
    }
}

type Zip = zip::ZipArchive<File>;

fn read(zip: &mut Zip, name: &str) -> Result<Vec<u8>, RestoreError> {
    let mut entry = zip.by_name(name).map_err(|e| damaged(name, e))?;
    let mut bytes = Vec::new();
    // The ZIP's own CRC is checked as the entry is read to its end.
    entry
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(name, e))?;
    Ok(bytes)
}

/// Checks the copy: its manifest, and every file in it against its SHA-256. Returns the
/// manifest and the open archive.
pub fn verify(archive: &Path) -> Result<Manifest, RestoreError> {
    open_verified(archive).map(|(manifest, _)| manifest)
}

fn open_verified(archive: &Path) -> Result<(Manifest, Zip), RestoreError> {
    let name = archive.display().to_string();
    let file = File::open(archive).map_err(|e| damaged(&name, e))?;
    let mut zip = Zip::new(file).map_err(|e| damaged(&name, e))?;
    let manifest: Manifest =
        serde_json::from_slice(&read(&mut zip, MANIFEST)?).map_err(|e| damaged(MANIFEST, e))?;
    if manifest.format != FORMAT || manifest.version != VERSION {
        return Err(RestoreError::Unsuitable(format!(
            "this is not an organization copy of Koers (format {} version {})",
            manifest.format, manifest.version
        )));
    }
    let names: BTreeSet<String> = zip.file_names().map(str::to_string).collect();
    for name in &names {
        if name != MANIFEST && !manifest.files.contains_key(name) {
            return Err(damaged(name, "not in the manifest"));
        }
    }
    for (name, sha) in &manifest.files {
        if !names.contains(name) {
            return Err(damaged(name, "missing"));
        }
        let mut entry = zip.by_name(name).map_err(|e| damaged(name, e))?;
        let mut hash = Sha256::new();
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let n = entry.read(&mut buffer).map_err(|e| damaged(name, e))?;
            if n == 0 {
                break;
            }
            hash.update(&buffer[..n]);
        }
        if &hex(&hash.finalize()) != sha {
            return Err(damaged(name, "its checksum does not match the manifest"));
        }
    }
    Ok((manifest, zip))
}

/// Restores the copy at `archive` into this Koers: the organization with its own ids, its
/// content and documents sealed under this Koers' keys. Refuses a damaged copy, one of
/// other tables, and a Koers that has the organization or one of its people.
pub async fn restore(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    keys: &Keyring,
    archive: &Path,
) -> Result<Manifest, RestoreError> {
    let (manifest, mut zip) = open_verified(archive)?;
    if manifest.schema != schema() {
        return Err(RestoreError::Unsuitable(format!(
            "the copy was made by a Koers with other tables ({}, this one has {}): restore it \
             with the same version of Koers",
            manifest.schema,
            schema()
        )));
    }
    if organization::Entity::find_by_id(manifest.organization_id)
        .one(db)
        .await?
        .is_some()
    {
        return Err(RestoreError::NotEmpty(format!(
            "this Koers already has an organization number {}",
            manifest.organization_id
        )));
    }
    let read_table = |zip: &mut Zip, name: &str| -> Result<Vec<serde_json::Value>, RestoreError> {
        let file = table_file(name);
        serde_json::from_slice(&read(zip, &file)?).map_err(|e| damaged(&file, e))
    };
    let people = read_table(&mut zip, "users")?;
    let emails: Vec<String> = people
        .iter()
        .filter_map(|p| p["email"].as_str().map(str::to_string))
        .collect();
    if let Some(taken) = user::Entity::find()
        .filter(user::Column::Email.is_in(emails))
        .one(db)
        .await?
    {
        return Err(RestoreError::NotEmpty(format!(
            "{} already has an account in this Koers",
            taken.email
        )));
    }

    // The documents' files first: a row is never without its file.
    let documents = read_table(&mut zip, "documents")?;
    let mut written = Vec::new();
    let result = async {
        for row in &documents {
            let id = row["id"].as_i64().unwrap_or_default() as i32;
            let key = row["storage_key"].as_str().unwrap_or_default().to_string();
            let path = manifest
                .documents
                .get(&id)
                .ok_or_else(|| damaged(MANIFEST, format!("document {id} has no file")))?;
            let bytes = read(&mut zip, path)?;
            storage.put(&key, &bytes).await.map_err(|error| {
                tracing::error!(%error, "writing a restored document failed");
                RestoreError::Failed(AppError::Internal)
            })?;
            written.push(key);
        }
        insert(db, &mut zip, &read_table).await
    }
    .await;
    if let Err(error) = result {
        for key in &written {
            let _ = storage.delete(key).await;
        }
        return Err(error);
    }

    // Sealed under this Koers' keys: the organization gets its data key, then every value
    // and file that is not sealed yet (the restored ones) is sealed.
    keys.ensure(db, manifest.organization_id).await?;
    sealing::seal_existing(db, keys).await?;
    sealing::seal_existing_files(db, storage, keys).await?;
    Ok(manifest)
}

/// Every table's rows, in one transaction, in the order of [`TABLES`].
async fn insert(
    db: &DatabaseConnection,
    zip: &mut Zip,
    read_table: &impl Fn(&mut Zip, &str) -> Result<Vec<serde_json::Value>, RestoreError>,
) -> Result<(), RestoreError> {
    // Consent to terms this Koers never published cannot be kept: those people accept this
    // Koers' terms when they first sign in.
    let terms: HashSet<i64> = terms_version::Entity::find()
        .select_only()
        .column(terms_version::Column::Id)
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .map(i64::from)
        .collect();
    let txn = db.begin().await?;
    for table in TABLES {
        let mut rows = read_table(zip, table.name)?;
        if table.name == "consents" {
            rows.retain(|r| {
                r["terms_version_id"]
                    .as_i64()
                    .is_some_and(|id| terms.contains(&id))
            });
        }
        tables::load(&txn, table, rows)
            .await
            .map_err(|error| match error {
                AppError::Invalid { .. } => {
                    damaged(&table_file(table.name), "rows of other columns")
                }
                other => RestoreError::Failed(other),
            })?;
    }
    // PostgreSQL's sequences go past the ids inserted, so new rows get new ids.
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        for table in TABLES {
            if matches!(
                table.name,
                "team_members" | "client_coaches" | "client_teams"
            ) {
                continue;
            }
            txn.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{0}', 'id'), \
                 GREATEST((SELECT MAX(id) FROM {0}), 1))",
                table.name
            ))
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
