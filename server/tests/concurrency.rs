//! Many people at once on one server, as in production: one multi-threaded runtime, many
//! concurrent page renders and server-function calls. Every request must be answered.

mod common;

use std::sync::Arc;

use common::{accept_terms, create_org, form, TestApp, PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_page_renders_and_calls_all_complete() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Druk").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let anonymous = app.client();
    let mut tasks = Vec::new();
    for round in 0..40 {
        let (client, path) = match round % 4 {
            0 => (coach.clone(), "/dashboard"),
            1 => (anonymous.clone(), "/privacy"),
            2 => (coach.clone(), "/consent"),
            _ => (anonymous.clone(), "/"),
        };
        let url = app.url(path);
        tasks.push(tokio::spawn(async move {
            let response = client.get(url).send().await.unwrap();
            (path, response.status().as_u16())
        }));
    }
    let all = tokio::time::timeout(std::time::Duration::from_secs(60), futures_join(tasks))
        .await
        .expect("every request is answered within a minute");
    for (path, status) in all {
        assert_eq!(status, 200, "{path}");
    }
}

/// A coach with the builder open in two tabs adds questions quickly while other pages load.
/// Each change reads the exercise and writes it back in one transaction: on SQLite such a
/// transaction must hold the write lock from its start (or it fails with "database is locked"
/// when another request commits in between, and every request saves its session), and on
/// PostgreSQL the row must be locked (or the later change writes over the earlier one).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_added_at_the_same_moment_all_land() {
    let app = Arc::new(TestApp::start().await);
    let org = create_org(&app.db, "Tegelijk").await;
    accept_terms(&app.db, &org.coach).await;
    let tab_a = app.sign_in(&org.coach, PASSWORD).await;
    let tab_b = app.sign_in(&org.coach, PASSWORD).await;
    let (status, id) = app
        .call(&tab_a, "/api/exercises/create", "title=Tegelijk")
        .await;
    assert_eq!(status, 200, "{id}");

    const ADDED: usize = 24;
    let mut tasks = Vec::new();
    for n in 0..ADDED {
        let app = app.clone();
        let tab = if n % 2 == 0 {
            tab_a.clone()
        } else {
            tab_b.clone()
        };
        let id = id.clone();
        tasks.push(tokio::spawn(async move {
            // Page loads in between: each one saves its session, a competing write.
            let page = tab.get(app.url("/exercises")).send().await.unwrap();
            assert_eq!(page.status().as_u16(), 200);
            let prompt = format!("Vraag {n}");
            app.call(
                &tab,
                "/api/exercises/add_question",
                &form(&[("id", &id), ("kind", "short_text"), ("prompt", &prompt)]),
            )
            .await
        }));
    }
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(status, 200, "adding a question failed: {body}");
    }

    let (_, body) = app
        .call(&tab_a, "/api/exercises/get", &format!("id={id}"))
        .await;
    let exercise: serde_json::Value = serde_json::from_str(&body).unwrap();
    let questions = exercise["questions"].as_array().unwrap();
    let mut prompts: Vec<&str> = questions
        .iter()
        .map(|q| q["prompt"].as_str().unwrap())
        .collect();
    prompts.sort_unstable();
    let mut expected: Vec<String> = (0..ADDED).map(|n| format!("Vraag {n}")).collect();
    expected.sort_unstable();
    assert_eq!(prompts, expected, "every question added is in the exercise");
    let mut keys: Vec<&str> = questions
        .iter()
        .map(|q| q["key"].as_str().unwrap())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), ADDED, "every question has its own key");
}

async fn futures_join(
    tasks: Vec<tokio::task::JoinHandle<(&'static str, u16)>>,
) -> Vec<(&'static str, u16)> {
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}
