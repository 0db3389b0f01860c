//! The exercise library of an organization. An exercise's content lives in versions; the
//! current version is edited in place until it is given to a client (`frozen_at`), after
//! which the next change starts a new version, so nothing a client was given changes.
//! One file per job:
//! - `library`: the list, one exercise to read, creating, duplicating, archiving;
//! - `builder`: editing the title, introduction, questions and scales;
//! - `versions`: the current version, how a change lands (in place or as a new version)
//!   and freezing the version a client is given.

mod builder;
mod library;
mod versions;

pub use builder::{
    add_question, add_scale, checked, move_question, remove_question, remove_scale, update,
    update_question, update_scale, ScaleInput,
};
pub use library::{create, duplicate, get, list, set_archived};
pub(crate) use library::{insert_new, FirstVersion};
pub use versions::{current, freeze};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::{AppError, FieldProblem};
use crate::server::auth::TenantContext;
use crate::server::entity::exercise;

fn text(field: &str, raw: &str, max: usize, required: bool) -> Result<String, AppError> {
    let value = raw.trim();
    if required && value.is_empty() {
        return Err(AppError::field(field, FieldProblem::Required));
    }
    if value.chars().count() > max {
        return Err(AppError::field(field, FieldProblem::TooLong));
    }
    Ok(value.to_string())
}

/// An exercise of the tenant's organization.
async fn own(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<exercise::Model, AppError> {
    tenant.require_staff()?;
    exercise::Entity::find_by_id(id)
        .filter(exercise::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}
