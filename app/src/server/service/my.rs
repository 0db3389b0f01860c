//! A client's own view of Koers: their home and what they see of their dossier.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::clients::OwnDossier;
use super::{agenda, documents, reports};
use crate::error::AppError;
use crate::model::members::UserStatus;
use crate::model::my::{MyDossierDto, MyHomeDto};
use crate::server::auth::{Actor, TenantContext};
use crate::server::entity::user;
use crate::types::Role;

/// The client's home: who they are, their practice, and the coaches they can turn to. Their
/// name and their practice's come with the actor, loaded for the request already.
pub async fn home(
    db: &DatabaseConnection,
    actor: &Actor,
    own: Option<&OwnDossier>,
) -> Result<MyHomeDto, AppError> {
    let tenant = &actor.tenant(&[Role::Client])?;
    let coaches = match own {
        // The dossier's people are the organization's staff: no query of its own.
        Some(own) => own
            .lookups()
            .people(db)
            .await?
            .iter()
            .filter(|u| u.role == Role::Coach && u.status == UserStatus::Active)
            .map(|u| u.name.clone())
            .collect(),
        None => user::Entity::find()
            .filter(user::Column::OrganizationId.eq(tenant.organization_id))
            .filter(user::Column::Role.eq(Role::Coach))
            .filter(user::Column::Status.eq(UserStatus::Active))
            .order_by_asc(user::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.name)
            .collect(),
    };
    Ok(MyHomeDto {
        your_name: actor.name.clone(),
        organization_name: actor.organization_name.clone().unwrap_or_default(),
        coaches,
    })
}

/// Reports shared with the client, their upcoming appointments and their documents. A client
/// with no dossier linked to their login sees an empty one rather than an error.
pub async fn dossier(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    own: Option<&OwnDossier>,
    max_upload_bytes: usize,
) -> Result<MyDossierDto, AppError> {
    let max_upload_mb = max_upload_bytes / (1024 * 1024);
    let Some(dossier) = own else {
        return Ok(MyDossierDto {
            reports: Vec::new(),
            appointments: Vec::new(),
            documents: Vec::new(),
            max_upload_mb,
        });
    };
    Ok(MyDossierDto {
        reports: reports::for_client(db, tenant, dossier).await?,
        appointments: agenda::upcoming_for_client(db, now, tenant, dossier).await?,
        documents: documents::for_client(db, tenant, dossier).await?,
        max_upload_mb,
    })
}
