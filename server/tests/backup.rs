//! Backups (issue 17): a snapshot taken while a coach keeps writing restores into a fresh
//! place with every row and document of the moment it was taken; a damaged archive is
//! refused with the name of the damaged file, and nothing is written.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use app::model::operator::BackupSchedule;
use app::server::service::sealing;
use app::server::storage::LocalDirStorage;
use app::server::{local_time, Settings};
use app::types::Role;
use chrono::Utc;
use common::content::{write_every_kind, write_report};
use common::{accept_terms, client_dossier_id, create_org, user_id, TestApp, PASSWORD};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use server::backup::{self, BackupError, Location};
use server::jobs::{daily_backup, Daily};

fn scratch(name: &str) -> PathBuf {
    let n: u64 = rand_suffix();
    std::env::temp_dir().join(format!(
        "koers-backup-test-{name}-{}-{n:x}",
        std::process::id()
    ))
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .elapsed()
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0),
    );
    hasher.finish()
}

fn location_of(app: &TestApp) -> Location {
    Location {
        database_url: app.test_db.url.clone(),
        schema: app.test_db.schema.clone(),
        storage_dir: app.storage_dir.clone(),
    }
}

/// An empty place of the same kind: a SQLite file that does not exist yet, or a new
/// PostgreSQL database (the dump brings its own schema).
async fn empty_place(app: &TestApp, storage: &Path) -> Location {
    match &app.test_db.schema {
        None => Location {
            database_url: format!(
                "sqlite://{}?mode=rwc",
                scratch("db").join("koers.db").display()
            ),
            schema: None,
            storage_dir: storage.to_path_buf(),
        },
        Some(schema) => {
            let name = format!("koers_restore_{:x}", rand_suffix() & 0xffff_ffff);
            app.db
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .unwrap();
            let base = app.test_db.url.rsplit_once('/').unwrap().0.to_string();
            Location {
                database_url: format!("{base}/{name}"),
                schema: Some(schema.clone()),
                storage_dir: storage.to_path_buf(),
            }
        }
    }
}

/// Removes a PostgreSQL database `empty_place` made (a SQLite place is a temporary file).
async fn drop_place(app: &TestApp, place: &Location) {
    if place.schema.is_none() {
        let file = place.database_url.trim_start_matches("sqlite://");
        if let Some(dir) = Path::new(file.split('?').next().unwrap()).parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    } else {
        let name = place.database_url.rsplit('/').next().unwrap();
        app.db
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
            .unwrap();
    }
}

async fn connect(place: &Location) -> DatabaseConnection {
    app::server::db::connect_with_schema(&place.database_url, place.schema.as_deref())
        .await
        .unwrap()
}

/// Acceptance 2: a backup taken while a coach writes reports restores into an empty place;
/// the restored database is whole, holds every report acknowledged before the backup began,
/// every one of its rows is a row the source had (table by table), every document's file
/// comes back byte for byte, and every sealed value still opens with the same master key.
#[tokio::test]
async fn a_backup_taken_while_koers_writes_restores_every_row_and_document() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Bewaren").await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    write_every_kind(&app, &coach, &client, dossier).await;

    // A coach who keeps writing; each acknowledged report is noted with when.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::<(std::time::Instant, i32)>::new()));
    let writer = {
        let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
        let (base, coach) = (app.base.clone(), coach.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let response = coach
                    .post(format!("{base}/api/reports/create"))
                    .header("accept", "application/json")
                    .form(&[
                        ("client_id", dossier.to_string()),
                        ("input[body]", format!("Lopend verslag {n}")),
                        ("input[visibility]", "author".to_string()),
                        ("input[edit_rights]", "author".to_string()),
                    ])
                    .send()
                    .await
                    .unwrap();
                if response.status() == 200 {
                    let id: i32 = response
                        .text()
                        .await
                        .unwrap()
                        .trim_matches('"')
                        .parse()
                        .unwrap();
                    acknowledged
                        .lock()
                        .unwrap()
                        .push((std::time::Instant::now(), id));
                }
            }
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let started = std::time::Instant::now();
    let dir = scratch("archives");
    let archive = backup::backup(&app.db, &location_of(&app), &dir, chrono::Utc::now())
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    let acked = acknowledged.lock().unwrap().clone();
    let before: Vec<i32> = acked
        .iter()
        .filter(|(at, _)| *at < started)
        .map(|(_, id)| *id)
        .collect();
    assert!(!before.is_empty(), "the writer wrote before the backup");
    assert!(
        acked.iter().any(|(at, _)| *at > started),
        "the writer was still writing during the backup"
    );

    let storage = scratch("restored-documents");
    let place = empty_place(&app, &storage).await;
    backup::restore(&archive, &place).await.unwrap();
    let restored = connect(&place).await;

    // Table by table: every restored row is one the source has (the source may have more:
    // what was written after the snapshot). Sessions are left out: their last-used time
    // moves with every request.
    let source = common::rows_by_table(&app.db).await;
    let copy = common::rows_by_table(&restored).await;
    assert_eq!(
        source.iter().map(|(t, _)| t).collect::<Vec<_>>(),
        copy.iter().map(|(t, _)| t).collect::<Vec<_>>(),
        "the same tables"
    );
    let mut compared = 0;
    for ((table, rows), (_, restored_rows)) in source.iter().zip(&copy) {
        if table.contains("session") {
            continue;
        }
        let missing: Vec<_> = restored_rows.difference(rows).take(3).collect();
        assert!(
            missing.is_empty(),
            "{table}: rows the source does not have: {missing:?}"
        );
        compared += restored_rows.len();
    }
    // Not a vacuous comparison: every kind of content the seed wrote came back.
    for table in [
        "reports",
        "report_amendments",
        "answers",
        "documents",
        "journal_entries",
        "access_log",
    ] {
        let restored = copy
            .iter()
            .find(|(t, _)| t == table)
            .map(|(_, rows)| rows.len());
        assert!(restored.unwrap_or(0) > 0, "{table} came back empty");
    }
    println!(
        "{}: {} reports acknowledged before the backup, {} during or after it; {compared} \
         restored rows in {} tables compared",
        app.backend,
        before.len(),
        acked.len() - before.len(),
        copy.len()
    );
    let reports: BTreeSet<i32> = restored
        .query_all(Statement::from_string(
            restored.get_database_backend(),
            "SELECT id FROM reports",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index(0).unwrap())
        .collect();
    for id in &before {
        assert!(
            reports.contains(id),
            "report {id}, acknowledged before the backup, is restored"
        );
    }

    // Documents: every file of the source that the restored rows name, byte for byte.
    let documents: Vec<String> = restored
        .query_all(Statement::from_string(
            restored.get_database_backend(),
            "SELECT storage_key FROM documents",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index(0).unwrap())
        .collect();
    assert!(!documents.is_empty());
    for key in &documents {
        let original = std::fs::read(app.storage_dir.join(key)).unwrap();
        let copy = std::fs::read(storage.join(key)).unwrap();
        assert_eq!(original, copy, "document {key} byte for byte");
    }

    // The same master key opens everything in the copy.
    let checked = sealing::check_all(&restored, &LocalDirStorage::new(&storage), &app.keys)
        .await
        .unwrap();
    assert_eq!(checked.damaged, 0);
    assert!(
        checked.values > 10 && checked.files == documents.len(),
        "{checked:?}"
    );

    // A second restore into the same (now full) place is refused, naming it.
    let refused = backup::restore(&archive, &place).await.unwrap_err();
    assert!(matches!(refused, BackupError::NotEmpty(_)), "{refused}");
    restored.close().await.unwrap();
    drop_place(&app, &place).await;
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&storage);
}

/// Acceptance 3: one flipped byte inside the database's copy in the archive: `restore`
/// refuses, names that file, and writes nothing.
#[tokio::test]
async fn a_damaged_archive_is_refused_naming_the_damaged_file() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Beschadigd").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    write_report(&app, &coach, dossier, "Een verslag om te bewaren", None).await;
    let dir = scratch("damaged");
    let archive = backup::backup(&app.db, &location_of(&app), &dir, chrono::Utc::now())
        .await
        .unwrap();
    backup::verify(&archive).expect("a fresh archive verifies");

    let database = if app.test_db.schema.is_some() {
        "database/koers.pgdump"
    } else {
        "database/koers.sqlite3"
    };
    let (start, size) = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
        let entry = zip.by_name(database).unwrap();
        (entry.data_start(), entry.compressed_size())
    };
    let original = std::fs::read(&archive).unwrap();
    // A flipped bit in a compressed stream nearly always changes what it unpacks to, but
    // not always (a code for a symbol the stream never uses, say): flip the first byte from
    // the middle on whose flip the file's content does change or no longer unpacks.
    let unpacked = |zip_bytes: &[u8]| -> Option<Vec<u8>> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).ok()?;
        let mut entry = zip.by_name(database).ok()?;
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut out).ok()?;
        Some(out)
    };
    let content = unpacked(&original).unwrap();
    let bytes = (start + size / 2..start + size)
        .step_by(61)
        .map(|at| {
            let mut bytes = original.clone();
            bytes[at as usize] ^= 0x01;
            bytes
        })
        .find(|bytes| unpacked(bytes).as_ref() != Some(&content))
        .expect("a byte whose flip changes the file");
    std::fs::write(&archive, &bytes).unwrap();

    let storage = scratch("never-written");
    let place = empty_place(&app, &storage).await;
    let refused = backup::restore(&archive, &place).await.unwrap_err();
    let message = refused.to_string();
    assert!(matches!(refused, BackupError::Damaged { .. }), "{message}");
    assert!(message.contains(database), "{message}");
    assert!(message.contains("Nothing was restored"), "{message}");
    assert!(!storage.exists(), "no document folder was made");
    if place.schema.is_none() {
        let file = place
            .database_url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap()
            .to_string();
        assert!(!Path::new(&file).exists(), "no database file was made");
    }
    drop_place(&app, &place).await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The daily backup: before its time nothing happens; at its time two server processes
/// looking at once make one archive between them; a good backup deletes the archives beyond
/// `keep`; a failure is recorded, and the operator's console shows the schedule, every day's
/// result and the failure with its reason, flagged.
#[tokio::test]
async fn the_daily_backup_is_made_once_across_processes_keeps_the_newest_and_shows_failures() {
    let schedule = BackupSchedule {
        hour: 2,
        minute: 30,
        keep: 2,
    };
    let app = TestApp::start_with(Settings {
        backup_schedule: Some(schedule),
        ..Settings::default()
    })
    .await;
    let org = create_org(&app.db, "Dagelijks").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    write_report(&app, &coach, dossier, "Een verslag voor de nacht", None).await;

    let from = location_of(&app);
    let dir = scratch("daily");
    // A second server process, with its own connections to the same database.
    let other = connect(&from).await;
    let today = local_time::local_date(Utc::now());
    let at = |days_ago: i64, time: &str| {
        let day = today - chrono::Duration::days(days_ago);
        local_time::parse_input(&format!("{}T{time}", day.format("%Y-%m-%d"))).unwrap()
    };

    assert_eq!(
        daily_backup(&app.db, &from, &dir, schedule, at(3, "02:29")).await,
        Daily::NotYet
    );
    assert!(!dir.exists(), "nothing was written before the time");
    let (first, second) = tokio::join!(
        daily_backup(&app.db, &from, &dir, schedule, at(3, "02:30")),
        daily_backup(&other, &from, &dir, schedule, at(3, "02:30")),
    );
    let outcomes = [first, second];
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, Daily::Written(_)))
            .count(),
        1,
        "{outcomes:?}"
    );
    assert!(outcomes.contains(&Daily::Taken), "{outcomes:?}");
    assert_eq!(
        daily_backup(&other, &from, &dir, schedule, at(3, "23:59")).await,
        Daily::Taken,
        "later that day the day is still taken"
    );
    assert_eq!(backup::archives(&dir).unwrap().len(), 1);

    // Two more days: the oldest archive goes, the newest two stay, and they restore-check.
    let mut written = Vec::new();
    for days_ago in [2, 1] {
        match daily_backup(&app.db, &from, &dir, schedule, at(days_ago, "03:10")).await {
            Daily::Written(path) => written.push(path),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(backup::archives(&dir).unwrap(), written);
    for archive in &written {
        backup::verify(archive).expect("a scheduled archive verifies");
    }

    // The console before anything went wrong: no alarm.
    let operator_email = "operator.nacht@example.test";
    common::create_user(
        &app.db,
        None,
        Role::Operator,
        operator_email,
        "Operator Nora",
    )
    .await;
    accept_terms(&app.db, operator_email).await;
    let operator = app.sign_in(operator_email, PASSWORD).await;
    let (status, _, page) = app.page(&operator, "/operator").await;
    assert_eq!(status, 200);
    assert!(page.contains("elke dag om 02:30"), "the schedule is shown");
    assert!(page.contains("bewaart de laatste 2"));
    assert_eq!(page.matches(">Gelukt<").count(), 3, "three good days");
    assert!(!page.contains("de laatste back-up is mislukt"));

    // Today the backup folder cannot be written (here: a file stands in its place).
    let blocked = scratch("blocked");
    std::fs::write(&blocked, b"").unwrap();
    let failed = daily_backup(&app.db, &from, &blocked, schedule, at(0, "02:31")).await;
    let Daily::Failed(why) = failed else {
        panic!("{failed:?}")
    };
    assert_eq!(
        daily_backup(&other, &from, &blocked, schedule, at(0, "02:32")).await,
        Daily::Taken,
        "a failed day is not retried by every process in turn"
    );
    let (_, _, page) = app.page(&operator, "/operator").await;
    assert!(page.contains(">Mislukt<"), "the failed day is listed");
    assert!(
        page.contains("de laatste back-up is mislukt"),
        "and flagged"
    );
    let reason = why.split(':').next().unwrap().trim().to_string();
    assert!(page.contains(&reason), "with its reason {reason:?}");
    assert_eq!(
        backup::archives(&dir).unwrap(),
        written,
        "the good ones stay"
    );
    assert!(
        std::fs::read_dir(&dir).unwrap().all(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".zip")),
        "no half-written archive or work folder is left behind"
    );

    // Nobody else reads the backups' record.
    let (status, _) = app.call(&coach, "/api/operator/backups", "").await;
    assert_eq!(status, 403);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&blocked);
}
