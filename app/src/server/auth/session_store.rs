//! A tower-sessions store on top of sea-orm, so one implementation serves SQLite and
//! PostgreSQL (the sqlx stores of tower-sessions are one per backend).
//!
//! The cookie carries a random 128-bit id; the table keeps only its SHA-256, so a leaked
//! copy of the table cannot be used to take over a session. The signed-in user's id is
//! copied into its own column so that all sessions of a user can be ended at once.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use crate::server::entity::{session, user};

/// The key under which the signed-in user's id lives in the session data.
pub const USER_ID_KEY: &str = "user_id";
/// When the session was signed in (RFC 3339, system clock): for the user's list of their
/// sessions and the absolute session lifetime.
pub const SIGNED_IN_AT_KEY: &str = "signed_in_at";
/// The browser's own description of itself, so people recognise their devices in the list.
pub const DEVICE_KEY: &str = "device";
/// When this session was last confirmed as valid (RFC 3339, the system clock): at sign-in,
/// and again when the person ends their other sessions from it. A session whose stamp is
/// older than the user's `sessions_valid_after` is no longer signed in, even if its row
/// should somehow still exist.
pub const VALID_FROM_KEY: &str = "valid_from";

/// When the session's idle deadline last moved forward (RFC 3339, the system clock); see
/// [`touch`].
pub const TOUCHED_AT_KEY: &str = "touched_at";

/// A correct password for an account with two-step verification: the user waiting for
/// their code. Not `USER_ID_KEY`, so that nothing that asks who is signed in sees anyone.
pub const PENDING_USER_KEY: &str = "pending_user_id";
/// When the password was right (RFC 3339, system clock); the code must follow within
/// `model::security::SECOND_STEP_MINUTES`.
pub const PENDING_AT_KEY: &str = "pending_at";
/// Recovery codes just made, with when (see `api::security`): shown until the person says
/// they have put them away, for at most `FRESH_CODES_MINUTES`.
pub const FRESH_CODES_KEY: &str = "fresh_recovery_codes";
pub const FRESH_CODES_MINUTES: i64 = 30;

fn store_failed(e: tower_sessions::session::Error) -> crate::error::AppError {
    tracing::error!(error = %e, "session store failed");
    crate::error::AppError::Internal
}

/// The half-signed-in state: the password was right, the code is still to come. Under a
/// fresh id, and with nobody signed in, whatever the session held before.
pub async fn start_second_step(
    session: &tower_sessions::Session,
    user_id: i32,
) -> Result<(), crate::error::AppError> {
    let stored = async {
        session.cycle_id().await?;
        session.remove_value(USER_ID_KEY).await?;
        session.insert(PENDING_USER_KEY, user_id).await?;
        session
            .insert(PENDING_AT_KEY, Utc::now().to_rfc3339())
            .await
    };
    stored.await.map_err(store_failed)
}

/// The user of a half-signed-in session whose password is at most
/// `SECOND_STEP_MINUTES` old.
pub async fn second_step_user(
    session: &tower_sessions::Session,
) -> Result<Option<i32>, crate::error::AppError> {
    let read = async {
        let user: Option<i32> = session.get(PENDING_USER_KEY).await?;
        let at: Option<String> = session.get(PENDING_AT_KEY).await?;
        Ok::<_, tower_sessions::session::Error>((user, at))
    };
    let (user, at) = read.await.map_err(store_failed)?;
    let fresh = at
        .as_deref()
        .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
        .is_some_and(|at| {
            Utc::now() - at.with_timezone(&Utc)
                < chrono::Duration::minutes(crate::model::security::SECOND_STEP_MINUTES)
        });
    Ok(user.filter(|_| fresh))
}

/// Keeps recovery codes in the session until the person has put them away.
pub async fn keep_fresh_codes(
    session: &tower_sessions::Session,
    codes: Vec<String>,
) -> Result<(), crate::error::AppError> {
    session
        .insert(FRESH_CODES_KEY, (codes, Utc::now().to_rfc3339()))
        .await
        .map_err(store_failed)
}

/// The recovery codes kept by [`keep_fresh_codes`], while not too old.
pub async fn fresh_codes(
    session: &tower_sessions::Session,
) -> Result<Vec<String>, crate::error::AppError> {
    let kept: Option<(Vec<String>, String)> =
        session.get(FRESH_CODES_KEY).await.map_err(store_failed)?;
    Ok(kept
        .filter(|(_, at)| {
            DateTime::parse_from_rfc3339(at).is_ok_and(|at| {
                Utc::now() - at.with_timezone(&Utc) < chrono::Duration::minutes(FRESH_CODES_MINUTES)
            })
        })
        .map(|(codes, _)| codes)
        .unwrap_or_default())
}

pub async fn forget_fresh_codes(
    session: &tower_sessions::Session,
) -> Result<(), crate::error::AppError> {
    session
        .remove_value(FRESH_CODES_KEY)
        .await
        .map(|_| ())
        .map_err(store_failed)
}

/// Signs `user_id` in on this session, under a fresh id: an id planted before sign-in is
/// worth nothing after it. Called by every way in: sign-in, invitation, demo sign-up. The
/// time is the system clock's (like the idle timeout), not the business clock that tests
/// move: it starts the absolute session lifetime.
pub async fn start_session(
    session: &tower_sessions::Session,
    user_id: i32,
) -> Result<(), crate::error::AppError> {
    let device = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(axum::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.chars().take(200).collect::<String>())
        })
        .unwrap_or_default();
    let stored = async {
        session.cycle_id().await?;
        session.insert(USER_ID_KEY, user_id).await?;
        let now = Utc::now().to_rfc3339();
        session.insert(SIGNED_IN_AT_KEY, &now).await?;
        session.insert(VALID_FROM_KEY, &now).await?;
        session.insert(TOUCHED_AT_KEY, now).await?;
        session.remove_value(PENDING_USER_KEY).await?;
        session.remove_value(PENDING_AT_KEY).await?;
        session.insert(DEVICE_KEY, device).await
    };
    stored.await.map_err(|e| {
        tracing::error!(error = %e, "session store failed");
        crate::error::AppError::Internal
    })
}

/// Moves a signed-in session's idle deadline forward when the last move is at least
/// `interval` old, by changing the session so that the session layer saves it (and sends
/// the cookie with its new lifetime). Any other request that changes nothing in the session
/// writes nothing: reading pages never waits for SQLite's single writer. A session without
/// a cookie, without a signed-in user (signed out during this request) or already gone is
/// left alone, so this never creates or revives one; nor one that sat unused past its
/// organization's inactivity limit (`default_idle_minutes` without one): that one ends.
pub async fn touch(
    session: &tower_sessions::Session,
    interval: std::time::Duration,
    db: &DatabaseConnection,
    default_idle_minutes: i64,
) {
    if session.id().is_none() {
        return;
    }
    let read = async {
        let user: Option<i32> = session.get(USER_ID_KEY).await?;
        let touched: Option<String> = session.get(TOUCHED_AT_KEY).await?;
        Ok::<_, tower_sessions::session::Error>((user, touched))
    };
    let Ok((Some(user_id), touched)) = read.await else {
        return;
    };
    let now = Utc::now();
    let touched = touched
        .as_deref()
        .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
        .map(|at| at.with_timezone(&Utc));
    let due = touched
        .and_then(|at| (now - at).to_std().ok())
        .is_none_or(|age| age >= interval);
    if !due || session.id().is_none() {
        return;
    }
    // At most once per interval: whether the organization's limit has passed meanwhile
    // (a request that never asked who is signed in, such as a public page, must not
    // bring such a session back).
    let limit = match idle_minutes_of(db, user_id).await {
        Ok(limit) => limit.unwrap_or(default_idle_minutes),
        Err(e) => {
            tracing::error!(error = %e, "reading the inactivity limit failed");
            return;
        }
    };
    if idle_past(touched, limit) {
        end_idle(session).await;
        return;
    }
    if let Err(e) = session.insert(TOUCHED_AT_KEY, now.to_rfc3339()).await {
        tracing::error!(error = %e, "session touch failed");
    }
}

/// Moves the idle deadline forward now, whatever the interval: the person said "stay
/// signed in".
pub async fn touch_now(session: &tower_sessions::Session) -> Result<(), crate::error::AppError> {
    session
        .insert(TOUCHED_AT_KEY, Utc::now().to_rfc3339())
        .await
        .map_err(store_failed)
}

/// The user's organization's own inactivity limit, if it set one.
async fn idle_minutes_of(
    db: &DatabaseConnection,
    user_id: i32,
) -> Result<Option<i64>, sea_orm::DbErr> {
    use sea_orm::QuerySelect;
    let found: Option<Option<i32>> = user::Entity::find_by_id(user_id)
        .select_only()
        .left_join(crate::server::entity::organization::Entity)
        .column(crate::server::entity::organization::Column::IdleMinutes)
        .into_tuple()
        .one(db)
        .await?;
    Ok(found.flatten().map(i64::from))
}

/// Whether a session last active at `last_active` (None: never known) has sat unused for
/// `limit_minutes` or more. System time, like the session's other limits.
pub fn idle_past(last_active: Option<DateTime<Utc>>, limit_minutes: i64) -> bool {
    last_active.is_none_or(|at| Utc::now() - at >= chrono::Duration::minutes(limit_minutes))
}

/// Ends a session that sat unused too long: removed from the store, the cookie cleared.
pub async fn end_idle(session: &tower_sessions::Session) {
    if let Err(e) = session.flush().await {
        tracing::error!(error = %e, "ending an idle session failed");
    }
}

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        DbSessionStore { db }
    }
}

pub fn hash_id(id: &Id) -> String {
    super::tokens::sha256_hex(&id.to_string())
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn to_chrono(at: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or_else(Utc::now)
}

fn to_time(at: DateTime<Utc>) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(at.timestamp())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

fn user_id_of(record: &Record) -> Option<i32> {
    record
        .data
        .get(USER_ID_KEY)
        .and_then(|v| v.as_i64())
        .and_then(|v| i32::try_from(v).ok())
}

fn row(record: &Record) -> session_store::Result<session::ActiveModel> {
    Ok(session::ActiveModel {
        id_hash: Set(hash_id(&record.id)),
        user_id: Set(user_id_of(record)),
        data: Set(serde_json::to_string(&record.data).map_err(backend)?),
        expires_at: Set(to_chrono(record.expiry_date)),
        updated_at: Set(Utc::now()),
    })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    /// A new session never takes over a stored one: should its random id already be in use,
    /// it draws another.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let inserted = session::Entity::insert(row(record)?)
                .on_conflict(
                    OnConflict::column(session::Column::IdHash)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(&self.db)
                .await
                .map_err(backend)?;
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Updates the stored session and never inserts it: the session layer saves at the end
    /// of every request, and a request that was in flight while the session was ended
    /// (sign-out, password change or reset, suspension) must not bring it back. A session
    /// that is gone stays gone; new sessions are stored by `create` alone.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        session::Entity::update_many()
            .col_expr(session::Column::UserId, Expr::value(user_id_of(record)))
            .col_expr(session::Column::Data, Expr::value(data))
            .col_expr(
                session::Column::ExpiresAt,
                Expr::value(to_chrono(record.expiry_date)),
            )
            .col_expr(session::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(session::Column::IdHash.eq(hash_id(&record.id)))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row = session::Entity::find_by_id(hash_id(id))
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&row.data).map_err(backend)?,
            expiry_date: to_time(row.expires_at),
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(hash_id(id))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of one user (suspension, archiving, password reset). Also moves the
/// user's `sessions_valid_after` to now, so that a session of theirs that is somehow still
/// stored (or stored again) is refused when the actor is loaded.
pub async fn delete_user_sessions(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<u64, sea_orm::DbErr> {
    invalidate_sessions_before(db, user_id, Utc::now()).await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await
        .map(|r| r.rows_affected)
}

/// Every session of `user_id` confirmed before `at` stops working.
pub async fn invalidate_sessions_before(
    db: &impl ConnectionTrait,
    user_id: i32,
    at: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::SessionsValidAfter, Expr::value(Some(at)))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether a session stamped `valid_from` (None for a session without a stamp) was ended by
/// a later `sessions_valid_after`.
pub fn ended_by(valid_from: Option<DateTime<Utc>>, valid_after: Option<DateTime<Utc>>) -> bool {
    match (valid_from, valid_after) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(from), Some(after)) => from < after,
    }
}

/// Removes expired sessions; run by the server's background job.
pub async fn prune_expired(db: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(Utc::now()))
        .exec(db)
        .await
        .map(|r| r.rows_affected)
}
