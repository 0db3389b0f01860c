//! `server backup` and `server restore`: one dated archive (a ZIP) with a consistent
//! snapshot of the database and every stored document, and a manifest of their SHA-256
//! checksums. A restore checks every checksum before it writes anything, and writes only
//! into an empty place.
//!
//! The database's snapshot: SQLite through `VACUUM INTO` (one read transaction, so
//! consistent while Koers writes), checked with `PRAGMA integrity_check` and flushed to
//! disk; PostgreSQL through `pg_dump` in its custom format. Sealed content stays sealed:
//! the master key is never in the archive (keep it apart from the backups).

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const FORMAT: &str = "koers-backup";
pub const VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
const SQLITE_ENTRY: &str = "database/koers.sqlite3";
const POSTGRES_ENTRY: &str = "database/koers.pgdump";
const STORAGE: &str = "storage/";

/// What the archive holds, written into it as `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub created_at: String,
    /// `sqlite` or `postgres`: a snapshot restores into the same kind of database.
    pub backend: String,
    pub files: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// Where a Koers installation keeps its data: what a backup reads and a restore fills.
#[derive(Debug, Clone)]
pub struct Location {
    pub database_url: String,
    /// A PostgreSQL schema other than the default (the tests give each test its own).
    pub schema: Option<String>,
    pub storage_dir: PathBuf,
}

#[derive(Debug)]
pub enum BackupError {
    /// The archive, or one file in it, is not what its manifest says.
    Damaged {
        file: String,
        why: String,
    },
    /// A restore found data where it would write.
    NotEmpty(String),
    Failed(String),
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupError::Damaged { file, why } => write!(
                f,
                "the backup is damaged: {file} {why}. Nothing was restored; take another backup"
            ),
            BackupError::NotEmpty(what) => write!(
                f,
                "{what} is not empty; a backup restores only into an empty place"
            ),
            BackupError::Failed(why) => f.write_str(why),
        }
    }
}

impl From<std::io::Error> for BackupError {
    fn from(error: std::io::Error) -> Self {
        BackupError::Failed(error.to_string())
    }
}

impl From<sea_orm::DbErr> for BackupError {
    fn from(error: sea_orm::DbErr) -> Self {
        BackupError::Failed(format!("database: {error}"))
    }
}

impl From<zip::result::ZipError> for BackupError {
    fn from(error: zip::result::ZipError) -> Self {
        BackupError::Failed(format!("archive: {error}"))
    }
}

fn sqlite_path(url: &str) -> Result<PathBuf, BackupError> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| BackupError::Failed(format!("not a SQLite address: {url}")))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(BackupError::Failed(
            "an in-memory database has no backup".into(),
        ));
    }
    Ok(PathBuf::from(path))
}

/// Writes a consistent snapshot of `from` into a new archive in `dir`, named by `now`.
/// Returns the archive's path. Safe while Koers runs.
pub async fn backup(
    db: &DatabaseConnection,
    from: &Location,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<PathBuf, BackupError> {
    std::fs::create_dir_all(dir)?;
    let stamp = now.format("%Y-%m-%dT%H%M%SZ");
    let work = dir.join(format!(".koers-backup-{stamp}"));
    std::fs::create_dir_all(&work)?;
    let result = async {
        let database = match db.get_database_backend() {
            DatabaseBackend::Sqlite => {
                let file = work.join("koers.sqlite3");
                db.execute(Statement::from_sql_and_values(
                    DatabaseBackend::Sqlite,
                    "VACUUM INTO ?",
                    [file.to_string_lossy().to_string().into()],
                ))
                .await?;
                integrity_check(&file).await?;
                File::open(&file)?.sync_all()?;
                (SQLITE_ENTRY, file, "sqlite")
            }
            _ => {
                let file = work.join("koers.pgdump");
                pg_dump(from, &file).await?;
                (POSTGRES_ENTRY, file, "postgres")
            }
        };
        let archive = dir.join(format!("koers-backup-{stamp}.zip"));
        let storage = from.storage_dir.clone();
        let target = archive.clone();
        tokio::task::spawn_blocking(move || {
            let written =
                write_archive(&target, database.0, &database.1, database.2, &storage, now);
            if written.is_err() {
                // A half-written archive must not look like a backup, nor fill the disk.
                let _ = std::fs::remove_file(target.with_extension("zip.part"));
            }
            written
        })
        .await
        .map_err(|e| BackupError::Failed(e.to_string()))??;
        Ok::<_, BackupError>(archive)
    }
    .await;
    let _ = std::fs::remove_dir_all(&work);
    result
}

/// The archives `backup` wrote into `dir`, oldest first (their names sort by time).
pub fn archives(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("koers-backup-") && name.ends_with(".zip") {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// Deletes all but the newest `keep` archives in `dir`; returns the ones deleted.
pub fn prune(dir: &Path, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let found = archives(dir)?;
    let surplus = found.len().saturating_sub(keep);
    let old: Vec<PathBuf> = found.into_iter().take(surplus).collect();
    for path in &old {
        std::fs::remove_file(path)?;
    }
    Ok(old)
}

async fn integrity_check(file: &Path) -> Result<(), BackupError> {
    let url = format!("sqlite://{}?mode=ro", file.display());
    let check = sea_orm::Database::connect(&url).await?;
    let row = check
        .query_one(Statement::from_string(
            DatabaseBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await?;
    let verdict: String = row
        .map(|r| r.try_get_by_index(0))
        .transpose()?
        .unwrap_or_default();
    check.close().await?;
    if verdict != "ok" {
        return Err(BackupError::Failed(format!(
            "the snapshot failed SQLite's integrity check: {verdict}"
        )));
    }
    Ok(())
}

async fn pg_dump(from: &Location, file: &Path) -> Result<(), BackupError> {
    let mut command = tokio::process::Command::new("pg_dump");
    command
        .arg("--format=custom")
        .arg("--no-owner")
        .arg("--no-privileges")
        .arg("--file")
        .arg(file);
    if let Some(schema) = &from.schema {
        command.arg(format!("--schema={schema}"));
    }
    command.arg(&from.database_url);
    run_tool("pg_dump", command).await
}

async fn run_tool(name: &str, mut command: tokio::process::Command) -> Result<(), BackupError> {
    let output = command.output().await.map_err(|e| {
        BackupError::Failed(format!(
            "cannot run {name}: {e} (install postgresql-client)"
        ))
    })?;
    if !output.status.success() {
        return Err(BackupError::Failed(format!(
            "{name} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(())
}

/// Every file under `root`, as (path inside it with `/`, full path), in a stable order.
fn files_under(root: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                folders.push(path);
            } else if let Ok(inside) = path.strip_prefix(root) {
                let name = inside
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                found.push((name, path));
            }
        }
    }
    found.sort();
    Ok(found)
}

fn write_archive(
    archive: &Path,
    database_entry: &str,
    database_file: &Path,
    backend: &str,
    storage: &Path,
    now: DateTime<Utc>,
) -> Result<(), BackupError> {
    let part = archive.with_extension("zip.part");
    let mut zip = zip::ZipWriter::new(File::create(&part)?);
    let mut files = Vec::new();
    let mut add = |zip: &mut zip::ZipWriter<File>, name: &str, mut source: File, deflate: bool| {
        let size = source.metadata()?.len();
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            // Documents are sealed: compressing them gains nothing.
            zip::CompressionMethod::Stored
        };
        let options = zip::write::FileOptions::default()
            .compression_method(method)
            .large_file(size > u32::MAX as u64 / 2);
        zip.start_file(name, options)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 64 * 1024];
        let mut written = 0u64;
        loop {
            let n = source.read(&mut buffer)?;
            written += n as u64;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            zip.write_all(&buffer[..n])?;
        }
        if written != size {
            return Err(BackupError::Failed(format!(
                "{name} changed while it was copied"
            )));
        }
        files.push(Entry {
            path: name.to_string(),
            size,
            sha256: hex(&hasher.finalize()),
        });
        Ok::<_, BackupError>(())
    };
    add(&mut zip, database_entry, File::open(database_file)?, true)?;
    // Documents written after the database's snapshot may be in it too: a file no row
    // names is harmless, a row without its file is not. A file being written (`.partial`,
    // see storage.rs) is not a document yet, and one deleted meanwhile is skipped.
    for (name, path) in files_under(storage)? {
        if name.ends_with(".partial") {
            continue;
        }
        let source = match File::open(&path) {
            Ok(source) => source,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e.into()),
        };
        add(&mut zip, &format!("{STORAGE}{name}"), source, false)?;
    }
    let manifest = Manifest {
        format: FORMAT.to_string(),
        version: VERSION,
        created_at: now.to_rfc3339(),
        backend: backend.to_string(),
        files,
    };
    zip.start_file(MANIFEST, zip::write::FileOptions::default())?;
    zip.write_all(
        serde_json::to_string_pretty(&manifest)
            .map_err(|e| BackupError::Failed(e.to_string()))?
            .as_bytes(),
    )?;
    zip.finish()?.sync_all()?;
    std::fs::rename(&part, archive)?;
    if let Some(dir) = archive.parent() {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn damaged(file: &str, why: impl Into<String>) -> BackupError {
    BackupError::Damaged {
        file: file.to_string(),
        why: why.into(),
    }
}

/// Reads the whole archive and checks every file against the manifest: each is there,
/// whole, and has its checksum; nothing else is in it.
pub fn verify(archive: &Path) -> Result<Manifest, BackupError> {
    let name = archive.display().to_string();
    let file = File::open(archive)?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| damaged(&name, format!("is not a readable archive ({e})")))?;
    let manifest: Manifest = {
        let mut entry = zip
            .by_name(MANIFEST)
            .map_err(|_| damaged(MANIFEST, "is missing"))?;
        let mut text = String::new();
        entry
            .read_to_string(&mut text)
            .map_err(|e| damaged(MANIFEST, format!("cannot be read ({e})")))?;
        serde_json::from_str(&text).map_err(|e| damaged(MANIFEST, format!("is not valid ({e})")))?
    };
    if manifest.format != FORMAT || manifest.version != VERSION {
        return Err(damaged(
            MANIFEST,
            "is not a Koers backup of a known version",
        ));
    }
    for expected in &manifest.files {
        let mut entry = zip
            .by_name(&expected.path)
            .map_err(|_| damaged(&expected.path, "is missing"))?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = entry
                .read(&mut buffer)
                .map_err(|e| damaged(&expected.path, format!("cannot be read ({e})")))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            hasher.update(&buffer[..n]);
        }
        if size != expected.size || hex(&hasher.finalize()) != expected.sha256 {
            return Err(damaged(
                &expected.path,
                "does not match its checksum in the manifest",
            ));
        }
    }
    for index in 0..zip.len() {
        let entry = zip.by_index_raw(index)?;
        let inside = entry.name();
        if inside != MANIFEST && !manifest.files.iter().any(|f| f.path == inside) {
            return Err(damaged(inside, "is not in the manifest"));
        }
    }
    Ok(manifest)
}

/// Restores `archive` into `to`, which must be empty: a SQLite file that does not exist
/// yet (or PostgreSQL without Koers' tables in its schema) and an empty document folder.
/// Every checksum is checked first; nothing is written from a damaged archive.
pub async fn restore(archive: &Path, to: &Location) -> Result<Manifest, BackupError> {
    let path = archive.to_path_buf();
    let manifest = tokio::task::spawn_blocking(move || verify(&path))
        .await
        .map_err(|e| BackupError::Failed(e.to_string()))??;
    if !files_under(&to.storage_dir)?.is_empty() {
        return Err(BackupError::NotEmpty(format!(
            "the document folder {}",
            to.storage_dir.display()
        )));
    }
    let postgres = to.database_url.starts_with("postgres");
    match (manifest.backend.as_str(), postgres) {
        ("sqlite", false) | ("postgres", true) => {}
        (backend, _) => {
            return Err(BackupError::Failed(format!(
                "this backup is of a {backend} database; restore it into the same kind"
            )))
        }
    }
    let work = tempdir_beside(&to.storage_dir)?;
    let result = async {
        let database = if postgres {
            POSTGRES_ENTRY
        } else {
            SQLITE_ENTRY
        };
        let extracted = work.join("database");
        extract(archive, database, &extracted)?;
        if postgres {
            ensure_empty_postgres(to).await?;
            let mut command = tokio::process::Command::new("pg_restore");
            command
                .arg("--no-owner")
                .arg("--no-privileges")
                .arg("--exit-on-error")
                .arg("--dbname")
                .arg(&to.database_url)
                .arg(&extracted);
            run_tool("pg_restore", command).await?;
        } else {
            let target = sqlite_path(&to.database_url)?;
            if std::fs::metadata(&target).is_ok_and(|m| m.len() > 0) {
                return Err(BackupError::NotEmpty(format!(
                    "the database file {}",
                    target.display()
                )));
            }
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let part = target.with_extension("restoring");
            std::fs::copy(&extracted, &part)?;
            File::open(&part)?.sync_all()?;
            std::fs::rename(&part, &target)?;
            integrity_check(&target).await?;
        }
        std::fs::create_dir_all(&to.storage_dir)?;
        for entry in manifest
            .files
            .iter()
            .filter(|f| f.path.starts_with(STORAGE))
        {
            let inside = &entry.path[STORAGE.len()..];
            if inside
                .split('/')
                .any(|part| part == ".." || part.is_empty())
            {
                return Err(damaged(&entry.path, "points outside the document folder"));
            }
            let target = to.storage_dir.join(inside);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            extract(archive, &entry.path, &target)?;
        }
        Ok::<_, BackupError>(())
    }
    .await;
    let _ = std::fs::remove_dir_all(&work);
    result.map(|()| manifest)
}

fn tempdir_beside(dir: &Path) -> std::io::Result<PathBuf> {
    let parent = dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let work = parent.join(format!(".koers-restore-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    Ok(work)
}

/// Copies one file out of the archive, flushed to disk.
fn extract(archive: &Path, name: &str, target: &Path) -> Result<(), BackupError> {
    let mut zip = zip::ZipArchive::new(File::open(archive)?)?;
    let mut entry = zip.by_name(name)?;
    let mut out = File::create(target)?;
    std::io::copy(&mut entry, &mut out)?;
    out.sync_all()?;
    Ok(())
}

async fn ensure_empty_postgres(to: &Location) -> Result<(), BackupError> {
    let db = app::server::db::connect(&to.database_url).await?;
    let schema = to.schema.clone().unwrap_or_else(|| "public".to_string());
    let row = db
        .query_one(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1",
            [schema.clone().into()],
        ))
        .await?;
    let tables: i64 = row.map(|r| r.try_get_by_index(0)).transpose()?.unwrap_or(0);
    db.close().await?;
    if tables > 0 {
        return Err(BackupError::NotEmpty(format!(
            "the PostgreSQL schema {schema}"
        )));
    }
    Ok(())
}
