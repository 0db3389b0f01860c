//! Self-service demo sign-up: a practice tries Koers for a fortnight without asking anyone.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};

use crate::error::{AppError, FieldProblem, LinkProblem};
use crate::model::signup::SignupLink;
use crate::server::auth::{password, throttle, tokens};
use crate::server::crypto::Keyring;
use crate::server::entity::{consent, organization as organization_entity, signup_request};
use crate::server::mail::{Mail, Mailer};
use crate::server::service::account::{has_account, normalize_email};
use crate::server::service::account_link;
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

/// How long the link that finishes a sign-up works.
pub const LINK_HOURS: i64 = 24;

/// Starts a demo sign-up: checks the form and mails a link to the address that finishes
/// it (so nobody starts a demo in someone else's name). The answer is the same whether or
/// not the address already has an account — that a person uses Koers, maybe as someone's
/// client, is not for a stranger to learn; such an address is told so by mail instead.
pub async fn request_demo(
    db: &DatabaseConnection,
    clock: &Clock,
    mailer: &dyn Mailer,
    public_url: &str,
    address: &str,
    input: DemoSignUp<'_>,
) -> Result<(), AppError> {
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
    let _counted = throttle::take(db, &[(&key, MAX_PER_ADDRESS)]).await?;
    if organization_name_taken(db, organization_name).await? {
        return Err(AppError::field(
            "organization",
            FieldProblem::OrganizationTaken,
        ));
    }
    // Hashed in either case, so the answer takes as long whether the address is known.
    let password_hash = password::hash(input.password.to_string()).await?;
    let now = clock.now();
    let base = public_url.trim_end_matches('/');
    let mail = if has_account(db, &email).await? {
        Mail {
            organization_id: None,
            to: email.clone(),
            subject: "Je hebt al een account bij Koers / You already have a Koers account"
                .to_string(),
            body: format!(
                "Hallo,\n\nMet dit e-mailadres is zojuist een demo van Koers aangevraagd, maar \
                 het adres hoort al bij een account. Er is daarom geen demo gemaakt. Inloggen doe \
                 je hier: {base}/login — wachtwoord vergeten? {base}/forgot\n\nHeb je dit niet \
                 zelf gedaan, negeer deze e-mail dan; er is niets veranderd.\n\n---\n\n\
                 Hello,\n\nSomeone just asked for a Koers demo with this e-mail address, but it \
                 already belongs to an account, so no demo was made. Sign in here: {base}/login \
                 — forgot your password? {base}/forgot\n\nIf this was not you, ignore this \
                 e-mail; nothing changed.\n"
            ),
        }
    } else {
        let (token, token_hash) = tokens::new_token();
        signup_request::ActiveModel {
            token_hash: Set(token_hash),
            email: Set(email.clone()),
            name: Set(name.to_string()),
            organization_name: Set(organization_name.to_string()),
            password_hash: Set(password_hash),
            expires_at: Set(now + Duration::hours(LINK_HOURS)),
            used_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let link = format!("{base}/signup/confirm/{token}");
        Mail {
            organization_id: None,
            to: email.clone(),
            subject: "Bevestig je demo van Koers / Confirm your Koers demo".to_string(),
            body: format!(
                "Beste {name},\n\nOpen deze link om je demo van Koers voor {organization_name} \
                 te starten. De link werkt één keer en {LINK_HOURS} uur lang:\n\n{link}\n\n\
                 Heb je dit niet zelf aangevraagd, negeer deze e-mail dan; er wordt niets \
                 gemaakt.\n\n---\n\nDear {name},\n\nOpen this link to start your Koers demo \
                 for {organization_name}. It works once and for {LINK_HOURS} hours:\n\n{link}\n\n\
                 If you did not ask for this, ignore this e-mail; nothing will be made.\n"
            ),
        }
    };
    mailer.send(mail).await
}

async fn organization_name_taken(db: &impl ConnectionTrait, name: &str) -> Result<bool, AppError> {
    Ok(organization_entity::Entity::find()
        .filter(
            Expr::expr(Func::lower(Expr::col(organization_entity::Column::Name)))
                .eq(name.to_lowercase()),
        )
        .count(db)
        .await?
        > 0)
}

async fn usable<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    token: &str,
) -> Result<signup_request::Model, AppError> {
    let found = signup_request::Entity::find()
        .filter(signup_request::Column::TokenHash.eq(tokens::sha256_hex(token)))
        .one(db)
        .await?;
    account_link::checked(found, now, |request| (request.used_at, request.expires_at))
}

/// What the confirmation page shows about a sign-up link that still works.
pub async fn details(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    token: &str,
) -> Result<SignupLink, AppError> {
    let found = usable(db, now, token).await?;
    Ok(SignupLink {
        organization: found.organization_name,
        name: found.name,
        email: found.email,
    })
}

/// Finishes a sign-up from its link: the demo organization, its owner with the password
/// chosen in the form, the consent given there, in one transaction; then the welcome mail.
/// Returns the owner's user id so the caller can sign them in.
pub async fn confirm(
    db: &DatabaseConnection,
    keys: &Keyring,
    clock: &Clock,
    mailer: &dyn Mailer,
    public_url: &str,
    token: &str,
) -> Result<i32, AppError> {
    let now = clock.now();
    let current_terms = terms::current(db).await?;
    let txn = super::begin_write(db).await?;
    let result = async {
        let request = usable(&txn, now, token).await?;
        let mut spent = request.clone().into_active_model();
        spent.used_at = Set(Some(now));
        spent.update(&txn).await?;
        // Another sign-up with this address or this name may have finished meanwhile.
        if has_account(&txn, &request.email).await? {
            return Err(AppError::LinkInvalid {
                problem: LinkProblem::Used,
            });
        }
        if organization_name_taken(&txn, &request.organization_name).await? {
            return Err(AppError::field(
                "organization",
                FieldProblem::OrganizationTaken,
            ));
        }
        let (org, owner) = organization::insert_with_owner(
            &txn,
            now,
            &request.organization_name,
            NewOrganization {
                name: &request.organization_name,
                licence: "demo",
                owner_name: &request.name,
                owner_email: &request.email,
                owner_password: None,
            },
        )
        .await?;
        let mut with_password = owner.clone().into_active_model();
        with_password.password_hash = Set(Some(request.password_hash.clone()));
        with_password.update(&txn).await?;
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
    // The practice's data key, made now rather than inside its first write.
    keys.ensure(db, org.id).await?;
    let name = &owner.name;
    let email = &owner.email;
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
