//! Single-use links to a person's own account, sent by e-mail: choose a new password,
//! confirm a new e-mail address. Only the SHA-256 of a link's token is stored.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
};

use crate::error::{AppError, LinkProblem};
use crate::server::auth::tokens;
use crate::server::entity::account_token;

pub const RESET: &str = "reset";
pub const EMAIL: &str = "email";

/// Stores a new link for `user_id` and returns its token (for the mail, never stored).
/// Earlier unused links of the same kind stop working: only the newest mail counts.
pub async fn issue<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    user_id: i32,
    purpose: &str,
    new_email: Option<&str>,
    valid_for: Duration,
) -> Result<String, AppError> {
    account_token::Entity::update_many()
        .col_expr(
            account_token::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(account_token::Column::UserId.eq(user_id))
        .filter(account_token::Column::Purpose.eq(purpose))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    let (token, token_hash) = tokens::new_token();
    account_token::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.to_string()),
        token_hash: Set(token_hash),
        new_email: Set(new_email.map(str::to_string)),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The link behind `token`, if it is of this kind, unused and not expired; otherwise why not.
pub async fn usable<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    purpose: &str,
    token: &str,
) -> Result<account_token::Model, AppError> {
    let found = account_token::Entity::find()
        .filter(account_token::Column::TokenHash.eq(tokens::sha256_hex(token)))
        .filter(account_token::Column::Purpose.eq(purpose))
        .one(db)
        .await?;
    checked(found, now, |link| (link.used_at, link.expires_at))
}

/// A single-use link found by its token (an account link, a sign-up link): unknown, used
/// and expired ones are refused with why. `state` gives the link's use and expiry.
pub fn checked<T>(
    found: Option<T>,
    now: DateTime<Utc>,
    state: impl Fn(&T) -> (Option<DateTime<Utc>>, DateTime<Utc>),
) -> Result<T, AppError> {
    let link = found.ok_or(AppError::LinkInvalid {
        problem: LinkProblem::Unknown,
    })?;
    let problem = match state(&link) {
        (Some(_), _) => LinkProblem::Used,
        (None, expires_at) if expires_at <= now => LinkProblem::Expired,
        (None, _) => return Ok(link),
    };
    Err(AppError::LinkInvalid { problem })
}

/// Marks a link as used, so opening it again says so.
pub async fn spend<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    link: account_token::Model,
) -> Result<(), AppError> {
    let mut active = link.into_active_model();
    active.used_at = Set(Some(now));
    active.update(db).await?;
    Ok(())
}
