//! Trajectories of a dossier: goals, the intake → active → closed path, and what the
//! client sees of them.

mod common;

use common::{accept_terms, client_dossier_id, create_org, form, json, user_id, TestApp, PASSWORD};

#[tokio::test]
async fn a_trajectory_runs_from_intake_to_closed_and_the_client_follows_it() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Traject").await;
    for email in [&org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;

    let (status, body) = app
        .call(
            &coach,
            "/api/trajectories/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[title]", ""),
                ("input[start_date]", "morgen"),
            ]),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("title") && body.contains("DateInvalid"),
        "{body}"
    );

    let (status, id) = app
        .call(
            &coach,
            "/api/trajectories/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[title]", "Loopbaan 2027"),
                ("input[start_date]", "2026-11-02"),
                (
                    "input[goals]",
                    "Sterke punten kennen\n\n  Een cv dat past  \n",
                ),
                ("input[notes]", "Werkaantekening van de coach"),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let (_, list) = app
        .call(
            &coach,
            "/api/trajectories/list",
            &format!("client_id={dossier}"),
        )
        .await;
    let list = json(&list);
    assert_eq!(list[0]["status"], "intake");
    assert_eq!(list[0]["coach"], "coach Traject");
    let goals: Vec<_> = list[0]["goals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["text"].clone())
        .collect();
    assert_eq!(goals, ["Sterke punten kennen", "Een cv dat past"]);

    // Not running yet: the client does not see it.
    let (_, mine) = app.call(&client, "/api/trajectories/mine", "").await;
    assert_eq!(json(&mine).as_array().unwrap().len(), 0);

    let status_of = |status: &str, end: &str| format!("id={id}&status={status}&end_date={end}");
    assert_eq!(
        app.call(&coach, "/api/trajectories/status", &status_of("active", ""))
            .await
            .0,
        200
    );
    let goal = list[0]["goals"][0]["id"].to_string();
    assert_eq!(
        app.call(
            &coach,
            "/api/trajectories/goal_status",
            &format!("id={goal}&status=achieved")
        )
        .await
        .0,
        200
    );
    let (_, mine) = app.call(&client, "/api/trajectories/mine", "").await;
    let mine = json(&mine);
    assert_eq!(mine[0]["title"], "Loopbaan 2027");
    assert_eq!(mine[0]["goals"][0]["status"], "achieved");
    assert_eq!(
        mine[0]["notes"],
        serde_json::Value::Null,
        "the coach's notes stay with the coach"
    );
    let (_, _, page) = app.page(&client, "/my").await;
    assert!(page.contains("Loopbaan 2027") && page.contains("Een cv dat past"));
    assert!(!page.contains("Werkaantekening"));

    // Closing asks for an end date, not before the start.
    let (status, body) = app
        .call(&coach, "/api/trajectories/status", &status_of("closed", ""))
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("end_date") && body.contains("Required"),
        "{body}"
    );
    let (status, body) = app
        .call(
            &coach,
            "/api/trajectories/status",
            &status_of("closed", "2026-10-01"),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        app.call(
            &coach,
            "/api/trajectories/status",
            &status_of("closed", "2026-11-20")
        )
        .await
        .0,
        200
    );
    let (status, body) = app
        .call(&coach, "/api/trajectories/status", &status_of("active", ""))
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("TransitionNotAllowed"), "{body}");
    let (_, list) = app
        .call(
            &coach,
            "/api/trajectories/list",
            &format!("client_id={dossier}"),
        )
        .await;
    assert_eq!(json(&list)[0]["end_date"], "2026-11-20");
    let (_, mine) = app.call(&client, "/api/trajectories/mine", "").await;
    assert_eq!(
        json(&mine).as_array().unwrap().len(),
        0,
        "closed ones leave the client's view"
    );

    // The list filters by trajectory status.
    let (_, closed) = app.call(&coach, "/api/clients/list", "status=closed").await;
    assert!(closed.contains("client Traject"), "{closed}");
    let (_, active) = app.call(&coach, "/api/clients/list", "status=active").await;
    assert!(!active.contains("client Traject"), "{active}");
}
