use clap::{Parser, Subcommand};

use crate::config::Config;

/// Koers: online coaching dossier.
#[derive(Debug, Parser)]
#[command(name = "server", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default). Migrations run first.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create the demo organization with an owner, a coach and a client (idempotent).
    SeedDemo,
    /// Operator tasks.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The master key: make one, rotate it.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Write a consistent snapshot of the database and the documents into a dated archive
    /// in KOERS_BACKUP_DIR, with a manifest of checksums. Safe while Koers runs.
    Backup,
    /// Restore an archive of `server backup` into an empty database and document folder,
    /// after checking every checksum.
    Restore {
        /// The archive (`koers-backup-….zip`).
        archive: std::path::PathBuf,
    },
    /// One organization's complete copy at the end of its subscription, and restoring one.
    #[command(subcommand)]
    Organization(OrganizationCommand),
}

#[derive(Debug, Subcommand)]
pub enum OrganizationCommand {
    /// Write the complete copy of one organization into a ZIP for the practice: every
    /// table's rows as JSON (content readable), its documents, the Excel export and a Word
    /// dossier report per client, with a manifest of checksums. Not encrypted: hand it over
    /// as safely as the dossiers themselves.
    Copy {
        /// The organization's number (`server admin list-orgs`).
        #[arg(long)]
        organization: i32,
        /// Where to write the ZIP.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore an organization's copy into this Koers, which must not have the organization
    /// or any of its people, after checking every checksum. Its content and documents are
    /// sealed under this Koers' keys.
    Restore {
        /// The copy (`server organization copy`).
        archive: std::path::PathBuf,
    },
    /// Delete one organization completely, after its subscription's last day (set in the
    /// operator's console): every row of it in every table, its logs, its people's
    /// sessions and secrets, its documents' files. Only a record without names stays.
    /// Make its copy first.
    Delete {
        /// The organization's number (`server admin list-orgs`).
        #[arg(long)]
        organization: i32,
        /// Its exact name, to confirm.
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Write a new master key to KOERS_MASTER_KEY_FILE (refuses to overwrite one).
    Init,
    /// Add a master key version to KOERS_MASTER_KEY_FILE and rewrap every organization's
    /// data keys with it. Safe while Koers runs: servers read the new version from the file
    /// when they first meet it.
    Rotate {
        /// Also give every organization a new data key and seal all its content anew, in
        /// small batches, while Koers runs.
        #[arg(long)]
        reencrypt: bool,
    },
    /// Open every sealed value with the configured master key, and say how many there are
    /// (after a rotation: proof that the older versions are no longer needed).
    Check,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an organization with its owner.
    CreateOrg {
        /// Name of the organization (the practice).
        #[arg(long)]
        name: String,
        /// demo, standard, extended or custom.
        #[arg(long, default_value = "standard")]
        licence: String,
        #[arg(long)]
        owner_name: String,
        #[arg(long)]
        owner_email: String,
        /// The owner's password. Read from KOERS_OWNER_PASSWORD to keep it out of shell history.
        #[arg(long, env = "KOERS_OWNER_PASSWORD", hide_env_values = true)]
        owner_password: String,
    },
    /// Create an operator account.
    CreateOperator {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long, env = "KOERS_OPERATOR_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// List organizations with licence, status and seats in use.
    ListOrgs,
    /// Publish the bundled Terms of Use and Privacy Statement as a new version;
    /// everyone must accept it again.
    PublishTerms,
}
