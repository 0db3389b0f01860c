//! The domain services. Every read and write of organization data goes through here, and
//! every function takes the caller's context (tenant, operator) and scopes its queries by it.
//! Encryption at rest and the access log of dossier reads will be added in this layer.

pub mod account;
pub mod account_link;
pub mod agenda;
pub mod assignments;
pub mod clients;
pub mod consent;
pub mod documents;
pub mod examples;
pub mod exercises;
pub mod invitation;
pub mod journal;
pub mod licence;
pub mod members;
pub mod operator;
pub mod organization;
pub mod outbox;
pub mod password_reset;
pub mod profile;
pub mod reports;
pub mod scoring;
pub mod signup;
pub mod teams;
pub mod time;
pub mod timeline;
pub mod trajectories;

use sea_orm::DatabaseTransaction;

use crate::error::AppError;

/// Ends a transaction explicitly: commit on success, roll back on error. A transaction that
/// is merely dropped rolls back lazily, and on SQLite keeps the write lock until its pooled
/// connection is used again, which stalls every other writer meanwhile.
pub(crate) async fn finish<T>(
    txn: DatabaseTransaction,
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    match result {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback) = txn.rollback().await {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(error)
        }
    }
}
