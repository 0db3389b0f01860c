//! The operator's console: licences, demo conversion, suspending organizations and
//! accounts, publishing terms. The operator manages organizations, never their content:
//! nothing here returns a member's name, a dossier or anything a client wrote.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

use crate::error::{AppError, FieldProblem, Seat};
use crate::model::members::UserStatus;
use crate::model::operator::{
    OrganizationDetail, OrganizationRow, SubscriptionEnd, TermsSource, ORDINARY_DATA_YEARS,
    SPECIAL_DATA_YEARS,
};
use crate::model::organizations::{Licence, OrganizationStatus};
use crate::server::auth::session_store::delete_user_sessions;
use crate::server::auth::OperatorContext;
use crate::server::entity::{organization, user};
use crate::server::local_time;
use crate::server::service::account::normalize_email;
use crate::server::service::consent::{self, TermsTexts};
use crate::server::service::licence;
use crate::server::service::signup::DEMO_DAYS;

/// The highest custom limit the console accepts; far above any practice, low enough to
/// catch a typing slip of a few extra zeros.
const MAX_CUSTOM_LIMIT: i32 = 100_000;

fn date(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(|at| at.format("%Y-%m-%d").to_string())
}

/// The end of a subscription and when the practice's data is due for deletion.
pub fn subscription_end(ends_on: NaiveDate, today: NaiveDate, language: &str) -> SubscriptionEnd {
    let after = |years: u32| {
        ends_on
            .checked_add_months(Months::new(12 * years))
            .unwrap_or(NaiveDate::MAX)
    };
    let (special, ordinary) = (after(SPECIAL_DATA_YEARS), after(ORDINARY_DATA_YEARS));
    SubscriptionEnd {
        ends_on: local_time::day_in_words(ends_on, language),
        ended: ends_on < today,
        special_due_on: local_time::day_in_words(special, language),
        ordinary_due_on: local_time::day_in_words(ordinary, language),
        overdue: special <= today,
    }
}

async fn row(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    language: &str,
    org: organization::Model,
) -> Result<OrganizationRow, AppError> {
    let limits = licence::limits(&org);
    let today = local_time::local_date(now);
    Ok(OrganizationRow {
        subscription: org
            .subscription_ends_on
            .map(|day| subscription_end(day, today, language)),
        coaches_used: licence::seats_used(db, org.id, Seat::Coaches).await?,
        coaches_limit: limits.coaches,
        clients_used: licence::seats_used(db, org.id, Seat::Clients).await?,
        clients_limit: limits.clients,
        read_only: org.is_read_only(now),
        demo_ends_on: date(org.demo_ends_at.filter(|_| org.licence == Licence::Demo)),
        id: org.id,
        name: org.name,
        licence: org.licence,
        status: org.status,
    })
}

/// All organizations with their seats. Deliberately no member names, no client content.
pub async fn organizations(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    _operator: &OperatorContext,
    language: &str,
) -> Result<Vec<OrganizationRow>, AppError> {
    let orgs = organization::Entity::find()
        .order_by_asc(organization::Column::Name)
        .all(db)
        .await?;
    let mut rows = Vec::with_capacity(orgs.len());
    for org in orgs {
        rows.push(row(db, now, language, org).await?);
    }
    Ok(rows)
}

pub async fn organization(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    _operator: &OperatorContext,
    language: &str,
    id: i32,
) -> Result<OrganizationDetail, AppError> {
    let org = licence::organization(db, id).await?;
    let limits = licence::limits(&org);
    Ok(OrganizationDetail {
        subscription_ends_input: org
            .subscription_ends_on
            .map(|day| day.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        created_on: org.created_at.format("%Y-%m-%d").to_string(),
        custom_coaches: org.max_coaches,
        custom_clients: org.max_clients,
        custom_teams: org.max_teams,
        teams_limit: limits.teams,
        row: row(db, now, language, org).await?,
    })
}

/// Records the last day of an organization's subscription (empty: it goes on). Nothing is
/// deleted here; the console then shows when its data is due.
pub async fn set_subscription_end(
    db: &DatabaseConnection,
    _operator: &OperatorContext,
    id: i32,
    raw: &str,
) -> Result<(), AppError> {
    let raw = raw.trim();
    let ends_on = if raw.is_empty() {
        None
    } else {
        let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| AppError::field("ends_on", FieldProblem::DateFormat))?;
        Some(day)
    };
    let org = licence::organization(db, id).await?;
    let mut active = org.into_active_model();
    active.subscription_ends_on = Set(ends_on);
    active.update(db).await?;
    tracing::info!(
        organization = id,
        ended = ends_on.is_some(),
        "subscription end recorded"
    );
    Ok(())
}

fn parse_limit(field: &str, raw: &str) -> Result<i32, (String, FieldProblem)> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err((field.to_string(), FieldProblem::Required));
    }
    match raw.parse::<i32>() {
        Ok(n) if (0..=MAX_CUSTOM_LIMIT).contains(&n) => Ok(n),
        _ => Err((field.to_string(), FieldProblem::NotANumber)),
    }
}

/// The limits a licence change asks for: for `custom` all three numbers, for the standard
/// licences none (their own limits apply).
pub struct LicenceChange<'a> {
    pub licence: &'a str,
    pub coaches: &'a str,
    pub clients: &'a str,
    pub teams: &'a str,
}

/// Changes an organization's licence. Moving a demo to any other licence converts it: the
/// demo period is dropped and, if it had ended, the organization can change things again.
/// Nothing else is touched, so all data stays. Lowering limits below what is in use keeps
/// everyone who is there; only new invitations are refused.
pub async fn set_licence(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    _operator: &OperatorContext,
    id: i32,
    change: LicenceChange<'_>,
) -> Result<(), AppError> {
    let Some(new_licence) = Licence::parse(change.licence) else {
        return Err(AppError::field("licence", FieldProblem::Required));
    };
    let custom = if new_licence == Licence::Custom {
        let parsed = [
            parse_limit("coaches", change.coaches),
            parse_limit("clients", change.clients),
            parse_limit("teams", change.teams),
        ];
        let problems: Vec<_> = parsed.iter().filter_map(|p| p.clone().err()).collect();
        if !problems.is_empty() {
            return Err(AppError::Invalid { fields: problems });
        }
        let [coaches, clients, teams] = parsed.map(|p| p.ok());
        (coaches, clients, teams)
    } else {
        (None, None, None)
    };
    let txn = super::begin_write(db).await?;
    let result = async {
        let org = licence::lock(&txn, id).await?;
        let demo_ends_at = match (new_licence, org.licence) {
            (Licence::Demo, Licence::Demo) => org.demo_ends_at,
            (Licence::Demo, Licence::Standard | Licence::Extended | Licence::Custom) => {
                Some(now + Duration::days(DEMO_DAYS))
            }
            (Licence::Standard | Licence::Extended | Licence::Custom, _) => None,
        };
        let mut active = org.into_active_model();
        active.licence = Set(new_licence);
        active.max_coaches = Set(custom.0);
        active.max_clients = Set(custom.1);
        active.max_teams = Set(custom.2);
        active.demo_ends_at = Set(demo_ends_at);
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}

/// Suspends an organization (every session of its people ends at once) or reactivates it.
pub async fn set_organization_suspended(
    db: &DatabaseConnection,
    _operator: &OperatorContext,
    id: i32,
    suspended: bool,
) -> Result<(), AppError> {
    let mut active = licence::organization(db, id).await?.into_active_model();
    active.status = Set(if suspended {
        OrganizationStatus::Suspended
    } else {
        OrganizationStatus::Active
    });
    active.update(db).await?;
    if suspended {
        let members = user::Entity::find()
            .filter(user::Column::OrganizationId.eq(id))
            .all(db)
            .await?;
        for member in members {
            delete_user_sessions(db, member.id).await?;
        }
    }
    Ok(())
}

/// Suspends or reactivates one account by its e-mail address, for instance when an owner
/// reports a lost device. Reactivating only undoes a suspension: an archived client stays
/// archived. The answer says nothing about the person beyond success.
pub async fn set_user_suspended(
    db: &DatabaseConnection,
    origin: &crate::server::service::security::events::Origin,
    operator: &OperatorContext,
    email: &str,
    suspended: bool,
) -> Result<(), AppError> {
    let email = normalize_email(email).map_err(|p| AppError::field("email", p))?;
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("email", FieldProblem::NoSuchAccount))?;
    if found.id == operator.user_id {
        return Err(AppError::NotOnYourself);
    }
    let status = if suspended {
        UserStatus::Suspended
    } else if found.status == UserStatus::Suspended {
        UserStatus::Active
    } else {
        return Ok(());
    };
    let id = found.id;
    let event = crate::server::service::security::events::Event {
        kind: crate::model::security::SecurityEventKind::Suspended,
        organization_id: found.organization_id,
        user_id: Some(id),
        actor_id: Some(operator.user_id),
        detail: Some(if suspended { "suspended" } else { "active" }.to_string()),
    };
    let mut active = found.into_active_model();
    active.status = Set(status);
    active.update(db).await?;
    crate::server::service::security::events::record(db, origin, event).await?;
    if suspended {
        delete_user_sessions(db, id).await?;
    }
    Ok(())
}

/// The current texts, as Markdown, for the operator to edit into a new version.
pub async fn terms_source(
    db: &DatabaseConnection,
    _operator: &OperatorContext,
) -> Result<TermsSource, AppError> {
    let current = consent::current(db).await?.ok_or(AppError::NotFound)?;
    Ok(TermsSource {
        version: current.version,
        published_on: current.published_at.format("%Y-%m-%d").to_string(),
        terms_nl: current.terms_nl,
        terms_en: current.terms_en,
        privacy_nl: current.privacy_nl,
        privacy_en: current.privacy_en,
    })
}

/// Publishes new texts; from the next request on, everybody must accept them first.
pub async fn publish_terms(
    db: &DatabaseConnection,
    operator: &OperatorContext,
    texts: TermsTexts,
) -> Result<i32, AppError> {
    let problems: Vec<_> = [
        ("terms_nl", &texts.terms_nl),
        ("terms_en", &texts.terms_en),
        ("privacy_nl", &texts.privacy_nl),
        ("privacy_en", &texts.privacy_en),
    ]
    .into_iter()
    .filter(|(_, text)| text.trim().is_empty())
    .map(|(field, _)| (field.to_string(), FieldProblem::Required))
    .collect();
    if !problems.is_empty() {
        return Err(AppError::Invalid { fields: problems });
    }
    consent::publish(db, operator, texts).await
}
