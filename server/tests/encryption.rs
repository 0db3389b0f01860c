//! Encryption at rest: dossier content is sealed in the database, reads back in Koers, opens
//! only in its own row and organization, and survives a rotation of the master key while
//! Koers is writing.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use app::model::clients::DossierTab;
use app::server::entity::report;
use app::server::service::sealing;
use app::server::storage::LocalDirStorage;
use app::server::{Keyring, MasterKeys};
use common::content::{ok, write_every_kind, write_report as report};
use common::{
    accept_terms, client_dossier_id, create_org, form, json, user_id, TestApp, PASSWORD, PDF,
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

/// Whether `needle` occurs anywhere in `haystack`.
fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A signed-in coach of a fresh organization and their client's dossier.
async fn practice(app: &TestApp, marker: &str) -> (reqwest::Client, reqwest::Client, i32) {
    let org = create_org(&app.db, marker).await;
    for email in [&org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    (coach, client, dossier)
}

/// A report's body as stored.
async fn stored(app: &TestApp, id: i32) -> String {
    report::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .body
}

/// Stores `body` as the report's body, past Koers (as someone with the database could).
async fn put(app: &TestApp, id: i32, body: String) {
    let mut row = report::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.body = Set(body);
    row.update(&app.db).await.unwrap();
}

async fn reports_shown(app: &TestApp, who: &reqwest::Client, dossier: i32) -> (u16, String) {
    app.call(who, "/api/reports/list", &format!("client_id={dossier}"))
        .await
}

#[tokio::test]
async fn reports_and_amendments_are_sealed_in_the_database_and_read_in_koers() {
    let app = TestApp::start().await;
    let (coach, client, dossier) = practice(&app, "Kluis").await;
    report(
        &app,
        &coach,
        dossier,
        "Vertelde over burn-out klachten bij Vlietstra",
        Some("Aanvulling: huisarts Oosterhout verwees door"),
    )
    .await;

    let raw = app.test_db.raw().await;
    for plaintext in ["burn-out klachten", "Vlietstra", "huisarts Oosterhout"] {
        assert!(
            !holds(&raw, plaintext),
            "{plaintext:?} is readable in the database"
        );
    }
    assert!(holds(&raw, "enc:1:"), "no sealed value in the database");

    // Koers shows them, to the coach and (shared with the client) on the client's page.
    let (status, list) = reports_shown(&app, &coach, dossier).await;
    assert_eq!(status, 200, "{list}");
    let list = json(&list);
    assert!(list[0]["body"]
        .as_str()
        .unwrap()
        .contains("burn-out klachten bij Vlietstra"));
    assert!(list[0]["amendments"][0]["html"]
        .as_str()
        .unwrap()
        .contains("huisarts Oosterhout"));
    let (status, _, page) = app.page(&client, "/my").await;
    assert_eq!(status, 200);
    assert!(page.contains("burn-out klachten bij Vlietstra"), "{page}");
    let (status, _, page) = app.page(&coach, &DossierTab::Reports.path(dossier)).await;
    assert_eq!(status, 200);
    assert!(page.contains("huisarts Oosterhout"));
}

#[tokio::test]
async fn a_sealed_text_moved_to_another_row_or_organization_or_altered_is_refused() {
    let app = TestApp::start().await;
    let (coach_a, _, dossier_a) = practice(&app, "Eerste").await;
    let (coach_b, _, dossier_b) = practice(&app, "Tweede").await;
    let first = report(&app, &coach_a, dossier_a, "Geheim van Eerste", None).await;
    let second = report(&app, &coach_a, dossier_a, "Gewoon verslag", None).await;
    let other = report(&app, &coach_b, dossier_b, "Verslag van Tweede", None).await;
    let (first_body, second_body, other_body) = (
        stored(&app, first).await,
        stored(&app, second).await,
        stored(&app, other).await,
    );

    // Another row of the same organization and dossier.
    put(&app, second, first_body.clone()).await;
    let (status, body) = reports_shown(&app, &coach_a, dossier_a).await;
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("Damaged"), "{body}");
    assert!(!body.contains("Geheim van Eerste"), "{body}");
    put(&app, second, second_body).await;
    assert_eq!(reports_shown(&app, &coach_a, dossier_a).await.0, 200);

    // Another organization (whose data key is another, and whose id is in the binding).
    put(&app, other, first_body.clone()).await;
    let (status, body) = reports_shown(&app, &coach_b, dossier_b).await;
    assert_eq!(status, 500, "{body}");
    assert!(!body.contains("Geheim van Eerste"), "{body}");
    put(&app, other, other_body).await;
    assert_eq!(reports_shown(&app, &coach_b, dossier_b).await.0, 200);

    // One character changed in the middle of the ciphertext.
    let mut altered = first_body.clone().into_bytes();
    let middle = altered.len() / 2 + 4;
    altered[middle] = if altered[middle] == b'A' { b'B' } else { b'A' };
    put(&app, first, String::from_utf8(altered).unwrap()).await;
    let (status, body) = reports_shown(&app, &coach_a, dossier_a).await;
    assert_eq!(status, 500, "{body}");
    assert!(body.contains("Damaged"), "{body}");

    // A document's file put in the place of another organization's file.
    let (status, _) = app
        .upload(&coach_a, Some(dossier_a), "a.pdf", PDF.to_vec())
        .await;
    assert_eq!(status, 303);
    let (status, _) = app
        .upload(&coach_b, Some(dossier_b), "b.pdf", PDF.to_vec())
        .await;
    assert_eq!(status, 303);
    let mut files = app.stored_files();
    // Stored as `<organization id>/<uuid>`; the first organization has the lower id.
    let organization = |f: &std::path::PathBuf| -> i32 {
        let folder = f.parent().unwrap().file_name().unwrap();
        folder.to_str().unwrap().parse().unwrap()
    };
    files.sort_by_key(organization);
    assert!(organization(&files[0]) < organization(&files[1]));
    std::fs::copy(&files[0], &files[1]).unwrap();
    let listed = app
        .call(
            &coach_b,
            "/api/documents/list",
            &format!("client_id={dossier_b}"),
        )
        .await
        .1;
    let id = json(&listed)["documents"][0]["id"].to_string();
    let response = coach_b
        .get(app.url(&format!("/documents/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);

    // The page says so in words, and shows nothing of it.
    let (status, _, page) = app
        .page(&coach_a, &DossierTab::Reports.path(dossier_a))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("kan niet worden geopend"), "{page}");
    assert!(!page.contains("Geheim van Eerste"));
}

#[tokio::test]
async fn text_written_before_encryption_is_sealed_at_start_and_still_reads() {
    let app = TestApp::start().await;
    let (coach, _, dossier) = practice(&app, "Oud").await;
    let id = report(&app, &coach, dossier, "wordt zo overschreven", None).await;
    // As a row written by a Koers without encryption would be.
    let mut row = report::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.body = Set("Oude rapportage over Zandvoort".to_string());
    row.update(&app.db).await.unwrap();
    assert!(holds(&app.test_db.raw().await, "Zandvoort"));

    assert_eq!(sealing::seal_existing(&app.db, &app.keys).await.unwrap(), 1);
    assert_eq!(sealing::seal_existing(&app.db, &app.keys).await.unwrap(), 0);
    assert!(!holds(&app.test_db.raw().await, "Zandvoort"));
    let (status, list) = reports_shown(&app, &coach, dossier).await;
    assert_eq!(status, 200, "{list}");
    assert!(list.contains("Oude rapportage over Zandvoort"));
}

#[tokio::test]
async fn the_master_key_rotates_while_koers_writes_and_after_reencrypt_only_the_new_one_is_needed()
{
    let app = TestApp::start().await;
    let (coach, _, dossier) = practice(&app, "Draai").await;
    for n in 0..5 {
        report(
            &app,
            &coach,
            dossier,
            &format!("Voor de rotatie {n}"),
            Some("Aanvulling"),
        )
        .await;
    }

    // A coach keeps writing reports while the operator rotates with --reencrypt.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, base) = (stop.clone(), app.base.clone());
        let coach = coach.clone();
        tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                let text = format!("Tijdens de rotatie {n}");
                let response = coach
                    .post(format!("{base}/api/reports/create"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .body(form(&[
                        ("client_id", &dossier.to_string()),
                        ("input[date]", "2026-11-21"),
                        ("input[body]", &text),
                        ("input[visibility]", "team"),
                        ("input[edit_rights]", "author"),
                    ]))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status().as_u16(), 200);
                acknowledged.push(text);
                n += 1;
            }
            acknowledged
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let storage = LocalDirStorage::new(&app.storage_dir);
    let rotated = server::keys::rotate_file(&app.key_file, &app.db, &storage, true)
        .await
        .unwrap();
    assert_eq!(rotated.version, 2);
    assert!(rotated.rewrapped >= 1, "{rotated:?}");
    assert!(rotated.resealed.unwrap() >= 10, "{rotated:?}");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    let acknowledged = writer.await.unwrap();
    assert!(!acknowledged.is_empty());

    // The running server reads everything, old and new, with the rotated file.
    let (status, list) = reports_shown(&app, &coach, dossier).await;
    assert_eq!(status, 200, "{list}");
    for text in acknowledged
        .iter()
        .chain(&["Voor de rotatie 0".to_string()])
    {
        assert!(list.contains(text.as_str()), "{text} is missing");
    }

    // Values the server sealed under the old data key during the pass are picked up by a
    // second pass; after it, the newest master version alone opens every value.
    let file = std::fs::read_to_string(&app.key_file).unwrap();
    let both = Keyring::new(MasterKeys::parse(&file).unwrap());
    sealing::reencrypt(&app.db, &storage, &both).await.unwrap();
    let newest = file.lines().next().unwrap();
    assert!(newest.starts_with("2:"), "{file}");
    let only_new = Keyring::new(MasterKeys::parse(newest).unwrap());
    let checked = sealing::check_all(&app.db, &storage, &only_new)
        .await
        .unwrap();
    assert_eq!(
        checked.values,
        5 + 5 + acknowledged.len(),
        "every report and amendment"
    );
    assert_eq!((checked.damaged, checked.master_versions), (0, vec![2]));
    let only_old = Keyring::new(MasterKeys::parse(file.lines().nth(1).unwrap()).unwrap());
    let checked = sealing::check_all(&app.db, &storage, &only_old)
        .await
        .unwrap();
    assert_eq!(checked.values, 0);
    assert!(checked.damaged > 0);
}

/// Acceptance: a report, an amendment, an answer, feedback on it and on the whole, a score,
/// a journal entry, a comment and a dossier note are nowhere in the database in plain
/// text, and Koers shows each of them.
#[tokio::test]
async fn every_kind_of_dossier_content_is_sealed_at_rest_and_shown_in_koers() {
    let app = TestApp::start().await;
    let (coach, client, dossier) = practice(&app, "Alles").await;
    let written = write_every_kind(&app, &coach, &client, dossier).await;
    let (assignment, pdf) = (written.assignment, written.pdf);
    let files = app.stored_files();
    assert_eq!(files.len(), 1);
    let on_disk = std::fs::read(&files[0]).unwrap();
    assert!(
        !holds(&on_disk, "Document-Roodborst"),
        "the file is stored readable"
    );
    assert!(!holds(&on_disk, "%PDF"), "the file is stored readable");
    let list = json(
        &ok(
            &app,
            &coach,
            "/api/documents/list",
            &format!("client_id={dossier}"),
        )
        .await,
    );
    let document = list["documents"][0]["id"].to_string();
    let downloaded = coach
        .get(app.url(&format!("/documents/{document}")))
        .send()
        .await
        .unwrap();
    assert_eq!(downloaded.status(), 200);
    assert_eq!(
        downloaded.bytes().await.unwrap().to_vec(),
        pdf,
        "byte for byte"
    );

    let raw = app.test_db.raw().await;
    for plaintext in written.markers.iter().copied().chain(["\"answered\":"]) {
        assert!(
            !holds(&raw, plaintext),
            "{plaintext} is readable in the database"
        );
    }

    // Koers shows each of them where they belong.
    let assigned = ok(
        &app,
        &coach,
        "/api/assignments/get",
        &format!("id={assignment}"),
    )
    .await;
    for text in ["Antwoord-Grutto", "Feedback-Lepelaar", "Feedback-Wulp"] {
        assert!(assigned.contains(text), "{text}: {assigned}");
    }
    assert_eq!(json(&assigned)["scores"][0]["score"], 4.0, "{assigned}");
    let mine = ok(
        &app,
        &client,
        "/api/my/assignment",
        &format!("id={assignment}"),
    )
    .await;
    assert!(mine.contains("Feedback-Wulp") && mine.contains("Antwoord-Grutto"));
    let journal = ok(&app, &client, "/api/my/journal", "").await;
    assert!(journal.contains("Dagboek-Tureluur") && journal.contains("Reactie-Zwaluw"));
    let (_, _, data) = app.page(&coach, &DossierTab::Data.path(dossier)).await;
    assert!(data.contains("Notitie-Roerdomp"));
    let (_, _, results) = app.page(&coach, &DossierTab::Exercises.path(dossier)).await;
    assert!(results.contains("Welzijn"), "the results over time");
    // Sealing what existed before finds nothing left to seal.
    assert_eq!(sealing::seal_existing(&app.db, &app.keys).await.unwrap(), 0);
    let storage = LocalDirStorage::new(&app.storage_dir);
    let checked = sealing::check_all(&app.db, &storage, &app.keys)
        .await
        .unwrap();
    assert!(checked.values >= 9, "{checked:?}");
    assert_eq!((checked.files, checked.damaged), (1, 0), "{checked:?}");
}

/// Two operators rotating at the same moment: one waits for the other, the file ends with
/// two new versions, and every data key is wrapped by the newest.
#[tokio::test]
async fn two_rotations_at_once_end_with_one_key_file_that_opens_everything() {
    let app = TestApp::start().await;
    let (coach, _, dossier) = practice(&app, "Tweemaal").await;
    report(&app, &coach, dossier, "Voor beide rotaties", None).await;
    let storage = LocalDirStorage::new(&app.storage_dir);
    let (first, second) = tokio::join!(
        server::keys::rotate_file(&app.key_file, &app.db, &storage, false),
        server::keys::rotate_file(&app.key_file, &app.db, &storage, false),
    );
    let mut versions = vec![first.unwrap().version, second.unwrap().version];
    versions.sort();
    assert_eq!(versions, vec![2, 3]);
    let file = Keyring::from_file(&app.key_file).unwrap();
    let checked = sealing::check_all(&app.db, &storage, &file).await.unwrap();
    assert_eq!((checked.values, checked.damaged), (1, 0), "{checked:?}");
    assert_eq!(checked.master_versions, vec![3]);
    let (status, list) = reports_shown(&app, &coach, dossier).await;
    assert_eq!(status, 200, "{list}");
    assert!(list.contains("Voor beide rotaties"));
}
