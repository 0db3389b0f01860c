//! One dossier with every kind of content, each text a marker word that occurs nowhere
//! else, written through the real HTTP API: what the encryption, export and erasure tests
//! look for in the database, the storage folder and the export.

use super::*;

/// What [`write_every_kind`] wrote.
pub struct Written {
    pub report: i32,
    pub trajectory: String,
    pub assignment: String,
    pub entry: String,
    /// The PDF uploaded, byte for byte.
    pub pdf: Vec<u8>,
    /// Every marker, each in one piece of content.
    pub markers: Vec<&'static str>,
}

pub async fn ok(app: &TestApp, who: &reqwest::Client, path: &str, body: &str) -> String {
    let (status, answer) = app.call(who, path, body).await;
    assert_eq!(status, 200, "{path} ({}): {answer}", app.backend);
    answer
}

/// Writes a report shared with the client (locked and amended when `amendment` is given);
/// returns its id.
pub async fn write_report(
    app: &TestApp,
    coach: &reqwest::Client,
    dossier: i32,
    body: &str,
    amendment: Option<&str>,
) -> i32 {
    let id = ok(
        app,
        coach,
        "/api/reports/create",
        &form(&[
            ("client_id", &dossier.to_string()),
            ("input[date]", "2026-11-20"),
            ("input[body]", body),
            ("input[visibility]", "client"),
            ("input[edit_rights]", "author"),
        ]),
    )
    .await;
    if let Some(amendment) = amendment {
        ok(
            app,
            coach,
            "/api/reports/lock",
            &format!("id={id}&confirm=yes"),
        )
        .await;
        ok(
            app,
            coach,
            "/api/reports/amend",
            &form(&[("id", &id), ("body", amendment)]),
        )
        .await;
    }
    id.parse().unwrap()
}

/// A report, an amendment, a dossier note, a trajectory with a goal, an appointment, time, an
/// exercise answered, scored and given feedback, a shared journal entry with a comment, and
/// a PDF: by `coach` and `client` in `dossier`.
pub async fn write_every_kind(
    app: &TestApp,
    coach: &reqwest::Client,
    client: &reqwest::Client,
    dossier: i32,
) -> Written {
    let dossier_id = dossier.to_string();
    let report = write_report(
        app,
        coach,
        dossier,
        "Rapport-Ijsvogel",
        Some("Aanvulling-Kievit"),
    )
    .await;
    ok(
        app,
        coach,
        "/api/clients/update",
        &form(&[
            ("id", &dossier_id),
            ("input[name]", "Cliënt Alles"),
            ("input[notes]", "Notitie-Roerdomp"),
        ]),
    )
    .await;

    // An exercise with a scored scale and a text question, answered and handed in.
    let exercise = ok(app, coach, "/api/exercises/create", "title=Kluis").await;
    for (kind, prompt) in [("short_text", "Wat speelt er?"), ("scale", "Hoe gaat het?")] {
        ok(
            app,
            coach,
            "/api/exercises/add_question",
            &form(&[("id", &exercise), ("kind", kind), ("prompt", prompt)]),
        )
        .await;
    }
    ok(
        app,
        coach,
        "/api/exercises/add_scale",
        &form(&[("id", &exercise), ("scale_name", "Welzijn")]),
    )
    .await;
    ok(
        app,
        coach,
        "/api/exercises/update_scale",
        &form(&[
            ("id", &exercise),
            ("scale", "s1"),
            ("name", "Welzijn"),
            ("weights[q2]", "3"),
        ]),
    )
    .await;
    let trajectory = ok(
        app,
        coach,
        "/api/trajectories/create",
        &form(&[
            ("client_id", &dossier_id),
            ("input[title]", "Traject-Zeearend"),
        ]),
    )
    .await;
    let assignment = ok(
        app,
        coach,
        "/api/assignments/assign",
        &form(&[
            ("client_id", &dossier_id),
            ("input[trajectory_id]", &trajectory),
            ("input[exercise_id]", &exercise),
            ("input[show_results]", "yes"),
        ]),
    )
    .await;
    let response = client
        .post(app.url(&format!("/my/assignments/{assignment}/answers")))
        .multipart(
            reqwest::multipart::Form::new()
                .text("base_q1", "0")
                .text("q1", "Antwoord-Grutto")
                .text("base_q2", "0")
                .text("q2", "4")
                .text("intent", "submit")
                .text("confirm", "yes"),
        )
        .send()
        .await
        .unwrap();
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .contains("submitted=1"));
    for (key, text) in [("q1", "Feedback-Lepelaar"), ("", "Feedback-Wulp")] {
        ok(
            app,
            coach,
            "/api/assignments/feedback",
            &form(&[("id", &assignment), ("key", key), ("feedback", text)]),
        )
        .await;
    }

    let entry = ok(
        app,
        client,
        "/api/my/journal_write",
        &form(&[
            ("date", "2026-11-21"),
            ("body", "Dagboek-Tureluur"),
            ("share", "yes"),
        ]),
    )
    .await;
    ok(
        app,
        coach,
        "/api/journal/comment",
        &form(&[("id", &entry), ("body", "Reactie-Zwaluw")]),
    )
    .await;

    // A PDF whose text names someone.
    let mut pdf = PDF.to_vec();
    pdf.extend_from_slice(b"% Document-Roodborst\n");
    let (status, _) = app
        .upload(coach, Some(dossier), "cv.pdf", pdf.clone())
        .await;
    assert_eq!(status, 303);

    Written {
        report,
        trajectory,
        assignment,
        entry,
        pdf,
        markers: vec![
            "Rapport-Ijsvogel",
            "Aanvulling-Kievit",
            "Notitie-Roerdomp",
            "Antwoord-Grutto",
            "Feedback-Lepelaar",
            "Feedback-Wulp",
            "Dagboek-Tureluur",
            "Reactie-Zwaluw",
        ],
    }
}
