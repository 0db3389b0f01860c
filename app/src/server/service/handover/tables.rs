//! Every table that holds an organization's data, in the order a restore inserts them
//! (each after the tables it refers to), with how a row knows its organization. The
//! installation's own tables (terms, backups, sign-up requests, failed logins) are not an
//! organization's; the organization's secrets of this installation (data keys, sessions,
//! two-step secrets, recovery codes, account links) stay out of the copy: a restored Koers
//! makes its own keys, and people sign in again and set up two-step verification anew.

use sea_orm::sea_query::{Alias, Expr, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Iterable, PaginatorTrait,
    PrimaryKeyToColumn, QueryFilter, QueryOrder,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::AppError;
use crate::server::entity::{
    access_log, answer, appointment, assignment, calendar_feed, client, client_coach, client_team,
    consent, document, erasure, exercise, exercise_version, invitation, journal_comment,
    journal_entry, notice, organization, outbox, privacy_request, report, report_amendment,
    security_event, team, team_member, time_entry, trajectory, trajectory_goal, user,
};

/// How a table's rows belong to an organization.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// The organization's own row.
    Itself,
    /// The row has `organization_id`.
    Own,
    /// Through a parent with `organization_id`: (parent table, this row's column naming it).
    Via(&'static str, &'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub scope: Scope,
}

impl Scope {
    /// The condition that selects the organization's rows.
    pub fn condition(self, organization_id: i32) -> SimpleExpr {
        match self {
            Scope::Itself => Expr::col(Alias::new("id")).eq(organization_id),
            Scope::Own => Expr::col(Alias::new("organization_id")).eq(organization_id),
            Scope::Via(parent, column) => Expr::col(Alias::new(column)).in_subquery(
                Query::select()
                    .column(Alias::new("id"))
                    .from(Alias::new(parent))
                    .and_where(Expr::col(Alias::new("organization_id")).eq(organization_id))
                    .to_owned(),
            ),
        }
    }
}

/// Rows per page read for the copy, and per insert in a restore (under SQLite's limit of
/// values per statement for the widest table).
pub const PAGE: u64 = 500;
const INSERT: usize = 100;

/// The rows of one page of an organization's table, as JSON objects, in key order.
async fn page<E>(
    db: &impl ConnectionTrait,
    organization_id: i32,
    table: &Table,
    number: u64,
) -> Result<Vec<Value>, AppError>
where
    E: EntityTrait,
    E::Model: Serialize + Sync,
{
    let mut query = E::find().filter(table.scope.condition(organization_id));
    for key in E::PrimaryKey::iter() {
        query = query.order_by_asc(key.into_column());
    }
    query
        .paginate(db, PAGE)
        .fetch_page(number)
        .await?
        .into_iter()
        .map(|row| {
            serde_json::to_value(row).map_err(|error| {
                tracing::error!(%error, "a row could not be written as JSON");
                AppError::Internal
            })
        })
        .collect()
}

/// Inserts rows read from a copy, with their own ids.
async fn insert<E, A>(db: &impl ConnectionTrait, rows: Vec<Value>) -> Result<usize, AppError>
where
    E: EntityTrait,
    E::Model: DeserializeOwned + IntoActiveModel<A>,
    A: ActiveModelTrait<Entity = E> + Send,
{
    let count = rows.len();
    let mut models = Vec::with_capacity(count);
    for row in rows {
        models.push(serde_json::from_value::<E::Model>(row).map_err(|error| {
            tracing::warn!(%error, "a row of the copy does not fit this Koers");
            AppError::Invalid {
                fields: vec![("archive".to_string(), crate::error::FieldProblem::Required)],
            }
        })?);
    }
    let mut models = models.into_iter().peekable();
    while models.peek().is_some() {
        let chunk: Vec<A> = models
            .by_ref()
            .take(INSERT)
            .map(IntoActiveModel::into_active_model)
            .collect();
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(count)
}

macro_rules! tables {
    ($($name:literal => $entity:ident, $scope:expr;)+) => {
        /// In the order a restore inserts them.
        pub const TABLES: &[Table] = &[$(Table { name: $name, scope: $scope }),+];

        /// Page `number` of `table`'s rows of the organization (empty past the end).
        pub async fn rows(
            db: &impl ConnectionTrait,
            organization_id: i32,
            table: &Table,
            number: u64,
        ) -> Result<Vec<Value>, AppError> {
            match table.name {
                $($name => page::<$entity::Entity>(db, organization_id, table, number).await,)+
                _ => Err(AppError::Internal),
            }
        }

        /// Inserts `rows` of `table` as they are.
        pub async fn load(
            db: &impl ConnectionTrait,
            table: &Table,
            rows: Vec<Value>,
        ) -> Result<usize, AppError> {
            match table.name {
                $($name => insert::<$entity::Entity, $entity::ActiveModel>(db, rows).await,)+
                _ => Err(AppError::Internal),
            }
        }
    };
}

tables! {
    "organizations" => organization, Scope::Itself;
    "users" => user, Scope::Own;
    "teams" => team, Scope::Own;
    "team_members" => team_member, Scope::Via("teams", "team_id");
    "clients" => client, Scope::Own;
    "client_coaches" => client_coach, Scope::Via("clients", "client_id");
    "client_teams" => client_team, Scope::Via("clients", "client_id");
    "trajectories" => trajectory, Scope::Own;
    "trajectory_goals" => trajectory_goal, Scope::Via("trajectories", "trajectory_id");
    "reports" => report, Scope::Own;
    "report_amendments" => report_amendment, Scope::Via("reports", "report_id");
    "appointments" => appointment, Scope::Own;
    "time_entries" => time_entry, Scope::Own;
    "documents" => document, Scope::Own;
    "exercises" => exercise, Scope::Own;
    "exercise_versions" => exercise_version, Scope::Via("exercises", "exercise_id");
    "assignments" => assignment, Scope::Own;
    "answers" => answer, Scope::Via("assignments", "assignment_id");
    "journal_entries" => journal_entry, Scope::Own;
    "journal_comments" => journal_comment, Scope::Via("journal_entries", "entry_id");
    "notices" => notice, Scope::Own;
    "invitations" => invitation, Scope::Own;
    "privacy_requests" => privacy_request, Scope::Own;
    "erasures" => erasure, Scope::Own;
    "consents" => consent, Scope::Via("users", "user_id");
    "calendar_feeds" => calendar_feed, Scope::Via("users", "user_id");
    "access_log" => access_log, Scope::Own;
    "security_events" => security_event, Scope::Own;
    "outbox" => outbox, Scope::Own;
}
