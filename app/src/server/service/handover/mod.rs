//! The end of a subscription (issue 17): one organization's complete copy, which restores
//! into an empty Koers as that organization.
//!
//! The copy is one ZIP: every table's rows of the organization as JSON (`tabellen/`, the
//! sealed content opened: the copy is for the practice, who take it elsewhere), the
//! documents as they were uploaded (`documenten/`), the Excel export and a Word dossier
//! report per client as the organization's owner reads them, a `LEESMIJ.txt`, and a
//! `manifest.json` with the SHA-256 of every file. An owner downloads it from the clients
//! page until the subscription's last day (recorded in every dossier's access log); the
//! operator makes it on the server (`server organization copy`), where the master key is,
//! so it never passes through the operator's console, which shows no client content.
//!
//! A restore (`server organization restore`) checks every checksum first, refuses a Koers
//! that already has the organization or one of its people, inserts the rows with their own
//! ids, and seals the content and the documents under the new Koers' own keys.
//!
//! After the subscription's last day the operator deletes the organization completely
//! (`server organization delete`), leaving one record that names no one.

mod copy;
mod delete;
mod restore;
mod tables;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use copy::{copy_open, owner_copy, write, By};
pub use delete::{delete, DeleteError, Deleted};
pub use restore::{restore, verify, RestoreError};
pub use tables::{Table, TABLES};

/// The name of the copy's format and its version, in `manifest.json`.
pub const FORMAT: &str = "koers-organization-copy";
pub const VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";

/// `manifest.json`: what the copy holds and the checksum of each file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub organization_id: i32,
    pub organization: String,
    /// RFC 3339, UTC.
    pub made_at: String,
    /// The newest database migration of the Koers that made it: a restore needs a Koers
    /// with the same tables.
    pub schema: String,
    /// Rows per table.
    pub tables: BTreeMap<String, usize>,
    /// Each document's file in the copy, by document id.
    pub documents: BTreeMap<i32, String>,
    /// Every file in the copy but the manifest, with its SHA-256 (hexadecimal).
    pub files: BTreeMap<String, String>,
}

/// The JSON file of a table in the copy.
pub fn table_file(name: &str) -> String {
    format!("tabellen/{name}.json")
}

/// The newest migration this Koers knows.
pub fn schema() -> String {
    use sea_orm_migration::MigratorTrait;
    crate::server::migration::Migrator::migrations()
        .last()
        .map(|m| m.name().to_string())
        .unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
