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
