//! The organization's security settings, which its owners set: whether every member must
//! use two-step verification, the networks Koers may be used from, and how long a session
//! may sit unused. Each change is read on the next request of everyone signed in, and
//! recorded in the security event log.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::error::{AppError, FieldProblem};
use crate::model::members::UserStatus;
use std::net::IpAddr;

use crate::model::security::{
    MemberFactor, SecurityEventKind, SecuritySettings, IDLE_MINUTES_MAX, IDLE_MINUTES_MIN,
};
use crate::server::auth::TenantContext;
use crate::server::entity::{organization, two_factor, user};
use crate::server::service::security::events::{self, Event, Origin};
use crate::server::service::security::network::AllowList;
use crate::server::service::{begin_write, finish};
use crate::types::Role;

#[derive(FromQueryResult)]
struct MemberRow {
    id: i32,
    name: String,
    email: String,
    role: Role,
    confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What an owner sees on the page. `installation_idle_minutes` is the limit of an
/// organization that chose none; `your_address` the owner's own, as Koers sees it.
pub async fn get(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    installation_idle_minutes: i64,
    your_address: Option<IpAddr>,
) -> Result<SecuritySettings, AppError> {
    tenant.require_owner()?;
    let org = organization::Entity::find_by_id(tenant.organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // Every member who can sign in, with whether they use a confirmed factor, in one query.
    let members = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .filter(user::Column::Status.ne(UserStatus::Archived))
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::Name,
            user::Column::Email,
            user::Column::Role,
        ])
        .column(two_factor::Column::ConfirmedAt)
        .join(
            JoinType::LeftJoin,
            user::Entity::belongs_to(two_factor::Entity)
                .from(user::Column::Id)
                .to(two_factor::Column::UserId)
                .into(),
        )
        .order_by_asc(user::Column::Name)
        .into_model::<MemberRow>()
        .all(db)
        .await?;
    Ok(SecuritySettings {
        two_factor_required: org.two_factor_required,
        allowed_networks: org.allowed_networks.unwrap_or_default(),
        idle_minutes: org
            .idle_minutes
            .map_or(installation_idle_minutes, i64::from),
        your_address: your_address.map(|ip| ip.to_string()).unwrap_or_default(),
        members: members
            .into_iter()
            .map(|m| MemberFactor {
                id: m.id,
                name: m.name,
                email: m.email,
                role: m.role,
                enabled: m.confirmed_at.is_some(),
            })
            .collect(),
    })
}

/// Switches the rule on or off. On: every member without a factor is sent to set one up at
/// their very next request, also those signed in now (the rule is read per request).
pub async fn set_two_factor_required(
    db: &DatabaseConnection,
    origin: &Origin,
    tenant: &TenantContext,
    required: bool,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    // Switched on by an owner without a factor, the rule would send that owner to set one
    // up before they could even see what they did.
    if required && !super::two_factor::enabled(db, tenant.user_id).await? {
        return Err(AppError::field("rule", FieldProblem::OwnFactorFirst));
    }
    change_organization(
        db,
        origin,
        tenant,
        organization::Column::TwoFactorRequired,
        Expr::value(required),
        SecurityEventKind::TwoFactorRule,
        if required { "required" } else { "optional" },
    )
    .await
}

/// Saves the networks the organization's people may use Koers from (an empty text: from
/// anywhere). Refused while the owner's own address would be outside and they have not
/// confirmed (`outside_confirmed`) that they know they lock themselves out from here.
pub async fn set_allowed_networks(
    db: &DatabaseConnection,
    origin: &Origin,
    tenant: &TenantContext,
    text: &str,
    own_address: Option<IpAddr>,
    outside_confirmed: bool,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let list = AllowList::parse(text)?;
    if !list.allows(own_address) && !outside_confirmed {
        return Err(AppError::field("networks", FieldProblem::OwnAddressOutside));
    }
    let stored = (!list.is_open()).then(|| list.text().to_string());
    let detail = if list.is_open() {
        "-".to_string()
    } else {
        list.text().replace('\n', ", ")
    };
    change_organization(
        db,
        origin,
        tenant,
        organization::Column::AllowedNetworks,
        Expr::value(stored),
        SecurityEventKind::NetworksChanged,
        detail,
    )
    .await
}

/// Sets the inactivity limit from the owner's text: whole minutes, within the bounds.
pub async fn set_idle_minutes(
    db: &DatabaseConnection,
    origin: &Origin,
    tenant: &TenantContext,
    minutes: &str,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let minutes = minutes
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::field("minutes", FieldProblem::IdleRange))?;
    if !(IDLE_MINUTES_MIN..=IDLE_MINUTES_MAX).contains(&minutes) {
        return Err(AppError::field("minutes", FieldProblem::IdleRange));
    }
    change_organization(
        db,
        origin,
        tenant,
        organization::Column::IdleMinutes,
        Expr::value(Some(minutes as i32)),
        SecurityEventKind::IdleLimitChanged,
        minutes.to_string(),
    )
    .await
}

/// One column of the tenant's organization, and the event that records it (with what it
/// became as the detail), together.
async fn change_organization(
    db: &DatabaseConnection,
    origin: &Origin,
    tenant: &TenantContext,
    column: organization::Column,
    value: sea_orm::sea_query::SimpleExpr,
    kind: SecurityEventKind,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    let event = Event::own(kind, Some(tenant.organization_id), tenant.user_id).with_detail(detail);
    let txn = begin_write(db).await?;
    let result = async {
        organization::Entity::update_many()
            .col_expr(column, value)
            .filter(organization::Column::Id.eq(tenant.organization_id))
            .exec(&txn)
            .await?;
        events::record(&txn, origin, event).await
    }
    .await;
    finish(txn, result).await
}
