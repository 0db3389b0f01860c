//! Licences and their seat limits. Seats are counted under a lock on the organization's
//! row, so two requests racing for the last seat cannot both get it.

use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::error::{AppError, Seat};
use crate::model::members::UserStatus;
use crate::model::organizations::Licence;
use crate::server::entity::{client, invitation, organization, team, user};
use crate::types::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub coaches: i64,
    pub clients: i64,
    pub teams: i64,
}

/// The standard limits of a licence; custom values on the organization override them.
pub fn limits(org: &organization::Model) -> Limits {
    let (coaches, clients, teams) = match org.licence {
        Licence::Standard => (1, 15, 2),
        Licence::Extended => (3, 45, 6),
        // Custom without its own numbers: the smallest set.
        Licence::Demo | Licence::Custom => (1, 3, 1),
    };
    Limits {
        coaches: org.max_coaches.map(i64::from).unwrap_or(coaches),
        clients: org.max_clients.map(i64::from).unwrap_or(clients),
        teams: org.max_teams.map(i64::from).unwrap_or(teams),
    }
}

/// The seat a role takes. Owners coach too, so they take a coach seat.
pub fn seat_for(role: Role) -> Option<Seat> {
    match role {
        Role::Owner | Role::Coach => Some(Seat::Coaches),
        Role::Client => Some(Seat::Clients),
        Role::Operator => None,
    }
}

fn roles_of(seat: Seat) -> &'static [Role] {
    match seat {
        Seat::Coaches => &[Role::Owner, Role::Coach],
        Seat::Clients => &[Role::Client],
        Seat::Teams => &[],
    }
}

/// Takes the organization's write lock for the rest of the transaction (a row lock on
/// PostgreSQL, the database write lock on SQLite) and returns the organization.
pub async fn lock<C: ConnectionTrait>(
    db: &C,
    organization_id: i32,
) -> Result<organization::Model, AppError> {
    organization::Entity::update_many()
        .col_expr(
            organization::Column::Status,
            Expr::col(organization::Column::Status).into(),
        )
        .filter(organization::Column::Id.eq(organization_id))
        .exec(db)
        .await?;
    organization::Entity::find_by_id(organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The organization, for reading its licence without taking the write lock.
pub async fn organization<C: ConnectionTrait>(
    db: &C,
    organization_id: i32,
) -> Result<organization::Model, AppError> {
    organization::Entity::find_by_id(organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Seats in use: active (not suspended, not archived) members plus invitations still
/// open; for teams, the teams there are.
pub async fn seats_used<C: ConnectionTrait>(
    db: &C,
    organization_id: i32,
    seat: Seat,
) -> Result<i64, AppError> {
    if seat == Seat::Clients {
        // A client is a dossier (with or without a login), not archived, whose login is
        // not suspended; plus invitations of new clients still open.
        let suspended = Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(user::Column::Status.eq(UserStatus::Suspended))
            .to_owned();
        let dossiers = client::Entity::find()
            .filter(client::Column::OrganizationId.eq(organization_id))
            .filter(client::Column::ArchivedAt.is_null())
            .filter(
                Condition::any()
                    .add(client::Column::UserId.is_null())
                    .add(client::Column::UserId.not_in_subquery(suspended)),
            )
            .count(db)
            .await?;
        let open = invitation::Entity::find()
            .filter(invitation::Column::OrganizationId.eq(organization_id))
            .filter(invitation::Column::Role.eq(Role::Client))
            .filter(invitation::Column::ClientId.is_null())
            .filter(invitation::open())
            .count(db)
            .await?;
        return Ok((dossiers + open) as i64);
    }
    if seat == Seat::Teams {
        let teams = team::Entity::find()
            .filter(team::Column::OrganizationId.eq(organization_id))
            .count(db)
            .await?;
        return Ok(teams as i64);
    }
    let roles = roles_of(seat);
    let members = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(organization_id))
        .filter(user::Column::Role.is_in(roles.iter().copied()))
        .filter(user::Column::Status.eq(UserStatus::Active))
        .count(db)
        .await?;
    let open = invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(organization_id))
        .filter(invitation::Column::Role.is_in(roles.iter().copied()))
        .filter(invitation::open())
        .count(db)
        .await?;
    Ok((members + open) as i64)
}

pub fn limit_of(limits: Limits, seat: Seat) -> i64 {
    match seat {
        Seat::Coaches => limits.coaches,
        Seat::Clients => limits.clients,
        Seat::Teams => limits.teams,
    }
}

/// Refuses, naming the limit and the licence, unless `extra` more seats fit.
pub async fn ensure_room<C: ConnectionTrait>(
    db: &C,
    org: &organization::Model,
    seat: Seat,
    extra: i64,
) -> Result<(), AppError> {
    let limit = limit_of(limits(org), seat);
    if seats_used(db, org.id, seat).await? + extra > limit {
        return Err(AppError::LicenceLimit {
            seat,
            limit,
            licence: org.licence,
        });
    }
    Ok(())
}
