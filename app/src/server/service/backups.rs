//! The record of the scheduled backups: which server process makes today's (the first to
//! claim the day), how it ended, and the operator's view of it. The archive itself is
//! written by the server binary (`server/src/backup.rs`); this is the part every process
//! shares through the database.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::error::AppError;
use crate::model::operator::{
    BackupOverview, BackupRun, BackupSchedule, BackupStatus, BACKUP_INTERRUPTED_AFTER_HOURS,
    BACKUP_STALE_AFTER_HOURS,
};
use crate::server::auth::OperatorContext;
use crate::server::entity::backup_run;
use crate::server::local_time;

/// How many days the console lists.
const SHOWN: u64 = 14;
/// The longest failure text kept: the tool's first lines say what went wrong.
const ERROR_CHARS: usize = 500;

/// Claims `day`'s backup for this process: Some(run id) when it is ours to make, None when
/// another process (or an earlier run of this one) has claimed it. The unique day decides,
/// in one statement, so two processes at the same moment cannot both win.
pub async fn claim(
    db: &DatabaseConnection,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<i32>, AppError> {
    let run = backup_run::ActiveModel {
        day: Set(day),
        status: Set(BackupStatus::Running.as_str().to_string()),
        started_at: Set(now),
        ..Default::default()
    };
    let inserted = backup_run::Entity::insert(run)
        .on_conflict(
            OnConflict::column(backup_run::Column::Day)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    if inserted == 0 {
        return Ok(None);
    }
    let id = backup_run::Entity::find()
        .select_only()
        .column(backup_run::Column::Id)
        .filter(backup_run::Column::Day.eq(day))
        .into_tuple::<i32>()
        .one(db)
        .await?;
    Ok(id)
}

/// How a claimed backup ended: the archive's file name and size, or why it failed.
pub enum Outcome {
    Done { archive: String, bytes: u64 },
    Failed(String),
}

pub async fn finish(
    db: &DatabaseConnection,
    run: i32,
    now: DateTime<Utc>,
    outcome: Outcome,
) -> Result<(), AppError> {
    let Some(row) = backup_run::Entity::find_by_id(run).one(db).await? else {
        return Err(AppError::NotFound);
    };
    let mut row = row.into_active_model();
    row.finished_at = Set(Some(now));
    match outcome {
        Outcome::Done { archive, bytes } => {
            row.status = Set(BackupStatus::Done.as_str().to_string());
            row.archive = Set(Some(archive));
            row.bytes = Set(Some(i64::try_from(bytes).unwrap_or(i64::MAX)));
        }
        Outcome::Failed(why) => {
            row.status = Set(BackupStatus::Failed.as_str().to_string());
            row.error = Set(Some(why.chars().take(ERROR_CHARS).collect()));
        }
    }
    row.update(db).await?;
    Ok(())
}

/// `12,3 MB` (Dutch decimal comma) or `12.3 MB`.
fn megabytes(bytes: i64, language: &str) -> String {
    let text = format!("{:.1} MB", bytes as f64 / 1_000_000.0);
    if language == "en" {
        text
    } else {
        text.replace('.', ",")
    }
}

fn status(row: &backup_run::Model, now: DateTime<Utc>) -> BackupStatus {
    match BackupStatus::parse(&row.status) {
        Some(BackupStatus::Running)
            if now - row.started_at > Duration::hours(BACKUP_INTERRUPTED_AFTER_HOURS) =>
        {
            BackupStatus::Interrupted
        }
        Some(status) => status,
        // Only this module writes the column; an unknown value is a run nobody finished.
        None => BackupStatus::Interrupted,
    }
}

/// The console's backup section: the schedule, the newest days and whether to worry.
pub async fn overview(
    db: &DatabaseConnection,
    _operator: &OperatorContext,
    now: DateTime<Utc>,
    language: &str,
    schedule: Option<BackupSchedule>,
) -> Result<BackupOverview, AppError> {
    let rows = backup_run::Entity::find()
        .order_by_desc(backup_run::Column::Day)
        .limit(SHOWN)
        .all(db)
        .await?;
    let newest_failed = rows.first().is_some_and(|row| {
        matches!(
            status(row, now),
            BackupStatus::Failed | BackupStatus::Interrupted
        )
    });
    let newest_good = rows
        .iter()
        .filter(|row| status(row, now) == BackupStatus::Done)
        .filter_map(|row| row.finished_at)
        .max();
    // Runs but none good lately: a fresh installation has no runs and nothing to worry about.
    let stale = !rows.is_empty()
        && newest_good.is_none_or(|at| now - at > Duration::hours(BACKUP_STALE_AFTER_HOURS));
    let runs = rows
        .iter()
        .map(|row| BackupRun {
            day: local_time::day_in_words(row.day, language),
            status: status(row, now),
            started_at: local_time::in_words(row.started_at, language),
            finished_at: row.finished_at.map(|at| local_time::in_words(at, language)),
            archive: row.archive.clone(),
            size: row.bytes.map(|bytes| megabytes(bytes, language)),
            error: row.error.clone(),
        })
        .collect();
    Ok(BackupOverview {
        schedule,
        runs,
        attention: schedule.is_some() && (newest_failed || stale),
    })
}
