//! Forgotten passwords: a link by e-mail, valid for one hour and once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};

use crate::error::{AppError, LinkProblem};
use crate::model::members::UserStatus;
use crate::server::auth::session_store::delete_user_sessions;
use crate::server::auth::{password, throttle};
use crate::server::entity::user;
use crate::server::mail::{Mail, Mailer};
use crate::server::service::account::normalize_email;
use crate::server::service::account_link;

pub const LINK_MINUTES: i64 = 60;
/// Requests from one address within the throttle window (an office may share one).
pub const MAX_PER_ADDRESS: u64 = 20;
/// Mails to one account within the window: the form must not flood anybody's mailbox.
/// Requests beyond it get the same answer but send nothing.
pub const MAX_PER_ACCOUNT: u64 = 3;

/// Sends a reset link if an active account has this address. The answer is the same
/// whether it has or not, so the form tells nobody which addresses have an account.
pub async fn request(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    mailer: &dyn Mailer,
    public_url: &str,
    address: &str,
    email: &str,
) -> Result<(), AppError> {
    let email = normalize_email(email).map_err(|p| AppError::field("email", p))?;
    let key = format!("reset:{address}");
    let _counted = throttle::take(db, &[(&key, MAX_PER_ADDRESS)]).await?;
    let Some(found) = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .filter(user::Column::Status.eq(UserStatus::Active))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let account_key = format!("reset-mail:{}", found.id);
    match throttle::take(db, &[(&account_key, MAX_PER_ACCOUNT)]).await {
        Ok(_counted) => {}
        Err(AppError::RateLimited { .. }) => {
            tracing::info!(
                user_id = found.id,
                "password reset mail withheld: too many requests"
            );
            return Ok(());
        }
        Err(error) => return Err(error),
    }
    let token = account_link::issue(
        db,
        now,
        found.id,
        account_link::RESET,
        None,
        Duration::minutes(LINK_MINUTES),
    )
    .await?;
    let link = format!("{}/reset/{token}", public_url.trim_end_matches('/'));
    let name = &found.name;
    mailer
        .send(Mail {
            organization_id: found.organization_id,
            to: found.email.clone(),
            subject: "Nieuw wachtwoord voor Koers / New password for Koers".to_string(),
            body: format!(
                "Beste {name},\n\nVia deze link kies je een nieuw wachtwoord voor Koers. De link \
                 werkt één keer en een uur lang:\n\n{link}\n\nHeb je dit niet zelf gevraagd, \
                 negeer deze e-mail dan; je wachtwoord blijft zoals het is.\n\n---\n\n\
                 Dear {name},\n\nUse this link to choose a new password for Koers. It works once \
                 and for one hour:\n\n{link}\n\nIf you did not ask for this, ignore this e-mail; \
                 your password stays as it is.\n"
            ),
        })
        .await
}

async fn link_owner(db: &DatabaseConnection, user_id: i32) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(AppError::LinkInvalid {
            problem: LinkProblem::Unknown,
        })
}

/// The address a reset link is for, if the link still works.
pub async fn details(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
) -> Result<String, AppError> {
    let link = account_link::usable(db, now, account_link::RESET, token).await?;
    let owner = link_owner(db, link.user_id).await?;
    Ok(owner.email)
}

/// Sets the new password, spends the link and ends every session of the account: whoever
/// might have known the old password is out.
pub async fn reset(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
    new_password: &str,
    origin: &crate::server::service::security::events::Origin,
) -> Result<(), AppError> {
    let link = account_link::usable(db, now, account_link::RESET, token).await?;
    let owner = link_owner(db, link.user_id).await?;
    password::check_new_password(new_password, &[&owner.email, &owner.name])
        .map_err(|p| AppError::field("password", p))?;
    let hash = password::hash(new_password.to_string()).await?;
    let user_id = owner.id;
    let email = owner.email.clone();
    let event = crate::server::service::security::events::Event::own(
        crate::model::security::SecurityEventKind::PasswordReset,
        owner.organization_id,
        owner.id,
    );
    let txn = super::begin_write(db).await?;
    let result = async {
        // Again under the transaction: two tabs submitting the same link, one wins.
        let link = account_link::usable(&txn, now, account_link::RESET, token).await?;
        account_link::spend(&txn, now, link).await?;
        let mut active = owner.into_active_model();
        active.password_hash = Set(Some(hash));
        active.update(&txn).await?;
        crate::server::service::security::events::record(&txn, origin, event).await
    }
    .await;
    super::finish(txn, result).await?;
    delete_user_sessions(db, user_id).await?;
    // A locked-out owner of the mailbox gets in at once with the new password.
    throttle::clear_account(db, &email).await
}
