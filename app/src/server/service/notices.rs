//! Notices: something happened for a member (an exercise given, submitted, answered with
//! feedback or reopened; a journal entry shared or commented on). A notice stores no text,
//! only what it is about; its words are built when shown, and only about what the reader may
//! still open, so a notice never outlives the reader's access.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::error::AppError;
use crate::model::assignments::{NoticeDto, NoticeKind};
use crate::server::auth::TenantContext;
use crate::server::entity::{exercise, notice};
use crate::server::local_time;

use super::{assignments, journal};

/// What a notice is about.
#[derive(Clone, Copy, Debug)]
pub(crate) enum About {
    Assignment(i32),
    JournalEntry(i32),
}

impl About {
    fn filter(self) -> sea_orm::Condition {
        match self {
            About::Assignment(id) => {
                sea_orm::Condition::all().add(notice::Column::AssignmentId.eq(id))
            }
            About::JournalEntry(id) => {
                sea_orm::Condition::all().add(notice::Column::JournalEntryId.eq(id))
            }
        }
    }
}

/// Tells each of `users` once: while an earlier notice of the same kind about the same thing
/// is unread, no second one is added.
pub(crate) async fn notify(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    organization_id: i32,
    users: impl IntoIterator<Item = i32>,
    kind: NoticeKind,
    about: About,
) -> Result<(), AppError> {
    for user_id in users.into_iter().collect::<BTreeSet<_>>() {
        let waiting = notice::Entity::find()
            .filter(notice::Column::UserId.eq(user_id))
            .filter(about.filter())
            .filter(notice::Column::Kind.eq(kind))
            .filter(notice::Column::ReadAt.is_null())
            .one(db)
            .await?;
        if waiting.is_none() {
            let (assignment_id, journal_entry_id) = match about {
                About::Assignment(id) => (Some(id), None),
                About::JournalEntry(id) => (None, Some(id)),
            };
            notice::ActiveModel {
                organization_id: Set(organization_id),
                user_id: Set(user_id),
                kind: Set(kind),
                assignment_id: Set(assignment_id),
                journal_entry_id: Set(journal_entry_id),
                created_at: Set(now),
                read_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// The reader has seen these things: their notices about them are read.
pub(crate) async fn seen(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    about: impl IntoIterator<Item = About>,
) -> Result<(), AppError> {
    // Two IN lists rather than one OR per thing: a long journal would otherwise exceed
    // SQLite's expression depth.
    let (mut assignments, mut entries) = (Vec::new(), Vec::new());
    for a in about {
        match a {
            About::Assignment(id) => assignments.push(id),
            About::JournalEntry(id) => entries.push(id),
        }
    }
    if assignments.is_empty() && entries.is_empty() {
        return Ok(());
    }
    let any = sea_orm::Condition::any()
        .add(notice::Column::AssignmentId.is_in(assignments))
        .add(notice::Column::JournalEntryId.is_in(entries));
    notice::Entity::update_many()
        .col_expr(notice::Column::ReadAt, Expr::value(now))
        .filter(notice::Column::OrganizationId.eq(tenant.organization_id))
        .filter(notice::Column::UserId.eq(tenant.user_id))
        .filter(notice::Column::ReadAt.is_null())
        .filter(any)
        .exec(db)
        .await?;
    Ok(())
}

/// Removes the notices of `kind` (every kind when `None`) about a thing that is gone or no
/// longer shared.
pub(crate) async fn withdraw(
    db: &DatabaseConnection,
    about: About,
    kind: Option<NoticeKind>,
) -> Result<(), AppError> {
    let mut delete = notice::Entity::delete_many().filter(about.filter());
    if let Some(kind) = kind {
        delete = delete.filter(notice::Column::Kind.eq(kind));
    }
    delete.exec(db).await?;
    Ok(())
}

/// The member's latest notices, about what they may still open. Shown on every home page:
/// a fixed number of queries, however many notices there are.
pub async fn list(
    db: &DatabaseConnection,
    tenant: &TenantContext,
) -> Result<Vec<NoticeDto>, AppError> {
    let found = notice::Entity::find()
        .filter(notice::Column::OrganizationId.eq(tenant.organization_id))
        .filter(notice::Column::UserId.eq(tenant.user_id))
        .order_by_desc(notice::Column::CreatedAt)
        .order_by_desc(notice::Column::Id)
        .limit(10)
        .all(db)
        .await?;
    let staff = tenant.is_staff();
    let assignments =
        assignments::reachable_many(db, tenant, found.iter().filter_map(|n| n.assignment_id))
            .await?;
    let titles: HashMap<i32, String> = exercise::Entity::find()
        .filter(exercise::Column::OrganizationId.eq(tenant.organization_id))
        .filter(exercise::Column::Id.is_in(assignments.values().map(|(a, _)| a.exercise_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.title))
        .collect();
    let entries =
        journal::reachable_many(db, tenant, found.iter().filter_map(|n| n.journal_entry_id))
            .await?;
    let mut shown = Vec::new();
    for n in found {
        let (subject, dossier, link) = if let Some(id) = n.assignment_id {
            let Some((a, dossier)) = assignments.get(&id) else {
                continue;
            };
            let title = titles.get(&a.exercise_id).cloned().unwrap_or_default();
            let link = if staff {
                format!("/assignments/{}", a.id)
            } else {
                format!("/my/exercises/{}", a.id)
            };
            (title, dossier, link)
        } else if let Some(id) = n.journal_entry_id {
            let Some((entry, dossier)) = entries.get(&id) else {
                continue;
            };
            let link = if staff {
                format!("/clients/{}#journal-entry-{}", dossier.id, entry.id)
            } else {
                format!("/my/journal#entry-{}", entry.id)
            };
            (
                entry.entry_date.format("%Y-%m-%d").to_string(),
                dossier,
                link,
            )
        } else {
            continue;
        };
        shown.push(NoticeDto {
            id: n.id,
            kind: n.kind,
            subject,
            client_name: staff.then(|| dossier.name.clone()),
            at: local_time::to_display(n.created_at),
            link,
            read: n.read_at.is_some(),
        });
    }
    Ok(shown)
}
