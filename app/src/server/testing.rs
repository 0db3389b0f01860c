//! A fresh, migrated database for each test: a temporary SQLite file, or, when
//! `KOERS_TEST_DATABASE_URL` names a PostgreSQL server, a schema of its own on it.

use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::db;
use super::service::consent;

pub struct TestDb {
    pub db: DatabaseConnection,
    pub backend: &'static str,
    /// How to reach it from outside: its address and (PostgreSQL) its schema.
    pub url: String,
    pub schema: Option<String>,
    _dir: Option<TempDir>,
}

/// Removes its directory when dropped.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unique_suffix() -> String {
    let n: u64 = rand::thread_rng().gen();
    format!("{}_{n:x}", std::process::id())
}

impl TestDb {
    /// The SQLite file (None on PostgreSQL).
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        self._dir.as_ref().map(|dir| dir.0.join("koers.db"))
    }

    /// Everything the database holds as bytes, as someone with the disk or a dump would
    /// see it: the SQLite file and its write-ahead log, or on PostgreSQL every row of every
    /// table of the schema as text.
    pub async fn raw(&self) -> Vec<u8> {
        match self.sqlite_file() {
            Some(file) => {
                let mut bytes = std::fs::read(&file).expect("read the SQLite file");
                if let Ok(wal) = std::fs::read(file.with_extension("db-wal")) {
                    bytes.extend(wal);
                }
                bytes
            }
            None => {
                let tables = self
                    .db
                    .query_all(sea_orm::Statement::from_string(
                        sea_orm::DatabaseBackend::Postgres,
                        "SELECT table_name::text AS name FROM information_schema.tables \
                         WHERE table_schema = current_schema()",
                    ))
                    .await
                    .expect("list tables");
                let mut bytes = Vec::new();
                for table in tables {
                    let name: String = table.try_get("", "name").expect("table name");
                    let rows = self
                        .db
                        .query_all(sea_orm::Statement::from_string(
                            sea_orm::DatabaseBackend::Postgres,
                            format!("SELECT t::text AS row FROM \"{name}\" t"),
                        ))
                        .await
                        .expect("read a table");
                    for row in rows {
                        let text: String = row.try_get("", "row").expect("row as text");
                        bytes.extend(text.into_bytes());
                        bytes.push(b'\n');
                    }
                }
                bytes
            }
        }
    }

    pub async fn new() -> TestDb {
        match std::env::var("KOERS_TEST_DATABASE_URL") {
            Ok(url) if url.starts_with("postgres") => {
                let schema = format!("koers_t_{}", unique_suffix());
                let admin = db::connect(&url).await.expect("connect to PostgreSQL");
                admin
                    .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
                    .await
                    .expect("create test schema");
                drop(admin);
                let conn = db::connect_with_schema(&url, Some(&schema))
                    .await
                    .expect("connect to test schema");
                db::migrate(&conn).await.expect("migrate");
                consent::ensure_published(&conn).await.expect("terms");
                TestDb {
                    db: conn,
                    backend: "postgres",
                    url,
                    schema: Some(schema),
                    _dir: None,
                }
            }
            _ => {
                let dir = std::env::temp_dir().join(format!("koers-test-{}", unique_suffix()));
                std::fs::create_dir_all(&dir).expect("temp dir");
                let url = format!("sqlite://{}/koers.db?mode=rwc", dir.display());
                let conn = db::connect(&url).await.expect("open SQLite");
                db::migrate(&conn).await.expect("migrate");
                consent::ensure_published(&conn).await.expect("terms");
                TestDb {
                    db: conn,
                    backend: "sqlite",
                    url,
                    schema: None,
                    _dir: Some(TempDir(dir)),
                }
            }
        }
    }
}
