//! Which assignment an actor may reach: staff through a dossier they may open, a client
//! only in their own dossier.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::error::AppError;
use crate::server::auth::TenantContext;
use crate::server::entity::{assignment, client};
use crate::server::service::clients;
use crate::types::Role;

/// An assignment in a dossier the staff member may open.
pub(super) async fn for_staff(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(assignment::Model, client::Model), AppError> {
    tenant.require_staff()?;
    let found = assignment::Entity::find_by_id(id)
        .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let dossier = clients::open(db, tenant, found.client_id).await?;
    Ok((found, dossier.into_row()))
}

/// An assignment in the client's own dossier.
pub(super) async fn for_client(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(assignment::Model, client::Model), AppError> {
    if tenant.role != Role::Client {
        return Err(AppError::Forbidden);
    }
    let dossier = clients::of_login(db, tenant, tenant.user_id).await?;
    let found = assignment::Entity::find_by_id(id)
        .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(assignment::Column::ClientId.eq(dossier.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((found, dossier))
}

pub(crate) async fn reachable(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(assignment::Model, client::Model), AppError> {
    if tenant.role == Role::Client {
        for_client(db, tenant, id).await
    } else {
        for_staff(db, tenant, id).await
    }
}

/// Of `ids`, the assignments the actor may reach, each with its dossier: a fixed number of
/// queries for a whole list.
pub(crate) async fn reachable_many(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, (assignment::Model, client::Model)>, AppError> {
    let ids: Vec<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let query = assignment::Entity::find()
        .filter(assignment::Column::OrganizationId.eq(tenant.organization_id))
        .filter(assignment::Column::Id.is_in(ids));
    if tenant.role == Role::Client {
        let dossier = clients::of_login(db, tenant, tenant.user_id).await?;
        let found = query
            .filter(assignment::Column::ClientId.eq(dossier.id))
            .all(db)
            .await?;
        return Ok(found
            .into_iter()
            .map(|a| (a.id, (a, dossier.clone())))
            .collect());
    }
    tenant.require_staff()?;
    let found = query.all(db).await?;
    let dossiers = clients::open_many(db, tenant, found.iter().map(|a| a.client_id)).await?;
    Ok(found
        .into_iter()
        .filter_map(|a| {
            let dossier = dossiers.get(&a.client_id)?;
            Some((a.id, (a, (**dossier).clone())))
        })
        .collect())
}
