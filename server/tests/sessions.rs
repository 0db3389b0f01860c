//! What a session costs a request: reading changes nothing in the database, health checks
//! and static files never look at the session, and the idle deadline still moves forward
//! for someone who keeps working.

mod common;

use app::server::entity::session;
use app::server::Settings;
use common::{accept_terms, create_org, TestApp, PASSWORD};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

fn writes(statements: &[String]) -> Vec<&String> {
    statements
        .iter()
        .filter(|sql| {
            let verb = sql.trim_start().to_ascii_uppercase();
            ["INSERT", "UPDATE", "DELETE"]
                .iter()
                .any(|w| verb.starts_with(w))
        })
        .collect()
}

fn sets_session_cookie(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().contains("koers_session="))
}

async fn the_session(app: &TestApp) -> session::Model {
    let mut rows = session::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1, "one signed-in session");
    rows.remove(0)
}

#[tokio::test]
async fn reading_writes_nothing_and_health_checks_and_files_never_load_the_session() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Lezen").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let before = the_session(&app).await;

    for path in [
        "/healthz",
        "/readyz",
        "/pkg/koers.js",
        "/icons/icon.svg",
        "/manifest.webmanifest",
    ] {
        app.statements.clear();
        coach.get(app.url(path)).send().await.unwrap();
        let statements = app.statements.take();
        let session_statements: Vec<_> = statements
            .iter()
            .filter(|sql| sql.contains("sessions"))
            .collect();
        assert!(
            session_statements.is_empty(),
            "{path} with a session cookie: {session_statements:?}"
        );
    }

    for path in ["/dashboard", "/clients", "/agenda", "/account"] {
        app.statements.clear();
        let response = coach.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            !sets_session_cookie(&response),
            "{path} sent the cookie again"
        );
        let statements = app.statements.take();
        assert!(writes(&statements).is_empty(), "{path}: {statements:?}");
    }
    app.statements.clear();
    let (status, _) = app.call(&coach, "/api/clients/list", "").await;
    assert_eq!(status, 200);
    let statements = app.statements.take();
    assert!(
        writes(&statements).is_empty(),
        "a read call: {statements:?}"
    );

    let after = the_session(&app).await;
    assert_eq!(after.expires_at, before.expires_at);
    assert_eq!(after.updated_at, before.updated_at);
    assert_eq!(after.data, before.data);
}

#[tokio::test]
async fn working_on_moves_the_idle_deadline_at_most_once_per_interval() {
    let app = TestApp::start_with(Settings {
        session_touch_interval: std::time::Duration::from_secs(1),
        ..Settings::default()
    })
    .await;
    let org = create_org(&app.db, "Doorwerken").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let signed_in = the_session(&app).await;

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let response = coach.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        sets_session_cookie(&response),
        "the browser's cookie lives on"
    );
    let moved = the_session(&app).await;
    assert!(
        moved.expires_at > signed_in.expires_at,
        "{} then {}",
        signed_in.expires_at,
        moved.expires_at
    );

    // Straight after: within the interval, nothing is written again.
    app.statements.clear();
    let response = coach.get(app.url("/dashboard")).send().await.unwrap();
    assert!(!sets_session_cookie(&response));
    let statements = app.statements.take();
    assert!(writes(&statements).is_empty(), "{statements:?}");
    assert_eq!(the_session(&app).await.expires_at, moved.expires_at);
}

#[tokio::test]
async fn a_session_past_its_idle_deadline_is_signed_out_and_not_brought_back() {
    let app = TestApp::start_with(Settings {
        session_touch_interval: std::time::Duration::ZERO,
        ..Settings::default()
    })
    .await;
    let org = create_org(&app.db, "Stilgevallen").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let mut idle = the_session(&app).await.into_active_model();
    idle.expires_at = Set(chrono::Utc::now() - chrono::Duration::seconds(1));
    idle.update(&app.db).await.unwrap();

    let (status, me) = app.call(&coach, "/api/auth/me", "").await;
    assert_eq!((status, me.as_str()), (200, "null"));
    let response = coach.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(response.status(), 303, "to the sign-in page");
    let rows = session::Entity::find().all(&app.db).await.unwrap();
    assert!(
        rows.iter().all(|r| r.expires_at < chrono::Utc::now()),
        "an expired session is not extended: {rows:?}"
    );
}

/// Makes the one session look as if its last activity was `minutes` ago.
async fn idle_for(app: &TestApp, minutes: i64) {
    let row = the_session(app).await;
    let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    let then = chrono::Utc::now() - chrono::Duration::minutes(minutes);
    data["touched_at"] = serde_json::Value::String(then.to_rfc3339());
    let mut active = row.into_active_model();
    active.data = Set(data.to_string());
    active.update(&app.db).await.unwrap();
}

fn touched_at(row: &session::Model) -> chrono::DateTime<chrono::Utc> {
    let data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    chrono::DateTime::parse_from_rfc3339(data["touched_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[tokio::test]
async fn a_session_unused_for_the_organizations_limit_ends_and_the_sign_in_page_says_why() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Inactief").await;
    accept_terms(&app.db, &org.coach).await;
    accept_terms(&app.db, &org.owner).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;

    // The installation's default is 30 minutes: 29 is fine, 31 is not.
    idle_for(&app, 29).await;
    let response = coach.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    idle_for(&app, 31).await;
    let (_, location, _) = app.page(&coach, "/dashboard").await;
    assert_eq!(location.as_deref(), Some("/login?ended=idle"));
    assert!(
        session::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .is_empty(),
        "the ended session is gone from the store"
    );
    let (status, _) = app.call(&coach, "/api/clients/list", "").await;
    assert_eq!(status, 401);
    let (_, _, page) = app.page(&coach, "/login?ended=idle").await;
    assert!(page.contains("omdat je een tijd niets in Koers hebt gedaan"));

    // The owner allows an hour: 31 minutes no longer end a session, 61 do.
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let (status, body) = app
        .call(&owner, "/api/security/idle_limit", "minutes=60")
        .await;
    assert_eq!(status, 200, "{body}");
    app.call(&owner, "/api/auth/logout", "").await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let (_, me) = app.call(&coach, "/api/auth/me", "").await;
    assert_eq!(
        common::json(&me)["idle_minutes"],
        60,
        "the browser warns by it"
    );
    idle_for(&app, 31).await;
    let (status, _) = app.call(&coach, "/api/clients/list", "").await;
    assert_eq!(status, 200);
    idle_for(&app, 61).await;
    let (status, _) = app.call(&coach, "/api/clients/list", "").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_request_that_asks_nobody_does_not_bring_an_idle_session_back() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Terughalen").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    idle_for(&app, 31).await;
    // The language switch never asks who is signed in; the session layer still runs.
    let response = coach.get(app.url("/language/en")).send().await.unwrap();
    assert!(response.status().is_redirection() || response.status().is_success());
    let response = coach.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(response.status(), 303, "still signed out");
}

#[tokio::test]
async fn stay_signed_in_starts_the_limit_again_at_once() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Blijven").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    idle_for(&app, 29).await;
    // Within the touch interval of the sign-in or not: the button moves the deadline now.
    let (status, body) = app.call(&coach, "/api/auth/stay", "").await;
    assert_eq!(status, 200, "{body}");
    let touched = touched_at(&the_session(&app).await);
    assert!(chrono::Utc::now() - touched < chrono::Duration::seconds(10));
    idle_for(&app, 20).await;
    let (status, _) = app.call(&coach, "/api/clients/list", "").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_inactivity_limit_is_whole_minutes_from_5_to_240_and_logged() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Grenzen").await;
    accept_terms(&app.db, &org.owner).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    for bad in ["4", "241", "drie", "", "7.5"] {
        let (status, body) = app
            .call(
                &owner,
                "/api/security/idle_limit",
                &format!("minutes={bad}"),
            )
            .await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert!(body.contains("IdleRange"), "{bad}: {body}");
    }
    for good in ["5", "240", " 45 "] {
        let (status, body) = app
            .call(
                &owner,
                "/api/security/idle_limit",
                &common::form(&[("minutes", good)]),
            )
            .await;
        assert_eq!(status, 200, "{good}: {body}");
    }
    let (_, settings) = app.call(&owner, "/api/security/settings", "").await;
    assert_eq!(common::json(&settings)["idle_minutes"], 45);
    let (_, log) = app
        .call(
            &owner,
            "/api/security/events",
            "person=&kind=idle_limit_changed",
        )
        .await;
    let log = common::json(&log);
    let events = log["events"].as_array().unwrap();
    assert_eq!(events.len(), 3, "{log}");
    assert_eq!(events[0]["detail"], "45");
}

#[tokio::test]
async fn a_session_ended_for_another_reason_is_not_called_idle() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Anderszins").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    // As a suspension or a password reset does: the stored session is gone.
    session::Entity::delete_many().exec(&app.db).await.unwrap();
    let (_, location, _) = app.page(&coach, "/dashboard").await;
    assert_eq!(location.as_deref(), Some("/login"));
}
