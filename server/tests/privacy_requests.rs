//! The register of privacy requests: owners write a request down, its deadlines follow from
//! the day it came in, a late one shows on the owner's home, and closing it records the
//! answer (a refusal must say why). Over real HTTP, as the browser does.

mod common;

use common::{accept_terms, create_org, form, json, TestApp, PASSWORD};
use sea_orm::ConnectionTrait;

async fn signed_in_owner(app: &TestApp, marker: &str) -> (common::Org, reqwest::Client) {
    let org = create_org(&app.db, marker).await;
    accept_terms(&app.db, &org.owner).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    (org, owner)
}

#[tokio::test]
async fn a_request_gets_its_deadlines_and_a_late_one_shows_on_the_owners_home() {
    let app = TestApp::start().await;
    let (_, owner) = signed_in_owner(&app, "Verzoek").await;
    let today = app.clock.now().date_naive();
    let received = (today - chrono::Duration::days(20))
        .format("%Y-%m-%d")
        .to_string();
    let (status, body) = app
        .call(
            &owner,
            "/api/privacy/request_create",
            &form(&[
                ("input[kind]", "erasure"),
                ("input[person]", "Anna de Vries"),
                ("input[received_on]", &received),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.call(&owner, "/api/privacy/requests", "").await;
    assert_eq!(status, 200, "{body}");
    let page = json(&body);
    let row = &page["rows"][0];
    assert_eq!(row["kind"], "erasure");
    assert_eq!(row["status"], "open");
    assert_eq!(row["overdue"], true, "{row}");
    let words = |days: i64| {
        app::server::local_time::day_in_words(
            today - chrono::Duration::days(20) + chrono::Duration::days(days),
            "nl",
        )
    };
    assert_eq!(row["due_on"], words(14));
    let month_later = (today - chrono::Duration::days(20))
        .checked_add_months(chrono::Months::new(1))
        .unwrap();
    assert_eq!(
        row["legal_due_on"],
        app::server::local_time::day_in_words(month_later, "nl")
    );

    let (_, body) = app.call(&owner, "/api/dashboard/summary", "").await;
    assert_eq!(json(&body)["overdue_requests"], 1, "{body}");
    let (_, _, html) = app.page(&owner, "/dashboard").await;
    assert!(
        html.contains("Privacyverzoeken over de termijn: 1"),
        "{html}"
    );

    // A refusal without a reason is refused next to the answer; with one it is recorded.
    let id = row["id"].as_i64().unwrap();
    let (status, body) = app
        .call(
            &owner,
            "/api/privacy/request_close",
            &format!("id={id}&status=refused&answer="),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("answer"), "{body}");
    let (status, body) = app
        .call(
            &owner,
            "/api/privacy/request_close",
            &form(&[
                ("id", &id.to_string()),
                ("status", "refused"),
                ("answer", "Wettelijke bewaarplicht van de facturen."),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = app.call(&owner, "/api/privacy/requests", "").await;
    let row = &json(&body)["rows"][0];
    assert_eq!(row["status"], "refused");
    assert_eq!(row["overdue"], false);
    assert_eq!(row["answer"], "Wettelijke bewaarplicht van de facturen.");
    let (_, body) = app.call(&owner, "/api/dashboard/summary", "").await;
    assert_eq!(json(&body)["overdue_requests"], 0, "{body}");
}

#[tokio::test]
async fn bad_input_is_refused_by_its_field_and_another_practice_is_unknown() {
    let app = TestApp::start().await;
    let (_, owner) = signed_in_owner(&app, "Register").await;
    let tomorrow = (app.clock.now().date_naive() + chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let (status, body) = app
        .call(
            &owner,
            "/api/privacy/request_create",
            &form(&[
                ("input[kind]", "iets"),
                ("input[person]", " "),
                ("input[received_on]", &tomorrow),
            ]),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    for field in ["kind", "person", "received_on"] {
        assert!(body.contains(&format!("\"{field}\"")), "{field}: {body}");
    }
    let (other_org, other) = signed_in_owner(&app, "Elders").await;
    let other_dossier =
        common::client_dossier_id(&app.db, common::user_id(&app.db, &other_org.client).await).await;
    let (status, body) = app
        .call(
            &owner,
            "/api/privacy/request_create",
            &form(&[
                ("input[kind]", "access"),
                ("input[person]", "Iemand"),
                ("input[client_id]", &other_dossier.to_string()),
            ]),
        )
        .await;
    assert_eq!(
        status, 422,
        "another practice's dossier cannot be linked: {body}"
    );
    let (status, body) = app
        .call(
            &other,
            "/api/privacy/request_create",
            &form(&[("input[kind]", "access"), ("input[person]", "Bert")]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = app.call(&owner, "/api/privacy/requests", "").await;
    assert!(json(&body)["rows"].as_array().unwrap().is_empty(), "{body}");
    let their = {
        let (_, body) = app.call(&other, "/api/privacy/requests", "").await;
        json(&body)["rows"][0]["id"].as_i64().unwrap()
    };
    let (status, _) = app
        .call(
            &owner,
            "/api/privacy/request_close",
            &format!("id={their}&status=done&answer="),
        )
        .await;
    assert_eq!(status, 404);
}

/// A dossier whose processing is restricted reads as before, and nothing in it changes,
/// neither by the coach nor by the client, until the restriction is lifted.
#[tokio::test]
async fn a_restricted_dossier_reads_but_refuses_every_change_until_lifted() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Beperkt").await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let dossier =
        common::client_dossier_id(&app.db, common::user_id(&app.db, &org.client).await).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let report = |body: &str| {
        form(&[
            ("client_id", &dossier.to_string()),
            ("input[date]", "2026-11-20"),
            ("input[body]", body),
            ("input[visibility]", "client"),
            ("input[edit_rights]", "author"),
        ])
    };
    let (status, _) = app
        .call(&coach, "/api/reports/create", &report("Voor de beperking."))
        .await;
    assert_eq!(status, 200);

    let (status, body) = app
        .call(
            &coach,
            "/api/clients/restrict",
            &format!("id={dossier}&restricted=true"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = app
        .call(&coach, "/api/clients/dossier", &format!("id={dossier}"))
        .await;
    assert_eq!(json(&body)["restricted"], true);
    let (_, _, html) = app.page(&coach, &format!("/clients/{dossier}")).await;
    assert!(
        html.contains("De verwerking van dit dossier is beperkt"),
        "the banner"
    );

    // Reading goes on; changing is refused with the reason, by everyone.
    let (status, body) = app
        .call(&coach, "/api/reports/list", &format!("client_id={dossier}"))
        .await;
    assert_eq!(status, 200);
    assert!(body.contains("Voor de beperking."));
    let (status, body) = app
        .call(
            &coach,
            "/api/reports/create",
            &report("Tijdens de beperking."),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("Restricted"), "{body}");
    let (status, body) = app
        .call(
            &client,
            "/api/my/journal_write",
            &form(&[
                ("date", ""),
                ("body", "Privé, tijdens de beperking."),
                ("share", ""),
            ]),
        )
        .await;
    assert_eq!(status, 409, "the client's own writing waits too: {body}");
    let (status, _) = app
        .upload(&coach, Some(dossier), "cv.pdf", common::PDF.to_vec())
        .await;
    assert_ne!(status, 303, "no upload into a restricted dossier");
    assert!(app.stored_files().is_empty(), "nothing half-stored");

    // Lifting it is the one change allowed, and both are in the access log.
    let (status, _) = app
        .call(
            &coach,
            "/api/clients/restrict",
            &format!("id={dossier}&restricted=false"),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call(&coach, "/api/reports/create", &report("Na de beperking."))
        .await;
    assert_eq!(status, 200);
    let backend = app.db.get_database_backend();
    let changes = app
        .db
        .query_one(sea_orm::Statement::from_string(
            backend,
            format!(
                "SELECT COUNT(*) AS n FROM access_log WHERE client_id = {dossier} \
                 AND area = 'data' AND action = 'change'"
            ),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(changes, 2, "restricting and lifting are recorded");
}
