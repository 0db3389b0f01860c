//! The dossier's recent activity, gathered from the areas' own lists, so each item is shown
//! only to whoever that area's rules allow.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::model::clients::{TimelineItemDto, TimelineKind};
use crate::server::auth::TenantContext;
use crate::server::local_time;
use crate::server::service::clients::Dossier;
use crate::server::service::{agenda, documents, reports, time, trajectories};

const LENGTH: usize = 15;

/// The start of a report's first line, without Markdown marks.
fn excerpt(body: &str) -> String {
    let line = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let plain: String = line
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '#' | '`'))
        .collect();
    let plain = plain.trim().trim_start_matches("- ").trim();
    if plain.chars().count() > 80 {
        format!("{}…", plain.chars().take(80).collect::<String>().trim_end())
    } else {
        plain.to_string()
    }
}

pub async fn for_dossier(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<TimelineItemDto>, AppError> {
    let mut items = Vec::new();
    let item =
        |at: String, kind: TimelineKind, title: String, who: Option<String>| TimelineItemDto {
            at,
            kind,
            title,
            who,
        };
    for r in reports::list(db, tenant, dossier).await? {
        items.push(item(
            r.date,
            TimelineKind::Report,
            excerpt(&r.body),
            r.author,
        ));
    }
    for a in agenda::for_dossier(db, tenant, dossier).await? {
        items.push(item(
            a.starts_at.replace('T', " "),
            TimelineKind::Appointment,
            a.title,
            a.coach,
        ));
    }
    for e in time::for_dossier(db, tenant, dossier).await?.entries {
        items.push(item(
            e.date,
            TimelineKind::Time,
            format!("{} min", e.minutes),
            e.coach,
        ));
    }
    for d in documents::for_dossier(db, tenant, dossier).await? {
        items.push(item(
            d.at,
            TimelineKind::Document,
            d.filename,
            d.uploaded_by,
        ));
    }
    for t in trajectories::list(db, dossier).await? {
        if let Some(start) = t.start_date {
            items.push(item(start, TimelineKind::Trajectory, t.title, t.coach));
        }
    }
    // Recent activity: what already happened, newest first.
    let now = local_time::to_display(now);
    items.retain(|i| i.at <= now);
    items.sort_by(|a, b| b.at.cmp(&a.at));
    items.truncate(LENGTH);
    Ok(items)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_excerpt_is_the_first_line_in_plain_text() {
        assert_eq!(
            super::excerpt("\n**Intake** met _Femke_\n\n- rest"),
            "Intake met Femke"
        );
        let long = "woord ".repeat(30);
        assert!(super::excerpt(&long).ends_with('…'));
        assert!(super::excerpt(&long).chars().count() <= 81);
    }
}
