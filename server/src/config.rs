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

    /// Sign people out after this many minutes without activity.
    #[arg(long, env = "KOERS_SESSION_IDLE_MINUTES", default_value_t = 60)]
    pub session_idle_minutes: i64,

    /// Take the client address from X-Forwarded-For (only behind your own reverse proxy).
    #[arg(long, env = "KOERS_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,

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

    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "KOERS_MAIL_FROM",
        default_value = "Koers <noreply@koers.invalid>"
    )]
    pub mail_from: String,
}

impl Config {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn settings(&self) -> app::server::Settings {
        app::server::Settings {
            secure_cookies: self.secure_cookies(),
            session_idle_minutes: self.session_idle_minutes,
            trust_proxy: self.trust_proxy,
            public_url: self.public_url.trim_end_matches('/').to_string(),
            max_upload_bytes: self.max_upload_mb.saturating_mul(1024 * 1024),
            storage_dir: self.storage_dir.clone(),
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
