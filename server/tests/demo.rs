//! Self-service demos: sign-up, the end of the demo period, conversion by the operator;
//! and the rest of the operator's console.

mod common;

use app::types::Role;
use common::{accept_terms, create_org, create_user, form, json, TestApp, PASSWORD};

const OWNER_PASSWORD: &str = "Zeeduin-Lantaarn-Kwast-58";

fn sign_up_form(organization: &str, email: &str) -> String {
    form(&[
        ("organization", organization),
        ("name", "Ilse de Vries"),
        ("email", email),
        ("password", OWNER_PASSWORD),
        ("agree", "yes"),
    ])
}

/// Signs up as a practice would: the form, then the link from the mail. Returns the
/// browser (signed in when it worked) and the answer of the step that decided.
async fn sign_up(app: &TestApp, organization: &str, email: &str) -> (reqwest::Client, u16, String) {
    let client = app.client();
    let (status, body) = app
        .call(
            &client,
            "/api/signup/demo",
            &sign_up_form(organization, email),
        )
        .await;
    if status != 200 {
        return (client, status, body);
    }
    let link = common::link_in_outbox(&app.db, &email.to_lowercase()).await;
    let token = link
        .split("/signup/confirm/")
        .nth(1)
        .unwrap_or_else(|| panic!("no sign-up link in the mail: {link}"));
    let (status, body) = app
        .call(&client, "/api/signup/confirm", &form(&[("token", token)]))
        .await;
    (client, status, body)
}

async fn operator(app: &TestApp) -> reqwest::Client {
    let email = "operator@example.test";
    create_user(&app.db, None, Role::Operator, email, "Operator Oscar").await;
    accept_terms(&app.db, email).await;
    app.sign_in(email, PASSWORD).await
}

#[tokio::test]
async fn a_practice_signs_up_for_a_demo_and_is_signed_in_as_its_owner() {
    let app = TestApp::start().await;
    let (owner, status, body) = sign_up(&app, "Praktijk De Linde", "ilse@delinde.test").await;
    assert_eq!(status, 200, "{body}");

    let (status, summary) = app.call(&owner, "/api/dashboard/summary", "").await;
    assert_eq!(status, 200, "{summary}");
    let summary = json(&summary);
    assert_eq!(summary["organization_name"], "Praktijk De Linde");
    assert_eq!(summary["licence"], "demo");
    assert_eq!(summary["your_role"], "Owner");

    let (_, me) = app.call(&owner, "/api/auth/me", "").await;
    let me = json(&me);
    let last_day = (chrono::Utc::now() + chrono::Duration::days(14))
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(me["read_only"], false);
    assert_eq!(me["demo_ends_on"], last_day.as_str());
    assert_eq!(me["consent_current"], true, "agreed at sign-up");

    let (_, _, page) = app.page(&owner, "/dashboard").await;
    assert!(page.contains(&format!("Je demo loopt tot en met {last_day}")));
    let welcome = common::link_in_outbox(&app.db, "ilse@delinde.test").await;
    assert!(welcome.ends_with("/login"), "{welcome}");
}

#[tokio::test]
async fn sign_up_names_every_problem_and_refuses_duplicates() {
    let app = TestApp::start().await;
    let client = app.client();
    let (status, body) = app
        .call(
            &client,
            "/api/signup/demo",
            "organization=&name=&email=geen-adres&password=kort",
        )
        .await;
    assert_eq!(status, 422);
    for problem in ["Required", "EmailInvalid", "PasswordTooShort", "MustAgree"] {
        assert!(body.contains(problem), "{problem} missing in {body}");
    }

    assert_eq!(
        sign_up(&app, "Praktijk De Linde", "ilse@delinde.test")
            .await
            .1,
        200
    );
    let (_, status, body) = sign_up(&app, "praktijk de linde", "ILSE@delinde.test").await;
    assert_eq!(status, 422, "{body}");
    let error: app::error::AppError = serde_json::from_str(&body).unwrap();
    assert_eq!(
        error.problem_for("organization"),
        Some(app::error::FieldProblem::OrganizationTaken)
    );
    // Whether the address has an account is never said (tests/security.rs); it is told
    // by mail instead, and no second demo is made for it.
    assert_eq!(error.problem_for("email"), None);
    // Nothing was created by the refused attempt.
    let (_, rows) = app
        .call(&operator(&app).await, "/api/operator/organizations", "")
        .await;
    assert_eq!(json(&rows).as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn sign_up_is_limited_per_address() {
    let app = TestApp::start().await;
    for n in 0..app::server::service::signup::MAX_PER_ADDRESS {
        let (_, status, body) = sign_up(
            &app,
            &format!("Praktijk {n}"),
            &format!("eigenaar{n}@example.test"),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, status, body) = sign_up(&app, "Praktijk Te Veel", "te-veel@example.test").await;
    assert_eq!(status, 429, "{body}");
}

#[tokio::test]
async fn an_ended_demo_is_read_only_until_the_operator_converts_it_and_keeps_all_data() {
    let app = TestApp::start().await;
    let (owner, status, _) = sign_up(&app, "Praktijk De Linde", "ilse@delinde.test").await;
    assert_eq!(status, 200);
    let invite =
        |email: &'static str| form(&[("name", "Cliënt Een"), ("email", email), ("role", "client")]);
    let (status, _) = app
        .call(&owner, "/api/members/invite", &invite("een@example.test"))
        .await;
    assert_eq!(status, 200);

    app.clock.advance(chrono::Duration::days(15));

    // Changes are refused with their own message...
    let (status, body) = app
        .call(&owner, "/api/members/invite", &invite("twee@example.test"))
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body, "\"ReadOnly\"");
    let (_, _, page) = app.page(&owner, "/members").await;
    assert!(
        page.contains("Je demo is afgelopen op"),
        "the banner says so"
    );
    // ...reading still works, and what was there is still there.
    let (status, overview) = app.call(&owner, "/api/members/overview", "").await;
    assert_eq!(status, 200);
    let overview = json(&overview);
    assert_eq!(overview["invitations"][0]["email"], "een@example.test");
    assert_eq!(app.call(&owner, "/api/dashboard/summary", "").await.0, 200);
    let (_, me) = app.call(&owner, "/api/auth/me", "").await;
    assert_eq!(json(&me)["read_only"], true);

    // The operator sees it waiting and converts it.
    let operator = operator(&app).await;
    let (_, rows) = app.call(&operator, "/api/operator/organizations", "").await;
    let row = json(&rows)[0].clone();
    assert_eq!(row["read_only"], true);
    let id = row["id"].as_i64().unwrap();
    let (status, body) = app
        .call(
            &operator,
            "/api/operator/licence",
            &format!("id={id}&licence=standard&coaches=&clients=&teams="),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let (status, body) = app
        .call(&owner, "/api/members/invite", &invite("twee@example.test"))
        .await;
    assert_eq!(status, 200, "writes work again: {body}");
    let (_, overview) = app.call(&owner, "/api/members/overview", "").await;
    let overview = json(&overview);
    assert_eq!(overview["seats"]["licence"], "standard");
    assert_eq!(overview["seats"]["clients_limit"], 15);
    let invited: Vec<_> = overview["invitations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["email"].as_str().unwrap().to_string())
        .collect();
    assert!(
        invited.contains(&"een@example.test".to_string()),
        "{invited:?}"
    );
    let (_, summary) = app.call(&owner, "/api/dashboard/summary", "").await;
    assert_eq!(json(&summary)["organization_name"], "Praktijk De Linde");
    let (_, me) = app.call(&owner, "/api/auth/me", "").await;
    let me = json(&me);
    assert_eq!(me["read_only"], false);
    assert_eq!(me["demo_ends_on"], serde_json::Value::Null);
}

#[tokio::test]
async fn custom_limits_need_numbers_and_then_hold() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Maat").await;
    let operator = operator(&app).await;
    let (status, body) = app
        .call(
            &operator,
            "/api/operator/licence",
            &format!(
                "id={}&licence=custom&coaches=twee&clients=&teams=-1",
                org.id
            ),
        )
        .await;
    assert_eq!(status, 422);
    let error: app::error::AppError = serde_json::from_str(&body).unwrap();
    use app::error::FieldProblem::{NotANumber, Required};
    assert_eq!(error.problem_for("coaches"), Some(NotANumber));
    assert_eq!(error.problem_for("clients"), Some(Required));
    assert_eq!(error.problem_for("teams"), Some(NotANumber));

    let (status, _) = app
        .call(
            &operator,
            "/api/operator/licence",
            &format!("id={}&licence=custom&coaches=2&clients=1&teams=4", org.id),
        )
        .await;
    assert_eq!(status, 200);
    let (_, detail) = app
        .call(
            &operator,
            "/api/operator/organization",
            &format!("id={}", org.id),
        )
        .await;
    let detail = json(&detail);
    assert_eq!(detail["row"]["clients_limit"], 1);
    assert_eq!(detail["teams_limit"], 4);
    assert!(
        !detail.to_string().contains(&org.owner),
        "no people for the operator"
    );

    accept_terms(&app.db, &org.owner).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let (status, body) = app
        .call(
            &owner,
            "/api/members/invite",
            &form(&[
                ("name", "Nog Een"),
                ("email", "nog@example.test"),
                ("role", "client"),
            ]),
        )
        .await;
    assert_eq!(status, 409);
    assert!(
        body.contains("\"limit\":1") && body.contains("custom"),
        "{body}"
    );
}

#[tokio::test]
async fn the_operator_suspends_an_organization_or_an_account_and_can_undo_it() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Blok").await;
    for email in [&org.owner, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let operator = operator(&app).await;

    let status_of = |suspend: bool| format!("id={}&suspend={suspend}", org.id);
    assert_eq!(
        app.call(
            &operator,
            "/api/operator/organization_status",
            &status_of(true)
        )
        .await
        .0,
        200
    );
    assert_eq!(app.call(&owner, "/api/dashboard/summary", "").await.0, 401);
    let (status, _) = app
        .call(
            &app.client(),
            "/api/auth/login",
            &form(&[("email", &org.owner), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(status, 403, "a suspended organization cannot sign in");
    assert_eq!(
        app.call(
            &operator,
            "/api/operator/organization_status",
            &status_of(false)
        )
        .await
        .0,
        200
    );
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    assert_eq!(app.call(&owner, "/api/dashboard/summary", "").await.0, 200);

    // One account, by e-mail address.
    let account =
        |email: &str, suspend: bool| form(&[("email", email), ("suspend", &suspend.to_string())]);
    assert_eq!(
        app.call(
            &operator,
            "/api/operator/account_status",
            &account(&org.client, true)
        )
        .await
        .0,
        200
    );
    assert_eq!(app.call(&client, "/api/my/home", "").await.0, 401);
    let (status, body) = app
        .call(
            &operator,
            "/api/operator/account_status",
            &account("niemand@example.test", true),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("NoSuchAccount"), "{body}");
    assert_eq!(
        app.call(
            &operator,
            "/api/operator/account_status",
            &account(&org.client, false)
        )
        .await
        .0,
        200
    );
    let client = app.sign_in(&org.client, PASSWORD).await;
    assert_eq!(app.call(&client, "/api/my/home", "").await.0, 200);
}

#[tokio::test]
async fn publishing_new_terms_makes_everybody_accept_again() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Terms").await;
    accept_terms(&app.db, &org.owner).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let operator = operator(&app).await;
    let (status, source) = app.call(&operator, "/api/operator/terms", "").await;
    assert_eq!(status, 200);
    let source = json(&source);
    assert_eq!(source["version"], 1);

    let texts = form(&[
        ("terms_nl", "# Voorwaarden\n\nNieuwe versie."),
        ("terms_en", "# Terms\n\nNew version."),
        ("privacy_nl", source["privacy_nl"].as_str().unwrap()),
        ("privacy_en", source["privacy_en"].as_str().unwrap()),
    ]);
    let (status, version) = app
        .call(&operator, "/api/operator/publish_terms", &texts)
        .await;
    assert_eq!((status, version.as_str()), (200, "2"));

    assert_eq!(app.call(&owner, "/api/dashboard/summary", "").await.0, 403);
    let (_, location, _) = app.page(&owner, "/dashboard").await;
    assert_eq!(location.as_deref(), Some("/consent"));
    let (_, terms) = app.call(&owner, "/api/consent/terms", "language=en").await;
    assert!(terms.contains("New version."), "{terms}");
    assert_eq!(
        app.call(&owner, "/api/consent/accept", "version=2&agree=yes")
            .await
            .0,
        200
    );
    assert_eq!(app.call(&owner, "/api/dashboard/summary", "").await.0, 200);
}
