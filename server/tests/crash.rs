//! Crash safety (issue 17): the server process is killed with SIGKILL at random moments while
//! a coach writes reports and a client saves answers; after every restart each save the
//! browser saw acknowledged is there. Run against a real `server serve` process on SQLite and
//! (with KOERS_TEST_DATABASE_URL) PostgreSQL.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::server::db;
use common::{accept_terms, create_org, form, PASSWORD};
use rand::Rng;
use sea_orm::ConnectionTrait;

const KILLS: usize = 20;

/// A database only this test uses: a SQLite file in a folder of its own, or a new
/// PostgreSQL database (the server migrates it as an installation's first start would).
struct Place {
    url: String,
    dir: PathBuf,
    postgres: Option<(String, String)>,
}

impl Place {
    async fn new() -> Place {
        let n: u64 = rand::thread_rng().gen();
        let dir = std::env::temp_dir().join(format!("koers-crash-{}-{n:x}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        match std::env::var("KOERS_TEST_DATABASE_URL") {
            Ok(admin) if admin.starts_with("postgres") => {
                let name = format!("koers_crash_{:x}", n & 0xffff_ffff);
                let conn = db::connect(&admin).await.unwrap();
                conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                conn.close().await.unwrap();
                let base = admin.rsplit_once('/').unwrap().0.to_string();
                Place {
                    url: format!("{base}/{name}"),
                    dir,
                    postgres: Some((admin, name)),
                }
            }
            _ => Place {
                url: format!("sqlite://{}/koers.db?mode=rwc", dir.display()),
                dir,
                postgres: None,
            },
        }
    }

    async fn remove(self) {
        if let Some((admin, name)) = &self.postgres {
            let conn = db::connect(admin).await.unwrap();
            let _ = conn
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `server serve` on `port`, as an installation runs it.
fn start(place: &Place, port: u16, key: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env("DATABASE_URL", &place.url)
        .env("KOERS_ADDR", format!("127.0.0.1:{port}"))
        .env("KOERS_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
        .env("KOERS_STORAGE_DIR", place.dir.join("documents"))
        .env("KOERS_BACKUP_AT", "off")
        .env("KOERS_LOCAL_OUTBOX", "true")
        .env_remove("KOERS_SMTP_URL")
        .env_remove("KOERS_MASTER_KEY_FILE")
        .env("KOERS_MASTER_KEY", key)
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until the server answers (a sign-in page request), at most a minute.
async fn wait_ready(base: &str, child: &mut Child) {
    let started = Instant::now();
    let probe = reqwest::Client::new();
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the server stopped by itself"
        );
        if probe
            .get(format!("{base}/api/auth/me"))
            .send()
            .await
            .is_ok()
        {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// POSTs a server function as a form; the body of a 200, else what went wrong.
async fn call(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    body: String,
) -> Result<String, String> {
    let response = client
        .post(format!("{base}{path}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(|e| e.to_string())?;
    if status == 200 {
        Ok(text)
    } else {
        Err(format!("{status} {text}"))
    }
}

async fn sign_in(base: &str, email: &str) -> reqwest::Client {
    let client = browser();
    call(
        &client,
        base,
        "/api/auth/login",
        form(&[("email", email), ("password", PASSWORD)]),
    )
    .await
    .unwrap();
    client
}

#[tokio::test]
async fn every_acknowledged_save_survives_sigkill() {
    let place = Place::new().await;
    // The organization is made before the first start, straight into the database.
    let setup = db::connect(&place.url).await.unwrap();
    db::migrate(&setup).await.unwrap();
    app::server::service::consent::ensure_published(&setup)
        .await
        .unwrap();
    let org = create_org(&setup, "Crash").await;
    for email in [&org.coach, &org.client] {
        accept_terms(&setup, email).await;
    }
    let dossier = common::client_dossier_id(&setup, common::user_id(&setup, &org.client).await)
        .await
        .to_string();
    setup.close().await.unwrap();

    let key = app::server::MasterKeys::generate()
        .to_text()
        .trim()
        .to_string();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&place, port, &key);
    wait_ready(&base, &mut server).await;
    let coach = sign_in(&base, &org.coach).await;
    let client = sign_in(&base, &org.client).await;
    // An exercise with one text question, assigned to the client.
    let exercise = call(
        &coach,
        &base,
        "/api/exercises/create",
        "title=Dagboek".into(),
    )
    .await
    .unwrap();
    let exercise = exercise.trim_matches('"').to_string();
    call(
        &coach,
        &base,
        "/api/exercises/add_question",
        form(&[
            ("id", &exercise),
            ("kind", "short_text"),
            ("prompt", "Wat deed je vandaag?"),
        ]),
    )
    .await
    .unwrap();
    let trajectory = call(
        &coach,
        &base,
        "/api/trajectories/create",
        form(&[("client_id", &dossier), ("input[title]", "Veerkracht")]),
    )
    .await
    .unwrap();
    let assignment = call(
        &coach,
        &base,
        "/api/assignments/assign",
        form(&[
            ("client_id", &dossier),
            ("input[trajectory_id]", &trajectory),
            ("input[exercise_id]", &exercise),
        ]),
    )
    .await
    .unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    // Reports the server acknowledged (id, text), and the answer saves it acknowledged (seq).
    let reports = Arc::new(Mutex::new(Vec::<(String, String)>::new()));
    let answers = Arc::new(Mutex::new(Vec::<i64>::new()));
    let attempts = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let coach_writer = {
        let (stop, reports, attempts, base, coach, dossier) = (
            stop.clone(),
            reports.clone(),
            attempts.clone(),
            base.clone(),
            coach.clone(),
            dossier.clone(),
        );
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                attempts.fetch_add(1, Ordering::Relaxed);
                let text = format!("Verslag na crash-ronde {n}");
                let body = form(&[
                    ("client_id", &dossier),
                    ("input[body]", &text),
                    ("input[visibility]", "author"),
                    ("input[edit_rights]", "author"),
                ]);
                match call(&coach, &base, "/api/reports/create", body).await {
                    Ok(id) => reports.lock().unwrap().push((id, text)),
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
        })
    };
    let client_writer = {
        let (stop, answers, attempts, base, client, assignment) = (
            stop.clone(),
            answers.clone(),
            attempts.clone(),
            base.clone(),
            client.clone(),
            assignment.clone(),
        );
        tokio::spawn(async move {
            let mut seq = 0i64;
            while !stop.load(Ordering::Relaxed) {
                seq += 1;
                attempts.fetch_add(1, Ordering::Relaxed);
                let values = serde_json::json!([format!("Antwoord {seq}")]).to_string();
                let body = form(&[
                    ("id", &assignment),
                    ("key", "q1"),
                    ("values", &values),
                    ("seq", &seq.to_string()),
                ]);
                match call(&client, &base, "/api/my/save_answer", body).await {
                    Ok(_) => answers.lock().unwrap().push(seq),
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
        })
    };

    for _ in 0..KILLS {
        let running_for = rand::thread_rng().gen_range(100..600);
        tokio::time::sleep(Duration::from_millis(running_for)).await;
        server.kill().unwrap(); // SIGKILL: no shutdown, no flush, no goodbye
        server.wait().unwrap();
        server = start(&place, port, &key);
        wait_ready(&base, &mut server).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    coach_writer.await.unwrap();
    client_writer.await.unwrap();

    // Read back through the running server, as the coach and the client would.
    let listed = call(
        &coach,
        &base,
        "/api/reports/list",
        form(&[("client_id", &dossier)]),
    )
    .await
    .unwrap();
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let stored: std::collections::HashMap<String, String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].to_string(),
                r["body"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let reports = reports.lock().unwrap().clone();
    let lost_reports: Vec<&(String, String)> = reports
        .iter()
        .filter(|(id, text)| stored.get(id.trim_matches('"')) != Some(text))
        .collect();
    let answers = answers.lock().unwrap().clone();
    let saved = call(
        &client,
        &base,
        "/api/my/answers",
        form(&[("id", &assignment)]),
    )
    .await
    .unwrap();
    let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
    let answer = saved
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "q1")
        .cloned();
    let last_acknowledged = answers.iter().copied().max().unwrap_or(0);
    let (stored_seq, stored_text) = answer
        .map(|a| {
            (
                a["seq"].as_i64().unwrap(),
                a["values"][0].as_str().unwrap().to_string(),
            )
        })
        .unwrap_or((0, String::new()));
    // The newest acknowledged answer, or one saved after it whose answer the kill cut off.
    let answer_lost =
        stored_seq < last_acknowledged || stored_text != format!("Antwoord {stored_seq}");
    eprintln!(
        "crash safety ({}): {KILLS} kills, {} saves tried, {} acknowledged ({} reports, {} answers), \
         {} reports lost, newest acknowledged answer {} (stored: {stored_seq}), answer lost: {answer_lost}",
        if place.postgres.is_some() { "PostgreSQL" } else { "SQLite" },
        attempts.load(Ordering::Relaxed),
        reports.len() + answers.len(),
        reports.len(),
        answers.len(),
        lost_reports.len(),
        last_acknowledged,
    );
    server.kill().unwrap();
    server.wait().unwrap();
    place.remove().await;
    assert!(
        reports.len() >= KILLS && answers.len() >= KILLS,
        "the writers got through"
    );
    assert!(
        lost_reports.is_empty(),
        "acknowledged reports lost: {lost_reports:?}"
    );
    assert!(!answer_lost, "the acknowledged answer {last_acknowledged} was lost (stored {stored_seq}: {stored_text:?})");
}

/// The document storage fails while a coach uploads (a full disk, an unreachable store;
/// here the organization's folder is replaced by a file): the coach is told next to the
/// file field that nothing was stored, no document row or partial file is left, and the
/// document saved before is untouched and opens again once the storage is back.
#[tokio::test]
async fn a_storage_failure_during_an_upload_says_so_and_leaves_nothing_half_written() {
    let app = common::TestApp::start().await;
    let org = create_org(&app.db, "Opslag").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier =
        common::client_dossier_id(&app.db, common::user_id(&app.db, &org.client).await).await;
    let back = format!("/clients/{dossier}?tab=documents&");
    let pdf = common::PDF.to_vec();
    let (status, location) = app
        .upload(&coach, Some(dossier), "intake.pdf", pdf.clone())
        .await;
    assert_eq!(
        (status, location),
        (303, format!("{back}upload=done#documents"))
    );
    let before = app.stored_files();
    assert_eq!(before.len(), 1);

    let organization_id: i32 = before[0]
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .parse()
        .unwrap();
    let folder = app.storage_dir.join(organization_id.to_string());
    let away = app.storage_dir.join("elsewhere");
    std::fs::rename(&folder, &away).unwrap();
    std::fs::write(&folder, b"").unwrap();

    let (status, location) = app
        .upload(&coach, Some(dossier), "verslag.pdf", pdf.clone())
        .await;
    assert_eq!(
        (status, location),
        (303, format!("{back}upload_error=file_not_stored#documents"))
    );
    let (_, _, page) = app
        .page(&coach, &format!("{back}upload_error=file_not_stored"))
        .await;
    assert!(
        page.contains("Het bestand kon niet worden bewaard: de opslag is vol of niet bereikbaar."),
        "the coach reads why"
    );
    // The storage is back.
    std::fs::remove_file(&folder).unwrap();
    std::fs::rename(&away, &folder).unwrap();
    let (_, list) = app
        .call(
            &coach,
            "/api/documents/list",
            &format!("client_id={dossier}"),
        )
        .await;
    let list = common::json(&list);
    let documents = list["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1, "no row for the refused file");
    assert_eq!(app.stored_files(), before, "no partial or orphan file");
    let id = documents[0]["id"].to_string();
    let response = coach
        .get(app.url(&format!("/documents/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), pdf.as_slice());
}
