//! The demo data that the README's run command creates: one organization with an owner, a
//! coach and a client, plus an operator, all with known passwords. Never run it on a real
//! installation; the passwords are in this file.

use app::model::agenda::AppointmentForm;
use app::model::reports::ReportForm;
use app::model::time::TimeForm;
use app::model::trajectories::TrajectoryForm;
use app::server::auth::OperatorContext;
use app::server::entity::user;
use app::server::service::account::{self, NewUser};
use app::server::service::organization::{self, NewOrganization};
use app::types::Role;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

pub struct DemoLogin {
    pub role: Role,
    pub email: &'static str,
    pub password: &'static str,
}

pub const ORGANIZATION: &str = "Praktijk Noorderlicht (demo)";

pub const LOGINS: [DemoLogin; 4] = [
    DemoLogin {
        role: Role::Owner,
        email: "eigenaar@demo.koers.test",
        password: "Zeilboot-Morgenrood-47",
    },
    DemoLogin {
        role: Role::Coach,
        email: "coach@demo.koers.test",
        password: "Lantaarn-Heide-Wolk-82",
    },
    DemoLogin {
        role: Role::Client,
        email: "client@demo.koers.test",
        password: "Vuurtoren-Klaproos-19",
    },
    DemoLogin {
        role: Role::Operator,
        email: "operator@demo.koers.test",
        password: "Kompasroos-Getijde-63",
    },
];

fn name_for(role: Role) -> &'static str {
    match role {
        Role::Owner => "Eva de Eigenaar",
        Role::Coach => "Bram Begeleider",
        Role::Client => "Carla Cliënt",
        Role::Operator => "Olaf Operator",
    }
}

async fn exists(db: &DatabaseConnection, email: &str) -> Result<bool, app::error::AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .is_some())
}

/// Creates whatever of the demo data is missing; running it twice changes nothing.
pub async fn seed(
    db: &DatabaseConnection,
    keys: &app::server::Keyring,
) -> Result<(), app::error::AppError> {
    let [owner, coach, client, operator] = &LOGINS;
    if !exists(db, owner.email).await? {
        organization::create_with_owner(
            db,
            &OperatorContext::installation(),
            NewOrganization {
                name: ORGANIZATION,
                licence: "extended",
                owner_name: name_for(Role::Owner),
                owner_email: owner.email,
                owner_password: Some(owner.password),
            },
        )
        .await?;
    }
    let organization_id = user::Entity::find()
        .filter(user::Column::Email.eq(owner.email))
        .one(db)
        .await?
        .and_then(|u| u.organization_id);
    for (login, organization_id) in [
        (coach, organization_id),
        (client, organization_id),
        (operator, None),
    ] {
        if !exists(db, login.email).await? {
            let created = account::create_user(
                db,
                NewUser {
                    organization_id,
                    role: login.role,
                    email: login.email,
                    name: name_for(login.role),
                    password: Some(login.password),
                },
            )
            .await?;
            if login.role == Role::Client {
                app::server::service::clients::attach_login(
                    db,
                    app::server::Clock::default().now(),
                    &created,
                    None,
                )
                .await?;
            }
        }
    }
    if let Some(organization_id) = organization_id {
        seed_team(db, keys, organization_id, owner.email, coach.email).await?;
        seed_dossier_access(db, organization_id, coach.email, client.email).await?;
        seed_dossier_work(db, keys, organization_id, coach.email, client.email).await?;
    }
    Ok(())
}

/// A running trajectory in the demo dossier, with a report the client may read, a note
/// for the coach alone, an appointment next week and the time it took, so that a first
/// look at Koers shows the daily work.
async fn seed_dossier_work(
    db: &DatabaseConnection,
    keys: &app::server::Keyring,
    organization_id: i32,
    coach_email: &str,
    client_email: &str,
) -> Result<(), app::error::AppError> {
    use app::server::auth::TenantContext;
    use app::server::entity::{client, report};
    use app::server::service::{agenda, clients, reports, time, trajectories};
    let find = |email: &str| {
        user::Entity::find()
            .filter(user::Column::Email.eq(email.to_string()))
            .one(db)
    };
    let (Some(coach), Some(login)) = (find(coach_email).await?, find(client_email).await?) else {
        return Ok(());
    };
    let Some(dossier) = client::Entity::find()
        .filter(client::Column::OrganizationId.eq(organization_id))
        .filter(client::Column::UserId.eq(login.id))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let already = report::Entity::find()
        .filter(report::Column::ClientId.eq(dossier.id))
        .one(db)
        .await?
        .is_some();
    if already {
        return Ok(());
    }
    let tenant = TenantContext {
        user_id: coach.id,
        organization_id,
        role: Role::Coach,
        read_only: false,
        address: None,
        keys: keys.clone(),
    };
    let now = app::server::Clock::default().now();
    let dossier = clients::open(db, &tenant, dossier.id).await?;
    let trajectory = trajectories::create(
        db,
        now,
        &tenant,
        &dossier,
        &TrajectoryForm {
            title: "Loopbaanoriëntatie".to_string(),
            goals: "Weten waar mijn energie van komt\nEen volgende stap kiezen".to_string(),
            ..TrajectoryForm::default()
        },
    )
    .await?;
    trajectories::set_status(db, now, &tenant, trajectory, "active", "").await?;
    let trajectory_id = trajectory.to_string();
    for (body, visibility) in [
        (
            "Kennismaking en intake. We bespraken wat **goed gaat** en wat schuurt.\n\n- werkt graag met mensen\n- wil meer ruimte voor eigen ideeën\n\nVolgende keer: de waardenoefening.",
            "client",
        ),
        (
            "Eigen aantekening: let op signalen van overbelasting; navragen bij het volgende gesprek.",
            "author",
        ),
    ] {
        reports::create(
            db,
            now,
            &tenant,
            &dossier,
            &ReportForm {
                trajectory_id: trajectory_id.clone(),
                body: body.to_string(),
                visibility: visibility.to_string(),
                edit_rights: "author".to_string(),
                ..ReportForm::default()
            },
        )
        .await?;
    }
    let next_week = |hour: u32| {
        let day = app::server::local_time::local_date(now) + chrono::Duration::days(7);
        format!("{}T{hour:02}:00", day.format("%Y-%m-%d"))
    };
    agenda::create(
        db,
        now,
        &tenant,
        &dossier,
        &AppointmentForm {
            title: "Tweede gesprek".to_string(),
            starts_at: next_week(10),
            ends_at: next_week(11),
            location: "Praktijk Noorderlicht, spreekkamer 1".to_string(),
            trajectory_id: trajectory_id.clone(),
        },
    )
    .await?;
    time::log(
        db,
        now,
        &tenant,
        &dossier,
        &TimeForm {
            trajectory_id,
            minutes: "60".to_string(),
            activity: "session".to_string(),
            note: "Intake".to_string(),
            ..TimeForm::default()
        },
    )
    .await?;
    Ok(())
}

/// One team with the owner and the coach in it, so the teams page is not empty.
async fn seed_team(
    db: &DatabaseConnection,
    keys: &app::server::Keyring,
    organization_id: i32,
    owner_email: &str,
    coach_email: &str,
) -> Result<(), app::error::AppError> {
    use app::server::auth::TenantContext;
    use app::server::service::teams;
    let find = |email: &str| {
        user::Entity::find()
            .filter(user::Column::Email.eq(email.to_string()))
            .one(db)
    };
    let (Some(owner), Some(coach)) = (find(owner_email).await?, find(coach_email).await?) else {
        return Ok(());
    };
    let tenant = TenantContext {
        user_id: owner.id,
        organization_id,
        role: Role::Owner,
        read_only: false,
        address: None,
        keys: keys.clone(),
    };
    if !teams::list(db, &tenant).await?.teams.is_empty() {
        return Ok(());
    }
    let team = teams::create(db, &tenant, "Team Noord").await?;
    for member in [owner.id, coach.id] {
        teams::add_member(db, &tenant, team, member).await?;
    }
    Ok(())
}

/// The demo coach is responsible for the demo client's dossier.
async fn seed_dossier_access(
    db: &DatabaseConnection,
    organization_id: i32,
    coach_email: &str,
    client_email: &str,
) -> Result<(), app::error::AppError> {
    use app::server::entity::client;
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    let find = |email: &str| {
        user::Entity::find()
            .filter(user::Column::Email.eq(email.to_string()))
            .one(db)
    };
    let (Some(coach), Some(login)) = (find(coach_email).await?, find(client_email).await?) else {
        return Ok(());
    };
    let Some(dossier) = client::Entity::find()
        .filter(client::Column::OrganizationId.eq(organization_id))
        .filter(client::Column::UserId.eq(login.id))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    if dossier.responsible_coach_id.is_some() {
        return Ok(());
    }
    let mut active = dossier.clone().into_active_model();
    active.responsible_coach_id = Set(Some(coach.id));
    active.update(db).await?;
    app::server::entity::client_coach::ActiveModel {
        client_id: Set(dossier.id),
        user_id: Set(coach.id),
    }
    .insert(db)
    .await?;
    Ok(())
}
