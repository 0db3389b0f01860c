//! Many people at once on one server, as in production: one multi-threaded runtime, many
//! concurrent page renders and server-function calls. Every request must be answered.

mod common;

use common::{accept_terms, create_org, TestApp, PASSWORD};

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

async fn futures_join(
    tasks: Vec<tokio::task::JoinHandle<(&'static str, u16)>>,
) -> Vec<(&'static str, u16)> {
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}
