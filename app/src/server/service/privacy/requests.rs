//! The register of privacy requests (GDPR art. 12, 30): what a person asked, when it came
//! in, the two weeks Koers promises and the month the law allows, and how it was answered.
//! Owners keep it; it is about people, not dossier content, so it is not in the access log.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::privacy::{
    RequestForm, RequestKind, RequestRow, RequestStatus, RequestsPage, ANSWER_DAYS, LEGAL_MONTHS,
    MAX_ANSWER, MAX_PERSON,
};
use crate::server::auth::TenantContext;
use crate::server::entity::{client, privacy_request};
use crate::server::local_time;
use crate::server::service::clients;

/// The two deadlines of a request received on `received`.
pub fn deadlines(received: NaiveDate) -> (NaiveDate, NaiveDate) {
    let promised = received + Duration::days(ANSWER_DAYS);
    // The last day of a shorter month when the day does not exist (31 January → 28 February).
    let legal = received
        .checked_add_months(Months::new(LEGAL_MONTHS))
        .unwrap_or(promised);
    (promised, legal)
}

/// The register for its owners: open requests first, the most urgent first; then the
/// closed ones, newest first.
pub async fn list(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    language: &str,
) -> Result<RequestsPage, AppError> {
    tenant.require_owner()?;
    let today = local_time::local_date(now);
    let dossiers = clients::names(db, tenant, None).await?;
    let mut found = privacy_request::Entity::find()
        .filter(privacy_request::Column::OrganizationId.eq(tenant.organization_id))
        .order_by_desc(privacy_request::Column::ReceivedOn)
        .order_by_desc(privacy_request::Column::Id)
        .all(db)
        .await?;
    found.sort_by_key(|r| match r.status {
        RequestStatus::Open => (0, r.due_on),
        RequestStatus::Done | RequestStatus::Refused => (1, NaiveDate::MIN),
    });
    let words = |day: NaiveDate| local_time::day_in_words(day, language);
    let rows = found
        .into_iter()
        .map(|r| RequestRow {
            id: r.id,
            kind: r.kind,
            person: r.person,
            dossier: r
                .client_id
                .and_then(|id| dossiers.iter().find(|d| d.id == id).cloned()),
            received_on: words(r.received_on),
            due_on: words(r.due_on),
            legal_due_on: words(r.legal_due_on),
            overdue: r.status == RequestStatus::Open && today > r.due_on,
            status: r.status,
            answer: r.answer,
            closed_on: r.closed_on.map(words),
        })
        .collect();
    Ok(RequestsPage {
        rows,
        dossiers,
        today: today.format("%Y-%m-%d").to_string(),
    })
}

/// Writes a request down; its deadlines follow from the day it came in.
pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    input: &RequestForm,
) -> Result<i32, AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let today = local_time::local_date(now);
    let mut problems = Vec::new();
    let kind = RequestKind::parse(input.kind.trim());
    if kind.is_none() {
        problems.push(("kind".to_string(), FieldProblem::Required));
    }
    let person = input.person.trim();
    if person.is_empty() {
        problems.push(("person".to_string(), FieldProblem::Required));
    } else if person.chars().count() > MAX_PERSON {
        problems.push(("person".to_string(), FieldProblem::TooLong));
    }
    let received = match input.received_on.trim() {
        "" => Some(today),
        raw => match local_time::parse_day(raw) {
            // A request cannot have come in tomorrow.
            Some(day) if day <= today => Some(day),
            Some(_) => {
                problems.push(("received_on".to_string(), FieldProblem::DateInvalid));
                None
            }
            None => {
                problems.push(("received_on".to_string(), FieldProblem::DateFormat));
                None
            }
        },
    };
    let client_id = match input.client_id.trim() {
        "" => None,
        raw => {
            let known = match raw.parse::<i32>() {
                Ok(id) => {
                    client::Entity::find_by_id(id)
                        .filter(client::Column::OrganizationId.eq(tenant.organization_id))
                        .count(db)
                        .await?
                        > 0
                }
                Err(_) => false,
            };
            if !known {
                problems.push(("client_id".to_string(), FieldProblem::Required));
            }
            raw.parse::<i32>().ok()
        }
    };
    let (Some(kind), Some(received), true) = (kind, received, problems.is_empty()) else {
        return Err(AppError::Invalid { fields: problems });
    };
    let (due, legal) = deadlines(received);
    let created = privacy_request::ActiveModel {
        organization_id: Set(tenant.organization_id),
        kind: Set(kind),
        person: Set(person.to_string()),
        client_id: Set(client_id),
        received_on: Set(received),
        due_on: Set(due),
        legal_due_on: Set(legal),
        status: Set(RequestStatus::Open),
        answer: Set(None),
        closed_on: Set(None),
        created_by: Set(Some(tenant.user_id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(created.id)
}

/// Closes a request as done or refused, with what was done or why; the answer of a closed
/// request can still be completed.
pub async fn close(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    status: &str,
    answer: &str,
) -> Result<(), AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    let found = privacy_request::Entity::find_by_id(id)
        .filter(privacy_request::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = match RequestStatus::parse(status.trim()) {
        Some(status @ (RequestStatus::Done | RequestStatus::Refused)) => status,
        _ => return Err(AppError::field("status", FieldProblem::Required)),
    };
    let answer = answer.trim();
    if answer.chars().count() > MAX_ANSWER {
        return Err(AppError::field("answer", FieldProblem::TooLong));
    }
    // A refusal must say why (art. 12(4)).
    if status == RequestStatus::Refused && answer.is_empty() {
        return Err(AppError::field("answer", FieldProblem::Required));
    }
    let closed_on = found
        .closed_on
        .unwrap_or_else(|| local_time::local_date(now));
    let mut active = found.into_active_model();
    active.status = Set(status);
    active.answer = Set((!answer.is_empty()).then(|| answer.to_string()));
    active.closed_on = Set(Some(closed_on));
    active.updated_at = Set(now);
    active.update(db).await?;
    Ok(())
}

/// How many open requests are past the two weeks, for the owner's home.
pub async fn overdue(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
) -> Result<u64, AppError> {
    tenant.require_owner()?;
    Ok(privacy_request::Entity::find()
        .filter(privacy_request::Column::OrganizationId.eq(tenant.organization_id))
        .filter(privacy_request::Column::Status.eq(RequestStatus::Open))
        .filter(privacy_request::Column::DueOn.lt(local_time::local_date(now)))
        .count(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_weeks_promised_one_month_by_law_also_at_the_end_of_a_month() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            deadlines(day("2026-12-07")),
            (day("2026-12-21"), day("2027-01-07"))
        );
        assert_eq!(
            deadlines(day("2027-01-31")),
            (day("2027-02-14"), day("2027-02-28"))
        );
    }
}
