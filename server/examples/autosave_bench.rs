//! Benchmark, not a test: many clients autosaving answers at once against a real Koers
//! server over HTTP, on SQLite or (with KOERS_TEST_DATABASE_URL=postgres://…) PostgreSQL.
//! Prints save latency (p50/p90/p99/max), throughput and errors, then checks that every
//! stored answer is the last value its client typed.
//!
//!     cargo run -p server --release --example autosave_bench
//!     KOERS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//!         cargo run -p server --release --example autosave_bench
//!
//! KOERS_BENCH_CLIENTS (200), KOERS_BENCH_SECONDS (60) and KOERS_BENCH_PAUSE_MS (1000: a
//! client pauses this long between saves, like someone typing with the 0.6 s debounce;
//! 0 saves flat out) change the load.

// The same real server on a fresh database as the integration tests use.
#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use app::model::assignments::AssignForm;
use app::model::trajectories::TrajectoryForm;
use app::server::auth::TenantContext;
use app::server::service::assignments;
use app::server::service::exercises;
use app::server::service::{clients, trajectories};
use app::types::Role;
use common::{TestApp, PASSWORD};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

const QUESTIONS: usize = 5;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A practice with an exercise of five short questions and `count` clients who each have
/// it assigned. Returns (e-mail, assignment id) per client.
async fn seed(
    db: &DatabaseConnection,
    keys: &app::server::Keyring,
    count: usize,
) -> (i32, Vec<(String, i32)>) {
    let now = chrono::Utc::now();
    let org = common::create_org_with_licence(db, "Bank", "extended").await;
    // The owner opens every dossier, so the owner assigns.
    let tenant = TenantContext {
        user_id: common::user_id(db, &org.owner).await,
        organization_id: org.id,
        role: Role::Owner,
        read_only: false,
        address: None,
        keys: keys.clone(),
    };
    let exercise = exercises::create(db, now, &tenant, "Bank", "")
        .await
        .unwrap();
    for n in 1..=QUESTIONS {
        exercises::add_question(
            db,
            now,
            &tenant,
            exercise,
            "short_text",
            &format!("Vraag {n}"),
        )
        .await
        .unwrap();
    }
    let mut seeded = Vec::new();
    for n in 0..count {
        let email = format!("client{n}.bank@example.test");
        let login = common::create_client(db, org.id, &email).await;
        let dossier = common::client_dossier_id(db, login).await;
        let dossier = clients::open(db, &tenant, dossier).await.unwrap();
        let trajectory = trajectories::create(
            db,
            now,
            &tenant,
            &dossier,
            &TrajectoryForm {
                title: "Traject".to_string(),
                ..TrajectoryForm::default()
            },
        )
        .await
        .unwrap();
        let id = assignments::assign(
            db,
            now,
            &tenant,
            &dossier,
            &AssignForm {
                trajectory_id: trajectory.to_string(),
                exercise_id: exercise.to_string(),
                ..AssignForm::default()
            },
        )
        .await
        .unwrap();
        seeded.push((email, id));
    }
    (org.id, seeded)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let count = setting("KOERS_BENCH_CLIENTS", 200) as usize;
    let seconds = setting("KOERS_BENCH_SECONDS", 60);
    let pause = Duration::from_millis(setting("KOERS_BENCH_PAUSE_MS", 1000));

    let server = TestApp::start().await;
    let db = server.db.clone();
    let base = server.base.clone();

    println!(
        "autosave benchmark on {}: {count} clients, {seconds} s, {} ms between a client's saves",
        server.backend,
        pause.as_millis()
    );
    let started = Instant::now();
    let (organization_id, seeded) = seed(&db, &server.keys, count).await;
    println!(
        "seeded {count} clients with an exercise each in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let sessions = futures_util::future::join_all(seeded.iter().map(|(email, _)| {
        let base = base.clone();
        async move {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap();
            let response = client
                .post(format!("{base}/api/auth/login"))
                .header("accept", "application/json")
                .form(&[("email", email.as_str()), ("password", PASSWORD)])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "sign-in of {email}");
            client
        }
    }))
    .await;
    println!(
        "signed in {count} clients in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let runs = sessions
        .into_iter()
        .zip(seeded.iter().map(|(_, id)| *id))
        .enumerate()
        .map(|(n, (client, id))| {
            let base = base.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut last = vec![None; QUESTIONS];
                // Clients start spread over the first pause, as people would.
                tokio::time::sleep(pause.mul_f64(n as f64 / count.max(1) as f64)).await;
                let mut seq: i64 = 0;
                while Instant::now() < deadline {
                    seq += 1;
                    let question = (seq as usize) % QUESTIONS;
                    let text = format!("Antwoord {n}, versie {seq}");
                    let values = serde_json::to_string(&[&text]).unwrap();
                    let sent = Instant::now();
                    let response = client
                        .post(format!("{base}/api/my/save_answer"))
                        .header("accept", "application/json")
                        .form(&[
                            ("id", id.to_string()),
                            ("key", format!("q{}", question + 1)),
                            ("values", values),
                            ("seq", seq.to_string()),
                        ])
                        .send()
                        .await;
                    match response {
                        Ok(r) if r.status() == 200 => {
                            let _ = r.bytes().await;
                            latencies.push(sent.elapsed());
                            last[question] = Some(text);
                        }
                        Ok(r) => {
                            errors += 1;
                            eprintln!(
                                "save failed: {} {}",
                                r.status(),
                                r.text().await.unwrap_or_default()
                            );
                        }
                        Err(e) => {
                            errors += 1;
                            eprintln!("save failed: {e}");
                        }
                    }
                    if !pause.is_zero() {
                        tokio::time::sleep(pause).await;
                    }
                }
                (id, latencies, errors, last)
            })
        })
        .collect::<Vec<_>>();
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut expected = Vec::new();
    for run in runs {
        let (id, l, e, last) = run.await.unwrap();
        latencies.extend(l);
        errors += e;
        expected.push((id, last));
    }
    latencies.sort();
    let total = latencies.len() as f64;
    println!(
        "saves: {} in {seconds} s ({:.0} per second), errors: {errors}",
        latencies.len(),
        total / seconds as f64
    );
    println!(
        "latency: p50 {}, p90 {}, p99 {}, max {}",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    );

    // What the server holds is what each client typed last.
    let mut wrong = 0;
    let mut checked = 0;
    for (id, last) in &expected {
        let answers = app::server::entity::answer::Entity::find()
            .filter(app::server::entity::answer::Column::AssignmentId.eq(*id))
            .all(&db)
            .await
            .unwrap();
        for (i, value) in last.iter().enumerate() {
            let Some(value) = value else { continue };
            checked += 1;
            let key = format!("q{}", i + 1);
            let stored = answers
                .iter()
                .find(|a| a.question_key == key)
                .map(|a| a.value.clone())
                .unwrap_or_default();
            // Stored sealed: opened as the server opens it.
            let place = app::server::service::sealing::ANSWER_VALUE
                .place(app::server::service::sealing::RowRef::Answer(*id, &key));
            let stored = server
                .keys
                .open(&db, organization_id, place, &stored)
                .await
                .unwrap_or_default();
            if stored != serde_json::to_string(&[value]).unwrap() {
                wrong += 1;
            }
        }
    }
    println!("stored answers checked: {checked}, not the last value typed: {wrong}");
}
