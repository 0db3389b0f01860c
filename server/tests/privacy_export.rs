//! A person's export (GDPR art. 15 and 20): the ZIP a practice or the client downloads,
//! read with tools that are not Koers (jsonschema and python-docx, `tools/read_export.py`).

mod common;

use app::model::access_log::LogAction;
use app::server::entity::access_log;
use common::content::write_every_kind;
use common::{accept_terms, client_dossier_id, create_org, user_id, TestApp, PASSWORD};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sha2::{Digest, Sha256};

/// What `tools/read_export.py` read from an export.
struct Read {
    json: serde_json::Value,
    docx: String,
    files: serde_json::Map<String, serde_json::Value>,
}

/// Downloads `path` as `who`, checks it is a ZIP attachment and reads it independently.
async fn download(app: &TestApp, who: &reqwest::Client, path: &str) -> Read {
    let response = who.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "application/zip");
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let bytes = response.bytes().await.unwrap();
    let read = common::read_with_python("read_export.py", "zip", &bytes);
    Read {
        json: read["json"].clone(),
        docx: read["docx"].as_str().unwrap().to_string(),
        files: read["files"].as_object().unwrap().clone(),
    }
}

fn texts(value: &serde_json::Value) -> String {
    value.to_string()
}

/// Acceptance 5: the practice's export validates against its schema, its Word document
/// opens in python-docx with the client's name and the report's text, and the document in
/// it is the uploaded one byte for byte. The client's own export holds what they see.
#[tokio::test]
async fn an_export_validates_reads_in_word_and_carries_the_documents_unchanged() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Export").await;
    for email in [&org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let written = write_every_kind(&app, &coach, &client, dossier).await;
    // A journal entry the client keeps to themselves.
    common::content::ok(
        &app,
        &client,
        "/api/my/journal_write",
        "date=2026-11-22&body=Prive-Houtsnip",
    )
    .await;

    let practice = download(&app, &coach, &format!("/clients/{dossier}/export.zip")).await;
    let data = &practice.json;
    assert_eq!(data["format"], "koers-dossier-export");
    assert_eq!(data["version"], 1);
    assert_eq!(data["exported_for"], "practice");
    assert_eq!(data["client"]["name"], "Cliënt Alles");
    let all = texts(data);
    for marker in &written.markers {
        assert!(all.contains(marker), "{marker} is not in the export: {all}");
    }
    assert!(!all.contains("Prive-Houtsnip"), "an unshared journal entry");
    assert!(all.contains("Traject-Zeearend"));
    assert_eq!(data["exercises"][0]["scores"][0]["score"], 4.0);

    for text in [
        "Cliënt Alles",
        "Rapport-Ijsvogel",
        "Aanvulling-Kievit",
        "Traject-Zeearend",
    ] {
        assert!(
            practice.docx.contains(text),
            "{text} not in the Word document"
        );
    }
    // Dates read as words, not as ISO.
    assert!(
        practice.docx.contains("20 november 2026"),
        "{}",
        practice.docx
    );

    let document = &data["documents"][0];
    let path = document["path"].as_str().unwrap();
    let sha = format!("{:x}", Sha256::digest(&written.pdf));
    assert_eq!(
        practice.files[path],
        sha.as_str(),
        "the document, byte for byte"
    );
    assert_eq!(document["sha256"], sha.as_str());

    // Recorded once as an export, by the coach.
    let exports = access_log::Entity::find()
        .filter(access_log::Column::ClientId.eq(dossier))
        .filter(access_log::Column::Action.eq(LogAction::Export))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(exports, 1);

    // The client's own: their private entry too, the practice's notes and time not.
    let own = download(&app, &client, "/my/export.zip").await;
    assert_eq!(own.json["exported_for"], "client");
    let mine = texts(&own.json);
    for marker in [
        "Prive-Houtsnip",
        "Rapport-Ijsvogel",
        "Antwoord-Grutto",
        "Feedback-Wulp",
    ] {
        assert!(
            mine.contains(marker),
            "{marker} is not in the client's export"
        );
    }
    assert!(own.json["client"]["notes"].is_null());
    assert!(!mine.contains("Notitie-Roerdomp"));
    assert!(
        !own.files.contains_key(path),
        "a document the coach did not share with the client"
    );
    assert!(own.docx.contains("Prive-Houtsnip"));
}

/// Who may export: the practice's export answers "not found" to a coach of another
/// organization and to the client; the client's own needs a client.
#[tokio::test]
async fn only_the_practice_exports_a_dossier_and_only_the_client_their_own() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Uitvoer").await;
    let other = create_org(&app.db, "Elders").await;
    for email in [&org.coach, &org.client, &other.coach] {
        accept_terms(&app.db, email).await;
    }
    let client = app.sign_in(&org.client, PASSWORD).await;
    let stranger = app.sign_in(&other.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let path = format!("/clients/{dossier}/export.zip");
    for who in [&client, &stranger] {
        let status = who.get(app.url(&path)).send().await.unwrap().status();
        assert!(status == 403 || status == 404, "{status}");
    }
    let status = stranger
        .get(app.url("/my/export.zip"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 403);
    let anonymous = reqwest::Client::new();
    let status = anonymous.get(app.url(&path)).send().await.unwrap().status();
    assert_eq!(status, 401);
}
