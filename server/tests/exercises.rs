//! The exercise library: building an exercise from every kind of question, checking each
//! kind's fields, ordering, duplicating, archiving, and versions that stay as given.

mod common;

use common::{accept_terms, create_org, form, json, TestApp, PASSWORD};

const KINDS: [&str; 8] = [
    "short_text",
    "long_text",
    "scale",
    "single_choice",
    "multiple_choice",
    "checklist",
    "date",
    "file",
];

#[tokio::test]
async fn a_coach_builds_an_exercise_from_every_kind_of_question() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Bouw").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;

    let (status, body) = app.call(&coach, "/api/exercises/create", "title=").await;
    assert_eq!(status, 422);
    assert!(
        body.contains("title") && body.contains("Required"),
        "{body}"
    );
    let (status, id) = app
        .call(
            &coach,
            "/api/exercises/create",
            &form(&[
                ("title", "Waar krijg ik energie van?"),
                ("intro", "Neem er **rustig** de tijd voor."),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    for kind in KINDS {
        let (status, body) = app
            .call(
                &coach,
                "/api/exercises/add_question",
                &form(&[
                    ("id", &id),
                    ("kind", kind),
                    ("prompt", &format!("Vraag {kind}")),
                ]),
            )
            .await;
        assert_eq!(status, 200, "{kind}: {body}");
    }
    let (status, body) = app
        .call(
            &coach,
            "/api/exercises/add_question",
            &form(&[("id", &id), ("kind", "essay"), ("prompt", "x")]),
        )
        .await;
    assert_eq!(status, 422, "{body}");

    // Each kind asks for its own fields, with a message next to the wrong one. `edit` posts
    // the question form (its fields as `input[field]`).
    let edit = |key: &str, pairs: &[(&str, &str)]| {
        let fields: Vec<(String, &str)> = pairs
            .iter()
            .map(|(field, value)| (format!("input[{field}]"), *value))
            .collect();
        let mut all = vec![("id", id.as_str()), ("key", key)];
        all.extend(fields.iter().map(|(name, value)| (name.as_str(), *value)));
        form(&all)
    };
    let (status, body) = app
        .call(
            &coach,
            "/api/exercises/update_question",
            &edit(
                "q3",
                &[
                    ("prompt", "Hoeveel energie?"),
                    ("scale_min", "5"),
                    ("scale_max", "5"),
                ],
            ),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("scale_max") && body.contains("ScaleRange"),
        "{body}"
    );
    let (status, _) = app
        .call(
            &coach,
            "/api/exercises/update_question",
            &edit(
                "q3",
                &[
                    ("prompt", "Hoeveel energie geeft je werk?"),
                    ("scale_min", "1"),
                    ("scale_max", "7"),
                    ("min_label", "Geen"),
                    ("max_label", "Heel veel"),
                    ("required", "yes"),
                ],
            ),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = app
        .call(
            &coach,
            "/api/exercises/update_question",
            &edit(
                "q4",
                &[("prompt", "Kies er één"), ("options", "alleen deze")],
            ),
        )
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("OptionsNeeded"), "{body}");
    let (status, _) = app
        .call(
            &coach,
            "/api/exercises/update_question",
            &edit(
                "q4",
                &[
                    ("prompt", "Waar werk je het liefst?"),
                    ("options", "Thuis\nOp kantoor\n\nOnderweg"),
                ],
            ),
        )
        .await;
    assert_eq!(status, 200);

    // Order and removal.
    app.call(
        &coach,
        "/api/exercises/move_question",
        &form(&[("id", &id), ("key", "q3"), ("direction", "up")]),
    )
    .await;
    app.call(&coach, "/api/exercises/remove_question", &edit("q8", &[]))
        .await;
    let (_, body) = app
        .call(&coach, "/api/exercises/get", &format!("id={id}"))
        .await;
    let exercise = json(&body);
    let keys: Vec<&str> = exercise["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, vec!["q1", "q3", "q2", "q4", "q5", "q6", "q7"]);
    let scale = &exercise["questions"][1];
    assert_eq!(
        (scale["scale_min"].as_i64(), scale["scale_max"].as_i64()),
        (Some(1), Some(7))
    );
    assert_eq!(scale["max_label"], "Heel veel");
    assert_eq!(scale["required"], true);
    assert_eq!(
        exercise["questions"][3]["options"],
        serde_json::json!(["Thuis", "Op kantoor", "Onderweg"])
    );
    assert!(exercise["intro_html"]
        .as_str()
        .unwrap()
        .contains("<strong>rustig</strong>"));
    assert_eq!(exercise["version"], 1);

    // A new question after removing one never takes a used key.
    app.call(
        &coach,
        "/api/exercises/add_question",
        &form(&[
            ("id", &id),
            ("kind", "date"),
            ("prompt", "Wanneer begin je?"),
        ]),
    )
    .await;
    let (_, body) = app
        .call(&coach, "/api/exercises/get", &format!("id={id}"))
        .await;
    assert_eq!(json(&body)["questions"][7]["key"], "q9");

    // Duplicate and archive.
    let (status, copy) = app
        .call(&coach, "/api/exercises/duplicate", &format!("id={id}"))
        .await;
    assert_eq!(status, 200);
    let (_, body) = app
        .call(&coach, "/api/exercises/get", &format!("id={copy}"))
        .await;
    let duplicate = json(&body);
    assert_eq!(duplicate["title"], "Waar krijg ik energie van? (kopie)");
    assert_eq!(
        duplicate["questions"],
        exercise_after(&app, &coach, &id).await["questions"]
    );
    app.call(
        &coach,
        "/api/exercises/archive",
        &format!("id={copy}&archive=true"),
    )
    .await;
    let (_, list) = app
        .call(&coach, "/api/exercises/list", "archived=false")
        .await;
    // Besides the example assessments every organization starts with: the original only.
    let list = json(&list);
    let ours: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| [&id, &copy].contains(&&e["id"].to_string()))
        .collect();
    assert_eq!(ours.len(), 1);
    assert_eq!(ours[0]["id"].to_string(), id);
    assert_eq!(ours[0]["questions"], 8);
    let (_, archived) = app
        .call(&coach, "/api/exercises/list", "archived=true")
        .await;
    assert_eq!(json(&archived)[0]["id"].to_string(), copy);

    // The preview shows the questions as the client will get them.
    let (status, _, page) = app.page(&coach, &format!("/exercises/{id}/preview")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Hoeveel energie geeft je werk?"), "preview");
    assert!(page.contains("Op kantoor"));
}

async fn exercise_after(app: &TestApp, coach: &reqwest::Client, id: &str) -> serde_json::Value {
    let (_, body) = app
        .call(coach, "/api/exercises/get", &format!("id={id}"))
        .await;
    json(&body)
}

#[tokio::test]
async fn a_version_given_to_a_client_stays_and_the_next_edit_makes_a_new_one() {
    use app::server::entity::exercise_version;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Versie").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let (_, id) = app
        .call(&coach, "/api/exercises/create", "title=Waarden")
        .await;
    app.call(
        &coach,
        "/api/exercises/add_question",
        &form(&[
            ("id", &id),
            ("kind", "long_text"),
            ("prompt", "Wat is je belangrijk?"),
        ]),
    )
    .await;
    // Before anyone got it, edits stay in version 1.
    app.call(
        &coach,
        "/api/exercises/update_question",
        &form(&[
            ("id", &id),
            ("key", "q1"),
            ("input[prompt]", "Wat vind je belangrijk in werk?"),
        ]),
    )
    .await;
    assert_eq!(exercise_after(&app, &coach, &id).await["version"], 1);

    // Given to a client (what assigning does): version 1 is frozen.
    let exercise_id: i32 = id.parse().unwrap();
    let exercise = app::server::entity::exercise::Entity::find_by_id(exercise_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let current = app::server::service::exercises::current(&app.db, &exercise)
        .await
        .unwrap();
    app::server::service::exercises::freeze(&app.db, chrono::Utc::now(), current)
        .await
        .unwrap();
    let given = exercise_after(&app, &coach, &id).await;
    assert_eq!(given["frozen"], true);

    app.call(
        &coach,
        "/api/exercises/update_question",
        &form(&[
            ("id", &id),
            ("key", "q1"),
            ("input[prompt]", "Herschreven vraag"),
        ]),
    )
    .await;
    app.call(
        &coach,
        "/api/exercises/add_question",
        &form(&[("id", &id), ("kind", "date"), ("prompt", "Nieuwe vraag")]),
    )
    .await;
    let now = exercise_after(&app, &coach, &id).await;
    assert_eq!(
        now["version"], 2,
        "one new version for the edits after giving it"
    );
    assert_eq!(now["frozen"], false);
    assert_eq!(now["questions"].as_array().unwrap().len(), 2);

    let versions = exercise_version::Entity::find()
        .filter(exercise_version::Column::ExerciseId.eq(exercise_id))
        .order_by_asc(exercise_version::Column::Version)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(versions.len(), 2);
    let first: serde_json::Value = serde_json::from_str(&versions[0].questions).unwrap();
    assert_eq!(
        first, given["questions"],
        "what the client was given is unchanged"
    );
    assert_eq!(first[0]["prompt"], "Wat vind je belangrijk in werk?");
}
