//! The dossier at a glance (the first tab of a dossier): the trajectories under way with
//! their goals, the next appointment, the exercises still open or waiting for feedback, and
//! the newest activity. Everything comes from the areas' own lists on the opened dossier, so
//! each line is shown only to whom that area's rules allow, and nothing is queried twice.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::model::access_log::LogArea;
use crate::model::assignments::AssignmentStatus;
use crate::model::clients::OverviewDto;
use crate::model::trajectories::TrajectoryStatus;
use crate::server::auth::TenantContext;
use crate::server::local_time;
use crate::server::service::clients::Dossier;
use crate::server::service::{agenda, assignments, timeline, trajectories};

pub async fn for_dossier(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<OverviewDto, AppError> {
    dossier.read(db, LogArea::Overview, None).await?;
    let active = trajectories::list(db, dossier)
        .await?
        .into_iter()
        .filter(|t| t.status == TrajectoryStatus::Active)
        .collect();
    // Local times as a form writes them (`YYYY-MM-DDTHH:MM`) order as they read.
    let local_now = local_time::to_input(now);
    let next_appointment = agenda::for_dossier(db, tenant, dossier)
        .await?
        .into_iter()
        .filter(|a| a.ends_at > local_now)
        .min_by(|a, b| a.starts_at.cmp(&b.starts_at));
    let (mut open_exercises, to_review): (Vec<_>, Vec<_>) =
        assignments::for_dossier(db, tenant, dossier)
            .await?
            .into_iter()
            .partition(|a| a.status != AssignmentStatus::Submitted);
    let to_review = to_review.into_iter().filter(|a| !a.has_feedback).collect();
    // The soonest due first; those without a due date after them.
    open_exercises.sort_by_key(|a| (a.due.is_none(), a.due.clone()));
    let recent = timeline::for_dossier(db, now, tenant, dossier).await?;
    Ok(OverviewDto {
        active,
        next_appointment,
        open_exercises,
        to_review,
        recent,
    })
}
