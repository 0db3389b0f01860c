//! The client's journal: private by default, shared entry by entry, with the coaches'
//! comments; nobody else reaches it.

mod common;

use common::{accept_terms, client_dossier_id, create_org, form, json, user_id, TestApp, PASSWORD};

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

fn journal_notices(list: &serde_json::Value) -> Vec<serde_json::Value> {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"].as_str().unwrap_or("").starts_with("journal_"))
        .cloned()
        .collect()
}

/// Sharing an entry tells the dossier's coach, and a comment tells the client; each notice
/// is marked seen when its reader opens the journal, and goes when the entry is no longer
/// theirs to read.
#[tokio::test]
async fn sharing_tells_the_coach_and_a_comment_tells_the_client() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Melding").await;
    for email in [&org.coach, &org.client, &org.owner] {
        accept_terms(&app.db, email).await;
    }
    let client = app.sign_in(&org.client, PASSWORD).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let notices_of = |who: &reqwest::Client| {
        let (app, who) = (&app, who.clone());
        async move { journal_notices(&json(&app.call(&who, "/api/notices/list", "").await.1)) }
    };

    let (_, entry) = app
        .call(
            &client,
            "/api/my/journal_write",
            &form(&[("date", "2026-11-19"), ("body", "Nog even voor mezelf.")]),
        )
        .await;
    assert!(
        notices_of(&coach).await.is_empty(),
        "a private entry tells nobody"
    );

    app.call(
        &client,
        "/api/my/journal_share",
        &format!("id={entry}&share=true"),
    )
    .await;
    let told = notices_of(&coach).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["kind"], "journal_shared");
    assert_eq!(told[0]["subject"], "2026-11-19");
    assert_eq!(told[0]["client_name"], "client Melding");
    assert_eq!(
        told[0]["link"],
        format!("/clients/{dossier}?tab=journal#journal-entry-{entry}")
    );
    assert_eq!(told[0]["read"], false);
    assert!(
        notices_of(&owner).await.is_empty(),
        "only the dossier's own coaches are told"
    );

    // Sharing again while the notice is unread adds no second one.
    app.call(
        &client,
        "/api/my/journal_share",
        &format!("id={entry}&share=false"),
    )
    .await;
    assert!(
        notices_of(&coach).await.is_empty(),
        "made private, the entry is no longer announced"
    );
    app.call(
        &client,
        "/api/my/journal_share",
        &format!("id={entry}&share=true"),
    )
    .await;
    assert_eq!(notices_of(&coach).await.len(), 1);

    // Reading the dossier's journal changes nothing; following the notice marks it read
    // and leads to the entry.
    app.call(
        &coach,
        "/api/journal/dossier",
        &format!("client_id={dossier}"),
    )
    .await;
    let told = notices_of(&coach).await;
    assert_eq!(told[0]["read"], false, "reading is not a write");
    let (status, location, _) = app
        .post_form(
            &coach,
            "/api/notices/open",
            &format!("id={}", told[0]["id"]),
        )
        .await;
    assert_eq!(status, 302);
    assert_eq!(
        location.as_deref(),
        Some(&*format!(
            "/clients/{dossier}?tab=journal#journal-entry-{entry}"
        ))
    );
    assert_eq!(notices_of(&coach).await[0]["read"], true);

    app.call(
        &coach,
        "/api/journal/comment",
        &form(&[("id", &entry), ("body", "Dank voor het delen.")]),
    )
    .await;
    let told = notices_of(&client).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["kind"], "journal_comment");
    assert_eq!(told[0]["subject"], "2026-11-19");
    assert_eq!(told[0]["client_name"], serde_json::Value::Null);
    assert_eq!(told[0]["link"], format!("/my/journal#entry-{entry}"));
    assert_eq!(told[0]["read"], false);
    app.call(&client, "/api/my/journal", "").await;
    assert_eq!(notices_of(&client).await[0]["read"], false);
    // Someone else's notice is not theirs to open.
    let (status, _) = app
        .call(
            &coach,
            "/api/notices/open",
            &format!("id={}", told[0]["id"]),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app.call(&client, "/api/notices/read_all", "").await;
    assert_eq!(status, 200);
    assert_eq!(notices_of(&client).await[0]["read"], true);

    // A deleted entry leaves no notice behind, for either of them.
    let (status, _) = app
        .call(&client, "/api/my/journal_delete", &format!("id={entry}"))
        .await;
    assert_eq!(status, 200);
    assert!(notices_of(&client).await.is_empty());
    assert!(notices_of(&coach).await.is_empty());
}

/// Years of writing: a journal of 1,500 entries, all shared, opens for the client and for
/// the coach (marking notices seen must not grow into one condition per entry).
#[tokio::test]
async fn a_long_journal_still_opens() {
    use app::server::entity::journal_entry;
    use sea_orm::{EntityTrait, Set};

    let app = TestApp::start().await;
    let org = create_org(&app.db, "Lang").await;
    for email in [&org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let now = chrono::Utc::now();
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let rows: Vec<journal_entry::ActiveModel> = (0..1_500)
        .map(|n| journal_entry::ActiveModel {
            organization_id: Set(org.id),
            client_id: Set(dossier),
            entry_date: Set(start + chrono::Days::new(n)),
            body: Set(format!("Dag {n}")),
            shared_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        journal_entry::Entity::insert_many(chunk.to_vec())
            .exec(&app.db)
            .await
            .unwrap();
    }

    let client = app.sign_in(&org.client, PASSWORD).await;
    let (status, body) = app.call(&client, "/api/my/journal", "").await;
    assert_eq!(status, 200, "{}", &body[..body.len().min(300)]);
    assert_eq!(json(&body).as_array().unwrap().len(), 1_500);
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let (status, body) = app
        .call(
            &coach,
            "/api/journal/dossier",
            &format!("client_id={dossier}"),
        )
        .await;
    assert_eq!(status, 200, "{}", &body[..body.len().min(300)]);
    assert_eq!(json(&body).as_array().unwrap().len(), 1_500);
}
