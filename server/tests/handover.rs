//! The end of a subscription (issue 17): an organization's complete copy restores into an
//! empty Koers as that organization, every table's rows and every document as they were,
//! its content sealed under the new Koers' own keys; a damaged copy is refused, naming the
//! file, and so is a Koers that already has the organization.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use app::server::entity::report;
use app::server::service::handover::{self, RestoreError, TABLES};
use app::server::storage::LocalDirStorage;
use common::content::{ok, write_every_kind};
use common::{accept_terms, client_dossier_id, create_org, form, user_id, TestApp, PASSWORD};
use sea_orm::EntityTrait;

fn scratch(name: &str) -> PathBuf {
    let n: u64 = rand::random();
    std::env::temp_dir().join(format!("koers-copy-{name}-{n:x}.zip"))
}

/// Every file in the ZIP with its bytes.
fn files(zip: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    names
        .into_iter()
        .map(|name| {
            let mut bytes = Vec::new();
            archive
                .by_name(&name)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            (name, bytes)
        })
        .collect()
}

fn table(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Vec<serde_json::Value> {
    serde_json::from_slice(&files[&handover::table_file(name)]).unwrap()
}

#[tokio::test]
async fn an_organizations_copy_restores_into_an_empty_koers_with_every_row_and_document() {
    let source = TestApp::start().await;
    let org = create_org(&source.db, "Kopie").await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&source.db, email).await;
    }
    let coach = source.sign_in(&org.coach, PASSWORD).await;
    let client = source.sign_in(&org.client, PASSWORD).await;
    let dossier = client_dossier_id(&source.db, user_id(&source.db, &org.client).await).await;
    let written = write_every_kind(&source, &coach, &client, dossier).await;
    ok(
        &source,
        &coach,
        "/api/agenda/create",
        &form(&[
            ("client_id", &dossier.to_string()),
            ("input[title]", "Afspraak-Scholekster"),
            ("input[starts_at]", "2026-11-24T14:30"),
            ("input[ends_at]", "2026-11-24T15:15"),
        ]),
    )
    .await;
    // Another practice on the same Koers, which the copy must not hold.
    let elsewhere = create_org(&source.db, "Buurpraktijk").await;

    let copy = scratch("source");
    let storage = LocalDirStorage::new(&source.storage_dir);
    let manifest = handover::write(
        &source.db,
        &storage,
        &source.keys,
        chrono::Utc::now(),
        org.id,
        &copy,
        handover::By::Operator,
    )
    .await
    .unwrap();
    let made = files(&copy);
    // The content is readable in the copy: it is for the practice to take elsewhere.
    let everything: String = made
        .iter()
        .filter(|(name, _)| name.starts_with("tabellen/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).to_string())
        .collect();
    for marker in &written.markers {
        assert!(everything.contains(marker), "{marker} is not in the copy");
    }
    assert!(everything.contains("Afspraak-Scholekster"));
    for marker in &elsewhere.markers {
        assert!(
            !everything.contains(marker.as_str()),
            "{marker} of another practice"
        );
    }
    assert_eq!(table(&made, "organizations").len(), 1);
    assert_eq!(manifest.tables["users"], 3);
    assert_eq!(manifest.documents.len(), 1);
    let document = &manifest.documents.values().next().unwrap();
    assert_eq!(
        made[document.as_str()],
        written.pdf,
        "the document as uploaded"
    );
    for name in [
        "export.xlsx",
        "dossierrapporten.zip",
        "LEESMIJ.txt",
        "manifest.json",
    ] {
        assert!(made.contains_key(name), "{name} is in the copy");
    }

    // An empty Koers, with a master key of its own.
    let target = TestApp::start().await;
    let target_storage = LocalDirStorage::new(&target.storage_dir);
    let restored = handover::restore(&target.db, &target_storage, &target.keys, &copy)
        .await
        .unwrap();
    assert_eq!(restored, manifest);

    // Table by table and document by document, the restored organization's copy is the
    // original's.
    let again = scratch("restored");
    let second = handover::write(
        &target.db,
        &target_storage,
        &target.keys,
        chrono::Utc::now(),
        org.id,
        &again,
        handover::By::Operator,
    )
    .await
    .unwrap();
    let remade = files(&again);
    for t in TABLES {
        assert_eq!(
            table(&remade, t.name),
            table(&made, t.name),
            "{} differs after the restore",
            t.name
        );
    }
    assert_eq!(second.documents, manifest.documents);
    for path in manifest.documents.values() {
        assert_eq!(remade[path], made[path], "{path} byte for byte");
    }

    // Sealed in the new Koers, under its own keys, and read there as before.
    let reports = report::Entity::find().all(&target.db).await.unwrap();
    assert!(!reports.is_empty());
    for r in &reports {
        assert!(
            r.body.starts_with(app::server::crypto::PREFIX),
            "sealed at rest: {}",
            r.body
        );
    }
    let coach_there = target.sign_in(&org.coach, PASSWORD).await;
    let (status, shown) = target
        .call(
            &coach_there,
            "/api/reports/list",
            &format!("client_id={dossier}"),
        )
        .await;
    assert_eq!(status, 200, "{shown}");
    assert!(shown.contains("Rapport-Ijsvogel"), "{shown}");

    // Once restored, the organization is there: a second restore is refused.
    let twice = handover::restore(&target.db, &target_storage, &target.keys, &copy).await;
    assert!(matches!(twice, Err(RestoreError::NotEmpty(_))), "{twice:?}");

    // One flipped byte in a table's file: refused, naming it, nothing restored.
    let empty = TestApp::start().await;
    let damaged = scratch("damaged");
    let mut changed = made.clone();
    let reports_file = handover::table_file("reports");
    let bytes = changed.get_mut(&reports_file).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&damaged).unwrap());
    for (name, bytes) in &changed {
        zip.start_file(name.as_str(), zip::write::FileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    let refused = handover::restore(
        &empty.db,
        &LocalDirStorage::new(&empty.storage_dir),
        &empty.keys,
        &damaged,
    )
    .await;
    let message = refused
        .as_ref()
        .map(|_| String::new())
        .unwrap_or_else(|e| e.to_string());
    assert!(
        matches!(refused, Err(RestoreError::Damaged { .. })) && message.contains(&reports_file),
        "{message}"
    );
    assert!(
        app::server::entity::organization::Entity::find()
            .all(&empty.db)
            .await
            .unwrap()
            .is_empty(),
        "nothing restored"
    );
    for file in [copy, again, damaged] {
        let _ = std::fs::remove_file(file);
    }
}

/// The owner's download: their own organization's copy, recorded in the dossiers' access
/// log, until the subscription's last day; never a coach's.
#[tokio::test]
async fn an_owner_downloads_the_practices_copy_until_the_subscriptions_last_day() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Eigen").await;
    for email in [&org.owner, &org.coach] {
        accept_terms(&app.db, email).await;
    }
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    common::content::write_report(&app, &coach, dossier, "Rapport-Fuut", None).await;
    let elsewhere = create_org(&app.db, "Vreemd").await;

    let download = |who: reqwest::Client| {
        let url = app.url("/organization/copy.zip");
        async move { who.get(url).send().await.unwrap() }
    };
    let response = download(owner.clone()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("koers-kopie-praktijk-eigen-"),
        "{disposition}"
    );
    let path = scratch("owner");
    std::fs::write(&path, response.bytes().await.unwrap()).unwrap();
    let manifest = handover::verify(&path).expect("the copy verifies");
    assert_eq!(manifest.organization_id, org.id);
    let made = files(&path);
    let reports = String::from_utf8_lossy(&made[&handover::table_file("reports")]).to_string();
    assert!(reports.contains("Rapport-Fuut"), "{reports}");
    for (name, bytes) in made.iter().filter(|(n, _)| n.starts_with("tabellen/")) {
        let text = String::from_utf8_lossy(bytes);
        for marker in &elsewhere.markers {
            assert!(!text.contains(marker.as_str()), "{marker} in {name}");
        }
    }
    let _ = std::fs::remove_file(&path);
    assert_eq!(download(coach.clone()).await.status(), 403, "not a coach's");

    // Every dossier's access log says the owner exported it.
    let (_, log) = app
        .call(
            &owner,
            "/api/access_log/search",
            &format!("query[dossier]={dossier}&query[area]=documents"),
        )
        .await;
    let log = common::json(&log);
    assert!(
        log["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "export"),
        "{log}"
    );

    // Up to and including the subscription's last day; not after it.
    let today = app::server::local_time::local_date(chrono::Utc::now());
    for (last, expected) in [(today, 200), (today - chrono::Duration::days(1), 403)] {
        let mut row = app::server::entity::organization::Entity::find_by_id(org.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into_active_model();
        row.subscription_ends_on = Set(Some(last));
        row.update(&app.db).await.unwrap();
        assert_eq!(
            download(owner.clone()).await.status(),
            expected,
            "last day {last}"
        );
    }
}

/// Acceptance 5, the second half: after the subscription's last day the operator deletes
/// the organization; no row of any table and no file of it remains (a raw search of every
/// table's text and of the storage folder), only a record without names; the practice
/// next door is untouched.
#[tokio::test]
async fn a_deleted_organization_leaves_no_row_or_file_of_it_only_a_record() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Opgeheven7Q").await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let written = write_every_kind(&app, &coach, &client, dossier).await;
    // A failed sign-in and a mail: traces of its people outside its own rows.
    let stranger = app.client();
    app.call(
        &stranger,
        "/api/auth/login",
        &form(&[("email", &org.coach), ("password", "niet-het-wachtwoord")]),
    )
    .await;

    let next_door = create_org(&app.db, "Blijft3K").await;
    accept_terms(&app.db, &next_door.coach).await;
    let their_coach = app.sign_in(&next_door.coach, PASSWORD).await;
    let their_dossier = client_dossier_id(&app.db, user_id(&app.db, &next_door.client).await).await;
    common::content::write_report(&app, &their_coach, their_dossier, "Rapport-Blijft", None).await;
    let (status, _) = app
        .upload(
            &their_coach,
            Some(their_dossier),
            "blijft.pdf",
            common::PDF.to_vec(),
        )
        .await;
    assert_eq!(status, 303);

    let storage = LocalDirStorage::new(&app.storage_dir);
    let operator = app::server::auth::OperatorContext::installation();
    let now = chrono::Utc::now();
    // Not while the subscription runs, and not without its exact name.
    let early = handover::delete(&app.db, &storage, &operator, now, org.id, &org.name).await;
    assert!(
        matches!(early, Err(handover::DeleteError::StillSubscribed)),
        "{early:?}"
    );
    let mut row = app::server::entity::organization::Entity::find_by_id(org.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    let today = app::server::local_time::local_date(now);
    row.subscription_ends_on = Set(Some(today - chrono::Duration::days(1)));
    row.update(&app.db).await.unwrap();
    let wrong = handover::delete(&app.db, &storage, &operator, now, org.id, "Praktijk").await;
    assert!(
        matches!(wrong, Err(handover::DeleteError::NameDiffers)),
        "{wrong:?}"
    );

    let files_before = app.stored_files().len();
    let deleted = handover::delete(&app.db, &storage, &operator, now, org.id, &org.name)
        .await
        .unwrap();
    assert_eq!(deleted.documents, 1);
    assert!(deleted.rows > 30, "{deleted:?}");
    assert_eq!(
        app.stored_files().len(),
        files_before - 1,
        "its document's file"
    );

    // Raw search: no table holds its name, its people's names or addresses.
    let tables = common::rows_by_table(&app.db).await;
    let mut seen_next_door = false;
    for (table, rows) in &tables {
        let text: String = rows.iter().cloned().collect::<Vec<_>>().join("\n");
        for marker in org
            .markers
            .iter()
            .map(String::as_str)
            .chain(written.markers.iter().copied())
        {
            assert!(!text.contains(marker), "{marker} is still in {table}");
        }
        seen_next_door |= text.contains(&next_door.coach);
    }
    assert!(seen_next_door, "the practice next door is still there");
    // Nor any row with its number, but the record of the deletion.
    for (table, _) in &tables {
        let columns = column_names(&app.db, table).await;
        if !columns.iter().any(|c| c == "organization_id") {
            continue;
        }
        let (count,): (i64,) = count_rows(&app.db, table, org.id).await;
        let expected = i64::from(table == "organization_deletions");
        assert_eq!(count, expected, "{table} rows of the deleted organization");
    }
    let record = app::server::entity::organization_deletion::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(record.len(), 1);
    assert_eq!(record[0].reference, deleted.reference);

    // Next door works as before.
    let (status, shown) = app
        .call(
            &their_coach,
            "/api/reports/list",
            &format!("client_id={their_dossier}"),
        )
        .await;
    assert_eq!(status, 200, "{shown}");
    assert!(shown.contains("Rapport-Blijft"));
    // Its people cannot sign in any more.
    let (status, _) = app
        .call(
            &app.client(),
            "/api/auth/login",
            &form(&[("email", &org.coach), ("password", PASSWORD)]),
        )
        .await;
    assert_ne!(status, 200);
}

async fn column_names(db: &sea_orm::DatabaseConnection, table: &str) -> Vec<String> {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Sqlite => format!("SELECT name FROM pragma_table_info('{table}')"),
        _ => format!(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}'"
        ),
    };
    db.query_all(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

async fn count_rows(db: &sea_orm::DatabaseConnection, table: &str, organization: i32) -> (i64,) {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = db.get_database_backend();
    let row = db
        .query_one(Statement::from_string(
            backend,
            format!("SELECT COUNT(*) FROM {table} WHERE organization_id = {organization}"),
        ))
        .await
        .unwrap()
        .unwrap();
    (row.try_get_by_index::<i64>(0).unwrap(),)
}
