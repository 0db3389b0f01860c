//! The organization's security settings, which its owners set: whether every member must
//! use two-step verification.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::error::{AppError, FieldProblem};
use crate::model::members::UserStatus;
use crate::model::security::{MemberFactor, SecurityEventKind, SecuritySettings};
use crate::server::auth::TenantContext;
use crate::server::entity::{organization, two_factor, user};
use crate::server::service::security::events::{self, Event, Origin};
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

pub async fn get(
    db: &DatabaseConnection,
    tenant: &TenantContext,
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
    let txn = begin_write(db).await?;
    let result = async {
        organization::Entity::update_many()
            .col_expr(
                organization::Column::TwoFactorRequired,
                Expr::value(required),
            )
            .filter(organization::Column::Id.eq(tenant.organization_id))
            .exec(&txn)
            .await?;
        events::record(
            &txn,
            origin,
            Event::own(
                SecurityEventKind::TwoFactorRule,
                Some(tenant.organization_id),
                tenant.user_id,
            )
            .with_detail(if required { "required" } else { "optional" }),
        )
        .await
    }
    .await;
    finish(txn, result).await
}
