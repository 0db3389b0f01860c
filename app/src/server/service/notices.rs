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
use crate::model::clients::DossierTab;
use crate::server::auth::TenantContext;
use crate::server::entity::{exercise, journal_entry, notice};
use crate::server::local_time;
use crate::server::service::clients::OwnDossier;

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
/// A client's notices are about their own dossier: pass it (`own`), and what its page has
/// already read of it answers which exercises they are.
pub async fn list(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    own: Option<&OwnDossier>,
) -> Result<Vec<NoticeDto>, AppError> {
    let found = notice::Entity::find()
        .filter(notice::Column::OrganizationId.eq(tenant.organization_id))
        .filter(notice::Column::UserId.eq(tenant.user_id))
        .order_by_desc(notice::Column::CreatedAt)
        .order_by_desc(notice::Column::Id)
        .limit(10)
        .find_also_related(journal_entry::Entity)
        .all(db)
        .await?;
    let (found, joined): (Vec<_>, Vec<_>) = found.into_iter().unzip();
    let staff = tenant.is_staff();
    let about: BTreeSet<i32> = found.iter().filter_map(|n| n.assignment_id).collect();
    let (assignments, titles): (HashMap<_, _>, HashMap<i32, String>) = match own {
        Some(own) => {
            let given = assignments::given(db, tenant, own.lookups()).await?;
            let reached = given
                .assignments
                .iter()
                .filter(|a| about.contains(&a.id))
                .map(|a| (a.id, (a.clone(), (**own).clone())))
                .collect();
            let titles = given
                .exercises
                .iter()
                .map(|e| (e.id, e.title.clone()))
                .collect();
            (reached, titles)
        }
        None => {
            let reached = assignments::reachable_many(db, tenant, about).await?;
            let titles = exercise::Entity::find()
                .filter(exercise::Column::OrganizationId.eq(tenant.organization_id))
                .filter(exercise::Column::Id.is_in(reached.values().map(|(a, _)| a.exercise_id)))
                .all(db)
                .await?
                .into_iter()
                .map(|e| (e.id, e.title))
                .collect();
            (reached, titles)
        }
    };
    let entries: HashMap<_, _> = match own {
        // A client's entries are their own dossier's, read with the notices.
        Some(own) => joined
            .into_iter()
            .flatten()
            .filter(|e| e.client_id == own.id)
            .map(|e| (e.id, (e, (**own).clone())))
            .collect(),
        None => {
            journal::reachable_many(db, tenant, found.iter().filter_map(|n| n.journal_entry_id))
                .await?
        }
    };
    let mut shown = Vec::new();
    for n in found {
        let (subject, dossier, link) = if let Some(id) = n.assignment_id {
            let Some((a, dossier)) = assignments.get(&id) else {
                continue;
            };
            let title = titles.get(&a.exercise_id).cloned().unwrap_or_default();
            (
                title,
                dossier,
                link(staff, About::Assignment(a.id), dossier.id),
            )
        } else if let Some(id) = n.journal_entry_id {
            let Some((entry, dossier)) = entries.get(&id) else {
                continue;
            };
            (
                entry.entry_date.format("%Y-%m-%d").to_string(),
                dossier,
                link(staff, About::JournalEntry(entry.id), dossier.id),
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

/// Where a notice leads: the coach's view or the client's own.
fn link(staff: bool, about: About, dossier: i32) -> String {
    match (about, staff) {
        (About::Assignment(id), true) => format!("/assignments/{id}"),
        (About::Assignment(id), false) => format!("/my/exercises/{id}"),
        (About::JournalEntry(id), true) => {
            format!("{}#journal-entry-{id}", DossierTab::Journal.path(dossier))
        }
        (About::JournalEntry(id), false) => format!("/my/journal#entry-{id}"),
    }
}

/// The reader follows a notice: it, and their other unread notices about the same thing,
/// are read from now on. Returns where it leads. A notice of someone else, or about
/// something the reader can no longer open, is not found.
pub async fn open(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
) -> Result<String, AppError> {
    let found = notice::Entity::find_by_id(id)
        .filter(notice::Column::OrganizationId.eq(tenant.organization_id))
        .filter(notice::Column::UserId.eq(tenant.user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (about, dossier) = match (found.assignment_id, found.journal_entry_id) {
        (Some(a), _) => {
            let reached = assignments::reachable_many(db, tenant, [a]).await?;
            let (_, dossier) = reached.get(&a).ok_or(AppError::NotFound)?;
            (About::Assignment(a), dossier.id)
        }
        (None, Some(e)) => {
            let reached = journal::reachable_many(db, tenant, [e]).await?;
            let (_, dossier) = reached.get(&e).ok_or(AppError::NotFound)?;
            (About::JournalEntry(e), dossier.id)
        }
        (None, None) => return Err(AppError::NotFound),
    };
    seen(db, now, tenant, [about]).await?;
    Ok(link(tenant.is_staff(), about, dossier))
}

/// The reader has read all their notices.
pub async fn read_all(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
) -> Result<(), AppError> {
    notice::Entity::update_many()
        .col_expr(notice::Column::ReadAt, Expr::value(now))
        .filter(notice::Column::OrganizationId.eq(tenant.organization_id))
        .filter(notice::Column::UserId.eq(tenant.user_id))
        .filter(notice::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
