//! Submitted scores of one dossier over time, per exercise and scale: all of them for
//! staff, the ones shown to the client for the client.

use sea_orm::DatabaseConnection;

use super::given;
use crate::error::AppError;
use crate::model::access_log::LogArea;
use crate::model::assignments::{AssignmentStatus, PointDto, ResultsDto, SeriesDto};
use crate::server::auth::TenantContext;
use crate::server::entity::{assignment, exercise, exercise_version};
use crate::server::local_time;
use crate::server::service::clients::{Dossier, OwnDossier};
use crate::server::service::scoring;
use crate::server::service::sealing::ASSIGNMENT_SCORES;
use crate::server::stored;

/// Submitted scores of one dossier over time, per exercise and scale.
/// The scores of `found` (submitted and scored, oldest first) as a series per exercise.
fn scored(
    found: &[assignment::Model],
    titles: &[exercise::Model],
    versions: &[exercise_version::Model],
) -> Result<Vec<ResultsDto>, AppError> {
    let mut results: Vec<(i32, ResultsDto)> = Vec::new();
    for a in found {
        let Some(version) = versions.iter().find(|v| v.id == a.exercise_version_id) else {
            continue;
        };
        let rules = stored::scoring(version.scoring.as_deref())?;
        let questions = stored::questions(&version.questions)?;
        let at = results.iter().position(|(id, _)| *id == a.exercise_id);
        let at = at.unwrap_or_else(|| {
            let title = titles
                .iter()
                .find(|e| e.id == a.exercise_id)
                .map(|e| e.title.clone())
                .unwrap_or_default();
            results.push((
                a.exercise_id,
                ResultsDto {
                    exercise: title,
                    scales: Vec::new(),
                },
            ));
            results.len() - 1
        });
        let entry = &mut results[at].1;
        let date = a
            .submitted_at
            .map(|s| local_time::local_date(s).format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        for score in stored::scores(a.scores.as_deref()) {
            let (min, max) = rules
                .scales
                .iter()
                .find(|s| s.key == score.scale)
                .map(|s| scoring::range(s, &questions))
                .unwrap_or((0, 0));
            let point = PointDto {
                date: date.clone(),
                score: score.score,
                band: score.band.clone(),
            };
            match entry.scales.iter_mut().find(|s| s.key == score.scale) {
                Some(series) => {
                    series.name = score.name;
                    series.min = series.min.min(min);
                    series.max = series.max.max(max);
                    series.points.push(point);
                }
                None => entry.scales.push(SeriesDto {
                    key: score.scale,
                    name: score.name,
                    min,
                    max,
                    points: vec![point],
                }),
            }
        }
    }
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

pub async fn results(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<ResultsDto>, AppError> {
    dossier.read(db, LogArea::Exercises, None).await?;
    scored_in(db, tenant, dossier, false).await
}

/// The client's own results: only of the exercises whose scores the coach shows.
pub async fn my_results(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    own: Option<&OwnDossier>,
) -> Result<Vec<ResultsDto>, AppError> {
    match own {
        Some(own) => scored_in(db, tenant, own.lookups(), true).await,
        None => Ok(Vec::new()),
    }
}

/// From the same assignments the dossier's list shows, read once for both.
async fn scored_in(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
    only_shown: bool,
) -> Result<Vec<ResultsDto>, AppError> {
    let given = given(db, tenant, dossier).await?;
    let mut found: Vec<assignment::Model> = given
        .assignments
        .iter()
        .filter(|a| a.status == AssignmentStatus::Submitted && a.scores.is_some())
        .filter(|a| !only_shown || a.show_results)
        .cloned()
        .collect();
    found.sort_by_key(|a| (a.submitted_at, a.id));
    for a in &mut found {
        if let Some(sealed) = &a.scores {
            a.scores = Some(ASSIGNMENT_SCORES.open(db, tenant, a.id, sealed).await?);
        }
    }
    scored(&found, &given.exercises, &given.versions)
}
