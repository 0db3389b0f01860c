//! Teams of coaches. Owners form them; owners and coaches see them. Later, dossiers are
//! shared with a team at once.

use chrono::Utc;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::error::{AppError, FieldProblem, Seat};
use crate::model::teams::{PersonOption, TeamRow, TeamsDto};
use crate::server::auth::TenantContext;
use crate::server::entity::{team, team_member};
use crate::server::service::{licence, members};
use crate::types::Role;

fn require_owner(tenant: &TenantContext) -> Result<(), AppError> {
    if tenant.role != Role::Owner {
        return Err(AppError::Forbidden);
    }
    tenant.writable()
}

pub async fn list(db: &DatabaseConnection, tenant: &TenantContext) -> Result<TeamsDto, AppError> {
    tenant.require_staff()?;
    let teams = team::Entity::find()
        .filter(team::Column::OrganizationId.eq(tenant.organization_id))
        .order_by_asc(team::Column::Name)
        .all(db)
        .await?;
    let memberships = team_member::Entity::find()
        .filter(team_member::Column::TeamId.is_in(teams.iter().map(|t| t.id)))
        .all(db)
        .await?;
    let people = members::active_staff(db, tenant).await?;
    let person = |id: i32| {
        people.iter().find(|p| p.id == id).map(|p| PersonOption {
            id: p.id,
            name: p.name.clone(),
        })
    };
    let org = licence::organization(db, tenant.organization_id).await?;
    Ok(TeamsDto {
        used: teams.len() as i64,
        limit: licence::limits(&org).teams,
        licence: org.licence,
        can_manage: tenant.role == Role::Owner,
        teams: teams
            .into_iter()
            .map(|t| TeamRow {
                members: memberships
                    .iter()
                    .filter(|m| m.team_id == t.id)
                    .filter_map(|m| person(m.user_id))
                    .collect(),
                id: t.id,
                name: t.name,
            })
            .collect(),
        people: people
            .iter()
            .map(|p| PersonOption {
                id: p.id,
                name: p.name.clone(),
            })
            .collect(),
    })
}

async fn own_team(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<team::Model, AppError> {
    team::Entity::find_by_id(id)
        .filter(team::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A trimmed team name that no other team of the organization has (in any case).
async fn check_name(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    name: &str,
    except: Option<i32>,
) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::field("name", FieldProblem::Required));
    }
    if name.chars().count() > 100 {
        return Err(AppError::field("name", FieldProblem::TooLong));
    }
    let mut same = team::Entity::find()
        .filter(team::Column::OrganizationId.eq(tenant.organization_id))
        .filter(Expr::expr(Func::lower(Expr::col(team::Column::Name))).eq(name.to_lowercase()));
    if let Some(id) = except {
        same = same.filter(team::Column::Id.ne(id));
    }
    if same.count(db).await? > 0 {
        return Err(AppError::field("name", FieldProblem::TeamNameTaken));
    }
    Ok(name.to_string())
}

/// Creates a team if the licence has room for one more.
pub async fn create(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    name: &str,
) -> Result<i32, AppError> {
    require_owner(tenant)?;
    let txn = super::begin_write(db).await?;
    let result = async {
        let org = licence::lock(&txn, tenant.organization_id).await?;
        let name = check_name(&txn, tenant, name, None).await?;
        licence::ensure_room(&txn, &org, Seat::Teams, 1).await?;
        let created = team::ActiveModel {
            organization_id: Set(org.id),
            name: Set(name),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        Ok(created.id)
    }
    .await;
    super::finish(txn, result).await
}

pub async fn rename(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
    name: &str,
) -> Result<(), AppError> {
    require_owner(tenant)?;
    let found = own_team(db, tenant, id).await?;
    let name = check_name(db, tenant, name, Some(id)).await?;
    let mut active = found.into_active_model();
    active.name = Set(name);
    active.update(db).await?;
    Ok(())
}

/// Deletes a team; its coaches stay, only the grouping goes.
pub async fn delete(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    require_owner(tenant)?;
    let found = own_team(db, tenant, id).await?;
    team::Entity::delete_by_id(found.id).exec(db).await?;
    Ok(())
}

/// Adds an active coach or owner of the organization to a team (again adding is harmless).
pub async fn add_member(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    team_id: i32,
    user_id: i32,
) -> Result<(), AppError> {
    require_owner(tenant)?;
    let found = own_team(db, tenant, team_id).await?;
    let person = members::active_staff(db, tenant)
        .await?
        .into_iter()
        .find(|p| p.id == user_id)
        .ok_or_else(|| AppError::field("user_id", FieldProblem::RoleNotAllowed))?;
    let already = team_member::Entity::find_by_id((found.id, person.id))
        .one(db)
        .await?;
    if already.is_none() {
        team_member::ActiveModel {
            team_id: Set(found.id),
            user_id: Set(person.id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

pub async fn remove_member(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    team_id: i32,
    user_id: i32,
) -> Result<(), AppError> {
    require_owner(tenant)?;
    let found = own_team(db, tenant, team_id).await?;
    // Someone of another organization is unknown here, as everywhere: NotFound, not a
    // silent success that tells the caller nothing was wrong with the id.
    members::in_organization(db, tenant, user_id).await?;
    team_member::Entity::delete_many()
        .filter(team_member::Column::TeamId.eq(found.id))
        .filter(team_member::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
