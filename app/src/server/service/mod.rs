//! The domain services. Every read and write of organization data goes through here, and
//! every function takes the caller's context (tenant, operator) and scopes its queries by it.
//! The access log of dossier reads and changes is written here (see [`access_log`]), and
//! dossier content is sealed and opened here (see [`sealing`] and `crate::server::crypto`).

pub mod access_log;
pub mod account;
pub mod account_link;
pub mod agenda;
pub mod assignments;
pub mod backups;
pub mod clients;
pub mod consent;
pub mod documents;
pub mod examples;
pub mod exercises;
pub mod exports;
pub mod handover;
pub mod invitation;
pub mod journal;
pub mod licence;
pub mod members;
pub mod my;
pub mod notices;
pub mod operator;
pub mod organization;
pub mod outbox;
pub mod overview;
pub mod password_reset;
pub mod privacy;
pub mod profile;
pub mod reports;
pub mod scoring;
pub mod sealing;
pub mod security;
pub mod signup;
pub mod teams;
pub mod time;
pub mod timeline;
pub mod trajectories;

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PrimaryKeyTrait, QuerySelect, TransactionTrait,
};

use crate::error::AppError;

/// Begins a transaction that will write.
///
/// SQLite's plain `BEGIN` is deferred: the transaction reads from a snapshot and becomes a
/// writer at its first write. If another connection committed in between (and every request
/// saves its session, so one nearly always has), that upgrade fails at once with
/// `SQLITE_BUSY`, without waiting out the busy timeout: a 500 for the user. sea-orm has no
/// `BEGIN IMMEDIATE`, so a write that touches no row takes the write lock up front instead;
/// concurrent writers then queue on the busy timeout. PostgreSQL needs nothing here; a row
/// that is read and written back is held with [`hold`].
pub(crate) async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, AppError> {
    let txn = db.begin().await?;
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        let taken = txn
            .execute_unprepared("UPDATE seaql_migrations SET version = version WHERE 0")
            .await;
        if let Err(error) = taken {
            return finish(txn, Err(error.into())).await;
        }
    }
    Ok(txn)
}

/// Holds one row until the transaction ends (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite
/// [`begin_write`] already serializes writers). Called first in a transaction that reads a
/// row and writes it back, so a concurrent change waits instead of being written over, and a
/// check such as "not locked" still holds when the write lands. Reads nothing out: the
/// organization-scoped lookup that follows decides what the caller may see.
pub(crate) async fn hold<E>(txn: &DatabaseTransaction, id: i32) -> Result<(), AppError>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i32>,
{
    E::find_by_id(id).lock_exclusive().one(txn).await?;
    Ok(())
}

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
