//! An organization's members and invitations, managed by its owners.

use crate::model::security::SecurityEventKind;
use crate::server::service::security::events::{self, Event, Origin};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::error::{AppError, FieldProblem, Seat};
use crate::model::members::UserStatus;
use crate::model::members::{InvitationRow, MemberRow, MembersDto, SeatsDto};
use crate::server::auth::session_store::delete_user_sessions;
use crate::server::auth::{tokens, TenantContext};
use crate::server::entity::{invitation, organization, user};
use crate::server::mail::{Mail, Mailer};
use crate::server::service::account::{has_account, normalize_email};
use crate::server::service::licence;
use crate::types::Role;

pub const INVITATION_DAYS: i64 = 7;

pub async fn overview(
    db: &DatabaseConnection,
    tenant: &TenantContext,
) -> Result<MembersDto, AppError> {
    tenant.require_owner()?;
    let org = organization::Entity::find_by_id(tenant.organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| MemberRow {
            id: u.id,
            role: u.role,
            suspended: u.status == UserStatus::Suspended,
            archived: u.status == UserStatus::Archived,
            is_you: u.id == tenant.user_id,
            name: u.name,
            email: u.email,
        })
        .collect();
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(tenant.organization_id))
        .filter(invitation::pending())
        .order_by_desc(invitation::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InvitationRow {
            id: i.id,
            role: i.role,
            expired: i.expires_at <= Utc::now(),
            expires_on: i.expires_at.format("%Y-%m-%d").to_string(),
            name: i.name,
            email: i.email,
        })
        .collect();
    let limits = licence::limits(&org);
    Ok(MembersDto {
        members,
        invitations,
        seats: SeatsDto {
            licence: org.licence,
            coaches_used: licence::seats_used(db, org.id, Seat::Coaches).await?,
            coaches_limit: limits.coaches,
            clients_used: licence::seats_used(db, org.id, Seat::Clients).await?,
            clients_limit: limits.clients,
        },
    })
}

/// The invitation e-mail with the link for `token`, in Dutch and English.
fn invitation_mail(
    public_url: &str,
    token: &str,
    org: &organization::Model,
    name: &str,
    to: &str,
) -> Mail {
    let org_name = &org.name;
    let link = format!("{}/invite/{token}", public_url.trim_end_matches('/'));
    Mail {
        organization_id: Some(org.id),
        to: to.to_string(),
        subject: format!("Uitnodiging voor Koers van {org_name} / Invitation to Koers"),
        body: format!(
            "Beste {name},\n\n{org_name} nodigt je uit om in Koers te werken. Open deze link om je \
             wachtwoord te kiezen; de link werkt één keer en {INVITATION_DAYS} dagen lang:\n\n{link}\n\n\
             Verwacht je deze uitnodiging niet, negeer deze e-mail dan.\n\n---\n\n\
             Dear {name},\n\n{org_name} invites you to work in Koers. Open this link to choose your \
             password; it works once and for {INVITATION_DAYS} days:\n\n{link}\n\n\
             If you did not expect this invitation, you can ignore this e-mail.\n"
        ),
    }
}

/// What an invitation to an address that already has a Koers account (with another
/// practice) sends instead of a link: the person learns of it, the inviting owner learns
/// nothing they could not learn of any address (that a person is somebody's client is
/// itself sensitive in coaching).
fn already_registered_mail(
    public_url: &str,
    org: &organization::Model,
    name: &str,
    to: &str,
) -> Mail {
    let org_name = &org.name;
    let login = format!("{}/login", public_url.trim_end_matches('/'));
    Mail {
        organization_id: Some(org.id),
        to: to.to_string(),
        subject: format!("Uitnodiging voor Koers van {org_name} / Invitation to Koers"),
        body: format!(
            "Beste {name},\n\n{org_name} wilde je uitnodigen voor Koers, maar dit e-mailadres \
             heeft al een account bij Koers. Eén adres kan maar bij één account horen: wil je ook \
             bij {org_name} meedoen, vraag dan of ze je op een ander e-mailadres uitnodigen. Je \
             eigen account kun je gewoon blijven gebruiken: {login}\n\nVerwacht je dit niet, \
             negeer deze e-mail dan; er verandert niets.\n\n---\n\n\
             Dear {name},\n\n{org_name} wanted to invite you to Koers, but this e-mail address \
             already has a Koers account. One address can belong to one account only: to join \
             {org_name} as well, ask them to invite another address of yours. Your own account \
             works as before: {login}\n\nIf you did not expect this, ignore this e-mail; \
             nothing changes.\n"
        ),
    }
}

/// The mail for an open invitation: its link, or for an address that already has an account
/// elsewhere, the explanation instead (see `already_registered_mail`).
fn mail_for_invitation(
    registered: bool,
    public_url: &str,
    token: &str,
    org: &organization::Model,
    name: &str,
    to: &str,
) -> Mail {
    if registered {
        already_registered_mail(public_url, org, name, to)
    } else {
        invitation_mail(public_url, token, org, name, to)
    }
}

/// The organization's active owners and coaches, by name: who can be in a team, get access
/// to a dossier or be responsible for one.
pub(crate) async fn active_staff(
    db: &impl sea_orm::ConnectionTrait,
    tenant: &TenantContext,
) -> Result<Vec<user::Model>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .filter(user::Column::Role.is_in([Role::Owner, Role::Coach]))
        .filter(user::Column::Status.eq(UserStatus::Active))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?)
}

/// Invites a coach or client. Refused when the licence has no free seat for the role, also
/// when two owners invite at the same moment for the last seat.
pub async fn invite(
    db: &DatabaseConnection,
    mailer: &dyn Mailer,
    public_url: &str,
    tenant: &TenantContext,
    name: &str,
    email: &str,
    // As posted: `None` when it names no role.
    role: Option<Role>,
) -> Result<InvitationRow, AppError> {
    tenant.require_owner()?;
    let new = NewInvitation {
        name,
        email,
        role,
        client_id: None,
    };
    create_invitation(db, mailer, public_url, tenant, new).await
}

/// An invitation as asked for, before it is checked.
pub(crate) struct NewInvitation<'a> {
    pub name: &'a str,
    pub email: &'a str,
    /// As posted: `None` when it names no role.
    pub role: Option<Role>,
    /// The dossier the new login belongs to, for a client invited from their dossier.
    pub client_id: Option<i32>,
}

/// Checks and stores an invitation and mails its link. The caller has decided that the
/// actor may invite. An invitation for an existing dossier (`client_id`) takes no seat of
/// its own: the dossier already holds one.
pub(crate) async fn create_invitation(
    db: &DatabaseConnection,
    mailer: &dyn Mailer,
    public_url: &str,
    tenant: &TenantContext,
    new: NewInvitation<'_>,
) -> Result<InvitationRow, AppError> {
    let NewInvitation {
        name,
        email,
        role,
        client_id,
    } = new;
    tenant.writable()?;
    let mut problems = Vec::new();
    let name = name.trim();
    if name.is_empty() {
        problems.push(("name".to_string(), FieldProblem::Required));
    } else if name.chars().count() > 200 {
        problems.push(("name".to_string(), FieldProblem::TooLong));
    }
    let email = match normalize_email(email) {
        Ok(email) => Some(email),
        Err(problem) => {
            problems.push(("email".to_string(), problem));
            None
        }
    };
    let role = role.filter(|role| matches!(role, Role::Coach | Role::Client));
    if role.is_none() {
        problems.push(("role".to_string(), FieldProblem::RoleNotAllowed));
    }
    let (Some(email), Some(role), true) = (email, role, problems.is_empty()) else {
        return Err(AppError::Invalid { fields: problems });
    };
    // Someone of this organization already: the owner sees them in the members list, so
    // saying so tells nothing new. An account elsewhere is never revealed (see
    // `mail_for_invitation`): the answer is the same as for an unknown address.
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?;
    if existing
        .as_ref()
        .is_some_and(|u| u.organization_id == Some(tenant.organization_id))
    {
        return Err(AppError::field("email", FieldProblem::EmailTaken));
    }

    let (token, token_hash) = tokens::new_token();
    let txn = super::begin_write(db).await?;
    let result = async {
        let org = licence::lock(&txn, tenant.organization_id).await?;
        let open_for_email = invitation::Entity::find()
            .filter(invitation::Column::OrganizationId.eq(org.id))
            .filter(invitation::Column::Email.eq(&email))
            .filter(invitation::open())
            .count(&txn)
            .await?;
        if open_for_email > 0 {
            return Err(AppError::field("email", FieldProblem::AlreadyInvited));
        }
        let seat = licence::seat_for(role).ok_or(AppError::Forbidden)?;
        let extra = if client_id.is_some() { 0 } else { 1 };
        licence::ensure_room(&txn, &org, seat, extra).await?;
        let created = invitation::ActiveModel {
            organization_id: Set(org.id),
            email: Set(email.clone()),
            name: Set(name.to_string()),
            role: Set(role),
            token_hash: Set(token_hash),
            invited_by: Set(Some(tenant.user_id)),
            expires_at: Set(Utc::now() + Duration::days(INVITATION_DAYS)),
            accepted_at: Set(None),
            revoked_at: Set(None),
            created_at: Set(Utc::now()),
            client_id: Set(client_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        Ok((org, created))
    }
    .await;
    let (org, created) = super::finish(txn, result).await?;

    mailer
        .send(mail_for_invitation(
            existing.is_some(),
            public_url,
            &token,
            &org,
            name,
            &email,
        ))
        .await?;
    Ok(InvitationRow {
        id: created.id,
        name: created.name,
        email: created.email,
        role,
        expired: false,
        expires_on: created.expires_at.format("%Y-%m-%d").to_string(),
    })
}

async fn own_invitation(
    db: &impl sea_orm::ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<invitation::Model, AppError> {
    invitation::Entity::find_by_id(id)
        .filter(invitation::Column::OrganizationId.eq(tenant.organization_id))
        .filter(invitation::pending())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Sends a fresh link (the old one stops working) valid for another seven days.
pub async fn resend(
    db: &DatabaseConnection,
    mailer: &dyn Mailer,
    public_url: &str,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let txn = super::begin_write(db).await?;
    let result = async {
        let org = licence::lock(&txn, tenant.organization_id).await?;
        let found = own_invitation(&txn, tenant, id).await?;
        if found.expires_at <= Utc::now() {
            // An expired invitation holds no seat; renewing it must find one.
            let role = found.role;
            let seat = licence::seat_for(role).ok_or(AppError::Internal)?;
            licence::ensure_room(&txn, &org, seat, 1).await?;
        }
        let (token, token_hash) = tokens::new_token();
        let mut active = found.clone().into_active_model();
        active.token_hash = Set(token_hash);
        active.expires_at = Set(Utc::now() + Duration::days(INVITATION_DAYS));
        active.update(&txn).await?;
        Ok((org, found, token))
    }
    .await;
    let (org, found, token) = super::finish(txn, result).await?;
    mailer
        .send(mail_for_invitation(
            has_account(db, &found.email).await?,
            public_url,
            &token,
            &org,
            &found.name,
            &found.email,
        ))
        .await
}

pub async fn revoke(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let mut active = own_invitation(db, tenant, id).await?.into_active_model();
    active.revoked_at = Set(Some(Utc::now()));
    active.update(db).await?;
    Ok(())
}

/// A user of the tenant's organization; anyone else is `NotFound`, like an id that does
/// not exist.
pub(crate) async fn in_organization(
    db: &impl sea_orm::ConnectionTrait,
    tenant: &TenantContext,
    user_id: i32,
) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(user_id)
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Another member of the owner's organization, to manage.
async fn own_member(
    db: &impl sea_orm::ConnectionTrait,
    tenant: &TenantContext,
    user_id: i32,
) -> Result<user::Model, AppError> {
    if user_id == tenant.user_id {
        return Err(AppError::NotOnYourself);
    }
    in_organization(db, tenant, user_id).await
}

async fn other_active_owners(
    db: &impl sea_orm::ConnectionTrait,
    tenant: &TenantContext,
    except: i32,
) -> Result<u64, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .filter(user::Column::Role.eq(Role::Owner))
        .filter(user::Column::Status.eq(UserStatus::Active))
        .filter(user::Column::Id.ne(except))
        .count(db)
        .await?)
}

/// Suspends (their sessions end at once) or reactivates a member. Reactivating takes a
/// seat again, so it needs a free one. An archived client comes back through their
/// dossier, not here, so login and dossier never disagree.
pub async fn set_suspended(
    db: &DatabaseConnection,
    origin: &Origin,
    tenant: &TenantContext,
    user_id: i32,
    suspended: bool,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let txn = super::begin_write(db).await?;
    let result = async {
        let org = licence::lock(&txn, tenant.organization_id).await?;
        let member = own_member(&txn, tenant, user_id).await?;
        if member.status == UserStatus::Archived {
            return Err(AppError::Forbidden);
        }
        let role = member.role;
        if suspended
            && role == Role::Owner
            && other_active_owners(&txn, tenant, member.id).await? == 0
        {
            return Err(AppError::LastOwner);
        }
        if !suspended && member.status != UserStatus::Active {
            let seat = licence::seat_for(role).ok_or(AppError::Internal)?;
            licence::ensure_room(&txn, &org, seat, 1).await?;
        }
        let mut active = member.into_active_model();
        active.status = Set(if suspended {
            UserStatus::Suspended
        } else {
            UserStatus::Active
        });
        active.update(&txn).await?;
        let event = by_owner(SecurityEventKind::Suspended, tenant, user_id)
            .with_detail(if suspended { "suspended" } else { "active" });
        events::record(&txn, origin, event).await
    }
    .await;
    super::finish(txn, result).await?;
    if suspended {
        delete_user_sessions(db, user_id).await?;
    }
    Ok(())
}

/// Archives the dossier of a client whose coaching ended: they can no longer sign in,
/// their seat is free, and their dossier stays. Unarchiving needs a free seat.
pub async fn set_archived(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    user_id: i32,
    archived: bool,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let member = own_member(db, tenant, user_id).await?;
    if member.role != Role::Client {
        return Err(AppError::field("role", FieldProblem::RoleNotAllowed));
    }
    let dossier = super::clients::of_login(db, tenant, member.id).await?;
    super::clients::set_archived(db, Utc::now(), tenant, dossier.id, archived).await
}

/// An owner's change to a member's account, for the security event log.
fn by_owner(kind: SecurityEventKind, tenant: &TenantContext, user_id: i32) -> Event {
    Event {
        kind,
        organization_id: Some(tenant.organization_id),
        user_id: Some(user_id),
        actor_id: Some(tenant.user_id),
        detail: None,
    }
}

/// Makes a coach an owner or an owner a coach; never leaves the organization without one.
pub async fn change_role(
    db: &DatabaseConnection,
    origin: &Origin,
    tenant: &TenantContext,
    user_id: i32,
    // As posted: `None` when it names no role.
    role: Option<Role>,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let Some(role @ (Role::Owner | Role::Coach)) = role else {
        return Err(AppError::field("role", FieldProblem::RoleNotAllowed));
    };
    let txn = super::begin_write(db).await?;
    let result = async {
        licence::lock(&txn, tenant.organization_id).await?;
        let member = own_member(&txn, tenant, user_id).await?;
        let current = member.role;
        if !matches!(current, Role::Owner | Role::Coach) {
            return Err(AppError::field("role", FieldProblem::RoleNotAllowed));
        }
        let mut active = member.into_active_model();
        active.role = Set(role);
        active.update(&txn).await?;
        let event =
            by_owner(SecurityEventKind::RoleChanged, tenant, user_id).with_detail(role.as_str());
        events::record(&txn, origin, event).await
    }
    .await;
    super::finish(txn, result).await
}

/// Removes a member's account from the organization.
pub async fn remove(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    user_id: i32,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let txn = super::begin_write(db).await?;
    let result = async {
        licence::lock(&txn, tenant.organization_id).await?;
        let member = own_member(&txn, tenant, user_id).await?;
        if member.role == Role::Owner && other_active_owners(&txn, tenant, member.id).await? == 0 {
            return Err(AppError::LastOwner);
        }
        user::Entity::delete_by_id(member.id).exec(&txn).await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}
