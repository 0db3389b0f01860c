//! Everything about one client as one ZIP (GDPR art. 15 and 20): `dossier.json` for
//! computers (its JSON Schema beside it as `schema.json`, with a format name and version),
//! the documents themselves under `documenten/`, `dossier.docx` for people, and a short
//! `LEESMIJ.txt` that says what is where.
//!
//! Two audiences. A practice (an owner or a coach who may open the dossier) exports what
//! that person may read of the dossier: a report only its author may read stays out of a
//! colleague's export. The client exports what Koers shows them: their data, trajectories,
//! the reports shared with them, appointments, exercises with answers and feedback, their
//! whole journal (also what they never shared) and the documents they may see.
//!
//! The export is built in memory: one client's dossier, whose documents are limited in
//! size each (`KOERS_MAX_UPLOAD_MB`).

use std::collections::HashMap;
use std::io::{Cursor, Write};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::model::access_log::{LogAction, LogArea};
use crate::server::auth::TenantContext;
use crate::server::entity::{
    appointment, assignment, client, document, exercise, exercise_version, journal_comment,
    journal_entry, organization, report, report_amendment, time_entry, trajectory, trajectory_goal,
    user,
};
use crate::server::local_time;
use crate::server::service::clients::{Dossier, OwnDossier};
use crate::server::service::sealing::{
    ASSIGNMENT_FEEDBACK, ASSIGNMENT_SCORES, CLIENT_NOTES, COMMENT_BODY, JOURNAL_BODY,
};
use crate::server::service::{assignments, documents, reports};
use crate::server::storage::DocumentStorage;
use crate::server::stored;

/// The name of the format in `dossier.json`, and its version: a change to the file's shape
/// that a reader could trip over makes a new version (and a new `schema.json`).
pub const FORMAT: &str = "koers-dossier-export";
pub const VERSION: u32 = 1;
/// The JSON Schema (draft 2020-12) of `dossier.json`, shipped in every export.
pub const SCHEMA: &str = include_str!("export-schema.json");

/// Who asked for the export, and so what it holds.
pub enum Audience<'a> {
    /// An owner or coach, in a dossier they opened.
    Practice(&'a Dossier),
    /// The client, of their own dossier.
    Client(&'a OwnDossier),
}

impl Audience<'_> {
    fn row(&self) -> &client::Model {
        match self {
            Audience::Practice(dossier) => dossier,
            Audience::Client(own) => own,
        }
    }

    fn lookups(&self) -> &Dossier {
        match self {
            Audience::Practice(dossier) => dossier,
            Audience::Client(own) => own.lookups(),
        }
    }

    fn practice(&self) -> bool {
        matches!(self, Audience::Practice(_))
    }
}

/// `dossier.json`. Field names are English and stable; codes (statuses, kinds) are the
/// codes Koers stores; days are `YYYY-MM-DD`, moments RFC 3339 in UTC.
#[derive(Debug, Serialize)]
pub struct Export {
    pub format: &'static str,
    pub version: u32,
    pub exported_at: String,
    /// `practice` or `client`: who made it, and so which part of the dossier it holds.
    pub exported_for: &'static str,
    pub exported_by: String,
    pub organization: String,
    pub client: Person,
    pub trajectories: Vec<Trajectory>,
    pub reports: Vec<Report>,
    pub appointments: Vec<Appointment>,
    pub time_entries: Vec<TimeEntry>,
    pub exercises: Vec<Exercise>,
    pub journal: Vec<JournalEntry>,
    pub documents: Vec<Document>,
}

#[derive(Debug, Serialize)]
pub struct Person {
    pub name: String,
    pub email: Option<String>,
    pub date_of_birth: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// The practice's notes on the dossier (not in the client's own export).
    pub notes: Option<String>,
    pub responsible_coach: Option<String>,
    pub created_at: String,
    pub archived_at: Option<String>,
    pub restricted_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Trajectory {
    pub id: i32,
    pub title: String,
    pub status: String,
    pub coach: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub notes: Option<String>,
    pub goals: Vec<Goal>,
}

#[derive(Debug, Serialize)]
pub struct Goal {
    pub text: String,
    pub status: String,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub id: i32,
    pub date: String,
    pub author: Option<String>,
    pub trajectory_id: Option<i32>,
    /// As written (Markdown).
    pub text: String,
    pub locked_at: Option<String>,
    pub amendments: Vec<Amendment>,
}

#[derive(Debug, Serialize)]
pub struct Amendment {
    pub author: Option<String>,
    pub written_at: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Appointment {
    pub id: i32,
    pub title: String,
    pub location: Option<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub coach: Option<String>,
    pub trajectory_id: Option<i32>,
}

#[derive(Debug, Serialize)]
pub struct TimeEntry {
    pub id: i32,
    pub date: String,
    pub minutes: i32,
    pub activity: String,
    pub coach: Option<String>,
    pub trajectory_id: Option<i32>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Exercise {
    pub id: i32,
    pub title: String,
    pub trajectory_id: i32,
    pub given_at: String,
    pub given_by: Option<String>,
    pub message: Option<String>,
    pub due_date: Option<String>,
    pub status: String,
    pub submitted_at: Option<String>,
    pub answers: Vec<Answer>,
    pub feedback: Option<String>,
    pub feedback_by: Option<String>,
    pub scores: Vec<Score>,
}

#[derive(Debug, Serialize)]
pub struct Answer {
    pub question: String,
    pub kind: String,
    pub values: Vec<String>,
    pub feedback: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Score {
    pub scale: String,
    pub score: f64,
    pub band: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct JournalEntry {
    pub id: i32,
    pub date: String,
    pub text: String,
    pub shared: bool,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Serialize)]
pub struct Comment {
    pub author: Option<String>,
    pub written_at: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Document {
    pub id: i32,
    pub filename: String,
    pub kind: String,
    pub size_bytes: i64,
    pub uploaded_by: Option<String>,
    pub uploaded_at: String,
    pub shared_with_client: bool,
    /// Where the file is in the ZIP.
    pub path: String,
    /// SHA-256 of the file, hexadecimal: the copy is the original byte for byte.
    pub sha256: String,
}

/// A finished export: the ZIP and a name to save it under.
pub struct Archive {
    pub filename: String,
    pub bytes: Vec<u8>,
}

fn moment(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Makes the export of the audience's dossier. A practice's export is recorded in the
/// access log as one `export`, not as the reads it is made of.
pub async fn export(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    audience: Audience<'_>,
    language: &str,
) -> Result<Archive, AppError> {
    let (mut data, rows) = gather(db, now, tenant, &audience).await?;
    let mut files = HashMap::new();
    for (listed, row) in data.documents.iter_mut().zip(&rows) {
        let bytes = documents::contents(db, storage, tenant, row).await?;
        listed.sha256 = hex(&Sha256::digest(&bytes));
        files.insert(row.id, bytes);
    }
    if let Audience::Practice(dossier) = &audience {
        dossier
            .changed(db, LogArea::Data, None, LogAction::Export)
            .await?;
    }
    let docx = word::dossier(&data, language, None)?;
    let bytes = pack(&data, &files, docx, language)?;
    Ok(Archive {
        filename: format!(
            "koers-{}-{}.zip",
            slug(&data.client.name),
            &day(now.date_naive())
        ),
        bytes,
    })
}

/// The dossier report for the practice: the Word document of the export (without the
/// documents themselves, which it lists), narrowed to the reports, appointments and time
/// of a period when one is given. The caller records it in the access log.
pub(crate) async fn report(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
    language: &str,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
) -> Result<Vec<u8>, AppError> {
    let (mut data, _) = gather(db, now, tenant, &Audience::Practice(dossier)).await?;
    let within = |iso: &str| {
        let day = local_time::parse_day(iso);
        from.is_none_or(|from| day.is_some_and(|d| d >= from))
            && to.is_none_or(|to| day.is_some_and(|d| d <= to))
    };
    let local_day = |rfc3339: &str| {
        DateTime::parse_from_rfc3339(rfc3339)
            .map(|at| day(local_time::local_date(at.with_timezone(&Utc))))
            .unwrap_or_default()
    };
    if from.is_some() || to.is_some() {
        data.reports.retain(|r| within(&r.date));
        data.appointments
            .retain(|a| within(&local_day(&a.starts_at)));
        data.time_entries.retain(|t| within(&t.date));
        // A trajectory stays when it overlaps the period (an open end runs on).
        data.trajectories.retain(|t| {
            let starts = t.start_date.as_deref().and_then(local_time::parse_day);
            let ends = t.end_date.as_deref().and_then(local_time::parse_day);
            to.is_none_or(|to| starts.is_none_or(|s| s <= to))
                && from.is_none_or(|from| ends.is_none_or(|e| e >= from))
        });
        data.journal.retain(|j| within(&j.date));
    }
    let period = (from.is_some() || to.is_some())
        .then(|| crate::server::service::exports::words::Words::new(language).period(from, to));
    word::dossier(&data, language, period.as_deref())
}

/// A name for a file, made of the client's name: what the practice's files are called.
pub(crate) fn file_name(name: &str) -> String {
    slug(name)
}

/// A name for a file: letters and digits, the rest as dashes.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        // The letters of Dutch and its neighbours, without their accents: Cliënt → client.
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                'a'
            }
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
                'o'
            }
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            'ý' | 'ÿ' | 'Ý' => 'y',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "dossier".to_string()
    } else {
        out
    }
}

/// The export's data, and the rows of the documents it lists (in the same order), whose
/// bytes and checksums the ZIP adds.
async fn gather(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    audience: &Audience<'_>,
) -> Result<(Export, Vec<document::Model>), AppError> {
    let row = audience.row();
    let lookups = audience.lookups();
    let practice = audience.practice();
    let people = lookups.people(db).await?;
    let name = |id: Option<i32>| -> Option<String> {
        people
            .iter()
            .find(|p| Some(p.id) == id)
            .map(|p| p.name.clone())
    };
    let organization = organization::Entity::find_by_id(tenant.organization_id)
        .one(db)
        .await?
        .ok_or(AppError::Internal)?;
    let exported_by = user::Entity::find_by_id(tenant.user_id)
        .one(db)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();

    let notes = match (&row.notes, practice) {
        (Some(sealed), true) => Some(CLIENT_NOTES.open(db, tenant, row.id, sealed).await?),
        _ => None,
    };
    let person = Person {
        name: row.name.clone(),
        email: row.email.clone(),
        date_of_birth: row.date_of_birth.map(day),
        address: row.address.clone(),
        phone: row.phone.clone(),
        notes,
        responsible_coach: name(row.responsible_coach_id),
        created_at: moment(row.created_at),
        archived_at: row.archived_at.map(moment),
        restricted_at: row.restricted_at.map(moment),
    };

    let (found_trajectories, goals) = lookups.trajectories_and_goals(db).await?;
    let trajectories = found_trajectories
        .iter()
        .map(|t| trajectory_of(t, goals, practice, &name))
        .collect();

    let (found_reports, amendments) = match audience {
        Audience::Practice(dossier) => reports::readable_in(db, tenant, dossier).await?,
        Audience::Client(own) => reports::shared_with(db, tenant, own).await?,
    };
    let reports = found_reports
        .into_iter()
        .map(|r| report_of(r, &amendments, &name))
        .collect();

    let appointments = appointment::Entity::find()
        .filter(appointment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(appointment::Column::ClientId.eq(row.id))
        .order_by_asc(appointment::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| Appointment {
            id: a.id,
            title: a.title,
            location: a.location,
            starts_at: moment(a.starts_at),
            ends_at: moment(a.ends_at),
            coach: name(a.coach_id),
            trajectory_id: a.trajectory_id,
        })
        .collect();

    // Time is the practice's registration (what it bills), not shown to the client.
    let time_entries = if practice {
        time_entry::Entity::find()
            .filter(time_entry::Column::OrganizationId.eq(tenant.organization_id))
            .filter(time_entry::Column::ClientId.eq(row.id))
            .order_by_asc(time_entry::Column::EntryDate)
            .order_by_asc(time_entry::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|t| TimeEntry {
                id: t.id,
                date: day(t.entry_date),
                minutes: t.minutes,
                activity: t.activity.as_str().to_string(),
                coach: name(t.coach_id),
                trajectory_id: t.trajectory_id,
                note: t.note,
            })
            .collect()
    } else {
        Vec::new()
    };

    let exercises = exercises_of(db, tenant, row.id, practice, &name).await?;
    let journal = journal_of(db, tenant, row.id, practice, &name).await?;

    let mut visible = Condition::all()
        .add(document::Column::OrganizationId.eq(tenant.organization_id))
        .add(document::Column::ClientId.eq(row.id));
    if !practice {
        visible = visible.add(
            Condition::any()
                .add(document::Column::SharedWithClient.eq(true))
                .add(document::Column::UploadedBy.eq(tenant.user_id)),
        );
    }
    let rows = document::Entity::find()
        .filter(visible)
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?;
    let listed = rows
        .iter()
        .map(|d| Document {
            path: format!("documenten/{}-{}", d.id, documents::clean_name(&d.filename)),
            sha256: String::new(),
            id: d.id,
            filename: d.filename.clone(),
            kind: d.kind.clone(),
            size_bytes: d.size_bytes,
            uploaded_by: name(d.uploaded_by),
            uploaded_at: moment(d.created_at),
            shared_with_client: d.shared_with_client,
        })
        .collect();

    let export = Export {
        format: FORMAT,
        version: VERSION,
        exported_at: moment(now),
        exported_for: if practice { "practice" } else { "client" },
        exported_by,
        organization: organization.name,
        client: person,
        trajectories,
        reports,
        appointments,
        time_entries,
        exercises,
        journal,
        documents: listed,
    };
    Ok((export, rows))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn trajectory_of(
    t: &trajectory::Model,
    goals: &[trajectory_goal::Model],
    practice: bool,
    name: &(dyn Fn(Option<i32>) -> Option<String> + Sync),
) -> Trajectory {
    let mut own: Vec<&trajectory_goal::Model> =
        goals.iter().filter(|g| g.trajectory_id == t.id).collect();
    own.sort_by_key(|g| (g.position, g.id));
    Trajectory {
        id: t.id,
        title: t.title.clone(),
        status: t.status.as_str().to_string(),
        coach: name(t.coach_id),
        start_date: t.start_date.map(day),
        end_date: t.end_date.map(day),
        // The practice's own notes on the trajectory.
        notes: if practice { t.notes.clone() } else { None },
        goals: own
            .into_iter()
            .map(|g| Goal {
                text: g.text.clone(),
                status: g.status.as_str().to_string(),
            })
            .collect(),
    }
}

fn report_of(
    r: report::Model,
    amendments: &[report_amendment::Model],
    name: &(dyn Fn(Option<i32>) -> Option<String> + Sync),
) -> Report {
    Report {
        amendments: amendments
            .iter()
            .filter(|a| a.report_id == r.id)
            .map(|a| Amendment {
                author: name(a.author_id),
                written_at: moment(a.created_at),
                text: a.body.clone(),
            })
            .collect(),
        id: r.id,
        date: day(r.report_date),
        author: name(r.author_id),
        trajectory_id: r.trajectory_id,
        text: r.body,
        locked_at: r.locked_at.map(moment),
    }
}

async fn exercises_of(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    client_id: i32,
    practice: bool,
    name: &(dyn Fn(Option<i32>) -> Option<String> + Sync),
) -> Result<Vec<Exercise>, AppError> {
    let given = assignment::Entity::find()
        .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(assignment::Column::ClientId.eq(client_id))
        .order_by_asc(assignment::Column::CreatedAt)
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await?;
    let versions: HashMap<i32, exercise_version::Model> = exercise_version::Entity::find()
        .filter(exercise_version::Column::Id.is_in(given.iter().map(|a| a.exercise_version_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let titles: HashMap<i32, String> = exercise::Entity::find()
        .filter(exercise::Column::Id.is_in(given.iter().map(|a| a.exercise_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.title))
        .collect();
    let mut out = Vec::with_capacity(given.len());
    for a in given {
        let questions = match versions.get(&a.exercise_version_id) {
            Some(v) => stored::questions(&v.questions)?,
            None => Vec::new(),
        };
        let stored_answers = assignments::stored_answers(db, tenant, a.id).await?;
        let answers = questions
            .iter()
            .filter_map(|q| {
                let found = stored_answers.iter().find(|s| s.question_key == q.key)?;
                Some(Answer {
                    question: q.prompt.clone(),
                    kind: q.kind.as_str().to_string(),
                    values: serde_json::from_str(&found.value).unwrap_or_default(),
                    feedback: found.feedback.clone(),
                })
            })
            .collect();
        let feedback = match &a.feedback {
            Some(sealed) => Some(ASSIGNMENT_FEEDBACK.open(db, tenant, a.id, sealed).await?),
            None => None,
        };
        // The client sees scores only once the coach shows them.
        let scores = match &a.scores {
            Some(sealed) if practice || a.show_results => {
                let opened = ASSIGNMENT_SCORES.open(db, tenant, a.id, sealed).await?;
                stored::scores(Some(&opened))
                    .into_iter()
                    .map(|s| Score {
                        scale: s.name,
                        score: s.score,
                        band: s.band,
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        out.push(Exercise {
            id: a.id,
            title: titles.get(&a.exercise_id).cloned().unwrap_or_default(),
            trajectory_id: a.trajectory_id,
            given_at: moment(a.created_at),
            given_by: name(a.assigned_by),
            message: a.message,
            due_date: a.due_date.map(day),
            status: a.status.as_str().to_string(),
            submitted_at: a.submitted_at.map(moment),
            answers,
            feedback,
            feedback_by: name(a.feedback_by),
            scores,
        });
    }
    Ok(out)
}

async fn journal_of(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    client_id: i32,
    practice: bool,
    name: &(dyn Fn(Option<i32>) -> Option<String> + Sync),
) -> Result<Vec<JournalEntry>, AppError> {
    let mut entries = journal_entry::Entity::find()
        .filter(journal_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(journal_entry::Column::ClientId.eq(client_id));
    // The practice reads what the client shared; the client exports all they wrote.
    if practice {
        entries = entries.filter(journal_entry::Column::SharedAt.is_not_null());
    }
    let entries = entries
        .order_by_asc(journal_entry::Column::EntryDate)
        .order_by_asc(journal_entry::Column::Id)
        .all(db)
        .await?;
    let comments = journal_comment::Entity::find()
        .filter(journal_comment::Column::EntryId.is_in(entries.iter().map(|e| e.id)))
        .order_by_asc(journal_comment::Column::CreatedAt)
        .order_by_asc(journal_comment::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let mut opened = Vec::new();
        for c in comments.iter().filter(|c| c.entry_id == e.id) {
            opened.push(Comment {
                author: name(c.author_id),
                written_at: moment(c.created_at),
                text: COMMENT_BODY.open(db, tenant, c.id, &c.body).await?,
            });
        }
        out.push(JournalEntry {
            id: e.id,
            date: day(e.entry_date),
            text: JOURNAL_BODY.open(db, tenant, e.id, &e.body).await?,
            shared: e.shared_at.is_some(),
            comments: opened,
        });
    }
    Ok(out)
}

/// The ZIP: `LEESMIJ.txt`, `dossier.json`, `schema.json`, `dossier.docx`, `documenten/…`.
fn pack(
    data: &Export,
    files: &HashMap<i32, Vec<u8>>,
    docx: Vec<u8>,
    language: &str,
) -> Result<Vec<u8>, AppError> {
    use zip::write::FileOptions;
    let failed = |error: &dyn std::fmt::Display| {
        tracing::error!(%error, "making an export failed");
        AppError::Internal
    };
    let json = serde_json::to_vec_pretty(data).map_err(|e| failed(&e))?;
    let options = FileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut add = |path: &str, bytes: &[u8]| -> Result<(), AppError> {
        zip.start_file(path, options).map_err(|e| failed(&e))?;
        zip.write_all(bytes).map_err(|e| failed(&e))
    };
    add("LEESMIJ.txt", readme(data, language).as_bytes())?;
    add("dossier.json", &json)?;
    add("schema.json", SCHEMA.as_bytes())?;
    add("dossier.docx", &docx)?;
    for d in &data.documents {
        if let Some(bytes) = files.get(&d.id) {
            add(&d.path, bytes)?;
        }
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

fn readme(data: &Export, language: &str) -> String {
    let nl = format!(
        "Export uit Koers van het dossier van {name}, gemaakt op {at} voor {whom}.\n\n\
         - dossier.docx: het dossier om te lezen (Word).\n\
         - dossier.json: hetzelfde voor computers; schema.json beschrijft het \
         (formaat {FORMAT}, versie {VERSION}).\n\
         - documenten/: de documenten zelf, ongewijzigd (de SHA-256 van elk staat in \
         dossier.json).\n",
        name = data.client.name,
        at = local_time::in_words(now_of(data), "nl"),
        whom = if data.exported_for == "practice" {
            "de praktijk"
        } else {
            "de cliënt"
        },
    );
    let en = format!(
        "Koers export of the dossier of {name}, made on {at} for {whom}.\n\n\
         - dossier.docx: the dossier to read (Word).\n\
         - dossier.json: the same for computers; schema.json describes it \
         (format {FORMAT}, version {VERSION}).\n\
         - documenten/: the documents themselves, unchanged (dossier.json gives each one's \
         SHA-256).\n",
        name = data.client.name,
        at = local_time::in_words(now_of(data), "en"),
        whom = if data.exported_for == "practice" {
            "the practice"
        } else {
            "the client"
        },
    );
    if language == "en" {
        format!("{en}\n---\n\n{nl}")
    } else {
        format!("{nl}\n---\n\n{en}")
    }
}

fn now_of(data: &Export) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&data.exported_at)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}

/// The dossier as a Word document, in the reader's language.
mod word {
    use chrono::{DateTime, Utc};
    use docx_rs::{Docx, Paragraph, Run};

    use super::{now_of, Export};
    use crate::error::AppError;
    use crate::model::time::Activity;
    use crate::server::local_time;
    use crate::server::markdown::to_plain_text;
    use crate::server::service::exports::docx::{heading, line, pack, text};
    use crate::server::service::exports::words::Words;

    fn day(w: &Words, iso: &str) -> String {
        match local_time::parse_day(iso) {
            Some(d) => w.day(d),
            None => iso.to_string(),
        }
    }

    fn moment(w: &Words, rfc3339: &str) -> String {
        match DateTime::parse_from_rfc3339(rfc3339) {
            Ok(at) => w.moment(at.with_timezone(&Utc)),
            Err(_) => rfc3339.to_string(),
        }
    }

    /// `period`, when given, says which part of the dossier's history the document holds.
    pub(crate) fn dossier(
        data: &Export,
        language: &str,
        period: Option<&str>,
    ) -> Result<Vec<u8>, AppError> {
        let w = Words::new(language);
        let c = &data.client;
        let mut doc = Docx::new()
            .add_paragraph(heading(&c.name, 40))
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!(
                "{} {} — {}",
                w.pick("Dossier bij", "Dossier at"),
                data.organization,
                w.moment(now_of(data))
            ))));
        if let Some(period) = period {
            doc = doc.add_paragraph(line(w.pick("Periode", "Period"), period));
        }
        doc = doc.add_paragraph(heading(w.pick("Gegevens", "Details"), 30));
        let details = [
            (w.pick("E-mail", "E-mail"), c.email.clone()),
            (
                w.pick("Geboortedatum", "Date of birth"),
                c.date_of_birth.as_deref().map(|d| day(&w, d)),
            ),
            (w.pick("Adres", "Address"), c.address.clone()),
            (w.pick("Telefoon", "Phone"), c.phone.clone()),
            (
                w.pick("Verantwoordelijk begeleider", "Responsible coach"),
                c.responsible_coach.clone(),
            ),
        ];
        for (label, value) in details {
            if let Some(value) = value {
                doc = doc.add_paragraph(line(label, &value));
            }
        }
        if let Some(notes) = &c.notes {
            doc = doc.add_paragraph(line(w.pick("Notities", "Notes"), ""));
            doc = text(doc, notes);
        }

        doc = doc.add_paragraph(heading(w.pick("Trajecten", "Trajectories"), 30));
        for t in &data.trajectories {
            doc = doc.add_paragraph(heading(&t.title, 26));
            let period = match (&t.start_date, &t.end_date) {
                (Some(s), Some(e)) => format!("{} – {}", day(&w, s), day(&w, e)),
                (Some(s), None) => format!("{} {}", w.pick("vanaf", "from"), day(&w, s)),
                _ => String::new(),
            };
            if !period.is_empty() {
                doc = doc.add_paragraph(line(w.pick("Periode", "Period"), &period));
            }
            if let Some(coach) = &t.coach {
                doc = doc.add_paragraph(line(w.pick("Begeleider", "Coach"), coach));
            }
            for g in &t.goals {
                doc = doc.add_paragraph(
                    Paragraph::new().add_run(Run::new().add_text(format!("• {}", g.text))),
                );
            }
        }

        doc = doc.add_paragraph(heading(w.pick("Rapportages", "Reports"), 30));
        for r in &data.reports {
            let by = r.author.as_deref().unwrap_or("");
            doc = doc.add_paragraph(heading(&format!("{} — {by}", day(&w, &r.date)), 26));
            doc = text(doc, &to_plain_text(&r.text));
            for a in &r.amendments {
                doc = doc.add_paragraph(line(
                    &format!(
                        "{} {}",
                        w.pick("Aanvulling van", "Amendment of"),
                        moment(&w, &a.written_at)
                    ),
                    a.author.as_deref().unwrap_or(""),
                ));
                doc = text(doc, &to_plain_text(&a.text));
            }
        }

        doc = doc.add_paragraph(heading(w.pick("Afspraken", "Appointments"), 30));
        for a in &data.appointments {
            let what = match a.location.as_deref() {
                Some(place) if !place.is_empty() => format!("{} ({place})", a.title),
                _ => a.title.clone(),
            };
            doc = doc.add_paragraph(line(&moment(&w, &a.starts_at), &what));
        }

        if !data.time_entries.is_empty() {
            doc = doc.add_paragraph(heading(w.pick("Tijdregistratie", "Time"), 30));
            for t in &data.time_entries {
                let activity = Activity::parse(&t.activity)
                    .map(|a| w.activity(a))
                    .unwrap_or(&t.activity);
                doc = doc.add_paragraph(line(
                    &day(&w, &t.date),
                    &format!("{} min ({activity})", t.minutes),
                ));
            }
            let total: i64 = data.time_entries.iter().map(|t| i64::from(t.minutes)).sum();
            doc = doc.add_paragraph(line(w.pick("Totaal", "Total"), &format!("{total} min")));
        }

        doc = doc.add_paragraph(heading(w.pick("Oefeningen", "Exercises"), 30));
        for e in &data.exercises {
            doc = doc.add_paragraph(heading(&e.title, 26));
            for a in &e.answers {
                doc = doc.add_paragraph(line(&a.question, &a.values.join(", ")));
                if let Some(feedback) = &a.feedback {
                    doc = doc.add_paragraph(line(w.pick("Feedback", "Feedback"), feedback));
                }
            }
            if let Some(feedback) = &e.feedback {
                doc = doc.add_paragraph(line(w.pick("Feedback", "Feedback"), feedback));
            }
            for s in &e.scores {
                doc = doc.add_paragraph(line(&s.scale, &w.decimal(s.score, 1)));
            }
        }

        doc = doc.add_paragraph(heading(w.pick("Dagboek", "Journal"), 30));
        for j in &data.journal {
            doc = doc.add_paragraph(heading(&day(&w, &j.date), 26));
            doc = text(doc, &j.text);
            for c in &j.comments {
                doc = doc.add_paragraph(line(c.author.as_deref().unwrap_or(""), &c.text));
            }
        }

        doc = doc.add_paragraph(heading(w.pick("Documenten", "Documents"), 30));
        for d in &data.documents {
            doc = doc.add_paragraph(line(&d.filename, &moment(&w, &d.uploaded_at)));
        }
        pack(doc)
    }
}
