//! People's own account: password reset, e-mail change, password change, sessions,
//! profile. Over real HTTP, with mail read from the outbox.

mod common;

use common::{accept_terms, create_org, form, link_in_outbox, TestApp, PASSWORD};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const NEW_PASSWORD: &str = "Heidebloem-Sluis-Kano-74";

fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_string()
}

async fn mails_to(app: &TestApp, to: &str) -> u64 {
    use app::server::entity::outbox;
    outbox::Entity::find()
        .filter(outbox::Column::ToAddress.eq(to))
        .count(&app.db)
        .await
        .unwrap()
}

async fn member(app: &TestApp, marker: &str) -> (common::Org, reqwest::Client) {
    let org = create_org(&app.db, marker).await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    (org, coach)
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_a_single_use_link() {
    let app = TestApp::start().await;
    let (org, old_session) = member(&app, "Reset").await;
    let visitor = app.client();

    // Unknown addresses get the same answer and no mail.
    let (status, _) = app
        .call(
            &visitor,
            "/api/password/forgot",
            "email=niemand%40example.test",
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(mails_to(&app, "niemand@example.test").await, 0);

    let (status, _) = app
        .call(
            &visitor,
            "/api/password/forgot",
            &form(&[("email", &org.coach)]),
        )
        .await;
    assert_eq!(status, 200);
    let link = link_in_outbox(&app.db, &org.coach).await;
    assert!(link.contains("/reset/"), "{link}");
    let token = token_of(&link);
    let (status, email) = app
        .call(
            &visitor,
            "/api/password/reset_link",
            &form(&[("token", &token)]),
        )
        .await;
    assert_eq!((status, email), (200, format!("\"{}\"", org.coach)));

    let (status, body) = app
        .call(
            &visitor,
            "/api/password/reset",
            &form(&[("token", &token), ("password", "kort")]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("PasswordTooShort"), "{body}");
    let (status, _) = app
        .call(
            &visitor,
            "/api/password/reset",
            &form(&[("token", &token), ("password", NEW_PASSWORD)]),
        )
        .await;
    assert_eq!(status, 200);

    // Whoever was signed in is out; only the new password works.
    assert_eq!(
        app.call(&old_session, "/api/account/profile", "").await.0,
        401
    );
    let (status, _) = app
        .call(
            &app.client(),
            "/api/auth/login",
            &form(&[("email", &org.coach), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(status, 401);
    app.sign_in(&org.coach, NEW_PASSWORD).await;

    // The link works once.
    let (status, body) = app
        .call(
            &visitor,
            "/api/password/reset",
            &form(&[
                ("token", &token),
                ("password", "Nog-Een-Ander-Wachtwoord-1"),
            ]),
        )
        .await;
    assert_eq!(status, 410);
    assert!(body.contains("Used"), "{body}");
    let (_, _, page) = app.page(&visitor, &format!("/reset/{token}")).await;
    assert!(
        page.contains("Deze link is al gebruikt"),
        "a clear message on the page"
    );

    // And for one hour.
    app.call(
        &visitor,
        "/api/password/forgot",
        &form(&[("email", &org.coach)]),
    )
    .await;
    let late = token_of(&link_in_outbox(&app.db, &org.coach).await);
    app.clock.advance(chrono::Duration::minutes(61));
    let (status, body) = app
        .call(
            &visitor,
            "/api/password/reset",
            &form(&[("token", &late), ("password", "Nog-Een-Ander-Wachtwoord-1")]),
        )
        .await;
    assert_eq!(status, 410);
    assert!(body.contains("Expired"), "{body}");
    let (_, _, page) = app.page(&visitor, &format!("/reset/{late}")).await;
    assert!(
        page.contains("Deze link is verlopen"),
        "a clear message on the page"
    );
}

#[tokio::test]
async fn reset_mail_to_one_account_is_limited() {
    let app = TestApp::start().await;
    let (org, _) = member(&app, "Flood").await;
    for _ in 0..5 {
        let (status, _) = app
            .call(
                &app.client(),
                "/api/password/forgot",
                &form(&[("email", &org.coach)]),
            )
            .await;
        assert_eq!(status, 200, "the answer never changes");
    }
    assert_eq!(
        mails_to(&app, &org.coach).await,
        app::server::service::password_reset::MAX_PER_ACCOUNT
    );
}

#[tokio::test]
async fn a_new_email_address_counts_only_once_confirmed_from_that_mailbox() {
    let app = TestApp::start().await;
    let (org, coach) = member(&app, "Adres").await;
    let change =
        |email: &str, password: &str| form(&[("email", email), ("current_password", password)]);

    let (status, body) = app
        .call(
            &coach,
            "/api/account/change_email",
            &change("nieuw@example.test", "fout-wachtwoord"),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("PasswordWrong"), "{body}");
    // An address that has an account is answered like any other (whether it has one is
    // never shown, see tests/security.rs); that address gets a mail without a link.
    let (status, body) = app
        .call(
            &coach,
            "/api/account/change_email",
            &change(&org.owner, PASSWORD),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let told = app::server::entity::outbox::Entity::find()
        .filter(app::server::entity::outbox::Column::ToAddress.eq(org.owner.as_str()))
        .all(&app.db)
        .await
        .unwrap();
    assert!(told.iter().all(|m| !m.body.contains("/account/email/")));

    let (status, _) = app
        .call(
            &coach,
            "/api/account/change_email",
            &change("Nieuw@Example.test", PASSWORD),
        )
        .await;
    assert_eq!(status, 200);
    // The old address is told of each request; nothing changed yet.
    assert_eq!(mails_to(&app, &org.coach).await, 2);
    let (_, profile) = app.call(&coach, "/api/account/profile", "").await;
    let profile: serde_json::Value = serde_json::from_str(&profile).unwrap();
    assert_eq!(profile["email"], org.coach.as_str());
    assert_eq!(profile["pending_email"], "nieuw@example.test");

    let token = token_of(&link_in_outbox(&app.db, "nieuw@example.test").await);
    let visitor = app.client();
    let (status, body) = app
        .call(
            &visitor,
            "/api/account/email_link",
            &form(&[("token", &token)]),
        )
        .await;
    assert_eq!((status, body.as_str()), (200, "\"nieuw@example.test\""));
    let (_, _, page) = app.page(&visitor, &format!("/account/email/{token}")).await;
    assert!(
        page.contains("nieuw@example.test"),
        "the page names the new address"
    );
    let (status, _) = app
        .call(
            &visitor,
            "/api/account/confirm_email",
            &form(&[("token", &token)]),
        )
        .await;
    assert_eq!(status, 200);

    app.sign_in("nieuw@example.test", PASSWORD).await;
    let (status, _) = app
        .call(
            &app.client(),
            "/api/auth/login",
            &form(&[("email", &org.coach), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(status, 401, "the old address no longer signs in");
    let (status, body) = app
        .call(
            &visitor,
            "/api/account/confirm_email",
            &form(&[("token", &token)]),
        )
        .await;
    assert_eq!(status, 410);
    assert!(body.contains("Used"), "{body}");
}

#[tokio::test]
async fn changing_the_password_asks_the_current_one_and_ends_other_sessions() {
    let app = TestApp::start().await;
    let (org, here) = member(&app, "Wacht").await;
    let elsewhere = app.sign_in(&org.coach, PASSWORD).await;
    let change =
        |current: &str, new: &str| form(&[("current_password", current), ("password", new)]);
    let (status, body) = app
        .call(
            &here,
            "/api/account/change_password",
            &change("fout-wachtwoord-123", NEW_PASSWORD),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("PasswordWrong"), "{body}");
    let (status, body) = app
        .call(
            &here,
            "/api/account/change_password",
            &change(PASSWORD, "wachtwoord123"),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("PasswordCommon") || body.contains("PasswordTooShort"),
        "{body}"
    );

    let (status, _) = app
        .call(
            &here,
            "/api/account/change_password",
            &change(PASSWORD, NEW_PASSWORD),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.call(&here, "/api/account/profile", "").await.0,
        200,
        "this session stays"
    );
    assert_eq!(
        app.call(&elsewhere, "/api/account/profile", "").await.0,
        401,
        "others end"
    );
    app.sign_in(&org.coach, NEW_PASSWORD).await;
}

#[tokio::test]
async fn people_see_their_sessions_and_sign_out_the_others() {
    let app = TestApp::start().await;
    let (org, here) = member(&app, "Sessie").await;
    let phone = app.client();
    let response = phone
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("user-agent", "Testtelefoon/1.0")
        .body(form(&[("email", &org.coach), ("password", PASSWORD)]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    let (status, body) = app.call(&here, "/api/account/sessions", "").await;
    assert_eq!(status, 200);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(rows.len(), 2, "{body}");
    assert_eq!(rows.iter().filter(|r| r["current"] == true).count(), 1);
    assert!(
        rows.iter().any(|r| r["device"] == "Testtelefoon/1.0"),
        "{body}"
    );
    assert!(
        !body.contains("id_hash") && !body.contains("user_id"),
        "{body}"
    );

    let (status, ended) = app.call(&here, "/api/account/sign_out_others", "").await;
    assert_eq!((status, ended.as_str()), (200, "1"));
    assert_eq!(app.call(&phone, "/api/account/profile", "").await.0, 401);
    let (_, body) = app.call(&here, "/api/account/sessions", "").await;
    let rows: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(rows.len(), 1);
}

#[tokio::test]
async fn the_profile_keeps_name_and_language() {
    let app = TestApp::start().await;
    let (_, coach) = member(&app, "Profiel").await;
    let (status, body) = app
        .call(&coach, "/api/account/update", "name=+&language=nl")
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("Required"), "{body}");

    let response = coach
        .post(app.url("/api/account/update"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body("name=Coach+Anders&language=en")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(cookie.contains("i18n_pref_locale=en"), "{cookie}");
    let (_, profile) = app.call(&coach, "/api/account/profile", "").await;
    assert!(
        profile.contains("Coach Anders") && profile.contains("\"language\":\"en\""),
        "{profile}"
    );
}
