//! Following an invitation link: see who invites you, choose a password, accept the terms.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};

use crate::error::{AppError, FieldProblem, LinkProblem};
use crate::model::invitations::InvitationInfo;
use crate::server::auth::{password, tokens};
use crate::server::entity::{consent, invitation, organization};
use crate::server::service::account::{self, NewUser};
use crate::server::service::{consent as terms, licence};
use crate::types::Role;

fn usable(found: Option<invitation::Model>) -> Result<invitation::Model, AppError> {
    let found = found.ok_or(AppError::LinkInvalid {
        problem: LinkProblem::Unknown,
    })?;
    let problem = if found.accepted_at.is_some() {
        Some(LinkProblem::Used)
    } else if found.revoked_at.is_some() {
        Some(LinkProblem::Revoked)
    } else if found.expires_at <= Utc::now() {
        Some(LinkProblem::Expired)
    } else {
        None
    };
    match problem {
        Some(problem) => Err(AppError::LinkInvalid { problem }),
        None => Ok(found),
    }
}

async fn by_token(
    db: &impl sea_orm::ConnectionTrait,
    token: &str,
) -> Result<Option<invitation::Model>, AppError> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(tokens::sha256_hex(token)))
        .one(db)
        .await?)
}

pub async fn details(db: &DatabaseConnection, token: &str) -> Result<InvitationInfo, AppError> {
    let found = usable(by_token(db, token).await?)?;
    let org = organization::Entity::find_by_id(found.organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(InvitationInfo {
        organization_name: org.name,
        name: found.name,
        email: found.email,
        role: found.role,
    })
}

/// Creates the account, records consent to the current terms and closes the invitation.
/// Returns the new user's id so the caller can sign them in.
pub async fn accept(
    db: &DatabaseConnection,
    token: &str,
    new_password: &str,
    agreed: bool,
) -> Result<(i32, Role), AppError> {
    let found = usable(by_token(db, token).await?)?;
    let mut problems = Vec::new();
    if let Err(problem) = password::check_new_password(new_password, &[&found.email, &found.name]) {
        problems.push(("password".to_string(), problem));
    }
    if !agreed {
        problems.push(("agree".to_string(), FieldProblem::MustAgree));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid { fields: problems });
    }
    let role = found.role;
    let current_terms = terms::current(db).await?;

    let txn = super::begin_write(db).await?;
    let result = async {
        let org = licence::lock(&txn, found.organization_id).await?;
        // Checked again under the lock: the link may have been used or revoked meanwhile.
        let found = usable(invitation::Entity::find_by_id(found.id).one(&txn).await?)?;
        // This invitation already holds its seat; the licence may have shrunk since.
        let seat = licence::seat_for(role).ok_or(AppError::Internal)?;
        licence::ensure_room(&txn, &org, seat, 0).await?;
        let user = account::create_user(
            &txn,
            NewUser {
                organization_id: Some(org.id),
                role,
                email: &found.email,
                name: &found.name,
                password: Some(new_password),
            },
        )
        .await?;
        if role == Role::Client {
            super::clients::attach_login(&txn, Utc::now(), &user, found.client_id).await?;
        }
        if let Some(version) = current_terms {
            consent::ActiveModel {
                user_id: Set(user.id),
                terms_version_id: Set(version.id),
                accepted_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let mut closing = found.into_active_model();
        closing.accepted_at = Set(Some(Utc::now()));
        closing.update(&txn).await?;
        Ok((user.id, role))
    }
    .await;
    super::finish(txn, result).await
}
