//! The list of dossiers a member may open, with its search and filters: one statement per
//! page.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait,
};

use crate::error::AppError;
use crate::model::clients::{ClientRow, ClientsPage};
use crate::model::trajectories::TrajectoryStatus;
use crate::server::auth::TenantContext;
use crate::server::entity::{client, client_coach, client_team, trajectory, user};

use super::access::{staff, teams, visible};

pub const PAGE_SIZE: u64 = 25;

pub struct ListFilter {
    pub q: String,
    pub coach: Option<i32>,
    pub team: Option<i32>,
    pub archived: bool,
    /// Only clients with a trajectory in this status.
    pub status: Option<TrajectoryStatus>,
    /// Zero-based.
    pub page: u64,
}

#[derive(Debug, FromQueryResult)]
struct ListRow {
    id: i32,
    name: String,
    email: Option<String>,
    archived_at: Option<DateTime<Utc>>,
    responsible: Option<String>,
}

fn like(text: &str) -> LikeExpr {
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The list query: one statement for a page, whatever the filters, using the
/// organization/archived/name index for the order.
pub fn list_query(tenant: &TenantContext, filter: &ListFilter) -> sea_orm::Select<client::Entity> {
    let mut query = client::Entity::find()
        .select_only()
        .columns([
            client::Column::Id,
            client::Column::Name,
            client::Column::Email,
            client::Column::ArchivedAt,
        ])
        .column_as(Expr::col((user::Entity, user::Column::Name)), "responsible")
        .join(JoinType::LeftJoin, client::Relation::ResponsibleCoach.def())
        .filter(visible(tenant));
    query = if filter.archived {
        query.filter(client::Column::ArchivedAt.is_not_null())
    } else {
        query.filter(client::Column::ArchivedAt.is_null())
    };
    let q = filter.q.trim();
    if !q.is_empty() {
        let lower =
            |column: client::Column| Expr::expr(Func::lower(Expr::col((client::Entity, column))));
        query = query.filter(
            Condition::any()
                .add(lower(client::Column::Name).like(like(q)))
                .add(lower(client::Column::Email).like(like(q))),
        );
    }
    if let Some(coach) = filter.coach {
        query = query.filter(
            client::Column::Id.in_subquery(
                Query::select()
                    .column(client_coach::Column::ClientId)
                    .from(client_coach::Entity)
                    .and_where(client_coach::Column::UserId.eq(coach))
                    .to_owned(),
            ),
        );
    }
    if let Some(team) = filter.team {
        query = query.filter(
            client::Column::Id.in_subquery(
                Query::select()
                    .column(client_team::Column::ClientId)
                    .from(client_team::Entity)
                    .and_where(client_team::Column::TeamId.eq(team))
                    .to_owned(),
            ),
        );
    }
    if let Some(status) = filter.status {
        query = query.filter(
            client::Column::Id.in_subquery(
                Query::select()
                    .column(trajectory::Column::ClientId)
                    .from(trajectory::Entity)
                    .and_where(trajectory::Column::Status.eq(status))
                    .to_owned(),
            ),
        );
    }
    query
        .order_by_asc(client::Column::Name)
        .order_by_asc(client::Column::Id)
        .offset(filter.page.saturating_mul(PAGE_SIZE))
        .limit(PAGE_SIZE + 1)
}

pub async fn list(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    filter: &ListFilter,
) -> Result<ClientsPage, AppError> {
    tenant.require_staff()?;
    let mut rows = list_query(tenant, filter)
        .into_model::<ListRow>()
        .all(db)
        .await?;
    let has_next = rows.len() as u64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    Ok(ClientsPage {
        rows: rows
            .into_iter()
            .map(|r| ClientRow {
                id: r.id,
                name: r.name,
                email: r.email,
                responsible: r.responsible,
                archived: r.archived_at.is_some(),
            })
            .collect(),
        page: filter.page,
        has_next,
        coaches: staff(db, tenant).await?,
        teams: teams(db, tenant).await?,
    })
}
