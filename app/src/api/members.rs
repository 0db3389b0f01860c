use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::types::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub suspended: bool,
    /// A client whose coaching ended; takes no seat.
    pub archived: bool,
    pub is_you: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub expired: bool,
    pub expires_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatsDto {
    pub licence: String,
    pub coaches_used: i64,
    pub coaches_limit: i64,
    pub clients_used: i64,
    pub clients_limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersDto {
    pub members: Vec<MemberRow>,
    pub invitations: Vec<InvitationRow>,
    pub seats: SeatsDto,
}

#[cfg(feature = "ssr")]
async fn owner() -> Result<(crate::server::AppState, crate::server::auth::TenantContext), AppError>
{
    crate::server::auth::context::require_member(&[Role::Owner]).await
}

#[server(endpoint = "members/overview")]
pub async fn members_overview() -> Result<MembersDto, AppError> {
    let (state, tenant) = owner().await?;
    crate::server::service::members::overview(&state.db, &tenant).await
}

/// `role` is `coach` or `client`.
#[server(endpoint = "members/invite")]
pub async fn invite_member(
    name: String,
    email: String,
    role: String,
) -> Result<InvitationRow, AppError> {
    let (state, tenant) = owner().await?;
    let role = Role::parse(&role).unwrap_or(Role::Operator);
    crate::server::service::members::invite(
        &state.db,
        state.mailer.as_ref(),
        &state.settings.public_url,
        &tenant,
        &name,
        &email,
        role,
    )
    .await
}

#[server(endpoint = "members/resend")]
pub async fn resend_invitation(id: i32) -> Result<(), AppError> {
    let (state, tenant) = owner().await?;
    crate::server::service::members::resend(
        &state.db,
        state.mailer.as_ref(),
        &state.settings.public_url,
        &tenant,
        id,
    )
    .await
}

#[server(endpoint = "members/revoke")]
pub async fn revoke_invitation(id: i32) -> Result<(), AppError> {
    let (state, tenant) = owner().await?;
    crate::server::service::members::revoke(&state.db, &tenant, id).await
}

#[server(endpoint = "members/suspend")]
pub async fn set_member_suspended(id: i32, suspend: bool) -> Result<(), AppError> {
    let (state, tenant) = owner().await?;
    crate::server::service::members::set_suspended(&state.db, &tenant, id, suspend).await
}

#[server(endpoint = "members/archive")]
pub async fn set_member_archived(id: i32, archive: bool) -> Result<(), AppError> {
    let (state, tenant) = owner().await?;
    crate::server::service::members::set_archived(&state.db, &tenant, id, archive).await
}

/// `role` is `owner` or `coach`.
#[server(endpoint = "members/role")]
pub async fn change_member_role(id: i32, role: String) -> Result<(), AppError> {
    let (state, tenant) = owner().await?;
    let role = Role::parse(&role).unwrap_or(Role::Operator);
    crate::server::service::members::change_role(&state.db, &tenant, id, role).await
}

#[server(endpoint = "members/remove")]
pub async fn remove_member(id: i32) -> Result<(), AppError> {
    let (state, tenant) = owner().await?;
    crate::server::service::members::remove(&state.db, &tenant, id).await
}
