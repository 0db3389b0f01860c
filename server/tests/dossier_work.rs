//! The coach's daily work in a dossier: reports with reading and editing rights, locking
//! and amendments; appointments with ICS and the private feed; time registration;
//! documents with their checks. All over real HTTP, as a browser would.

mod common;

use app::model::clients::DossierTab;
use app::server::Settings;
use app::types::Role;
use common::{
    accept_terms, client_dossier_id, create_org, create_user, form, give_access, json, user_id,
    TestApp, PASSWORD, PDF,
};

/// The report bodies (Markdown source or, for the client, the rendered text) one may read.
fn texts(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["html"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_locked_report_cannot_change_and_its_amendment_shows_beneath_it() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Slot").await;
    for email in [&org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let (status, body) = app
        .call(
            &coach,
            "/api/reports/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[date]", "gisteren"),
                ("input[body]", ""),
                ("input[visibility]", "client"),
                ("input[edit_rights]", "author"),
            ]),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("DateFormat") && body.contains("Required"),
        "{body}"
    );

    let (status, id) = app
        .call(
            &coach,
            "/api/reports/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[date]", "2026-11-20"),
                (
                    "input[body]",
                    "Gesprek over **sterke punten**.\n\n- netwerk\n- cv",
                ),
                ("input[visibility]", "client"),
                ("input[edit_rights]", "author"),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{id}");

    // Locking asks for a conscious yes.
    let (status, body) = app
        .call(&coach, "/api/reports/lock", &format!("id={id}"))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("confirm"), "{body}");
    let (status, _) = app
        .call(&coach, "/api/reports/lock", &format!("id={id}&confirm=yes"))
        .await;
    assert_eq!(status, 200);

    // Nobody changes or deletes it any more, whatever they send.
    let change = form(&[
        ("id", &id),
        ("input[date]", "2026-11-20"),
        ("input[body]", "Stilletjes herschreven"),
        ("input[visibility]", "author"),
        ("input[edit_rights]", "author"),
    ]);
    let (status, body) = app.call(&coach, "/api/reports/update", &change).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("Locked"), "{body}");
    let (status, _) = app
        .call(&coach, "/api/reports/delete", &format!("id={id}"))
        .await;
    assert_eq!(status, 409);
    let (status, body) = app
        .call(
            &coach,
            "/api/reports/amend",
            &form(&[
                ("id", &id),
                ("body", "Correctie: het ging om **drie** punten."),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let (_, list) = app
        .call(&coach, "/api/reports/list", &format!("client_id={dossier}"))
        .await;
    let list = json(&list);
    let report = &list[0];
    assert!(report["locked_at"].is_string(), "{report}");
    assert_eq!(report["can_edit"], false);
    assert!(report["html"]
        .as_str()
        .unwrap()
        .contains("<strong>sterke punten</strong>"));
    assert!(!report["html"].as_str().unwrap().contains("herschreven"));
    let amendment = &report["amendments"][0];
    assert!(amendment["html"]
        .as_str()
        .unwrap()
        .contains("<strong>drie</strong>"));
    assert_eq!(amendment["author"], "coach Slot");

    // The client reads the report with its amendment, not its rights or source.
    let client = app.sign_in(&org.client, PASSWORD).await;
    let (status, mine) = app.call(&client, "/api/my/dossier", "").await;
    assert_eq!(status, 200, "{mine}");
    let mine = json(&mine);
    assert_eq!(mine["reports"].as_array().unwrap().len(), 1);
    assert!(mine["reports"][0]["amendments"][0]["html"]
        .as_str()
        .unwrap()
        .contains("drie"));
    assert!(mine["reports"][0]["visibility"].is_null());
    assert_eq!(mine["reports"][0]["body"], "");
    // Clients never reach the coaches' functions.
    let (status, _) = app.call(&client, "/api/reports/update", &change).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn each_report_is_read_and_edited_by_exactly_whom_its_author_chose() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Recht").await;
    let colleague_email = "collega.recht@example.test";
    let teammate_email = "teamlid.recht@example.test";
    let colleague = create_user(
        &app.db,
        Some(org.id),
        Role::Coach,
        colleague_email,
        "Collega Recht",
    )
    .await;
    let teammate = create_user(
        &app.db,
        Some(org.id),
        Role::Coach,
        teammate_email,
        "Teamlid Recht",
    )
    .await;
    for email in [
        &org.owner,
        &org.coach,
        &org.client,
        &colleague_email.to_string(),
        &teammate_email.to_string(),
    ] {
        accept_terms(&app.db, email).await;
    }
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    // The colleague is one of the client's coaches; the teammate has access via a team.
    give_access(&app.db, dossier, colleague).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let (_, team) = app
        .call(&owner, "/api/teams/create", "name=Team+Recht")
        .await;
    app.call(
        &owner,
        "/api/teams/add",
        &format!("team_id={team}&user_id={teammate}"),
    )
    .await;
    let (status, _) = app
        .call(
            &owner,
            "/api/clients/grant",
            &format!("id={dossier}&kind=team&target={team}&grant=true"),
        )
        .await;
    assert_eq!(status, 200);

    let author = app.sign_in(&org.coach, PASSWORD).await;
    let mut ids = std::collections::HashMap::new();
    for (visibility, edit) in [
        ("author", "author"),
        ("coaches", "coaches"),
        ("team", "author"),
        ("client", "coaches"),
    ] {
        let (status, id) = app
            .call(
                &author,
                "/api/reports/create",
                &form(&[
                    ("client_id", &dossier.to_string()),
                    ("input[body]", &format!("Rapport-{visibility}")),
                    ("input[visibility]", visibility),
                    ("input[edit_rights]", edit),
                ]),
            )
            .await;
        assert_eq!(status, 200, "{id}");
        ids.insert(visibility, id);
    }
    let reads = |body: &str| {
        let mut seen: Vec<String> = texts(&json(body))
            .into_iter()
            .map(|h| {
                h.trim()
                    .trim_start_matches("<p>Rapport-")
                    .trim_end_matches("</p>")
                    .to_string()
            })
            .collect();
        seen.sort();
        seen
    };
    let list = format!("client_id={dossier}");
    for (who, email, expected) in [
        (
            "author",
            org.coach.as_str(),
            vec!["author", "client", "coaches", "team"],
        ),
        (
            "colleague",
            colleague_email,
            vec!["client", "coaches", "team"],
        ),
        ("teammate", teammate_email, vec!["client", "team"]),
        ("owner", org.owner.as_str(), vec!["client", "team"]),
    ] {
        let session = app.sign_in(email, PASSWORD).await;
        let (status, body) = app.call(&session, "/api/reports/list", &list).await;
        assert_eq!(status, 200, "{who}: {body}");
        assert_eq!(reads(&body), expected, "{who} reads");
    }
    let client = app.sign_in(&org.client, PASSWORD).await;
    let (_, mine) = app.call(&client, "/api/my/dossier", "").await;
    let mine = json(&mine);
    assert_eq!(texts(&mine["reports"]), vec!["<p>Rapport-client</p>\n"]);

    // A report one may not read is not there at all, even when asked for by id.
    let colleague_session = app.sign_in(colleague_email, PASSWORD).await;
    let edit = |id: &str, text: &str| {
        form(&[
            ("id", id),
            ("input[body]", text),
            ("input[visibility]", "author"),
            ("input[edit_rights]", "author"),
        ])
    };
    let (status, _) = app
        .call(
            &colleague_session,
            "/api/reports/update",
            &edit(&ids["author"], "x"),
        )
        .await;
    assert_eq!(status, 404);
    // Editing by the client's coaches where the author allowed it; the rights stay the author's.
    let (status, body) = app
        .call(
            &colleague_session,
            "/api/reports/update",
            &edit(&ids["coaches"], "Rapport-coaches aangevuld"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = app.call(&author, "/api/reports/list", &list).await;
    let updated = json(&body)
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == ids["coaches"].parse::<i64>().unwrap())
        .cloned()
        .unwrap();
    assert_eq!(updated["body"], "Rapport-coaches aangevuld");
    assert_eq!(
        updated["visibility"], "coaches",
        "only the author sets rights"
    );
    // Where only the author edits, a reader may not.
    let (status, _) = app
        .call(
            &colleague_session,
            "/api/reports/update",
            &edit(&ids["team"], "x"),
        )
        .await;
    assert_eq!(status, 403);
    let teammate_session = app.sign_in(teammate_email, PASSWORD).await;
    let (status, _) = app
        .call(
            &teammate_session,
            "/api/reports/update",
            &edit(&ids["client"], "x"),
        )
        .await;
    assert_eq!(
        status, 403,
        "a team member is not one of the client's coaches"
    );
}

#[tokio::test]
async fn appointments_lock_download_as_ics_and_follow_the_coach_in_a_private_feed() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Agenda").await;
    for email in [&org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let book = |start: &str, end: &str| {
        form(&[
            ("client_id", &dossier.to_string()),
            ("input[title]", "Loopbaangesprek"),
            ("input[starts_at]", start),
            ("input[ends_at]", end),
            ("input[location]", "Kamer 2, Stationsweg 1"),
        ])
    };
    let (status, body) = app
        .call(
            &coach,
            "/api/agenda/create",
            &book("2030-01-07T11:00", "2030-01-07T10:00"),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("EndBeforeStart"), "{body}");
    let (status, body) = app
        .call(&coach, "/api/agenda/create", &book("7 januari", ""))
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("starts_at") && body.contains("ends_at"),
        "{body}"
    );
    let (status, id) = app
        .call(
            &coach,
            "/api/agenda/create",
            &book("2030-01-07T10:00", "2030-01-07T11:00"),
        )
        .await;
    assert_eq!(status, 200, "{id}");

    // One appointment as a calendar file, in UTC (10:00 in Amsterdam in winter is 09:00Z).
    let response = coach
        .get(app.url(&format!("/appointments/{id}/calendar.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let ics = response.text().await.unwrap();
    assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
    assert!(ics.contains("SUMMARY:Loopbaangesprek"), "{ics}");
    assert!(ics.contains("DTSTART:20300107T090000Z"), "{ics}");

    // The client sees it coming and can take it into their calendar too.
    let client = app.sign_in(&org.client, PASSWORD).await;
    let (_, mine) = app.call(&client, "/api/my/dossier", "").await;
    let mine = json(&mine);
    assert_eq!(mine["appointments"][0]["title"], "Loopbaangesprek");
    assert_eq!(mine["appointments"][0]["when"], "2030-01-07 10:00–11:00");
    let response = client
        .get(app.url(&format!("/appointments/{id}/calendar.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // Locked: no change, no cancelling.
    let (status, _) = app
        .call(&coach, "/api/agenda/lock", &format!("id={id}&confirm=yes"))
        .await;
    assert_eq!(status, 200);
    let mut change = book("2030-01-08T10:00", "2030-01-08T11:00");
    change = change.replace(&format!("client_id={dossier}"), &format!("id={id}"));
    let (status, body) = app.call(&coach, "/api/agenda/update", &change).await;
    assert_eq!(status, 409, "{body}");
    let (status, _) = app
        .call(&coach, "/api/agenda/delete", &format!("id={id}"))
        .await;
    assert_eq!(status, 409);

    // The week view holds it on its Monday.
    let (_, week) = app.call(&coach, "/api/agenda/week", "day=2030-01-09").await;
    let week = json(&week);
    assert_eq!(week["days"][0], "2030-01-07");
    assert_eq!(week["appointments"][0]["day"], "2030-01-07");

    // The private feed: shown once, carries no client name, stops when replaced or revoked.
    let (status, feed) = app.call(&coach, "/api/agenda/feed_new", "").await;
    assert_eq!(status, 200, "{feed}");
    let url = json(&feed)["url"].as_str().unwrap().to_string();
    let path = url.split_once("/calendar/").map(|(_, p)| p).unwrap();
    let anonymous = app.client();
    let response = anonymous
        .get(app.url(&format!("/calendar/{path}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains("SUMMARY:Loopbaangesprek"), "{body}");
    assert!(!body.contains("client Agenda"), "no client names: {body}");
    // The page that follows shows it once more (forms without JavaScript lose the answer),
    // then never again.
    let (_, status_body) = app.call(&coach, "/api/agenda/feed", "").await;
    assert_eq!(json(&status_body)["url"], url.as_str());
    let (_, status_body) = app.call(&coach, "/api/agenda/feed", "").await;
    assert!(json(&status_body)["url"].is_null(), "never shown again");
    let (_, _) = app.call(&coach, "/api/agenda/feed_new", "").await;
    let old = anonymous
        .get(app.url(&format!("/calendar/{path}")))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 404, "the replaced address stops");
    app.call(&coach, "/api/agenda/feed_revoke", "").await;
    let (_, status_body) = app.call(&coach, "/api/agenda/feed", "").await;
    assert!(json(&status_body)["active_since"].is_null());
}

/// Changing the time of an appointment that is about a trajectory keeps it about that
/// trajectory: the change form starts with the trajectory it has.
#[tokio::test]
async fn changing_an_appointment_keeps_its_trajectory() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Afspraak").await;
    for email in [&org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let (status, trajectory) = app
        .call(
            &coach,
            "/api/trajectories/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[title]", "Loopbaan"),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{trajectory}");
    let (status, id) = app
        .call(
            &coach,
            "/api/agenda/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[title]", "Tweede gesprek"),
                ("input[starts_at]", "2030-02-04T10:00"),
                ("input[ends_at]", "2030-02-04T11:00"),
                ("input[trajectory_id]", &trajectory),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let (status, _, page) = app.page(&coach, &DossierTab::Agenda.path(dossier)).await;
    assert_eq!(status, 200);
    let page = scraper::Html::parse_document(&page);
    let chosen = scraper::Selector::parse(&format!(
        "#edit-appointment-{id}-trajectory option[selected]"
    ))
    .unwrap();
    let chosen: Vec<String> = page
        .select(&chosen)
        .filter_map(|o| o.value().attr("value").map(str::to_string))
        .collect();
    assert_eq!(
        chosen,
        vec![trajectory],
        "the change form keeps the trajectory"
    );
}

#[tokio::test]
async fn minutes_add_up_per_week_and_month_and_stay_with_the_coaches() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Tijd").await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let log = |date: &str, minutes: &str| {
        form(&[
            ("client_id", &dossier.to_string()),
            ("input[date]", date),
            ("input[minutes]", minutes),
            ("input[activity]", "session"),
        ])
    };
    for bad in ["0", "1441", "drie kwartier"] {
        let (status, body) = app
            .call(&coach, "/api/time/log", &log("2026-11-20", bad))
            .await;
        assert_eq!(status, 422, "{bad}");
        assert!(body.contains("MinutesRange"), "{body}");
    }
    for (date, minutes) in [
        ("2026-11-16", "45"),
        ("2026-11-20", "30"),
        ("2026-11-23", "60"),
        ("2026-12-01", "15"),
    ] {
        let (status, body) = app.call(&coach, "/api/time/log", &log(date, minutes)).await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, body) = app
        .call(&coach, "/api/time/dossier", &format!("client_id={dossier}"))
        .await;
    let time = json(&body);
    let pairs = |list: &serde_json::Value| {
        list.as_array()
            .unwrap()
            .iter()
            .map(|t| {
                format!(
                    "{}={}",
                    t["period"].as_str().unwrap(),
                    t["minutes"].as_i64().unwrap()
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pairs(&time["weeks"]),
        vec!["2026-W49=15", "2026-W48=60", "2026-W47=75"],
        "{body}"
    );
    assert_eq!(pairs(&time["months"]), vec!["2026-12=15", "2026-11=135"]);

    // The owner sees every coach's minutes; nobody else removes the coach's own record.
    app.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-12-02T12:00:00Z")
            .unwrap()
            .into(),
    );
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let (_, overview) = app.call(&owner, "/api/time/overview", "").await;
    let overview = json(&overview);
    assert_eq!(overview["coaches"][0]["name"], "coach Tijd");
    assert_eq!(
        pairs(&overview["coaches"][0]["months"]),
        vec!["2026-12=15", "2026-11=135"]
    );
    assert_eq!(overview["clients"][0]["id"], dossier);
    let entry = time["entries"][0]["id"].to_string();
    let (status, _) = app
        .call(&owner, "/api/time/delete", &format!("id={entry}"))
        .await;
    assert_eq!(status, 403);

    // Minutes are the coaches' business: nothing of them reaches the client.
    let client = app.sign_in(&org.client, PASSWORD).await;
    let (status, mine) = app.call(&client, "/api/my/dossier", "").await;
    assert_eq!(status, 200);
    assert!(!mine.contains("minutes") && !mine.contains("135"), "{mine}");
    let (status, _) = app
        .call(
            &client,
            "/api/time/dossier",
            &format!("client_id={dossier}"),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn uploads_refuse_large_disguised_and_empty_files_and_leave_nothing_behind() {
    let app = TestApp::start_with(Settings {
        max_upload_bytes: 64 * 1024,
        ..Settings::default()
    })
    .await;
    let org = create_org(&app.db, "Upload").await;
    let other = create_org(&app.db, "Elders").await;
    for email in [&org.coach, &org.client, &other.owner] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let back = format!("/clients/{dossier}?tab=documents&");

    let mut too_large = PDF.to_vec();
    too_large.resize(64 * 1024 + 1, b' ');
    let executable = {
        let mut bytes = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
        bytes.resize(4096, 0);
        bytes
    };
    for (name, bytes, code) in [
        ("groot.pdf", too_large, "file_too_large"),
        ("factuur.pdf", executable, "file_type"),
        ("leeg.pdf", Vec::new(), "file_empty"),
        ("foto.jpg", PDF.to_vec(), "file_mismatch"),
    ] {
        let (status, location) = app.upload(&coach, Some(dossier), name, bytes).await;
        assert_eq!(status, 303, "{name}");
        assert_eq!(
            location,
            format!("{back}upload_error={code}#documents"),
            "{name}"
        );
    }
    assert!(app.stored_files().is_empty(), "{:?}", app.stored_files());
    let (_, list) = app
        .call(
            &coach,
            "/api/documents/list",
            &format!("client_id={dossier}"),
        )
        .await;
    assert_eq!(json(&list)["documents"].as_array().unwrap().len(), 0);

    // A real PDF is stored once and comes back as an attachment the browser may not sniff.
    let (status, location) = app
        .upload(&coach, Some(dossier), "Intakeverslag ö.pdf", PDF.to_vec())
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{back}upload=done#documents").as_str())
    );
    assert_eq!(app.stored_files().len(), 1);
    let (_, list) = app
        .call(
            &coach,
            "/api/documents/list",
            &format!("client_id={dossier}"),
        )
        .await;
    let list = json(&list);
    let document = &list["documents"][0];
    assert_eq!(document["kind"], "pdf");
    assert_eq!(document["uploaded_by"], "coach Upload");
    assert_eq!(document["shared_with_client"], false);
    let id = document["id"].to_string();
    let response = coach
        .get(app.url(&format!("/documents/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''Intakeverslag%20%C3%B6.pdf"),
        "{disposition}"
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);

    // The client sees it only once shared, and adds their own CV.
    let client = app.sign_in(&org.client, PASSWORD).await;
    let download = |session: reqwest::Client, id: String| {
        let url = app.url(&format!("/documents/{id}"));
        async move { session.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(download(client.clone(), id.clone()).await, 404);
    let (status, _) = app
        .call(
            &coach,
            "/api/documents/share",
            &format!("id={id}&share=true"),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(download(client.clone(), id.clone()).await, 200);
    let (status, location) = app.upload(&client, None, "mijn-cv.pdf", PDF.to_vec()).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/my?upload=done#documents")
    );
    let (_, mine) = app.call(&client, "/api/my/dossier", "").await;
    let names: Vec<String> = json(&mine)["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["filename"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, vec!["mijn-cv.pdf", "Intakeverslag ö.pdf"]);
    let (_, list) = app
        .call(
            &coach,
            "/api/documents/list",
            &format!("client_id={dossier}"),
        )
        .await;
    assert_eq!(json(&list)["documents"][0]["by_client"], true);

    // Another organization cannot fetch it, nor upload into this dossier.
    let outsider = app.sign_in(&other.owner, PASSWORD).await;
    assert_eq!(download(outsider.clone(), id.clone()).await, 404);
    let (status, _) = app
        .upload(&outsider, Some(dossier), "x.pdf", PDF.to_vec())
        .await;
    assert_eq!(status, 404);
    assert_eq!(app.stored_files().len(), 2);

    // Deleting removes the row and the bytes.
    let (status, _) = app
        .call(&coach, "/api/documents/delete", &format!("id={id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(app.stored_files().len(), 1);
    assert_eq!(download(coach.clone(), id).await, 404);
}
