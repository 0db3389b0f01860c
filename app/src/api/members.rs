use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::require_owner;
#[cfg(feature = "ssr")]
use crate::types::Role;
use leptos::prelude::*;

pub use crate::model::members::*;

#[server(endpoint = "members/overview")]
pub async fn members_overview() -> Result<MembersDto, AppError> {
    let (state, tenant) = require_owner().await?;
    crate::server::service::members::overview(&state.db, &tenant).await
}

/// `role` is `coach` or `client`.
#[server(endpoint = "members/invite")]
pub async fn invite_member(
    name: String,
    email: String,
    role: String,
) -> Result<InvitationRow, AppError> {
    let (state, tenant) = require_owner().await?;
    crate::server::service::members::invite(
        &state.db,
        state.mailer.as_ref(),
        &state.settings.public_url,
        &tenant,
        &name,
        &email,
        Role::parse(&role),
    )
    .await
}

#[server(endpoint = "members/resend")]
pub async fn resend_invitation(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
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
    let (state, tenant) = require_owner().await?;
    crate::server::service::members::revoke(&state.db, &tenant, id).await
}

#[server(endpoint = "members/suspend")]
pub async fn set_member_suspended(id: i32, suspend: bool) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    let origin = crate::server::auth::request_origin(state.settings.trusted_proxies).await;
    crate::server::service::members::set_suspended(&state.db, &origin, &tenant, id, suspend).await
}

#[server(endpoint = "members/archive")]
pub async fn set_member_archived(id: i32, archive: bool) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    crate::server::service::members::set_archived(&state.db, &tenant, id, archive).await
}

/// `role` is `owner` or `coach`.
#[server(endpoint = "members/role")]
pub async fn change_member_role(id: i32, role: String) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    let origin = crate::server::auth::request_origin(state.settings.trusted_proxies).await;
    let role = Role::parse(&role);
    crate::server::service::members::change_role(&state.db, &origin, &tenant, id, role).await
}

#[server(endpoint = "members/remove")]
pub async fn remove_member(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_owner().await?;
    crate::server::service::members::remove(&state.db, &tenant, id).await
}
