//! Throttling of password guesses and of mails that anyone can trigger.
//!
//! Attempts are rows in the database rather than counters in memory: they survive a
//! restart and are shared by every instance when Koers runs on PostgreSQL behind a load
//! balancer. An attempt is written *before* the password is checked (`take`), and only
//! then counted, so parallel guesses cannot all slip through a check made before any of
//! them was recorded: of N racing attempts, the k-th to be stored sees at least k rows,
//! so at most the limit ever get to a password check. A refused attempt takes its rows
//! away again, so a flood of refused guesses does not keep anyone locked out longer.
//!
//! The policy for signing in (see ARCHITECTURE.md, "Throttling"):
//! - one account from one address: 5 wrong passwords per 15 minutes, then that address is
//!   locked out of that account for the window; a stranger elsewhere cannot lock the real
//!   owner out this way;
//! - one address, all accounts: 20 per window (an office may share one address);
//! - one account, all addresses: 50 per window, a bound on guessing from many addresses.
//!   Only this lock reaches the owner too, and a password reset by mail lifts it.
//!   Signing in correctly clears the account's failures from that address.

use chrono::{Duration, Utc};
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use crate::error::AppError;
use crate::server::entity::auth_failure;

pub const WINDOW_MINUTES: i64 = 15;
/// Wrong passwords for one account from one address within the window.
pub const MAX_PER_ACCOUNT_AND_ADDRESS: u64 = 5;
/// Wrong passwords for one account from all addresses together within the window.
pub const MAX_PER_ACCOUNT: u64 = 50;
/// Wrong passwords from one address within the window (several people may share an office).
pub const MAX_PER_ADDRESS: u64 = 20;
/// Wrong current passwords of one signed-in person (changing e-mail or password).
pub const MAX_CURRENT_PASSWORD: u64 = 5;

pub fn account_key(email: &str) -> String {
    format!("acct:{email}")
}

/// One account from one address. The address comes first so that an account's keys can be
/// found by their ending, whatever the address.
pub fn account_from_address_key(email: &str, address: &str) -> String {
    format!("from:{address}|acct:{email}")
}

pub fn address_key(address: &str) -> String {
    format!("ip:{address}")
}

/// Current-password checks of one signed-in user.
pub fn current_password_key(user_id: i32) -> String {
    format!("pw:{user_id}")
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

/// An attempt that was counted under its keys. Dropping it keeps the count (a failure);
/// `forget` takes it back (the attempt turned out to be good).
#[must_use]
pub struct Attempt {
    ids: Vec<i32>,
}

impl Attempt {
    pub async fn forget(self, db: &DatabaseConnection) -> Result<(), AppError> {
        delete_ids(db, self.ids).await
    }
}

async fn delete_ids(db: &DatabaseConnection, ids: Vec<i32>) -> Result<(), AppError> {
    if !ids.is_empty() {
        auth_failure::Entity::delete_many()
            .filter(auth_failure::Column::Id.is_in(ids))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Counts one attempt under each `(key, limit)` and lets it go ahead only while every key
/// is within its limit, this attempt included. Refused: `RateLimited`, and nothing stays
/// counted. Race-free without locks: see the module comment.
pub async fn take(db: &DatabaseConnection, limits: &[(&str, u64)]) -> Result<Attempt, AppError> {
    let mut ids = Vec::with_capacity(limits.len());
    for (key, _) in limits {
        let row = auth_failure::ActiveModel {
            key: Set(key.to_string()),
            failed_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        ids.push(row.id);
    }
    for (key, limit) in limits {
        if recent(db, key).await? > *limit {
            delete_ids(db, ids).await?;
            return Err(AppError::RateLimited {
                retry_after_minutes: WINDOW_MINUTES as u32,
            });
        }
    }
    Ok(Attempt { ids })
}

/// The attempt of a password check: the three sign-in limits of the module comment.
pub async fn take_sign_in(
    db: &DatabaseConnection,
    email: &str,
    address: &str,
) -> Result<Attempt, AppError> {
    take(
        db,
        &[
            (
                &account_from_address_key(email, address),
                MAX_PER_ACCOUNT_AND_ADDRESS,
            ),
            (&account_key(email), MAX_PER_ACCOUNT),
            (&address_key(address), MAX_PER_ADDRESS),
        ],
    )
    .await
}

/// A correct sign-in: the account's failures from this address and its overall count go.
pub async fn signed_in(
    db: &DatabaseConnection,
    email: &str,
    address: &str,
) -> Result<(), AppError> {
    clear(db, &account_from_address_key(email, address)).await?;
    clear(db, &account_key(email)).await
}

/// Every sign-in failure of an account, from every address: a password reset by mail
/// proves the owner of the mailbox, who gets in at once.
pub async fn clear_account(db: &DatabaseConnection, email: &str) -> Result<(), AppError> {
    let escaped: String = email
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    auth_failure::Entity::delete_many()
        .filter(
            Condition::any()
                .add(auth_failure::Column::Key.eq(account_key(email)))
                .add(
                    auth_failure::Column::Key
                        .like(LikeExpr::new(format!("from:%|acct:{escaped}")).escape('\\')),
                ),
        )
        .exec(db)
        .await?;
    Ok(())
}

pub async fn clear(db: &DatabaseConnection, key: &str) -> Result<(), AppError> {
    auth_failure::Entity::delete_many()
        .filter(auth_failure::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes attempts older than the window; run by the server's background job.
pub async fn prune(db: &DatabaseConnection) -> Result<u64, AppError> {
    let before = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    auth_failure::Entity::delete_many()
        .filter(auth_failure::Column::FailedAt.lt(before))
        .exec(db)
        .await
        .map(|r| r.rows_affected)
        .map_err(AppError::from)
}
