//! How long a practice keeps a client's data after their last trajectory closed (the
//! organization's setting, 24 months unless changed), which dossiers are past it, and
//! erasing those in one confirmed action (the same erasure as one by one).

use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::privacy::{
    DueDossier, ErasureReason, ErasureRow, RetentionPage, MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
};
use crate::model::trajectories::TrajectoryStatus;
use crate::server::auth::TenantContext;
use crate::server::entity::{client, erasure, organization, trajectory, user};
use crate::server::local_time;
use crate::server::service::clients;
use crate::server::storage::DocumentStorage;

use super::erasure::{empty_write_ahead_log, erase_confirmed};

/// The newest erasures the page lists; the register keeps them all.
const SHOWN_ERASURES: u64 = 200;

/// The dossiers whose last trajectory closed at least `months` before `today`, with no
/// trajectory still open: (dossier, name, the day the last one closed, the day it became due).
async fn due_dossiers(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    months: u32,
    today: NaiveDate,
) -> Result<Vec<(i32, String, NaiveDate, NaiveDate)>, AppError> {
    // Three small columns of every trajectory: a dossier is due only when all of its
    // trajectories are closed, which one row per dossier cannot say without them all.
    let trajectories: Vec<(i32, TrajectoryStatus, Option<NaiveDate>)> = trajectory::Entity::find()
        .select_only()
        .column(trajectory::Column::ClientId)
        .column(trajectory::Column::Status)
        .column(trajectory::Column::EndDate)
        .filter(trajectory::Column::OrganizationId.eq(tenant.organization_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut last_closed: std::collections::BTreeMap<i32, Option<NaiveDate>> = Default::default();
    for (client_id, status, end_date) in trajectories {
        let entry = last_closed.entry(client_id).or_insert(Some(NaiveDate::MIN));
        *entry = match (*entry, status, end_date) {
            (Some(so_far), TrajectoryStatus::Closed, Some(end)) => Some(so_far.max(end)),
            // One still under way (or closed without a day): not due.
            _ => None,
        };
    }
    let due: Vec<(i32, NaiveDate, NaiveDate)> = last_closed
        .into_iter()
        .filter_map(|(id, closed)| {
            let closed = closed?;
            let due_on = closed.checked_add_months(Months::new(months))?;
            (due_on <= today).then_some((id, closed, due_on))
        })
        .collect();
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let names: std::collections::HashMap<i32, String> = client::Entity::find()
        .filter(client::Column::OrganizationId.eq(tenant.organization_id))
        .filter(client::Column::Id.is_in(due.iter().map(|(id, _, _)| *id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(due
        .into_iter()
        .filter_map(|(id, closed, due_on)| Some((id, names.get(&id)?.clone(), closed, due_on)))
        .collect())
}

async fn months_of(db: &DatabaseConnection, tenant: &TenantContext) -> Result<u32, AppError> {
    let org = organization::Entity::find_by_id(tenant.organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(org.retention_months.max(0) as u32)
}

/// The owners' view: the period, what is due, and the erasures so far.
pub async fn page(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    language: &str,
) -> Result<RetentionPage, AppError> {
    tenant.require_owner()?;
    let months = months_of(db, tenant).await?;
    let today = local_time::local_date(now);
    let due = due_dossiers(db, tenant, months, today)
        .await?
        .into_iter()
        .map(|(id, name, closed, due_on)| DueDossier {
            id,
            name,
            last_closed: local_time::day_in_words(closed, language),
            due_since: local_time::day_in_words(due_on, language),
        })
        .collect();
    let done = erasure::Entity::find()
        .filter(erasure::Column::OrganizationId.eq(tenant.organization_id))
        .order_by_desc(erasure::Column::Id)
        .limit(SHOWN_ERASURES)
        .all(db)
        .await?;
    let erased_by: Vec<i32> = done.iter().filter_map(|e| e.erased_by).collect();
    let by: std::collections::HashMap<i32, String> = if erased_by.is_empty() {
        Default::default()
    } else {
        user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Name)
            .filter(user::Column::OrganizationId.eq(tenant.organization_id))
            .filter(user::Column::Id.is_in(erased_by))
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let erasures: Vec<ErasureRow> = done
        .into_iter()
        .map(|e| ErasureRow {
            reference: e.reference,
            reason: e.reason,
            at: local_time::in_words(e.erased_at, language),
            by: e.erased_by.and_then(|id| by.get(&id).cloned()),
        })
        .collect();
    Ok(RetentionPage {
        months,
        due,
        erasures,
    })
}

/// Sets the period, in months.
pub async fn set_months(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    raw: &str,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let months = raw
        .trim()
        .parse::<i32>()
        .map_err(|_| AppError::field("months", FieldProblem::NotANumber))?;
    if !(MIN_RETENTION_MONTHS..=MAX_RETENTION_MONTHS).contains(&months) {
        return Err(AppError::field("months", FieldProblem::RetentionRange));
    }
    let org = organization::Entity::find_by_id(tenant.organization_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut row: organization::ActiveModel = org.into();
    row.retention_months = Set(months);
    row.update(db).await?;
    Ok(())
}

/// Erases every dossier that is due, after the owner ticked that they understand. Returns
/// how many.
pub async fn erase_due(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    confirmed: bool,
) -> Result<usize, AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    if !confirmed {
        return Err(AppError::field("confirm", FieldProblem::MustAgree));
    }
    let months = months_of(db, tenant).await?;
    let due = due_dossiers(db, tenant, months, local_time::local_date(now)).await?;
    let mut erased = 0;
    let mut outcome = Ok(());
    for (id, _, _, _) in &due {
        let result = match clients::open(db, tenant, *id).await {
            Ok(dossier) => {
                erase_confirmed(db, storage, now, tenant, &dossier, ErasureReason::Retention).await
            }
            Err(error) => Err(error),
        };
        if let Err(error) = result {
            outcome = Err(error);
            break;
        }
        erased += 1;
    }
    // Also after a failure part-way: what was erased leaves no copy behind.
    if erased > 0 {
        empty_write_ahead_log(db).await;
    }
    outcome.map(|()| erased)
}
