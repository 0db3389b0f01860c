//! Trajectories of a dossier and their goals. Every function opens the dossier first
//! (`clients::open`), so a trajectory is exactly as visible as its dossier.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::clients::Choice;
use crate::model::trajectories::{
    GoalDto, GoalStatus, TrajectoryDto, TrajectoryForm, TrajectoryStatus,
};
use crate::server::auth::TenantContext;
use crate::server::entity::{trajectory, trajectory_goal, user};
use crate::server::local_time;
use crate::server::service::clients::{Dossier, OwnDossier};
use crate::server::service::{access_log, clients};

const MAX_GOALS: usize = 30;

fn date(field: &str, raw: &str) -> Result<Option<NaiveDate>, (String, FieldProblem)> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    local_time::parse_day(raw)
        .map(Some)
        .ok_or_else(|| (field.to_string(), FieldProblem::DateInvalid))
}

fn goal_text(raw: &str) -> Result<String, AppError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(AppError::field("text", FieldProblem::Required));
    }
    if text.chars().count() > 500 {
        return Err(AppError::field("text", FieldProblem::TooLong));
    }
    Ok(text.to_string())
}

/// The trajectory a form links to: empty for none, or one of this dossier's. Any other
/// value is noted as a problem of the `trajectory_id` field.
pub(crate) async fn chosen(
    db: &impl ConnectionTrait,
    client_id: i32,
    raw: &str,
    problems: &mut Vec<(String, FieldProblem)>,
) -> Result<Option<i32>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let found = match raw.parse::<i32>() {
        Ok(id) => trajectory::Entity::find_by_id(id)
            .filter(trajectory::Column::ClientId.eq(client_id))
            .one(db)
            .await?
            .map(|t| t.id),
        Err(_) => None,
    };
    if found.is_none() {
        problems.push(("trajectory_id".to_string(), FieldProblem::RoleNotAllowed));
    }
    Ok(found)
}

/// A trajectory of the tenant's organization whose dossier the tenant may open.
async fn own(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<trajectory::Model, AppError> {
    let found = trajectory::Entity::find_by_id(id)
        .filter(trajectory::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    clients::open(db, tenant, found.client_id).await?;
    Ok(found)
}

/// The organization's teams when one of `found` names a team: most trajectories are a
/// coach's, and then the teams need not be read at all.
async fn teams_named<'a>(
    db: &DatabaseConnection,
    dossier: &'a Dossier,
    found: &[trajectory::Model],
) -> Result<&'a [Choice], AppError> {
    if found.iter().any(|t| t.team_id.is_some()) {
        dossier.teams(db).await
    } else {
        Ok(&[])
    }
}

/// Trajectories with their goals; `people` and `teams` hold at least every coach and team
/// they name.
fn to_dtos(
    found: Vec<trajectory::Model>,
    goals: &[trajectory_goal::Model],
    people: &[user::Model],
    teams: &[Choice],
) -> Vec<TrajectoryDto> {
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    found
        .into_iter()
        .map(|t| TrajectoryDto {
            goals: goals
                .iter()
                .filter(|g| g.trajectory_id == t.id)
                .map(|g| GoalDto {
                    id: g.id,
                    text: g.text.clone(),
                    status: g.status,
                })
                .collect(),
            coach: people
                .iter()
                .find(|p| Some(p.id) == t.coach_id)
                .map(|p| p.name.clone()),
            team: teams
                .iter()
                .find(|x| Some(x.id) == t.team_id)
                .map(|x| x.name.clone()),
            id: t.id,
            title: t.title,
            status: t.status,
            coach_id: t.coach_id,
            team_id: t.team_id,
            start_date: day(t.start_date),
            end_date: day(t.end_date),
            notes: t.notes,
        })
        .collect()
}

pub async fn list(
    db: &DatabaseConnection,
    dossier: &Dossier,
) -> Result<Vec<TrajectoryDto>, AppError> {
    dossier.read(db, LogArea::Trajectories, None).await?;
    dossier
        .remember("trajectories", async {
            let (found, goals) = dossier.trajectories_and_goals(db).await?.clone();
            let teams = teams_named(db, dossier, &found).await?;
            Ok(to_dtos(found, &goals, dossier.people(db).await?, teams))
        })
        .await
}

/// The client's own trajectories that are running.
pub async fn mine(
    db: &DatabaseConnection,
    own: Option<&OwnDossier>,
) -> Result<Vec<TrajectoryDto>, AppError> {
    let Some(own) = own else {
        return Ok(Vec::new());
    };
    let lookups = own.lookups();
    let (found, goals) = lookups.trajectories_and_goals(db).await?;
    let running: Vec<_> = found
        .iter()
        .filter(|t| t.status == TrajectoryStatus::Active)
        .cloned()
        .collect();
    let teams = teams_named(db, lookups, &running).await?;
    let mut dtos = to_dtos(running, goals, lookups.people(db).await?, teams);
    // The coach's working notes are not for the client.
    for dto in &mut dtos {
        dto.notes = None;
    }
    Ok(dtos)
}

/// Starts a trajectory in intake, with one goal per non-empty line of `goals`.
pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
    input: &TrajectoryForm,
) -> Result<i32, AppError> {
    tenant.writable()?;
    let mut problems = Vec::new();
    let title = input.title.trim();
    if title.is_empty() {
        problems.push(("title".to_string(), FieldProblem::Required));
    } else if title.chars().count() > 200 {
        problems.push(("title".to_string(), FieldProblem::TooLong));
    }
    let coach = match input.coach_id.trim() {
        "" => Some(tenant.user_id),
        raw => {
            let staff = clients::staff(db, tenant).await?;
            let id = raw
                .parse::<i32>()
                .ok()
                .filter(|id| staff.iter().any(|c| c.id == *id));
            if id.is_none() {
                problems.push(("coach_id".to_string(), FieldProblem::RoleNotAllowed));
            }
            id
        }
    };
    let team = match input.team_id.trim() {
        "" => None,
        raw => {
            let teams = clients::teams(db, tenant).await?;
            let id = raw
                .parse::<i32>()
                .ok()
                .filter(|id| teams.iter().any(|t| t.id == *id));
            if id.is_none() {
                problems.push(("team_id".to_string(), FieldProblem::RoleNotAllowed));
            }
            id
        }
    };
    let start_date = date("start_date", &input.start_date).unwrap_or_else(|p| {
        problems.push(p);
        None
    });
    let goal_lines: Vec<&str> = input
        .goals
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if goal_lines.len() > MAX_GOALS || goal_lines.iter().any(|l| l.chars().count() > 500) {
        problems.push(("goals".to_string(), FieldProblem::TooLong));
    }
    let notes = input.notes.trim();
    if notes.chars().count() > 10_000 {
        problems.push(("notes".to_string(), FieldProblem::TooLong));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid { fields: problems });
    }
    let txn = super::begin_write(db).await?;
    let result = async {
        let created = trajectory::ActiveModel {
            organization_id: Set(tenant.organization_id),
            client_id: Set(dossier.id),
            title: Set(title.to_string()),
            coach_id: Set(coach),
            team_id: Set(team),
            status: Set(TrajectoryStatus::Intake),
            start_date: Set(start_date),
            end_date: Set(None),
            notes: Set((!notes.is_empty()).then(|| notes.to_string())),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for (position, text) in goal_lines.iter().enumerate() {
            trajectory_goal::ActiveModel {
                trajectory_id: Set(created.id),
                position: Set(position as i32),
                text: Set(text.to_string()),
                status: Set(GoalStatus::Open),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        dossier
            .changed(
                &txn,
                LogArea::Trajectories,
                Some(created.id),
                LogAction::Create,
            )
            .await?;
        Ok(created.id)
    }
    .await;
    super::finish(txn, result).await
}

/// intake → active → closed (or intake → closed). Closing asks for the end date, which
/// cannot lie before the start.
pub async fn set_status(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    status: &str,
    end_date: &str,
) -> Result<(), AppError> {
    let found = own(db, tenant, id).await?;
    tenant.writable()?;
    let status = TrajectoryStatus::parse(status);
    let Some(status) = status.filter(|next| found.status.may_become(*next)) else {
        return Err(AppError::field(
            "status",
            FieldProblem::TransitionNotAllowed,
        ));
    };
    let end = if status == TrajectoryStatus::Closed {
        let end = date("end_date", end_date)
            .map_err(|(f, p)| AppError::field(&f, p))?
            .ok_or_else(|| AppError::field("end_date", FieldProblem::Required))?;
        if found.start_date.is_some_and(|start| end < start) {
            return Err(AppError::field("end_date", FieldProblem::DateInvalid));
        }
        Some(end)
    } else {
        None
    };
    let start = found
        .start_date
        .or_else(|| (status == TrajectoryStatus::Active).then(|| now.date_naive()));
    let txn = super::begin_write(db).await?;
    let result = async {
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Trajectories,
            Some(id),
            LogAction::Change,
        )
        .await?;
        let mut active = found.into_active_model();
        active.status = Set(status);
        active.end_date = Set(end);
        active.start_date = Set(start);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}

pub async fn add_goal(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    trajectory_id: i32,
    text: &str,
) -> Result<(), AppError> {
    let found = own(db, tenant, trajectory_id).await?;
    tenant.writable()?;
    let text = goal_text(text)?;
    let count = trajectory_goal::Entity::find()
        .filter(trajectory_goal::Column::TrajectoryId.eq(found.id))
        .count(db)
        .await?;
    if count >= MAX_GOALS as u64 {
        return Err(AppError::field("text", FieldProblem::TooLong));
    }
    let txn = super::begin_write(db).await?;
    let result = async {
        trajectory_goal::ActiveModel {
            trajectory_id: Set(found.id),
            position: Set(count as i32),
            text: Set(text),
            status: Set(GoalStatus::Open),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Trajectories,
            Some(found.id),
            LogAction::Change,
        )
        .await
    }
    .await;
    super::finish(txn, result).await
}

pub async fn set_goal_status(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
    status: &str,
) -> Result<(), AppError> {
    let goal = trajectory_goal::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let found = own(db, tenant, goal.trajectory_id).await?;
    tenant.writable()?;
    let status =
        GoalStatus::parse(status).ok_or(AppError::field("status", FieldProblem::Required))?;
    let txn = super::begin_write(db).await?;
    let result = async {
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Trajectories,
            Some(found.id),
            LogAction::Change,
        )
        .await?;
        let mut active = goal.into_active_model();
        active.status = Set(status);
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}
