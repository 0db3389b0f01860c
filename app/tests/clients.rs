//! Client dossiers against a real database: validation, seats, archiving, and the list
//! with thousands of clients answering in one indexed query per page.

#![cfg(feature = "ssr")]

use app::model::organizations::Licence;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use app::error::{AppError, FieldProblem, Seat};
use app::model::clients::ClientForm;
use app::server::auth::{OperatorContext, TenantContext};
use app::server::entity::{client, client_coach};
use app::server::service::account::{self, NewUser};
use app::server::service::clients::{self, ListFilter, PAGE_SIZE};
use app::server::service::organization::{self as orgs, NewOrganization};
use app::server::testing::TestDb;
use app::types::Role;
use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Set, Statement};

const PASSWORD: &str = "Zonnebloem-Kade-Fiets-31";

struct Practice {
    owner: TenantContext,
    coach: TenantContext,
}

async fn practice(db: &DatabaseConnection, licence: &str) -> Practice {
    let (org, owner) = orgs::create_with_owner(
        db,
        &OperatorContext::installation(),
        NewOrganization {
            name: "Praktijk Lijst",
            licence,
            owner_name: "Eigenaar",
            owner_email: "eigenaar@lijst.test",
            owner_password: Some(PASSWORD),
        },
    )
    .await
    .unwrap();
    let coach = account::create_user(
        db,
        NewUser {
            organization_id: Some(org.id),
            role: Role::Coach,
            email: "coach@lijst.test",
            name: "Coach Lijst",
            password: Some(PASSWORD),
        },
    )
    .await
    .unwrap();
    let keys = app::server::Keyring::new(app::server::MasterKeys::generate());
    let context = |user_id, role| TenantContext {
        user_id,
        organization_id: org.id,
        role,
        read_only: false,
        address: None,
        keys: keys.clone(),
    };
    Practice {
        owner: context(owner.id, Role::Owner),
        coach: context(coach.id, Role::Coach),
    }
}

fn input(name: &str, email: &str, date_of_birth: &str, phone: &str) -> ClientForm {
    ClientForm {
        name: name.to_string(),
        email: email.to_string(),
        date_of_birth: date_of_birth.to_string(),
        phone: phone.to_string(),
        ..ClientForm::default()
    }
}

fn filter(q: &str, archived: bool, page: u64) -> ListFilter {
    ListFilter {
        q: q.to_string(),
        coach: None,
        team: None,
        archived,
        status: None,
        page,
    }
}

#[tokio::test]
async fn every_bad_field_is_named_and_nothing_is_stored() {
    let test = TestDb::new().await;
    let p = practice(&test.db, "standard").await;
    let error = clients::create(
        &test.db,
        Utc::now(),
        &p.coach,
        &input(" ", "geen-adres", "2999-01-01", "12ab"),
    )
    .await
    .unwrap_err();
    for (field, problem) in [
        ("name", FieldProblem::Required),
        ("email", FieldProblem::EmailInvalid),
        ("date_of_birth", FieldProblem::DateInvalid),
        ("phone", FieldProblem::PhoneInvalid),
    ] {
        assert_eq!(
            error.problem_for(field),
            Some(problem),
            "{field}: {error:?}"
        );
    }
    assert!(client::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .is_empty());

    let id = clients::create(
        &test.db,
        Utc::now(),
        &p.coach,
        &input(
            "Anna de Wit",
            "Anna@Example.test",
            "1990-04-12",
            "+31 6 1234 5678",
        ),
    )
    .await
    .unwrap();
    let opened = clients::open(&test.db, &p.coach, id).await.unwrap();
    let dossier = clients::dossier(&test.db, &p.coach, &opened).await.unwrap();
    assert_eq!(dossier.email.as_deref(), Some("anna@example.test"));
    assert_eq!(dossier.date_of_birth.as_deref(), Some("1990-04-12"));
    assert_eq!(dossier.responsible.as_deref(), Some("Coach Lijst"));
    assert!(dossier.can_manage, "the creating coach is responsible");
}

#[tokio::test]
async fn a_dossier_takes_a_seat_and_archiving_frees_it() {
    let test = TestDb::new().await;
    let p = practice(&test.db, "demo").await; // 3 clients
    let mut ids = Vec::new();
    for n in 0..3 {
        let name = format!("Cliënt {n}");
        ids.push(
            clients::create(&test.db, Utc::now(), &p.coach, &input(&name, "", "", ""))
                .await
                .unwrap(),
        );
    }
    let refused = clients::create(&test.db, Utc::now(), &p.coach, &input("Vierde", "", "", ""))
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        AppError::LicenceLimit {
            seat: Seat::Clients,
            limit: 3,
            licence: Licence::Demo
        }
    );
    clients::set_archived(&test.db, Utc::now(), &p.coach, ids[0], true)
        .await
        .unwrap();
    clients::create(&test.db, Utc::now(), &p.coach, &input("Vierde", "", "", ""))
        .await
        .unwrap();
    // Archived dossiers stay, in their own list.
    let archived = clients::list(&test.db, chrono::Utc::now(), &p.coach, &filter("", true, 0))
        .await
        .unwrap();
    assert_eq!(archived.rows.len(), 1);
    assert_eq!(archived.rows[0].name, "Cliënt 0");
    let restore = clients::set_archived(&test.db, Utc::now(), &p.coach, ids[0], false).await;
    assert!(
        matches!(restore, Err(AppError::LicenceLimit { .. })),
        "{restore:?}"
    );
    // Only owners and the responsible coach archive.
    let other = account::create_user(
        &test.db,
        NewUser {
            organization_id: Some(p.owner.organization_id),
            role: Role::Coach,
            email: "ander@lijst.test",
            name: "Andere Coach",
            password: Some(PASSWORD),
        },
    )
    .await
    .unwrap();
    clients::change_access(&test.db, &p.owner, ids[1], "coach", other.id, true)
        .await
        .unwrap();
    let other = TenantContext {
        user_id: other.id,
        ..p.coach.clone()
    };
    assert_eq!(
        clients::set_archived(&test.db, Utc::now(), &other, ids[1], true).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        clients::change_access(&test.db, &p.owner, ids[1], "coach", p.coach.user_id, false).await,
        Err(AppError::field("target", FieldProblem::ResponsibleStays))
    );
}

/// 5,000 dossiers of one organization, inserted directly.
async fn many_clients(db: &DatabaseConnection, p: &Practice) {
    let now = Utc::now();
    for batch in 0..10 {
        let rows = (0..500).map(|n| {
            let number = batch * 500 + n;
            client::ActiveModel {
                organization_id: Set(p.owner.organization_id),
                name: Set(format!("Cliënt {number:05}")),
                email: Set(Some(format!("client{number:05}@lijst.test"))),
                responsible_coach_id: Set(Some(p.coach.user_id)),
                archived_at: Set((number % 10 == 0).then_some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        });
        client::Entity::insert_many(rows).exec(db).await.unwrap();
    }
    // The coach has access to every other dossier.
    let ids: Vec<i32> = client::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .filter(|id| id % 2 == 0)
        .collect();
    for chunk in ids.chunks(500) {
        client_coach::Entity::insert_many(chunk.iter().map(|id| client_coach::ActiveModel {
            client_id: Set(*id),
            user_id: Set(p.coach.user_id),
        }))
        .exec(db)
        .await
        .unwrap();
    }
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await.unwrap();
    }
}

#[tokio::test]
async fn the_list_of_five_thousand_clients_is_one_indexed_query_per_page() {
    let test = TestDb::new().await;
    let p = practice(&test.db, "extended").await;
    many_clients(&test.db, &p).await;

    let statements = Arc::new(AtomicUsize::new(0));
    let mut db = test.db.clone();
    let counter = statements.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });

    for (who, tenant) in [("owner", &p.owner), ("coach", &p.coach)] {
        for (q, page) in [("", 0), ("", 7), ("cliënt 04", 0), ("CLIENT0123", 0)] {
            statements.store(0, Ordering::SeqCst);
            let found = clients::list(&db, chrono::Utc::now(), tenant, &filter(q, false, page))
                .await
                .unwrap();
            // The page itself, plus the two short lists the filters offer (coaches, teams),
            // and for an owner whether the practice's copy is theirs to download (the
            // subscription's last day).
            let expected = if who == "owner" { 4 } else { 3 };
            assert_eq!(
                statements.load(Ordering::SeqCst),
                expected,
                "{who} {q:?} page {page}"
            );
            assert!(found.rows.len() as u64 <= PAGE_SIZE);
            if q.is_empty() {
                assert_eq!(found.rows.len() as u64, PAGE_SIZE, "{who} page {page}");
                assert!(found.has_next);
            }
        }
    }
    let first = clients::list(&db, chrono::Utc::now(), &p.owner, &filter("", false, 0))
        .await
        .unwrap();
    assert_eq!(
        first.rows[0].name, "Cliënt 00001",
        "name order, archived ones left out"
    );
    let search = clients::list(
        &db,
        chrono::Utc::now(),
        &p.coach,
        &filter("client0123", false, 0),
    )
    .await
    .unwrap();
    let names: Vec<_> = search.rows.iter().map(|r| r.name.as_str()).collect();
    // The coach may open every other dossier; 01230 is archived.
    assert_eq!(
        names,
        [
            "Cliënt 01231",
            "Cliënt 01233",
            "Cliënt 01235",
            "Cliënt 01237",
            "Cliënt 01239"
        ]
    );

    // How the database answers a page: an owner's through the organization/name index in
    // order; a coach's from the dossiers given to them, each looked up by its key (SQLite is
    // told so; PostgreSQL plans it from its statistics).
    let backend = test.db.get_database_backend();
    for tenant in [&p.owner, &p.coach] {
        let statement = backend.build(&clients::list_query(tenant, &filter("", false, 3), backend));
        let explain = match backend {
            DbBackend::Postgres => "EXPLAIN",
            _ => "EXPLAIN QUERY PLAN",
        };
        let plan = test
            .db
            .query_all(Statement::from_sql_and_values(
                backend,
                format!("{explain} {}", statement.sql),
                statement.values.clone().map(|v| v.0).unwrap_or_default(),
            ))
            .await
            .unwrap();
        let lines: Vec<String> = plan
            .iter()
            .map(|row| {
                row.try_get_by_index::<String>(if backend == DbBackend::Postgres { 0 } else { 3 })
                    .unwrap_or_default()
            })
            .collect();
        println!(
            "{:?} plan for a list page ({backend:?}):\n  {}",
            tenant.role,
            lines.join("\n  ")
        );
        let text = lines.join("\n");
        match (tenant.role, backend) {
            (Role::Owner, _) => assert!(text.contains("idx_clients_organization_name"), "{text}"),
            (_, DbBackend::Sqlite) => {
                assert!(text.contains("idx_client_coaches_user_id"), "{text}");
                assert!(text.contains("USING INTEGER PRIMARY KEY"), "{text}");
            }
            _ => {}
        }
    }
}
