//! `server keys`: making the master key file and rotating the master key.

use std::io::Write;
use std::path::Path;

use sea_orm::DatabaseConnection;

use app::server::service::sealing;
use app::server::storage::{DocumentStorage, LocalDirStorage};
use app::server::{Keyring, MasterKeys};

use crate::config::Config;

fn key_file(config: &Config) -> Result<&Path, String> {
    if config
        .master_key
        .as_deref()
        .is_some_and(|k| !k.trim().is_empty())
    {
        return Err(
            "KOERS_MASTER_KEY is set: this command works on the key file \
             (KOERS_MASTER_KEY_FILE) instead"
                .into(),
        );
    }
    config
        .master_key_file
        .as_deref()
        .ok_or_else(|| "set KOERS_MASTER_KEY_FILE to where the key file is (or goes)".into())
}

/// Writes `text` to a new file readable by its owner alone, flushed to disk.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// `server keys init`: a new master key in a new file.
pub fn init(config: &Config) -> Result<(), String> {
    let path = key_file(config)?;
    if path.exists() {
        return Err(format!(
            "{} already exists; keep it (without it the sealed content cannot be read)",
            path.display()
        ));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    write_private(path, &MasterKeys::generate().to_text())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!(
        "Wrote a new master key to {}. Keep a copy apart from the database and its backups.",
        path.display()
    );
    Ok(())
}

/// `server keys rotate`: a new master key version in the file (written whole, then moved
/// over the old one), every data key rewrapped with it, and with `reencrypt` all content
/// sealed anew under new data keys.
pub async fn rotate(
    config: &Config,
    conn: &DatabaseConnection,
    reencrypt: bool,
) -> Result<(), String> {
    let path = key_file(config)?;
    let storage = LocalDirStorage::new(&config.storage_dir);
    let done = rotate_file(path, conn, &storage, reencrypt).await?;
    println!(
        "Master key version {} written to {}; {} data keys rewrapped with it.",
        done.version,
        path.display(),
        done.rewrapped
    );
    if let Some(count) = done.resealed {
        println!("{count} values sealed anew under new data keys.");
    }
    println!(
        "Running servers read the new version when they first need it. Older versions stay \
         in the file: backups made before today need them."
    );
    Ok(())
}

/// What a rotation did.
#[derive(Debug)]
pub struct Rotated {
    pub version: i32,
    pub rewrapped: usize,
    /// With `reencrypt`: how many values and files were sealed anew.
    pub resealed: Option<usize>,
}

/// The rotation itself, on the key file at `path`. One rotation at a time (a lock file
/// beside the key file); the new version is built from the file as it is now, and is on
/// disk (file and folder flushed) before any data key is wrapped with it.
pub async fn rotate_file(
    path: &Path,
    conn: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    reencrypt: bool,
) -> Result<Rotated, String> {
    let lock_path = path.with_extension("lock");
    let cannot_lock = |e: std::io::Error| format!("cannot lock {}: {e}", lock_path.display());
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(cannot_lock)?;
    // Waiting without blocking the thread: another rotation in this process may hold it.
    loop {
        match lock.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(cannot_lock(e)),
        }
    }
    let next = app::server::crypto::read_key_file(path)?.with_new_version();
    let temporary = path.with_extension("new");
    let _ = std::fs::remove_file(&temporary);
    write_private(&temporary, &next.to_text())
        .and_then(|()| std::fs::rename(&temporary, path))
        .and_then(
            |()| match path.parent().filter(|p| !p.as_os_str().is_empty()) {
                Some(folder) => std::fs::File::open(folder)?.sync_all(),
                None => std::fs::File::open(".")?.sync_all(),
            },
        )
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let version = next.current_version();
    let keys = Keyring::new(next);
    let rewrapped = keys
        .rewrap_all(conn)
        .await
        .map_err(|e| format!("rewrapping the data keys failed: {e}"))?;
    let resealed = if reencrypt {
        Some(
            sealing::reencrypt(conn, storage, &keys)
                .await
                .map_err(|e| format!("re-encrypting failed: {e}"))?,
        )
    } else {
        None
    };
    drop(lock);
    Ok(Rotated {
        version,
        rewrapped,
        resealed,
    })
}
