//! A dossier's ordinary data: creating it (which takes a client seat), editing, archiving
//! when the coaching ended, and inviting the client to Koers.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};

use crate::error::{AppError, FieldProblem, Seat};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::clients::{ClientForm, DossierDto};
use crate::model::members::UserStatus;
use crate::server::auth::session_store::delete_user_sessions;
use crate::server::auth::TenantContext;
use crate::server::entity::{client, invitation, user};
use crate::server::local_time;
use crate::server::mail::Mailer;
use crate::server::service::account::normalize_email;
use crate::server::service::sealing::CLIENT_NOTES;
use crate::server::service::{access_log, licence, members};
use crate::types::Role;

use super::access::{grant_coach, open, staff, Dossier};

/// The ordinary data as typed into the form.
struct Checked {
    name: String,
    email: Option<String>,
    date_of_birth: Option<NaiveDate>,
    address: Option<String>,
    phone: Option<String>,
    notes: Option<String>,
    responsible: Option<i32>,
}

fn optional(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

fn too_long(
    problems: &mut Vec<(String, FieldProblem)>,
    field: &str,
    value: &Option<String>,
    max: usize,
) {
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        problems.push((field.to_string(), FieldProblem::TooLong));
    }
}

async fn check(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    input: &ClientForm,
) -> Result<Checked, AppError> {
    let mut problems = Vec::new();
    let name = input.name.trim().to_string();
    if name.is_empty() {
        problems.push(("name".to_string(), FieldProblem::Required));
    } else if name.chars().count() > 200 {
        problems.push(("name".to_string(), FieldProblem::TooLong));
    }
    let email = match optional(&input.email).map(|e| normalize_email(&e)) {
        None => None,
        Some(Ok(email)) => Some(email),
        Some(Err(problem)) => {
            problems.push(("email".to_string(), problem));
            None
        }
    };
    let date_of_birth = match optional(&input.date_of_birth) {
        None => None,
        Some(text) => match local_time::parse_day(&text) {
            Some(date) if date < now.date_naive() => Some(date),
            _ => {
                problems.push(("date_of_birth".to_string(), FieldProblem::DateInvalid));
                None
            }
        },
    };
    let phone = optional(&input.phone);
    if let Some(phone) = &phone {
        let allowed = phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        if !allowed || !(6..=20).contains(&digits) {
            problems.push(("phone".to_string(), FieldProblem::PhoneInvalid));
        }
    }
    let address = optional(&input.address);
    too_long(&mut problems, "address", &address, 500);
    let notes = optional(&input.notes);
    too_long(&mut problems, "notes", &notes, 10_000);
    let responsible = match optional(&input.responsible_coach_id) {
        None => None,
        Some(raw) => {
            let id = raw.parse::<i32>().ok();
            let known = staff(db, tenant).await?;
            match id.filter(|id| known.iter().any(|c| c.id == *id)) {
                Some(id) => Some(id),
                None => {
                    problems.push((
                        "responsible_coach_id".to_string(),
                        FieldProblem::RoleNotAllowed,
                    ));
                    None
                }
            }
        }
    };
    if !problems.is_empty() {
        return Err(AppError::Invalid { fields: problems });
    }
    Ok(Checked {
        name,
        email,
        date_of_birth,
        address,
        phone,
        notes,
        responsible,
    })
}

/// Creates a dossier, which takes a client seat. The creator (if a coach) and the
/// responsible coach get access.
pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    input: &ClientForm,
) -> Result<i32, AppError> {
    tenant.require_staff()?;
    tenant.writable()?;
    let checked = check(db, now, tenant, input).await?;
    let responsible = checked.responsible.unwrap_or(tenant.user_id);
    let txn = crate::server::service::begin_write(db).await?;
    let result = async {
        let org = licence::lock(&txn, tenant.organization_id).await?;
        licence::ensure_room(&txn, &org, Seat::Clients, 1).await?;
        let created = client::ActiveModel {
            organization_id: Set(org.id),
            user_id: Set(None),
            name: Set(checked.name),
            email: Set(checked.email),
            date_of_birth: Set(checked.date_of_birth),
            address: Set(checked.address),
            phone: Set(checked.phone),
            // Sealed below, bound to the id the insert gives.
            notes: Set(None),
            responsible_coach_id: Set(Some(responsible)),
            archived_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if let Some(notes) = &checked.notes {
            CLIENT_NOTES
                .seal_into(&txn, tenant, created.id, notes)
                .await?;
        }
        grant_coach(&txn, created.id, responsible).await?;
        access_log::record(
            &txn,
            tenant,
            [access_log::Entry {
                client_id: created.id,
                area: LogArea::Data,
                object: None,
                action: LogAction::Create,
            }],
        )
        .await?;
        if tenant.role == Role::Coach {
            grant_coach(&txn, created.id, tenant.user_id).await?;
        }
        Ok(created.id)
    }
    .await;
    crate::server::service::finish(txn, result).await
}

pub async fn dossier(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    found: &Dossier,
) -> Result<DossierDto, AppError> {
    found.read(db, LogArea::Data, None).await?;
    let coaches = found.staff(db).await?;
    let responsible = found
        .responsible_coach_id
        .and_then(|id| coaches.iter().find(|c| c.id == id))
        .map(|c| c.name.clone());
    // Only a dossier without a login can have an invitation waiting.
    let invited = found.user_id.is_none()
        && invitation::Entity::find()
            .filter(invitation::Column::OrganizationId.eq(tenant.organization_id))
            .filter(invitation::Column::ClientId.eq(found.id))
            .filter(invitation::open())
            .count(db)
            .await?
            > 0;
    let can_manage = found.may_manage();
    let teams = found.teams(db).await?.to_vec();
    let found = &**found;
    Ok(DossierDto {
        can_manage,
        can_erase: tenant.role == Role::Owner,
        id: found.id,
        name: found.name.clone(),
        email: found.email.clone(),
        date_of_birth: found
            .date_of_birth
            .map(|d| d.format("%Y-%m-%d").to_string()),
        address: found.address.clone(),
        phone: found.phone.clone(),
        notes: match &found.notes {
            Some(notes) => Some(CLIENT_NOTES.open(db, tenant, found.id, notes).await?),
            None => None,
        },
        responsible_coach_id: found.responsible_coach_id,
        responsible,
        archived: found.archived_at.is_some(),
        restricted: found.restricted_at.is_some(),
        has_login: found.user_id.is_some(),
        invited,
        coaches,
        teams,
    })
}

/// Saves the ordinary data. Only owners and the responsible coach hand the dossier to
/// another responsible coach.
pub async fn update(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    input: &ClientForm,
) -> Result<(), AppError> {
    let found = open(db, tenant, id).await?;
    tenant.writable()?;
    let checked = check(db, now, tenant, input).await?;
    let responsible = checked.responsible.or(found.responsible_coach_id);
    if responsible != found.responsible_coach_id && !found.may_manage() {
        return Err(AppError::Forbidden);
    }
    let txn = crate::server::service::begin_write(db).await?;
    let result = async {
        found
            .changed(&txn, LogArea::Data, None, LogAction::Change)
            .await?;
        let mut active = found.into_row().into_active_model();
        active.name = Set(checked.name);
        active.email = Set(checked.email);
        active.date_of_birth = Set(checked.date_of_birth);
        active.address = Set(checked.address);
        active.phone = Set(checked.phone);
        active.notes = Set(match &checked.notes {
            Some(notes) => Some(CLIENT_NOTES.seal(&txn, tenant, id, notes).await?),
            None => None,
        });
        active.responsible_coach_id = Set(responsible);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        if let Some(coach) = responsible {
            grant_coach(&txn, id, coach).await?;
        }
        Ok(())
    }
    .await;
    crate::server::service::finish(txn, result).await
}

/// Archives a dossier when the coaching ended (the seat is free, the client can no longer
/// sign in, everything stays), or brings it back if a seat is free.
pub async fn set_archived(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    archived: bool,
) -> Result<(), AppError> {
    let found = open(db, tenant, id).await?;
    tenant.writable()?;
    if !found.may_manage() {
        return Err(AppError::Forbidden);
    }
    let login = found.user_id;
    let txn = crate::server::service::begin_write(db).await?;
    let result = async {
        let org = licence::lock(&txn, tenant.organization_id).await?;
        if !archived && found.archived_at.is_some() {
            licence::ensure_room(&txn, &org, Seat::Clients, 1).await?;
        }
        found
            .changed(&txn, LogArea::Data, None, LogAction::Change)
            .await?;
        let mut active = found.into_row().into_active_model();
        active.archived_at = Set(archived.then_some(now));
        active.updated_at = Set(now);
        active.update(&txn).await?;
        if let Some(user_id) = login {
            user::Entity::update_many()
                .col_expr(
                    user::Column::Status,
                    Expr::value(if archived {
                        UserStatus::Archived
                    } else {
                        UserStatus::Active
                    }),
                )
                .filter(user::Column::Id.eq(user_id))
                .filter(user::Column::OrganizationId.eq(tenant.organization_id))
                .exec(&txn)
                .await?;
        }
        Ok(())
    }
    .await;
    crate::server::service::finish(txn, result).await?;
    if let (true, Some(user_id)) = (archived, login) {
        delete_user_sessions(db, user_id).await?;
    }
    Ok(())
}

/// Restricts the dossier's processing at the client's request (GDPR art. 18), or lifts
/// it: while restricted the dossier reads as before and nothing in it changes. Owners and
/// the responsible coach decide, as for archiving.
pub async fn set_restricted(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    restricted: bool,
) -> Result<(), AppError> {
    let found = open(db, tenant, id).await?;
    tenant.writable()?;
    if !found.may_manage() {
        return Err(AppError::Forbidden);
    }
    if found.restricted_at.is_some() == restricted {
        return Ok(());
    }
    let txn = crate::server::service::begin_write(db).await?;
    let result = async {
        // Recorded directly: the handle refuses a change to a restricted dossier, and
        // lifting the restriction is the one change it allows.
        access_log::record(
            &txn,
            tenant,
            [access_log::Entry {
                client_id: id,
                area: LogArea::Data,
                object: None,
                action: LogAction::Change,
            }],
        )
        .await?;
        let mut active = found.into_row().into_active_model();
        active.restricted_at = Set(restricted.then_some(now));
        active.updated_at = Set(now);
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    crate::server::service::finish(txn, result).await
}

/// Invites the client to Koers at the dossier's address; the new login joins this dossier.
pub async fn invite(
    db: &DatabaseConnection,
    mailer: &dyn Mailer,
    public_url: &str,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let found = open(db, tenant, id).await?;
    tenant.writable()?;
    if found.user_id.is_some() || found.archived_at.is_some() {
        return Err(AppError::Forbidden);
    }
    let email = found
        .email
        .clone()
        .ok_or_else(|| AppError::field("email", FieldProblem::Required))?;
    let new = members::NewInvitation {
        name: &found.name,
        email: &email,
        role: Some(Role::Client),
        client_id: Some(found.id),
    };
    members::create_invitation(db, mailer, public_url, tenant, new).await?;
    Ok(())
}

/// Gives a new client login its dossier: the one it was invited from, or a new one.
pub async fn attach_login<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    login: &user::Model,
    from_dossier: Option<i32>,
) -> Result<(), AppError> {
    let organization_id = login.organization_id.ok_or(AppError::Internal)?;
    if let Some(dossier) = from_dossier {
        let linked = client::Entity::update_many()
            .col_expr(client::Column::UserId, Expr::value(login.id))
            .filter(client::Column::Id.eq(dossier))
            .filter(client::Column::OrganizationId.eq(organization_id))
            .filter(client::Column::UserId.is_null())
            .exec(db)
            .await?;
        if linked.rows_affected == 1 {
            return Ok(());
        }
    }
    client::ActiveModel {
        organization_id: Set(organization_id),
        user_id: Set(Some(login.id)),
        name: Set(login.name.clone()),
        email: Set(Some(login.email.clone())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
