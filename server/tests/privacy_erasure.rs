//! Erasing a client (GDPR art. 17) and the retention period: afterwards no row and no file
//! holds their name, e-mail address or anything they or their coach wrote; a record that
//! it happened stays, and the logs keep their shape.

mod common;

use app::server::entity::{access_log, client, erasure, security_event, trajectory};
use common::content::{ok, write_every_kind};
use common::{accept_terms, client_dossier_id, create_org, form, json, user_id, TestApp, PASSWORD};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, Set, Statement,
};

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Everything under the storage folder, as one byte string.
fn storage_bytes(app: &TestApp) -> (usize, Vec<u8>) {
    let files = app.stored_files();
    let mut bytes = Vec::new();
    for file in &files {
        bytes.extend(std::fs::read(file).unwrap());
    }
    (files.len(), bytes)
}

/// Acceptance 6: after erasing a client, no table row and no stored file holds their name,
/// e-mail or content; their login is gone; the erasure is recorded under a reference that
/// names nobody, and the access log keeps its entries without the client's addresses.
#[tokio::test]
async fn an_erased_client_leaves_no_name_email_or_content_behind() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Wissen").await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let client_user = user_id(&app.db, &org.client).await;
    let dossier = client_dossier_id(&app.db, client_user).await;
    let written = write_every_kind(&app, &coach, &client, dossier).await;
    // A wrong password for the client's address, a request in the register under their
    // name, and the client's own sign-ins in the security log.
    let (status, _) = app
        .call(
            &app.client(),
            "/api/auth/login",
            &form(&[("email", &org.client), ("password", "niet-het-wachtwoord")]),
        )
        .await;
    assert_eq!(status, 401);
    ok(
        &app,
        &owner,
        "/api/privacy/request_create",
        &form(&[
            ("input[kind]", "erasure"),
            ("input[person]", "Cliënt Alles"),
            ("input[client_id]", &dossier.to_string()),
            ("input[received_on]", ""),
        ]),
    )
    .await;
    let (files_before, _) = storage_bytes(&app);
    assert_eq!(files_before, 1);
    let log_before = access_log::Entity::find().count(&app.db).await.unwrap();

    // A coach may not erase; a wrong name erases nothing and says why, next to the field.
    let (status, _) = app
        .call(
            &coach,
            "/api/privacy/erase",
            &format!("client_id={dossier}&confirm=Cli%C3%ABnt+Alles"),
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = app
        .call(
            &owner,
            "/api/privacy/erase",
            &format!("client_id={dossier}&confirm=Iemand+anders"),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("confirm"), "{body}");
    assert!(client::Entity::find_by_id(dossier)
        .one(&app.db)
        .await
        .unwrap()
        .is_some());

    let (status, body) = app
        .call(
            &owner,
            "/api/privacy/erase",
            &format!("client_id={dossier}&confirm=+cli%C3%ABnt+alles+"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let reference = json(&body).as_str().unwrap().to_string();
    assert!(reference.starts_with("W-"), "{reference}");

    let raw = app.test_db.raw().await;
    let email_local = org.client.split('@').next().unwrap().to_string();
    let mut gone: Vec<&str> = vec!["Cliënt Alles", &org.client, &email_local];
    gone.extend(written.markers.iter().copied());
    for text in &gone {
        assert!(
            !holds(&raw, text),
            "{text:?} is still in the database ({})",
            app.backend
        );
    }
    let (files_after, stored) = storage_bytes(&app);
    assert_eq!(files_after, 0, "the document's file is gone");
    assert!(!holds(&stored, "Document-Roodborst"));

    // The record, and the register's request under the reference.
    let record = erasure::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(record.reference, reference);
    let (_, register) = app.call(&owner, "/api/privacy/requests", "").await;
    assert!(register.contains(&reference), "{register}");
    // The log keeps every entry (and one more: the erasure), none with the client's address.
    let log_after = access_log::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(log_after, log_before + 1);
    let with_address = access_log::Entity::find()
        .filter(access_log::Column::ActorId.eq(client_user))
        .filter(access_log::Column::Address.is_not_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(with_address, 0);
    let signed_in_from = security_event::Entity::find()
        .filter(security_event::Column::UserId.eq(client_user))
        .filter(security_event::Column::Address.ne(""))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(signed_in_from, 0);

    // Their session ends; the practice's log and list still open.
    let (status, _, _) = app.page(&client, "/my").await;
    assert_eq!(status, 303);
    let (status, _, page) = app.page(&owner, "/access-log").await;
    assert_eq!(status, 200);
    assert!(!page.contains("Cliënt Alles"));
    let (status, _, page) = app
        .page(&owner, &format!("/clients?erased={reference}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains(&reference), "the list confirms the erasure");

    // The logs still refuse every other change, also of the erased client's entries.
    let backend = app.db.get_database_backend();
    for statement in [
        format!("UPDATE access_log SET area = 'time' WHERE client_id = {dossier}"),
        format!("UPDATE access_log SET address = NULL WHERE actor_id <> {client_user}"),
        format!("DELETE FROM access_log WHERE client_id = {dossier}"),
        "UPDATE security_events SET address = ''".to_string(),
    ] {
        let refused = app
            .db
            .execute(Statement::from_string(backend, statement.clone()))
            .await;
        assert!(
            refused.is_err(),
            "{statement} must be refused ({})",
            app.backend
        );
    }
}

/// The retention period: a dossier whose last trajectory closed longer ago than the period
/// is listed as due, and one confirmed action erases it (and nothing else).
#[tokio::test]
async fn dossiers_past_the_retention_period_are_listed_and_erased_together() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Bewaren").await;
    for email in [&org.owner, &org.coach] {
        accept_terms(&app.db, email).await;
    }
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let today = app.clock.now().date_naive();
    // Two trajectories: closed 25 months ago, and closed 23 months ago in another dossier.
    let other_login = common::create_client(&app.db, org.id, "later.bewaren@example.test").await;
    let other = client_dossier_id(&app.db, other_login).await;
    common::give_access(&app.db, other, user_id(&app.db, &org.coach).await).await;
    for (id, months) in [(dossier, 25), (other, 23)] {
        let created = ok(
            &app,
            &coach,
            "/api/trajectories/create",
            &form(&[("client_id", &id.to_string()), ("input[title]", "Afgerond")]),
        )
        .await;
        let row = trajectory::Entity::find_by_id(created.parse::<i32>().unwrap())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut row = row.into_active_model();
        row.status = Set(app::model::trajectories::TrajectoryStatus::Closed);
        row.end_date = Set(today.checked_sub_months(chrono::Months::new(months)));
        row.update(&app.db).await.unwrap();
    }

    let (status, body) = app.call(&owner, "/api/privacy/retention", "").await;
    assert_eq!(status, 200, "{body}");
    let page = json(&body);
    assert_eq!(page["months"], 24);
    let due = page["due"].as_array().unwrap();
    assert_eq!(due.len(), 1, "{body}");
    assert_eq!(due[0]["id"], dossier);

    // Not without the tick; a period out of range is refused next to its field.
    let (status, _) = app.call(&owner, "/api/privacy/erase_due", "").await;
    assert_eq!(status, 422);
    let (status, body) = app
        .call(&owner, "/api/privacy/retention_set", "months=0")
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = app
        .call(&coach, "/api/privacy/erase_due", "confirm=yes")
        .await;
    assert_eq!(status, 403);

    let (status, body) = app
        .call(&owner, "/api/privacy/erase_due", "confirm=yes")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body), 1);
    assert!(client::Entity::find_by_id(dossier)
        .one(&app.db)
        .await
        .unwrap()
        .is_none());
    assert!(client::Entity::find_by_id(other)
        .one(&app.db)
        .await
        .unwrap()
        .is_some());
    let (_, body) = app.call(&owner, "/api/privacy/retention", "").await;
    let page = json(&body);
    assert!(page["due"].as_array().unwrap().is_empty());
    assert_eq!(page["erasures"][0]["reason"], "retention");

    // A shorter period makes the other one due.
    ok(&app, &owner, "/api/privacy/retention_set", "months=12").await;
    let (_, body) = app.call(&owner, "/api/privacy/retention", "").await;
    assert_eq!(json(&body)["due"][0]["id"], other);
}

/// Sets an organization's last subscription day as `who`: (status, answer).
async fn set_end(app: &TestApp, who: &reqwest::Client, org: i32, ends_on: &str) -> (u16, String) {
    let body = form(&[("id", &org.to_string()), ("ends_on", ends_on)]);
    app.call(who, "/api/operator/subscription_end", &body).await
}

/// What the operator's organization list says of one organization's subscription.
async fn subscription_of(app: &TestApp, operator: &reqwest::Client, org: i32) -> serde_json::Value {
    let body = ok(app, operator, "/api/operator/organizations", "").await;
    json(&body)
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == org)
        .map(|row| row["subscription"].clone())
        .unwrap()
}

/// An organization whose subscription ended: the operator records the last day and then
/// sees when its dossier content (two years on) and its other data (seven years on) are
/// due, flagged once the first day has passed; a day that is not a date is refused next to
/// the field, and only the operator may set it.
#[tokio::test]
async fn the_operator_sees_when_an_ended_subscriptions_data_is_due() {
    let app = TestApp::start().await;
    let ended = create_org(&app.db, "Opgezegd").await;
    let leaving = create_org(&app.db, "Vertrekt").await;
    let operator_email = "operator.einde@example.test";
    common::create_user(
        &app.db,
        None,
        app::types::Role::Operator,
        operator_email,
        "Operator Olga",
    )
    .await;
    for email in [operator_email, ended.owner.as_str()] {
        accept_terms(&app.db, email).await;
    }
    let operator = app.sign_in(operator_email, PASSWORD).await;
    let owner = app.sign_in(&ended.owner, PASSWORD).await;

    // A leap day: two and seven years on there is none, so the last day of February.
    let (status, body) = set_end(&app, &operator, ended.id, "2020-02-29").await;
    assert_eq!(status, 200, "{body}");
    let soon = app.clock.now().date_naive() + chrono::Duration::days(60);
    let soon_text = soon.format("%Y-%m-%d").to_string();
    let (status, body) = set_end(&app, &operator, leaving.id, &soon_text).await;
    assert_eq!(status, 200, "{body}");

    let past = subscription_of(&app, &operator, ended.id).await;
    assert_eq!(past["ends_on"], "29 februari 2020");
    assert_eq!(past["special_due_on"], "28 februari 2022");
    assert_eq!(past["ordinary_due_on"], "28 februari 2027");
    assert_eq!(past["ended"], true);
    assert_eq!(past["overdue"], true, "two years after 2020 have passed");
    let future = subscription_of(&app, &operator, leaving.id).await;
    assert_eq!(future["ended"], false);
    assert_eq!(future["overdue"], false);

    // The console's list says it in words for the ended one only; the page marks it.
    let (status, _, page) = app.page(&operator, "/operator").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(
            "dossierinhoud uiterlijk 28 februari 2022, overige gegevens uiterlijk 28 februari 2027"
        ),
        "the list shows the due days"
    );
    assert_eq!(
        page.matches("dossierinhoud uiterlijk").count(),
        1,
        "a subscription that has not ended yet shows no due days in the list"
    );
    let (_, _, detail) = app
        .page(&operator, &format!("/operator/organizations/{}", ended.id))
        .await;
    assert!(detail.contains("Abonnement beëindigd op"), "{detail}");
    assert!(detail.contains("De termijn is verstreken"));
    assert!(
        detail.contains(r#"value="2020-02-29""#),
        "the field holds the saved day"
    );

    // Not a date: refused next to the field, the saved day stays.
    let (status, body) = set_end(&app, &operator, ended.id, "29-02-2020").await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("ends_on"), "{body}");
    assert_eq!(
        subscription_of(&app, &operator, ended.id).await["ends_on"],
        "29 februari 2020",
        "the saved day stays"
    );

    // The practice itself cannot set or clear it.
    let (status, _) = set_end(&app, &owner, ended.id, "").await;
    assert_eq!(status, 403);

    // Cleared: the subscription goes on, nothing is due.
    let (status, body) = set_end(&app, &operator, ended.id, "").await;
    assert_eq!(status, 200, "{body}");
    assert!(subscription_of(&app, &operator, ended.id).await.is_null());
}
