//! Encryption at rest of the special categories of dossier content.
//!
//! Three layers. The installation's **master key** (one or more versions) comes from the
//! configuration and is never stored in the database. Each organization has **data keys**
//! (`organization_keys`), random, stored only wrapped by a master key version. Content is
//! sealed with XChaCha20-Poly1305 under the organization's current data key and stored as
//! `enc:<data key version>:<base64 of nonce and ciphertext>` in the column it always had.
//!
//! The associated data binds a ciphertext to its place: table, column, row id and
//! organization. A ciphertext copied to another row, column or organization does not open.
//! Services seal after the row has its id (insert, then update, in one transaction).
//!
//! Rotation (`server keys rotate`) adds a master key version and rewraps the data keys;
//! `--reencrypt` also gives every organization a new data key and seals its content anew.
//! The unwrapped data keys are cached per process: they never change once made, so a
//! process keeps working with keys another process rotated.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::error::AppError;
use crate::server::entity::organization_key;

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
/// What every sealed value starts with; anything else is content from before encryption,
/// which [`seal_existing`](crate::server::service::sealing::seal_existing) seals at start.
pub const PREFIX: &str = "enc:";
/// The start of a sealed file in the document storage.
const FILE_MAGIC: &[u8; 6] = b"KOERS1";

/// 32 random bytes that never reach a log.
#[derive(Clone, PartialEq, Eq)]
struct Secret([u8; KEY_LEN]);

impl Secret {
    fn random() -> Self {
        let mut bytes = [0u8; KEY_LEN];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Secret(bytes)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }

    /// nonce ‖ ciphertext.
    fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            // Encryption fails only for messages beyond 256 GiB.
            .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    fn open(&self, sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE_LEN {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
        self.cipher()
            .decrypt(&XNonce::from(nonce), Payload { msg: body, aad })
            .ok()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The master key's versions, as configured (`KOERS_MASTER_KEY` or the file named by
/// `KOERS_MASTER_KEY_FILE`): one `version:base64` per line (or comma); a single bare
/// base64 key is version 1. The highest version wraps new data keys.
#[derive(Clone, Debug)]
pub struct MasterKeys {
    keys: BTreeMap<i32, Secret>,
}

impl MasterKeys {
    pub fn parse(text: &str) -> Result<MasterKeys, String> {
        let mut keys = BTreeMap::new();
        let parts: Vec<&str> = text
            .split([',', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty() && !p.starts_with('#'))
            .collect();
        for part in &parts {
            let (version, encoded) = match part.split_once(':') {
                Some((v, k)) => (
                    v.trim()
                        .parse::<i32>()
                        .ok()
                        .filter(|v| *v > 0)
                        .ok_or("a master key version must be a whole number above 0")?,
                    k.trim(),
                ),
                None if parts.len() == 1 => (1, *part),
                None => return Err("with several master keys, write each as version:key".into()),
            };
            let bytes = STANDARD
                .decode(encoded)
                .map_err(|_| format!("master key version {version} is not base64"))?;
            let bytes: [u8; KEY_LEN] = bytes.try_into().map_err(|_| {
                format!(
                    "master key version {version} must be {KEY_LEN} bytes (44 base64 characters)"
                )
            })?;
            if keys.insert(version, Secret(bytes)).is_some() {
                return Err(format!("master key version {version} appears twice"));
            }
        }
        if keys.is_empty() {
            return Err("the master key is empty".into());
        }
        Ok(MasterKeys { keys })
    }

    /// A fresh master key, version 1, in the configuration's format.
    pub fn generate() -> MasterKeys {
        MasterKeys {
            keys: BTreeMap::from([(1, Secret::random())]),
        }
    }

    /// These versions and one more, which becomes the current one.
    pub fn with_new_version(&self) -> MasterKeys {
        let mut keys = self.keys.clone();
        keys.insert(self.current_version() + 1, Secret::random());
        MasterKeys { keys }
    }

    pub fn current_version(&self) -> i32 {
        self.keys.keys().next_back().copied().unwrap_or(1)
    }

    /// The configuration's format, newest version first.
    pub fn to_text(&self) -> String {
        self.keys
            .iter()
            .rev()
            .map(|(v, k)| format!("{v}:{}\n", STANDARD.encode(k.0)))
            .collect()
    }

    fn current(&self) -> (i32, &Secret) {
        let (v, k) = self.keys.iter().next_back().expect("parse refuses none");
        (*v, k)
    }

    fn wrap_aad(organization_id: i32, version: i32) -> Vec<u8> {
        format!("koers:organization_keys:{organization_id}:{version}").into_bytes()
    }

    fn wrap(&self, organization_id: i32, version: i32, key: &Secret) -> (i32, String) {
        let (master_version, master) = self.current();
        let sealed = master.seal(&key.0, &Self::wrap_aad(organization_id, version));
        (master_version, STANDARD.encode(sealed))
    }

    fn has(&self, version: i32) -> bool {
        self.keys.contains_key(&version)
    }

    fn unwrap(&self, row: &organization_key::Model) -> Result<Secret, AppError> {
        let master = self.keys.get(&row.master_version).ok_or_else(|| {
            tracing::error!(
                master_version = row.master_version,
                organization = row.organization_id,
                "a data key is wrapped by a master key version the configuration lacks"
            );
            AppError::Internal
        })?;
        let opened = STANDARD
            .decode(&row.wrapped)
            .ok()
            .and_then(|sealed| {
                master.open(&sealed, &Self::wrap_aad(row.organization_id, row.version))
            })
            .and_then(|bytes| <[u8; KEY_LEN]>::try_from(bytes).ok());
        opened.map(Secret).ok_or_else(|| {
            tracing::error!(
                organization = row.organization_id,
                version = row.version,
                "a data key does not unwrap with the configured master key"
            );
            AppError::Internal
        })
    }
}

/// Where a sealed value lives; its associated data.
#[derive(Debug, Clone)]
pub struct Place {
    pub table: &'static str,
    pub column: &'static str,
    /// The row: its id, or for a row written by upsert its natural key.
    pub row: String,
}

impl Place {
    pub fn new(table: &'static str, column: &'static str, id: i32) -> Place {
        Place {
            table,
            column,
            row: id.to_string(),
        }
    }

    /// A row known by its natural key (an answer: its assignment and question), which an
    /// upsert knows before the row has an id.
    pub fn keyed(table: &'static str, column: &'static str, parent: i32, key: &str) -> Place {
        Place {
            table,
            column,
            row: format!("{parent}/{key}"),
        }
    }

    /// A document's file, by its storage key (written before the row has an id; the key
    /// is unique and names the organization).
    pub fn file(storage_key: &str) -> Place {
        Place {
            table: "documents",
            column: "file",
            row: storage_key.to_string(),
        }
    }

    fn aad(&self, organization_id: i32) -> Vec<u8> {
        format!(
            "koers:{}.{}:{}:{organization_id}",
            self.table, self.column, self.row
        )
        .into_bytes()
    }
}

/// The master key and the data keys this process has unwrapped. Cheap to clone; every
/// tenant context carries it, so services seal and open without another parameter.
#[derive(Clone)]
pub struct Keyring(Arc<Inner>);

struct Inner {
    master: RwLock<Arc<MasterKeys>>,
    /// The key file it came from: read again when a data key names a master version this
    /// process does not know yet (`keys rotate` ran while it was running).
    source: Option<std::path::PathBuf>,
    data: RwLock<HashMap<(i32, i32), Secret>>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keyring(master v{})", self.master().current_version())
    }
}

impl PartialEq for Keyring {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Keyring {}

impl Keyring {
    pub fn new(master: MasterKeys) -> Keyring {
        Self::with_source(master, None)
    }

    /// The master key from a key file, read again when it gains a version.
    pub fn from_file(path: &std::path::Path) -> Result<Keyring, String> {
        let master = read_key_file(path)?;
        Ok(Self::with_source(master, Some(path.to_path_buf())))
    }

    fn with_source(master: MasterKeys, source: Option<std::path::PathBuf>) -> Keyring {
        Keyring(Arc::new(Inner {
            master: RwLock::new(Arc::new(master)),
            source,
            data: RwLock::default(),
        }))
    }

    pub fn master(&self) -> Arc<MasterKeys> {
        self.0
            .master
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Unwraps a data key, reading the key file again if the row names a master key
    /// version newer than this process knows.
    fn unwrap(&self, row: &organization_key::Model) -> Result<Secret, AppError> {
        let master = self.master();
        if master.has(row.master_version) {
            return master.unwrap(row);
        }
        if let Some(path) = &self.0.source {
            match read_key_file(path) {
                Ok(fresh) if fresh.has(row.master_version) => {
                    tracing::info!(
                        master_version = fresh.current_version(),
                        "read the rotated master key"
                    );
                    let fresh = Arc::new(fresh);
                    *self.0.master.write().unwrap_or_else(|e| e.into_inner()) = fresh.clone();
                    return fresh.unwrap(row);
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "cannot read the master key file again"),
            }
        }
        master.unwrap(row)
    }

    fn cached(&self, organization_id: i32, version: i32) -> Option<Secret> {
        self.0
            .data
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(organization_id, version))
            .cloned()
    }

    /// The master key, read again from the key file when there is one.
    fn fresh_master(&self) -> Arc<MasterKeys> {
        if let Some(path) = &self.0.source {
            match read_key_file(path) {
                Ok(fresh) => {
                    let fresh = Arc::new(fresh);
                    *self.0.master.write().unwrap_or_else(|e| e.into_inner()) = fresh.clone();
                    return fresh;
                }
                Err(error) => tracing::error!(%error, "cannot read the master key file again"),
            }
        }
        self.master()
    }

    fn remember(&self, organization_id: i32, version: i32, key: Secret) {
        self.0
            .data
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert((organization_id, version), key);
    }

    /// One version of an organization's data key.
    async fn data_key(
        &self,
        db: &impl ConnectionTrait,
        organization_id: i32,
        version: i32,
    ) -> Result<Secret, AppError> {
        if let Some(key) = self.cached(organization_id, version) {
            return Ok(key);
        }
        let row = organization_key::Entity::find()
            .filter(organization_key::Column::OrganizationId.eq(organization_id))
            .filter(organization_key::Column::Version.eq(version))
            .one(db)
            .await?
            .ok_or_else(|| {
                tracing::error!(
                    organization = organization_id,
                    version,
                    "content names a data key version that does not exist"
                );
                AppError::Internal
            })?;
        let key = self.unwrap(&row)?;
        self.remember(organization_id, version, key.clone());
        Ok(key)
    }

    /// The organization's newest data key, read from the database on every write (one
    /// small query) so a key made elsewhere, or a rollback, never leaves this process
    /// sealing with a key the database does not hold. Made here on first use; Koers makes
    /// every organization's key at start and when the organization is created, so this
    /// is the rare case.
    async fn current_key(
        &self,
        db: &impl ConnectionTrait,
        organization_id: i32,
    ) -> Result<(i32, Secret), AppError> {
        if let Some(row) = newest_key(db, organization_id).await? {
            let key = self.unwrap(&row)?;
            self.remember(organization_id, row.version, key.clone());
            return Ok((row.version, key));
        }
        // Made inside the caller's transaction, which may yet roll back: not cached here.
        // (A read in that same transaction would cache it; the next write in this process
        // reads the committed row again and puts the right key in its place.)
        self.make_data_key(db, organization_id, 1).await?;
        let row = newest_key(db, organization_id)
            .await?
            .ok_or(AppError::Internal)?;
        Ok((row.version, self.unwrap(&row)?))
    }

    /// Makes sure the organization has a data key (committed at once on a plain connection).
    pub async fn ensure(
        &self,
        db: &sea_orm::DatabaseConnection,
        organization_id: i32,
    ) -> Result<(), AppError> {
        if newest_key(db, organization_id).await?.is_none() {
            self.make_data_key(db, organization_id, 1).await?;
        }
        Ok(())
    }

    /// Stores a data key version for the organization, wrapped by the newest master key
    /// version (the key file is read again: a rotation may have added one). Two processes
    /// making the same version: the first one's stays.
    async fn make_data_key(
        &self,
        db: &impl ConnectionTrait,
        organization_id: i32,
        version: i32,
    ) -> Result<(), AppError> {
        let key = Secret::random();
        let (master_version, wrapped) = self.fresh_master().wrap(organization_id, version, &key);
        organization_key::Entity::insert(organization_key::ActiveModel {
            organization_id: Set(organization_id),
            version: Set(version),
            master_version: Set(master_version),
            wrapped: Set(wrapped),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                organization_key::Column::OrganizationId,
                organization_key::Column::Version,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        Ok(())
    }

    /// Makes the organization's next data key version the current one (re-encryption).
    pub async fn new_data_key(
        &self,
        db: &impl ConnectionTrait,
        organization_id: i32,
    ) -> Result<i32, AppError> {
        let version = newest_key(db, organization_id)
            .await?
            .map_or(0, |row| row.version)
            + 1;
        self.make_data_key(db, organization_id, version).await?;
        Ok(version)
    }

    /// Wraps every data key anew with the current master key version.
    pub async fn rewrap_all(&self, db: &impl ConnectionTrait) -> Result<usize, AppError> {
        let rows = organization_key::Entity::find().all(db).await?;
        let master = self.master();
        let current = master.current_version();
        let mut count = 0;
        for row in rows {
            if row.master_version == current {
                continue;
            }
            let key = self.unwrap(&row)?;
            let (master_version, wrapped) = master.wrap(row.organization_id, row.version, &key);
            let mut active: organization_key::ActiveModel = row.into();
            active.master_version = Set(master_version);
            active.wrapped = Set(wrapped);
            active.update(db).await?;
            count += 1;
        }
        Ok(count)
    }

    /// Seals `plaintext` for its place in the organization's data.
    pub async fn seal(
        &self,
        db: &impl ConnectionTrait,
        organization_id: i32,
        place: Place,
        plaintext: &str,
    ) -> Result<String, AppError> {
        #[cfg(feature = "bench")]
        if crate::server::bench::sealing_off() {
            return Ok(plaintext.to_string());
        }
        let (version, key) = self.current_key(db, organization_id).await?;
        let sealed = key.seal(plaintext.as_bytes(), &place.aad(organization_id));
        Ok(format!(
            "{PREFIX}{version}:{}",
            STANDARD_NO_PAD.encode(sealed)
        ))
    }

    /// The plaintext of a stored value. A value from before encryption (without the
    /// prefix) is returned as it is until the start-up step seals it.
    pub async fn open(
        &self,
        db: &impl ConnectionTrait,
        organization_id: i32,
        place: Place,
        stored: &str,
    ) -> Result<String, AppError> {
        let Some((version, encoded)) = sealed_parts(stored) else {
            return Ok(stored.to_string());
        };
        let key = self.data_key(db, organization_id, version).await?;
        STANDARD_NO_PAD
            .decode(encoded)
            .ok()
            .and_then(|sealed| key.open(&sealed, &place.aad(organization_id)))
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| refused(organization_id, &place))
    }

    /// Seals a document's bytes (the file in storage), bound to the document's row.
    pub async fn seal_file(
        &self,
        db: &impl ConnectionTrait,
        organization_id: i32,
        place: Place,
        bytes: &[u8],
    ) -> Result<Vec<u8>, AppError> {
        #[cfg(feature = "bench")]
        if crate::server::bench::sealing_off() {
            return Ok(bytes.to_vec());
        }
        let (version, key) = self.current_key(db, organization_id).await?;
        let sealed = key.seal(bytes, &place.aad(organization_id));
        let mut out = Vec::with_capacity(FILE_MAGIC.len() + 4 + sealed.len());
        out.extend_from_slice(FILE_MAGIC);
        out.extend_from_slice(&version.to_be_bytes());
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The bytes of a stored document; files from before encryption pass as they are.
    pub async fn open_file(
        &self,
        db: &impl ConnectionTrait,
        organization_id: i32,
        place: Place,
        stored: Vec<u8>,
    ) -> Result<Vec<u8>, AppError> {
        let Some(version) = file_version(&stored) else {
            return Ok(stored);
        };
        let key = self.data_key(db, organization_id, version).await?;
        key.open(&stored[FILE_MAGIC.len() + 4..], &place.aad(organization_id))
            .ok_or_else(|| refused(organization_id, &place))
    }
}

/// Reads a key file (see [`MasterKeys::parse`]).
pub fn read_key_file(path: &std::path::Path) -> Result<MasterKeys, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the master key file {}: {e} (`server keys init` makes one)",
            path.display()
        )
    })?;
    MasterKeys::parse(&text).map_err(|e| format!("the master key is not usable: {e}"))
}

/// The organization's newest data key row.
async fn newest_key(
    db: &impl ConnectionTrait,
    organization_id: i32,
) -> Result<Option<organization_key::Model>, AppError> {
    Ok(organization_key::Entity::find()
        .filter(organization_key::Column::OrganizationId.eq(organization_id))
        .order_by_desc(organization_key::Column::Version)
        .one(db)
        .await?)
}

fn refused(organization_id: i32, place: &Place) -> AppError {
    tracing::error!(
        organization = organization_id,
        table = place.table,
        column = place.column,
        row = %place.row,
        "sealed content does not open: moved, damaged or tampered with"
    );
    AppError::Damaged
}

/// The data key version and the encoded part of a sealed value.
pub fn sealed_parts(stored: &str) -> Option<(i32, &str)> {
    let rest = stored.strip_prefix(PREFIX)?;
    let (version, encoded) = rest.split_once(':')?;
    Some((version.parse().ok()?, encoded))
}

/// The data key version of a sealed file.
pub fn file_version(stored: &[u8]) -> Option<i32> {
    let rest = stored.strip_prefix(FILE_MAGIC.as_slice())?;
    let version: [u8; 4] = rest.get(..4)?.try_into().ok()?;
    Some(i32::from_be_bytes(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_master_key_reads_bare_or_versioned_and_refuses_what_is_not_one() {
        let one = MasterKeys::generate();
        let text = one.to_text();
        let bare = text.trim().split_once(':').unwrap().1.to_string();
        assert_eq!(MasterKeys::parse(&bare).unwrap().current_version(), 1);
        let two = MasterKeys::parse(&text).unwrap().with_new_version();
        let again = MasterKeys::parse(&two.to_text()).unwrap();
        assert_eq!(again.current_version(), 2);
        assert_eq!(again.keys.len(), 2);
        assert!(MasterKeys::parse("").is_err());
        assert!(MasterKeys::parse("1:c2hvcnQ=")
            .unwrap_err()
            .contains("32 bytes"));
        assert!(MasterKeys::parse("x:abc").is_err());
    }

    #[test]
    fn a_sealed_value_opens_only_in_its_own_place() {
        let key = Secret::random();
        let here = Place::new("reports", "body", 7).aad(3);
        let sealed = key.seal(b"Gesprek over werkdruk", &here);
        assert_eq!(key.open(&sealed, &here).unwrap(), b"Gesprek over werkdruk");
        assert!(key
            .open(&sealed, &Place::new("reports", "body", 8).aad(3))
            .is_none());
        assert!(key
            .open(&sealed, &Place::new("reports", "body", 7).aad(4))
            .is_none());
        assert!(key
            .open(&sealed, &Place::new("journal_entries", "body", 7).aad(3))
            .is_none());
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(key.open(&flipped, &here).is_none());
        assert!(Secret::random().open(&sealed, &here).is_none());
    }
}
