//! Background housekeeping: expired sessions and old sign-in failures are removed.

use std::time::Duration;

use sea_orm::DatabaseConnection;

pub fn spawn_housekeeping(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        loop {
            every.tick().await;
            match app::server::auth::session_store::prune_expired(&db).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session pruning failed"),
            }
            if let Err(e) = app::server::auth::throttle::prune(&db).await {
                tracing::warn!(error = %e, "pruning sign-in failures failed");
            }
        }
    });
}
