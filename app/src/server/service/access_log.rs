//! The dossiers' access log (in the manner of NEN 7513): who read or changed what of a
//! client's dossier, when and from which address. Areas record through the opened
//! [`Dossier`](super::clients::Dossier) (reads once per request and area, changes in the
//! transaction of the change); the client's own writes through [`record`]. Append-only:
//! nothing here updates or deletes, and the database refuses it too (see the migration).

use std::collections::HashMap;

use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{
    AccessLogPage, AccessLogQuery, AccessLogRow, LogAction, LogArea, CSV_MAX_ENTRIES, ENTRIES_SHOWN,
};
use crate::model::clients::Choice;
use crate::server::auth::TenantContext;
use crate::server::entity::{access_log, client, user};
use crate::server::local_time;
use crate::server::service::clients::{self, OwnDossier};
use crate::types::Role;

/// One thing done in one dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entry {
    pub client_id: i32,
    pub area: LogArea,
    pub object: Option<i32>,
    pub action: LogAction,
}

/// Records what `tenant` did: one statement for up to a thousand entries (a week of
/// appointments of several dossiers is one insert).
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    entries: impl IntoIterator<Item = Entry>,
) -> Result<(), AppError> {
    let now = Utc::now();
    let rows: Vec<access_log::ActiveModel> = entries
        .into_iter()
        .map(|entry| access_log::ActiveModel {
            occurred_at: Set(now),
            organization_id: Set(tenant.organization_id),
            client_id: Set(entry.client_id),
            actor_id: Set(tenant.user_id),
            actor_role: Set(tenant.role),
            area: Set(entry.area),
            action: Set(entry.action),
            object_id: Set(entry.object),
            address: Set(tenant.address.map(|a| a.to_string())),
            ..Default::default()
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    #[cfg(feature = "bench")]
    if crate::server::bench::access_log_off() {
        return Ok(());
    }
    // An export records thousands at once: SQLite takes at most 32,766 values in one
    // statement, so a batch of 1,000 rows (nine values each) stays well under it.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<_> = rows.by_ref().take(1_000).collect();
        access_log::Entity::insert_many(batch).exec(db).await?;
    }
    Ok(())
}

/// Records one thing `tenant` did in dossier `client_id`, for a change found by its own id
/// (a report, an appointment) rather than through an opened dossier. Every change of a
/// dossier's content passes here or through the opened dossier, so a restricted dossier
/// refuses it here.
pub(crate) async fn changed(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    client_id: i32,
    area: LogArea,
    object: Option<i32>,
    action: LogAction,
) -> Result<(), AppError> {
    if action.changes() {
        let restricted: Option<Option<chrono::DateTime<Utc>>> =
            client::Entity::find_by_id(client_id)
                .select_only()
                .column(client::Column::RestrictedAt)
                .into_tuple()
                .one(db)
                .await?;
        if restricted.flatten().is_some() {
            return Err(AppError::Restricted);
        }
    }
    record(
        db,
        tenant,
        [Entry {
            client_id,
            area,
            object,
            action,
        }],
    )
    .await
}

/// The entries of the client's own dossier made by others, newest first: what their
/// coaches read and changed. Their own doings are theirs to know already.
pub async fn of_own_dossier(
    db: &DatabaseConnection,
    own: &OwnDossier,
    language: &str,
) -> Result<Vec<AccessLogRow>, AppError> {
    let found = access_log::Entity::find()
        .filter(access_log::Column::OrganizationId.eq(own.organization_id))
        .filter(access_log::Column::ClientId.eq(own.id))
        .filter(access_log::Column::ActorRole.ne(Role::Client))
        .order_by_desc(access_log::Column::Id)
        .limit(ENTRIES_SHOWN)
        .all(db)
        .await?;
    let people = own.lookups().people(db).await?;
    let names: HashMap<i32, String> = people.iter().map(|u| (u.id, u.name.clone())).collect();
    Ok(found
        .into_iter()
        .map(|e| AccessLogRow {
            at: local_time::in_words(e.occurred_at, language),
            who: names.get(&e.actor_id).cloned(),
            role: e.actor_role,
            area: e.area,
            action: e.action,
            object: e.object_id,
            dossier: None,
            address: None,
        })
        .collect())
}

/// The filters, checked: dates as days, the area as a code.
struct Filter {
    person: Option<i32>,
    dossier: Option<i32>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    area: Option<LogArea>,
}

fn checked(query: &AccessLogQuery) -> Result<Filter, AppError> {
    let day = |field: &str, raw: &str| -> Result<Option<chrono::NaiveDate>, AppError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        local_time::parse_day(raw)
            .map(Some)
            .ok_or_else(|| AppError::field(field, FieldProblem::DateInvalid))
    };
    let from = day("from", &query.from)?;
    let to = day("to", &query.to)?;
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err(AppError::field("to", FieldProblem::EndBeforeStart));
        }
    }
    let area = match query.area.trim() {
        "" => None,
        code => Some(
            LogArea::parse(code).ok_or_else(|| AppError::field("area", FieldProblem::Required))?,
        ),
    };
    Ok(Filter {
        person: query.person,
        dossier: query.dossier,
        from,
        to,
        area,
    })
}

/// The dossiers whose log `tenant` may read: every dossier of the organization for owners,
/// for coaches the dossiers they are responsible for (those they manage). Clients none.
async fn readable_dossiers(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
) -> Result<Vec<Choice>, AppError> {
    tenant.require_staff()?;
    let responsible = (tenant.role != Role::Owner).then_some(tenant.user_id);
    clients::names(db, tenant, responsible).await
}

/// The matching entries, newest first, at most `limit`; with the names of the
/// organization's people and the dossiers the reader may search.
async fn matching(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    query: &AccessLogQuery,
    limit: u64,
) -> Result<(Vec<access_log::Model>, Vec<Choice>, Vec<Choice>), AppError> {
    let filter = checked(query)?;
    let dossiers = readable_dossiers(db, tenant).await?;
    // A dossier the reader may not search is as unknown as one that does not exist.
    if let Some(dossier) = filter.dossier {
        if !dossiers.iter().any(|d| d.id == dossier) {
            return Err(AppError::NotFound);
        }
    }
    let people: Vec<(i32, String)> = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .select_only()
        .columns([user::Column::Id, user::Column::Name])
        .order_by_asc(user::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    let mut condition =
        Condition::all().add(access_log::Column::OrganizationId.eq(tenant.organization_id));
    if tenant.role != Role::Owner {
        condition =
            condition.add(access_log::Column::ClientId.is_in(dossiers.iter().map(|d| d.id)));
    }
    if let Some(person) = filter.person {
        condition = condition.add(access_log::Column::ActorId.eq(person));
    }
    if let Some(dossier) = filter.dossier {
        condition = condition.add(access_log::Column::ClientId.eq(dossier));
    }
    if let Some(from) = filter.from {
        condition =
            condition.add(access_log::Column::OccurredAt.gte(local_time::start_of_day(from)));
    }
    if let Some(to) = filter.to {
        let end = local_time::start_of_day(to + Duration::days(1));
        condition = condition.add(access_log::Column::OccurredAt.lt(end));
    }
    if let Some(area) = filter.area {
        condition = condition.add(access_log::Column::Area.eq(area));
    }
    let found = access_log::Entity::find()
        .filter(condition)
        .order_by_desc(access_log::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let people = people
        .into_iter()
        .map(|(id, name)| Choice { id, name })
        .collect();
    Ok((found, people, dossiers))
}

fn row(
    entry: access_log::Model,
    people: &HashMap<i32, &str>,
    dossiers: &HashMap<i32, &str>,
    language: &str,
) -> AccessLogRow {
    AccessLogRow {
        at: local_time::in_words(entry.occurred_at, language),
        who: people.get(&entry.actor_id).map(|n| n.to_string()),
        role: entry.actor_role,
        area: entry.area,
        action: entry.action,
        object: entry.object_id,
        dossier: Some(Choice {
            id: entry.client_id,
            name: dossiers
                .get(&entry.client_id)
                .map(|n| n.to_string())
                .unwrap_or_else(|| format!("#{}", entry.client_id)),
        }),
        address: entry.address,
    }
}

/// Names by id, to put names to the ids in the log.
fn by_id(choices: &[Choice]) -> HashMap<i32, &str> {
    choices.iter().map(|c| (c.id, c.name.as_str())).collect()
}

/// The organization's log for its owners, or the log of the dossiers a coach manages.
pub async fn search(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    language: &str,
    query: &AccessLogQuery,
) -> Result<AccessLogPage, AppError> {
    let (mut found, people, dossiers) = matching(db, tenant, query, ENTRIES_SHOWN + 1).await?;
    let more = found.len() as u64 > ENTRIES_SHOWN;
    found.truncate(ENTRIES_SHOWN as usize);
    let (names, titles) = (by_id(&people), by_id(&dossiers));
    let rows = found
        .into_iter()
        .map(|e| row(e, &names, &titles, language))
        .collect();
    Ok(AccessLogPage {
        rows,
        more,
        people,
        dossiers,
    })
}

/// The same search as a CSV file, newest first like the page: UTF-8 with a byte-order
/// mark (so that Excel reads the accents) and semicolons (as Dutch Excel expects). Times are
/// ISO 8601 in UTC: a file is read by programs too.
pub async fn csv(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    query: &AccessLogQuery,
) -> Result<Vec<u8>, AppError> {
    let (found, people, dossiers) = matching(db, tenant, query, CSV_MAX_ENTRIES).await?;
    let (names, titles) = (by_id(&people), by_id(&dossiers));
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let written = (|| -> Result<Vec<u8>, csv::Error> {
        out.write_record([
            "tijd (UTC)",
            "persoon",
            "rol",
            "dossier",
            "cliënt",
            "onderdeel",
            "handeling",
            "item",
            "adres",
        ])?;
        for e in &found {
            out.write_record([
                e.occurred_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                names.get(&e.actor_id).unwrap_or(&"").to_string(),
                e.actor_role.as_str().to_string(),
                e.client_id.to_string(),
                titles.get(&e.client_id).unwrap_or(&"").to_string(),
                e.area.as_str().to_string(),
                e.action.as_str().to_string(),
                e.object_id.map(|id| id.to_string()).unwrap_or_default(),
                e.address.clone().unwrap_or_default(),
            ])?;
        }
        out.flush()?;
        out.into_inner().map_err(|e| e.into_error().into())
    })();
    written.map_err(|error| {
        tracing::error!(%error, "writing the access log as CSV failed");
        AppError::Internal
    })
}
