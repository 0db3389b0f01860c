//! The dossiers' access log: what the coaches read and change is recorded once per request
//! and area, the client reads it about their own dossier, owners and the coaches who manage
//! a dossier search it, and the database itself refuses to change it.

mod common;

use app::types::Role;
use common::{
    accept_terms, client_dossier_id, create_org, create_user, form, json, user_id, TestApp,
    PASSWORD,
};
use sea_orm::{ConnectionTrait, Statement};

/// The log's rows as (actor, area, action, object) in the order written.
async fn entries(app: &TestApp) -> Vec<(i32, String, String, Option<i32>)> {
    let backend = app.db.get_database_backend();
    app.db
        .query_all(Statement::from_string(
            backend,
            "SELECT actor_id, area, action, object_id FROM access_log ORDER BY id",
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| {
            (
                row.try_get::<i32>("", "actor_id").unwrap(),
                row.try_get::<String>("", "area").unwrap(),
                row.try_get::<String>("", "action").unwrap(),
                row.try_get::<Option<i32>>("", "object_id").unwrap(),
            )
        })
        .collect()
}

/// Gives a coach access to a dossier without making them responsible for it.
async fn give_access_only(db: &sea_orm::DatabaseConnection, dossier: i32, coach: i32) {
    use sea_orm::{ActiveModelTrait, Set};
    app::server::entity::client_coach::ActiveModel {
        client_id: Set(dossier),
        user_id: Set(coach),
    }
    .insert(db)
    .await
    .unwrap();
}

/// A practice whose coach is responsible for the client's dossier, everyone past the terms.
async fn practice(app: &TestApp, marker: &str) -> (common::Org, i32) {
    let org = create_org(&app.db, marker).await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    (org, dossier)
}

async fn write_report(app: &TestApp, coach: &reqwest::Client, dossier: i32, body: &str) -> i32 {
    let (status, id) = app
        .call(
            coach,
            "/api/reports/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[date]", "2026-11-20"),
                ("input[body]", body),
                ("input[visibility]", "team"),
                ("input[edit_rights]", "author"),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    id.trim().parse().unwrap()
}

#[tokio::test]
async fn the_client_sees_who_opened_and_changed_their_dossier_but_not_their_own_visits() {
    let app = TestApp::start().await;
    let (org, dossier) = practice(&app, "Inzage").await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let coach_id = user_id(&app.db, &org.coach).await;
    let (status, body) = app
        .call(&coach, "/api/clients/dossier", &format!("id={dossier}"))
        .await;
    assert_eq!(status, 200, "{body}");
    let report = write_report(&app, &coach, dossier, "Gesprek over de loopbaan.").await;
    let (status, _) = app
        .call(&coach, "/api/reports/list", &format!("client_id={dossier}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        entries(&app).await,
        [
            (coach_id, "data".into(), "read".into(), None),
            (coach_id, "reports".into(), "create".into(), Some(report)),
            (coach_id, "reports".into(), "read".into(), None),
        ]
    );

    let client = app.sign_in(&org.client, PASSWORD).await;
    let (status, _) = app.call(&client, "/api/my/dossier", "").await;
    assert_eq!(status, 200);
    let (status, body) = app.call(&client, "/api/access_log/mine", "").await;
    assert_eq!(status, 200, "{body}");
    let rows = json(&body);
    let rows = rows.as_array().unwrap();
    assert_eq!(
        rows.len(),
        3,
        "the client's own visit is not listed: {body}"
    );
    // Newest first, with the coach's name and role.
    assert_eq!(rows[0]["area"], "reports");
    assert_eq!(rows[0]["action"], "read");
    assert_eq!(rows[2]["area"], "data");
    for row in rows {
        assert_eq!(row["who"], "coach Inzage");
        assert_eq!(row["role"], "Coach");
        assert!(
            row["address"].is_null(),
            "the client is not shown addresses"
        );
        assert!(!row["at"].as_str().unwrap().contains('T'), "{row}");
    }

    // The page itself, as the browser renders it.
    let (status, _, html) = app.page(&client, "/my/access").await;
    assert_eq!(status, 200);
    assert!(html.contains("Wie heeft mijn dossier ingezien"), "{html}");
    assert!(html.contains("coach Inzage (begeleider)"), "{html}");
    assert!(html.contains("Rapportages: bekeken"), "{html}");
}

#[tokio::test]
async fn a_dossier_page_writes_one_small_entry_per_area_it_shows_however_many_rows() {
    // Twelve reports on the page, one entry for them.
    let app = TestApp::start().await;
    let (org, dossier) = practice(&app, "Kosten").await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    for n in 0..12 {
        write_report(&app, &coach, dossier, &format!("Verslag {n}")).await;
    }
    let before = entries(&app).await.len();
    app.statements.clear();
    let (status, _, html) = app
        .page(&coach, &format!("/clients/{dossier}?tab=reports"))
        .await;
    assert_eq!(status, 200);
    let inserts = app
        .statements
        .take()
        .iter()
        .filter(|s| s.contains("INSERT INTO \"access_log\""))
        .count();
    assert_eq!(inserts, 1, "one insert for everything the page read");
    assert!(html.contains("Verslag 11"), "the page shows the reports");
    let written: Vec<_> = entries(&app).await.split_off(before);
    let mut areas: Vec<&str> = written.iter().map(|e| e.1.as_str()).collect();
    areas.sort();
    // The dossier's header, the reports, and the trajectories the new report's form offers.
    assert_eq!(areas, ["data", "reports", "trajectories"], "{written:?}");
    assert!(written.iter().all(|e| e.2 == "read"));

    // The overview shows a little of every area, and is one entry of its own.
    let before = entries(&app).await.len();
    let (status, _, _) = app.page(&coach, &format!("/clients/{dossier}")).await;
    assert_eq!(status, 200);
    let written: Vec<_> = entries(&app).await.split_off(before);
    let mut areas: Vec<&str> = written.iter().map(|e| e.1.as_str()).collect();
    areas.sort();
    assert_eq!(areas, ["data", "overview"], "{written:?}");
}

#[tokio::test]
async fn a_refused_change_leaves_no_entry_and_a_download_is_one() {
    let app = TestApp::start().await;
    let (org, dossier) = practice(&app, "Weigering").await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let (status, body) = app
        .call(
            &coach,
            "/api/reports/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[date]", "2026-11-20"),
                ("input[body]", ""),
                ("input[visibility]", "team"),
                ("input[edit_rights]", "author"),
            ]),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(entries(&app).await.is_empty());

    let (status, _) = app
        .upload(&coach, Some(dossier), "cv.pdf", common::PDF.to_vec())
        .await;
    assert_eq!(status, 303);
    let document = entries(&app).await[0].3.expect("the document's id");
    let (status, _, _) = app.page(&coach, &format!("/documents/{document}")).await;
    assert_eq!(status, 200);
    let actions: Vec<(String, String)> = entries(&app)
        .await
        .into_iter()
        .map(|e| (e.1, e.2))
        .collect();
    assert_eq!(
        actions,
        [
            ("documents".to_string(), "create".to_string()),
            ("documents".to_string(), "download".to_string())
        ]
    );
}

#[tokio::test]
async fn owners_search_everything_coaches_what_they_manage_and_nobody_another_practice() {
    let app = TestApp::start().await;
    let (org, dossier) = practice(&app, "Zoek").await;
    let (other, other_dossier) = practice(&app, "Ander").await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    write_report(&app, &coach, dossier, "Eerste gesprek.").await;
    let outsider = app.sign_in(&other.coach, PASSWORD).await;
    write_report(&app, &outsider, other_dossier, "Elders.").await;
    // A second coach of the first practice who may open the dossier but does not manage it.
    let helper_email = "hulp.zoek@example.test";
    let helper_id = create_user(
        &app.db,
        Some(org.id),
        Role::Coach,
        helper_email,
        "hulp Zoek",
    )
    .await;
    accept_terms(&app.db, helper_email).await;
    give_access_only(&app.db, dossier, helper_id).await;
    let helper = app.sign_in(helper_email, PASSWORD).await;
    app.call(
        &helper,
        "/api/reports/list",
        &format!("client_id={dossier}"),
    )
    .await;

    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let (status, body) = app.call(&owner, "/api/access_log/search", "").await;
    assert_eq!(status, 200, "{body}");
    let page = json(&body);
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{body}");
    assert!(!body.contains("Ander"), "another practice's log: {body}");
    assert_eq!(rows[0]["who"], "hulp Zoek");
    assert_eq!(rows[0]["address"], "127.0.0.1");
    // Filtered by person.
    let coach_id = user_id(&app.db, &org.coach).await;
    let (_, body) = app
        .call(
            &owner,
            "/api/access_log/search",
            &format!("query[person]={coach_id}"),
        )
        .await;
    assert_eq!(json(&body)["rows"].as_array().unwrap().len(), 1, "{body}");
    // Another practice's dossier is unknown here.
    let (status, _) = app
        .call(
            &owner,
            "/api/access_log/search",
            &format!("query[dossier]={other_dossier}"),
        )
        .await;
    assert_eq!(status, 404);
    // A date that is not one is refused by its field.
    let (status, body) = app
        .call(&owner, "/api/access_log/search", "query[from]=gisteren")
        .await;
    assert_eq!(status, 422, "{body}");

    // The responsible coach sees their dossier's log; the helper manages none.
    let (_, body) = app.call(&coach, "/api/access_log/search", "").await;
    assert_eq!(json(&body)["rows"].as_array().unwrap().len(), 2, "{body}");
    let (_, body) = app.call(&helper, "/api/access_log/search", "").await;
    assert!(json(&body)["rows"].as_array().unwrap().is_empty(), "{body}");

    // The CSV holds the same search.
    let response = owner
        .get(app.url(&format!("/access-log.csv?person={helper_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].contains("persoon;rol;dossier"), "{csv}");
    assert!(lines[1].contains("hulp Zoek;coach;"), "{csv}");
    assert!(lines[1].contains(";reports;read;"), "{csv}");
    let (status, _, _) = app.page(&helper, "/access-log.csv?dossier=abc").await;
    assert_eq!(status, 400, "a filter that is not a number is bad input");
}

#[tokio::test]
async fn the_database_refuses_to_change_or_remove_the_access_log() {
    let app = TestApp::start().await;
    let (org, dossier) = practice(&app, "Onuitwisbaar").await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    app.call(&coach, "/api/clients/dossier", &format!("id={dossier}"))
        .await;
    let before = entries(&app).await;
    assert_eq!(before.len(), 1);
    let backend = app.db.get_database_backend();
    for statement in [
        "UPDATE access_log SET action = 'change'",
        "UPDATE access_log SET actor_id = 0",
        // Emptying an address is for entries about someone erased, and no one was.
        "UPDATE access_log SET address = NULL",
        "DELETE FROM access_log",
    ] {
        let refused = app
            .db
            .execute(Statement::from_string(backend, statement))
            .await;
        assert!(
            refused.is_err(),
            "{statement} must be refused ({})",
            app.backend
        );
    }
    if app.backend == "postgres" {
        let refused = app
            .db
            .execute(Statement::from_string(backend, "TRUNCATE access_log"))
            .await;
        assert!(refused.is_err(), "TRUNCATE must be refused");
    }
    assert_eq!(entries(&app).await, before);
}
