//! Background work: housekeeping (expired sessions and old sign-in failures) and the daily
//! backup.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use sea_orm::DatabaseConnection;

use app::model::operator::BackupSchedule;
use app::server::service::backups::{self, Outcome};

use crate::backup::{self as archive, Location};

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

/// Checks every minute whether today's backup is due and, if so, makes it (see
/// [`daily_backup`]).
pub fn spawn_backups(
    db: DatabaseConnection,
    from: Location,
    dir: PathBuf,
    schedule: BackupSchedule,
) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            // The outcome is logged and recorded inside; a database error claiming the day
            // is tried again at the next tick.
            let _ = daily_backup(&db, &from, &dir, schedule, Utc::now()).await;
        }
    });
}

/// What one look at the schedule did.
#[derive(Debug, PartialEq, Eq)]
pub enum Daily {
    /// Before today's time.
    NotYet,
    /// Today's backup is made, or being made, by this or another process.
    Taken,
    Written(PathBuf),
    Failed(String),
}

/// Makes today's backup when its time (Dutch) has come and no process has claimed the day:
/// a server started after the time catches up at once. Whatever happens is recorded for the
/// operator's console and logged; the oldest archives beyond `keep` are deleted after a
/// good one.
pub async fn daily_backup(
    db: &DatabaseConnection,
    from: &Location,
    dir: &Path,
    schedule: BackupSchedule,
    now: DateTime<Utc>,
) -> Daily {
    let local = app::server::local_time::local(now);
    let at = NaiveTime::from_hms_opt(schedule.hour, schedule.minute, 0).unwrap_or_default();
    if local.time() < at {
        return Daily::NotYet;
    }
    let run = match backups::claim(db, local.date(), now).await {
        Ok(Some(run)) => run,
        Ok(None) => return Daily::Taken,
        Err(e) => {
            tracing::error!(error = %e, "cannot claim today's backup");
            return Daily::Failed(e.to_string());
        }
    };
    tracing::info!("daily backup started");
    let written = archive::backup(db, from, dir, now).await;
    let (outcome, result) = match written {
        Ok(path) => {
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            tracing::info!(archive = %name, bytes, "daily backup written");
            match archive::prune(dir, schedule.keep as usize) {
                Ok(old) if !old.is_empty() => {
                    tracing::info!(deleted = old.len(), "old backups deleted")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cannot delete old backups"),
            }
            (
                Outcome::Done {
                    archive: name,
                    bytes,
                },
                Daily::Written(path),
            )
        }
        Err(e) => {
            let why = e.to_string();
            tracing::error!(error = %why, "daily backup failed");
            (Outcome::Failed(why.clone()), Daily::Failed(why))
        }
    };
    if let Err(e) = backups::finish(db, run, Utc::now(), outcome).await {
        tracing::error!(error = %e, "cannot record how the daily backup ended");
    }
    result
}
