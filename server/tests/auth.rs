//! Sign-in, sessions, throttling, consent and suspension, over real HTTP.

mod common;

use app::model::members::UserStatus;
use app::server::auth::OperatorContext;
use app::server::entity::{session, user};
use app::server::service::consent;
use app::server::Settings;
use app::types::Role;
use common::{accept_terms, create_org, create_user, form, TestApp, PASSWORD};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};

fn login_form(email: &str, password: &str) -> String {
    form(&[("email", email), ("password", password)])
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("koers_session=") || c.starts_with("__Host-koers_session="))
}

async fn raw_login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(login_form(email, password))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax_and_not_secure_over_http() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Cookie1").await;
    let response = raw_login(&app, &org.coach, PASSWORD).await;
    assert_eq!(response.status(), 200);
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn over_https_the_session_cookie_is_secure_and_hsts_is_sent() {
    let app = TestApp::start_with(Settings {
        secure_cookies: true,
        ..Settings::default()
    })
    .await;
    let org = create_org(&app.db, "Cookie2").await;
    let response = raw_login(&app, &org.coach, PASSWORD).await;
    let cookie = session_cookie(&response).expect("a session cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(response.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn signing_in_issues_a_new_session_id_and_the_old_one_stops_working() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Fixate").await;
    accept_terms(&app.db, &org.coach).await;
    let client = app.client();
    let first = client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(login_form(&org.coach, PASSWORD))
        .send()
        .await
        .unwrap();
    let first_cookie = session_cookie(&first).unwrap();
    // Signing in again from the same browser rotates the id.
    let second = client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(login_form(&org.owner, PASSWORD))
        .send()
        .await
        .unwrap();
    let second_cookie = session_cookie(&second).unwrap();
    let value = |c: &str| c.split(';').next().unwrap().to_string();
    assert_ne!(value(&first_cookie), value(&second_cookie));

    let replay = reqwest::Client::new()
        .post(app.url("/api/auth/me"))
        .header("cookie", value(&first_cookie))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(replay.text().await.unwrap(), "null");
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Logout").await;
    accept_terms(&app.db, &org.coach).await;
    let response = raw_login(&app, &org.coach, PASSWORD).await;
    let cookie = session_cookie(&response).unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let with_cookie = |path: &'static str| {
        reqwest::Client::new()
            .post(app.url(path))
            .header("cookie", cookie.clone())
            .header("accept", "application/json")
            .send()
    };
    let me = with_cookie("/api/auth/me")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(me.contains("coach Logout"), "{me}");
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 1);

    let out = with_cookie("/api/auth/logout").await.unwrap();
    assert_eq!(out.status(), 200);
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 0);
    // The browser might keep the old cookie; it is worth nothing now.
    let me = with_cookie("/api/auth/me")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(me, "null");
}

#[tokio::test]
async fn sessions_are_stored_by_hash_not_by_the_cookie_value() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Hashed").await;
    let response = raw_login(&app, &org.coach, PASSWORD).await;
    let cookie = session_cookie(&response).unwrap();
    let id = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("koers_session=");
    let rows = session::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].id_hash, id);
    assert_eq!(rows[0].id_hash.len(), 64);
    assert!(rows[0].user_id.is_some());
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Same").await;
    let wrong_password = raw_login(&app, &org.coach, "not-the-password-1").await;
    let unknown = raw_login(&app, "nobody@example.test", "not-the-password-1").await;
    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert_eq!(
        wrong_password.text().await.unwrap(),
        unknown.text().await.unwrap()
    );
}

#[tokio::test]
async fn empty_fields_are_named_in_the_answer() {
    let app = TestApp::start().await;
    let response = raw_login(&app, "", "").await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("\"email\"") && body.contains("\"password\""),
        "{body}"
    );
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while_even_for_the_right_password() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Locked").await;
    for _ in 0..5 {
        assert_eq!(
            raw_login(&app, &org.coach, "wrong-password-123")
                .await
                .status(),
            401
        );
    }
    let locked = raw_login(&app, &org.coach, PASSWORD).await;
    assert_eq!(locked.status(), 429);
    assert!(locked.text().await.unwrap().contains("RateLimited"));
    // Another account from the same address is not locked by this.
    assert_eq!(raw_login(&app, &org.owner, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn many_failures_from_one_address_lock_that_address() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Spray").await;
    // Different accounts each time: only the address limit can trip.
    for n in 0..20 {
        let email = format!("guess{n}@example.test");
        assert_eq!(
            raw_login(&app, &email, "wrong-password-123").await.status(),
            401
        );
    }
    assert_eq!(raw_login(&app, &org.owner, PASSWORD).await.status(), 429);
}

#[tokio::test]
async fn a_suspended_user_cannot_sign_in_and_their_open_session_stops_at_once() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Paused").await;
    accept_terms(&app.db, &org.coach).await;
    let client = app.sign_in(&org.coach, PASSWORD).await;
    assert_eq!(app.call(&client, "/api/dashboard/summary", "").await.0, 200);

    let coach = user::Entity::find()
        .filter(user::Column::Email.eq(&org.coach))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut active = coach.into_active_model();
    active.status = Set(UserStatus::Suspended);
    active.update(&app.db).await.unwrap();

    assert_eq!(app.call(&client, "/api/dashboard/summary", "").await.0, 401);
    let (status, location, _) = app.page(&client, "/dashboard").await;
    assert_eq!((status, location.as_deref()), (303, Some("/login")));
    let (status, body) = app
        .call(
            &app.client(),
            "/api/auth/login",
            &login_form(&org.coach, PASSWORD),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("AccountSuspended"));
}

#[tokio::test]
async fn a_new_terms_version_must_be_accepted_again_before_anything_works() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Terms").await;
    accept_terms(&app.db, &org.coach).await;
    let client = app.sign_in(&org.coach, PASSWORD).await;
    assert_eq!(app.call(&client, "/api/dashboard/summary", "").await.0, 200);

    let version = consent::publish(
        &app.db,
        &OperatorContext::installation(),
        consent::TermsTexts::bundled(),
    )
    .await
    .unwrap();
    assert_eq!(version, 2);

    let (status, body) = app.call(&client, "/api/dashboard/summary", "").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("ConsentRequired"));
    let (status, location, _) = app.page(&client, "/dashboard").await;
    assert_eq!((status, location.as_deref()), (303, Some("/consent")));

    // Accepting the old version is refused; the current one works.
    let (status, body) = app
        .call(&client, "/api/consent/accept", "version=1&agree=yes")
        .await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = app.call(&client, "/api/consent/accept", "version=2").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("MustAgree"));
    let (status, _) = app
        .call(&client, "/api/consent/accept", "version=2&agree=yes")
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.call(&client, "/api/dashboard/summary", "").await.0, 200);

    // The acceptance is recorded with its version and time.
    let recorded = app::server::entity::consent::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(recorded.len(), 2);
}

#[tokio::test]
async fn without_javascript_a_form_sign_in_redirects_to_consent_and_an_error_comes_back_to_the_form(
) {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "NoScript").await;
    let client = app.client();
    let form_post = |body: String| {
        client
            .post(app.url("/api/auth/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .header("referer", app.url("/login"))
            .body(body)
            .send()
    };
    let wrong = form_post(login_form(&org.coach, "wrong-password-123"))
        .await
        .unwrap();
    assert_eq!(wrong.status(), 302);
    let back = wrong.headers()["location"].to_str().unwrap().to_string();
    assert!(
        back.contains("/login?") && back.contains("__err="),
        "{back}"
    );
    // The login page shows the message, rendered on the server.
    let (_, _, page) = app.page(&client, back.trim_start_matches(&app.base)).await;
    assert!(page.contains("Het e-mailadres of het wachtwoord klopt niet."));

    let right = form_post(login_form(&org.coach, PASSWORD)).await.unwrap();
    assert_eq!(right.status(), 302);
    assert_eq!(right.headers()["location"], "/consent");
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let app = TestApp::start().await;
    let response = reqwest::get(app.url("/login")).await.unwrap();
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    let csp = header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'nonce-"), "{csp}");
    assert!(
        !csp.contains("'unsafe-eval'") && !csp.contains("'unsafe-inline'"),
        "{csp}"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "same-origin");
    assert_eq!(header("cache-control"), "no-store");
    assert!(response.headers().contains_key("x-request-id"));
    // The nonce in the header is the one on the page's scripts, and it changes per response.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_string();
    let body = response.text().await.unwrap();
    assert!(body.contains(&format!("nonce=\"{nonce}\"")));
    let again = reqwest::get(app.url("/login")).await.unwrap();
    assert!(!again.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains(&nonce));
}

#[tokio::test]
async fn health_and_readiness_answer_with_json() {
    let app = TestApp::start().await;
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.unwrap(), r#"{"status":"ok"}"#);
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["migrations"], "current");
}

#[tokio::test]
async fn the_landing_page_is_rendered_on_the_server_in_dutch_and_english() {
    let app = TestApp::start().await;
    let (status, _, body) = app.page(&app.client(), "/").await;
    assert_eq!(status, 200);
    assert!(body.contains("<html lang=\"nl\""));
    assert!(body.contains("Koers: het online dossier voor coachingspraktijken"));

    let client = app.client();
    let switch = client
        .get(app.url("/language/en?next=/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(switch.status(), 303);
    assert_eq!(switch.headers()["location"], "/login");
    let (_, _, body) = app.page(&client, "/login").await;
    assert!(body.contains("<html lang=\"en\""));
    assert!(body.contains("Sign in"));
}

#[tokio::test]
async fn the_language_switch_never_redirects_off_site() {
    let app = TestApp::start().await;
    for next in [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let response = app
            .client()
            .get(app.url(&format!("/language/en?next={}", next)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["location"], "/", "{next}");
    }
    let unknown = app
        .client()
        .get(app.url("/language/fr"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn an_unknown_page_is_a_404_with_the_not_found_page() {
    let app = TestApp::start().await;
    let (status, _, body) = app.page(&app.client(), "/bestaat/niet").await;
    assert_eq!(status, 404);
    assert!(body.contains("Pagina niet gevonden"));
}

#[tokio::test]
async fn the_operator_console_lists_organizations_with_seats_but_no_people() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Seats").await;
    create_user(&app.db, None, Role::Operator, "op@example.test", "Op").await;
    accept_terms(&app.db, "op@example.test").await;
    let client = app.sign_in("op@example.test", PASSWORD).await;
    let (status, body) = app.call(&client, "/api/operator/organizations", "").await;
    assert_eq!(status, 200);
    let rows: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(rows[0]["name"], org.name);
    // The owner coaches too, so owner and coach take two coach seats.
    assert_eq!(rows[0]["coaches_used"], 2);
    assert_eq!(rows[0]["clients_used"], 1);
    assert_eq!(rows[0]["clients_limit"], 15);
    assert!(!body.contains(&org.client) && !body.contains("client Seats"));
}

/// A new session whose random id happens to be taken draws another id, and the session that
/// holds it is left as it was: nobody is signed in as somebody else by chance.
#[tokio::test]
async fn a_new_session_never_takes_over_a_stored_one() {
    use app::server::auth::session_store::{hash_id, DbSessionStore};
    use tower_sessions::session::{Id, Record};
    use tower_sessions::session_store::SessionStore;

    let app = TestApp::start().await;
    let store = DbSessionStore::new(app.db.clone());
    let expiry = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let mut first = Record {
        id: Id::default(),
        data: [("device".to_string(), serde_json::json!("laptop"))].into(),
        expiry_date: expiry,
    };
    store.create(&mut first).await.unwrap();
    let taken = first.id;

    let mut second = Record {
        id: taken,
        data: [("device".to_string(), serde_json::json!("tablet"))].into(),
        expiry_date: expiry,
    };
    store.create(&mut second).await.unwrap();
    assert_ne!(second.id, taken, "the second session drew a fresh id");
    let kept = store
        .load(&taken)
        .await
        .unwrap()
        .expect("first session kept");
    assert_eq!(kept.data["device"], "laptop");
    let own = store
        .load(&second.id)
        .await
        .unwrap()
        .expect("second stored");
    assert_eq!(own.data["device"], "tablet");
    let rows = session::Entity::find()
        .filter(session::Column::IdHash.is_in([hash_id(&taken), hash_id(&second.id)]))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(rows, 2);
}
