//! The client's journal: private by default, shared entry by entry, with the coaches'
//! comments; nobody else reaches it.

mod common;

use common::{accept_terms, client_dossier_id, create_org, form, user_id, TestApp, PASSWORD};

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn private_entries_stay_private_and_shared_ones_get_comments() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Dagboek").await;
    for email in [&org.coach, &org.client, &org.owner] {
        accept_terms(&app.db, email).await;
    }
    let client = app.sign_in(&org.client, PASSWORD).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await)
        .await
        .to_string();

    let (status, body) = app
        .call(
            &client,
            "/api/my/journal_write",
            &form(&[("date", "gisteren"), ("body", " ")]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("DateFormat") && body.contains("Required"),
        "{body}"
    );
    let (_, private) = app
        .call(
            &client,
            "/api/my/journal_write",
            &form(&[
                ("date", "2026-11-20"),
                ("body", "Slecht geslapen, veel gepiekerd."),
            ]),
        )
        .await;
    let (status, shared) = app
        .call(
            &client,
            "/api/my/journal_write",
            &form(&[
                ("date", "2026-11-21"),
                ("body", "Het gesprek gaf rust."),
                ("share", "yes"),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{shared}");

    // The coach and the owner see the shared entry only, and nothing of the private one.
    for staff in [&coach, &owner] {
        let (status, seen) = app
            .call(
                staff,
                "/api/journal/dossier",
                &format!("client_id={dossier}"),
            )
            .await;
        assert_eq!(status, 200);
        assert!(seen.contains("Het gesprek gaf rust."), "{seen}");
        assert!(!seen.contains("gepiekerd"), "{seen}");
        assert_eq!(json(&seen).as_array().unwrap().len(), 1);
    }
    let (status, _) = app
        .call(
            &coach,
            "/api/journal/comment",
            &format!("id={private}&body=Hoe+gaat+het"),
        )
        .await;
    assert_eq!(status, 404, "a private entry is unknown to the coach");
    let (status, _) = app
        .call(
            &coach,
            "/api/journal/comment",
            &format!("id={shared}&body=+"),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = app
        .call(
            &coach,
            "/api/journal/comment",
            &form(&[("id", &shared), ("body", "Fijn om te lezen!")]),
        )
        .await;
    assert_eq!(status, 200);

    let mine = json(&app.call(&client, "/api/my/journal", "").await.1);
    assert_eq!(mine[0]["date"], "2026-11-21", "newest first: {mine}");
    assert_eq!(mine[0]["comments"][0]["body"], "Fijn om te lezen!");
    assert_eq!(mine[0]["comments"][0]["author"], "coach Dagboek");
    assert_eq!(mine[1]["shared"], false);

    // Made private again, it is gone for the coach, comments and all.
    let (status, _) = app
        .call(
            &client,
            "/api/my/journal_share",
            &format!("id={shared}&share=false"),
        )
        .await;
    assert_eq!(status, 200);
    let (_, seen) = app
        .call(
            &coach,
            "/api/journal/dossier",
            &format!("client_id={dossier}"),
        )
        .await;
    assert_eq!(json(&seen).as_array().unwrap().len(), 0, "{seen}");

    // Another client of the same practice reaches none of it.
    common::create_client(&app.db, org.id, "ander.dagboek@example.test").await;
    let stranger = app.sign_in("ander.dagboek@example.test", PASSWORD).await;
    for (path, body) in [
        (
            "/api/my/journal_update",
            format!("id={private}&body=Overgenomen"),
        ),
        ("/api/my/journal_share", format!("id={private}&share=true")),
        ("/api/my/journal_delete", format!("id={private}")),
    ] {
        assert_eq!(app.call(&stranger, path, &body).await.0, 404, "{path}");
    }
    let (_, theirs) = app.call(&stranger, "/api/my/journal", "").await;
    assert_eq!(json(&theirs).as_array().unwrap().len(), 0);

    // The client edits and deletes their own.
    let (status, _) = app
        .call(
            &client,
            "/api/my/journal_update",
            &form(&[
                ("id", &private),
                ("date", "2026-11-20"),
                ("body", "Beter geslapen."),
            ]),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.call(&client, "/api/my/journal_delete", &format!("id={shared}"))
            .await
            .0,
        200
    );
    let mine = json(&app.call(&client, "/api/my/journal", "").await.1);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["body"], "Beter geslapen.");
}
