//! The client's journal. A client reaches only the entries of their own dossier; staff
//! reach only shared entries, of dossiers they may open. Every read and write of journal
//! text is here, for encryption at rest and the access log to come.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

use crate::api::journal::{CommentDto, JournalEntryDto};
use crate::error::{AppError, FieldProblem};
use crate::server::auth::TenantContext;
use crate::server::entity::{journal_comment, journal_entry, user};
use crate::server::local_time;
use crate::server::service::clients;
use crate::types::Role;

const MAX_BODY: usize = 20_000;

fn checked(now: DateTime<Utc>, date: &str, body: &str) -> Result<(NaiveDate, String), AppError> {
    let mut problems = Vec::new();
    let day = match date.trim() {
        "" => local_time::local_date(now),
        raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap_or_else(|_| {
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

/// An entry of the client's own dossier.
async fn own_entry(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<journal_entry::Model, AppError> {
    let dossier = own_dossier(db, tenant).await?;
    journal_entry::Entity::find_by_id(id)
        .filter(journal_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(journal_entry::Column::ClientId.eq(dossier))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn to_dtos(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    found: Vec<journal_entry::Model>,
) -> Result<Vec<JournalEntryDto>, AppError> {
    let comments = journal_comment::Entity::find()
        .filter(journal_comment::Column::EntryId.is_in(found.iter().map(|e| e.id)))
        .order_by_asc(journal_comment::Column::CreatedAt)
        .order_by_asc(journal_comment::Column::Id)
        .all(db)
        .await?;
    let authors = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .filter(user::Column::Id.is_in(comments.iter().filter_map(|c| c.author_id)))
        .all(db)
        .await?;
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
        .order_by_desc(journal_entry::Column::EntryDate)
        .order_by_desc(journal_entry::Column::Id)
        .all(db)
        .await?;
    to_dtos(db, tenant, found).await
}

pub async fn write(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    date: &str,
    body: &str,
    share: bool,
) -> Result<i32, AppError> {
    let dossier = own_dossier(db, tenant).await?;
    tenant.writable()?;
    let (day, body) = checked(now, date, body)?;
    let created = journal_entry::ActiveModel {
        organization_id: Set(tenant.organization_id),
        client_id: Set(dossier),
        entry_date: Set(day),
        body: Set(body),
        shared_at: Set(share.then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
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
    let mut active = found.into_active_model();
    active.shared_at = Set(share.then_some(now));
    active.updated_at = Set(now);
    active.update(db).await?;
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
    Ok(())
}

/// The shared entries of a dossier the staff member may open.
pub async fn shared(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    client_id: i32,
) -> Result<Vec<JournalEntryDto>, AppError> {
    let dossier = clients::open(db, tenant, client_id).await?;
    let found = journal_entry::Entity::find()
        .filter(journal_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(journal_entry::Column::ClientId.eq(dossier.id))
        .filter(journal_entry::Column::SharedAt.is_not_null())
        .order_by_desc(journal_entry::Column::EntryDate)
        .order_by_desc(journal_entry::Column::Id)
        .all(db)
        .await?;
    to_dtos(db, tenant, found).await
}

/// A comment on a shared entry; a private one is as unknown as one that does not exist.
pub async fn comment(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    body: &str,
) -> Result<(), AppError> {
    if !tenant.is_staff() {
        return Err(AppError::Forbidden);
    }
    let found = journal_entry::Entity::find_by_id(id)
        .filter(journal_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(journal_entry::Column::SharedAt.is_not_null())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    clients::open(db, tenant, found.client_id).await?;
    tenant.writable()?;
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", FieldProblem::Required));
    }
    if body.chars().count() > 5_000 {
        return Err(AppError::field("body", FieldProblem::TooLong));
    }
    journal_comment::ActiveModel {
        entry_id: Set(found.id),
        author_id: Set(Some(tenant.user_id)),
        body: Set(body.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
