use std::sync::Arc;

use sea_orm::DatabaseConnection;

/// Settings the request path needs; the server binary builds them from its configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Set the `Secure` flag on cookies: true whenever Koers is served over https.
    pub secure_cookies: bool,
    /// Sign a user out after this many minutes without a request.
    pub session_idle_minutes: i64,
    /// Trust the first address in `X-Forwarded-For` (only behind a reverse proxy you run).
    pub trust_proxy: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            session_idle_minutes: 60,
            trust_proxy: false,
        }
    }
}

/// What every server function and service needs, passed through Leptos context and axum
/// state (never a global), so tests can run many isolated instances side by side.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, settings: Settings) -> Self {
        AppState {
            db,
            settings: Arc::new(settings),
        }
    }
}
