//! The client's journal. A client reaches only the entries of their own dossier; staff
//! reach only shared entries, of dossiers they may open. Every read and write of journal
//! text is here, for encryption at rest and the access log to come.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::assignments::NoticeKind;
use crate::model::journal::{CommentDto, JournalEntryDto};
use crate::server::auth::TenantContext;
use crate::server::entity::{client, client_coach, journal_comment, journal_entry, user};
use crate::server::local_time;
use crate::server::service::clients::Dossier;
use crate::server::service::notices::{self, About};
use crate::server::service::sealing::{COMMENT_BODY, JOURNAL_BODY};
use crate::server::service::{access_log, clients};
use crate::types::Role;

const MAX_BODY: usize = 20_000;

fn checked(now: DateTime<Utc>, date: &str, body: &str) -> Result<(NaiveDate, String), AppError> {
    let mut problems = Vec::new();
    let day = match date.trim() {
        "" => local_time::local_date(now),
        raw => local_time::parse_day(raw).unwrap_or_else(|| {
            problems.push(("date".to_string(), FieldProblem::DateFormat));
            local_time::local_date(now)
        }),
    };
    let body = body.trim();
    if body.is_empty() {
        problems.push(("body".to_string(), FieldProblem::Required));
    } else if body.chars().count() > MAX_BODY {
        problems.push(("body".to_string(), FieldProblem::TooLong));
    }
    if problems.is_empty() {
        Ok((day, body.to_string()))
    } else {
        Err(AppError::Invalid { fields: problems })
    }
}

async fn own_dossier(db: &DatabaseConnection, tenant: &TenantContext) -> Result<i32, AppError> {
    if tenant.role != Role::Client {
        return Err(AppError::Forbidden);
    }
    Ok(clients::of_login(db, tenant, tenant.user_id).await?.id)
}

async fn entry_in(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier_id: i32,
    id: i32,
) -> Result<journal_entry::Model, AppError> {
    journal_entry::Entity::find_by_id(id)
        .filter(journal_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(journal_entry::Column::ClientId.eq(dossier_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// An entry of the client's own dossier.
/// The client's own dossier for a change: refused while its processing is restricted.
async fn own_dossier_to_change(
    db: &DatabaseConnection,
    tenant: &TenantContext,
) -> Result<i32, AppError> {
    if tenant.role != Role::Client {
        return Err(AppError::Forbidden);
    }
    let dossier = clients::of_login(db, tenant, tenant.user_id).await?;
    clients::unrestricted(&dossier)?;
    Ok(dossier.id)
}

/// One of the client's own entries, to change it.
async fn own_entry(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<journal_entry::Model, AppError> {
    let dossier = own_dossier_to_change(db, tenant).await?;
    entry_in(db, tenant, dossier, id).await
}

/// Of `ids`, the entries the reader may open, each with its dossier: a fixed number of
/// queries for a whole list.
pub(crate) async fn reachable_many(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, (journal_entry::Model, client::Model)>, AppError> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = journal_entry::Entity::find()
        .filter(journal_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(journal_entry::Column::Id.is_in(ids));
    if tenant.role == Role::Client {
        let dossier = clients::of_login(db, tenant, tenant.user_id).await?;
        let found = query
            .filter(journal_entry::Column::ClientId.eq(dossier.id))
            .all(db)
            .await?;
        return Ok(found
            .into_iter()
            .map(|e| (e.id, (e, dossier.clone())))
            .collect());
    }
    tenant.require_staff()?;
    let found = query
        .filter(journal_entry::Column::SharedAt.is_not_null())
        .all(db)
        .await?;
    let dossiers = clients::open_many(db, tenant, found.iter().map(|e| e.client_id)).await?;
    Ok(found
        .into_iter()
        .filter_map(|e| {
            let dossier = dossiers.get(&e.client_id)?;
            Some((e.id, (e, (**dossier).clone())))
        })
        .collect())
}

async fn shared_entry(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<journal_entry::Model, AppError> {
    tenant.require_staff()?;
    journal_entry::Entity::find_by_id(id)
        .filter(journal_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(journal_entry::Column::SharedAt.is_not_null())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The dossier's own coaches: the responsible coach and those given access by name. (Team
/// access is for standing in; a whole team is not called for every entry.)
async fn coaches_of(db: &DatabaseConnection, dossier_id: i32) -> Result<Vec<i32>, AppError> {
    let dossier = client::Entity::find_by_id(dossier_id).one(db).await?;
    let mut coaches: Vec<i32> = client_coach::Entity::find()
        .filter(client_coach::Column::ClientId.eq(dossier_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.user_id)
        .collect();
    coaches.extend(dossier.and_then(|d| d.responsible_coach_id));
    Ok(coaches)
}

async fn tell_coaches(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    entry: &journal_entry::Model,
) -> Result<(), AppError> {
    let coaches = coaches_of(db, entry.client_id).await?;
    notices::notify(
        db,
        now,
        tenant.organization_id,
        coaches,
        NoticeKind::JournalShared,
        About::JournalEntry(entry.id),
    )
    .await
}

/// The entries as the reader sees them. Showing them marks nothing: a notice is read when
/// its reader follows it (notices::open), or when they act on what it is about.
async fn shown(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    found: Vec<(journal_entry::Model, Vec<journal_comment::Model>)>,
    dossier: Option<&Dossier>,
) -> Result<Vec<JournalEntryDto>, AppError> {
    // Entries arrive grouped by id with their comments; newest first is made here.
    let mut found = found;
    found.sort_by_key(|(t, _)| std::cmp::Reverse((t.entry_date, t.id)));
    let (found, comments): (Vec<_>, Vec<_>) = found.into_iter().unzip();
    let mut comments: Vec<_> = comments.into_iter().flatten().collect();
    let mut found = found;
    for e in &mut found {
        e.body = JOURNAL_BODY.open(db, tenant, e.id, &e.body).await?;
    }
    for c in &mut comments {
        c.body = COMMENT_BODY.open(db, tenant, c.id, &c.body).await?;
    }
    // Comments are the coaches': an opened dossier already knows their names.
    let looked_up;
    let authors: &[user::Model] = match dossier {
        Some(dossier) => dossier.people(db).await?,
        None => {
            looked_up = user::Entity::find()
                .filter(user::Column::OrganizationId.eq(tenant.organization_id))
                .filter(user::Column::Id.is_in(comments.iter().filter_map(|c| c.author_id)))
                .all(db)
                .await?;
            &looked_up
        }
    };
    Ok(found
        .into_iter()
        .map(|e| JournalEntryDto {
            comments: comments
                .iter()
                // A private entry's comments stay with it until it is shared again.
                .filter(|c| c.entry_id == e.id)
                .map(|c| CommentDto {
                    author: authors
                        .iter()
                        .find(|a| Some(a.id) == c.author_id)
                        .map(|a| a.name.clone()),
                    at: local_time::to_display(c.created_at),
                    body: c.body.clone(),
                })
                .collect(),
            id: e.id,
            date: e.entry_date.format("%Y-%m-%d").to_string(),
            body: e.body,
            shared: e.shared_at.is_some(),
        })
        .collect())
}

/// The client's entries, with the coaches' comments.
pub async fn mine(
    db: &DatabaseConnection,
    tenant: &TenantContext,
) -> Result<Vec<JournalEntryDto>, AppError> {
    let Ok(dossier) = own_dossier(db, tenant).await else {
        return if tenant.role == Role::Client {
            Ok(Vec::new())
        } else {
            Err(AppError::Forbidden)
        };
    };
    let found = journal_entry::Entity::find()
        .filter(journal_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(journal_entry::Column::ClientId.eq(dossier))
        .find_with_related(journal_comment::Entity)
        .order_by_asc(journal_comment::Column::CreatedAt)
        .order_by_asc(journal_comment::Column::Id)
        .all(db)
        .await?;
    shown(db, tenant, found, None).await
}

pub async fn write(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    date: &str,
    body: &str,
    share: bool,
) -> Result<i32, AppError> {
    let dossier = own_dossier_to_change(db, tenant).await?;
    tenant.writable()?;
    let (day, body) = checked(now, date, body)?;
    let txn = super::begin_write(db).await?;
    let result = async {
        let created = journal_entry::ActiveModel {
            organization_id: Set(tenant.organization_id),
            client_id: Set(dossier),
            entry_date: Set(day),
            body: Set(String::new()),
            shared_at: Set(share.then_some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        JOURNAL_BODY
            .seal_into(&txn, tenant, created.id, &body)
            .await?;
        if share {
            access_log::changed(
                &txn,
                tenant,
                dossier,
                LogArea::Journal,
                Some(created.id),
                LogAction::Create,
            )
            .await?;
        }
        Ok(created)
    }
    .await;
    let created = super::finish(txn, result).await?;
    if share {
        tell_coaches(db, now, tenant, &created).await?;
    }
    Ok(created.id)
}

pub async fn update(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    date: &str,
    body: &str,
) -> Result<(), AppError> {
    let found = own_entry(db, tenant, id).await?;
    tenant.writable()?;
    let (day, body) = checked(now, date, body)?;
    let body = JOURNAL_BODY.seal(db, tenant, id, &body).await?;
    let mut active = found.into_active_model();
    active.entry_date = Set(day);
    active.body = Set(body);
    active.updated_at = Set(now);
    active.update(db).await?;
    Ok(())
}

pub async fn share(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    share: bool,
) -> Result<(), AppError> {
    let found = own_entry(db, tenant, id).await?;
    tenant.writable()?;
    let was_shared = found.shared_at.is_some();
    let txn = super::begin_write(db).await?;
    let result = async {
        // Shared or taken back: what the coaches may read changed. Writing privately is
        // the client's own and not in the log.
        if was_shared != share {
            access_log::changed(
                &txn,
                tenant,
                found.client_id,
                LogArea::Journal,
                Some(id),
                LogAction::Change,
            )
            .await?;
        }
        let mut active = found.into_active_model();
        active.shared_at = Set(share.then_some(now));
        active.updated_at = Set(now);
        Ok(active.update(&txn).await?)
    }
    .await;
    let entry = super::finish(txn, result).await?;
    match (was_shared, share) {
        (false, true) => tell_coaches(db, now, tenant, &entry).await?,
        // What the coaches may no longer read, they are no longer told about.
        (true, false) => {
            notices::withdraw(
                db,
                About::JournalEntry(entry.id),
                Some(NoticeKind::JournalShared),
            )
            .await?
        }
        _ => {}
    }
    Ok(())
}

pub async fn delete(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let found = own_entry(db, tenant, id).await?;
    tenant.writable()?;
    journal_entry::Entity::delete_by_id(found.id)
        .exec(db)
        .await?;
    notices::withdraw(db, About::JournalEntry(found.id), None).await?;
    Ok(())
}

/// The shared entries of a dossier the staff member may open.
pub async fn shared(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<JournalEntryDto>, AppError> {
    dossier.read(db, LogArea::Journal, None).await?;
    dossier
        .remember("journal", async {
            let found = journal_entry::Entity::find()
                .filter(journal_entry::Column::OrganizationId.eq(tenant.organization_id))
                .filter(journal_entry::Column::ClientId.eq(dossier.id))
                .filter(journal_entry::Column::SharedAt.is_not_null())
                .find_with_related(journal_comment::Entity)
                .order_by_asc(journal_comment::Column::CreatedAt)
                .order_by_asc(journal_comment::Column::Id)
                .all(db)
                .await?;
            shown(db, tenant, found, Some(dossier)).await
        })
        .await
}

/// A comment on a shared entry; a private one is as unknown as one that does not exist.
pub async fn comment(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    body: &str,
) -> Result<(), AppError> {
    let found = shared_entry(db, tenant, id).await?;
    let dossier = clients::open(db, tenant, found.client_id).await?;
    tenant.writable()?;
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", FieldProblem::Required));
    }
    if body.chars().count() > 5_000 {
        return Err(AppError::field("body", FieldProblem::TooLong));
    }
    let txn = super::begin_write(db).await?;
    let result = async {
        let created = journal_comment::ActiveModel {
            entry_id: Set(found.id),
            author_id: Set(Some(tenant.user_id)),
            body: Set(String::new()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        COMMENT_BODY
            .seal_into(&txn, tenant, created.id, body)
            .await?;
        dossier
            .changed(&txn, LogArea::Journal, Some(id), LogAction::Change)
            .await
    }
    .await;
    super::finish(txn, result).await?;
    // Replying is reading: the coach's notice that it was shared is done.
    notices::seen(db, now, tenant, [About::JournalEntry(found.id)]).await?;
    if let Some(login) = dossier.user_id {
        notices::notify(
            db,
            now,
            tenant.organization_id,
            [login],
            NoticeKind::JournalComment,
            About::JournalEntry(found.id),
        )
        .await?;
    }
    Ok(())
}
