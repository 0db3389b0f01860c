//! Time registration: minutes per client, trajectory and day, with an activity type, and
//! totals by ISO week and by month. Entries of a dossier are visible to everyone who may
//! open it; the overview shows a coach their own minutes and an owner everyone's.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::time::{
    Activity, DossierTimeDto, PersonTotalsDto, TimeEntryDto, TimeForm, TimeOverviewDto, Total,
};
use crate::server::auth::TenantContext;
use crate::server::entity::{client, time_entry, user};
use crate::server::local_time;
use crate::server::service::clients::Dossier;
use crate::server::service::{access_log, clients, trajectories};
use crate::types::Role;

/// Coach, client, day and minutes of one entry.
type Row = (Option<i32>, i32, NaiveDate, i32);

fn week_key(day: NaiveDate) -> String {
    let week = day.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

fn month_key(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// Sums per week and per month, newest first.
pub fn totals(entries: &[(NaiveDate, i32)]) -> (Vec<Total>, Vec<Total>) {
    let mut weeks: BTreeMap<String, i64> = BTreeMap::new();
    let mut months: BTreeMap<String, i64> = BTreeMap::new();
    for (day, minutes) in entries {
        *weeks.entry(week_key(*day)).or_default() += *minutes as i64;
        *months.entry(month_key(*day)).or_default() += *minutes as i64;
    }
    let list = |map: BTreeMap<String, i64>| {
        map.into_iter()
            .rev()
            .map(|(period, minutes)| Total { period, minutes })
            .collect()
    };
    (list(weeks), list(months))
}

pub async fn for_dossier(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<DossierTimeDto, AppError> {
    dossier.read(db, LogArea::Time, None).await?;
    dossier
        .remember("time", async {
            let found = time_entry::Entity::find()
                .filter(time_entry::Column::ClientId.eq(dossier.id))
                .order_by_desc(time_entry::Column::EntryDate)
                .order_by_desc(time_entry::Column::Id)
                .all(db)
                .await?;
            let (weeks, months) = totals(
                &found
                    .iter()
                    .map(|e| (e.entry_date, e.minutes))
                    .collect::<Vec<_>>(),
            );
            let recent: Vec<_> = found.into_iter().take(50).collect();
            let people = dossier.people(db).await?;
            let trajectories = dossier.trajectories(db).await?;
            Ok(DossierTimeDto {
                weeks,
                months,
                entries: recent
                    .into_iter()
                    .map(|e| TimeEntryDto {
                        coach: people
                            .iter()
                            .find(|p| Some(p.id) == e.coach_id)
                            .map(|p| p.name.clone()),
                        trajectory: trajectories
                            .iter()
                            .find(|t| Some(t.id) == e.trajectory_id)
                            .map(|t| t.title.clone()),
                        can_delete: e.coach_id == Some(tenant.user_id),
                        id: e.id,
                        date: e.entry_date.format("%Y-%m-%d").to_string(),
                        minutes: e.minutes,
                        activity: e.activity,
                        note: e.note,
                    })
                    .collect(),
            })
        })
        .await
}

pub async fn log(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
    input: &TimeForm,
) -> Result<i32, AppError> {
    tenant.writable()?;
    let mut problems = Vec::new();
    let date = match input.date.trim() {
        "" => Some(local_time::local_date(now)),
        raw => local_time::parse_day(raw),
    };
    if date.is_none() {
        problems.push(("date".to_string(), FieldProblem::DateFormat));
    }
    let minutes = input
        .minutes
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|m| (1..=1440).contains(m));
    if minutes.is_none() {
        problems.push(("minutes".to_string(), FieldProblem::MinutesRange));
    }
    let activity = Activity::parse(&input.activity);
    if activity.is_none() {
        problems.push(("activity".to_string(), FieldProblem::Required));
    }
    let note = input.note.trim();
    if note.chars().count() > 500 {
        problems.push(("note".to_string(), FieldProblem::TooLong));
    }
    let trajectory_id =
        trajectories::chosen(db, dossier.id, &input.trajectory_id, &mut problems).await?;
    let (Some(date), Some(minutes), Some(activity), true) =
        (date, minutes, activity, problems.is_empty())
    else {
        return Err(AppError::Invalid { fields: problems });
    };
    let txn = super::begin_write(db).await?;
    let result = async {
        let created = time_entry::ActiveModel {
            organization_id: Set(tenant.organization_id),
            client_id: Set(dossier.id),
            trajectory_id: Set(trajectory_id),
            coach_id: Set(Some(tenant.user_id)),
            entry_date: Set(date),
            minutes: Set(minutes),
            activity: Set(activity),
            note: Set((!note.is_empty()).then(|| note.to_string())),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        dossier
            .changed(&txn, LogArea::Time, Some(created.id), LogAction::Create)
            .await?;
        Ok(created.id)
    }
    .await;
    super::finish(txn, result).await
}

/// Only whoever logged the minutes may remove them: it is their record of their time.
pub async fn delete(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let found = time_entry::Entity::find_by_id(id)
        .filter(time_entry::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    clients::open(db, tenant, found.client_id).await?;
    if found.coach_id != Some(tenant.user_id) {
        return Err(AppError::Forbidden);
    }
    tenant.writable()?;
    let txn = super::begin_write(db).await?;
    let result = async {
        time_entry::Entity::delete_by_id(found.id)
            .exec(&txn)
            .await?;
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Time,
            Some(id),
            LogAction::Delete,
        )
        .await
    }
    .await;
    super::finish(txn, result).await
}

/// The last six months: per coach (a coach sees themselves, an owner everyone) and per
/// client, by week and by month.
pub async fn overview(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
) -> Result<TimeOverviewDto, AppError> {
    tenant.require_staff()?;
    let today = local_time::local_date(now);
    let from = (today - Duration::days(183)).with_day(1).unwrap_or(today);
    let mut query = time_entry::Entity::find()
        .filter(time_entry::Column::OrganizationId.eq(tenant.organization_id))
        .filter(time_entry::Column::EntryDate.gte(from));
    if tenant.role != Role::Owner {
        query = query.filter(time_entry::Column::CoachId.eq(tenant.user_id));
    }
    let rows: Vec<Row> = query
        .select_only()
        .column(time_entry::Column::CoachId)
        .column(time_entry::Column::ClientId)
        .column(time_entry::Column::EntryDate)
        .column(time_entry::Column::Minutes)
        .into_tuple()
        .all(db)
        .await?;
    let people = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(tenant.organization_id))
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.0)))
        .all(db)
        .await?;
    let dossiers = client::Entity::find()
        .filter(client::Column::OrganizationId.eq(tenant.organization_id))
        .filter(client::Column::Id.is_in(rows.iter().map(|r| r.1)))
        .all(db)
        .await?;
    let group = |key: &dyn Fn(&Row) -> Option<(i32, String)>| {
        let mut by: BTreeMap<(String, i32), Vec<(NaiveDate, i32)>> = BTreeMap::new();
        for row in &rows {
            if let Some((id, name)) = key(row) {
                by.entry((name, id)).or_default().push((row.2, row.3));
            }
        }
        by.into_iter()
            .map(|((name, id), entries)| {
                let (weeks, months) = totals(&entries);
                PersonTotalsDto {
                    id,
                    name,
                    weeks,
                    months,
                }
            })
            .collect()
    };
    Ok(TimeOverviewDto {
        coaches: group(&|row| {
            let id = row.0?;
            people
                .iter()
                .find(|p| p.id == id)
                .map(|p| (p.id, p.name.clone()))
        }),
        clients: group(&|row| {
            dossiers
                .iter()
                .find(|d| d.id == row.1)
                .map(|d| (d.id, d.name.clone()))
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn totals_follow_iso_weeks_and_calendar_months() {
        // 2026-11-30 is a Monday (week 49); 2026-11-29 a Sunday (week 48); 2027-01-01 is in
        // ISO week 53 of 2026.
        let (weeks, months) = totals(&[
            (day("2026-11-29"), 45),
            (day("2026-11-30"), 30),
            (day("2026-12-01"), 15),
            (day("2027-01-01"), 60),
        ]);
        let pairs = |t: Vec<Total>| {
            t.into_iter()
                .map(|t| (t.period, t.minutes))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pairs(weeks),
            vec![
                ("2026-W53".to_string(), 60),
                ("2026-W49".to_string(), 45),
                ("2026-W48".to_string(), 45),
            ]
        );
        assert_eq!(
            pairs(months),
            vec![
                ("2027-01".to_string(), 60),
                ("2026-12".to_string(), 15),
                ("2026-11".to_string(), 75),
            ]
        );
    }
}
