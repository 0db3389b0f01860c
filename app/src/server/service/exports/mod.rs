//! The practice's exports, for owners (the whole organization) and coaches (the dossiers
//! they may open), filtered by period, coach, team and archived or not:
//! - every client's common data to Excel: a workbook with sheets for clients, trajectories,
//!   reports, appointments, time and its totals;
//! - a dossier report per client in Word (one dossier, or a ZIP with one per dossier);
//! - the agenda and time of a period in Word.
//!
//! Large organizations: the dossiers are read in batches of [`EXPORT_BATCH`]; each batch's
//! rows go straight into the workbook, whose sheets keep their rows in temporary files
//! (rust_xlsxwriter's constant-memory mode), or its dossier reports straight into the ZIP
//! on disk; the finished file is streamed from disk. What stays in memory is one batch and,
//! per dossier and coach, a name and a total.
//!
//! Each exported dossier is recorded in the access log (export of each area the file holds)
//! before the file is made.

mod agenda;
pub(crate) mod docx;
pub(crate) mod words;
mod workbook;

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::exports::{ArchivedChoice, ExportQuery, EXPORT_BATCH};
use crate::server::auth::TenantContext;
use crate::server::entity::{
    appointment, client, client_coach, client_team, organization, team, time_entry, trajectory,
    trajectory_goal, user,
};
use crate::server::local_time;
use crate::server::service::access_log::{self, Entry};
use crate::server::service::privacy::export as dossier_export;
use crate::server::service::{clients, reports};

/// The export's filters, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub coach: Option<i32>,
    pub team: Option<i32>,
    pub archived: ArchivedChoice,
}

/// Reads the form's fields; every field it refuses is named, with why.
pub async fn parse(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    query: &ExportQuery,
) -> Result<Filter, AppError> {
    let mut problems = Vec::new();
    let mut day = |name: &str, raw: &str| {
        if raw.trim().is_empty() {
            return None;
        }
        let parsed = local_time::parse_day(raw);
        if parsed.is_none() {
            problems.push((name.to_string(), FieldProblem::DateFormat));
        }
        parsed
    };
    let from = day("from", &query.from);
    let to = day("to", &query.to);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            problems.push(("to".to_string(), FieldProblem::EndBeforeStart));
        }
    }
    let staff = clients::staff(db, tenant).await?;
    let teams = clients::teams(db, tenant).await?;
    let mut choice = |name: &str, raw: &str, known: &[crate::model::clients::Choice]| {
        if raw.trim().is_empty() {
            return None;
        }
        let found = raw
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|id| known.iter().any(|c| c.id == *id));
        if found.is_none() {
            problems.push((name.to_string(), FieldProblem::Required));
        }
        found
    };
    let coach = choice("coach", &query.coach, &staff);
    let team = choice("team", &query.team, &teams);
    let archived = if query.archived.trim().is_empty() {
        ArchivedChoice::Active
    } else {
        ArchivedChoice::parse(query.archived.trim()).unwrap_or_else(|| {
            problems.push(("archived".to_string(), FieldProblem::Required));
            ArchivedChoice::Active
        })
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid { fields: problems });
    }
    Ok(Filter {
        from,
        to,
        coach,
        team,
        archived,
    })
}

/// A finished export on disk, to be streamed and then removed.
pub struct ExportFile {
    pub path: PathBuf,
    pub filename: String,
    pub dossiers: usize,
}

/// The ids of the dossiers the filter selects, in name order; the access check comes when
/// they are opened.
async fn selected(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    filter: &Filter,
) -> Result<Vec<i32>, AppError> {
    let mut query = client::Entity::find()
        .select_only()
        .column(client::Column::Id)
        .filter(client::Column::OrganizationId.eq(tenant.organization_id));
    query = match filter.archived {
        ArchivedChoice::Active => query.filter(client::Column::ArchivedAt.is_null()),
        ArchivedChoice::Archived => query.filter(client::Column::ArchivedAt.is_not_null()),
        ArchivedChoice::All => query,
    };
    if let Some(coach) = filter.coach {
        let given = sea_orm::sea_query::Query::select()
            .column(client_coach::Column::ClientId)
            .from(client_coach::Entity)
            .and_where(client_coach::Column::UserId.eq(coach))
            .to_owned();
        query = query.filter(client::Column::Id.in_subquery(given));
    }
    if let Some(team) = filter.team {
        let given = sea_orm::sea_query::Query::select()
            .column(client_team::Column::ClientId)
            .from(client_team::Entity)
            .and_where(client_team::Column::TeamId.eq(team))
            .to_owned();
        query = query.filter(client::Column::Id.in_subquery(given));
    }
    Ok(query
        .order_by_asc(client::Column::Name)
        .order_by_asc(client::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Writes the workbook for `filter` into a temporary file and returns it. Every dossier in
/// it is in the access log as exported by `tenant`.
pub async fn workbook(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    language: &str,
    filter: &Filter,
) -> Result<ExportFile, AppError> {
    workbook_for(db, now, tenant, language, filter, Audit::AccessLog).await
}

/// Who learns of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audit {
    /// Each dossier's access log: every export a person asks for.
    AccessLog,
    /// None of them: the organization's copy at the end of its subscription, which the
    /// operator makes of the whole organization (see `handover`), not a person in it.
    Handover,
}

/// [`workbook`], recorded as `audit` says.
pub(crate) async fn workbook_for(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    language: &str,
    filter: &Filter,
    audit: Audit,
) -> Result<ExportFile, AppError> {
    tenant.require_staff()?;
    let ids = selected(db, tenant, filter).await?;
    let people = names(db, tenant).await?;
    let team_names: HashMap<i32, String> = team::Entity::find()
        .filter(team::Column::OrganizationId.eq(tenant.organization_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut book = workbook::Book::new(language).map_err(workbook::failed)?;
    let mut exported = 0;
    for batch in ids.chunks(EXPORT_BATCH) {
        let opened = clients::open_many(db, tenant, batch.iter().copied()).await?;
        // In name order, and only those the tenant may open.
        let dossiers: Vec<&clients::Dossier> =
            batch.iter().filter_map(|id| opened.get(id)).collect();
        if dossiers.is_empty() {
            continue;
        }
        let batch = Batch::read(db, tenant, &dossiers, filter).await?;
        if audit == Audit::AccessLog {
            access_log::record(
                db,
                tenant,
                exported_areas(
                    &dossiers,
                    &[
                        LogArea::Data,
                        LogArea::Trajectories,
                        LogArea::Reports,
                        LogArea::Agenda,
                        LogArea::Time,
                    ],
                ),
            )
            .await?;
        }
        book.write(&dossiers, &batch, &people, &team_names)
            .map_err(workbook::failed)?;
        exported += dossiers.len();
    }
    let path = temporary("xlsx");
    let target = path.clone();
    tokio::task::spawn_blocking(move || book.save(&target))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(workbook::failed)?;
    Ok(ExportFile {
        path,
        filename: dated("koers-export", now, "xlsx"),
        dossiers: exported,
    })
}

/// Everyone of the organization by id, with their name: the authors and coaches in files.
async fn names(
    db: &DatabaseConnection,
    tenant: &TenantContext,
) -> Result<HashMap<i32, String>, AppError> {
    Ok(user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Name])
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The access log's lines for exporting `areas` of each of `dossiers`.
fn exported_areas<'a>(
    dossiers: &'a [&'a clients::Dossier],
    areas: &'a [LogArea],
) -> impl Iterator<Item = Entry> + 'a {
    dossiers.iter().flat_map(move |d| {
        areas.iter().map(move |&area| Entry {
            client_id: d.id,
            area,
            object: None,
            action: LogAction::Export,
        })
    })
}

/// A new file in the temporary directory, for a download in the making.
fn temporary(extension: &str) -> PathBuf {
    std::env::temp_dir().join(format!("koers-export-{}.{extension}", uuid::Uuid::new_v4()))
}

/// What a dossier report holds.
const REPORT_AREAS: [LogArea; 7] = [
    LogArea::Data,
    LogArea::Trajectories,
    LogArea::Reports,
    LogArea::Agenda,
    LogArea::Time,
    LogArea::Exercises,
    LogArea::Journal,
];

/// A Word document to download.
pub struct WordFile {
    pub filename: String,
    pub bytes: Vec<u8>,
}

fn dated(name: &str, now: DateTime<Utc>, extension: &str) -> String {
    format!(
        "{name}-{}.{extension}",
        local_time::local_date(now).format("%Y-%m-%d")
    )
}

/// The dossier report of client `id` in Word: data, trajectories with goals, reports with
/// amendments, appointments, time, exercise results and the shared journal, as far as the
/// tenant may read them.
pub async fn dossier_report(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    language: &str,
) -> Result<WordFile, AppError> {
    let dossier = clients::open(db, tenant, id).await?;
    access_log::record(db, tenant, exported_areas(&[&dossier], &REPORT_AREAS)).await?;
    let bytes = dossier_export::report(db, now, tenant, &dossier, language, (None, None)).await?;
    let name = format!(
        "dossierrapport-{}",
        dossier_export::file_name(&dossier.name)
    );
    Ok(WordFile {
        filename: dated(&name, now, "docx"),
        bytes,
    })
}

/// The dossier reports of every dossier the filter selects, one Word document each, in a
/// ZIP on disk; reports, appointments, time and journal narrowed to the filter's period.
pub async fn dossier_reports(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    language: &str,
    filter: &Filter,
) -> Result<ExportFile, AppError> {
    dossier_reports_for(db, now, tenant, language, filter, Audit::AccessLog).await
}

/// [`dossier_reports`], recorded as `audit` says.
pub(crate) async fn dossier_reports_for(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    language: &str,
    filter: &Filter,
    audit: Audit,
) -> Result<ExportFile, AppError> {
    tenant.require_staff()?;
    let path = temporary("zip");
    let written = write_reports(db, now, tenant, language, filter, &path, audit).await;
    if written.is_err() {
        let _ = tokio::fs::remove_file(&path).await;
    }
    Ok(ExportFile {
        path,
        filename: dated("koers-dossierrapporten", now, "zip"),
        dossiers: written?,
    })
}

fn zip_failed(error: &dyn std::fmt::Display) -> AppError {
    tracing::error!(%error, "writing the dossier reports failed");
    AppError::Internal
}

type Zip = zip::ZipWriter<std::fs::File>;

/// Adds files to the ZIP, off the async threads. Word documents are compressed already.
async fn add_to_zip(mut zip: Zip, files: Vec<(String, Vec<u8>)>) -> Result<Zip, AppError> {
    tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let options =
            zip::write::FileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in files {
            zip.start_file(name, options).map_err(|e| zip_failed(&e))?;
            zip.write_all(&bytes).map_err(|e| zip_failed(&e))?;
        }
        Ok(zip)
    })
    .await
    .map_err(|_| AppError::Internal)?
}

async fn write_reports(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    language: &str,
    filter: &Filter,
    path: &std::path::Path,
    audit: Audit,
) -> Result<usize, AppError> {
    let ids = selected(db, tenant, filter).await?;
    let mut zip = Zip::new(std::fs::File::create(path).map_err(|e| zip_failed(&e))?);
    let mut exported = 0;
    for batch in ids.chunks(EXPORT_BATCH) {
        let opened = clients::open_many(db, tenant, batch.iter().copied()).await?;
        let dossiers: Vec<&clients::Dossier> =
            batch.iter().filter_map(|id| opened.get(id)).collect();
        if dossiers.is_empty() {
            continue;
        }
        if audit == Audit::AccessLog {
            access_log::record(db, tenant, exported_areas(&dossiers, &REPORT_AREAS)).await?;
        }
        let mut files = Vec::with_capacity(dossiers.len());
        for dossier in &dossiers {
            let period = (filter.from, filter.to);
            let bytes = dossier_export::report(db, now, tenant, dossier, language, period).await?;
            let name = dossier_export::file_name(&dossier.name);
            files.push((format!("{name}-{}.docx", dossier.id), bytes));
        }
        zip = add_to_zip(zip, files).await?;
        exported += dossiers.len();
    }
    let w = words::Words::new(language);
    let readme = format!(
        "{}\n\n{}: {}\n{}: {exported}\n",
        w.pick(
            "Dossierrapporten uit Koers: één Word-document per dossier.",
            "Dossier reports from Koers: one Word document per dossier."
        ),
        w.pick("Periode", "Period"),
        w.period(filter.from, filter.to),
        w.pick("Dossiers", "Dossiers"),
    );
    let mut zip = add_to_zip(zip, vec![("LEESMIJ.txt".to_string(), readme.into_bytes())]).await?;
    tokio::task::spawn_blocking(move || {
        let file = zip.finish().map_err(|e| zip_failed(&e))?;
        file.sync_all().map_err(|e| zip_failed(&e))
    })
    .await
    .map_err(|_| AppError::Internal)??;
    Ok(exported)
}

/// The agenda and time overview of the filter's period in Word, for the dossiers it
/// selects.
pub async fn agenda(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    language: &str,
    filter: &Filter,
) -> Result<WordFile, AppError> {
    agenda_within(db, now, tenant, language, filter, AGENDA_LINES).await
}

/// The most appointments and time registrations one agenda document holds: a Word document
/// is built whole in memory (about 25 KB a line), so a longer one is refused with a request
/// for a shorter period, rather than made at the cost of the server's memory.
pub const AGENDA_LINES: usize = 4_000;

/// [`agenda`], refusing a period of more than `most` lines (the `period` field).
pub async fn agenda_within(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    language: &str,
    filter: &Filter,
    most: usize,
) -> Result<WordFile, AppError> {
    tenant.require_staff()?;
    let ids = selected(db, tenant, filter).await?;
    let people = names(db, tenant).await?;
    let mut overview = agenda::Agenda::new(language);
    let mut included = Vec::new();
    for batch in ids.chunks(EXPORT_BATCH) {
        let opened = clients::open_many(db, tenant, batch.iter().copied()).await?;
        let dossiers: Vec<&clients::Dossier> =
            batch.iter().filter_map(|id| opened.get(id)).collect();
        if dossiers.is_empty() {
            continue;
        }
        let ids: Vec<i32> = dossiers.iter().map(|d| d.id).collect();
        let appointments = appointments_in(db, tenant, &ids, filter).await?;
        let time = time_in(db, tenant, &ids, filter).await?;
        overview.add(&dossiers, appointments, time, &people);
        if overview.lines() > most {
            return Err(AppError::Invalid {
                fields: vec![("period".to_string(), FieldProblem::TooLong)],
            });
        }
        included.extend(ids);
    }
    // Recorded once it is certain to be made.
    let entries: Vec<Entry> = included
        .iter()
        .flat_map(|&client_id| {
            [LogArea::Agenda, LogArea::Time].map(|area| Entry {
                client_id,
                area,
                object: None,
                action: LogAction::Export,
            })
        })
        .collect();
    access_log::record(db, tenant, entries).await?;
    let organization = organization::Entity::find_by_id(tenant.organization_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let period = words::Words::new(language).period(filter.from, filter.to);
    let bytes = tokio::task::spawn_blocking(move || overview.finish(&organization, &period, now))
        .await
        .map_err(|_| AppError::Internal)??;
    Ok(WordFile {
        filename: dated("koers-agenda-en-tijd", now, "docx"),
        bytes,
    })
}

/// What one batch of dossiers holds within the filter's period.
pub(crate) struct Batch {
    pub coaches: HashMap<i32, Vec<i32>>,
    pub teams: HashMap<i32, Vec<i32>>,
    pub trajectories: Vec<trajectory::Model>,
    pub goals: HashMap<i32, Vec<trajectory_goal::Model>>,
    pub reports: Vec<crate::server::entity::report::Model>,
    pub amendments: HashMap<i32, Vec<crate::server::entity::report_amendment::Model>>,
    pub appointments: Vec<appointment::Model>,
    pub time: Vec<time_entry::Model>,
}

impl Batch {
    async fn read(
        db: &DatabaseConnection,
        tenant: &TenantContext,
        dossiers: &[&clients::Dossier],
        filter: &Filter,
    ) -> Result<Batch, AppError> {
        let ids: Vec<i32> = dossiers.iter().map(|d| d.id).collect();
        let mut coaches: HashMap<i32, Vec<i32>> = HashMap::new();
        for (client_id, user_id) in client_coach::Entity::find()
            .select_only()
            .columns([client_coach::Column::ClientId, client_coach::Column::UserId])
            .filter(client_coach::Column::ClientId.is_in(ids.clone()))
            .into_tuple::<(i32, i32)>()
            .all(db)
            .await?
        {
            coaches.entry(client_id).or_default().push(user_id);
        }
        let mut teams: HashMap<i32, Vec<i32>> = HashMap::new();
        for (client_id, team_id) in client_team::Entity::find()
            .select_only()
            .columns([client_team::Column::ClientId, client_team::Column::TeamId])
            .filter(client_team::Column::ClientId.is_in(ids.clone()))
            .into_tuple::<(i32, i32)>()
            .all(db)
            .await?
        {
            teams.entry(client_id).or_default().push(team_id);
        }

        // Trajectories that overlap the period (an open end runs on).
        let mut overlap = Condition::all();
        if let Some(to) = filter.to {
            overlap = overlap.add(
                Condition::any()
                    .add(trajectory::Column::StartDate.is_null())
                    .add(trajectory::Column::StartDate.lte(to)),
            );
        }
        if let Some(from) = filter.from {
            overlap = overlap.add(
                Condition::any()
                    .add(trajectory::Column::EndDate.is_null())
                    .add(trajectory::Column::EndDate.gte(from)),
            );
        }
        let trajectories = trajectory::Entity::find()
            .filter(trajectory::Column::OrganizationId.eq(tenant.organization_id))
            .filter(trajectory::Column::ClientId.is_in(ids.clone()))
            .filter(overlap)
            .order_by_asc(trajectory::Column::StartDate)
            .order_by_asc(trajectory::Column::Id)
            .all(db)
            .await?;
        let mut goals: HashMap<i32, Vec<trajectory_goal::Model>> = HashMap::new();
        if !trajectories.is_empty() {
            for goal in trajectory_goal::Entity::find()
                .filter(
                    trajectory_goal::Column::TrajectoryId
                        .is_in(trajectories.iter().map(|t| t.id).collect::<Vec<_>>()),
                )
                .order_by_asc(trajectory_goal::Column::Position)
                .all(db)
                .await?
            {
                goals.entry(goal.trajectory_id).or_default().push(goal);
            }
        }

        let (mut reports, found_amendments) =
            reports::readable_in_many(db, tenant, dossiers, (filter.from, filter.to)).await?;
        reports.sort_by_key(|r| (r.report_date, r.id));
        let mut amendments: HashMap<i32, Vec<_>> = HashMap::new();
        for a in found_amendments {
            amendments.entry(a.report_id).or_default().push(a);
        }

        let appointments = appointments_in(db, tenant, &ids, filter).await?;
        let time = time_in(db, tenant, &ids, filter).await?;
        Ok(Batch {
            coaches,
            teams,
            trajectories,
            goals,
            reports,
            amendments,
            appointments,
            time,
        })
    }
}

/// The appointments of dossiers `ids` that start within the filter's period (Dutch days).
async fn appointments_in(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    ids: &[i32],
    filter: &Filter,
) -> Result<Vec<appointment::Model>, AppError> {
    let mut appointments = appointment::Entity::find()
        .filter(appointment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(appointment::Column::ClientId.is_in(ids.iter().copied()));
    if let Some(from) = filter.from {
        appointments =
            appointments.filter(appointment::Column::StartsAt.gte(local_time::start_of_day(from)));
    }
    if let Some(to) = filter.to {
        let end = local_time::start_of_day(to + Duration::days(1));
        appointments = appointments.filter(appointment::Column::StartsAt.lt(end));
    }
    Ok(appointments
        .order_by_asc(appointment::Column::StartsAt)
        .order_by_asc(appointment::Column::Id)
        .all(db)
        .await?)
}

/// The time registered on dossiers `ids` within the filter's period.
async fn time_in(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    ids: &[i32],
    filter: &Filter,
) -> Result<Vec<time_entry::Model>, AppError> {
    let mut time = time_entry::Entity::find()
        .filter(time_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(time_entry::Column::ClientId.is_in(ids.iter().copied()));
    if let Some(from) = filter.from {
        time = time.filter(time_entry::Column::EntryDate.gte(from));
    }
    if let Some(to) = filter.to {
        time = time.filter(time_entry::Column::EntryDate.lte(to));
    }
    Ok(time
        .order_by_asc(time_entry::Column::EntryDate)
        .order_by_asc(time_entry::Column::Id)
        .all(db)
        .await?)
}
