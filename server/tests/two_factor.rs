//! Two-step verification over real HTTP: setting it up, signing in with a code (once), the
//! half-signed-in state, recovery codes, throttling, and the organization's rule that makes
//! it mandatory, in every way a member can end up without a factor.

mod common;

use app::server::auth::totp;
use app::server::Settings;
use common::*;
use sea_orm::ConnectionTrait;

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The person's authenticator app: the secret read off the page, and codes of ever later
/// steps (Koers accepts each step once, and the one before and after the current step).
struct Authenticator {
    secret: Vec<u8>,
    next_step: u64,
}

impl Authenticator {
    fn from_page_text(text: &str) -> Authenticator {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let secret = totp::Secret::from_base32(&compact).expect("the page shows base32");
        Authenticator {
            secret: secret.as_bytes().to_vec(),
            next_step: 0,
        }
    }

    /// A code Koers has not seen yet; waits for the clock when all three steps it would
    /// take now are used.
    async fn next_code(&mut self) -> String {
        let now = unix_now() / totp::STEP_SECONDS;
        let step = self.next_step.max(now - 1);
        if step > now + 1 {
            let wait = (step - 1) * totp::STEP_SECONDS + 1 - unix_now();
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
        }
        self.next_step = step + 1;
        totp::code_at(&self.secret, step * totp::STEP_SECONDS, totp::DIGITS)
    }

    /// The code of a step already used.
    fn used_code(&self) -> String {
        totp::code_at(
            &self.secret,
            (self.next_step - 1) * totp::STEP_SECONDS,
            totp::DIGITS,
        )
    }
}

async fn status(app: &TestApp, client: &reqwest::Client) -> serde_json::Value {
    let (code, body) = app.call(client, "/api/security/two_factor", "").await;
    assert_eq!(code, 200, "{body}");
    json(&body)
}

/// Sets up two-step verification for a signed-in person as the page does; returns their
/// app and the recovery codes shown.
async fn enrol(app: &TestApp, client: &reqwest::Client) -> (Authenticator, Vec<String>) {
    let (code, body) = app.call(client, "/api/security/two_factor_start", "").await;
    assert_eq!(code, 200, "{body}");
    let shown = status(app, client).await;
    assert_eq!(shown["enabled"], false);
    assert!(shown["enrolment"]["qr_svg"]
        .as_str()
        .unwrap()
        .starts_with("<svg"));
    let mut phone = Authenticator::from_page_text(shown["enrolment"]["secret"].as_str().unwrap());
    let typed = phone.next_code().await;
    let (code, body) = app
        .call(
            client,
            "/api/security/two_factor_confirm",
            &form(&[("code", &typed)]),
        )
        .await;
    assert_eq!(code, 200, "{body}");
    let shown = status(app, client).await;
    assert_eq!(shown["enabled"], true);
    let codes: Vec<String> = shown["fresh_recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    let (code, _) = app.call(client, "/api/security/codes_saved", "").await;
    assert_eq!(code, 200);
    assert!(status(app, client).await["fresh_recovery_codes"]
        .as_array()
        .unwrap()
        .is_empty());
    (phone, codes)
}

/// Password, then code: returns the client and the status of the code step.
async fn sign_in_with(app: &TestApp, email: &str, code: &str) -> (reqwest::Client, u16, String) {
    let client = app.client();
    let response = client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(form(&[("email", email), ("password", PASSWORD)]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap()),
        Some("/login/code"),
        "a correct password leads to the code, not in"
    );
    let (status, body) = app
        .call(&client, "/api/auth/code", &form(&[("code", code)]))
        .await;
    (client, status, body)
}

/// Removes the signed-in person's own factor with their password and `code`.
async fn remove_factor(app: &TestApp, client: &reqwest::Client, code: &str) {
    let (status, body) = app
        .call(
            client,
            "/api/security/two_factor_remove",
            &form(&[("current_password", PASSWORD), ("code", code)]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn dashboard(app: &TestApp, client: &reqwest::Client) -> u16 {
    app.call(client, "/api/dashboard/summary", "").await.0
}

async fn signed_in_coach(app: &TestApp, org: &Org) -> reqwest::Client {
    accept_terms(&app.db, &org.coach).await;
    app.sign_in(&org.coach, PASSWORD).await
}

#[tokio::test]
async fn a_code_signs_in_once_and_the_half_signed_in_session_can_do_nothing_else() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Stap").await;
    let coach = signed_in_coach(&app, &org).await;
    let (mut phone, _) = enrol(&app, &coach).await;
    app.call(&coach, "/api/auth/logout", "").await;

    // Password right: half signed in, which reaches nothing.
    let half = app.sign_in(&org.coach, PASSWORD).await;
    assert_eq!(dashboard(&app, &half).await, 401);
    let (status, location, _) = app.page(&half, "/dashboard").await;
    assert_eq!((status, location.as_deref()), (303, Some("/login")));
    let (status, _) = app.call(&half, "/api/security/two_factor", "").await;
    assert_eq!(status, 401, "not even the set-up page's data");
    let (status, _, _) = app.page(&half, "/login/code").await;
    assert_eq!(status, 200);

    // A wrong code is refused next to the field; the right one signs in.
    let (status, body) = app
        .call(&half, "/api/auth/code", &form(&[("code", "000000")]))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("CodeWrong"), "{body}");
    let code = phone.next_code().await;
    let (status, body) = app
        .call(&half, "/api/auth/code", &form(&[("code", &code)]))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(dashboard(&app, &half).await, 200);

    // The same code again, in a new sign-in: refused, as if wrong.
    let (other, status, body) = sign_in_with(&app, &org.coach, &phone.used_code()).await;
    assert_eq!(status, 422, "a code works once: {body}");
    assert_eq!(dashboard(&app, &other).await, 401);

    // Without a password step first there is nothing to confirm.
    let stranger = app.client();
    let code = phone.next_code().await;
    let (status, body) = app
        .call(&stranger, "/api/auth/code", &form(&[("code", &code)]))
        .await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("SecondStepExpired"), "{body}");
}

#[tokio::test]
async fn a_recovery_code_works_once_and_wrong_codes_are_throttled_like_passwords() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Herstel").await;
    let coach = signed_in_coach(&app, &org).await;
    let (mut phone, codes) = enrol(&app, &coach).await;

    let typed = codes[3].to_uppercase().replace('-', " ");
    let (client, status, body) = sign_in_with(&app, &org.coach, &typed).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(dashboard(&app, &client).await, 200);
    let (_, status, _) = sign_in_with(&app, &org.coach, &codes[3]).await;
    assert_eq!(status, 422, "a recovery code works once");
    assert_eq!(status_of_codes_left(&app, &client).await, 9);

    // The used recovery code above was one wrong code; four more make five, and then even
    // the right code waits: wrong codes count with wrong passwords, under the same limit.
    let (half, _, _) = sign_in_with(&app, &org.coach, "111111").await;
    for _ in 0..3 {
        let (status, _) = app
            .call(&half, "/api/auth/code", &form(&[("code", "222222")]))
            .await;
        assert_eq!(status, 422);
    }
    let code = phone.next_code().await;
    let (status, body) = app
        .call(&half, "/api/auth/code", &form(&[("code", &code)]))
        .await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(dashboard(&app, &half).await, 401);
    let (status, _) = app
        .call(
            &half,
            "/api/auth/login",
            &form(&[("email", &org.coach), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(
        status, 429,
        "nor does a right password reset the count of wrong codes"
    );
}

async fn status_of_codes_left(app: &TestApp, client: &reqwest::Client) -> u64 {
    status(app, client).await["recovery_codes_left"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn removing_the_factor_needs_password_and_code() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Weg").await;
    let coach = signed_in_coach(&app, &org).await;
    let (mut phone, _) = enrol(&app, &coach).await;
    let code = phone.next_code().await;
    for (password, code, field) in [
        ("not-the-password", code.as_str(), "current_password"),
        (PASSWORD, "123456", "code"),
    ] {
        let (status, body) = app
            .call(
                &coach,
                "/api/security/two_factor_remove",
                &form(&[("current_password", password), ("code", code)]),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(field), "{body}");
    }
    assert_eq!(status(&app, &coach).await["enabled"], true);
    let code = phone.next_code().await;
    remove_factor(&app, &coach, &code).await;
    app.call(&coach, "/api/auth/logout", "").await;
    // Password alone again.
    let again = app.sign_in(&org.coach, PASSWORD).await;
    assert_eq!(dashboard(&app, &again).await, 200);
}

/// Asserts that `client` reaches nothing but the set-up of two-step verification: server
/// functions, pages and file routes, whatever the browser would have shown.
async fn sent_to_enrol(app: &TestApp, client: &reqwest::Client, what: &str) {
    let (status, body) = app.call(client, "/api/dashboard/summary", "").await;
    assert_eq!(status, 403, "{what}: {body}");
    assert!(body.contains("TwoFactorRequired"), "{what}: {body}");
    let (status, _) = app.call(client, "/api/clients/list", "q=").await;
    assert_eq!(status, 403, "{what}");
    let (status, _) = app
        .call(client, "/api/account/update", "name=Anders&language=nl")
        .await;
    assert_eq!(status, 403, "{what}: not even the account");
    for page in ["/dashboard", "/clients", "/account", "/consent"] {
        let (status, location, _) = app.page(client, page).await;
        assert_eq!(
            (status, location.as_deref()),
            (303, Some("/account/two-factor")),
            "{what}: {page}"
        );
    }
    let (status, location) = app.upload(client, None, "cv.pdf", PDF.to_vec()).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/account/two-factor"),
        "{what}: file routes too"
    );
    assert!(app.stored_files().is_empty(), "{what}: nothing was stored");
    let (status, _, _) = app.page(client, "/account/two-factor").await;
    assert_eq!(status, 200, "{what}");
    assert_eq!(status_json_ok(app, client).await, 200, "{what}");
}

async fn status_json_ok(app: &TestApp, client: &reqwest::Client) -> u16 {
    app.call(client, "/api/security/two_factor", "").await.0
}

async fn require_two_factor(app: &TestApp, owner: &reqwest::Client) {
    let (status, body) = app
        .call(owner, "/api/security/two_factor_rule", "rule=required")
        .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn switched_on_while_signed_in_a_coach_without_a_factor_must_enrol_before_anything_else() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Plicht").await;
    accept_terms(&app.db, &org.owner).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let coach = signed_in_coach(&app, &org).await;
    assert_eq!(dashboard(&app, &coach).await, 200);

    // The owner cannot lock themselves out.
    let (status, body) = app
        .call(&owner, "/api/security/two_factor_rule", "rule=required")
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("OwnFactorFirst"), "{body}");
    enrol(&app, &owner).await;
    require_two_factor(&app, &owner).await;
    assert_eq!(dashboard(&app, &owner).await, 200, "the owner has a factor");

    // The coach's very next request, whatever it asks for.
    sent_to_enrol(&app, &coach, "switched on while signed in").await;
    enrol(&app, &coach).await;
    assert_eq!(dashboard(&app, &coach).await, 200);

    let (_, body) = app.call(&owner, "/api/security/settings", "").await;
    let settings = json(&body);
    assert_eq!(settings["two_factor_required"], true);
    assert!(settings["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] != "Client")
        .all(|m| m["enabled"] == true));
}

#[tokio::test]
async fn removing_it_oneself_or_an_owner_resetting_it_never_leaves_a_member_in_without_one() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Reset").await;
    accept_terms(&app.db, &org.owner).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    enrol(&app, &owner).await;
    let coach = signed_in_coach(&app, &org).await;
    let (mut phone, _) = enrol(&app, &coach).await;
    require_two_factor(&app, &owner).await;
    assert_eq!(dashboard(&app, &coach).await, 200);

    // The member removes their own factor: their session must set one up again at once.
    let code = phone.next_code().await;
    remove_factor(&app, &coach, &code).await;
    sent_to_enrol(&app, &coach, "removed by the member").await;
    enrol(&app, &coach).await;

    // An owner resets it (a lost phone): the same, in the coach's running session and at
    // their next sign-in, which then needs the password only to get to the set-up.
    let coach_id = user_id(&app.db, &org.coach).await;
    let (status, body) = app
        .call(
            &owner,
            "/api/security/reset_member",
            &format!("id={coach_id}"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    sent_to_enrol(&app, &coach, "reset by the owner").await;
    let fresh = app.sign_in(&org.coach, PASSWORD).await;
    sent_to_enrol(&app, &fresh, "signed in after the reset").await;

    // Logged, with the owner as the one who did it.
    let owner_id = user_id(&app.db, &org.owner).await;
    let rows = app
        .db
        .query_all(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            format!(
                "SELECT actor_id FROM security_events WHERE kind = 'two_factor_reset' AND user_id = {coach_id}"
            ),
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].try_get::<Option<i32>>("", "actor_id").unwrap(),
        Some(owner_id)
    );
}

#[tokio::test]
async fn a_password_reset_never_skips_the_second_step() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Vergeten").await;
    let coach = signed_in_coach(&app, &org).await;
    let (mut phone, _) = enrol(&app, &coach).await;
    let anonymous = app.client();
    let (status, _) = app
        .call(
            &anonymous,
            "/api/password/forgot",
            &form(&[("email", &org.coach)]),
        )
        .await;
    assert_eq!(status, 200);
    let link = link_in_outbox(&app.db, &org.coach).await;
    let token = link.rsplit('/').next().unwrap().to_string();
    let new_password = "Vuurtoren-Haring-Molen-58";
    let (status, body) = app
        .call(
            &anonymous,
            "/api/password/reset",
            &form(&[("token", &token), ("password", new_password)]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        dashboard(&app, &anonymous).await,
        401,
        "a reset signs nobody in"
    );

    let half = app.client();
    let (status, _) = app
        .call(
            &half,
            "/api/auth/login",
            &form(&[("email", &org.coach), ("password", new_password)]),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        dashboard(&app, &half).await,
        401,
        "the new password alone is not enough"
    );
    let code = phone.next_code().await;
    let (status, _) = app
        .call(&half, "/api/auth/code", &form(&[("code", &code)]))
        .await;
    assert_eq!(status, 200);
    assert_eq!(dashboard(&app, &half).await, 200);
    // The reset is in the log, and the sign-in in the person's own list.
    let (_, body) = app.call(&half, "/api/security/my_sign_ins", "").await;
    assert!(body.contains("signed_in"), "{body}");
    let resets = app
        .db
        .query_all(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT id FROM security_events WHERE kind = 'password_reset'",
        ))
        .await
        .unwrap();
    assert_eq!(resets.len(), 1);
}

#[tokio::test]
async fn operators_must_enrol_when_the_installation_requires_it() {
    let app = TestApp::start_with(Settings {
        operator_two_factor: true,
        ..Settings::default()
    })
    .await;
    let email = "beheer@example.test";
    create_user(&app.db, None, app::types::Role::Operator, email, "Beheer").await;
    accept_terms(&app.db, email).await;
    let operator = app.sign_in(email, PASSWORD).await;
    let (status, body) = app.call(&operator, "/api/operator/organizations", "").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("TwoFactorRequired"), "{body}");
    let (status, location, _) = app.page(&operator, "/operator").await;
    assert_eq!(
        (status, location.as_deref()),
        (303, Some("/account/two-factor"))
    );
    enrol(&app, &operator).await;
    let (status, _) = app.call(&operator, "/api/operator/organizations", "").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_security_event_log_is_append_only_in_the_database_itself() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Logboek").await;
    accept_terms(&app.db, &org.coach).await;
    app.sign_in(&org.coach, PASSWORD).await;
    let wrong = app.client();
    let (status, _) = app
        .call(
            &wrong,
            "/api/auth/login",
            &form(&[("email", &org.coach), ("password", "Verkeerd-wachtwoord-1")]),
        )
        .await;
    assert_eq!(status, 401);
    let backend = app.db.get_database_backend();
    let kinds: Vec<String> = app
        .db
        .query_all(sea_orm::Statement::from_string(
            backend,
            "SELECT kind FROM security_events ORDER BY id",
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "kind").unwrap())
        .collect();
    assert_eq!(kinds, ["signed_in", "sign_in_failed"]);
    for statement in [
        "UPDATE security_events SET kind = 'signed_in'",
        "DELETE FROM security_events",
    ] {
        let refused = app
            .db
            .execute(sea_orm::Statement::from_string(backend, statement))
            .await;
        assert!(refused.is_err(), "{statement} must be refused");
    }
    let count = app
        .db
        .query_one(sea_orm::Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM security_events",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(count, 2);
}

#[tokio::test]
async fn owners_read_their_organizations_security_events_and_everyone_their_own_sign_ins() {
    let app = TestApp::start().await;
    let a = create_org_with_licence(&app.db, "Gebeurt", "extended").await;
    let b = create_org(&app.db, "Elders").await;
    for email in [&a.owner, &a.coach, &b.owner] {
        accept_terms(&app.db, email).await;
    }
    let stranger = app.client();
    let (status, _) = app
        .call(
            &stranger,
            "/api/auth/login",
            &form(&[("email", &a.coach), ("password", "Verkeerd-Gokje-123")]),
        )
        .await;
    assert_eq!(status, 401);
    app.sign_in(&a.coach, PASSWORD).await;
    let owner = app.sign_in(&a.owner, PASSWORD).await;
    app.sign_in(&b.owner, PASSWORD).await;
    let coach_id = user_id(&app.db, &a.coach).await;
    for suspend in ["true", "false"] {
        let (status, body) = app
            .call(
                &owner,
                "/api/members/suspend",
                &format!("id={coach_id}&suspend={suspend}"),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    let (status, body) = app
        .call(
            &owner,
            "/api/security/events",
            &format!("person={coach_id}&kind="),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let log = json(&body);
    let kinds: Vec<&str> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["suspended", "suspended", "signed_in", "sign_in_failed"]
    );
    let newest = &log["events"][0];
    assert_eq!(newest["person"], "coach Gebeurt");
    assert_eq!(newest["by"], "Eigenaar Gebeurt");
    assert_eq!(newest["address"], "127.0.0.1");
    // Dates as people read them, never ISO.
    let at = newest["at"].as_str().unwrap();
    assert!(!at.contains('-') && at.contains(' '), "{at}");
    assert!(
        !body.contains("Elders"),
        "nothing of another organization: {body}"
    );

    let (_, body) = app
        .call(
            &owner,
            "/api/security/events",
            "person=&kind=sign_in_failed",
        )
        .await;
    let failures = json(&body)["events"].as_array().unwrap().len();
    assert_eq!(failures, 1);
    let (status, body) = app
        .call(&owner, "/api/security/events", "person=iemand&kind=")
        .await;
    assert_eq!(status, 422, "{body}");

    // A coach reads no one's log but their own sign-ins, the stranger's attempt included.
    let coach = app.sign_in(&a.coach, PASSWORD).await;
    let (status, _) = app
        .call(&coach, "/api/security/events", "person=&kind=")
        .await;
    assert_eq!(status, 403);
    let (status, body) = app.call(&coach, "/api/security/my_sign_ins", "").await;
    assert_eq!(status, 200, "{body}");
    let own_log = json(&body);
    let own: Vec<&str> = own_log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(own.last(), Some(&"sign_in_failed"), "{body}");
    assert!(
        own.iter()
            .all(|k| ["signed_in", "sign_in_failed"].contains(k)),
        "{body}"
    );
    assert!(!body.contains("Eigenaar"), "{body}");

    // The operator sees the installation's events: attempts at unknown addresses, never an
    // organization's.
    let (status, _) = app
        .call(
            &stranger,
            "/api/auth/login",
            &form(&[
                ("email", "niemand@example.test"),
                ("password", "Verkeerd-Gokje-123"),
            ]),
        )
        .await;
    assert_eq!(status, 401);
    let operator_email = "beheerder@example.test";
    create_user(
        &app.db,
        None,
        app::types::Role::Operator,
        operator_email,
        "Beheerder",
    )
    .await;
    accept_terms(&app.db, operator_email).await;
    let operator = app.sign_in(operator_email, PASSWORD).await;
    let (status, body) = app
        .call(&operator, "/api/operator/security_events", "")
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("niemand@example.test"), "{body}");
    assert!(body.contains("Beheerder"), "{body}");
    assert!(
        !body.contains("Gebeurt") && !body.contains("Elders"),
        "{body}"
    );
}
