//! Connecting to SQLite (the embedded default) or PostgreSQL (scale-out).

use std::str::FromStr;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, SqlxSqliteConnector,
};
use sea_orm_migration::MigratorTrait;

use super::migration::Migrator;

/// Opens the database named by `url`. SQLite gets WAL, `synchronous=FULL` and foreign keys,
/// so a laptop install is as durable as it can be; the file is created when missing. It also
/// gets `secure_delete`: what is deleted or overwritten (an erased dossier, a value sealed
/// after the fact) is zeroed in the file rather than left in its free pages.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with_schema(url, None).await
}

/// As [`connect`], with a PostgreSQL schema as search path (tests give every test its own).
pub async fn connect_with_schema(
    url: &str,
    schema: Option<&str>,
) -> Result<DatabaseConnection, DbErr> {
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| DbErr::Custom(format!("invalid SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        let mut options = ConnectOptions::new(url.to_string());
        options
            .max_connections(16)
            .connect_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        if let Some(schema) = schema {
            options.set_schema_search_path(schema.to_string());
        }
        Database::connect(options).await
    }
}

/// Moves SQLite's write-ahead log into the database file and empties it, so that page
/// images from before a deletion or sealing no longer exist anywhere on disk. Nothing to do
/// on PostgreSQL.
pub async fn checkpoint(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await?;
    }
    Ok(())
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// True when every migration this build knows has been applied.
pub async fn migrations_current(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(Migrator::get_pending_migrations(db).await?.is_empty())
}

pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}
