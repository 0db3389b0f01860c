//! A practice with a dossier full of realistic work, seeded through the real HTTP API: what
//! the query budget renders its pages against and what the page benchmark measures.

use super::*;
use app::types::Role;

pub async fn call_ok(app: &TestApp, who: &reqwest::Client, path: &str, body: &str) -> String {
    let (status, answer) = app.call(who, path, body).await;
    assert_eq!(status, 200, "{path} {body}: {answer}");
    answer
}

pub struct World {
    pub app: TestApp,
    pub org: i32,
    pub operator: reqwest::Client,
    pub owner: reqwest::Client,
    pub coach: reqwest::Client,
    pub client: reqwest::Client,
    pub unconsented: reqwest::Client,
    pub anonymous: reqwest::Client,
    pub dossier: i32,
    pub exercise: String,
    pub assignment: String,
    pub batches: usize,
}

impl World {
    pub async fn new() -> World {
        let app = TestApp::start().await;
        let org = create_org(&app.db, "Budget").await;
        create_user(
            &app.db,
            None,
            Role::Operator,
            "operator.budget@example.test",
            "Operator",
        )
        .await;
        create_user(
            &app.db,
            Some(org.id),
            Role::Coach,
            "nieuw.budget@example.test",
            "Nog niet akkoord",
        )
        .await;
        for email in [
            &org.owner,
            &org.coach,
            &org.client,
            "operator.budget@example.test",
        ] {
            accept_terms(&app.db, email).await;
        }
        let world = World {
            operator: app.sign_in("operator.budget@example.test", PASSWORD).await,
            owner: app.sign_in(&org.owner, PASSWORD).await,
            coach: app.sign_in(&org.coach, PASSWORD).await,
            client: app.sign_in(&org.client, PASSWORD).await,
            unconsented: app.sign_in("nieuw.budget@example.test", PASSWORD).await,
            anonymous: app.client(),
            dossier: client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await,
            org: org.id,
            exercise: String::new(),
            assignment: String::new(),
            batches: 0,
            app,
        };
        let exercise = call_ok(
            &world.app,
            &world.coach,
            "/api/exercises/create",
            "title=Waarden",
        )
        .await;
        for (kind, prompt) in [
            ("short_text", "Wat vind je belangrijk?"),
            ("scale", "Hoe tevreden ben je?"),
            ("long_text", "Vertel eens over je week."),
        ] {
            call_ok(
                &world.app,
                &world.coach,
                "/api/exercises/add_question",
                &form(&[("id", &exercise), ("kind", kind), ("prompt", prompt)]),
            )
            .await;
        }
        World { exercise, ..world }
    }

    /// One batch of realistic dossier work: 3 trajectories with goals, 20 reports with an
    /// amendment each, 10 appointments, 30 time entries, 6 documents, 5 exercises answered
    /// (3 submitted with feedback), 40 journal entries (10 shared, with a comment), and 5
    /// more dossiers in the client list.
    pub async fn add_batch(&mut self) {
        self.batches += 1;
        let batch = self.batches;
        let (app, coach, client) = (&self.app, &self.coach, &self.client);
        let dossier = self.dossier.to_string();
        let mut trajectories = Vec::new();
        for t in 0..3 {
            trajectories.push(
                call_ok(
                    app,
                    coach,
                    "/api/trajectories/create",
                    &form(&[
                        ("client_id", &dossier),
                        ("input[title]", &format!("Traject {batch}.{t}")),
                        (
                            "input[goals]",
                            "Richting kiezen\nGesprek met leidinggevende",
                        ),
                    ]),
                )
                .await,
            );
        }
        for r in 0..20 {
            let report = call_ok(
                app,
                coach,
                "/api/reports/create",
                &form(&[
                    ("client_id", &dossier),
                    ("input[trajectory_id]", &trajectories[r % 3]),
                    (
                        "input[body]",
                        &format!("Gesprek {batch}.{r}: **wat goed ging**."),
                    ),
                    (
                        "input[visibility]",
                        if r % 2 == 0 { "client" } else { "author" },
                    ),
                    ("input[edit_rights]", "author"),
                ]),
            )
            .await;
            call_ok(
                app,
                coach,
                "/api/reports/lock",
                &form(&[("id", &report), ("confirm", "yes")]),
            )
            .await;
            call_ok(
                app,
                coach,
                "/api/reports/amend",
                &form(&[("id", &report), ("body", "Aanvulling na het gesprek.")]),
            )
            .await;
        }
        let today = chrono::Utc::now().date_naive();
        for a in 0..10i64 {
            let day = (today + chrono::Duration::days(a - 3)).format("%Y-%m-%d");
            call_ok(
                app,
                coach,
                "/api/agenda/create",
                &form(&[
                    ("client_id", &dossier),
                    ("input[title]", &format!("Gesprek {batch}.{a}")),
                    ("input[starts_at]", &format!("{day}T10:00")),
                    ("input[ends_at]", &format!("{day}T11:00")),
                    ("input[location]", "Spreekkamer 2"),
                    ("input[trajectory_id]", &trajectories[a as usize % 3]),
                ]),
            )
            .await;
        }
        for t in 0..30 {
            call_ok(
                app,
                coach,
                "/api/time/log",
                &form(&[
                    ("client_id", &dossier),
                    ("input[trajectory_id]", &trajectories[t % 3]),
                    ("input[minutes]", "45"),
                    ("input[activity]", "session"),
                    ("input[note]", &format!("Sessie {batch}.{t}")),
                ]),
            )
            .await;
        }
        for d in 0..6 {
            let (status, _) = app
                .upload(
                    coach,
                    Some(self.dossier),
                    &format!("verslag-{batch}-{d}.pdf"),
                    PDF.to_vec(),
                )
                .await;
            assert_eq!(status, 303, "upload");
        }
        for a in 0..5 {
            let assignment = call_ok(
                app,
                coach,
                "/api/assignments/assign",
                &form(&[
                    ("client_id", &dossier),
                    ("input[trajectory_id]", &trajectories[a % 3]),
                    ("input[exercise_id]", &self.exercise),
                    ("input[due_date]", "2030-02-01"),
                ]),
            )
            .await;
            for (key, value) in [("q1", "Vrijheid"), ("q2", "4"), ("q3", "Druk maar goed.")] {
                call_ok(
                    app,
                    client,
                    "/api/my/save_answer",
                    &form(&[
                        ("id", &assignment),
                        ("key", key),
                        ("values", &serde_json::json!([value]).to_string()),
                        ("seq", "1"),
                    ]),
                )
                .await;
            }
            if a < 3 {
                let response = client
                    .post(app.url(&format!("/my/assignments/{assignment}/answers")))
                    .multipart(
                        reqwest::multipart::Form::new()
                            .text("intent", "submit")
                            .text("confirm", "yes"),
                    )
                    .send()
                    .await
                    .unwrap();
                let location = response.headers()["location"].to_str().unwrap().to_string();
                assert!(location.contains("submitted=1"), "{location}");
                call_ok(
                    app,
                    coach,
                    "/api/assignments/feedback",
                    &form(&[("id", &assignment), ("feedback", "Mooi werk.")]),
                )
                .await;
            }
            self.assignment = assignment;
        }
        for j in 0..40 {
            let entry = call_ok(
                app,
                client,
                "/api/my/journal_write",
                &form(&[
                    (
                        "body",
                        &format!("Vandaag {batch}.{j}: een goed gesprek gehad."),
                    ),
                    ("share", if j % 4 == 0 { "yes" } else { "" }),
                ]),
            )
            .await;
            if j % 4 == 0 {
                call_ok(
                    app,
                    coach,
                    "/api/journal/comment",
                    &form(&[("id", &entry), ("body", "Dank je, dat lees ik graag.")]),
                )
                .await;
            }
        }
        for c in 0..5i64 {
            let day = today + chrono::Duration::days(c + 1);
            another_dossier(app, coach, &format!("Cliënt {batch}.{c}"), day).await;
        }
    }
}

/// Another dossier of the coach's, with an introduction on `day` and the time it took,
/// made over HTTP as the coach makes them. Returns its id.
pub async fn another_dossier(
    app: &TestApp,
    coach: &reqwest::Client,
    name: &str,
    day: chrono::NaiveDate,
) -> String {
    let dossier = call_ok(
        app,
        coach,
        "/api/clients/create",
        &form(&[("input[name]", name), ("input[email]", "")]),
    )
    .await;
    let day = day.format("%Y-%m-%d");
    call_ok(
        app,
        coach,
        "/api/agenda/create",
        &form(&[
            ("client_id", &dossier),
            ("input[title]", "Kennismaking"),
            ("input[starts_at]", &format!("{day}T14:00")),
            ("input[ends_at]", &format!("{day}T15:00")),
        ]),
    )
    .await;
    call_ok(
        app,
        coach,
        "/api/time/log",
        &form(&[
            ("client_id", &dossier),
            ("input[minutes]", "30"),
            ("input[activity]", "session"),
        ]),
    )
    .await;
    dossier
}
