use std::sync::Arc;

use sea_orm::DatabaseConnection;

use super::clock::Clock;
use super::crypto::Keyring;
use super::mail::{OutboxMailer, SharedMailer};
use super::storage::{LocalDirStorage, SharedStorage};

/// Settings the request path needs; the server binary builds them from its configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Set the `Secure` flag on cookies: true whenever Koers is served over https.
    pub secure_cookies: bool,
    /// Sign a user out after this many minutes without a request.
    pub session_idle_minutes: i64,
    /// A request moves the session's idle deadline forward only when the last move is at
    /// least this old, so reading pages does not write the session row each time. The idle
    /// timeout is therefore exact to within this interval (a session may end up to one
    /// interval before `session_idle_minutes` of inactivity have passed).
    pub session_touch_interval: std::time::Duration,
    /// How many reverse proxies of your own stand in front of Koers; each appends the
    /// address it saw to `X-Forwarded-For`. 0: use the connection's address.
    pub trusted_proxies: usize,
    /// The address people use to reach Koers; links in e-mails start with it.
    pub public_url: String,
    /// The largest document anyone may upload, in bytes.
    pub max_upload_bytes: usize,
    /// Folder of the local document storage.
    pub storage_dir: String,
    /// The longest a request body may pause between two pieces before the request ends.
    pub body_idle_timeout: std::time::Duration,
    /// Mail is kept in the local outbox rather than sent: the operator's console warns.
    pub local_outbox: bool,
    /// The longest a client may take to send a request's headers (slow-loris).
    pub header_read_timeout: std::time::Duration,
    /// Operators must use two-step verification (organizations decide for their members).
    pub operator_two_factor: bool,
    /// The daily backup this server makes, shown in the operator's console; None when off.
    pub backup_schedule: Option<crate::model::operator::BackupSchedule>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            session_idle_minutes: crate::model::security::IDLE_MINUTES_DEFAULT,
            session_touch_interval: std::time::Duration::from_secs(60),
            trusted_proxies: 0,
            public_url: "http://127.0.0.1:3000".to_string(),
            max_upload_bytes: 20 * 1024 * 1024,
            storage_dir: "data/documents".to_string(),
            body_idle_timeout: std::time::Duration::from_secs(30),
            local_outbox: true,
            header_read_timeout: std::time::Duration::from_secs(30),
            // The configuration's default is on (`KOERS_OPERATOR_TWO_FACTOR`); tests that
            // are about operators and 2FA switch it on themselves.
            operator_two_factor: false,
            backup_schedule: None,
        }
    }
}

/// What every server function and service needs, passed through Leptos context and axum
/// state (never a global), so tests can run many isolated instances side by side.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub mailer: SharedMailer,
    pub clock: Clock,
    pub storage: SharedStorage,
    /// The master key and the organizations' data keys (see `crypto`).
    pub keys: Keyring,
}

impl AppState {
    /// State with mail kept in the local outbox.
    pub fn new(db: DatabaseConnection, settings: Settings, keys: Keyring) -> Self {
        let mailer = Arc::new(OutboxMailer::new(db.clone()));
        Self::with_mailer(db, settings, keys, mailer)
    }

    pub fn with_mailer(
        db: DatabaseConnection,
        settings: Settings,
        keys: Keyring,
        mailer: SharedMailer,
    ) -> Self {
        let storage = Arc::new(LocalDirStorage::new(&settings.storage_dir));
        AppState {
            db,
            storage,
            settings: Arc::new(settings),
            mailer,
            clock: Clock::default(),
            keys,
        }
    }
}
