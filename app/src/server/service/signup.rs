//! Self-service demo sign-up: a practice tries Koers for a fortnight without asking anyone.

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use crate::error::{AppError, FieldProblem};
use crate::server::auth::{password, throttle};
use crate::server::entity::{consent, organization as organization_entity, user};
use crate::server::mail::{Mail, Mailer};
use crate::server::service::account::normalize_email;
use crate::server::service::consent as terms;
use crate::server::service::organization::{self, NewOrganization};
use crate::server::Clock;

pub const DEMO_DAYS: i64 = 14;
/// Sign-ups from one address within the throttle window. Forms refused for a missing or
/// malformed field do not count, so somebody correcting typos is never locked out.
pub const MAX_PER_ADDRESS: u64 = 5;

pub struct DemoSignUp<'a> {
    pub organization: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub agreed: bool,
}

fn check_length(problems: &mut Vec<(String, FieldProblem)>, field: &str, value: &str) {
    if value.is_empty() {
        problems.push((field.to_string(), FieldProblem::Required));
    } else if value.chars().count() > 200 {
        problems.push((field.to_string(), FieldProblem::TooLong));
    }
}

/// Creates a demo organization with its owner, who has agreed to the current terms.
/// Returns the owner's user id so the caller can sign them in.
pub async fn sign_up_demo(
    db: &DatabaseConnection,
    clock: &Clock,
    mailer: &dyn Mailer,
    public_url: &str,
    address: &str,
    input: DemoSignUp<'_>,
) -> Result<i32, AppError> {
    let organization_name = input.organization.trim();
    let name = input.name.trim();
    let mut problems = Vec::new();
    check_length(&mut problems, "organization", organization_name);
    check_length(&mut problems, "name", name);
    let email = match normalize_email(input.email) {
        Ok(email) => Some(email),
        Err(problem) => {
            problems.push(("email".to_string(), problem));
            None
        }
    };
    let context = [
        email.as_deref().unwrap_or_default(),
        name,
        organization_name,
    ];
    if let Err(problem) = password::check_new_password(input.password, &context) {
        problems.push(("password".to_string(), problem));
    }
    if !input.agreed {
        problems.push(("agree".to_string(), FieldProblem::MustAgree));
    }
    let (Some(email), true) = (email, problems.is_empty()) else {
        return Err(AppError::Invalid { fields: problems });
    };

    let key = format!("signup:{address}");
    if throttle::recent(db, &key).await? >= MAX_PER_ADDRESS {
        return Err(AppError::RateLimited {
            retry_after_minutes: throttle::WINDOW_MINUTES as u32,
        });
    }
    throttle::record_failure(db, &[&key]).await?;

    if user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .count(db)
        .await?
        > 0
    {
        problems.push(("email".to_string(), FieldProblem::EmailTaken));
    }
    let same_name = organization_entity::Entity::find()
        .filter(
            Expr::expr(Func::lower(Expr::col(organization_entity::Column::Name)))
                .eq(organization_name.to_lowercase()),
        )
        .count(db)
        .await?;
    if same_name > 0 {
        problems.push(("organization".to_string(), FieldProblem::OrganizationTaken));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid { fields: problems });
    }

    let now = clock.now();
    let current_terms = terms::current(db).await?;
    let txn = super::begin_write(db).await?;
    let result = async {
        let (org, owner) = organization::insert_with_owner(
            &txn,
            now,
            organization_name,
            NewOrganization {
                name: organization_name,
                licence: "demo",
                owner_name: name,
                owner_email: &email,
                owner_password: Some(input.password),
            },
        )
        .await?;
        if let Some(version) = current_terms {
            consent::ActiveModel {
                user_id: Set(owner.id),
                terms_version_id: Set(version.id),
                accepted_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        Ok((org, owner))
    }
    .await;
    let (org, owner) = super::finish(txn, result).await?;

    let until = org
        .demo_ends_at
        .map(|end| end.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let link = format!("{}/login", public_url.trim_end_matches('/'));
    mailer
        .send(Mail {
            organization_id: Some(org.id),
            to: email.clone(),
            subject: "Welkom bij Koers / Welcome to Koers".to_string(),
            body: format!(
                "Beste {name},\n\nJe demo van Koers voor {org_name} staat klaar en loopt tot en met \
                 {until}. Daarna kun je alles nog lezen, maar niets meer wijzigen tot de beheerder \
                 van Koers je demo omzet in een licentie. Inloggen doe je hier:\n\n{link}\n\n\
                 Heb je je niet zelf aangemeld, laat het ons dan weten door op deze e-mail te \
                 antwoorden.\n\n---\n\nDear {name},\n\nYour Koers demo for {org_name} is ready and \
                 runs until {until}. After that you can still read everything but change nothing \
                 until the Koers operator converts your demo into a licence. Sign in here:\n\n\
                 {link}\n\nIf you did not sign up yourself, please reply to this e-mail.\n",
                org_name = org.name,
            ),
        })
        .await?;
    Ok(owner.id)
}
