//! Appointments between a coach and a client, the coach's week, ICS files and the coach's
//! private calendar feed. An appointment is exactly as visible as its dossier; a locked
//! appointment never changes again.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::agenda::{AppointmentDto, AppointmentForm, FeedDto, WeekDto};
use crate::server::auth::tokens::{new_token, sha256_hex};
use crate::server::auth::TenantContext;
use crate::server::entity::{appointment, calendar_feed, client, user};
use crate::server::local_time;
use crate::server::service::clients::{Dossier, OwnDossier};
use crate::server::service::{access_log, clients, trajectories};
use crate::types::Role;

struct Checked {
    title: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    location: Option<String>,
    trajectory_id: Option<i32>,
}

async fn check(
    db: &impl ConnectionTrait,
    client_id: i32,
    input: &AppointmentForm,
) -> Result<Checked, AppError> {
    let mut problems = Vec::new();
    let title = input.title.trim().to_string();
    if title.is_empty() {
        problems.push(("title".to_string(), FieldProblem::Required));
    } else if title.chars().count() > 200 {
        problems.push(("title".to_string(), FieldProblem::TooLong));
    }
    let starts_at = local_time::parse_input(&input.starts_at);
    if starts_at.is_none() {
        problems.push(("starts_at".to_string(), FieldProblem::DateTimeFormat));
    }
    let ends_at = local_time::parse_input(&input.ends_at);
    match (starts_at, ends_at) {
        (_, None) => problems.push(("ends_at".to_string(), FieldProblem::DateTimeFormat)),
        (Some(start), Some(end)) if end <= start || end - start > Duration::hours(24) => {
            problems.push(("ends_at".to_string(), FieldProblem::EndBeforeStart))
        }
        _ => {}
    }
    let location = input.location.trim();
    if location.chars().count() > 500 {
        problems.push(("location".to_string(), FieldProblem::TooLong));
    }
    let trajectory_id =
        trajectories::chosen(db, client_id, &input.trajectory_id, &mut problems).await?;
    match (starts_at, ends_at) {
        (Some(starts_at), Some(ends_at)) if problems.is_empty() => Ok(Checked {
            title,
            starts_at,
            ends_at,
            location: (!location.is_empty()).then(|| location.to_string()),
            trajectory_id,
        }),
        _ => Err(AppError::Invalid { fields: problems }),
    }
}

/// An appointment in a dossier the tenant may open.
async fn own(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<appointment::Model, AppError> {
    let found = appointment::Entity::find_by_id(id)
        .filter(appointment::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    clients::open(db, tenant, found.client_id).await?;
    Ok(found)
}

async fn changeable(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<appointment::Model, AppError> {
    let found = own(db, tenant, id).await?;
    tenant.writable()?;
    if found.locked_at.is_some() {
        return Err(AppError::Locked);
    }
    Ok(found)
}

fn when(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let from = local_time::to_display(start);
    let to = local_time::to_display(end);
    if from[..10] == to[..10] {
        format!("{from}–{}", &to[11..])
    } else {
        format!("{from} – {to}")
    }
}

/// Appointments with their coaches' and dossiers' names looked up for the whole list.
async fn to_dtos(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    found: Vec<appointment::Model>,
) -> Result<Vec<AppointmentDto>, AppError> {
    let people = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .filter(user::Column::Id.is_in(found.iter().filter_map(|a| a.coach_id)))
        .all(db)
        .await?;
    let dossiers = client::Entity::find()
        .filter(client::Column::OrganizationId.eq(tenant.organization_id))
        .filter(client::Column::Id.is_in(found.iter().map(|a| a.client_id)))
        .all(db)
        .await?;
    Ok(named(tenant, found, &people, &dossiers))
}

fn named(
    tenant: &TenantContext,
    found: Vec<appointment::Model>,
    people: &[user::Model],
    dossiers: &[client::Model],
) -> Vec<AppointmentDto> {
    let staff = tenant.is_staff();
    found
        .into_iter()
        .map(|a| AppointmentDto {
            client: dossiers
                .iter()
                .find(|d| d.id == a.client_id)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            coach: people
                .iter()
                .find(|p| Some(p.id) == a.coach_id)
                .map(|p| p.name.clone()),
            when: when(a.starts_at, a.ends_at),
            day: local_time::local_date(a.starts_at)
                .format("%Y-%m-%d")
                .to_string(),
            starts_at: local_time::to_input(a.starts_at),
            ends_at: local_time::to_input(a.ends_at),
            trajectory_id: a.trajectory_id,
            locked: a.locked_at.is_some(),
            can_edit: staff && a.locked_at.is_none(),
            can_delete: staff && a.locked_at.is_none() && a.coach_id == Some(tenant.user_id),
            id: a.id,
            client_id: a.client_id,
            title: a.title,
            location: a.location,
        })
        .collect()
}

/// All appointments of a dossier, the latest first.
pub async fn for_dossier(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<AppointmentDto>, AppError> {
    dossier.read(db, LogArea::Agenda, None).await?;
    dossier
        .remember("appointments", async {
            let found = appointment::Entity::find()
                .filter(appointment::Column::ClientId.eq(dossier.id))
                .order_by_desc(appointment::Column::StartsAt)
                .limit(200)
                .all(db)
                .await?;
            let people = dossier.people(db).await?;
            Ok(named(
                tenant,
                found,
                people,
                std::slice::from_ref(&**dossier),
            ))
        })
        .await
}

/// The client's own appointments that have not ended yet.
pub async fn upcoming_for_client(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    own: &OwnDossier,
) -> Result<Vec<AppointmentDto>, AppError> {
    let found = appointment::Entity::find()
        .filter(appointment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(appointment::Column::ClientId.eq(own.id))
        .filter(appointment::Column::EndsAt.gt(now))
        .order_by_asc(appointment::Column::StartsAt)
        .limit(50)
        .all(db)
        .await?;
    let people = own.lookups().people(db).await?;
    Ok(named(tenant, found, people, std::slice::from_ref(&**own)))
}

/// The monday of the week that holds `day`.
fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// The tenant's own appointments in the week of `day` (empty: this week), in dossiers
/// they can still open.
pub async fn week(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    day: &str,
) -> Result<WeekDto, AppError> {
    tenant.require_staff()?;
    let day = match day.trim() {
        "" => local_time::local_date(now),
        raw => local_time::parse_day(raw)
            .ok_or_else(|| AppError::field("week", FieldProblem::DateFormat))?,
    };
    let first = monday(day);
    let from = local_time::start_of_day(first);
    let to = local_time::start_of_day(first + Duration::days(7));
    let found = mine_between(db, tenant, from, Some(to)).await?;
    let fmt = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    Ok(WeekDto {
        days: (0..7).map(|i| fmt(first + Duration::days(i))).collect(),
        previous: fmt(first - Duration::days(7)),
        next: fmt(first + Duration::days(7)),
        week_number: first.iso_week().week(),
        appointments: to_dtos(db, tenant, found).await?,
    })
}

/// The tenant's own appointments from now on, for the list view.
pub async fn upcoming(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
) -> Result<Vec<AppointmentDto>, AppError> {
    tenant.require_staff()?;
    let found = mine_between(db, tenant, now - Duration::hours(1), None).await?;
    to_dtos(db, tenant, found).await
}

async fn mine_between(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    from: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
) -> Result<Vec<appointment::Model>, AppError> {
    let mut query = appointment::Entity::find()
        .filter(appointment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(appointment::Column::CoachId.eq(tenant.user_id))
        .filter(appointment::Column::StartsAt.gte(from));
    if let Some(to) = to {
        query = query.filter(appointment::Column::StartsAt.lt(to));
    }
    let found = query
        .order_by_asc(appointment::Column::StartsAt)
        .limit(500)
        .all(db)
        .await?;
    // Access can be withdrawn after booking: keep only dossiers the coach may still open.
    let allowed = clients::open_many(db, tenant, found.iter().map(|a| a.client_id)).await?;
    Ok(found
        .into_iter()
        .filter(|a| allowed.contains_key(&a.client_id))
        .collect())
}

pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
    input: &AppointmentForm,
) -> Result<i32, AppError> {
    tenant.writable()?;
    let checked = check(db, dossier.id, input).await?;
    let txn = super::begin_write(db).await?;
    let result = async {
        let created = appointment::ActiveModel {
            organization_id: Set(tenant.organization_id),
            client_id: Set(dossier.id),
            coach_id: Set(Some(tenant.user_id)),
            trajectory_id: Set(checked.trajectory_id),
            title: Set(checked.title),
            location: Set(checked.location),
            starts_at: Set(checked.starts_at),
            ends_at: Set(checked.ends_at),
            locked_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        dossier
            .changed(&txn, LogArea::Agenda, Some(created.id), LogAction::Create)
            .await?;
        Ok(created.id)
    }
    .await;
    super::finish(txn, result).await
}

pub async fn update(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    input: &AppointmentForm,
) -> Result<(), AppError> {
    let txn = super::begin_write(db).await?;
    let result = async {
        super::hold::<appointment::Entity>(&txn, id).await?;
        let found = changeable(&txn, tenant, id).await?;
        let checked = check(&txn, found.client_id, input).await?;
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Agenda,
            Some(id),
            LogAction::Change,
        )
        .await?;
        let mut active = found.into_active_model();
        active.title = Set(checked.title);
        active.location = Set(checked.location);
        active.starts_at = Set(checked.starts_at);
        active.ends_at = Set(checked.ends_at);
        active.trajectory_id = Set(checked.trajectory_id);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}

/// Only the coach who has the appointment cancels it; others with access may change it.
pub async fn delete(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let txn = super::begin_write(db).await?;
    let result = async {
        super::hold::<appointment::Entity>(&txn, id).await?;
        let found = own(&txn, tenant, id).await?;
        if found.coach_id != Some(tenant.user_id) {
            return Err(AppError::Forbidden);
        }
        let found = changeable(&txn, tenant, found.id).await?;
        appointment::Entity::delete_by_id(found.id)
            .exec(&txn)
            .await?;
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Agenda,
            Some(id),
            LogAction::Delete,
        )
        .await
    }
    .await;
    super::finish(txn, result).await
}

pub async fn lock(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    confirmed: bool,
) -> Result<(), AppError> {
    let found = own(db, tenant, id).await?;
    tenant.writable()?;
    if found.locked_at.is_some() {
        return Ok(());
    }
    if !confirmed {
        return Err(AppError::field("confirm", FieldProblem::MustAgree));
    }
    let txn = super::begin_write(db).await?;
    let result = async {
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Agenda,
            Some(id),
            LogAction::Change,
        )
        .await?;
        let mut active = found.into_active_model();
        active.locked_at = Set(Some(now));
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}

/// Text for a calendar property. icalendar escapes commas, semicolons, backslashes and
/// line feeds, but copies a bare carriage return as it is, and a reader that breaks lines
/// on it would take what follows for new properties (`ATTENDEE:…`). Titles and places are
/// one line, so every control character becomes a space.
fn ics_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn event(a: &appointment::Model, host: &str) -> Event {
    let mut event = Event::new();
    event
        .uid(&format!("appointment-{}@{host}", a.id))
        .summary(&ics_text(&a.title))
        .starts(a.starts_at)
        .ends(a.ends_at)
        .timestamp(a.updated_at);
    if let Some(location) = &a.location {
        event.location(&ics_text(location));
    }
    event.done()
}

fn host(public_url: &str) -> String {
    public_url
        .split("://")
        .nth(1)
        .unwrap_or(public_url)
        .split('/')
        .next()
        .unwrap_or("koers")
        .to_string()
}

/// One appointment as an ICS file, for a coach with access or the client it is with.
pub async fn ics(
    db: &DatabaseConnection,
    public_url: &str,
    tenant: &TenantContext,
    id: i32,
) -> Result<String, AppError> {
    let found = if tenant.role == Role::Client {
        let dossier = clients::of_login(db, tenant, tenant.user_id).await?;
        appointment::Entity::find_by_id(id)
            .filter(appointment::Column::OrganizationId.eq(tenant.organization_id))
            .filter(appointment::Column::ClientId.eq(dossier.id))
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?
    } else {
        let found = own(db, tenant, id).await?;
        access_log::changed(
            db,
            tenant,
            found.client_id,
            LogArea::Agenda,
            Some(id),
            LogAction::Download,
        )
        .await?;
        found
    };
    let mut calendar = Calendar::new();
    calendar
        .name("Koers")
        .push(event(&found, &host(public_url)));
    Ok(calendar.done().to_string())
}

pub async fn feed_status(
    db: &DatabaseConnection,
    tenant: &TenantContext,
) -> Result<FeedDto, AppError> {
    tenant.require_staff()?;
    let found = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::UserId.eq(tenant.user_id))
        .one(db)
        .await?;
    Ok(FeedDto {
        active_since: found.map(|f| local_time::to_display(f.created_at)),
        url: None,
    })
}

/// A new private feed address; any earlier one stops working. The address is shown this
/// once: only its hash is kept.
pub async fn new_feed(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    public_url: &str,
    tenant: &TenantContext,
) -> Result<FeedDto, AppError> {
    tenant.require_staff()?;
    let (token, hash) = new_token();
    let txn = super::begin_write(db).await?;
    let result = async {
        calendar_feed::Entity::delete_many()
            .filter(calendar_feed::Column::UserId.eq(tenant.user_id))
            .exec(&txn)
            .await?;
        calendar_feed::ActiveModel {
            user_id: Set(tenant.user_id),
            token_hash: Set(hash),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await?;
    Ok(FeedDto {
        active_since: Some(local_time::to_display(now)),
        url: Some(format!("{public_url}/calendar/{token}.ics")),
    })
}

pub async fn revoke_feed(db: &DatabaseConnection, tenant: &TenantContext) -> Result<(), AppError> {
    tenant.require_staff()?;
    calendar_feed::Entity::delete_many()
        .filter(calendar_feed::Column::UserId.eq(tenant.user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The user a feed token belongs to, if the feed still exists.
pub async fn feed_owner(db: &DatabaseConnection, token: &str) -> Result<Option<i32>, AppError> {
    Ok(calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(sha256_hex(token)))
        .one(db)
        .await?
        .map(|f| f.user_id))
}

/// The feed: the coach's appointments from 30 days ago on. Titles, times and places only,
/// never client names: the feed leaves Koers for another calendar.
pub async fn feed(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    public_url: &str,
    tenant: &TenantContext,
) -> Result<String, AppError> {
    let found = mine_between(db, tenant, now - Duration::days(30), None).await?;
    let host = host(public_url);
    let mut calendar = Calendar::new();
    calendar.name("Koers");
    for a in &found {
        calendar.push(event(a, &host));
    }
    Ok(calendar.done().to_string())
}
