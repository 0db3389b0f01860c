//! A fresh, migrated database for each test: a temporary SQLite file, or, when
//! `KOERS_TEST_DATABASE_URL` names a PostgreSQL server, a schema of its own on it.

use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::db;
use super::service::consent;

pub struct TestDb {
    pub db: DatabaseConnection,
    pub backend: &'static str,
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
                    _dir: Some(TempDir(dir)),
                }
            }
        }
    }
}
