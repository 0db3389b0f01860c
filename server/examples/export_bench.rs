//! Benchmark, not a test: how long the practice's exports of a large organization take (the
//! Excel workbook, the Word dossier reports, the Word agenda and time of five days) and how much
//! memory the server needs for each, on SQLite or (with
//! KOERS_TEST_DATABASE_URL=postgres://…) PostgreSQL.
//!
//!     cargo run -p server --release --example export_bench
//!
//! One organization with 5,000 dossiers (KOERS_BENCH_CLIENTS), each with a trajectory, 10
//! reports of a few paragraphs (KOERS_BENCH_REPORTS), 2 appointments and 4 time entries
//! (a month apart, the dossiers spread over the days of a month),
//! written as plaintext and then sealed the way the start-up step seals older content. The
//! owner downloads each export of the whole organization over HTTP from a real server in this
//! process; the figures are the time to the last byte, the file's size, and the process's
//! resident memory (sampled every 5 ms) before and at its highest during the export.

#[path = "../tests/common/mod.rs"]
mod common;

/// The allocator the server binary uses (server/src/main.rs), so the figures are its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::model::organizations::Licence;
use app::model::reports::{EditRights, Visibility};
use app::model::time::Activity;
use app::model::trajectories::TrajectoryStatus;
use app::server::entity::{
    appointment, client, client_coach, organization, report, time_entry, trajectory,
};
use common::{accept_terms, create_org, user_id, TestApp, PASSWORD};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The process's resident memory, in kilobytes.
fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

const PARAGRAPH: &str = "We spraken over de afgelopen weken: wat ging goed op het werk, waar \
     liep het vast en welke stap de cliënt nu wil zetten. De cliënt merkt dat het gesprek met \
     de leidinggevende rust gaf; de afspraak over thuiswerken helpt. Volgende keer kijken we \
     naar de vragenlijst over loopbaanankers en wat die zegt over de richting van het traject.";

#[tokio::main]
async fn main() {
    let clients = setting("KOERS_BENCH_CLIENTS", 5_000) as i64;
    let per_client = setting("KOERS_BENCH_REPORTS", 10) as i64;
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Groot").await;
    accept_terms(&app.db, &org.owner).await;
    let coach = user_id(&app.db, &org.coach).await;
    let mut licence = organization::Entity::find_by_id(org.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    licence.licence = Set(Licence::Custom);
    licence.max_clients = Set(Some(clients as i32 + 10));
    licence.update(&app.db).await.unwrap();

    let seeding = Instant::now();
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let body = format!("{PARAGRAPH}\n\n{PARAGRAPH}");
    // Batches small enough for SQLite's limit on values per statement.
    for start in (0..clients).step_by(100) {
        let tx = app.db.begin().await.unwrap();
        let mut fresh = Vec::new();
        for c in start..(start + 100).min(clients) {
            let dossier = client::ActiveModel {
                organization_id: Set(org.id),
                name: Set(format!("Cliënt {c:05}")),
                email: Set(Some(format!("client{c}@groot.example.test"))),
                address: Set(Some(format!("Dorpsstraat {c}, 1234 AB Ergens"))),
                responsible_coach_id: Set(Some(coach)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await
            .unwrap();
            fresh.push(dossier.id);
        }
        let (mut grants, mut trajectories, mut reports, mut appointments, mut times) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for &dossier in &fresh {
            grants.push(client_coach::ActiveModel {
                client_id: Set(dossier),
                user_id: Set(coach),
            });
            trajectories.push(trajectory::ActiveModel {
                organization_id: Set(org.id),
                client_id: Set(dossier),
                title: Set("Loopbaanbegeleiding".to_string()),
                coach_id: Set(Some(coach)),
                status: Set(TrajectoryStatus::Active),
                start_date: Set(Some(today - chrono::Duration::days(120))),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
            for r in 0..per_client {
                reports.push(report::ActiveModel {
                    organization_id: Set(org.id),
                    client_id: Set(dossier),
                    author_id: Set(Some(coach)),
                    report_date: Set(today - chrono::Duration::days(r * 7)),
                    body: Set(body.clone()),
                    visibility: Set(Visibility::Team),
                    edit_rights: Set(EditRights::Author),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                });
            }
            // Spread over the days, as a practice's agenda is.
            let spread = i64::from(dossier % 30);
            for a in 0..2 {
                let starts = now - chrono::Duration::days(spread + a * 30);
                appointments.push(appointment::ActiveModel {
                    organization_id: Set(org.id),
                    client_id: Set(dossier),
                    coach_id: Set(Some(coach)),
                    title: Set("Gesprek".to_string()),
                    starts_at: Set(starts),
                    ends_at: Set(starts + chrono::Duration::hours(1)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                });
            }
            for t in 0..4 {
                times.push(time_entry::ActiveModel {
                    organization_id: Set(org.id),
                    client_id: Set(dossier),
                    coach_id: Set(Some(coach)),
                    entry_date: Set(today - chrono::Duration::days(spread + t * 30)),
                    minutes: Set(45),
                    activity: Set(Activity::Session),
                    created_at: Set(now),
                    ..Default::default()
                });
            }
        }
        client_coach::Entity::insert_many(grants)
            .exec(&tx)
            .await
            .unwrap();
        trajectory::Entity::insert_many(trajectories)
            .exec(&tx)
            .await
            .unwrap();
        for chunk in reports.chunks(1_000) {
            report::Entity::insert_many(chunk.to_vec())
                .exec(&tx)
                .await
                .unwrap();
        }
        appointment::Entity::insert_many(appointments)
            .exec(&tx)
            .await
            .unwrap();
        time_entry::Entity::insert_many(times)
            .exec(&tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    let sealed = app::server::service::sealing::seal_existing(&app.db, &app.keys)
        .await
        .unwrap();
    println!(
        "{}: seeded {clients} dossiers with {} reports ({sealed} values sealed) in {:.1} s",
        app.backend,
        clients * per_client,
        seeding.elapsed().as_secs_f64()
    );

    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let reports = clients * per_client;
    let week = (today - chrono::Duration::days(4)).format("%Y-%m-%d");
    for (what, path) in [
        (
            "Excel export",
            "/exports/clients.xlsx?archived=all".to_string(),
        ),
        (
            "Word dossier reports (ZIP)",
            "/exports/dossiers.zip?archived=all".to_string(),
        ),
        (
            "Word agenda and time of 5 days",
            format!("/exports/agenda.docx?archived=all&from={week}"),
        ),
    ] {
        let figures = download(&app, &owner, &path).await;
        println!(
            "{}: {what} of {clients} dossiers / {reports} reports: {figures}",
            app.backend
        );
    }
}

/// Downloads `path` to the last byte while sampling the resident memory; the figures.
async fn download(app: &TestApp, owner: &reqwest::Client, path: &str) -> String {
    let before = rss_kb();
    let peak = Arc::new(AtomicU64::new(before));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kb(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let started = Instant::now();
    let mut response = owner.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let first_byte = started.elapsed();
    let mut size = 0u64;
    while let Some(chunk) = response.chunk().await.unwrap() {
        size += chunk.len() as u64;
    }
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let peak = peak.load(Ordering::Relaxed);
    format!(
        "{:.1} s to the last byte ({:.1} s to the first), {:.1} MB; resident memory {:.0} MB \
         before, {:.0} MB at its highest (+{:.0} MB)",
        took.as_secs_f64(),
        first_byte.as_secs_f64(),
        size as f64 / 1e6,
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        (peak.saturating_sub(before)) as f64 / 1024.0,
    )
}
