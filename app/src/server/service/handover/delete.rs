//! Deleting an organization completely, after its subscription's last day: every row of
//! it in every table (its logs, its people's sessions, keys and secrets included), every
//! document's file, and the mail and sign-in traces of its people. What stays is one
//! `organization_deletions` row that names no one.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, Set, TransactionTrait,
};

use super::tables::{Scope, Table, TABLES};
use crate::error::AppError;
use crate::server::auth::OperatorContext;
use crate::server::entity::{document, organization, organization_deletion, user};
use crate::server::storage::DocumentStorage;

/// This installation's secrets of an organization and its people: never in its copy, but
/// deleted with it, before the people they belong to.
const SECRETS: &[Table] = &[
    Table {
        name: "sessions",
        scope: Scope::Via("users", "user_id"),
    },
    Table {
        name: "two_factors",
        scope: Scope::Via("users", "user_id"),
    },
    Table {
        name: "recovery_codes",
        scope: Scope::Via("users", "user_id"),
    },
    Table {
        name: "account_tokens",
        scope: Scope::Via("users", "user_id"),
    },
    Table {
        name: "organization_keys",
        scope: Scope::Own,
    },
];

/// What a deletion removed, and the reference of its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    pub reference: String,
    pub rows: u64,
    pub documents: usize,
}

/// Why an organization was not deleted, in words for the operator.
#[derive(Debug)]
pub enum DeleteError {
    NotFound,
    /// The name given to confirm is not the organization's.
    NameDiffers,
    /// Its subscription has no last day yet, or that day has not passed.
    StillSubscribed,
    Failed(AppError),
}

impl std::fmt::Display for DeleteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeleteError::NotFound => write!(f, "there is no organization with that number"),
            DeleteError::NameDiffers => write!(
                f,
                "the name given is not the organization's: give its exact name to confirm"
            ),
            DeleteError::StillSubscribed => write!(
                f,
                "the organization's subscription has not ended: set its last day in the \
                 operator's console; it can be deleted from the day after"
            ),
            DeleteError::Failed(error) => write!(f, "the deletion failed: {error:?}"),
        }
    }
}

impl From<AppError> for DeleteError {
    fn from(error: AppError) -> Self {
        DeleteError::Failed(error)
    }
}

impl From<sea_orm::DbErr> for DeleteError {
    fn from(error: sea_orm::DbErr) -> Self {
        DeleteError::Failed(error.into())
    }
}

async fn remove(
    db: &impl ConnectionTrait,
    table: &str,
    condition: sea_orm::sea_query::SimpleExpr,
) -> Result<u64, DeleteError> {
    let statement = Query::delete()
        .from_table(Alias::new(table))
        .and_where(condition)
        .to_owned();
    Ok(db
        .execute(db.get_database_backend().build(&statement))
        .await?
        .rows_affected())
}

/// Deletes organization `organization_id`, whose exact `name` the operator gives to
/// confirm, once its subscription's last day has passed.
pub async fn delete(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    operator: &OperatorContext,
    now: DateTime<Utc>,
    organization_id: i32,
    name: &str,
) -> Result<Deleted, DeleteError> {
    let organization = organization::Entity::find_by_id(organization_id)
        .one(db)
        .await?
        .ok_or(DeleteError::NotFound)?;
    if organization.name != name {
        return Err(DeleteError::NameDiffers);
    }
    let today = crate::server::local_time::local_date(now);
    let ended = organization
        .subscription_ends_on
        .is_some_and(|last| last < today);
    if !ended {
        return Err(DeleteError::StillSubscribed);
    }
    let emails: Vec<String> = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    let files: Vec<String> = document::Entity::find()
        .filter(document::Column::OrganizationId.eq(organization_id))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.storage_key)
        .collect();

    let reference = format!("ORG-{organization_id}-{}", now.format("%Y%m%d%H%M%S"));
    let txn = db.begin().await?;
    // First the record: the logs' triggers let an organization's entries go while it is
    // there, and only then.
    let record = organization_deletion::ActiveModel {
        organization_id: Set(organization_id),
        reference: Set(reference.clone()),
        deleted_at: Set(now),
        // The command line acts as the installation (no operator account).
        deleted_by: Set((operator.user_id != 0).then_some(operator.user_id)),
        rows: Set(0),
        documents: Set(files.len() as i32),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let people = || {
        Query::select()
            .column(Alias::new("id"))
            .from(Alias::new("users"))
            .and_where(Expr::col(Alias::new("organization_id")).eq(organization_id))
            .to_owned()
    };
    let mut rows = 0;
    // Traces of its people outside the organization's rows: security events about them,
    // mail to them, their sign-up and their failed sign-ins.
    rows += remove(
        &txn,
        "security_events",
        Expr::col(Alias::new("user_id")).in_subquery(people()),
    )
    .await?;
    rows += remove(
        &txn,
        "outbox",
        Expr::col(Alias::new("to_address")).is_in(emails.clone()),
    )
    .await?;
    rows += remove(
        &txn,
        "signup_requests",
        Expr::col(Alias::new("email")).is_in(emails.clone()),
    )
    .await?;
    for email in &emails {
        rows += remove(
            &txn,
            "auth_failures",
            Expr::col(Alias::new("key")).like(format!("%acct:{email}")),
        )
        .await?;
    }
    // Every table of the organization, children before parents; its people's secrets
    // before its people.
    for table in TABLES.iter().rev() {
        if table.name == "users" {
            for secret in SECRETS {
                rows += remove(&txn, secret.name, secret.scope.condition(organization_id)).await?;
            }
        }
        rows += remove(&txn, table.name, table.scope.condition(organization_id)).await?;
    }
    let mut record = record.into_active_model();
    record.rows = Set(rows as i64);
    record.update(&txn).await?;
    txn.commit().await?;

    // The files once their rows are gone: a file without a row is never shown, a row
    // without its file would be.
    for key in &files {
        if let Err(error) = storage.delete(key).await {
            tracing::error!(%error, "a deleted organization's document file stays");
        }
    }
    tracing::info!(%reference, rows, documents = files.len(), "organization deleted");
    Ok(Deleted {
        reference,
        rows,
        documents: files.len(),
    })
}
