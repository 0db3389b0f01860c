//! Who may open a dossier. `visible` is the one place that decides it: owners every dossier
//! of their organization, coaches those they were given directly (the client's own coaches)
//! or through a team. Every function that reads or writes anything of a dossier starts by
//! opening it through [`open`], so a dossier without access is "not found", exactly like one
//! that does not exist; what `open` returns, a [`Dossier`], is the proof the other areas take.

use std::sync::Arc;

use sea_orm::sea_query::{Expr, Query, SelectStatement, UnionType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::clients::{AccessDto, Choice};
use crate::model::members::UserStatus;
use crate::server::auth::TenantContext;
use crate::server::entity::{
    client, client_coach, client_team, team, team_member, trajectory, trajectory_goal, user,
};
use crate::server::service::{access_log, members};
use crate::types::Role;

/// An opened dossier: only [`open`] makes one, after the access check, so a service that
/// takes a `&Dossier` works in a dossier the actor may open without checking again. It reads
/// as the dossier's row (`dossier.id`, `dossier.name`, …).
#[derive(Debug, Clone)]
pub struct Dossier {
    row: client::Model,
    may_manage: bool,
    /// Who opened it, for the access log.
    actor: TenantContext,
    /// What several areas look up about the dossier, loaded at most once however many areas
    /// ask while one page renders (the page shares one opened dossier between its sections).
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    people: tokio::sync::OnceCell<Vec<user::Model>>,
    trajectories: tokio::sync::OnceCell<(Vec<trajectory::Model>, Vec<trajectory_goal::Model>)>,
    /// Coaches and teams given the dossier.
    grants: tokio::sync::OnceCell<(Vec<i32>, Vec<i32>)>,
    organization_teams: tokio::sync::OnceCell<Vec<Choice>>,
    lists: std::sync::Mutex<std::collections::HashMap<&'static str, Arc<Remembered>>>,
    /// What the access log already holds as read through this handle: a page whose
    /// sections read one area twice records it once.
    logged_reads: std::sync::Mutex<std::collections::HashSet<Read>>,
    /// Reads waiting to be written together, while a page renders (see
    /// [`Dossier::defer_reads`]); None: each read is written at once.
    pending_reads: std::sync::Mutex<Option<Vec<Read>>>,
}

/// What was read: an area of the dossier, or one item of it.
type Read = (LogArea, Option<i32>);

type Remembered = tokio::sync::OnceCell<Arc<dyn std::any::Any + Send + Sync>>;

impl Dossier {
    fn new(row: client::Model, tenant: &TenantContext) -> Self {
        let may_manage =
            tenant.role == Role::Owner || row.responsible_coach_id == Some(tenant.user_id);
        Dossier {
            row,
            may_manage,
            actor: tenant.clone(),
            shared: Default::default(),
        }
    }

    /// Records in the access log that the actor read `area` of this dossier (`object`: one
    /// item of it), once per handle: one small insert for what a request showed, never one
    /// per row shown.
    pub(crate) async fn read(
        &self,
        db: &impl ConnectionTrait,
        area: LogArea,
        object: Option<i32>,
    ) -> Result<(), AppError> {
        let first = {
            let mut logged = self
                .shared
                .logged_reads
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            // The overview shows a little of every area, and says so once: the areas'
            // lists it reads are part of it.
            let in_overview = logged.contains(&(LogArea::Overview, None)) && object.is_none();
            !in_overview && logged.insert((area, object))
        };
        if !first {
            return Ok(());
        }
        {
            let mut pending = self
                .shared
                .pending_reads
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if let Some(pending) = pending.as_mut() {
                pending.push((area, object));
                return Ok(());
            }
        }
        self.changed(db, area, object, LogAction::Read).await
    }

    /// From now on this handle gathers its reads until [`Dossier::write_reads`]: a page's
    /// sections, sharing one handle, then cost one insert together instead of one each.
    pub fn defer_reads(&self) {
        let mut pending = self
            .shared
            .pending_reads
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        pending.get_or_insert_with(Vec::new);
    }

    /// Writes the gathered reads in one insert, and every later read at once: a read that
    /// comes after this is still recorded.
    pub async fn write_reads(&self, db: &impl ConnectionTrait) -> Result<(), AppError> {
        let gathered = self
            .shared
            .pending_reads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_default();
        access_log::record(
            db,
            &self.actor,
            gathered
                .into_iter()
                .map(|(area, object)| access_log::Entry {
                    client_id: self.row.id,
                    area,
                    object,
                    action: LogAction::Read,
                }),
        )
        .await
    }

    /// Records in the access log what the actor did in this dossier; `db` is the
    /// transaction of the change itself, so the entry and the change land together. Every
    /// change of the dossier's content passes here, so a restricted dossier refuses it here.
    pub(crate) async fn changed(
        &self,
        db: &impl ConnectionTrait,
        area: LogArea,
        object: Option<i32>,
        action: LogAction,
    ) -> Result<(), AppError> {
        if action.changes() {
            unrestricted(&self.row)?;
        }
        access_log::record(
            db,
            &self.actor,
            [access_log::Entry {
                client_id: self.row.id,
                area,
                object,
                action,
            }],
        )
        .await
    }

    /// Everyone who can have written or done something in this dossier: the organization's
    /// owners and coaches (also those who left since) and the dossier's own client. Areas
    /// take authors' names from here.
    pub(crate) async fn people(
        &self,
        db: &impl ConnectionTrait,
    ) -> Result<&[user::Model], AppError> {
        let people = self
            .shared
            .people
            .get_or_try_init(|| async {
                let mut who = Condition::any().add(user::Column::Role.ne(Role::Client));
                if let Some(login) = self.row.user_id {
                    who = who.add(user::Column::Id.eq(login));
                }
                user::Entity::find()
                    .filter(user::Column::OrganizationId.eq(self.row.organization_id))
                    .filter(who)
                    .order_by_asc(user::Column::Name)
                    .all(db)
                    .await
            })
            .await?;
        Ok(people)
    }

    /// An area's list of this dossier, loaded once however many sections show it (the
    /// dossier's timeline gathers the other areas' lists). A handle lives for one request,
    /// and nothing that writes reads through it afterwards, so a remembered list is never
    /// older than the request.
    pub(crate) async fn remember<T, F>(&self, key: &'static str, load: F) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: std::future::Future<Output = Result<T, AppError>>,
    {
        let cell = {
            let mut lists = self.shared.lists.lock().unwrap_or_else(|e| e.into_inner());
            lists.entry(key).or_default().clone()
        };
        // On the heap: a list's future is large, and a page awaits many of them.
        let load = Box::pin(load);
        let value = cell
            .get_or_try_init(|| async {
                Ok::<_, AppError>(Arc::new(load.await?) as Arc<dyn std::any::Any + Send + Sync>)
            })
            .await?;
        value.downcast_ref::<T>().cloned().ok_or_else(|| {
            tracing::error!(key, "a remembered dossier list has another type");
            AppError::Internal
        })
    }

    /// The organization's active owners and coaches: who can be responsible or get access.
    pub(crate) async fn staff(&self, db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
        Ok(self
            .people(db)
            .await?
            .iter()
            .filter(|u| matches!(u.role, Role::Owner | Role::Coach))
            .filter(|u| u.status == UserStatus::Active)
            .map(|u| Choice {
                id: u.id,
                name: u.name.clone(),
            })
            .collect())
    }

    /// The organization's teams.
    pub(crate) async fn teams(&self, db: &impl ConnectionTrait) -> Result<&[Choice], AppError> {
        let found = self
            .shared
            .organization_teams
            .get_or_try_init(|| organization_teams(db, self.row.organization_id))
            .await?;
        Ok(found)
    }

    /// The dossier's trajectories, newest first.
    pub(crate) async fn trajectories(
        &self,
        db: &impl ConnectionTrait,
    ) -> Result<&[trajectory::Model], AppError> {
        Ok(&self.trajectories_and_goals(db).await?.0)
    }

    /// The dossier's trajectories with all their goals, in one query.
    pub(crate) async fn trajectories_and_goals(
        &self,
        db: &impl ConnectionTrait,
    ) -> Result<&(Vec<trajectory::Model>, Vec<trajectory_goal::Model>), AppError> {
        let found = self
            .shared
            .trajectories
            .get_or_try_init(|| async {
                // Grouped by trajectory id; the newest-first order is made here.
                let mut found = trajectory::Entity::find()
                    .filter(trajectory::Column::ClientId.eq(self.row.id))
                    .find_with_related(trajectory_goal::Entity)
                    .order_by_asc(trajectory_goal::Column::Position)
                    .order_by_asc(trajectory_goal::Column::Id)
                    .all(db)
                    .await?;
                found.sort_by_key(|(t, _)| std::cmp::Reverse((t.created_at, t.id)));
                let (trajectories, goals): (Vec<_>, Vec<_>) = found.into_iter().unzip();
                Ok::<_, sea_orm::DbErr>((trajectories, goals.into_iter().flatten().collect()))
            })
            .await?;
        Ok(found)
    }

    /// The coaches given this dossier by name (the client's own coaches).
    pub(crate) async fn coach_ids(&self, db: &impl ConnectionTrait) -> Result<&[i32], AppError> {
        Ok(&self.grants(db).await?.0)
    }

    /// The teams given this dossier.
    pub(crate) async fn team_ids(&self, db: &impl ConnectionTrait) -> Result<&[i32], AppError> {
        Ok(&self.grants(db).await?.1)
    }

    /// Who was given this dossier: coaches by name and teams, in one query (a UNION of the two
    /// grant tables), as the access section shows both.
    async fn grants(&self, db: &impl ConnectionTrait) -> Result<&(Vec<i32>, Vec<i32>), AppError> {
        let found = self
            .shared
            .grants
            .get_or_try_init(|| async {
                let teams = Query::select()
                    .expr(Expr::val(true))
                    .column(client_team::Column::TeamId)
                    .from(client_team::Entity)
                    .and_where(client_team::Column::ClientId.eq(self.row.id))
                    .to_owned();
                let mut coaches = client_coach::Entity::find()
                    .select_only()
                    .column_as(Expr::val(false), "team")
                    .column_as(client_coach::Column::UserId, "id")
                    .filter(client_coach::Column::ClientId.eq(self.row.id));
                QueryTrait::query(&mut coaches).union(UnionType::All, teams);
                let rows: Vec<(bool, i32)> = coaches.into_tuple().all(db).await?;
                let (teams, coaches): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(t, _)| *t);
                Ok::<_, sea_orm::DbErr>((
                    coaches.into_iter().map(|(_, id)| id).collect(),
                    teams.into_iter().map(|(_, id)| id).collect(),
                ))
            })
            .await?;
        Ok(found)
    }

    /// Whether the actor decides about access and archiving: owners and the responsible coach.
    pub fn may_manage(&self) -> bool {
        self.may_manage
    }

    /// The row, for changing it; only this area's services change a dossier's own data.
    pub(crate) fn into_row(self) -> client::Model {
        self.row
    }
}

impl std::ops::Deref for Dossier {
    type Target = client::Model;

    fn deref(&self) -> &client::Model {
        &self.row
    }
}

/// Refuses a change while the dossier's processing is restricted (GDPR art. 18).
pub(crate) fn unrestricted(row: &client::Model) -> Result<(), AppError> {
    match row.restricted_at {
        Some(_) => Err(AppError::Restricted),
        None => Ok(()),
    }
}

/// A client's own dossier, for their own pages. It is not a [`Dossier`]: nothing a coach
/// does in a dossier accepts it. It shares the handle's lookups (names, trajectories,
/// remembered lists) so the client's home, which shows six areas, reads each once.
#[derive(Debug, Clone)]
pub struct OwnDossier(Dossier);

impl OwnDossier {
    /// The lookups, for the client-facing functions of the areas.
    pub(crate) fn lookups(&self) -> &Dossier {
        &self.0
    }
}

impl std::ops::Deref for OwnDossier {
    type Target = client::Model;

    fn deref(&self) -> &client::Model {
        &self.0.row
    }
}

/// The signed-in client's own dossier; `None` for a client whose login has none.
pub async fn own(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
) -> Result<Option<OwnDossier>, AppError> {
    if tenant.role != Role::Client {
        return Err(AppError::Forbidden);
    }
    match of_login(db, tenant, tenant.user_id).await {
        Ok(row) => Ok(Some(OwnDossier(Dossier::new(row, tenant)))),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Active owners and coaches of the organization: who can be responsible or get access.
pub(crate) async fn staff(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
) -> Result<Vec<Choice>, AppError> {
    Ok(members::active_staff(db, tenant)
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
    organization_teams(db, tenant.organization_id).await
}

async fn organization_teams(
    db: &impl ConnectionTrait,
    organization_id: i32,
) -> Result<Vec<Choice>, AppError> {
    Ok(team::Entity::find()
        .filter(team::Column::OrganizationId.eq(organization_id))
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

/// The dossiers `tenant` may open.
pub(super) fn visible(tenant: &TenantContext) -> Condition {
    let mut condition =
        Condition::all().add(client::Column::OrganizationId.eq(tenant.organization_id));
    if tenant.role != Role::Owner {
        let (direct, through_team) = granted(tenant);
        condition = condition.add(
            Condition::any()
                .add(client::Column::Id.in_subquery(direct))
                .add(client::Column::Id.in_subquery(through_team)),
        );
    }
    condition
}

/// The ids of the dossiers given to a coach: by name, and through their teams (a
/// `client_id` column each). Owners open every dossier of their organization instead.
pub(super) fn granted(tenant: &TenantContext) -> (SelectStatement, SelectStatement) {
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
        .and_where(Expr::col((team_member::Entity, team_member::Column::UserId)).eq(tenant.user_id))
        .to_owned();
    (direct, through_team)
}

/// A dossier `tenant` may open, or `NotFound`.
pub async fn open(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<Dossier, AppError> {
    tenant.require_staff()?;
    let row = client::Entity::find_by_id(id)
        .filter(visible(tenant))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Dossier::new(row, tenant))
}

/// Of `ids`, the dossiers `tenant` may open, opened: one query for a whole list (notices,
/// a week of appointments), where opening each would cost one per dossier.
pub async fn open_many(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    ids: impl IntoIterator<Item = i32>,
) -> Result<std::collections::HashMap<i32, Dossier>, AppError> {
    tenant.require_staff()?;
    let ids: std::collections::BTreeSet<i32> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(client::Entity::find()
        .filter(client::Column::Id.is_in(ids))
        .filter(visible(tenant))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, Dossier::new(row, tenant)))
        .collect())
}

pub(super) async fn grant_coach(
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

pub async fn access(db: &DatabaseConnection, found: &Dossier) -> Result<AccessDto, AppError> {
    let granted_coaches = found.coach_ids(db).await?;
    let granted_teams = found.team_ids(db).await?;
    let (coaches, other_coaches) = found
        .staff(db)
        .await?
        .into_iter()
        .partition(|c| granted_coaches.contains(&c.id));
    let (teams, other_teams) = found
        .teams(db)
        .await?
        .iter()
        .cloned()
        .partition(|t| granted_teams.contains(&t.id));
    Ok(AccessDto {
        coaches,
        teams,
        other_coaches,
        other_teams,
        can_manage: found.may_manage(),
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
    if !found.may_manage() {
        return Err(AppError::Forbidden);
    }
    found
        .changed(db, LogArea::Access, None, LogAction::Change)
        .await?;
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
