//! Throttling of failed sign-ins, per account and per address.
//!
//! Failures are rows in the database rather than counters in memory: they survive a restart
//! and are shared by every instance when Koers runs on PostgreSQL behind a load balancer.
//! Only failures count, so a person who signs in correctly is never slowed down.

use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use crate::error::AppError;
use crate::server::entity::auth_failure;

pub const WINDOW_MINUTES: i64 = 15;
/// Failed attempts on one account within the window before it is locked for the window.
pub const MAX_PER_ACCOUNT: u64 = 5;
/// Failed attempts from one address within the window (several people may share an office).
pub const MAX_PER_ADDRESS: u64 = 20;

pub fn account_key(email: &str) -> String {
    format!("acct:{email}")
}

pub fn address_key(address: &str) -> String {
    format!("ip:{address}")
}

/// How often `key` was recorded within the window.
pub async fn recent(db: &DatabaseConnection, key: &str) -> Result<u64, AppError> {
    let since = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    auth_failure::Entity::find()
        .filter(auth_failure::Column::Key.eq(key))
        .filter(auth_failure::Column::FailedAt.gt(since))
        .count(db)
        .await
        .map_err(AppError::from)
}

/// Refuses when either the account or the address has too many recent failures.
pub async fn check(db: &DatabaseConnection, account: &str, address: &str) -> Result<(), AppError> {
    if recent(db, account).await? >= MAX_PER_ACCOUNT
        || recent(db, address).await? >= MAX_PER_ADDRESS
    {
        return Err(AppError::RateLimited {
            retry_after_minutes: WINDOW_MINUTES as u32,
        });
    }
    Ok(())
}

pub async fn record_failure(db: &DatabaseConnection, keys: &[&str]) -> Result<(), AppError> {
    for key in keys {
        auth_failure::ActiveModel {
            key: Set(key.to_string()),
            failed_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A successful sign-in wipes the account's failures (not the address's).
pub async fn clear(db: &DatabaseConnection, key: &str) -> Result<(), AppError> {
    auth_failure::Entity::delete_many()
        .filter(auth_failure::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes failures older than the window; run by the server's background job.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, AppError> {
    let before = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    auth_failure::Entity::delete_many()
        .filter(auth_failure::Column::FailedAt.lt(before))
        .exec(db)
        .await
        .map(|r| r.rows_affected)
        .map_err(AppError::from)
}
