//! The tenant context: who is calling, in which organization, in which role.
//!
//! It is built on the server from the session for every server function, never from
//! anything in the request body. Services take it as their first argument and scope every
//! query by its organization, so a user of one organization cannot reach another's data.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};
use tower_sessions::Session;

use super::session_store::{
    ended_by, SIGNED_IN_AT_KEY, TOUCHED_AT_KEY, USER_ID_KEY, VALID_FROM_KEY,
};
use super::ClientIp;
use crate::error::AppError;
use crate::model::members::UserStatus;
use crate::model::organizations::{Licence, OrganizationStatus};
use crate::server::entity::{organization, two_factor, user};
use crate::server::service::clients::{self, Dossier, OwnDossier};
use crate::server::service::consent;
use crate::server::{AppState, Keyring};
use crate::types::Role;

/// A signed-in, active user, whatever their role or consent status.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i32,
    pub role: Role,
    pub organization_id: Option<i32>,
    pub name: String,
    pub email: String,
    pub language: String,
    pub organization_name: Option<String>,
    /// The organization's licence; None for an operator.
    pub licence: Option<Licence>,
    pub consent_current: bool,
    /// The organization's demo period is over: reading is allowed, changing is not.
    pub read_only: bool,
    /// When the organization's demo ends (or ended); None for paid licences.
    pub demo_ends_at: Option<DateTime<Utc>>,
    /// Sessions confirmed before this no longer count (see `session_store::VALID_FROM_KEY`).
    pub sessions_valid_after: Option<DateTime<Utc>>,
    /// The person signs in with a second step (a confirmed authenticator app).
    pub two_factor_enabled: bool,
    /// Their organization requires two-step verification (for operators: the installation).
    pub two_factor_required: bool,
    /// The networks their organization allows (see `service::security::network`); None
    /// for everywhere, and for operators, whom no organization's list binds.
    pub allowed_networks: Option<String>,
    /// This request came from a network their organization allows (always, without a list).
    pub network_allowed: bool,
    /// Their organization's own inactivity limit in minutes; None: the installation's.
    pub idle_minutes: Option<i64>,
    /// Where this request came from, for the dossiers' access log.
    pub address: Option<std::net::IpAddr>,
    /// Seals and opens dossier content (see `crypto`).
    pub keys: Keyring,
}

/// A member (owner, coach or client) of one organization who has accepted the current terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantContext {
    pub user_id: i32,
    pub organization_id: i32,
    pub role: Role,
    /// See [`Actor::read_only`]; services that change anything call [`TenantContext::writable`].
    pub read_only: bool,
    /// Where the request came from, for the dossiers' access log (None from the command line).
    pub address: Option<std::net::IpAddr>,
    /// The organization's content is sealed and opened with these keys.
    pub keys: Keyring,
}

/// An operator who has accepted the current terms. Operators see no client content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperatorContext {
    pub user_id: i32,
}

impl TenantContext {
    pub fn is_staff(&self) -> bool {
        matches!(self.role, Role::Owner | Role::Coach)
    }

    /// Refuses clients: for what only owners and coaches do.
    pub fn require_staff(&self) -> Result<(), AppError> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Refuses everyone but owners: for what only owners do (members, security settings).
    pub fn require_owner(&self) -> Result<(), AppError> {
        if self.role == Role::Owner {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Refuses every change while the organization is read-only (an ended demo).
    pub fn writable(&self) -> Result<(), AppError> {
        if self.read_only {
            Err(AppError::ReadOnly)
        } else {
            Ok(())
        }
    }
}

/// What [`load_actor`] reads, in one row.
#[derive(FromQueryResult)]
struct Loaded {
    id: i32,
    organization_id: Option<i32>,
    role: Role,
    name: String,
    email: String,
    language: String,
    sessions_valid_after: Option<DateTime<Utc>>,
    organization_name: Option<String>,
    organization_status: Option<OrganizationStatus>,
    licence: Option<Licence>,
    demo_ends_at: Option<DateTime<Utc>>,
    consent_current: bool,
    two_factor_required: Option<bool>,
    two_factor_enabled: bool,
    allowed_networks: Option<String>,
    idle_minutes: Option<i32>,
}

/// Loads the actor for a user id held in a session. A user who was removed or suspended,
/// or whose organization was suspended, is no actor: their session stops working at once.
pub async fn load_actor(
    db: &DatabaseConnection,
    keys: &Keyring,
    now: DateTime<Utc>,
    user_id: i32,
) -> Result<Option<Actor>, AppError> {
    // The user, their organization and whether they accepted the current terms, in one
    // query: this runs for every signed-in request.
    let Some(found) = user::Entity::find_by_id(user_id)
        .filter(user::Column::Status.eq(UserStatus::Active))
        .select_only()
        .columns([
            user::Column::Id,
            user::Column::OrganizationId,
            user::Column::Role,
            user::Column::Name,
            user::Column::Email,
            user::Column::Language,
            user::Column::SessionsValidAfter,
        ])
        .left_join(organization::Entity)
        .column_as(organization::Column::Name, "organization_name")
        .column_as(organization::Column::Status, "organization_status")
        .column_as(organization::Column::Licence, "licence")
        .column_as(organization::Column::DemoEndsAt, "demo_ends_at")
        .column_as(
            consent::accepted_current(Expr::col((user::Entity, user::Column::Id)).into()),
            "consent_current",
        )
        .column_as(
            organization::Column::TwoFactorRequired,
            "two_factor_required",
        )
        .column_as(has_confirmed_factor(), "two_factor_enabled")
        .column_as(organization::Column::AllowedNetworks, "allowed_networks")
        .column_as(organization::Column::IdleMinutes, "idle_minutes")
        .into_model::<Loaded>()
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let role = found.role;
    match (found.organization_id, found.organization_status) {
        (Some(_), Some(OrganizationStatus::Active)) => {}
        (Some(_), _) => return Ok(None),
        (None, _) if role == Role::Operator => {}
        (None, _) => return Ok(None),
    }
    let read_only = found
        .licence
        .is_some_and(|licence| organization::read_only(licence, found.demo_ends_at, now));
    let demo_ends_at = found
        .demo_ends_at
        .filter(|_| found.licence == Some(Licence::Demo));
    Ok(Some(Actor {
        user_id: found.id,
        role,
        organization_id: found.organization_id,
        name: found.name,
        email: found.email,
        language: found.language,
        organization_name: found.organization_name,
        licence: found.licence,
        consent_current: found.consent_current,
        read_only,
        demo_ends_at,
        sessions_valid_after: found.sessions_valid_after,
        two_factor_enabled: found.two_factor_enabled,
        two_factor_required: found.two_factor_required.unwrap_or(false),
        allowed_networks: found.allowed_networks,
        network_allowed: true,
        idle_minutes: found.idle_minutes.map(i64::from),
        address: None,
        keys: keys.clone(),
    }))
}

/// Whether the user of the outer query has a confirmed second factor.
fn has_confirmed_factor() -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::Query;
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(two_factor::Entity)
            .and_where(
                Expr::col((two_factor::Entity, two_factor::Column::UserId))
                    .equals((user::Entity, user::Column::Id)),
            )
            .and_where(
                Expr::col((two_factor::Entity, two_factor::Column::ConfirmedAt)).is_not_null(),
            )
            .to_owned(),
    )
}

/// The longest a session lasts after signing in, however active it is: a stolen cookie
/// stops working by the next working day at the latest.
pub const ABSOLUTE_SESSION_HOURS: i64 = 12;

fn parse_time(at: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(at)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// The actor behind a session, if the session holds a user who may still work and the
/// session was not ended after it was confirmed (see `session_store::ended_by`) and has not
/// sat unused past its organization's inactivity limit. `address` is the caller's, for the
/// organization's allow-list (see [`Actor::network_allowed`]).
pub async fn actor_from_session(
    state: &AppState,
    session: &Session,
    address: ClientIp,
) -> Result<Option<Actor>, AppError> {
    Ok(read_session(state, session, address).await?.actor)
}

/// What reading a session found: the actor, and whether the session was ended just now for
/// sitting unused (the page guard then tells the browser why).
pub struct SessionRead {
    pub actor: Option<Actor>,
    pub ended_idle: bool,
}

impl From<Option<Actor>> for SessionRead {
    fn from(actor: Option<Actor>) -> Self {
        SessionRead {
            actor,
            ended_idle: false,
        }
    }
}

/// See [`actor_from_session`].
pub async fn read_session(
    state: &AppState,
    session: &Session,
    address: ClientIp,
) -> Result<SessionRead, AppError> {
    let read = async {
        let user_id: Option<i32> = session.get(USER_ID_KEY).await?;
        let signed_in_at: Option<String> = session.get(SIGNED_IN_AT_KEY).await?;
        let valid_from: Option<String> = session.get(VALID_FROM_KEY).await?;
        let touched_at: Option<String> = session.get(TOUCHED_AT_KEY).await?;
        Ok::<_, tower_sessions::session::Error>((user_id, signed_in_at, valid_from, touched_at))
    };
    let (user_id, signed_in_at, valid_from, touched_at) = read.await.map_err(|e| {
        tracing::error!(error = %e, "session read failed");
        AppError::Internal
    })?;
    let Some(id) = user_id else {
        return Ok(None.into());
    };
    // However active, a session ends ABSOLUTE_SESSION_HOURS after its sign-in (system
    // time, like the idle timeout: the business clock that tests move is not for this).
    let signed_in_at = signed_in_at.as_deref().and_then(parse_time);
    if signed_in_at.is_none_or(|at| Utc::now() - at >= Duration::hours(ABSOLUTE_SESSION_HOURS)) {
        return Ok(None.into());
    }
    let Some(mut actor) = load_actor(&state.db, &state.keys, state.clock.now(), id)
        .await?
        .map(|actor| actor.under(&state.settings))
    else {
        return Ok(None.into());
    };
    let valid_from = valid_from.as_deref().and_then(parse_time);
    if ended_by(valid_from, actor.sessions_valid_after) {
        return Ok(None.into());
    }
    let last_active = touched_at.as_deref().and_then(parse_time).or(signed_in_at);
    if super::session_store::idle_past(last_active, actor.idle_limit(&state.settings)) {
        super::session_store::end_idle(session).await;
        return Ok(SessionRead {
            actor: None,
            ended_idle: true,
        });
    }
    actor.address = address.0;
    actor.network_allowed = crate::server::service::security::network::stored_allows(
        actor.allowed_networks.as_deref(),
        address.0,
    );
    Ok(Some(actor).into())
}

impl Actor {
    /// Applies the installation's rules: operators may be required to use two-step
    /// verification (an operator setting; organizations set their own).
    pub fn under(mut self, settings: &crate::server::state::Settings) -> Actor {
        if self.role == Role::Operator {
            self.two_factor_required = settings.operator_two_factor;
        }
        self
    }

    /// Minutes this person's session may sit unused: their organization's limit, or the
    /// installation's default (operators always).
    pub fn idle_limit(&self, settings: &crate::server::state::Settings) -> i64 {
        self.idle_minutes.unwrap_or(settings.session_idle_minutes)
    }

    /// Refuses a request from outside the organization's networks; before anything else,
    /// also before two-step verification can be set up.
    pub fn on_allowed_network(&self) -> Result<(), AppError> {
        if self.network_allowed {
            Ok(())
        } else {
            Err(AppError::NetworkRefused)
        }
    }

    /// Two-step verification is required and not set up: only setting it up (and signing
    /// out) works until it is.
    pub fn must_enrol(&self) -> bool {
        self.two_factor_required && !self.two_factor_enabled
    }

    /// Refuses a person who must set up two-step verification first. Every way to a tenant
    /// or operator context passes here, so pages, server functions and file routes alike
    /// refuse them; the browser only follows.
    pub fn enrolled(&self) -> Result<(), AppError> {
        self.on_allowed_network()?;
        if self.must_enrol() {
            Err(AppError::TwoFactorRequired)
        } else {
            Ok(())
        }
    }

    /// The tenant context for a member in one of `roles` who has accepted the current terms.
    pub fn tenant(&self, roles: &[Role]) -> Result<TenantContext, AppError> {
        self.enrolled()?;
        if !self.consent_current {
            return Err(AppError::ConsentRequired);
        }
        match self.organization_id {
            Some(organization_id) if roles.contains(&self.role) => Ok(TenantContext {
                user_id: self.user_id,
                organization_id,
                role: self.role,
                read_only: self.read_only,
                address: self.address,
                keys: self.keys.clone(),
            }),
            _ => Err(AppError::Forbidden),
        }
    }

    pub fn operator(&self) -> Result<OperatorContext, AppError> {
        self.enrolled()?;
        if !self.consent_current {
            return Err(AppError::ConsentRequired);
        }
        if self.role == Role::Operator && self.organization_id.is_none() {
            Ok(OperatorContext {
                user_id: self.user_id,
            })
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The actor the page guard already loaded for this request. Rendering a page calls
/// several server functions; they reuse it instead of each loading user, organization
/// and consent again.
#[derive(Debug, Clone)]
pub struct RequestActor(pub Option<Actor>);

/// The actor of the current request: the page guard's, or loaded from the session.
pub async fn request_actor(state: &AppState, session: &Session) -> Result<Option<Actor>, AppError> {
    let cached = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestActor>().cloned());
    match cached {
        Some(RequestActor(actor)) => Ok(actor),
        None => actor_from_session(state, session, ClientIp::current()).await,
    }
}

/// For server functions: the state and the session of the current request.
pub async fn request_parts() -> Result<(AppState, Session), AppError> {
    let state = leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })?;
    let session = leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer on this request");
        AppError::Internal
    })?;
    Ok((state, session))
}

/// For server functions: the signed-in actor, or `Unauthenticated`; `TwoFactorRequired`
/// while they must set up two-step verification first.
pub async fn require_actor() -> Result<(AppState, Actor), AppError> {
    let (state, actor) = require_signed_in().await?;
    actor.enrolled()?;
    Ok((state, actor))
}

/// For what a signed-in person may do before anything else: setting up two-step
/// verification (and signing out). Everything else goes through [`require_actor`].
pub async fn require_signed_in() -> Result<(AppState, Actor), AppError> {
    let (state, session) = request_parts().await?;
    match request_actor(&state, &session).await? {
        Some(actor) => {
            actor.on_allowed_network()?;
            Ok((state, actor))
        }
        None => Err(AppError::Unauthenticated),
    }
}

/// For server functions: a tenant context for one of `roles`.
pub async fn require_member(roles: &[Role]) -> Result<(AppState, TenantContext), AppError> {
    let (state, actor) = require_actor().await?;
    let tenant = actor.tenant(roles)?;
    Ok((state, tenant))
}

/// For server functions: a tenant context for an owner or a coach.
pub async fn require_staff() -> Result<(AppState, TenantContext), AppError> {
    require_member(&[Role::Owner, Role::Coach]).await
}

/// The dossiers already opened while rendering this page. The page guard puts an empty one
/// on every page request (a GET, which changes nothing): the dossier page's sections each
/// call their own server function, and all of them then share one access check instead of
/// opening the dossier again each. A server function called on its own (a POST from the
/// browser) has none and opens the dossier itself.
#[derive(Debug, Clone, Default)]
pub struct OpenedDossiers {
    dossiers: std::sync::Arc<
        std::sync::Mutex<std::collections::HashMap<i32, std::sync::Arc<OpenedOnce>>>,
    >,
    own: std::sync::Arc<tokio::sync::OnceCell<Result<Option<OwnDossier>, AppError>>>,
}

type OpenedOnce = tokio::sync::OnceCell<Result<Dossier, AppError>>;

impl OpenedDossiers {
    /// The sections render concurrently: the first to ask opens the dossier, the others
    /// wait for that same handle (or the same refusal).
    async fn open(
        &self,
        state: &AppState,
        tenant: &TenantContext,
        id: i32,
    ) -> Result<Dossier, AppError> {
        let cell = {
            let mut opened = self.dossiers.lock().unwrap_or_else(|e| e.into_inner());
            opened.entry(id).or_default().clone()
        };
        cell.get_or_init(|| async {
            let opened = clients::open(&state.db, tenant, id).await?;
            opened.defer_reads();
            Ok(opened)
        })
        .await
        .clone()
    }

    /// Records in the access log what the page read of each dossier it opened: one insert
    /// per dossier, after the page rendered (the page guard calls this before the page is
    /// sent, and sends an error instead if it fails: nothing is shown unrecorded).
    pub async fn write_reads(&self, db: &sea_orm::DatabaseConnection) -> Result<(), AppError> {
        let cells: Vec<_> = self
            .dossiers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .cloned()
            .collect();
        for cell in cells {
            if let Some(Ok(dossier)) = cell.get() {
                dossier.write_reads(db).await?;
            }
        }
        Ok(())
    }
}

fn opened_in_request() -> Option<OpenedDossiers> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<OpenedDossiers>().cloned())
}

/// For the client's own pages: a client, and their own dossier (`None` when their login
/// has none), opened once per page however many areas it shows.
pub async fn open_own_dossier() -> Result<(AppState, TenantContext, Option<OwnDossier>), AppError> {
    let (state, tenant) = require_client().await?;
    let own = own_dossier_of(&state, &tenant).await?;
    Ok((state, tenant, own))
}

/// The client's own dossier, opened once per page like [`open_own_dossier`], for a server
/// function that already has the client's tenant context.
pub async fn own_dossier_of(
    state: &AppState,
    tenant: &TenantContext,
) -> Result<Option<OwnDossier>, AppError> {
    match opened_in_request() {
        Some(opened) => opened
            .own
            .get_or_init(|| clients::own(&state.db, tenant))
            .await
            .clone(),
        None => clients::own(&state.db, tenant).await,
    }
}

/// For server functions about one dossier: an owner or coach, and the dossier opened for
/// them (`NotFound` when they may not open it).
pub async fn open_dossier(client_id: i32) -> Result<(AppState, TenantContext, Dossier), AppError> {
    let (state, tenant) = require_staff().await?;
    let dossier = match opened_in_request() {
        Some(opened) => opened.open(&state, &tenant, client_id).await?,
        None => clients::open(&state.db, &tenant, client_id).await?,
    };
    Ok((state, tenant, dossier))
}

/// For server functions: a tenant context for a client.
pub async fn require_client() -> Result<(AppState, TenantContext), AppError> {
    require_member(&[Role::Client]).await
}

/// For server functions: a tenant context for an owner.
pub async fn require_owner() -> Result<(AppState, TenantContext), AppError> {
    require_member(&[Role::Owner]).await
}

/// For server functions: an operator context.
pub async fn require_operator() -> Result<(AppState, OperatorContext), AppError> {
    let (state, actor) = require_actor().await?;
    let operator = actor.operator()?;
    Ok((state, operator))
}

impl OperatorContext {
    /// The installation itself acting as operator: the `server admin` command line and
    /// start-up tasks. Whoever runs the server binary is the operator by definition.
    pub fn installation() -> Self {
        OperatorContext { user_id: 0 }
    }
}
