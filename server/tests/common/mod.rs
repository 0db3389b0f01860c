//! A real Koers server on a random local port, on its own fresh database (SQLite, or a
//! PostgreSQL schema when KOERS_TEST_DATABASE_URL is set), driven over real HTTP.

#![allow(dead_code)]

pub mod content;
pub mod realistic;

use app::server::auth::context::load_actor;
use app::server::auth::OperatorContext;
use app::server::service::account::{self, NewUser};
use app::server::service::{consent, organization};
use app::server::testing::TestDb;
use app::server::{AppState, Settings};
use app::types::Role;
use reqwest::redirect::Policy;
use sea_orm::DatabaseConnection;

static STORAGE_COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

pub const PASSWORD: &str = "Zonnebloem-Kade-Fiets-31";

/// A small but real PDF.
pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// A JSON answer body, or a panic that shows the body.
pub fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// Every SQL statement the server ran, in order: what the query budget counts. Statements
/// the test itself runs (through `TestApp::db`) are not in it. A benchmark only counts them
/// (`count_only`): keeping every text would cost the server time and memory under load.
#[derive(Clone, Default)]
pub struct StatementLog(std::sync::Arc<Statements>);

#[derive(Default)]
pub struct Statements {
    texts: std::sync::Mutex<Vec<String>>,
    count: std::sync::atomic::AtomicU64,
    count_only: std::sync::atomic::AtomicBool,
}

impl StatementLog {
    fn record(&self, sql: &str) {
        use std::sync::atomic::Ordering::Relaxed;
        self.0.count.fetch_add(1, Relaxed);
        if !self.0.count_only.load(Relaxed) {
            self.0.texts.lock().unwrap().push(sql.to_string());
        }
    }

    pub fn clear(&self) {
        self.0.texts.lock().unwrap().clear();
    }

    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.texts.lock().unwrap())
    }

    /// From now on, count statements without keeping their text.
    pub fn count_only(&self) {
        self.0
            .count_only
            .store(true, std::sync::atomic::Ordering::Relaxed);
        self.clear();
    }

    /// How many statements the server has run since it started.
    pub fn count(&self) -> u64 {
        self.0.count.load(std::sync::atomic::Ordering::Relaxed)
    }
}

pub struct TestApp {
    pub base: String,
    pub db: DatabaseConnection,
    pub statements: StatementLog,
    pub backend: &'static str,
    /// The server's clock: tests move it forward to let demos and links expire.
    pub clock: app::server::Clock,
    /// This server's own document folder, removed when the test ends.
    pub storage_dir: std::path::PathBuf,
    /// The server's keyring, from its own master key file.
    pub keys: app::server::Keyring,
    pub key_file: std::path::PathBuf,
    pub test_db: TestDb,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.storage_dir);
        let _ = std::fs::remove_file(&self.key_file);
        let _ = std::fs::remove_file(self.key_file.with_extension("lock"));
    }
}

impl TestApp {
    pub async fn start() -> TestApp {
        Self::start_with(Settings::default()).await
    }

    pub async fn start_with(mut settings: Settings) -> TestApp {
        let test_db = TestDb::new().await;
        let storage_dir = std::env::temp_dir().join(format!(
            "koers-test-documents-{}-{}",
            std::process::id(),
            STORAGE_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        settings.storage_dir = storage_dir.to_string_lossy().to_string();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let statements = StatementLog::default();
        let mut server_db = test_db.db.clone();
        let log = statements.clone();
        server_db.set_metric_callback(move |info| {
            log.record(&info.statement.sql);
        });
        // A key file, as an installation has, so a rotation reaches the running server.
        let key_file = storage_dir.with_extension("key");
        std::fs::write(&key_file, app::server::MasterKeys::generate().to_text()).unwrap();
        let keys = app::server::Keyring::from_file(&key_file).unwrap();
        let state = AppState::new(server_db, settings, keys.clone());
        let clock = state.clock.clone();
        let options = server::router::leptos_options("target/site", addr);
        let header_timeout = state.settings.header_read_timeout;
        let router = server::router::build(state, options);
        // The same serving loop as the binary, header timeout included.
        tokio::spawn(server::serve::run(
            listener,
            router,
            header_timeout,
            std::future::pending(),
        ));
        TestApp {
            base: format!("http://{addr}"),
            db: test_db.db.clone(),
            statements,
            backend: test_db.backend,
            clock,
            storage_dir,
            keys,
            key_file,
            test_db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A browser-like client with its own cookie jar that does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    /// Calls a server function the way the hydrated app does (JSON answers, no redirect back).
    pub async fn call(&self, client: &reqwest::Client, path: &str, form: &str) -> (u16, String) {
        let response = client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(form.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Posts a form the way a browser without JavaScript does (HTML answers, sent on by a
    /// redirect). Returns the status, the Location header and the body.
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &str,
    ) -> (u16, Option<String>, String) {
        let response = client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .header("referer", self.url("/"))
            .body(form.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        (status, location, response.text().await.unwrap())
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Client {
        let client = self.client();
        let (status, body) = self
            .call(
                &client,
                "/api/auth/login",
                &form(&[("email", email), ("password", password)]),
            )
            .await;
        assert_eq!(status, 200, "sign-in of {email} failed: {body}");
        client
    }

    /// Posts a file as the upload form does (multipart, `client_id` before the file).
    /// Returns the status and where it sends the browser.
    pub async fn upload(
        &self,
        client: &reqwest::Client,
        client_id: Option<i32>,
        filename: &str,
        bytes: Vec<u8>,
    ) -> (u16, String) {
        let mut form = reqwest::multipart::Form::new();
        if let Some(id) = client_id {
            form = form.text("client_id", id.to_string());
        }
        let part = reqwest::multipart::Part::bytes(bytes).file_name(filename.to_string());
        let response = client
            .post(self.url("/documents/upload"))
            .multipart(form.part("file", part))
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

    /// Every file in this server's document storage.
    pub fn stored_files(&self) -> Vec<std::path::PathBuf> {
        fn walk(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else {
                    found.push(path);
                }
            }
        }
        let mut found = Vec::new();
        walk(&self.storage_dir, &mut found);
        found
    }

    /// GET a page; returns the status, the Location header and the body.
    pub async fn page(
        &self,
        client: &reqwest::Client,
        path: &str,
    ) -> (u16, Option<String>, String) {
        let response = client.get(self.url(path)).send().await.unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        (status, location, response.text().await.unwrap())
    }
}

/// Reads a downloaded file with a Python tool of `tests/tools` (readers that are not Koers:
/// openpyxl, python-docx, jsonschema, installed by .ci/setup) and returns the JSON it prints.
/// `extension` names the temporary file the bytes are written to.
pub fn read_with_python(tool: &str, extension: &str, bytes: &[u8]) -> serde_json::Value {
    let n: u64 = rand::random();
    let file = std::env::temp_dir().join(format!("koers-download-{n:x}.{extension}"));
    std::fs::write(&file, bytes).unwrap();
    let python = std::env::var("KOERS_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let script = format!("{}/tests/tools/{tool}", env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new(&python)
        .arg(&script)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{python} {script}: {e} (run .ci/setup)"));
    let _ = std::fs::remove_file(&file);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{tool} cannot read the file: {stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap()
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", k, encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One organization's people; every name and e-mail carries the organization's marker so
/// that a leak into another organization's answers is easy to spot.
pub struct Org {
    pub id: i32,
    pub name: String,
    pub owner: String,
    pub coach: String,
    pub client: String,
    pub markers: Vec<String>,
}

pub async fn create_org(db: &DatabaseConnection, marker: &str) -> Org {
    create_org_with_licence(db, marker, "standard").await
}

pub async fn create_org_with_licence(db: &DatabaseConnection, marker: &str, licence: &str) -> Org {
    let name = format!("Praktijk {marker}");
    let owner = format!("owner.{}@example.test", marker.to_lowercase());
    let (org, _) = organization::create_with_owner(
        db,
        &OperatorContext::installation(),
        organization::NewOrganization {
            name: &name,
            licence,
            owner_name: &format!("Eigenaar {marker}"),
            owner_email: &owner,
            owner_password: Some(PASSWORD),
        },
    )
    .await
    .unwrap();
    let coach = format!("coach.{}@example.test", marker.to_lowercase());
    let client = format!("client.{}@example.test", marker.to_lowercase());
    let mut created = Vec::new();
    for (role, email) in [(Role::Coach, &coach), (Role::Client, &client)] {
        let user = account::create_user(
            db,
            NewUser {
                organization_id: Some(org.id),
                role,
                email,
                name: &format!("{} {marker}", role.as_str()),
                password: Some(PASSWORD),
            },
        )
        .await
        .unwrap();
        created.push(user);
    }
    // The client's dossier, with the coach as responsible coach.
    let (coach_user, client_user) = (&created[0], &created[1]);
    app::server::service::clients::attach_login(db, chrono::Utc::now(), client_user, None)
        .await
        .unwrap();
    let dossier = client_dossier_id(db, client_user.id).await;
    give_access(db, dossier, coach_user.id).await;
    Org {
        id: org.id,
        markers: vec![
            name.clone(),
            marker.to_string(),
            owner.clone(),
            coach.clone(),
            client.clone(),
        ],
        name,
        owner,
        coach,
        client,
    }
}

pub async fn create_user(
    db: &DatabaseConnection,
    organization_id: Option<i32>,
    role: Role,
    email: &str,
    name: &str,
) -> i32 {
    account::create_user(
        db,
        NewUser {
            organization_id,
            role,
            email,
            name,
            password: Some(PASSWORD),
        },
    )
    .await
    .unwrap()
    .id
}

/// Records acceptance of the current terms for a user, as the consent page would.
pub async fn accept_terms(db: &DatabaseConnection, email: &str) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let user = app::server::entity::user::Entity::find()
        .filter(app::server::entity::user::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    // Accepting terms touches no sealed content: any keyring does.
    let keys = app::server::Keyring::new(app::server::MasterKeys::generate());
    let actor = load_actor(db, &keys, chrono::Utc::now(), user.id)
        .await
        .unwrap()
        .unwrap();
    let version = consent::current(db).await.unwrap().unwrap().version;
    consent::accept(db, &actor, version, true).await.unwrap();
}

/// The tenant context of a member, as their signed-in requests get it.
pub async fn tenant_of(app: &TestApp, email: &str) -> app::server::auth::TenantContext {
    let id = user_id(&app.db, email).await;
    load_actor(&app.db, &app.keys, chrono::Utc::now(), id)
        .await
        .unwrap()
        .unwrap()
        .tenant(&[Role::Owner, Role::Coach, Role::Client])
        .unwrap()
}

pub async fn user_id(db: &DatabaseConnection, email: &str) -> i32 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    app::server::entity::user::Entity::find()
        .filter(app::server::entity::user::Column::Email.eq(email))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Has the owner `owner_email` invite a client over HTTP; returns the invitation's id.
pub async fn invite_in(app: &TestApp, owner_email: &str, name: &str, email: &str) -> i32 {
    accept_terms(&app.db, owner_email).await;
    let owner = app.sign_in(owner_email, PASSWORD).await;
    let (status, body) = app
        .call(
            &owner,
            "/api/members/invite",
            &form(&[("name", name), ("email", email), ("role", "client")]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
        .as_i64()
        .unwrap() as i32
}

/// The link in the newest outbox mail to `to`.
pub async fn link_in_outbox(db: &DatabaseConnection, to: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let mail = app::server::entity::outbox::Entity::find()
        .filter(app::server::entity::outbox::Column::ToAddress.eq(to))
        .order_by_desc(app::server::entity::outbox::Column::Id)
        .one(db)
        .await
        .unwrap()
        .expect("a mail in the outbox");
    mail.body
        .split_whitespace()
        .find(|word| word.starts_with("http"))
        .expect("a link in the mail")
        .to_string()
}

/// The dossier of a client login.
pub async fn client_dossier_id(db: &DatabaseConnection, user_id: i32) -> i32 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    app::server::entity::client::Entity::find()
        .filter(app::server::entity::client::Column::UserId.eq(user_id))
        .one(db)
        .await
        .unwrap()
        .expect("a dossier for the client")
        .id
}

/// Makes `coach` responsible for a dossier, with access.
pub async fn give_access(db: &DatabaseConnection, dossier: i32, coach: i32) {
    use app::server::entity::{client, client_coach};
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
    client_coach::ActiveModel {
        client_id: Set(dossier),
        user_id: Set(coach),
    }
    .insert(db)
    .await
    .unwrap();
    let mut found = client::Entity::find_by_id(dossier)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    found.responsible_coach_id = Set(Some(coach));
    found.update(db).await.unwrap();
}

/// Another client of an organization, with a dossier of their own and the terms accepted.
pub async fn create_client(db: &DatabaseConnection, organization_id: i32, email: &str) -> i32 {
    use sea_orm::EntityTrait;
    let id = create_user(
        db,
        Some(organization_id),
        Role::Client,
        email,
        "Andere cliënt",
    )
    .await;
    let login = app::server::entity::user::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    app::server::service::clients::attach_login(db, chrono::Utc::now(), &login, None)
        .await
        .unwrap();
    accept_terms(db, email).await;
    id
}

/// Every table's rows as text, one set per table.
pub async fn rows_by_table(
    db: &DatabaseConnection,
) -> Vec<(String, std::collections::BTreeSet<String>)> {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    let backend = db.get_database_backend();
    let list = match backend {
        DatabaseBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() ORDER BY 1"
        }
    };
    let tables = db
        .query_all(Statement::from_string(backend, list))
        .await
        .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let name: String = table.try_get_by_index(0).unwrap();
        let select = match backend {
            DatabaseBackend::Sqlite => {
                let columns = db
                    .query_all(Statement::from_string(
                        backend,
                        format!("SELECT name FROM pragma_table_info('{name}')"),
                    ))
                    .await
                    .unwrap();
                let quoted: Vec<String> = columns
                    .iter()
                    .map(|c| {
                        let column: String = c.try_get_by_index(0).unwrap();
                        format!("quote(\"{column}\")")
                    })
                    .collect();
                format!("SELECT {} FROM \"{name}\"", quoted.join(" || '|' || "))
            }
            _ => format!("SELECT t::text FROM \"{name}\" t"),
        };
        let rows = db
            .query_all(Statement::from_string(backend, select))
            .await
            .unwrap();
        let set = rows
            .iter()
            .map(|r| r.try_get_by_index::<String>(0).unwrap())
            .collect();
        out.push((name, set));
    }
    out
}
