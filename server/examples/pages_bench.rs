//! Benchmark, not a test: how fast a real Koers server answers its main pages for a
//! signed-in coach and client, against the bare server (`/healthz`), on SQLite or (with
//! KOERS_TEST_DATABASE_URL=postgres://…) PostgreSQL.
//!
//!     cargo run -p server --release --example pages_bench
//!     KOERS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//!         cargo run -p server --release --example pages_bench
//!
//! The release site is built with type-erased views (`--cfg erase_components`, see
//! ARCHITECTURE.md), which changes what a render costs; to measure that shape, add
//! `RUSTFLAGS="--cfg erase_components"` and a `CARGO_TARGET_DIR` of its own.
//!
//! The database holds 5,000 other organizations (each with an owner, a coach and 9 clients
//! with an appointment, a time entry and a report). The measured organization starts with
//! a coach who has 45 clients: one dossier with the query budget's realistic work (3
//! trajectories, 20 locked and amended reports, 10 appointments, 30 time entries, 6
//! documents, 5 exercises answered, a journal of 40 entries) and 44 with an appointment, a
//! time entry and a report each. Every target is driven by the same number of connections
//! for the same time, one after the other in one run. Then the organization grows to 100×
//! its clients (99 more coaches with 45 clients each, and their work) and everything is
//! measured again: one coach's pages must not slow down because their practice grew.
//!
//! KOERS_BENCH_CONNECTIONS (32), KOERS_BENCH_SECONDS (5 per target), KOERS_BENCH_ORGS
//! (5000) and KOERS_BENCH_SCALE (100) change the load.
//!
//! With `--features bench` it first measures what privacy costs the dossier: the realistic
//! dossier is written with sealing switched off (app/src/server/bench.rs), its pages are
//! measured without and with the access log, then everything is sealed as the start-up
//! step seals content from before encryption, and both are measured again. Same data, same
//! server, same run; the last of the four is what Koers always does.
//!
//!     cargo run -p server --release --features bench --example pages_bench

#[path = "../tests/common/mod.rs"]
mod common;

/// The allocator the server binary uses (server/src/main.rs), so the figures are its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::model::clients::DossierTab;
use app::model::members::UserStatus;
use app::model::organizations::{Licence, OrganizationStatus};
use app::model::reports::{EditRights, Visibility};
use app::model::time::Activity;
use app::server::entity::{
    appointment, client, client_coach, organization, report, time_entry, user,
};
use app::types::Role;
use common::realistic::{another_dossier, call_ok, World};
use common::{accept_terms, create_user, form, TestApp, PASSWORD};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait,
};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Other practices in the same database, written straight into the tables in one
/// transaction: nobody signs in to them, they are only there to be filtered out.
async fn other_organizations(db: &DatabaseConnection, count: u64) {
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let tx = db.begin().await.unwrap();
    for n in 0..count {
        let org = organization::ActiveModel {
            name: Set(format!("Andere praktijk {n}")),
            licence: Set(Licence::Standard),
            status: Set(OrganizationStatus::Active),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&tx)
        .await
        .unwrap();
        let mut staff = Vec::new();
        for role in [Role::Owner, Role::Coach] {
            let person = user::ActiveModel {
                organization_id: Set(Some(org.id)),
                role: Set(role),
                email: Set(format!("{}.{n}@andere.example.test", role.as_str())),
                name: Set(format!("{} {n}", role.as_str())),
                password_hash: Set(None),
                status: Set(UserStatus::Active),
                language: Set("nl".to_string()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await
            .unwrap();
            staff.push(person.id);
        }
        let coach = staff[1];
        let (mut grants, mut appointments, mut times, mut reports) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for c in 0..9i64 {
            let dossier = client::ActiveModel {
                organization_id: Set(org.id),
                name: Set(format!("Cliënt {n}.{c}")),
                responsible_coach_id: Set(Some(coach)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&tx)
            .await
            .unwrap();
            grants.push(client_coach::ActiveModel {
                client_id: Set(dossier.id),
                user_id: Set(coach),
            });
            let starts = now + chrono::Duration::days(c - 4);
            appointments.push(appointment::ActiveModel {
                organization_id: Set(org.id),
                client_id: Set(dossier.id),
                coach_id: Set(Some(coach)),
                title: Set("Gesprek".to_string()),
                starts_at: Set(starts),
                ends_at: Set(starts + chrono::Duration::hours(1)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
            times.push(time_entry::ActiveModel {
                organization_id: Set(org.id),
                client_id: Set(dossier.id),
                coach_id: Set(Some(coach)),
                entry_date: Set(today),
                minutes: Set(45),
                activity: Set(Activity::Session),
                created_at: Set(now),
                ..Default::default()
            });
            reports.push(report::ActiveModel {
                organization_id: Set(org.id),
                client_id: Set(dossier.id),
                author_id: Set(Some(coach)),
                report_date: Set(today),
                body: Set("Een gesprek over de richting van het traject.".to_string()),
                visibility: Set(Visibility::Author),
                edit_rights: Set(EditRights::Author),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        client_coach::Entity::insert_many(grants)
            .exec(&tx)
            .await
            .unwrap();
        appointment::Entity::insert_many(appointments)
            .exec(&tx)
            .await
            .unwrap();
        time_entry::Entity::insert_many(times)
            .exec(&tx)
            .await
            .unwrap();
        report::Entity::insert_many(reports)
            .exec(&tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

/// A custom licence with seats for everyone the benchmark adds.
async fn room_for(db: &DatabaseConnection, org: i32, clients: i32) {
    let mut found: organization::ActiveModel = organization::Entity::find_by_id(org)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    found.licence = Set(Licence::Custom);
    found.max_clients = Set(Some(clients + 10));
    found.max_coaches = Set(Some(clients));
    found.update(db).await.unwrap();
}

/// `count` more dossiers for a coach, each with an appointment in the coming weeks (or
/// the past ones), a time entry and a report, made the way the coach makes them: over HTTP.
async fn more_clients(app: &TestApp, coach: &reqwest::Client, marker: &str, count: usize) {
    let today = chrono::Utc::now().date_naive();
    for c in 0..count {
        // Spread over three months around today, as a practice's calendar is.
        let day = today + chrono::Duration::days(c as i64 % 90 - 45);
        let dossier = another_dossier(app, coach, &format!("Cliënt {marker}.{c}"), day).await;
        call_ok(
            app,
            coach,
            "/api/reports/create",
            &form(&[
                ("client_id", &dossier),
                ("input[body]", "Kennismaking: wat wil je bereiken?"),
                ("input[visibility]", "author"),
                ("input[edit_rights]", "author"),
            ]),
        )
        .await;
    }
}

/// Grows the measured organization to `scale` times its clients: more coaches, each with
/// as many clients as the measured coach, made in parallel.
async fn grow(world: &World, scale: u64, per_coach: usize) {
    let coaches = (1..scale).map(|n| {
        let app = &world.app;
        async move {
            let email = format!("coach{n}.groei@example.test");
            create_user(
                &app.db,
                Some(world.org),
                Role::Coach,
                &email,
                &format!("Begeleider {n}"),
            )
            .await;
            accept_terms(&app.db, &email).await;
            let coach = app.sign_in(&email, PASSWORD).await;
            more_clients(app, &coach, &format!("g{n}"), per_coach).await;
        }
    });
    use futures_util::StreamExt;
    futures_util::stream::iter(coaches)
        .buffer_unordered(4)
        .collect::<Vec<_>>()
        .await;
}

/// After a burst of writes, what the database does by itself once the writers pause: SQLite
/// folds its write-ahead log back into the file (readers behind a long log read slower;
/// with readers always active the automatic checkpoint never finishes), PostgreSQL's
/// autovacuum cleans up and renews the planner's statistics. Done here, before measuring,
/// so the grown run measures the size rather than the burst, and autovacuum does not run on
/// the same two cores in the middle of it.
async fn settle(db: &DatabaseConnection) {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => "PRAGMA wal_checkpoint(TRUNCATE)",
        _ => "VACUUM ANALYZE",
    };
    db.execute_unprepared(sql).await.unwrap();
}

enum Call {
    Get(String),
    /// The client's autosave of one answer, with a rising sequence number.
    Autosave(String),
}

struct Target {
    name: String,
    who: reqwest::Client,
    call: Call,
}

struct Measured {
    name: String,
    requests: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
    errors: u64,
    statements: f64,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn drive(app: &TestApp, target: &Target, connections: u64, seconds: u64) -> Measured {
    let seq = Arc::new(AtomicI64::new(1_000_000));
    let one = |deadline: Instant| {
        let (who, seq) = (target.who.clone(), seq.clone());
        let request = match &target.call {
            Call::Get(path) => (app.url(path), None),
            Call::Autosave(id) => (app.url("/api/my/save_answer"), Some(id.clone())),
        };
        async move {
            let (mut latencies, mut errors) = (Vec::new(), 0u64);
            while Instant::now() < deadline {
                let sent = Instant::now();
                let response = match &request {
                    // As a browser asks: the answer may come compressed.
                    (url, None) => {
                        who.get(url)
                            .header("accept-encoding", "br, gzip")
                            .send()
                            .await
                    }
                    (url, Some(id)) => {
                        let seq = seq.fetch_add(1, Ordering::Relaxed).to_string();
                        let values = serde_json::json!([format!("Antwoord {seq}")]).to_string();
                        who.post(url)
                            .header("accept", "application/json")
                            .form(&[
                                ("id", id.as_str()),
                                ("key", "q1"),
                                ("values", &values),
                                ("seq", &seq),
                            ])
                            .send()
                            .await
                    }
                };
                match response {
                    Ok(r) if r.status() == 200 => match r.bytes().await {
                        Ok(_) => latencies.push(sent.elapsed()),
                        Err(_) => errors += 1,
                    },
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        }
    };
    // A second of warm-up (connections opened, caches filled) that is not counted.
    let warm = Instant::now() + Duration::from_secs(1);
    futures_util::future::join_all((0..connections).map(|_| tokio::spawn(one(warm)))).await;

    let before = app.statements.count();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let runs =
        futures_util::future::join_all((0..connections).map(|_| tokio::spawn(one(deadline)))).await;
    let elapsed = started.elapsed().as_secs_f64();
    let statements = app.statements.count() - before;
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for run in runs {
        let (l, e) = run.unwrap();
        latencies.extend(l);
        errors += e;
    }
    latencies.sort();
    Measured {
        name: target.name.clone(),
        requests: latencies.len(),
        per_second: latencies.len() as f64 / elapsed,
        p50: percentile(&latencies, 0.50),
        p99: percentile(&latencies, 0.99),
        errors,
        statements: statements as f64 / latencies.len().max(1) as f64,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn print_table(title: &str, results: &[Measured]) {
    let bare = results[0].per_second.max(f64::MIN_POSITIVE);
    println!("\n{title}");
    println!(
        "| {:<34} | {:>9} | {:>9} | {:>9} | {:>6} | {:>10} | {:>10} |",
        "request", "req/s", "p50", "p99", "errors", "of healthz", "statements"
    );
    println!(
        "|{:-<36}|{:->11}|{:->11}|{:->11}|{:->8}|{:->12}|{:->12}|",
        "", "", "", "", "", "", ""
    );
    for m in results {
        println!(
            "| {:<34} | {:>9.0} | {:>9} | {:>9} | {:>6} | {:>9.1} % | {:>10.1} |",
            m.name,
            m.per_second,
            ms(m.p50),
            ms(m.p99),
            m.errors,
            100.0 * m.per_second / bare,
            m.statements
        );
    }
    let total: usize = results.iter().map(|m| m.requests).sum();
    println!("({total} requests measured)");
}

async fn measure(world: &World, connections: u64, seconds: u64) -> Vec<Measured> {
    let targets = [
        (
            "/healthz, no cookie",
            &world.anonymous,
            "/healthz".to_string(),
        ),
        (
            "/healthz, signed-in cookie",
            &world.coach,
            "/healthz".to_string(),
        ),
        (
            "/login (public page)",
            &world.anonymous,
            "/login".to_string(),
        ),
        ("/dashboard (coach)", &world.coach, "/dashboard".to_string()),
        ("/clients (coach)", &world.coach, "/clients".to_string()),
        (
            "/clients/:id (dossier, coach)",
            &world.coach,
            format!("/clients/{}", world.dossier),
        ),
        (
            "/clients/:id?tab=reports (20 reports)",
            &world.coach,
            DossierTab::Reports.path(world.dossier),
        ),
        ("/agenda (coach)", &world.coach, "/agenda".to_string()),
        ("/my (client's home)", &world.client, "/my".to_string()),
        (
            "/my/exercises/:id (client)",
            &world.client,
            format!("/my/exercises/{}", world.assignment),
        ),
    ]
    .into_iter()
    .map(|(name, who, path)| Target {
        name: name.to_string(),
        who: who.clone(),
        call: Call::Get(path),
    })
    .chain([Target {
        name: "autosave (client, POST)".to_string(),
        who: world.client.clone(),
        call: Call::Autosave(world.assignment.clone()),
    }]);
    let mut results = Vec::new();
    for target in targets {
        results.push(drive(&world.app, &target, connections, seconds).await);
    }
    results
}

#[tokio::main]
async fn main() {
    let connections = setting("KOERS_BENCH_CONNECTIONS", 32);
    let seconds = setting("KOERS_BENCH_SECONDS", 5);
    let orgs = setting("KOERS_BENCH_ORGS", 5000);
    let scale = setting("KOERS_BENCH_SCALE", 100).max(1);
    const CLIENTS: usize = 45;

    let started = Instant::now();
    let mut world = World::new().await;
    println!(
        "page benchmark on {} (release: {}), {connections} connections, {seconds} s per request",
        world.app.backend,
        !cfg!(debug_assertions)
    );
    room_for(&world.app.db, world.org, scale as i32 * CLIENTS as i32).await;
    other_organizations(&world.app.db, orgs).await;
    // The realistic dossier, and its batch's 5 other dossiers; for the privacy comparison
    // written as plaintext, sealed in the middle of it.
    #[cfg(feature = "bench")]
    app::server::bench::set_sealing(false);
    world.add_batch().await;
    #[cfg(feature = "bench")]
    app::server::bench::set_sealing(true);
    more_clients(&world.app, &world.coach, "m", CLIENTS - 6).await;
    settle(&world.app.db).await;
    world.app.statements.count_only();
    println!(
        "seeded {orgs} other organizations and a coach with {CLIENTS} clients in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    #[cfg(feature = "bench")]
    privacy::compare(&world, connections, seconds).await;
    #[cfg(not(feature = "bench"))]
    println!("(add `--features bench` to measure the access log and sealing on the dossier)");
    let once = measure(&world, connections, seconds).await;
    print_table(&format!("{CLIENTS} clients in the organization"), &once);

    if scale > 1 {
        let started = Instant::now();
        grow(&world, scale, CLIENTS).await;
        settle(&world.app.db).await;
        println!(
            "\ngrew the organization to {} clients ({} coaches) in {:.0} s",
            scale as usize * CLIENTS,
            scale,
            started.elapsed().as_secs_f64()
        );
        let grown = measure(&world, connections, seconds).await;
        print_table(
            &format!("{} clients in the organization", scale as usize * CLIENTS),
            &grown,
        );
        println!("\np50 with {scale}× the clients against 1×:");
        for (a, b) in once.iter().zip(&grown) {
            println!(
                "  {:<34} {:>5.2}×",
                a.name,
                b.p50.as_secs_f64() / a.p50.as_secs_f64().max(1e-9)
            );
        }
    }
}

/// The dossier's pages without and with the access log, on plaintext and on sealed content.
#[cfg(feature = "bench")]
mod privacy {
    use super::*;
    use app::server::bench;
    use app::server::entity::access_log;
    use app::server::service::sealing;
    use sea_orm::PaginatorTrait;

    /// Several runs of one target as one row: their mean rate and latencies.
    fn mean(runs: &[Measured]) -> Measured {
        let n = runs.len().max(1) as f64;
        let avg = |f: fn(&Measured) -> f64| runs.iter().map(f).sum::<f64>() / n;
        Measured {
            name: runs[0].name.clone(),
            requests: runs.iter().map(|m| m.requests).sum(),
            per_second: avg(|m| m.per_second),
            p50: Duration::from_secs_f64(avg(|m| m.p50.as_secs_f64())),
            p99: Duration::from_secs_f64(avg(|m| m.p99.as_secs_f64())),
            errors: runs.iter().map(|m| m.errors).sum(),
            statements: avg(|m| m.statements),
        }
    }

    async fn log_rows(db: &DatabaseConnection) -> u64 {
        access_log::Entity::find().count(db).await.unwrap()
    }

    pub async fn compare(world: &World, connections: u64, seconds: u64) {
        let pages = [
            ("dossier".to_string(), format!("/clients/{}", world.dossier)),
            (
                "reports tab (20 reports, amended)".to_string(),
                DossierTab::Reports.path(world.dossier),
            ),
            (
                "journal tab (10 shared entries)".to_string(),
                DossierTab::Journal.path(world.dossier),
            ),
        ];
        let rounds = setting("KOERS_BENCH_ROUNDS", 2).max(1);
        // (page, log, sealed, measured, log rows per request)
        let mut rows = Vec::new();
        for sealed in [false, true] {
            if sealed {
                let count = sealing::seal_existing(&world.app.db, &world.app.keys)
                    .await
                    .unwrap();
                println!("sealed the {count} values written as plaintext");
            } else if world.app.db.get_database_backend() == sea_orm::DbBackend::Sqlite {
                // Sealing ends with a VACUUM (sealing.rs); the plain phase gets one too, so
                // the two measure the same compacted file.
                world.app.db.execute_unprepared("VACUUM").await.unwrap();
            }
            settle(&world.app.db).await;
            // Rounds alternate the log off and on, so a drift in the machine touches both.
            let mut sums: Vec<(String, bool, Vec<Measured>, u64)> = Vec::new();
            for _ in 0..rounds {
                for log in [false, true] {
                    bench::set_access_log(log);
                    for (page, path) in &pages {
                        let target = Target {
                            name: page.clone(),
                            who: world.coach.clone(),
                            call: Call::Get(path.clone()),
                        };
                        let before = log_rows(&world.app.db).await;
                        let measured = drive(&world.app, &target, connections, seconds).await;
                        let written = log_rows(&world.app.db).await - before;
                        match sums.iter_mut().find(|(p, l, _, _)| p == page && *l == log) {
                            Some((_, _, runs, total)) => {
                                runs.push(measured);
                                *total += written;
                            }
                            None => sums.push((page.clone(), log, vec![measured], written)),
                        }
                    }
                }
            }
            for (page, log, runs, written) in sums {
                let requests: usize = runs.iter().map(|m| m.requests).sum();
                let per_request = written as f64 / requests.max(1) as f64;
                rows.push((page, log, sealed, mean(&runs), per_request));
            }
        }
        bench::set_access_log(true);
        println!("\nwhat privacy costs the dossier (coach, same dossier, same run)");
        println!(
            "| {:<34} | {:>10} | {:>7} | {:>7} | {:>9} | {:>9} | {:>6} | {:>10} | {:>11} |",
            "page",
            "access log",
            "content",
            "req/s",
            "p50",
            "p99",
            "errors",
            "statements",
            "of baseline"
        );
        println!(
            "|{:-<36}|{:->12}|{:->9}|{:->9}|{:->11}|{:->11}|{:->8}|{:->12}|{:->13}|",
            "", "", "", "", "", "", "", "", ""
        );
        for (page, log, sealed, m, per_request) in &rows {
            let baseline = rows
                .iter()
                .find(|(p, log, sealed, _, _)| p == page && !log && !sealed)
                .map(|(_, _, _, m, _)| m.per_second)
                .unwrap_or(f64::MIN_POSITIVE);
            println!(
                "| {:<34} | {:>10} | {:>7} | {:>7.0} | {:>9} | {:>9} | {:>6} | {:>10.1} | {:>9.1} % |",
                page,
                if *log { format!("on ({per_request:.2})") } else { "off".to_string() },
                if *sealed { "sealed" } else { "plain" },
                m.per_second,
                ms(m.p50),
                ms(m.p99),
                m.errors,
                m.statements,
                100.0 * m.per_second / baseline,
            );
        }
        println!(
            "(each row the mean of {rounds} runs of {seconds} s; access log: entries written per request in brackets)"
        );
    }
}
