//! People's own account: name and language, e-mail address (confirmed by mail to the new
//! address), password, and the list of their signed-in sessions. Every role has this,
//! also in a demo that has ended: it concerns the person, not the organization's data.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::account::{ProfileDto, SessionRow};
use crate::model::security::SecurityEventKind;
use crate::server::auth::session_store::{
    invalidate_sessions_before, DEVICE_KEY, SIGNED_IN_AT_KEY,
};
use crate::server::auth::{password, throttle, Actor};
use crate::server::entity::{account_token, session, user};
use crate::server::mail::{Mail, Mailer};
use crate::server::service::account::{has_account, normalize_email};
use crate::server::service::account_link;
use crate::server::service::security::events::{self, Event, Origin};

/// How long the link that confirms a new e-mail address works.
pub const EMAIL_LINK_HOURS: i64 = 24;

async fn me(db: &impl sea_orm::ConnectionTrait, actor: &Actor) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(actor.user_id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthenticated)
}

pub async fn profile(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<ProfileDto, AppError> {
    let me = me(db, actor).await?;
    let pending_email = account_token::Entity::find()
        .filter(account_token::Column::UserId.eq(me.id))
        .filter(account_token::Column::Purpose.eq(account_link::EMAIL))
        .filter(account_token::Column::UsedAt.is_null())
        .filter(account_token::Column::ExpiresAt.gt(now))
        .order_by_desc(account_token::Column::Id)
        .one(db)
        .await?
        .and_then(|t| t.new_email);
    Ok(ProfileDto {
        name: me.name,
        email: me.email,
        language: me.language,
        pending_email,
    })
}

/// Saves name and language; returns the language so the interface can switch to it.
pub async fn update_profile(
    db: &DatabaseConnection,
    actor: &Actor,
    name: &str,
    language: &str,
) -> Result<String, AppError> {
    let name = name.trim();
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push(("name".to_string(), FieldProblem::Required));
    } else if name.chars().count() > 200 {
        problems.push(("name".to_string(), FieldProblem::TooLong));
    }
    if !matches!(language, "nl" | "en") {
        problems.push(("language".to_string(), FieldProblem::Required));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid { fields: problems });
    }
    let mut active = me(db, actor).await?.into_active_model();
    active.name = Set(name.to_string());
    active.language = Set(language.to_string());
    active.update(db).await?;
    Ok(language.to_string())
}

/// Checks the person's current password before a change of e-mail or password, throttled
/// like signing in: a stolen session must not be a way to guess the password.
pub(crate) async fn check_current_password(
    db: &DatabaseConnection,
    me: &user::Model,
    current: &str,
) -> Result<(), AppError> {
    if current.is_empty() {
        return Err(AppError::field("current_password", FieldProblem::Required));
    }
    let key = throttle::current_password_key(me.id);
    let attempt = throttle::take(db, &[(&key, throttle::MAX_CURRENT_PASSWORD)]).await?;
    if !password::verify(current.to_string(), me.password_hash.clone()).await {
        drop(attempt); // stays counted: it is the failure
        return Err(AppError::field(
            "current_password",
            FieldProblem::PasswordWrong,
        ));
    }
    // Clearing the key takes this attempt's row with it.
    throttle::clear(db, &key).await
}

/// Asks for a new e-mail address. Nothing changes until the link sent to the new address
/// is opened; the old address is told, so a hijacked session cannot quietly take over.
pub async fn request_email_change(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    mailer: &dyn Mailer,
    public_url: &str,
    actor: &Actor,
    new_email: &str,
    current_password: &str,
) -> Result<String, AppError> {
    let me = me(db, actor).await?;
    let new_email = normalize_email(new_email).map_err(|p| AppError::field("email", p))?;
    check_current_password(db, &me, current_password).await?;
    if new_email == me.email {
        return Err(AppError::field("email", FieldProblem::EmailUnchanged));
    }
    // Whether the new address already has an account is never shown here (it would tell
    // anyone with a session whether a person uses Koers): the answer is the same, and the
    // mail to that address says what happened instead of carrying a link.
    let taken = has_account(db, &new_email).await?;
    let name = &me.name;
    // Issued in both cases, so that the account page shows the change as waiting either
    // way; for a taken address its link is never sent, and confirming re-checks anyway.
    let token = account_link::issue(
        db,
        now,
        me.id,
        account_link::EMAIL,
        Some(&new_email),
        Duration::hours(EMAIL_LINK_HOURS),
    )
    .await?;
    let to_new = if taken {
        Mail {
            organization_id: me.organization_id,
            to: new_email.clone(),
            subject:
                "Dit adres heeft al een Koers-account / This address already has a Koers account"
                    .to_string(),
            body: "Hallo,\n\nIemand wilde dit e-mailadres gebruiken voor een ander account bij \
                   Koers. Dit adres hoort al bij een account, dus er is niets veranderd. Was jij \
                   dit, kies dan een ander adres of gebruik je bestaande account.\n\n---\n\n\
                   Hello,\n\nSomeone wanted to use this e-mail address for another Koers account. \
                   It already belongs to an account, so nothing changed. If this was you, choose \
                   another address or use your existing account.\n"
                .to_string(),
        }
    } else {
        let link = format!("{}/account/email/{token}", public_url.trim_end_matches('/'));
        Mail {
            organization_id: me.organization_id,
            to: new_email.clone(),
            subject: "Bevestig je nieuwe e-mailadres / Confirm your new e-mail address"
                .to_string(),
            body: format!(
                "Beste {name},\n\nJe wilt dit adres voortaan gebruiken voor Koers. Open deze link \
                 om dat te bevestigen; hij werkt één keer en {EMAIL_LINK_HOURS} uur lang:\n\n\
                 {link}\n\nHeb je dit niet zelf gevraagd, negeer deze e-mail dan.\n\n---\n\n\
                 Dear {name},\n\nYou want to use this address for Koers from now on. Open this link \
                 to confirm; it works once and for {EMAIL_LINK_HOURS} hours:\n\n{link}\n\n\
                 If you did not ask for this, you can ignore this e-mail.\n"
            ),
        }
    };
    mailer.send(to_new).await?;
    mailer
        .send(Mail {
            organization_id: me.organization_id,
            to: me.email.clone(),
            subject: "Wijziging van je e-mailadres / Change of your e-mail address".to_string(),
            body: format!(
                "Beste {name},\n\nVoor je Koers-account is gevraagd het e-mailadres te wijzigen in \
                 {new_email}. Dat gebeurt pas als de link in de e-mail aan dat adres wordt \
                 geopend. Heb je dit niet zelf gevraagd, wijzig dan je wachtwoord en neem contact \
                 op met je organisatie.\n\n---\n\nDear {name},\n\nSomeone asked to change the \
                 e-mail address of your Koers account to {new_email}. Nothing changes until the \
                 link in the e-mail to that address is opened. If this was not you, change your \
                 password and contact your organization.\n"
            ),
        })
        .await?;
    Ok(new_email)
}

/// The new address a confirmation link would set, if the link still works.
pub async fn email_link_details(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
) -> Result<String, AppError> {
    let found = account_link::usable(db, now, account_link::EMAIL, token).await?;
    found.new_email.ok_or(AppError::Internal)
}

/// Opens the link from the mail: the new address becomes the account's.
pub async fn confirm_email_change(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
    origin: &Origin,
) -> Result<(), AppError> {
    let txn = super::begin_write(db).await?;
    let result = async {
        let found = account_link::usable(&txn, now, account_link::EMAIL, token).await?;
        let new_email = found.new_email.clone().ok_or(AppError::Internal)?;
        let taken = user::Entity::find()
            .filter(user::Column::Email.eq(&new_email))
            .count(&txn)
            .await?;
        if taken > 0 {
            return Err(AppError::field("email", FieldProblem::EmailTaken));
        }
        let owner = user::Entity::find_by_id(found.user_id)
            .one(&txn)
            .await?
            .ok_or(AppError::LinkInvalid {
                problem: crate::error::LinkProblem::Unknown,
            })?;
        let event = Event::own(
            SecurityEventKind::EmailChanged,
            owner.organization_id,
            owner.id,
        );
        let mut active = owner.into_active_model();
        active.email = Set(new_email);
        active.update(&txn).await?;
        events::record(&txn, origin, event).await?;
        account_link::spend(&txn, now, found).await
    }
    .await;
    super::finish(txn, result).await
}

/// Changes the password after checking the current one; every other session of the person
/// ends, this one stays.
pub async fn change_password(
    db: &DatabaseConnection,
    origin: &Origin,
    actor: &Actor,
    current_password: &str,
    new_password: &str,
    this_session: &str,
    confirmed_at: DateTime<Utc>,
) -> Result<(), AppError> {
    let me = me(db, actor).await?;
    check_current_password(db, &me, current_password).await?;
    password::check_new_password(new_password, &[&me.email, &me.name])
        .map_err(|p| AppError::field("password", p))?;
    let hash = password::hash(new_password.to_string()).await?;
    let event = Event::own(
        SecurityEventKind::PasswordChanged,
        me.organization_id,
        me.id,
    );
    let mut active = me.into_active_model();
    active.password_hash = Set(Some(hash));
    active.update(db).await?;
    events::record(db, origin, event).await?;
    sign_out_others(db, actor, this_session, confirmed_at).await?;
    Ok(())
}

/// The person's own signed-in sessions, newest activity first.
pub async fn sessions(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    this_session: &str,
) -> Result<Vec<SessionRow>, AppError> {
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(actor.user_id))
        .filter(session::Column::ExpiresAt.gt(now))
        .order_by_desc(session::Column::UpdatedAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let data: serde_json::Value = serde_json::from_str(&row.data).unwrap_or_default();
            let text = |key: &str| data.get(key).and_then(|v| v.as_str()).map(str::to_string);
            let signed_in = text(SIGNED_IN_AT_KEY)
                .and_then(|at| DateTime::parse_from_rfc3339(&at).ok())
                .map(|at| at.with_timezone(&Utc).format("%Y-%m-%d %H:%M").to_string());
            SessionRow {
                current: row.id_hash == this_session,
                device: text(DEVICE_KEY).unwrap_or_default(),
                signed_in,
                last_active: row.updated_at.format("%Y-%m-%d %H:%M").to_string(),
            }
        })
        .collect())
}

/// Ends every session of the person except this one (confirmed anew at `confirmed_at`);
/// returns how many ended.
pub async fn sign_out_others(
    db: &DatabaseConnection,
    actor: &Actor,
    this_session: &str,
    confirmed_at: DateTime<Utc>,
) -> Result<u64, AppError> {
    invalidate_sessions_before(db, actor.user_id, confirmed_at).await?;
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(actor.user_id))
        .filter(session::Column::IdHash.ne(this_session))
        .exec(db)
        .await?
        .rows_affected)
}
