//! Organizations: creating them with their owner, and what their members see at home.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::dashboard::DashboardDto;
use crate::model::members::UserStatus;
use crate::model::organizations::{Licence, OrganizationStatus};
use crate::server::auth::{Actor, OperatorContext};
use crate::server::entity::{organization, user};
use crate::server::service::account::{self, NewUser};
use crate::server::service::signup::DEMO_DAYS;
use crate::types::Role;

pub struct NewOrganization<'a> {
    pub name: &'a str,
    /// A [`Licence`] code; anything else is refused as a field problem.
    pub licence: &'a str,
    pub owner_name: &'a str,
    pub owner_email: &'a str,
    pub owner_password: Option<&'a str>,
}

/// Creates an organization and its first owner in one transaction: either both exist or
/// neither does.
pub async fn create_with_owner(
    db: &DatabaseConnection,
    _operator: &OperatorContext,
    new: NewOrganization<'_>,
) -> Result<(organization::Model, user::Model), AppError> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(AppError::field("organization_name", FieldProblem::Required));
    }
    let txn = super::begin_write(db).await?;
    let result = insert_with_owner(&txn, Utc::now(), name, new).await;
    super::finish(txn, result).await
}

/// Inserts an organization and its first owner on an open transaction. A demo gets its
/// end date here, whoever creates it.
pub(crate) async fn insert_with_owner<C: ConnectionTrait>(
    txn: &C,
    now: DateTime<Utc>,
    name: &str,
    new: NewOrganization<'_>,
) -> Result<(organization::Model, user::Model), AppError> {
    let licence = Licence::parse(new.licence)
        .ok_or_else(|| AppError::field("licence", FieldProblem::Required))?;
    let org = organization::ActiveModel {
        name: Set(name.to_string()),
        licence: Set(licence),
        status: Set(OrganizationStatus::Active),
        created_at: Set(now),
        demo_ends_at: Set((licence == Licence::Demo).then(|| now + Duration::days(DEMO_DAYS))),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let owner = account::create_user(
        txn,
        NewUser {
            organization_id: Some(org.id),
            role: Role::Owner,
            email: new.owner_email,
            name: new.owner_name,
            password: new.owner_password,
        },
    )
    .await?;
    super::examples::install(txn, now, org.id).await?;
    Ok((org, owner))
}

/// The staff member's home: their practice, their licence and who is in it. Names and
/// licence come with the actor, loaded for the request already.
pub async fn dashboard(
    db: &DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
    actor: &Actor,
) -> Result<DashboardDto, AppError> {
    // The context comes from the same actor: names and counts cannot be of two organizations.
    let tenant = &actor.tenant(&[Role::Owner, Role::Coach])?;
    // Active people per role, in one query.
    let counts: Vec<(Role, i64)> = user::Entity::find()
        .select_only()
        .column(user::Column::Role)
        .column_as(user::Column::Id.count(), "n")
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .filter(user::Column::Status.eq(UserStatus::Active))
        .group_by(user::Column::Role)
        .into_tuple()
        .all(db)
        .await?;
    let count = |role: Role| {
        counts
            .iter()
            .find(|(r, _)| *r == role)
            .map_or(0, |(_, n)| *n as u64)
    };
    let overdue_requests = if tenant.role == Role::Owner {
        super::privacy::requests::overdue(db, now, tenant).await?
    } else {
        0
    };
    Ok(DashboardDto {
        overdue_requests,
        organization_name: actor.organization_name.clone().unwrap_or_default(),
        licence: actor.licence.ok_or(AppError::Forbidden)?,
        your_name: actor.name.clone(),
        your_role: tenant.role,
        owners: count(Role::Owner),
        coaches: count(Role::Coach),
        clients: count(Role::Client),
    })
}
