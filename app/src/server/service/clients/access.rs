//! Who may open a dossier. `visible` is the one place that decides it: owners every dossier
//! of their organization, coaches those they were given directly (the client's own coaches)
//! or through a team. Every function that reads or writes anything of a dossier starts by
//! opening it through [`open`], so a dossier without access is "not found", exactly like one
//! that does not exist; what `open` returns, a [`Dossier`], is the proof the other areas take.

use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::clients::{AccessDto, Choice};
use crate::server::auth::TenantContext;
use crate::server::entity::{client, client_coach, client_team, team, team_member};
use crate::server::service::members;
use crate::types::Role;

/// An opened dossier: only [`open`] makes one, after the access check, so a service that
/// takes a `&Dossier` works in a dossier the actor may open without checking again. It reads
/// as the dossier's row (`dossier.id`, `dossier.name`, …).
#[derive(Debug, Clone)]
pub struct Dossier {
    row: client::Model,
    may_manage: bool,
}

impl Dossier {
    /// Whether the actor decides about access and archiving: owners and the responsible coach.
    pub fn may_manage(&self) -> bool {
        self.may_manage
    }

    /// The row, for changing it; only this area's services change a dossier's own data.
    pub(crate) fn into_row(self) -> client::Model {
        self.row
    }
}

impl std::ops::Deref for Dossier {
    type Target = client::Model;

    fn deref(&self) -> &client::Model {
        &self.row
    }
}

/// Active owners and coaches of the organization: who can be responsible or get access.
pub(crate) async fn staff(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
) -> Result<Vec<Choice>, AppError> {
    Ok(members::active_staff(db, tenant)
        .await?
        .into_iter()
        .map(|u| Choice {
            id: u.id,
            name: u.name,
        })
        .collect())
}

pub(crate) async fn teams(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
) -> Result<Vec<Choice>, AppError> {
    Ok(team::Entity::find()
        .filter(team::Column::OrganizationId.eq(tenant.organization_id))
        .order_by_asc(team::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|t| Choice {
            id: t.id,
            name: t.name,
        })
        .collect())
}

/// The dossiers `tenant` may open.
pub(super) fn visible(tenant: &TenantContext) -> Condition {
    let mut condition =
        Condition::all().add(client::Column::OrganizationId.eq(tenant.organization_id));
    if tenant.role != Role::Owner {
        let direct = Query::select()
            .column(client_coach::Column::ClientId)
            .from(client_coach::Entity)
            .and_where(client_coach::Column::UserId.eq(tenant.user_id))
            .to_owned();
        let through_team = Query::select()
            .column((client_team::Entity, client_team::Column::ClientId))
            .from(client_team::Entity)
            .inner_join(
                team_member::Entity,
                Expr::col((team_member::Entity, team_member::Column::TeamId))
                    .equals((client_team::Entity, client_team::Column::TeamId)),
            )
            .and_where(
                Expr::col((team_member::Entity, team_member::Column::UserId)).eq(tenant.user_id),
            )
            .to_owned();
        condition = condition.add(
            Condition::any()
                .add(client::Column::Id.in_subquery(direct))
                .add(client::Column::Id.in_subquery(through_team)),
        );
    }
    condition
}

/// A dossier `tenant` may open, or `NotFound`.
pub async fn open(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<Dossier, AppError> {
    tenant.require_staff()?;
    let row = client::Entity::find_by_id(id)
        .filter(visible(tenant))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let may_manage = tenant.role == Role::Owner || row.responsible_coach_id == Some(tenant.user_id);
    Ok(Dossier { row, may_manage })
}

pub(super) async fn grant_coach(
    db: &impl ConnectionTrait,
    client_id: i32,
    user_id: i32,
) -> Result<(), AppError> {
    let exists = client_coach::Entity::find_by_id((client_id, user_id))
        .one(db)
        .await?
        .is_some();
    if !exists {
        client_coach::ActiveModel {
            client_id: Set(client_id),
            user_id: Set(user_id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The dossier of a client's login, within the tenant's organization.
pub(crate) async fn of_login(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    user_id: i32,
) -> Result<client::Model, AppError> {
    client::Entity::find()
        .filter(client::Column::OrganizationId.eq(tenant.organization_id))
        .filter(client::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn access(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<AccessDto, AppError> {
    let found = open(db, tenant, id).await?;
    let granted_coaches: Vec<i32> = client_coach::Entity::find()
        .filter(client_coach::Column::ClientId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect();
    let granted_teams: Vec<i32> = client_team::Entity::find()
        .filter(client_team::Column::ClientId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.team_id)
        .collect();
    let (coaches, other_coaches) = staff(db, tenant)
        .await?
        .into_iter()
        .partition(|c| granted_coaches.contains(&c.id));
    let (teams, other_teams) = teams(db, tenant)
        .await?
        .into_iter()
        .partition(|t| granted_teams.contains(&t.id));
    Ok(AccessDto {
        coaches,
        teams,
        other_coaches,
        other_teams,
        can_manage: found.may_manage(),
    })
}

/// Gives or withdraws access for a coach or a team. The responsible coach keeps access.
pub async fn change_access(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
    kind: &str,
    target: i32,
    grant: bool,
) -> Result<(), AppError> {
    let found = open(db, tenant, id).await?;
    tenant.writable()?;
    if !found.may_manage() {
        return Err(AppError::Forbidden);
    }
    match kind {
        "coach" => {
            if !staff(db, tenant).await?.iter().any(|c| c.id == target) {
                return Err(AppError::NotFound);
            }
            if grant {
                grant_coach(db, id, target).await?;
            } else if found.responsible_coach_id == Some(target) {
                return Err(AppError::field("target", FieldProblem::ResponsibleStays));
            } else {
                client_coach::Entity::delete_by_id((id, target))
                    .exec(db)
                    .await?;
            }
        }
        "team" => {
            if !teams(db, tenant).await?.iter().any(|t| t.id == target) {
                return Err(AppError::NotFound);
            }
            let exists = client_team::Entity::find_by_id((id, target))
                .one(db)
                .await?
                .is_some();
            match (grant, exists) {
                (true, false) => {
                    client_team::ActiveModel {
                        client_id: Set(id),
                        team_id: Set(target),
                    }
                    .insert(db)
                    .await?;
                }
                (false, true) => {
                    client_team::Entity::delete_by_id((id, target))
                        .exec(db)
                        .await?;
                }
                _ => {}
            }
        }
        _ => return Err(AppError::field("kind", FieldProblem::Required)),
    }
    Ok(())
}
