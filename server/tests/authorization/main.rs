//! The authorization matrix: every server function and every page, called by every kind of
//! caller, with the answer each must get. Members of organization A must never see anything
//! of organization B, and the operator never sees people or client content.
//!
//! The test fails when a server function or page exists without an entry here, so a new
//! one cannot be added without deciding who may use it.

#[path = "../common/mod.rs"]
mod common;
mod files;
mod functions;
mod pages;
mod world;

use app::types::Role;
use common::*;
use files::{DOSSIER_PLACEHOLDERS, FILE_ROUTES};
use functions::SERVER_FUNCTIONS;
use pages::Page::{RedirectTo as To, Shown};
use pages::PAGES;
use world::*;

/// The names in `registered` that have no rule in `covered`.
fn missing_rules(registered: &[String], covered: &[&str]) -> Vec<String> {
    let mut missing: Vec<String> = registered
        .iter()
        .filter(|path| !covered.contains(&path.as_str()))
        .cloned()
        .collect();
    missing.sort();
    missing
}

#[test]
fn the_completeness_check_reports_what_has_no_rule() {
    let registered = vec!["/api/auth/me".to_string(), "/api/new/thing".to_string()];
    assert_eq!(
        missing_rules(&registered, &["/api/auth/me"]),
        vec!["/api/new/thing"]
    );
    assert!(missing_rules(&registered, &["/api/auth/me", "/api/new/thing"]).is_empty());
}

#[test]
fn every_server_function_has_a_rule() {
    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert!(!registered.is_empty(), "no server functions registered");
    let covered: Vec<&str> = SERVER_FUNCTIONS.iter().map(|r| r.path).collect();
    let missing = missing_rules(&registered, &covered);
    assert!(
        missing.is_empty(),
        "server functions without an entry in the authorization matrix: {missing:?}"
    );
    let stale = missing_rules(
        &covered.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        &registered.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(
        stale.is_empty(),
        "matrix entries for server functions that do not exist: {stale:?}"
    );
}

#[test]
fn every_file_route_has_a_rule() {
    let mounted: Vec<String> = app::api::files::routes(1)
        .into_iter()
        .map(|(path, _)| path.to_string())
        .collect();
    let covered: Vec<&str> = FILE_ROUTES.iter().map(|r| r.pattern).collect();
    let missing = missing_rules(&mounted, &covered);
    assert!(
        missing.is_empty(),
        "file routes without a rule: {missing:?}"
    );
    let stale = missing_rules(
        &covered.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        &mounted.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(
        stale.is_empty(),
        "rules for file routes that do not exist: {stale:?}"
    );
}

#[tokio::test]
async fn every_page_has_a_rule_here_and_in_the_page_guard() {
    let routes: Vec<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        // axum writes parameters as {name}; our tables use :name.
        .map(|route| route.path().replace('{', ":").replace('}', ""))
        .collect();
    assert!(!routes.is_empty());
    let covered: Vec<&str> = PAGES.iter().map(|r| r.path).collect();
    let missing = missing_rules(&routes, &covered);
    assert!(
        missing.is_empty(),
        "pages without an entry in the authorization matrix: {missing:?}"
    );
    let guarded: Vec<&str> = app::routes::PAGES.iter().map(|r| r.path).collect();
    let unguarded = missing_rules(&routes, &guarded);
    assert!(
        unguarded.is_empty(),
        "pages the page guard does not know: {unguarded:?}"
    );
}

fn assert_no_leak(caller: Caller, what: &str, body: &str, forbidden: &[String]) {
    for text in forbidden {
        assert!(
            !body.contains(text.as_str()),
            "{caller:?} got {text:?} in the answer of {what}"
        );
    }
}

#[tokio::test]
async fn every_server_function_answers_each_caller_as_the_matrix_says() {
    let world = world().await;
    for rule in SERVER_FUNCTIONS {
        for (index, caller) in CALLERS.iter().enumerate() {
            // A fresh session per call: logout must not spoil the next call.
            let client = world.client_for(*caller).await;
            let body = world.fill(rule.body, &format!("{caller:?}"), &world.a_dossier);
            let (status, answer) = world.app.call(&client, rule.path, &body).await;
            assert_eq!(
                status, rule.expect[index],
                "{caller:?} calling {} ({}): {answer}",
                rule.path, world.app.backend
            );
            assert_no_leak(*caller, rule.path, &answer, &world.forbidden_text(*caller));
        }
    }
}

#[tokio::test]
async fn every_file_route_answers_each_caller_as_the_matrix_says() {
    let world = world().await;
    for rule in FILE_ROUTES {
        for (index, caller) in CALLERS.iter().enumerate() {
            let client = world.client_for(*caller).await;
            let (status, answer) = world.file_route(&client, rule, &world.a_dossier).await;
            assert_eq!(
                status, rule.expect[index],
                "{caller:?} calling {} ({}): {answer}",
                rule.pattern, world.app.backend
            );
            assert_no_leak(
                *caller,
                rule.pattern,
                &answer,
                &world.forbidden_text(*caller),
            );
        }
    }
}

#[tokio::test]
async fn calls_from_organization_a_leave_organization_b_untouched() {
    let world = world().await;
    let owner_a = world.client_for(Caller::Owner).await;
    for (path, body) in [
        (
            "/api/members/suspend",
            format!("id={}&suspend=true", world.b_member),
        ),
        (
            "/api/members/role",
            format!("id={}&role=owner", world.b_member),
        ),
        ("/api/members/remove", format!("id={}", world.b_member)),
        ("/api/members/revoke", format!("id={}", world.b_invitation)),
        (
            "/api/teams/rename",
            format!("id={}&name=Overgenomen", world.b_team),
        ),
        (
            "/api/teams/remove",
            format!("team_id={}&user_id={}", world.b_team, world.b_member),
        ),
        ("/api/teams/delete", format!("id={}", world.b_team)),
    ] {
        assert_eq!(world.app.call(&owner_a, path, &body).await.0, 404, "{path}");
    }
    let owner_b = world.app.sign_in(&world.b.owner, PASSWORD).await;
    let (status, body) = world.app.call(&owner_b, "/api/members/overview", "").await;
    assert_eq!(status, 200);
    let overview: serde_json::Value = serde_json::from_str(&body).unwrap();
    let coach = overview["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == world.b_member)
        .expect("B's coach is still there");
    assert_eq!(coach["role"], "Coach");
    assert_eq!(coach["suspended"], false);
    assert_eq!(overview["invitations"].as_array().unwrap().len(), 1);
    let (_, teams) = world.app.call(&owner_b, "/api/teams/list", "").await;
    let teams: serde_json::Value = serde_json::from_str(&teams).unwrap();
    assert_eq!(teams["teams"][0]["name"], "Team Bravo9Z");
    assert_eq!(teams["teams"][0]["members"][0]["id"], world.b_member);
}

#[tokio::test]
async fn every_page_answers_each_caller_as_the_matrix_says() {
    let world = world().await;
    for (index, caller) in CALLERS.iter().enumerate() {
        let client = world.client_for(*caller).await;
        for rule in PAGES {
            let path = world.page_path(rule.path, world.a_dossier.client);
            let (status, location, body) = world.app.page(&client, &path).await;
            match rule.expect[index] {
                Shown => assert_eq!(status, 200, "{caller:?} opening {}", rule.path),
                To(target) => {
                    assert_eq!(status, 303, "{caller:?} opening {}", rule.path);
                    assert_eq!(
                        location.as_deref(),
                        Some(target),
                        "{caller:?} opening {}",
                        rule.path
                    );
                }
            }
            assert_no_leak(*caller, rule.path, &body, &world.forbidden_text(*caller));
        }
    }
}

#[tokio::test]
async fn members_see_their_own_organization_and_only_that() {
    let world = world().await;
    let owner_a = world.client_for(Caller::Owner).await;
    let (status, body) = world.app.call(&owner_a, "/api/dashboard/summary", "").await;
    assert_eq!(status, 200);
    assert!(body.contains(&world.a.name), "{body}");
    assert!(!body.contains(&world.b.name), "{body}");

    let owner_b = world.app.sign_in(&world.b.owner, PASSWORD).await;
    let (_, body) = world.app.call(&owner_b, "/api/dashboard/summary", "").await;
    assert!(body.contains(&world.b.name), "{body}");
    assert!(!body.contains(&world.a.name), "{body}");

    let (_, _, page) = world.app.page(&owner_b, "/dashboard").await;
    assert!(page.contains(&world.b.name));
    assert!(!page.contains(&world.a.name));

    let client_a = world.client_for(Caller::Client).await;
    let (_, body) = world.app.call(&client_a, "/api/my/home", "").await;
    assert!(body.contains("coach Alfa7Q"), "{body}");
    assert!(!body.contains("Bravo9Z"), "{body}");
}

/// An ended demo: its people may read everything they could before and change nothing,
/// whichever server function they call. Rows marked `writes` must answer 409 to every
/// member who could otherwise get past the role check.
#[tokio::test]
async fn an_ended_demo_reads_as_before_and_refuses_every_change() {
    let world = world().await;
    let c = common::create_org_with_licence(&world.app.db, "Charlie4K", "demo").await;
    for email in [&c.owner, &c.coach, &c.client] {
        accept_terms(&world.app.db, email).await;
    }
    let c_client = dossier_without_login(&world.app, &c.coach, "Dossier Charlie4K").await;
    let mut c_dossier = with_trajectory(&world.app, &c.coach, c_client).await;
    c_dossier.mine = give_to_client(&world.app, &c.coach, &c.client, &c_dossier).await;
    journal_of(&world.app, &c.client, &mut c_dossier).await;
    world.app.clock.advance(chrono::Duration::days(15));
    let members = [
        (3, Caller::Owner, &c.owner),
        (4, Caller::Coach, &c.coach),
        (5, Caller::Client, &c.client),
    ];
    for rule in SERVER_FUNCTIONS {
        for (index, caller, email) in members {
            let client = world.app.sign_in(email, PASSWORD).await;
            let body = world.fill(rule.body, &format!("c{caller:?}"), &c_dossier);
            let usual = rule.expect[index];
            let expected = if rule.writes && usual != 401 && usual != 403 {
                409
            } else {
                usual
            };
            let (status, answer) = world.app.call(&client, rule.path, &body).await;
            assert_eq!(
                status, expected,
                "{caller:?} of an ended demo calling {} ({}): {answer}",
                rule.path, world.app.backend
            );
            if status == 409 {
                assert!(answer.contains("ReadOnly"), "{}: {answer}", rule.path);
            }
        }
    }
}

/// Every dossier function and page, called for another organization's dossier or by a coach
/// of the same organization without access, answers "not found"; once that coach's team
/// is given access, they get what the dossier's own coach gets.
#[tokio::test]
async fn a_dossier_is_not_found_for_other_organizations_and_coaches_without_access() {
    let world = world().await;
    let outsider_email = "buiten.alfa7q@example.test";
    let outsider_id = create_user(
        &world.app.db,
        Some(world.a.id),
        Role::Coach,
        outsider_email,
        "Buitenstaander Alfa7Q",
    )
    .await;
    accept_terms(&world.app.db, outsider_email).await;
    let owner = world.client_for(Caller::Owner).await;
    // Staff functions; the client's own (owner and coach refused by role) come further on.
    let dossier_rules: Vec<_> = SERVER_FUNCTIONS
        .iter()
        .filter(|r| DOSSIER_PLACEHOLDERS.iter().any(|p| r.body.contains(p)))
        .filter(|r| r.expect[3] != 403 || r.expect[4] != 403)
        .collect();
    let dossier_pages: Vec<_> = PAGES
        .iter()
        .filter(|p| p.path.starts_with("/clients/:id"))
        .collect();
    assert!(dossier_rules.len() >= 6 && dossier_pages.len() == 2);

    for rule in &dossier_rules {
        let body = world.fill(rule.body, "owner", &world.b_dossier);
        let (status, answer) = world.app.call(&owner, rule.path, &body).await;
        assert_eq!(
            status, 404,
            "owner of A calling {} for B's dossier: {answer}",
            rule.path
        );
    }
    for page in &dossier_pages {
        let (status, _, body) = world
            .app
            .page(&owner, &world.page_path(page.path, world.b_dossier.client))
            .await;
        assert_eq!(
            status, 404,
            "owner of A opening {} of B's dossier",
            page.path
        );
        assert_no_leak(Caller::Owner, page.path, &body, &world.b.markers);
    }

    // A client reaches only their own exercises: B's client's is unknown to A's.
    let client = world.client_for(Caller::Client).await;
    let mine_rules: Vec<_> = SERVER_FUNCTIONS
        .iter()
        .filter(|r| {
            r.expect[5] == 200
                && ["{mine}", "{entry}", "{spare_entry}"]
                    .iter()
                    .any(|p| r.body.contains(p))
        })
        .collect();
    assert!(mine_rules.len() >= 6);
    for rule in mine_rules {
        let body = world.fill(rule.body, "client", &world.b_dossier);
        let (status, answer) = world.app.call(&client, rule.path, &body).await;
        assert_eq!(
            status, 404,
            "client of A calling {} for B's exercise: {answer}",
            rule.path
        );
    }
    // The client's routes that name an item of theirs (their export names none).
    for rule in FILE_ROUTES
        .iter()
        .filter(|r| r.pattern.starts_with("/my/") && r.path.contains('{'))
    {
        let (status, _) = world.file_route(&client, rule, &world.b_dossier).await;
        assert_eq!(status, 404, "client of A posting to {}", rule.pattern);
    }
    let path = format!("/my/exercises/{}", world.b_dossier.mine);
    let (status, _, body) = world.app.page(&client, &path).await;
    assert_eq!(status, 404, "client of A opening {path}");
    assert_no_leak(Caller::Client, &path, &body, &world.b.markers);

    // The library is the organization's: B's exercises are unknown in A.
    for rule in SERVER_FUNCTIONS
        .iter()
        .filter(|r| r.body.contains("{exercise}"))
    {
        let body = world.fill(rule.body, "owner", &world.b_dossier);
        let (status, answer) = world.app.call(&owner, rule.path, &body).await;
        assert_eq!(
            status, 404,
            "owner of A calling {} for B's exercise: {answer}",
            rule.path
        );
    }
    for page in PAGES.iter().filter(|p| p.path.starts_with("/exercises/")) {
        let path = page
            .path
            .replace(":id", &world.b_dossier.exercise.to_string());
        let (status, _, body) = world.app.page(&owner, &path).await;
        assert_eq!(status, 404, "owner of A opening {path}");
        assert_no_leak(Caller::Owner, page.path, &body, &world.b.markers);
    }

    // The client's own answers are checked below, with the client's functions. The
    // organization's exports and its copy name no dossier: tests/exports.rs and
    // tests/handover.rs show they hold only the caller's own organization.
    let dossier_files: Vec<_> = FILE_ROUTES
        .iter()
        .filter(|r| {
            r.pattern != "/calendar/{file}"
                && !r.pattern.starts_with("/my/")
                && !r.pattern.starts_with("/exports/")
                && r.pattern != "/organization/copy.zip"
        })
        .collect();
    for rule in &dossier_files {
        let (status, _) = world.file_route(&owner, rule, &world.b_dossier).await;
        assert_eq!(
            status, 404,
            "owner of A calling {} for B's dossier",
            rule.pattern
        );
    }

    let outsider = world.app.sign_in(outsider_email, PASSWORD).await;
    for rule in &dossier_files {
        let (status, _) = world.file_route(&outsider, rule, &world.a_dossier).await;
        assert_eq!(status, 404, "coach without access calling {}", rule.pattern);
    }
    let (_, list) = world.app.call(&outsider, "/api/clients/list", "q=").await;
    assert!(
        !list.contains("Dossier Alfa7Q"),
        "not even in the list: {list}"
    );
    for rule in &dossier_rules {
        let body = world.fill(rule.body, "outsider", &world.a_dossier);
        let (status, answer) = world.app.call(&outsider, rule.path, &body).await;
        // What only owners do (erasing a client) is refused to every coach by role first.
        let expect = if rule.expect[4] == 403 { 403 } else { 404 };
        assert_eq!(
            status, expect,
            "coach without access calling {}: {answer}",
            rule.path
        );
    }
    for page in &dossier_pages {
        let (status, _, body) = world
            .app
            .page(
                &outsider,
                &world.page_path(page.path, world.a_dossier.client),
            )
            .await;
        assert_eq!(status, 404, "coach without access opening {}", page.path);
        assert!(!body.contains("Dossier Alfa7Q"));
    }

    // Access through a team opens everything the dossier's own coach can.
    let (status, team) = world
        .app
        .call(&owner, "/api/teams/create", "name=Team+Buiten")
        .await;
    assert_eq!(status, 200, "{team}");
    let added = format!("team_id={team}&user_id={outsider_id}");
    assert_eq!(
        world.app.call(&owner, "/api/teams/add", &added).await.0,
        200
    );
    let grant = format!(
        "id={}&kind=team&target={team}&grant=true",
        world.a_dossier.client
    );
    assert_eq!(
        world.app.call(&owner, "/api/clients/grant", &grant).await.0,
        200
    );
    let (_, list) = world
        .app
        .call(&outsider, "/api/clients/list", "q=alfa7q")
        .await;
    assert!(list.contains("Dossier Alfa7Q"), "{list}");
    for page in &dossier_pages {
        let (status, _, _) = world
            .app
            .page(
                &outsider,
                &world.page_path(page.path, world.a_dossier.client),
            )
            .await;
        assert_eq!(status, 200, "team member opening {}", page.path);
    }
    // Every read of the dossier opens up with the team's access, as it does for its coach.
    for rule in dossier_rules
        .iter()
        .filter(|r| !r.writes && r.expect[4] == 200)
    {
        let body = world.fill(rule.body, "outsider", &world.a_dossier);
        let (status, answer) = world.app.call(&outsider, rule.path, &body).await;
        assert_eq!(status, 200, "team member calling {}: {answer}", rule.path);
    }
    for rule in &dossier_files {
        let (status, _) = world.file_route(&outsider, rule, &world.a_dossier).await;
        // Who opened a dossier is for those who manage it (owners and its responsible
        // coach), not for everyone who may open it.
        let expect = if rule.pattern == "/access-log.csv" {
            404
        } else {
            rule.expect[4]
        };
        assert_eq!(status, expect, "team member calling {}", rule.pattern);
    }
    let (status, body) = world
        .app
        .call(
            &outsider,
            "/api/clients/dossier",
            &format!("id={}", world.a_dossier.client),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("\"can_manage\":false"),
        "access is not management: {body}"
    );
}
