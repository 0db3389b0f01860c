//! The routes that are not server functions because they carry files: document upload
//! (multipart, so it works from a plain HTML form without JavaScript), document download,
//! an appointment as ICS, a coach's private calendar feed, the access log as CSV, a
//! client's export (ZIP) and the practice's exports (Excel, Word). They follow the same path
//! as server functions: session → tenant context → service.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, MethodRouter};
use tower_sessions::Session;

use crate::error::{AppError, FieldProblem};
use crate::model::clients::DossierTab;
use crate::model::exports::ExportQuery;
use crate::server::auth::context::{actor_from_session, load_actor};
use crate::server::auth::{ClientIp, TenantContext};
use crate::server::service::privacy::export;
use crate::server::service::{access_log, agenda, assignments, clients, documents};
use crate::server::service::{exports, handover};
use crate::server::AppState;
use crate::types::Role;

const EVERY_MEMBER: &[Role] = &[Role::Owner, Role::Coach, Role::Client];
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Every file route with its path. The router mounts exactly these, and the authorization
/// matrix fails for a path here that it has no rule for.
pub fn routes(max_upload_bytes: usize) -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        (
            "/documents/upload",
            // Room for a file twice the limit, so that one over it is read to the end and
            // answered with a message instead of a broken connection.
            post(upload).layer(DefaultBodyLimit::max(
                max_upload_bytes.saturating_mul(2) + 1024 * 1024,
            )),
        ),
        ("/documents/{id}", get(download)),
        ("/appointments/{id}/calendar.ics", get(appointment_ics)),
        ("/calendar/{file}", get(calendar_feed)),
        ("/access-log.csv", get(access_log_csv)),
        ("/clients/{id}/export.zip", get(dossier_export)),
        ("/my/export.zip", get(own_export)),
        ("/clients/{id}/dossier.docx", get(dossier_report)),
        ("/exports/clients.xlsx", get(excel_export)),
        ("/exports/dossiers.zip", get(dossier_reports)),
        ("/exports/agenda.docx", get(agenda_export)),
        ("/organization/copy.zip", get(organization_copy)),
        (
            "/my/assignments/{id}/answers",
            post(answers).layer(DefaultBodyLimit::max(
                max_upload_bytes.saturating_mul(2) + 1024 * 1024,
            )),
        ),
    ]
}

async fn tenant(
    state: &AppState,
    session: &Session,
    ip: ClientIp,
) -> Result<TenantContext, AppError> {
    actor_from_session(state, session, ip)
        .await?
        .ok_or(AppError::Unauthenticated)?
        .tenant(EVERY_MEMBER)
}

fn refuse(error: AppError) -> Response {
    // Required two-step verification not set up: the browser goes to set it up, as it does
    // from every page; the file itself stays refused.
    if error == AppError::TwoFactorRequired {
        return axum::response::Redirect::to(crate::routes::TWO_FACTOR_PAGE).into_response();
    }
    // Outside the organization's networks: the page that says so, as from every page.
    if error == AppError::NetworkRefused {
        return axum::response::Redirect::to(crate::routes::NETWORK_PAGE).into_response();
    }
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let text = match status.as_u16() {
        401 => "Je bent niet (meer) ingelogd. / You are not signed in.",
        403 => "Je hebt hier geen toegang toe. / You have no access to this.",
        404 => "Dit bestaat niet, of je hebt er geen toegang toe. / Not found.",
        409 => "Dit kan nu niet worden gewijzigd. / This cannot be changed now.",
        _ => "Er ging iets mis. / Something went wrong.",
    };
    (status, text).into_response()
}

/// The code the upload form shows a message for.
pub fn upload_code(problem: FieldProblem) -> &'static str {
    match problem {
        FieldProblem::FileTooLarge => "file_too_large",
        FieldProblem::FileEmpty => "file_empty",
        FieldProblem::FileType => "file_type",
        FieldProblem::FileMismatch => "file_mismatch",
        FieldProblem::FileNotStored => "file_not_stored",
        _ => "required",
    }
}

/// Reads a file field up to `max` bytes. `None` when it is larger: the rest is drained, so
/// the browser gets an answer instead of a broken connection.
async fn read_limited(
    field: &mut axum::extract::multipart::Field<'_>,
    max: usize,
) -> Result<Option<Vec<u8>>, Response> {
    let mut bytes = Vec::new();
    let mut too_large = false;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) if !too_large => {
                if bytes.len() + chunk.len() > max {
                    too_large = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) if too_large => break,
            Err(_) => return Err((StatusCode::BAD_REQUEST, "Upload broken off.").into_response()),
        }
    }
    Ok((!too_large).then_some(bytes))
}

async fn upload(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    mut form: Multipart,
) -> Response {
    let tenant = match tenant(&state, &session, ip).await {
        Ok(tenant) => tenant,
        Err(error) => return refuse(error),
    };
    let back = |client_id: i32, query: &str| {
        let page = if tenant.role == Role::Client {
            format!("/my?{query}")
        } else {
            format!("{}&{query}", DossierTab::Documents.path(client_id))
        };
        Redirect::to(&format!("{page}#documents")).into_response()
    };
    let mut client_id = None;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return (StatusCode::BAD_REQUEST, "Upload broken off.").into_response(),
        };
        match field.name() {
            Some("client_id") => {
                client_id = field.text().await.ok().and_then(|t| t.trim().parse().ok());
            }
            Some("file") => {
                let target = match documents::upload_target(&state.db, &tenant, client_id).await {
                    Ok(target) => target,
                    Err(error) => return refuse(error),
                };
                let filename = field.file_name().unwrap_or_default().to_string();
                let bytes = match read_limited(&mut field, state.settings.max_upload_bytes).await {
                    Ok(Some(bytes)) => bytes,
                    Ok(None) => return back(target, "upload_error=file_too_large"),
                    Err(response) => return response,
                };
                if filename.is_empty() && bytes.is_empty() {
                    return back(target, "upload_error=required");
                }
                return match documents::upload(
                    &state.db,
                    state.storage.as_ref(),
                    state.clock.now(),
                    &tenant,
                    Some(target),
                    &filename,
                    &bytes,
                )
                .await
                {
                    Ok(_) => back(target, "upload=done"),
                    Err(AppError::Invalid { fields }) => {
                        let code = fields
                            .first()
                            .map(|(_, p)| upload_code(*p))
                            .unwrap_or("required");
                        back(target, &format!("upload_error={code}"))
                    }
                    Err(error) => refuse(error),
                };
            }
            _ => {}
        }
    }
    match documents::upload_target(&state.db, &tenant, client_id).await {
        Ok(target) => back(target, "upload_error=required"),
        Err(error) => refuse(error),
    }
}

/// `filename*` for any name, and a plain ASCII `filename` for old clients.
fn disposition(filename: &str) -> HeaderValue {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '\\' && c != '"' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

fn attachment(content_type: &str, filename: &str, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CONTENT_DISPOSITION, disposition(filename));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

async fn download(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    Path(id): Path<i32>,
) -> Response {
    let result = async {
        let tenant = tenant(&state, &session, ip).await?;
        documents::download(&state.db, state.storage.as_ref(), &tenant, id).await
    }
    .await;
    match result {
        Ok((filename, mime, bytes)) => attachment(mime, &filename, bytes),
        Err(error) => refuse(error),
    }
}

/// The access log search as a CSV file, with the same filters as the page.
async fn access_log_csv(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    axum::extract::Query(query): axum::extract::Query<crate::model::access_log::AccessLogQuery>,
) -> Response {
    let result = async {
        let tenant = tenant(&state, &session, ip).await?;
        access_log::csv(&state.db, &tenant, &query).await
    }
    .await;
    match result {
        Ok(csv) => attachment("text/csv; charset=utf-8", "inzage-log.csv", csv),
        Err(error) => refuse(error),
    }
}

/// Everything about one client, for the practice (GDPR art. 15 and 20): owners and the
/// coaches who may open the dossier.
async fn dossier_export(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    Path(id): Path<i32>,
) -> Response {
    export_response(&state, &session, ip, Some(id)).await
}

/// The client's own export: what Koers shows them of their dossier.
async fn own_export(State(state): State<AppState>, session: Session, ip: ClientIp) -> Response {
    export_response(&state, &session, ip, None).await
}

/// The export of dossier `id` for the practice, or (`None`) the signed-in client's own.
async fn export_response(
    state: &AppState,
    session: &Session,
    ip: ClientIp,
    dossier: Option<i32>,
) -> Response {
    let result = async {
        let actor = actor_from_session(state, session, ip)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let (db, storage, now) = (&state.db, state.storage.as_ref(), state.clock.now());
        match dossier {
            Some(id) => {
                let tenant = actor.tenant(&[Role::Owner, Role::Coach])?;
                let opened = clients::open(db, &tenant, id).await?;
                let audience = export::Audience::Practice(&opened);
                export::export(db, storage, now, &tenant, audience, &actor.language).await
            }
            None => {
                let tenant = actor.tenant(&[Role::Client])?;
                let own = clients::own(db, &tenant).await?.ok_or(AppError::NotFound)?;
                let audience = export::Audience::Client(&own);
                export::export(db, storage, now, &tenant, audience, &actor.language).await
            }
        }
    }
    .await;
    match result {
        Ok(archive) => attachment("application/zip", &archive.filename, archive.bytes),
        Err(error) => refuse(error),
    }
}

/// What the export form on the clients page asks for.
#[derive(Clone, Copy)]
enum PracticeExport {
    /// Every dossier's common data in one workbook.
    Excel,
    /// A ZIP with a dossier report (Word) per dossier.
    DossierReports,
    /// The agenda and time of the period (Word).
    Agenda,
}

async fn excel_export(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    axum::extract::Query(query): axum::extract::Query<ExportQuery>,
) -> Response {
    practice_export(&state, &session, ip, query, PracticeExport::Excel).await
}

async fn dossier_reports(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    axum::extract::Query(query): axum::extract::Query<ExportQuery>,
) -> Response {
    practice_export(&state, &session, ip, query, PracticeExport::DossierReports).await
}

async fn agenda_export(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    axum::extract::Query(query): axum::extract::Query<ExportQuery>,
) -> Response {
    practice_export(&state, &session, ip, query, PracticeExport::Agenda).await
}

/// The practice's exports, with the filters of the form on the clients page. A filter it
/// refuses sends the browser back to that form, naming the fields.
async fn practice_export(
    state: &AppState,
    session: &Session,
    ip: ClientIp,
    query: ExportQuery,
    kind: PracticeExport,
) -> Response {
    let result = async {
        let actor = actor_from_session(state, session, ip)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let tenant = actor.tenant(&[Role::Owner, Role::Coach])?;
        let filter = match exports::parse(&state.db, &tenant, &query).await {
            Ok(filter) => filter,
            Err(AppError::Invalid { fields }) => return Ok(Err(fields)),
            Err(error) => return Err(error),
        };
        let (db, now, language) = (&state.db, state.clock.now(), &actor.language);
        let made = match kind {
            PracticeExport::Excel => exports::workbook(db, now, &tenant, language, &filter)
                .await
                .map(|file| (XLSX, Made::OnDisk(file)))?,
            PracticeExport::DossierReports => {
                exports::dossier_reports(db, now, &tenant, language, &filter)
                    .await
                    .map(|file| ("application/zip", Made::OnDisk(file)))?
            }
            PracticeExport::Agenda => exports::agenda(db, now, &tenant, language, &filter)
                .await
                .map(|file| (DOCX, Made::InMemory(file)))?,
        };
        Ok(Ok(made))
    }
    .await;
    match result {
        Ok(Ok((content_type, Made::OnDisk(file)))) => streamed(content_type, file).await,
        Ok(Ok((content_type, Made::InMemory(file)))) => {
            attachment(content_type, &file.filename, file.bytes)
        }
        Ok(Err(fields)) => {
            let names: Vec<&str> = fields.iter().map(|(name, _)| name.as_str()).collect();
            let kept = query.to_query_string();
            let separator = if kept.is_empty() { "" } else { "&" };
            Redirect::to(&format!(
                "/clients?{kept}{separator}export_error={}#export",
                names.join(",")
            ))
            .into_response()
        }
        Err(error) => refuse(error),
    }
}

/// A finished export on disk, streamed. Opened, then unlinked: the bytes stream from disk
/// and vanish with the handle.
async fn streamed(content_type: &str, file: exports::ExportFile) -> Response {
    let opened = tokio::fs::File::open(&file.path).await;
    let _ = tokio::fs::remove_file(&file.path).await;
    match opened {
        Ok(opened) => attachment(
            content_type,
            &file.filename,
            Body::from_stream(tokio_util::io::ReaderStream::new(opened)),
        ),
        Err(error) => {
            tracing::error!(%error, "the finished export could not be read");
            refuse(AppError::Internal)
        }
    }
}

/// The organization's complete copy, for its owners until the subscription's last day.
async fn organization_copy(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
) -> Response {
    let result = async {
        let actor = actor_from_session(&state, &session, ip)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let tenant = actor.tenant(&[Role::Owner])?;
        let now = state.clock.now();
        handover::owner_copy(&state.db, state.storage.as_ref(), now, &tenant).await
    }
    .await;
    match result {
        Ok(file) => streamed("application/zip", file).await,
        Err(error) => refuse(error),
    }
}

/// A finished export: a file on disk to stream, or a document in memory.
enum Made {
    OnDisk(exports::ExportFile),
    InMemory(exports::WordFile),
}

/// The dossier report of one client in Word, for whoever of the practice may open it.
async fn dossier_report(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    Path(id): Path<i32>,
) -> Response {
    let result = async {
        let actor = actor_from_session(&state, &session, ip)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let tenant = actor.tenant(&[Role::Owner, Role::Coach])?;
        let now = state.clock.now();
        exports::dossier_report(&state.db, now, &tenant, id, &actor.language).await
    }
    .await;
    match result {
        Ok(file) => attachment(DOCX, &file.filename, file.bytes),
        Err(error) => refuse(error),
    }
}

async fn appointment_ics(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    Path(id): Path<i32>,
) -> Response {
    let result = async {
        let tenant = tenant(&state, &session, ip).await?;
        agenda::ics(&state.db, &state.settings.public_url, &tenant, id).await
    }
    .await;
    match result {
        Ok(ics) => attachment("text/calendar; charset=utf-8", "afspraak.ics", ics),
        Err(error) => refuse(error),
    }
}

/// The feed address is the permission: whoever has it reads the coach's appointments,
/// until the coach makes a new one or revokes it, or loses their account.
///
/// A calendar app fetches it from wherever it runs: an organization that allows only its
/// own networks gets no appointments sent elsewhere this way either.
async fn calendar_feed(
    State(state): State<AppState>,
    ip: ClientIp,
    Path(file): Path<String>,
) -> Response {
    let result = async {
        let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
        let user_id = agenda::feed_owner(&state.db, token)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut actor = load_actor(&state.db, &state.keys, state.clock.now(), user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        actor.network_allowed = crate::server::service::security::network::stored_allows(
            actor.allowed_networks.as_deref(),
            ip.0,
        );
        let tenant = actor
            .tenant(&[Role::Owner, Role::Coach])
            .map_err(|_| AppError::NotFound)?;
        agenda::feed(
            &state.db,
            state.clock.now(),
            &state.settings.public_url,
            &tenant,
        )
        .await
    }
    .await;
    match result {
        Ok(ics) => {
            let mut response = ics.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            );
            response
        }
        Err(error) => refuse(error),
    }
}

/// The answer form of an exercise, as sent without JavaScript (and for file questions
/// with it): saves every answer that changed, then submits when asked. Back to the page
/// with what happened in the address, so the page can say it next to the questions.
async fn answers(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    Path(id): Path<i32>,
    mut form: Multipart,
) -> Response {
    let tenant = match tenant(&state, &session, ip).await {
        Ok(tenant) => tenant,
        Err(error) => return refuse(error),
    };
    // Nobody streams answers or files into an exercise they cannot answer.
    match assignments::answerable(&state.db, &tenant, id).await {
        Ok(()) => {}
        // Submitted meanwhile (in another tab): the page says so.
        Err(AppError::Locked) => {
            return Redirect::to(&format!("/my/exercises/{id}?locked=1#answers")).into_response()
        }
        Err(error) => return refuse(error),
    }
    let mut sent = assignments::FormAnswers::default();
    let mut early = Vec::new();
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return (StatusCode::BAD_REQUEST, "Upload broken off.").into_response(),
        };
        let name = field.name().unwrap_or_default().to_string();
        if let Some(filename) = field.file_name().map(str::to_string) {
            match read_limited(&mut field, state.settings.max_upload_bytes).await {
                Ok(Some(bytes)) => sent.files.push((name, filename, bytes)),
                Ok(None) => early.push((name, FieldProblem::FileTooLarge)),
                Err(response) => return response,
            }
            continue;
        }
        let text = field.text().await.unwrap_or_default();
        if let Some(key) = name.strip_prefix("base_") {
            sent.bases
                .insert(key.to_string(), text.trim().parse().unwrap_or(0));
        } else if name == "intent" {
            sent.submit = text == "submit";
        } else if name == "confirm" {
            sent.confirm = text == "yes";
        } else {
            sent.values.entry(name).or_default().push(text);
        }
    }
    let outcome = assignments::save_form(
        &state.db,
        state.storage.as_ref(),
        state.clock.now(),
        &tenant,
        id,
        sent,
    )
    .await;
    let query = match outcome {
        Ok(mut outcome) => {
            outcome.problems.extend(early);
            let mut parts = Vec::new();
            if !outcome.problems.is_empty() {
                let problems: Vec<String> = outcome
                    .problems
                    .iter()
                    .map(|(key, problem)| format!("{key}:{problem:?}"))
                    .collect();
                parts.push(format!("problems={}", problems.join(",")));
            }
            if !outcome.conflicts.is_empty() {
                parts.push(format!("conflicts={}", outcome.conflicts.join(",")));
            }
            if outcome.submitted {
                parts.push("submitted=1".to_string());
            } else if outcome.problems.is_empty() {
                parts.push("saved=1".to_string());
            }
            parts.join("&")
        }
        Err(AppError::Locked) => "locked=1".to_string(),
        Err(error) => return refuse(error),
    };
    Redirect::to(&format!("/my/exercises/{id}?{query}#answers")).into_response()
}
