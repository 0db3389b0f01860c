//! Services against a real database (SQLite, or PostgreSQL with KOERS_TEST_DATABASE_URL).

#![cfg(feature = "ssr")]

use app::error::{AppError, FieldProblem};
use app::server::auth::context::load_actor;
use app::server::auth::session_store::{delete_user_sessions, DbSessionStore, USER_ID_KEY};
use app::server::auth::{OperatorContext, TenantContext};
use app::server::entity::organization;
use app::server::mail::OutboxMailer;
use app::server::service::account::{self, NewUser};
use app::server::service::members;
use app::server::service::organization::{self as orgs, NewOrganization};
use app::server::testing::TestDb;
use app::types::Role;
use sea_orm::{EntityTrait, PaginatorTrait};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::SessionStore;

const PASSWORD: &str = "Zonnebloem-Kade-Fiets-31";

async fn org(db: &sea_orm::DatabaseConnection, name: &str, owner: &str) -> (i32, i32) {
    let (org, owner) = orgs::create_with_owner(
        db,
        &OperatorContext::installation(),
        NewOrganization {
            name,
            licence: "standard",
            owner_name: "Eigenaar",
            owner_email: owner,
            owner_password: Some(PASSWORD),
        },
    )
    .await
    .unwrap();
    (org.id, owner.id)
}

#[tokio::test]
async fn a_refused_owner_leaves_no_organization_behind() {
    let test = TestDb::new().await;
    let result = orgs::create_with_owner(
        &test.db,
        &OperatorContext::installation(),
        NewOrganization {
            name: "Praktijk Half",
            licence: "standard",
            owner_name: "Eigenaar",
            owner_email: "not-an-address",
            owner_password: Some(PASSWORD),
        },
    )
    .await;
    assert_eq!(
        result.unwrap_err(),
        AppError::field("email", FieldProblem::EmailInvalid)
    );
    assert_eq!(
        organization::Entity::find().count(&test.db).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn an_email_address_belongs_to_one_person() {
    let test = TestDb::new().await;
    let (org_id, _) = org(&test.db, "Praktijk Een", "een@example.test").await;
    let again = account::create_user(
        &test.db,
        NewUser {
            organization_id: Some(org_id),
            role: Role::Coach,
            email: " EEN@example.test ",
            name: "Iemand Anders",
            password: Some(PASSWORD),
        },
    )
    .await;
    assert_eq!(
        again.unwrap_err(),
        AppError::field("email", FieldProblem::EmailTaken)
    );
}

#[tokio::test]
async fn a_weak_password_is_refused_with_the_reason() {
    let test = TestDb::new().await;
    let result = orgs::create_with_owner(
        &test.db,
        &OperatorContext::installation(),
        NewOrganization {
            name: "Praktijk Zwak",
            licence: "standard",
            owner_name: "Eigenaar",
            owner_email: "zwak@example.test",
            owner_password: Some("password1234"),
        },
    )
    .await;
    assert_eq!(
        result.unwrap_err(),
        AppError::field("password", FieldProblem::PasswordCommon)
    );
}

/// A signed-in actor who accepted the current terms, as the session would load them.
async fn actor(db: &sea_orm::DatabaseConnection, user_id: i32) -> app::server::auth::Actor {
    use app::server::service::consent;
    let now = chrono::Utc::now();
    let keys = app::server::Keyring::new(app::server::MasterKeys::generate());
    let actor = load_actor(db, &keys, now, user_id).await.unwrap().unwrap();
    let version = consent::current(db).await.unwrap().unwrap().version;
    consent::accept(db, &actor, version, true).await.unwrap();
    load_actor(db, &keys, now, user_id).await.unwrap().unwrap()
}

#[tokio::test]
async fn the_dashboard_is_of_the_actors_own_organization_only() {
    let test = TestDb::new().await;
    let (org_a, _) = org(&test.db, "Praktijk A", "a@example.test").await;
    let (_, owner_b) = org(&test.db, "Praktijk B", "b@example.test").await;
    for n in 0..3 {
        account::create_user(
            &test.db,
            NewUser {
                organization_id: Some(org_a),
                role: Role::Coach,
                email: &format!("coach{n}@a.example.test"),
                name: "Coach A",
                password: Some(PASSWORD),
            },
        )
        .await
        .unwrap();
    }
    // Names and counts come from one actor: they cannot be of two organizations.
    let seen = orgs::dashboard(
        &test.db,
        chrono::Utc::now(),
        &actor(&test.db, owner_b).await,
    )
    .await
    .unwrap();
    assert_eq!(seen.organization_name, "Praktijk B");
    assert_eq!((seen.owners, seen.coaches), (1, 0), "{seen:?}");
}

#[tokio::test]
async fn services_refuse_roles_they_are_not_for() {
    let test = TestDb::new().await;
    let (org_id, owner) = org(&test.db, "Praktijk Rol", "rol@example.test").await;
    let owner_ctx = TenantContext {
        user_id: owner,
        organization_id: org_id,
        role: Role::Owner,
        read_only: false,
        address: None,
        keys: app::server::Keyring::new(app::server::MasterKeys::generate()),
    };
    assert_eq!(
        app::server::service::my::home(&test.db, &actor(&test.db, owner).await, None)
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    let coach = account::create_user(
        &test.db,
        NewUser {
            organization_id: Some(org_id),
            role: Role::Coach,
            email: "c@example.test",
            name: "Coach",
            password: Some(PASSWORD),
        },
    )
    .await
    .unwrap();
    let coach_ctx = TenantContext {
        user_id: coach.id,
        organization_id: org_id,
        role: Role::Coach,
        read_only: false,
        address: None,
        keys: app::server::Keyring::new(app::server::MasterKeys::generate()),
    };
    // Only owners invite members, and nobody makes an operator.
    let mailer = OutboxMailer::new(test.db.clone());
    let invite = |ctx: TenantContext, role: Role| {
        let db = test.db.clone();
        let mailer = &mailer;
        async move {
            members::invite(
                &db,
                mailer,
                "http://koers.test",
                &ctx,
                "X",
                "x@example.test",
                Some(role),
            )
            .await
        }
    };
    assert_eq!(
        invite(coach_ctx, Role::Client).await.unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        invite(owner_ctx, Role::Operator).await.unwrap_err(),
        AppError::field("role", FieldProblem::RoleNotAllowed)
    );
}

#[tokio::test]
async fn the_session_store_round_trips_expires_and_ends_all_sessions_of_a_user() {
    let test = TestDb::new().await;
    let (_, owner) = org(&test.db, "Praktijk Sessie", "sessie@example.test").await;
    let store = DbSessionStore::new(test.db.clone());
    let mut data = std::collections::HashMap::new();
    data.insert(USER_ID_KEY.to_string(), serde_json::json!(owner));
    let mut live = Record {
        id: Id::default(),
        data: data.clone(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut live).await.unwrap();
    // Saving again updates the stored session.
    store.save(&live).await.unwrap();
    let loaded = store
        .load(&live.id)
        .await
        .unwrap()
        .expect("saved session loads");
    assert_eq!(loaded.data, data);

    let mut expired = Record {
        id: Id::default(),
        data: data.clone(),
        expiry_date: time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
    };
    store.create(&mut expired).await.unwrap();
    assert!(store.load(&expired.id).await.unwrap().is_none());

    assert_eq!(delete_user_sessions(&test.db, owner).await.unwrap(), 2);
    assert!(store.load(&live.id).await.unwrap().is_none());
    // A request that still held the session saves it at its end: it stays gone.
    store.save(&live).await.unwrap();
    assert!(store.load(&live.id).await.unwrap().is_none());
}
