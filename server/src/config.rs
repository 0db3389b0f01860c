//! Configuration, from the environment (or the same names as flags). Every setting has a
//! default that runs Koers on a laptop with nothing else installed.

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Database: a SQLite file (default) or `postgres://user@host/db` for PostgreSQL.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/koers.db?mode=rwc"
    )]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(long, env = "KOERS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: std::net::SocketAddr,

    /// The address people use to reach Koers. When it starts with https, cookies are
    /// marked Secure and browsers are told to use https only (HSTS).
    #[arg(
        long,
        env = "KOERS_PUBLIC_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    pub public_url: String,

    /// Folder with the built site (WASM, JS, CSS, icons), as produced by cargo-leptos.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Sign people out after this many minutes without activity: the operators, and the
    /// people of every organization that has not chosen its own limit (5 to 240).
    #[arg(long, env = "KOERS_SESSION_IDLE_MINUTES", default_value_t = 30,
          value_parser = clap::value_parser!(i64).range(5..=240))]
    pub session_idle_minutes: i64,

    /// How many reverse proxies of your own stand in front of Koers (0: none). The client
    /// address is then the entry of X-Forwarded-For that many places from the right, the
    /// one the outermost proxy wrote. `true` means 1, `false` means 0.
    #[arg(long, env = "KOERS_TRUST_PROXY", default_value = "0", value_parser = parse_proxies)]
    pub trust_proxy: usize,

    /// SMTP server for outgoing mail, e.g. `smtps://user:password@smtp.example.nl:465`.
    /// Without it, mail is kept in the local outbox that the operator reads in the console.
    #[arg(long, env = "KOERS_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The largest document that may be uploaded into a dossier, in megabytes.
    #[arg(long, env = "KOERS_MAX_UPLOAD_MB", default_value_t = 20)]
    pub max_upload_mb: usize,

    /// Folder where uploaded documents are kept (outside the database). Back it up with it.
    #[arg(long, env = "KOERS_STORAGE_DIR", default_value = "data/documents")]
    pub storage_dir: String,

    /// Folder where `server backup` writes its archives. Keep the master key elsewhere:
    /// a backup holds sealed content that only the key opens.
    #[arg(long, env = "KOERS_BACKUP_DIR", default_value = "data/backups")]
    pub backup_dir: String,

    /// When the server makes its daily backup into KOERS_BACKUP_DIR, Dutch time (`HH:MM`),
    /// or `off`. With several server processes on one database, one of them makes it.
    #[arg(long, env = "KOERS_BACKUP_AT", default_value = "02:30", value_parser = parse_backup_at)]
    pub backup_at: BackupAt,

    /// How many daily backups to keep in KOERS_BACKUP_DIR; older ones are deleted.
    #[arg(long, env = "KOERS_BACKUP_KEEP", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub backup_keep: u32,

    /// Keep outgoing mail in a local outbox that the operator reads in the console instead
    /// of sending it: for a laptop or a trial only, as whoever reads the outbox can open
    /// every password-reset and invitation link in it. `true` switches it on (refused when
    /// KOERS_PUBLIC_URL is https), `force` also over https. Without it, Koers needs
    /// KOERS_SMTP_URL.
    #[arg(long, env = "KOERS_LOCAL_OUTBOX", default_value = "false", value_parser = parse_outbox)]
    pub local_outbox: LocalOutbox,

    /// Operators must use two-step verification (`true`, the default): an operator account
    /// runs the whole installation. `false` only for a laptop or a trial.
    #[arg(long, env = "KOERS_OPERATOR_TWO_FACTOR", default_value = "true", value_parser = parse_switch)]
    pub operator_two_factor: bool,

    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "KOERS_MAIL_FROM",
        default_value = "Koers <noreply@koers.invalid>"
    )]
    pub mail_from: String,

    /// The master key that wraps every organization's data keys: base64 of 32 bytes, or
    /// `version:key` entries separated by commas. Keep it out of the database and its
    /// backups; without it, sealed dossier content cannot be read.
    #[arg(long, env = "KOERS_MASTER_KEY", hide_env_values = true)]
    pub master_key: Option<String>,

    /// A file holding the master key, one `version:key` per line (`server keys init`
    /// makes one; `server keys rotate` adds a version to it).
    #[arg(long, env = "KOERS_MASTER_KEY_FILE")]
    pub master_key_file: Option<std::path::PathBuf>,
}

/// Whether mail may be kept in the local outbox (see `Config::local_outbox`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalOutbox {
    Off,
    On,
    /// On, also when Koers is served over https.
    Forced,
}

fn parse_outbox(value: &str) -> Result<LocalOutbox, String> {
    match value.trim() {
        "" | "false" | "no" | "0" => Ok(LocalOutbox::Off),
        "true" | "yes" | "1" => Ok(LocalOutbox::On),
        "force" => Ok(LocalOutbox::Forced),
        other => Err(format!("expected true, false or force, not {other:?}")),
    }
}

/// How Koers sends mail, decided once at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailSetup {
    Smtp(String),
    LocalOutbox,
}

fn parse_switch(value: &str) -> Result<bool, String> {
    match value.trim() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        other => Err(format!("expected true or false, not {other:?}")),
    }
}

/// The daily backup's time as (hour, minute), or None when switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupAt(pub Option<(u32, u32)>);

fn parse_backup_at(value: &str) -> Result<BackupAt, String> {
    let value = value.trim();
    if matches!(value, "off" | "false" | "no") {
        return Ok(BackupAt(None));
    }
    chrono::NaiveTime::parse_from_str(value, "%H:%M")
        .map(|at| {
            BackupAt(Some((
                chrono::Timelike::hour(&at),
                chrono::Timelike::minute(&at),
            )))
        })
        .map_err(|_| format!("expected a time like 02:30, or off, not {value:?}"))
}

fn parse_proxies(value: &str) -> Result<usize, String> {
    match value.trim() {
        "" | "false" | "no" => Ok(0),
        "true" | "yes" => Ok(1),
        n => n
            .parse()
            .map_err(|_| format!("expected a number of proxies (or true/false), not {n:?}")),
    }
}

impl Config {
    pub fn backup_schedule(&self) -> Option<app::model::operator::BackupSchedule> {
        self.backup_at
            .0
            .map(|(hour, minute)| app::model::operator::BackupSchedule {
                hour,
                minute,
                keep: self.backup_keep,
            })
    }

    /// Where this installation keeps its data, for a backup or a restore.
    pub fn location(&self) -> crate::backup::Location {
        crate::backup::Location {
            database_url: self.database_url.clone(),
            schema: None,
            storage_dir: self.storage_dir.clone().into(),
        }
    }

    /// SMTP when configured; the local outbox only when switched on, and over https only
    /// when forced. Anything else is refused with what to set.
    pub fn mail_setup(&self) -> Result<MailSetup, String> {
        if let Some(url) = &self.smtp_url {
            return Ok(MailSetup::Smtp(url.clone()));
        }
        match self.local_outbox {
            LocalOutbox::Off => Err("Koers has no way to send mail: set KOERS_SMTP_URL to your \
                 SMTP server, or KOERS_LOCAL_OUTBOX=true to keep mail in a local outbox on a \
                 laptop or trial installation"
                .to_string()),
            LocalOutbox::On if self.secure_cookies() => {
                Err("refusing the local outbox on an https \
                 installation: whoever reads it can open every reset and invitation link. Set \
                 KOERS_SMTP_URL, or KOERS_LOCAL_OUTBOX=force if you really mean it"
                    .to_string())
            }
            LocalOutbox::On | LocalOutbox::Forced => Ok(MailSetup::LocalOutbox),
        }
    }

    /// The configured master key. Koers refuses to run without one: dossier content is
    /// sealed with it, and none may be written unsealed.
    pub fn keyring(&self) -> Result<app::server::Keyring, String> {
        let text = match (self.master_key.as_deref(), &self.master_key_file) {
            (Some(key), None) if !key.trim().is_empty() => key.to_string(),
            (Some(key), Some(_)) if !key.trim().is_empty() => {
                return Err("set KOERS_MASTER_KEY or KOERS_MASTER_KEY_FILE, not both".into())
            }
            (_, Some(path)) => return app::server::Keyring::from_file(path),
            _ => {
                return Err(
                    "Koers encrypts dossier content and needs a master key: set \
                     KOERS_MASTER_KEY_FILE to a key file made with `server keys init` (or \
                     KOERS_MASTER_KEY to its contents). Keep it apart from the database and \
                     its backups."
                        .into(),
                )
            }
        };
        let master = app::server::MasterKeys::parse(&text)
            .map_err(|e| format!("the master key is not usable: {e}"))?;
        Ok(app::server::Keyring::new(master))
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn settings(&self) -> app::server::Settings {
        app::server::Settings {
            secure_cookies: self.secure_cookies(),
            session_idle_minutes: self.session_idle_minutes,
            trusted_proxies: self.trust_proxy,
            local_outbox: self.smtp_url.is_none(),
            public_url: self.public_url.trim_end_matches('/').to_string(),
            max_upload_bytes: self.max_upload_mb.saturating_mul(1024 * 1024),
            storage_dir: self.storage_dir.clone(),
            operator_two_factor: self.operator_two_factor,
            backup_schedule: self.backup_schedule(),
            ..app::server::Settings::default()
        }
    }

    /// Creates the folder of a SQLite file, so the default works on a fresh checkout.
    pub fn prepare_storage(&self) -> std::io::Result<()> {
        if let Some(rest) = self.database_url.strip_prefix("sqlite://") {
            let path = rest.split('?').next().unwrap_or(rest);
            if let Some(parent) = std::path::Path::new(path).parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)?;
                }
            }
        }
        Ok(())
    }
}
