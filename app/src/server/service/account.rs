//! Accounts: creating users and signing in.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::members::UserStatus;
use crate::model::organizations::OrganizationStatus;
use crate::model::security::SecurityEventKind;
use crate::server::auth::{password, throttle};
use crate::server::entity::{organization, user};
use crate::server::service::consent;
use crate::server::service::security::events::{self, Event, Origin};
use crate::server::service::security::two_factor;
use crate::types::Role;

pub struct SignInOutcome {
    pub user_id: i32,
    pub role: Role,
    pub consent_current: bool,
    /// The password was right and the account uses two-step verification: the code is
    /// still to come (see [`second_step`]); nobody is signed in yet.
    pub second_step: bool,
}

/// Trims and lower-cases an e-mail address and checks that it looks like one.
pub fn normalize_email(raw: &str) -> Result<String, FieldProblem> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(FieldProblem::Required);
    }
    let valid = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err(FieldProblem::EmailInvalid)
    }
}

/// Records a refusal as a sign-in failure or a throttled attempt, and passes it on.
async fn logged_refusal(
    db: &DatabaseConnection,
    origin: &Origin,
    kind_failed: SecurityEventKind,
    account: Option<&user::Model>,
    email: &str,
    error: AppError,
) -> AppError {
    let kind = match error {
        AppError::RateLimited { .. } => SecurityEventKind::SignInThrottled,
        _ => kind_failed,
    };
    let event = Event {
        kind,
        organization_id: account.and_then(|u| u.organization_id),
        user_id: account.map(|u| u.id),
        actor_id: None,
        // The address tried, so that an owner sees guessing at an account that does not
        // exist; never the password or code.
        detail: Some(email.to_string()),
    };
    if let Err(log_error) = events::record(db, origin, event).await {
        return log_error;
    }
    error
}

/// Checks e-mail and password and throttles failures. The answer for an unknown e-mail is
/// the same, and takes as long, as for a wrong password.
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password_input: &str,
    origin: &Origin,
) -> Result<SignInOutcome, AppError> {
    let email = email.trim().to_lowercase();
    let mut missing = Vec::new();
    if email.is_empty() {
        missing.push(("email".to_string(), FieldProblem::Required));
    }
    if password_input.is_empty() {
        missing.push(("password".to_string(), FieldProblem::Required));
    }
    if !missing.is_empty() {
        return Err(AppError::Invalid { fields: missing });
    }
    let address = origin.address.as_str();
    let user = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    let failed = SecurityEventKind::SignInFailed;
    // Counted before the password is checked: parallel guesses cannot outrun the limit.
    let attempt = match throttle::take_sign_in(db, &email, address).await {
        Ok(attempt) => attempt,
        Err(e) => return Err(logged_refusal(db, origin, failed, user.as_ref(), &email, e).await),
    };
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    if !password::verify(password_input.to_string(), stored).await {
        // The attempt stays counted: it is the failure.
        drop(attempt);
        let e = AppError::InvalidCredentials;
        return Err(logged_refusal(db, origin, failed, user.as_ref(), &email, e).await);
    }
    let user = user.ok_or(AppError::InvalidCredentials)?;
    attempt.forget(db).await?;
    if user.status != UserStatus::Active {
        return Err(AppError::AccountSuspended);
    }
    if let Some(organization_id) = user.organization_id {
        let org_active = organization::Entity::find_by_id(organization_id)
            .one(db)
            .await?
            .is_some_and(|org| org.status == OrganizationStatus::Active);
        if !org_active {
            return Err(AppError::AccountSuspended);
        }
    }
    let second_step = two_factor::enabled(db, user.id).await?;
    if !second_step {
        // With a second step, earlier failures stay counted until the code is right too:
        // a known password must not reset the count of guessed codes.
        throttle::signed_in(db, &email, address).await?;
        events::record(
            db,
            origin,
            Event::own(SecurityEventKind::SignedIn, user.organization_id, user.id),
        )
        .await?;
    }
    Ok(SignInOutcome {
        user_id: user.id,
        role: user.role,
        consent_current: consent::has_accepted_current(db, user.id).await?,
        second_step,
    })
}

/// The second step of signing in: a code from the app or a recovery code, for the user
/// whose password was right moments ago. Wrong codes count against the same limits as wrong
/// passwords, under the same keys.
pub async fn second_step(
    db: &DatabaseConnection,
    user_id: i32,
    code: &str,
    origin: &Origin,
) -> Result<SignInOutcome, AppError> {
    let user = user::Entity::find_by_id(user_id)
        .filter(user::Column::Status.eq(UserStatus::Active))
        .one(db)
        .await?
        .ok_or(AppError::SecondStepExpired)?;
    if code.trim().is_empty() {
        return Err(AppError::field("code", FieldProblem::Required));
    }
    let failed = SecurityEventKind::SecondStepFailed;
    let attempt = match throttle::take_sign_in(db, &user.email, &origin.address).await {
        Ok(attempt) => attempt,
        Err(e) => {
            return Err(logged_refusal(db, origin, failed, Some(&user), &user.email, e).await)
        }
    };
    let Some(proof) = two_factor::verify(db, user.id, code).await? else {
        drop(attempt);
        let e = AppError::field("code", FieldProblem::CodeWrong);
        return Err(logged_refusal(db, origin, failed, Some(&user), &user.email, e).await);
    };
    attempt.forget(db).await?;
    throttle::signed_in(db, &user.email, &origin.address).await?;
    if proof == two_factor::Proof::RecoveryCode {
        events::record(
            db,
            origin,
            Event::own(
                SecurityEventKind::RecoveryCodeUsed,
                user.organization_id,
                user.id,
            ),
        )
        .await?;
    }
    events::record(
        db,
        origin,
        Event::own(SecurityEventKind::SignedIn, user.organization_id, user.id)
            .with_detail("two-step"),
    )
    .await?;
    Ok(SignInOutcome {
        user_id: user.id,
        role: user.role,
        consent_current: consent::has_accepted_current(db, user.id).await?,
        second_step: false,
    })
}

/// Whether a (normalized) e-mail address belongs to an account, in any organization. What
/// follows from it must never be told to anyone but that address (see ARCHITECTURE.md).
pub async fn has_account(db: &impl ConnectionTrait, email: &str) -> Result<bool, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .count(db)
        .await?
        > 0)
}

/// What is needed to create a user.
pub struct NewUser<'a> {
    pub organization_id: Option<i32>,
    pub role: Role,
    pub email: &'a str,
    pub name: &'a str,
    pub password: Option<&'a str>,
}

/// Creates a user. Internal building block for the operator's console, the CLI and
/// (later) invitations: callers have already decided that the actor may do this.
pub async fn create_user<C: ConnectionTrait>(
    db: &C,
    new: NewUser<'_>,
) -> Result<user::Model, AppError> {
    let email = normalize_email(new.email).map_err(|p| AppError::field("email", p))?;
    let name = new.name.trim();
    if name.is_empty() {
        return Err(AppError::field("name", FieldProblem::Required));
    }
    if name.chars().count() > 200 {
        return Err(AppError::field("name", FieldProblem::TooLong));
    }
    let password_hash = match new.password {
        Some(pw) => {
            password::check_new_password(pw, &[&email, name])
                .map_err(|p| AppError::field("password", p))?;
            Some(password::hash(pw.to_string()).await?)
        }
        None => None,
    };
    if has_account(db, &email).await? {
        return Err(AppError::field("email", FieldProblem::EmailTaken));
    }
    let model = user::ActiveModel {
        organization_id: Set(new.organization_id),
        role: Set(new.role),
        email: Set(email),
        name: Set(name.to_string()),
        password_hash: Set(password_hash),
        status: Set(UserStatus::Active),
        language: Set("nl".to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        assert_eq!(
            normalize_email("  Coach@Example.NL "),
            Ok("coach@example.nl".to_string())
        );
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "coach",
            "coach@",
            "@example.nl",
            "coach@example",
            "co ach@example.nl",
        ] {
            assert_eq!(
                normalize_email(bad),
                Err(FieldProblem::EmailInvalid),
                "{bad}"
            );
        }
        assert_eq!(normalize_email("   "), Err(FieldProblem::Required));
    }
}
