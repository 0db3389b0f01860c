//! Client dossiers: the list, the ordinary data, archiving, and who may open a dossier.
//!
//! `visible` is the one place that decides which dossiers a member may open: owners every
//! dossier of their organization, coaches those they were given directly (the client's
//! own coaches) or through a team. Every function that reads or writes anything of a
//! dossier starts by opening it through `open`, so a dossier without access is "not
//! found", exactly like one that does not exist.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Func, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, IntoActiveModel, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Set,
};

use crate::error::{AppError, FieldProblem, Seat};
use crate::model::clients::{AccessDto, Choice, ClientForm, ClientRow, ClientsPage, DossierDto};
use crate::model::members::UserStatus;
use crate::server::auth::session_store::delete_user_sessions;
use crate::server::auth::TenantContext;
use crate::server::entity::{
    client, client_coach, client_team, invitation, team, team_member, trajectory, user,
};
use crate::server::local_time;
use crate::server::mail::Mailer;
use crate::server::service::account::normalize_email;
use crate::server::service::{licence, members};
use crate::types::Role;

pub const PAGE_SIZE: u64 = 25;

pub struct ListFilter {
    pub q: String,
    pub coach: Option<i32>,
    pub team: Option<i32>,
    pub archived: bool,
    /// Only clients with a trajectory in this status (`intake`, `active`, `closed`).
    pub status: Option<String>,
    /// Zero-based.
    pub page: u64,
}

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

fn require_staff(tenant: &TenantContext) -> Result<(), AppError> {
    if tenant.is_staff() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
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

/// Active owners and coaches of the organization: who can be responsible or get access.
pub(crate) async fn staff(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
) -> Result<Vec<Choice>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .filter(user::Column::Role.is_in([Role::Owner, Role::Coach]))
        .filter(user::Column::Status.eq(UserStatus::Active))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| Choice {
            id: u.id,
            name: u.name,
        })
        .collect())
}

pub(crate) async fn teams(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
) -> Result<Vec<Choice>, AppError> {
    Ok(team::Entity::find()
        .filter(team::Column::OrganizationId.eq(tenant.organization_id))
        .order_by_asc(team::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|t| Choice {
            id: t.id,
            name: t.name,
        })
        .collect())
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

/// The dossiers `tenant` may open.
fn visible(tenant: &TenantContext) -> Condition {
    let mut condition =
        Condition::all().add(client::Column::OrganizationId.eq(tenant.organization_id));
    if tenant.role != Role::Owner {
        let direct = Query::select()
            .column(client_coach::Column::ClientId)
            .from(client_coach::Entity)
            .and_where(client_coach::Column::UserId.eq(tenant.user_id))
            .to_owned();
        let through_team = Query::select()
            .column((client_team::Entity, client_team::Column::ClientId))
            .from(client_team::Entity)
            .inner_join(
                team_member::Entity,
                Expr::col((team_member::Entity, team_member::Column::TeamId))
                    .equals((client_team::Entity, client_team::Column::TeamId)),
            )
            .and_where(
                Expr::col((team_member::Entity, team_member::Column::UserId)).eq(tenant.user_id),
            )
            .to_owned();
        condition = condition.add(
            Condition::any()
                .add(client::Column::Id.in_subquery(direct))
                .add(client::Column::Id.in_subquery(through_team)),
        );
    }
    condition
}

/// A dossier `tenant` may open, or `NotFound`.
pub(crate) async fn open(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<client::Model, AppError> {
    require_staff(tenant)?;
    client::Entity::find_by_id(id)
        .filter(visible(tenant))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Owners and the responsible coach decide about access and archiving.
fn can_manage(tenant: &TenantContext, dossier: &client::Model) -> bool {
    tenant.role == Role::Owner || dossier.responsible_coach_id == Some(tenant.user_id)
}

#[derive(Debug, FromQueryResult)]
struct ListRow {
    id: i32,
    name: String,
    email: Option<String>,
    archived_at: Option<DateTime<Utc>>,
    responsible: Option<String>,
}

fn like(text: &str) -> LikeExpr {
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The list query: one statement for a page, whatever the filters, using the
/// organization/archived/name index for the order.
pub fn list_query(tenant: &TenantContext, filter: &ListFilter) -> sea_orm::Select<client::Entity> {
    let mut query = client::Entity::find()
        .select_only()
        .columns([
            client::Column::Id,
            client::Column::Name,
            client::Column::Email,
            client::Column::ArchivedAt,
        ])
        .column_as(Expr::col((user::Entity, user::Column::Name)), "responsible")
        .join(JoinType::LeftJoin, client::Relation::ResponsibleCoach.def())
        .filter(visible(tenant));
    query = if filter.archived {
        query.filter(client::Column::ArchivedAt.is_not_null())
    } else {
        query.filter(client::Column::ArchivedAt.is_null())
    };
    let q = filter.q.trim();
    if !q.is_empty() {
        let lower =
            |column: client::Column| Expr::expr(Func::lower(Expr::col((client::Entity, column))));
        query = query.filter(
            Condition::any()
                .add(lower(client::Column::Name).like(like(q)))
                .add(lower(client::Column::Email).like(like(q))),
        );
    }
    if let Some(coach) = filter.coach {
        query = query.filter(
            client::Column::Id.in_subquery(
                Query::select()
                    .column(client_coach::Column::ClientId)
                    .from(client_coach::Entity)
                    .and_where(client_coach::Column::UserId.eq(coach))
                    .to_owned(),
            ),
        );
    }
    if let Some(team) = filter.team {
        query = query.filter(
            client::Column::Id.in_subquery(
                Query::select()
                    .column(client_team::Column::ClientId)
                    .from(client_team::Entity)
                    .and_where(client_team::Column::TeamId.eq(team))
                    .to_owned(),
            ),
        );
    }
    if let Some(status) = &filter.status {
        query = query.filter(
            client::Column::Id.in_subquery(
                Query::select()
                    .column(trajectory::Column::ClientId)
                    .from(trajectory::Entity)
                    .and_where(trajectory::Column::Status.eq(status.as_str()))
                    .to_owned(),
            ),
        );
    }
    query
        .order_by_asc(client::Column::Name)
        .order_by_asc(client::Column::Id)
        .offset(filter.page.saturating_mul(PAGE_SIZE))
        .limit(PAGE_SIZE + 1)
}

pub async fn list(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    filter: &ListFilter,
) -> Result<ClientsPage, AppError> {
    require_staff(tenant)?;
    let mut rows = list_query(tenant, filter)
        .into_model::<ListRow>()
        .all(db)
        .await?;
    let has_next = rows.len() as u64 > PAGE_SIZE;
    rows.truncate(PAGE_SIZE as usize);
    Ok(ClientsPage {
        rows: rows
            .into_iter()
            .map(|r| ClientRow {
                id: r.id,
                name: r.name,
                email: r.email,
                responsible: r.responsible,
                archived: r.archived_at.is_some(),
            })
            .collect(),
        page: filter.page,
        has_next,
        coaches: staff(db, tenant).await?,
        teams: teams(db, tenant).await?,
    })
}

async fn grant_coach(
    db: &impl ConnectionTrait,
    client_id: i32,
    user_id: i32,
) -> Result<(), AppError> {
    let exists = client_coach::Entity::find_by_id((client_id, user_id))
        .one(db)
        .await?
        .is_some();
    if !exists {
        client_coach::ActiveModel {
            client_id: Set(client_id),
            user_id: Set(user_id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Creates a dossier, which takes a client seat. The creator (if a coach) and the
/// responsible coach get access.
pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    input: &ClientForm,
) -> Result<i32, AppError> {
    require_staff(tenant)?;
    tenant.writable()?;
    let checked = check(db, now, tenant, input).await?;
    let responsible = checked.responsible.unwrap_or(tenant.user_id);
    let txn = super::begin_write(db).await?;
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
            notes: Set(checked.notes),
            responsible_coach_id: Set(Some(responsible)),
            archived_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        grant_coach(&txn, created.id, responsible).await?;
        if tenant.role == Role::Coach {
            grant_coach(&txn, created.id, tenant.user_id).await?;
        }
        Ok(created.id)
    }
    .await;
    super::finish(txn, result).await
}

pub async fn dossier(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<DossierDto, AppError> {
    let found = open(db, tenant, id).await?;
    let coaches = staff(db, tenant).await?;
    let responsible = found
        .responsible_coach_id
        .and_then(|id| coaches.iter().find(|c| c.id == id))
        .map(|c| c.name.clone());
    let invited = invitation::Entity::find()
        .filter(invitation::Column::OrganizationId.eq(tenant.organization_id))
        .filter(invitation::Column::ClientId.eq(found.id))
        .filter(invitation::open())
        .count(db)
        .await?
        > 0;
    Ok(DossierDto {
        can_manage: can_manage(tenant, &found),
        id: found.id,
        name: found.name,
        email: found.email,
        date_of_birth: found
            .date_of_birth
            .map(|d| d.format("%Y-%m-%d").to_string()),
        address: found.address,
        phone: found.phone,
        notes: found.notes,
        responsible_coach_id: found.responsible_coach_id,
        responsible,
        archived: found.archived_at.is_some(),
        has_login: found.user_id.is_some(),
        invited,
        coaches,
        teams: teams(db, tenant).await?,
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
    if responsible != found.responsible_coach_id && !can_manage(tenant, &found) {
        return Err(AppError::Forbidden);
    }
    let txn = super::begin_write(db).await?;
    let result = async {
        let mut active = found.into_active_model();
        active.name = Set(checked.name);
        active.email = Set(checked.email);
        active.date_of_birth = Set(checked.date_of_birth);
        active.address = Set(checked.address);
        active.phone = Set(checked.phone);
        active.notes = Set(checked.notes);
        active.responsible_coach_id = Set(responsible);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        if let Some(coach) = responsible {
            grant_coach(&txn, id, coach).await?;
        }
        Ok(())
    }
    .await;
    super::finish(txn, result).await
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
    if !can_manage(tenant, &found) {
        return Err(AppError::Forbidden);
    }
    let login = found.user_id;
    let txn = super::begin_write(db).await?;
    let result = async {
        let org = licence::lock(&txn, tenant.organization_id).await?;
        if !archived && found.archived_at.is_some() {
            licence::ensure_room(&txn, &org, Seat::Clients, 1).await?;
        }
        let mut active = found.into_active_model();
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
    super::finish(txn, result).await?;
    if let (true, Some(user_id)) = (archived, login) {
        delete_user_sessions(db, user_id).await?;
    }
    Ok(())
}

/// The dossier of a client's login, within the tenant's organization.
pub(crate) async fn of_login(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    user_id: i32,
) -> Result<client::Model, AppError> {
    client::Entity::find()
        .filter(client::Column::OrganizationId.eq(tenant.organization_id))
        .filter(client::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn access(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<AccessDto, AppError> {
    let found = open(db, tenant, id).await?;
    let granted_coaches: Vec<i32> = client_coach::Entity::find()
        .filter(client_coach::Column::ClientId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect();
    let granted_teams: Vec<i32> = client_team::Entity::find()
        .filter(client_team::Column::ClientId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.team_id)
        .collect();
    let (coaches, other_coaches) = staff(db, tenant)
        .await?
        .into_iter()
        .partition(|c| granted_coaches.contains(&c.id));
    let (teams, other_teams) = teams(db, tenant)
        .await?
        .into_iter()
        .partition(|t| granted_teams.contains(&t.id));
    Ok(AccessDto {
        coaches,
        teams,
        other_coaches,
        other_teams,
        can_manage: can_manage(tenant, &found),
    })
}

/// Gives or withdraws access for a coach or a team. The responsible coach keeps access.
pub async fn change_access(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
    kind: &str,
    target: i32,
    grant: bool,
) -> Result<(), AppError> {
    let found = open(db, tenant, id).await?;
    tenant.writable()?;
    if !can_manage(tenant, &found) {
        return Err(AppError::Forbidden);
    }
    match kind {
        "coach" => {
            if !staff(db, tenant).await?.iter().any(|c| c.id == target) {
                return Err(AppError::NotFound);
            }
            if grant {
                grant_coach(db, id, target).await?;
            } else if found.responsible_coach_id == Some(target) {
                return Err(AppError::field("target", FieldProblem::ResponsibleStays));
            } else {
                client_coach::Entity::delete_by_id((id, target))
                    .exec(db)
                    .await?;
            }
        }
        "team" => {
            if !teams(db, tenant).await?.iter().any(|t| t.id == target) {
                return Err(AppError::NotFound);
            }
            let exists = client_team::Entity::find_by_id((id, target))
                .one(db)
                .await?
                .is_some();
            match (grant, exists) {
                (true, false) => {
                    client_team::ActiveModel {
                        client_id: Set(id),
                        team_id: Set(target),
                    }
                    .insert(db)
                    .await?;
                }
                (false, true) => {
                    client_team::Entity::delete_by_id((id, target))
                        .exec(db)
                        .await?;
                }
                _ => {}
            }
        }
        _ => return Err(AppError::field("kind", FieldProblem::Required)),
    }
    Ok(())
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
