use std::process::ExitCode;

use clap::Parser;
use sea_orm::DatabaseConnection;
use tracing_subscriber::EnvFilter;

use app::server::auth::OperatorContext;
use app::server::service::{account, consent, handover, organization, sealing};
use app::server::{db, AppState, Keyring};
use server::cli::{AdminCommand, Cli, Command, KeysCommand, OrganizationCommand};
use server::config::MailSetup;
use server::{demo, jobs, keys, router};

/// Rendering a page allocates and frees many small objects on several threads at once, which
/// glibc's allocator serves slowly (a fifth of a dossier page's CPU time went to it);
/// mimalloc keeps per-thread free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open(cli: &Cli, keys: &Keyring) -> Result<DatabaseConnection, String> {
    cli.config
        .prepare_storage()
        .map_err(|e| format!("cannot create the data folder: {e}"))?;
    let conn = db::connect(&cli.config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    db::migrate(&conn)
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    consent::ensure_published(&conn)
        .await
        .map_err(|e| format!("cannot publish the terms: {e}"))?;
    sealing::ensure_keys(&conn, keys)
        .await
        .map_err(|e| format!("cannot make the organizations' data keys: {e}"))?;
    let sealed = sealing::seal_existing(&conn, keys)
        .await
        .map_err(|e| format!("cannot seal the content written before encryption: {e}"))?;
    let storage = app::server::storage::LocalDirStorage::new(&cli.config.storage_dir);
    let files = sealing::seal_existing_files(&conn, &storage, keys)
        .await
        .map_err(|e| format!("cannot seal the documents stored before encryption: {e}"))?;
    if sealed + files > 0 {
        println!("Sealed {sealed} values and {files} documents written before encryption at rest.");
    }
    Ok(conn)
}

fn explain(error: app::error::AppError) -> String {
    match error {
        app::error::AppError::Invalid { fields } => fields
            .iter()
            .map(|(field, problem)| format!("{field}: {problem:?}"))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    if let Some(Command::Keys(KeysCommand::Init)) = cli.command {
        return keys::init(&cli.config);
    }
    // Before the database opens: opening it would migrate it, and a restore needs it empty.
    if let Some(Command::Restore { archive }) = &cli.command {
        let manifest = server::backup::restore(archive, &cli.config.location())
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "Restored the backup of {} ({} files, checksums verified). Start Koers with the \
             master key it was made with.",
            manifest.created_at,
            manifest.files.len()
        );
        return Ok(());
    }
    let keys = cli.config.keyring()?;
    let conn = open(&cli, &keys).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            println!("Migrations are up to date.");
            Ok(())
        }
        Command::SeedDemo => {
            demo::seed(&conn, &keys).await.map_err(explain)?;
            println!("Demo organization: {}", demo::ORGANIZATION);
            for login in &demo::LOGINS {
                println!(
                    "  {:<9} {:<28} {}",
                    login.role.as_str(),
                    login.email,
                    login.password
                );
            }
            Ok(())
        }
        Command::Admin(admin) => run_admin(&conn, &keys, admin).await,
        Command::Keys(KeysCommand::Rotate { reencrypt }) => {
            keys::rotate(&cli.config, &conn, reencrypt).await
        }
        Command::Keys(KeysCommand::Check) => {
            let storage = app::server::storage::LocalDirStorage::new(&cli.config.storage_dir);
            let checked = sealing::check_all(&conn, &storage, &keys)
                .await
                .map_err(explain)?;
            let versions: Vec<String> =
                checked.master_versions.iter().map(i32::to_string).collect();
            println!(
                "{} sealed values and {} documents open with the configured master key; the \
                 data keys are wrapped by master key version {}.",
                checked.values,
                checked.files,
                versions.join(", ")
            );
            if checked.damaged > 0 {
                return Err(format!(
                    "{} sealed values or documents do not open (the log names each)",
                    checked.damaged
                ));
            }
            Ok(())
        }
        Command::Backup => {
            let archive = server::backup::backup(
                &conn,
                &cli.config.location(),
                std::path::Path::new(&cli.config.backup_dir),
                chrono::Utc::now(),
            )
            .await
            .map_err(|e| e.to_string())?;
            println!("Backup written: {}", archive.display());
            Ok(())
        }
        Command::Organization(OrganizationCommand::Copy { organization, to }) => {
            let storage = app::server::storage::LocalDirStorage::new(&cli.config.storage_dir);
            let manifest = handover::write(
                &conn,
                &storage,
                &keys,
                chrono::Utc::now(),
                organization,
                &to,
                handover::By::Operator,
            )
            .await
            .map_err(explain)?;
            let rows: usize = manifest.tables.values().sum();
            println!(
                "The copy of {} is in {}: {rows} rows in {} tables, {} documents. It is not \
                 encrypted: hand it over as safely as the dossiers themselves.",
                manifest.organization,
                to.display(),
                manifest.tables.len(),
                manifest.documents.len()
            );
            Ok(())
        }
        Command::Organization(OrganizationCommand::Delete { organization, name }) => {
            let storage = app::server::storage::LocalDirStorage::new(&cli.config.storage_dir);
            let deleted = handover::delete(
                &conn,
                &storage,
                &OperatorContext::installation(),
                chrono::Utc::now(),
                organization,
                &name,
            )
            .await
            .map_err(|e| e.to_string())?;
            println!(
                "Deleted organization {organization}: {} rows and {} documents. What stays \
                 is the record {}, without names.",
                deleted.rows, deleted.documents, deleted.reference
            );
            Ok(())
        }
        Command::Organization(OrganizationCommand::Restore { archive }) => {
            let storage = app::server::storage::LocalDirStorage::new(&cli.config.storage_dir);
            let manifest = handover::restore(&conn, &storage, &keys, &archive)
                .await
                .map_err(|e| e.to_string())?;
            let rows: usize = manifest.tables.values().sum();
            println!(
                "Restored {} (organization {}): {rows} rows and {} documents, checksums \
                 verified, sealed under this Koers' keys.",
                manifest.organization,
                manifest.organization_id,
                manifest.documents.len()
            );
            Ok(())
        }
        Command::Keys(KeysCommand::Init) | Command::Restore { .. } => {
            unreachable!("handled before the database opens")
        }
        Command::Serve => serve(cli.config, conn, keys).await,
    }
}

async fn run_admin(
    conn: &DatabaseConnection,
    keys: &Keyring,
    command: AdminCommand,
) -> Result<(), String> {
    let operator = OperatorContext::installation();
    match command {
        AdminCommand::CreateOrg {
            name,
            licence,
            owner_name,
            owner_email,
            owner_password,
        } => {
            let (org, owner) = organization::create_with_owner(
                conn,
                &operator,
                organization::NewOrganization {
                    name: &name,
                    licence: &licence,
                    owner_name: &owner_name,
                    owner_email: &owner_email,
                    owner_password: Some(&owner_password),
                },
            )
            .await
            .map_err(explain)?;
            keys.ensure(conn, org.id).await.map_err(explain)?;
            println!(
                "Created organization {} ({}) with owner {}.",
                org.id, org.name, owner.email
            );
            Ok(())
        }
        AdminCommand::CreateOperator {
            name,
            email,
            password,
        } => {
            let user = account::create_user(
                conn,
                account::NewUser {
                    organization_id: None,
                    role: app::types::Role::Operator,
                    email: &email,
                    name: &name,
                    password: Some(&password),
                },
            )
            .await
            .map_err(explain)?;
            println!("Created operator {}.", user.email);
            Ok(())
        }
        AdminCommand::ListOrgs => {
            let rows = app::server::service::operator::organizations(
                conn,
                app::server::Clock::default().now(),
                &operator,
                "en",
            )
            .await
            .map_err(explain)?;
            println!(
                "{:>4}  {:<40} {:<9} {:<9} {:>7} {:>7}  data due",
                "id", "name", "licence", "status", "coaches", "clients"
            );
            for row in rows {
                // An ended subscription: when its dossier content and the rest must go.
                let due = row
                    .subscription
                    .filter(|end| end.ended)
                    .map(|end| format!("{} / {}", end.special_due_on, end.ordinary_due_on))
                    .unwrap_or_default();
                println!(
                    "{:>4}  {:<40} {:<9} {:<9} {:>7} {:>7}  {due}",
                    row.id,
                    row.name,
                    row.licence,
                    row.status,
                    format!("{}/{}", row.coaches_used, row.coaches_limit),
                    format!("{}/{}", row.clients_used, row.clients_limit)
                );
            }
            Ok(())
        }
        AdminCommand::PublishTerms => {
            let version = consent::publish(conn, &operator, consent::TermsTexts::bundled())
                .await
                .map_err(explain)?;
            println!("Published terms version {version}; everyone accepts it at their next visit.");
            Ok(())
        }
    }
}

async fn serve(
    config: server::Config,
    conn: DatabaseConnection,
    keys: Keyring,
) -> Result<(), String> {
    let state = match config.mail_setup()? {
        MailSetup::Smtp(url) => {
            let mailer = app::server::mail::SmtpMailer::new(&url, &config.mail_from)?;
            AppState::with_mailer(
                conn.clone(),
                config.settings(),
                keys,
                std::sync::Arc::new(mailer),
            )
        }
        MailSetup::LocalOutbox => {
            let warning = "THE LOCAL OUTBOX IS ON: mail is not sent but kept for the operator's \
                 console, where every password-reset and invitation link can be opened. For a \
                 laptop or trial only; set KOERS_SMTP_URL for real use.";
            eprintln!("\n!!! {warning}\n");
            tracing::warn!("{warning}");
            AppState::new(conn.clone(), config.settings(), keys)
        }
    };
    let options = router::leptos_options(&config.site_root, config.addr);
    let header_timeout = state.settings.header_read_timeout;
    let app = router::build(state, options);
    jobs::spawn_housekeeping(conn.clone());
    if let Some(schedule) = config.backup_schedule() {
        jobs::spawn_backups(
            conn,
            config.location(),
            config.backup_dir.clone().into(),
            schedule,
        );
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    println!("Koers runs at http://{}", config.addr);
    server::serve::run(listener, app, header_timeout, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}
