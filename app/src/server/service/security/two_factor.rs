//! Two-step verification with an authenticator app (TOTP, see `auth::totp`) and single-use
//! recovery codes.
//!
//! Setting up is two steps: `start` stores a new secret, unconfirmed, and the page shows it
//! as a QR code and as text; `confirm` takes a first code from the app, and only then does
//! sign-in ask for codes. A code is accepted once: the step it matched is stored, and a
//! conditional update refuses that step and every earlier one, also for two requests racing
//! with the same code. Recovery codes are stored as their SHA-256 (each carries ~50 random
//! bits and guesses are throttled like passwords) and are used up by the same kind of
//! conditional update.

use chrono::Utc;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::security::{Enrolment, SecurityEventKind, TwoFactorStatus, RECOVERY_CODES};
use crate::server::auth::tokens::sha256_hex;
use crate::server::auth::{qr, throttle, totp, Actor, TenantContext};
use crate::server::entity::{recovery_code, two_factor, user};
use crate::server::service::security::events::{self, Event, Origin};
use crate::server::service::{begin_write, finish};

/// Letters and digits that cannot be mistaken for one another on paper (no 0/o, 1/l/i).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters of a recovery code (shown as two groups of five): ~49.5 bits.
const RECOVERY_LENGTH: usize = 10;
/// Wrong codes while setting up, per person, within the throttle window.
const MAX_SETUP_CODES: u64 = 5;

/// How a code was proven at sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// A code from the app.
    App,
    /// One of the recovery codes, now used up.
    RecoveryCode,
}

fn now_seconds() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

async fn row(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Option<two_factor::Model>, AppError> {
    Ok(two_factor::Entity::find_by_id(user_id).one(db).await?)
}

fn secret_of(row: &two_factor::Model) -> Result<totp::Secret, AppError> {
    totp::Secret::from_base32(&row.secret).ok_or_else(|| {
        tracing::error!(
            user_id = row.user_id,
            "stored two-step secret is not base32"
        );
        AppError::Internal
    })
}

/// Whether the person signs in with a second step.
pub async fn enabled(db: &impl ConnectionTrait, user_id: i32) -> Result<bool, AppError> {
    Ok(row(db, user_id)
        .await?
        .is_some_and(|r| r.confirmed_at.is_some()))
}

/// The person's two-step verification as their page shows it. `fresh` are recovery codes
/// made in this session and not yet put away (see `api::security`).
pub async fn status(
    db: &DatabaseConnection,
    actor: &Actor,
    required: bool,
    fresh: Vec<String>,
) -> Result<TwoFactorStatus, AppError> {
    let found = row(db, actor.user_id).await?;
    let enabled = found.as_ref().is_some_and(|r| r.confirmed_at.is_some());
    let enrolment = match found.filter(|r| r.confirmed_at.is_none()) {
        Some(pending) => {
            let secret = secret_of(&pending)?;
            let address = totp::otpauth_uri(&secret, &actor.email);
            let label = if actor.language == "en" {
                "QR code for your authenticator app"
            } else {
                "QR-code voor je authenticator-app"
            };
            let qr_svg = qr::svg(&address, label).ok_or(AppError::Internal)?;
            Some(Enrolment {
                qr_svg,
                secret: secret.for_typing(),
            })
        }
        None => None,
    };
    let recovery_codes_left = if enabled {
        recovery_code::Entity::find()
            .filter(recovery_code::Column::UserId.eq(actor.user_id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(db)
            .await? as u32
    } else {
        0
    };
    Ok(TwoFactorStatus {
        enabled,
        required,
        recovery_codes_left,
        enrolment,
        fresh_recovery_codes: if enabled { fresh } else { Vec::new() },
    })
}

/// Stores a new, unconfirmed secret (replacing one that was never confirmed). Someone who
/// already uses two-step verification removes it first.
pub async fn start(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let result = async {
        if enabled(&txn, actor.user_id).await? {
            return Ok(());
        }
        two_factor::Entity::delete_by_id(actor.user_id)
            .exec(&txn)
            .await?;
        two_factor::ActiveModel {
            user_id: Set(actor.user_id),
            secret: Set(totp::Secret::generate().to_base32()),
            confirmed_at: Set(None),
            last_step: Set(None),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await?;
        Ok(())
    }
    .await;
    finish(txn, result).await
}

fn code_problem(code: &str) -> AppError {
    let problem = if code.trim().is_empty() {
        FieldProblem::Required
    } else {
        FieldProblem::CodeWrong
    };
    AppError::field("code", problem)
}

/// Confirms the set-up with a first code from the app and returns the new recovery codes,
/// in the clear for the only time.
pub async fn confirm(
    db: &DatabaseConnection,
    origin: &Origin,
    actor: &Actor,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let pending = row(db, actor.user_id)
        .await?
        .filter(|r| r.confirmed_at.is_none())
        .ok_or(AppError::NotFound)?;
    let key = format!("2fa-setup:{}", actor.user_id);
    let attempt = throttle::take(db, &[(&key, MAX_SETUP_CODES)]).await?;
    let Some(step) = totp::matching_step(&secret_of(&pending)?, code, now_seconds()) else {
        drop(attempt); // stays counted
        return Err(code_problem(code));
    };
    let txn = begin_write(db).await?;
    let result = async {
        let confirmed = two_factor::Entity::update_many()
            .col_expr(
                two_factor::Column::ConfirmedAt,
                Expr::value(Some(Utc::now())),
            )
            .col_expr(two_factor::Column::LastStep, Expr::value(Some(step as i64)))
            .filter(two_factor::Column::UserId.eq(actor.user_id))
            .filter(two_factor::Column::ConfirmedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        if confirmed != 1 {
            // Confirmed by a request that raced this one: that one's codes stand.
            return Err(AppError::NotFound);
        }
        let codes = renew_recovery_codes(&txn, actor.user_id).await?;
        events::record(
            &txn,
            origin,
            Event::own(
                SecurityEventKind::TwoFactorEnrolled,
                actor.organization_id,
                actor.user_id,
            ),
        )
        .await?;
        Ok(codes)
    }
    .await;
    let codes = finish(txn, result).await?;
    throttle::clear(db, &key).await?;
    Ok(codes)
}

fn new_recovery_code() -> String {
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_LENGTH)
        .map(|_| RECOVERY_ALPHABET[rng.gen_range(0..RECOVERY_ALPHABET.len())] as char)
        .collect()
}

/// A recovery code as typed: spaces, dashes and capitals do not matter.
fn normalized_recovery(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (code.len() == RECOVERY_LENGTH && code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then_some(code)
}

/// Shown in two groups of five.
fn grouped(code: &str) -> String {
    format!("{}-{}", &code[..5], &code[5..])
}

/// Replaces the person's recovery codes with `RECOVERY_CODES` new ones, returned grouped.
async fn renew_recovery_codes(
    txn: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<String>, AppError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let now = Utc::now();
    recovery_code::Entity::insert_many(codes.iter().map(|code| recovery_code::ActiveModel {
        user_id: Set(user_id),
        code_hash: Set(sha256_hex(code)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }))
    .exec(txn)
    .await?;
    Ok(codes.iter().map(|c| grouped(c)).collect())
}

/// Checks a code typed at sign-in (or to remove the factor): a code from the app, accepted
/// once, or an unused recovery code, used up. None for anything else. Throttling is the
/// caller's, since it depends on where the code is asked for.
pub async fn verify(
    db: &impl ConnectionTrait,
    user_id: i32,
    typed: &str,
) -> Result<Option<Proof>, AppError> {
    if let Some(code) = normalized_recovery(typed) {
        let used = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(Utc::now())))
            .filter(recovery_code::Column::UserId.eq(user_id))
            .filter(recovery_code::Column::CodeHash.eq(sha256_hex(&code)))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(db)
            .await?
            .rows_affected;
        return Ok((used == 1).then_some(Proof::RecoveryCode));
    }
    let Some(confirmed) = row(db, user_id).await?.filter(|r| r.confirmed_at.is_some()) else {
        return Ok(None);
    };
    let Some(step) = totp::matching_step(&secret_of(&confirmed)?, typed, now_seconds()) else {
        return Ok(None);
    };
    let step = step as i64;
    // Only a step after the last accepted one: the same code (or an older one) twice fails,
    // whichever of two racing requests gets here second.
    let accepted = two_factor::Entity::update_many()
        .col_expr(two_factor::Column::LastStep, Expr::value(Some(step)))
        .filter(two_factor::Column::UserId.eq(user_id))
        .filter(two_factor::Column::ConfirmedAt.is_not_null())
        .filter(
            Condition::any()
                .add(two_factor::Column::LastStep.is_null())
                .add(two_factor::Column::LastStep.lt(step)),
        )
        .exec(db)
        .await?
        .rows_affected;
    Ok((accepted == 1).then_some(Proof::App))
}

async fn delete_factor(txn: &impl ConnectionTrait, user_id: i32) -> Result<(), AppError> {
    two_factor::Entity::delete_by_id(user_id).exec(txn).await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The person removes their own factor: with their password and a current code, so that a
/// session left open on someone else's screen cannot do it.
pub async fn remove(
    db: &DatabaseConnection,
    origin: &Origin,
    actor: &Actor,
    password: &str,
    code: &str,
) -> Result<(), AppError> {
    let me = user::Entity::find_by_id(actor.user_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !enabled(db, me.id).await? {
        return Err(AppError::NotFound);
    }
    crate::server::service::profile::check_current_password(db, &me, password).await?;
    let key = format!("2fa-remove:{}", me.id);
    let attempt = throttle::take(db, &[(&key, MAX_SETUP_CODES)]).await?;
    let txn = begin_write(db).await?;
    let result = async {
        if verify(&txn, me.id, code).await?.is_none() {
            return Err(code_problem(code));
        }
        delete_factor(&txn, me.id).await?;
        events::record(
            &txn,
            origin,
            Event::own(
                SecurityEventKind::TwoFactorRemoved,
                me.organization_id,
                me.id,
            ),
        )
        .await
    }
    .await;
    // A wrong code stays counted (the attempt is dropped); a right one clears the count.
    finish(txn, result).await?;
    attempt.forget(db).await?;
    throttle::clear(db, &key).await?;
    Ok(())
}

/// New recovery codes for a person who uses two-step verification (the old ones stop
/// working), after their password.
pub async fn renew(
    db: &DatabaseConnection,
    origin: &Origin,
    actor: &Actor,
    password: &str,
) -> Result<Vec<String>, AppError> {
    let me = user::Entity::find_by_id(actor.user_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !enabled(db, me.id).await? {
        return Err(AppError::NotFound);
    }
    crate::server::service::profile::check_current_password(db, &me, password).await?;
    let txn = begin_write(db).await?;
    let result = async {
        let codes = renew_recovery_codes(&txn, me.id).await?;
        events::record(
            &txn,
            origin,
            Event::own(
                SecurityEventKind::RecoveryCodesRenewed,
                me.organization_id,
                me.id,
            ),
        )
        .await?;
        Ok(codes)
    }
    .await;
    finish(txn, result).await
}

/// An owner takes away a member's factor (a lost phone): the member signs in with their
/// password alone next time, or, where the organization requires it, sets up again first.
/// Logged with the owner as actor. An owner's own factor goes through [`remove`].
pub async fn reset_by_owner(
    db: &DatabaseConnection,
    origin: &Origin,
    tenant: &TenantContext,
    member_id: i32,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    if member_id == tenant.user_id {
        return Err(AppError::NotOnYourself);
    }
    let member = user::Entity::find_by_id(member_id)
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = begin_write(db).await?;
    let result = async {
        delete_factor(&txn, member.id).await?;
        events::record(
            &txn,
            origin,
            Event {
                kind: SecurityEventKind::TwoFactorReset,
                organization_id: Some(tenant.organization_id),
                user_id: Some(member.id),
                actor_id: Some(tenant.user_id),
                detail: None,
            },
        )
        .await
    }
    .await;
    finish(txn, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_are_ten_unambiguous_characters_and_typed_loosely() {
        let code = new_recovery_code();
        assert_eq!(code.len(), RECOVERY_LENGTH);
        assert!(code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)));
        let shown = grouped(&code);
        assert_eq!(shown.len(), 11);
        assert_eq!(
            normalized_recovery(&format!(" {} ", shown.to_uppercase())),
            Some(code.clone())
        );
        assert_eq!(normalized_recovery("123456"), None);
        assert_eq!(
            normalized_recovery("abcde-fghi0"),
            None,
            "0 is not in the alphabet"
        );
    }
}
