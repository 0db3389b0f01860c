//! Exercises given to clients: the version a client got stays as it was, autosave keeps the
//! value typed last whatever order saves arrive in, submitting makes answers read-only,
//! and feedback and reopening reach the client.

mod common;

use common::{accept_terms, client_dossier_id, create_org, form, json, user_id, TestApp, PASSWORD};

/// An organization whose coach gave an exercise to its client.
struct Given {
    app: TestApp,
    org: i32,
    coach: reqwest::Client,
    client: reqwest::Client,
    exercise: String,
    dossier: i32,
    trajectory: String,
    assignment: String,
}

async fn call_ok(app: &TestApp, who: &reqwest::Client, path: &str, body: &str) -> String {
    let (status, answer) = app.call(who, path, body).await;
    assert_eq!(status, 200, "{path} ({}): {answer}", app.backend);
    answer
}

/// An exercise with a required short text (q1), a scale 1–5 (q2) and a checklist (q3),
/// given to the client.
async fn given(marker: &str) -> Given {
    let app = TestApp::start().await;
    let org = create_org(&app.db, marker).await;
    for email in [&org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let exercise = call_ok(&app, &coach, "/api/exercises/create", "title=Waarden").await;
    for (kind, prompt) in [
        ("short_text", "Wat vind je belangrijk?"),
        ("scale", "Hoe tevreden ben je?"),
        ("checklist", "Wat doe je al?"),
    ] {
        call_ok(
            &app,
            &coach,
            "/api/exercises/add_question",
            &form(&[("id", &exercise), ("kind", kind), ("prompt", prompt)]),
        )
        .await;
    }
    call_ok(
        &app,
        &coach,
        "/api/exercises/update_question",
        &form(&[
            ("id", &exercise),
            ("key", "q1"),
            ("input[prompt]", "Wat vind je belangrijk?"),
            ("input[required]", "yes"),
        ]),
    )
    .await;
    call_ok(
        &app,
        &coach,
        "/api/exercises/update_question",
        &form(&[
            ("id", &exercise),
            ("key", "q3"),
            ("input[prompt]", "Wat doe je al?"),
            ("input[options]", "sporten\nlezen\nwandelen"),
        ]),
    )
    .await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let trajectory = call_ok(
        &app,
        &coach,
        "/api/trajectories/create",
        &form(&[
            ("client_id", &dossier.to_string()),
            ("input[title]", "Loopbaan"),
        ]),
    )
    .await;
    let assignment = call_ok(
        &app,
        &coach,
        "/api/assignments/assign",
        &form(&[
            ("client_id", &dossier.to_string()),
            ("input[trajectory_id]", &trajectory),
            ("input[exercise_id]", &exercise),
            ("input[due_date]", "2030-02-01"),
            ("input[message]", "Neem er de tijd voor."),
        ]),
    )
    .await;
    Given {
        app,
        org: org.id,
        coach,
        client,
        exercise,
        dossier,
        trajectory,
        assignment,
    }
}

impl Given {
    async fn save(&self, key: &str, values: &[&str], seq: i64) -> (u16, serde_json::Value) {
        let values = serde_json::to_string(values).unwrap();
        let (status, body) = self
            .app
            .call(
                &self.client,
                "/api/my/save_answer",
                &form(&[
                    ("id", &self.assignment),
                    ("key", key),
                    ("values", &values),
                    ("seq", &seq.to_string()),
                ]),
            )
            .await;
        (
            status,
            serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
        )
    }

    async fn mine(&self) -> serde_json::Value {
        json(
            &call_ok(
                &self.app,
                &self.client,
                "/api/my/assignment",
                &format!("id={}", self.assignment),
            )
            .await,
        )
    }

    /// Posts the answer form as a browser without JavaScript does; returns where it
    /// sends the browser.
    async fn post_form(&self, fields: &[(&str, &str)]) -> (u16, String) {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        let response = self
            .client
            .post(
                self.app
                    .url(&format!("/my/assignments/{}/answers", self.assignment)),
            )
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, location)
    }
}

fn answer<'a>(assignment: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    assignment["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == key)
        .unwrap_or_else(|| panic!("no answer to {key}: {assignment}"))
}

#[tokio::test]
async fn editing_an_exercise_after_a_client_started_leaves_their_questions_and_answers() {
    let g = given("Versie").await;
    let (status, _) = g.save("q1", &["Eerlijkheid"], 1).await;
    assert_eq!(status, 200);
    let before = g.mine().await;
    assert_eq!(before["version"], 1);

    // The coach rewrites question 1, removes the scale and adds a date question.
    call_ok(
        &g.app,
        &g.coach,
        "/api/exercises/update_question",
        &form(&[
            ("id", &g.exercise),
            ("key", "q1"),
            ("input[prompt]", "Welke waarde staat voor jou bovenaan?"),
        ]),
    )
    .await;
    call_ok(
        &g.app,
        &g.coach,
        "/api/exercises/remove_question",
        &form(&[("id", &g.exercise), ("key", "q2")]),
    )
    .await;
    call_ok(
        &g.app,
        &g.coach,
        "/api/exercises/add_question",
        &form(&[
            ("id", &g.exercise),
            ("kind", "date"),
            ("prompt", "Wanneer?"),
        ]),
    )
    .await;
    let library = json(
        &call_ok(
            &g.app,
            &g.coach,
            "/api/exercises/get",
            &format!("id={}", g.exercise),
        )
        .await,
    );
    assert_eq!(library["version"], 2, "{library}");

    // The client still has version 1: its questions and the answer, unchanged.
    let after = g.mine().await;
    assert_eq!(after["version"], 1);
    assert_eq!(after["questions"], before["questions"]);
    assert_eq!(after["questions"][0]["prompt"], "Wat vind je belangrijk?");
    assert_eq!(after["questions"][1]["kind"], "scale");
    assert_eq!(answer(&after, "q1")["values"][0], "Eerlijkheid");
    let (status, _) = g.save("q2", &["4"], 2).await;
    assert_eq!(
        status, 200,
        "the scale of version 1 is still there to answer"
    );
    let (status, _) = g.save("q4", &["2030-01-01"], 3).await;
    assert_eq!(
        status, 404,
        "version 2's question is not in this assignment"
    );

    // A new assignment gets version 2.
    let second = call_ok(
        &g.app,
        &g.coach,
        "/api/assignments/assign",
        &form(&[
            ("client_id", &g.dossier.to_string()),
            ("input[trajectory_id]", &g.trajectory),
            ("input[exercise_id]", &g.exercise),
        ]),
    )
    .await;
    let newer = json(
        &call_ok(
            &g.app,
            &g.client,
            "/api/my/assignment",
            &format!("id={second}"),
        )
        .await,
    );
    assert_eq!(newer["version"], 2);
    assert_eq!(
        newer["questions"][0]["prompt"],
        "Welke waarde staat voor jou bovenaan?"
    );
    assert!(newer["answers"].as_array().unwrap().is_empty());
    let rows = json(&call_ok(&g.app, &g.client, "/api/my/assignments", "").await);
    let statuses: Vec<_> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, vec!["open", "started"], "newest first: {rows}");
}

#[tokio::test]
async fn autosave_keeps_the_latest_typed_value_whatever_order_saves_arrive_in() {
    let g = given("Volgorde").await;
    // Typed "ik", "ik ben", "ik ben er" (seq 10, 20, 30); they arrive 30, 10, 30, 20.
    let (status, last) = g.save("q1", &["ik ben er"], 30).await;
    assert_eq!(status, 200);
    assert_eq!(last["kept"], true);
    let (_, stale) = g.save("q1", &["ik"], 10).await;
    assert_eq!(stale["kept"], false, "{stale}");
    assert_eq!(
        stale["values"][0], "ik ben er",
        "the stale save is told what stands"
    );
    assert_eq!(stale["seq"], 30);
    let (status, again) = g.save("q1", &["ik ben er"], 30).await;
    assert_eq!(status, 200);
    assert_eq!(
        again["kept"], true,
        "a repeated save is simply done: {again}"
    );
    let (_, late) = g.save("q1", &["ik ben"], 20).await;
    assert_eq!(late["kept"], false);
    assert_eq!(answer(&g.mine().await, "q1")["values"][0], "ik ben er");

    // Two tabs: the later typing wins even when it arrives first; the other tab learns it.
    let (_, tab_b) = g.save("q2", &["4"], 101).await;
    assert_eq!(tab_b["kept"], true);
    let (_, tab_a) = g.save("q2", &["2"], 100).await;
    assert_eq!(tab_a["kept"], false);
    assert_eq!(tab_a["values"][0], "4");
    // Each tab's other questions are untouched by the other tab's saves.
    assert_eq!(answer(&g.mine().await, "q1")["values"][0], "ik ben er");

    // Many saves of one question at once, in random order: the highest number stands.
    let mut order: Vec<i64> = (1000..1040).collect();
    order.reverse();
    order.rotate_left(13);
    let saves = order.iter().map(|seq| {
        let value = format!("versie {seq}");
        let g = &g;
        async move { g.save("q1", &[value.as_str()], *seq).await.0 }
    });
    let statuses = futures_util::future::join_all(saves).await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let stored = g.mine().await;
    assert_eq!(answer(&stored, "q1")["values"][0], "versie 1039");
    assert_eq!(answer(&stored, "q1")["seq"], 1039);

    // What does not fit the question is refused with a message for that question.
    let (status, body) = g.save("q2", &["9"], 2000).await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("AnswerInvalid"), "{body}");
    let (status, body) = g.save("q3", &["sporten", "vissen"], 2001).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(answer(&g.mine().await, "q2")["values"][0], "4");
}

#[tokio::test]
async fn a_submitted_exercise_is_read_only_and_feedback_and_reopening_reach_the_client() {
    let g = given("Inleveren").await;
    let (status, _) = g.save("q2", &["5"], 1).await;
    assert_eq!(status, 200);

    // Without JavaScript: the form saves, and submitting checks what is required.
    let q2 = answer(&g.mine().await, "q2")["seq"].to_string();
    let (status, location) = g
        .post_form(&[
            ("base_q1", "0"),
            ("q1", ""),
            ("base_q2", &q2),
            ("q2", "5"),
            ("base_q3", "0"),
            ("q3", "lezen"),
            ("q3", "sporten"),
            ("intent", "submit"),
        ])
        .await;
    assert_eq!(status, 303);
    assert!(
        location.contains("q1:Required") && location.contains("confirm:MustAgree"),
        "{location}"
    );
    let mine = g.mine().await;
    assert_eq!(mine["status"], "started");
    assert_eq!(
        answer(&mine, "q3")["values"],
        serde_json::json!(["sporten", "lezen"]),
        "what was sent is saved, even though the submit was refused"
    );

    // A stale form (another tab saved q3 since) leaves the later answer and says so.
    let (status, _) = g.save("q3", &["wandelen"], i64::MAX / 2).await;
    assert_eq!(status, 200);
    let (_, location) = g
        .post_form(&[("base_q3", "0"), ("q3", "lezen"), ("intent", "save")])
        .await;
    assert!(location.contains("conflicts=q3"), "{location}");
    assert_eq!(answer(&g.mine().await, "q3")["values"][0], "wandelen");

    let (_, location) = g
        .post_form(&[
            ("base_q1", "0"),
            ("q1", "Vrijheid"),
            ("intent", "submit"),
            ("confirm", "yes"),
        ])
        .await;
    assert!(location.contains("submitted=1"), "{location}");
    let mine = g.mine().await;
    assert_eq!(mine["status"], "submitted");
    assert!(mine["submitted"].is_string());

    // Read-only for the client now, by autosave and by form.
    let (status, body) = g.save("q1", &["Iets anders"], i64::MAX / 2 + 1).await;
    assert_eq!(status, 409, "{body}");
    let (_, location) = g
        .post_form(&[("base_q1", "0"), ("q1", "Iets anders"), ("intent", "save")])
        .await;
    assert!(location.contains("locked=1"), "{location}");
    assert_eq!(answer(&g.mine().await, "q1")["values"][0], "Vrijheid");

    // The coach has a notice and gives feedback per answer and overall.
    let notices = json(&call_ok(&g.app, &g.coach, "/api/notices/list", "").await);
    assert_eq!(notices[0]["kind"], "submitted", "{notices}");
    assert_eq!(notices[0]["read"], false);
    assert_eq!(notices[0]["link"], format!("/assignments/{}", g.assignment));
    let review = json(
        &call_ok(
            &g.app,
            &g.coach,
            "/api/assignments/get",
            &format!("id={}", g.assignment),
        )
        .await,
    );
    assert_eq!(answer(&review, "q1")["values"][0], "Vrijheid");
    let notices = json(&call_ok(&g.app, &g.coach, "/api/notices/list", "").await);
    assert_eq!(
        notices[0]["read"], false,
        "reading the review changes nothing"
    );
    // Following the notice marks it read and leads to the review.
    let (status, location, _) = g
        .app
        .post_form(
            &g.coach,
            "/api/notices/open",
            &format!("id={}", notices[0]["id"]),
        )
        .await;
    assert_eq!(status, 302, "a browser without JavaScript is sent on");
    assert_eq!(
        location.as_deref(),
        Some(&*format!("/assignments/{}", g.assignment))
    );
    let notices = json(&call_ok(&g.app, &g.coach, "/api/notices/list", "").await);
    assert_eq!(notices[0]["read"], true, "following it marks it read");
    let (status, body) = g
        .app
        .call(
            &g.coach,
            "/api/assignments/feedback",
            &form(&[
                ("id", &g.assignment),
                ("key", "q1"),
                ("feedback", &"x".repeat(5_001)),
            ]),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    call_ok(
        &g.app,
        &g.coach,
        "/api/assignments/feedback",
        &form(&[
            ("id", &g.assignment),
            ("key", "q1"),
            ("feedback", "Mooi verwoord."),
        ]),
    )
    .await;
    call_ok(
        &g.app,
        &g.coach,
        "/api/assignments/feedback",
        &form(&[
            ("id", &g.assignment),
            ("key", ""),
            ("feedback", "Goed gedaan!"),
        ]),
    )
    .await;
    let mine = g.mine().await;
    assert_eq!(answer(&mine, "q1")["feedback"], "Mooi verwoord.");
    assert_eq!(mine["feedback"], "Goed gedaan!");
    assert_eq!(mine["feedback_by"], "coach Inleveren");
    let notices = json(&call_ok(&g.app, &g.client, "/api/notices/list", "").await);
    let kinds: Vec<_> = notices
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec!["feedback", "assigned"],
        "one notice for two pieces of feedback: {notices}"
    );

    // Reopened: the client may change answers again, and is told.
    call_ok(
        &g.app,
        &g.coach,
        "/api/assignments/reopen",
        &format!("id={}", g.assignment),
    )
    .await;
    let (status, _) = g.save("q1", &["Vrijheid en rust"], i64::MAX / 2 + 2).await;
    assert_eq!(status, 200);
    let notices = json(&call_ok(&g.app, &g.client, "/api/notices/list", "").await);
    assert_eq!(notices[0]["kind"], "reopened", "{notices}");
    let rows = json(
        &call_ok(
            &g.app,
            &g.coach,
            "/api/assignments/dossier",
            &format!("client_id={}", g.dossier),
        )
        .await,
    );
    assert_eq!(rows[0]["status"], "started");
    assert_eq!(rows[0]["answered"], 3);
    assert_eq!(rows[0]["has_feedback"], true);

    // Started work is not withdrawn.
    let (status, _) = g
        .app
        .call(
            &g.coach,
            "/api/assignments/withdraw",
            &format!("id={}", g.assignment),
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn assigning_names_what_is_missing_and_another_client_reaches_nothing() {
    let g = given("Toewijzen").await;
    let dossier = g.dossier.to_string();
    let (status, body) = g
        .app
        .call(
            &g.coach,
            "/api/assignments/assign",
            &form(&[("client_id", &dossier), ("input[due_date]", "morgen")]),
        )
        .await;
    assert_eq!(status, 422);
    for field in ["trajectory_id", "exercise_id", "due_date"] {
        assert!(body.contains(field), "{field}: {body}");
    }
    let empty = call_ok(&g.app, &g.coach, "/api/exercises/create", "title=Leeg").await;
    let (status, body) = g
        .app
        .call(
            &g.coach,
            "/api/assignments/assign",
            &form(&[
                ("client_id", &dossier),
                ("input[trajectory_id]", &g.trajectory),
                ("input[exercise_id]", &empty),
            ]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("ExerciseEmpty"), "{body}");

    // Another client of the same organization: not found, for reading and for saving.
    let other = "ander.toewijzen@example.test";
    common::create_client(&g.app.db, g.org, other).await;
    let stranger = g.app.sign_in(other, PASSWORD).await;
    let id = format!("id={}", g.assignment);
    assert_eq!(
        g.app.call(&stranger, "/api/my/assignment", &id).await.0,
        404
    );
    assert_eq!(g.app.call(&stranger, "/api/my/answers", &id).await.0, 404);
    let save = format!("{id}&key=q1&values=%5B%22x%22%5D&seq=1");
    assert_eq!(
        g.app.call(&stranger, "/api/my/save_answer", &save).await.0,
        404
    );
    let (status, _, _) = g
        .app
        .page(&stranger, &format!("/my/exercises/{}", g.assignment))
        .await;
    assert_eq!(status, 404);
    assert!(g.mine().await["answers"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_scored_exercise_is_scored_on_submit_and_shown_to_the_client_only_when_allowed() {
    let g = given("Score").await;
    // The coach scores q2 (scale 1–5) reversed, in a scale with bands.
    call_ok(
        &g.app,
        &g.coach,
        "/api/exercises/add_scale",
        &form(&[("id", &g.exercise), ("scale_name", "Tevredenheid")]),
    )
    .await;
    let (status, body) = g
        .app
        .call(
            &g.coach,
            "/api/exercises/update_scale",
            &form(&[
                ("id", &g.exercise),
                ("scale", "s1"),
                ("name", "Tevredenheid"),
                ("weights[q2]", "twee"),
                ("bands", "Laag 1 tot 2"),
            ]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("WeightRange") && body.contains("BandsInvalid"),
        "{body}"
    );
    call_ok(
        &g.app,
        &g.coach,
        "/api/exercises/update_scale",
        &form(&[
            ("id", &g.exercise),
            ("scale", "s1"),
            ("name", "Tevredenheid"),
            ("weights[q2]", "2"),
            ("reverse[q2]", "yes"),
            ("bands", "Laag: 1 – 2,5\nHoog: 2,51 – 5"),
        ]),
    )
    .await;
    let exercise = json(
        &call_ok(
            &g.app,
            &g.coach,
            "/api/exercises/get",
            &format!("id={}", g.exercise),
        )
        .await,
    );
    assert_eq!(
        exercise["scoring"]["scales"][0]["items"][0]["reverse"], true,
        "{exercise}"
    );
    assert_eq!(exercise["version"], 2, "the given version 1 stays unscored");

    let dossier = g.dossier.to_string();
    let mut scored = Vec::new();
    // Three submissions: 5, 1 and 2 on q2, reversed on 1–5 to 1, 5 and 4.
    for (point, show) in [("5", "yes"), ("1", ""), ("2", "yes")] {
        let id = call_ok(
            &g.app,
            &g.coach,
            "/api/assignments/assign",
            &form(&[
                ("client_id", &dossier),
                ("input[trajectory_id]", &g.trajectory),
                ("input[exercise_id]", &g.exercise),
                ("input[show_results]", show),
            ]),
        )
        .await;
        let response = g
            .client
            .post(g.app.url(&format!("/my/assignments/{id}/answers")))
            .multipart(
                reqwest::multipart::Form::new()
                    .text("base_q1", "0")
                    .text("q1", "Rust")
                    .text("base_q2", "0")
                    .text("q2", point)
                    .text("intent", "submit")
                    .text("confirm", "yes"),
            )
            .send()
            .await
            .unwrap();
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(location.contains("submitted=1"), "{location}");
        scored.push(id);
    }
    let review = json(
        &call_ok(
            &g.app,
            &g.coach,
            "/api/assignments/get",
            &format!("id={}", scored[0]),
        )
        .await,
    );
    assert_eq!(review["scores"][0]["score"], 1.0, "{review}");
    assert_eq!(review["scores"][0]["band"], "Laag");
    let hidden = json(
        &call_ok(
            &g.app,
            &g.client,
            "/api/my/assignment",
            &format!("id={}", scored[1]),
        )
        .await,
    );
    assert!(
        hidden["scores"].as_array().unwrap().is_empty(),
        "not shown: {hidden}"
    );
    let shown = json(
        &call_ok(
            &g.app,
            &g.client,
            "/api/my/assignment",
            &format!("id={}", scored[2]),
        )
        .await,
    );
    assert_eq!(shown["scores"][0]["score"], 4.0);
    assert_eq!(shown["scores"][0]["band"], "Hoog");

    // Over time: the dossier has all three points, the client the two that are shown.
    let results = json(
        &call_ok(
            &g.app,
            &g.coach,
            "/api/assignments/results",
            &format!("client_id={dossier}"),
        )
        .await,
    );
    let points: Vec<f64> = results[0]["scales"][0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["score"].as_f64().unwrap())
        .collect();
    assert_eq!(points, vec![1.0, 5.0, 4.0], "{results}");
    assert_eq!(
        (
            results[0]["scales"][0]["min"].as_i64(),
            results[0]["scales"][0]["max"].as_i64()
        ),
        (Some(1), Some(5))
    );
    let mine = json(&call_ok(&g.app, &g.client, "/api/my/results", "").await);
    assert_eq!(
        mine[0]["scales"][0]["points"].as_array().unwrap().len(),
        2,
        "{mine}"
    );
    call_ok(
        &g.app,
        &g.coach,
        "/api/assignments/show_results",
        &format!("id={}&show=true", scored[1]),
    )
    .await;
    let mine = json(&call_ok(&g.app, &g.client, "/api/my/results", "").await);
    assert_eq!(mine[0]["scales"][0]["points"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_new_organization_has_two_example_assessments_ready_to_give() {
    let g = given("Voorbeeld").await;
    let library = json(&call_ok(&g.app, &g.coach, "/api/exercises/list", "").await);
    let titles: Vec<&str> = library
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Energiecheck werk") && titles.contains(&"Veerkracht bij verandering"),
        "{titles:?}"
    );
    let example = library
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Veerkracht bij verandering")
        .unwrap();
    let full = json(
        &call_ok(
            &g.app,
            &g.coach,
            "/api/exercises/get",
            &format!("id={}", example["id"]),
        )
        .await,
    );
    assert_eq!(full["scoring"]["scales"][0]["name"], "Veerkracht");
    assert_eq!(full["questions"].as_array().unwrap().len(), 7);
}
