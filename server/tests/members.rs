//! Invitations, licence seats and member management, over real HTTP.

mod common;

use app::model::organizations::Licence;
use app::server::entity::organization;
use common::{accept_terms, create_org, form, link_in_outbox, user_id, TestApp, PASSWORD};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

async fn owner_of(app: &TestApp, marker: &str) -> (common::Org, reqwest::Client) {
    let org = create_org(&app.db, marker).await;
    accept_terms(&app.db, &org.owner).await;
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    (org, owner)
}

async fn invite(app: &TestApp, owner: &reqwest::Client, email: &str, role: &str) -> (u16, String) {
    app.call(
        owner,
        "/api/members/invite",
        &form(&[("name", "Nieuwe Persoon"), ("email", email), ("role", role)]),
    )
    .await
}

fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn an_invited_client_sets_a_password_accepts_the_terms_and_is_signed_in() {
    let app = TestApp::start().await;
    let (org, owner) = owner_of(&app, "Uitnod").await;
    let (status, body) = invite(&app, &owner, "nieuw@example.test", "client").await;
    assert_eq!(status, 200, "{body}");

    let link = link_in_outbox(&app.db, "nieuw@example.test").await;
    assert!(link.starts_with("http://127.0.0.1:3000/invite/"), "{link}");
    let token = token_of(&link);
    let visitor = app.client();
    let (status, details) = app
        .call(
            &visitor,
            "/api/invitations/details",
            &form(&[("token", &token)]),
        )
        .await;
    assert_eq!(status, 200);
    assert!(details.contains(&org.name) && details.contains("nieuw@example.test"));

    // A weak password and a missing tick are both named.
    let (status, body) = app
        .call(
            &visitor,
            "/api/invitations/accept",
            &form(&[("token", &token), ("password", "password1234")]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("PasswordCommon") && body.contains("MustAgree"),
        "{body}"
    );

    let (status, _) = app
        .call(
            &visitor,
            "/api/invitations/accept",
            &form(&[("token", &token), ("password", PASSWORD), ("agree", "yes")]),
        )
        .await;
    assert_eq!(status, 200);
    // Signed in, terms accepted: the client's home works straight away.
    let (status, home) = app.call(&visitor, "/api/my/home", "").await;
    assert_eq!(status, 200, "{home}");
    assert!(home.contains(&org.name));

    // The link works once.
    let (status, body) = app
        .call(
            &app.client(),
            "/api/invitations/details",
            &form(&[("token", &token)]),
        )
        .await;
    assert_eq!(status, 410);
    assert!(body.contains("Used"), "{body}");
}

#[tokio::test]
async fn a_revoked_or_resent_invitation_link_stops_working() {
    let app = TestApp::start().await;
    let (_, owner) = owner_of(&app, "Intrek").await;
    let (_, row) = invite(&app, &owner, "weg@example.test", "client").await;
    let id = serde_json::from_str::<serde_json::Value>(&row).unwrap()["id"].to_string();
    let first = token_of(&link_in_outbox(&app.db, "weg@example.test").await);

    assert_eq!(
        app.call(&owner, "/api/members/resend", &format!("id={id}"))
            .await
            .0,
        200
    );
    let second = token_of(&link_in_outbox(&app.db, "weg@example.test").await);
    assert_ne!(first, second);
    let (status, _) = app
        .call(
            &app.client(),
            "/api/invitations/details",
            &form(&[("token", &first)]),
        )
        .await;
    assert_eq!(status, 410);

    assert_eq!(
        app.call(&owner, "/api/members/revoke", &format!("id={id}"))
            .await
            .0,
        200
    );
    let (status, body) = app
        .call(
            &app.client(),
            "/api/invitations/details",
            &form(&[("token", &second)]),
        )
        .await;
    assert_eq!(status, 410);
    assert!(body.contains("Revoked"), "{body}");
}

#[tokio::test]
async fn the_sixteenth_client_of_a_standard_licence_is_refused_and_archiving_one_frees_the_seat() {
    let app = TestApp::start().await;
    let (org, owner) = owner_of(&app, "Vol").await; // standard: 15 clients; one exists
    for n in 0..14 {
        let (status, body) =
            invite(&app, &owner, &format!("client{n}@example.test"), "client").await;
        assert_eq!(status, 200, "invitation {n}: {body}");
    }
    let (status, body) = invite(&app, &owner, "te-veel@example.test", "client").await;
    assert_eq!(status, 409, "{body}");
    let error: app::error::AppError = serde_json::from_str(&body).unwrap();
    assert_eq!(
        error,
        app::error::AppError::LicenceLimit {
            seat: app::error::Seat::Clients,
            limit: 15,
            licence: Licence::Standard
        }
    );

    let existing = user_id(&app.db, &org.client).await;
    let (status, _) = app
        .call(
            &owner,
            "/api/members/archive",
            &format!("id={existing}&archive=true"),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        invite(&app, &owner, "te-veel@example.test", "client")
            .await
            .0,
        200
    );
    // The archived client is out: signing in is refused, the account stays listed.
    let (status, _) = app
        .call(
            &app.client(),
            "/api/auth/login",
            &form(&[("email", &org.client), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(status, 403);
    let (_, overview) = app.call(&owner, "/api/members/overview", "").await;
    let overview: serde_json::Value = serde_json::from_str(&overview).unwrap();
    let archived = overview["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == existing)
        .expect("the archived client is still a member");
    assert_eq!(archived["archived"], true);
    assert_eq!(overview["seats"]["clients_used"], 15);
    // Restoring now needs a seat that is not there.
    let (status, body) = app
        .call(
            &owner,
            "/api/members/archive",
            &format!("id={existing}&archive=false"),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("LicenceLimit"), "{body}");
    // Only clients are archived; coaches are suspended or removed.
    let coach = user_id(&app.db, &org.coach).await;
    let (status, body) = app
        .call(
            &owner,
            "/api/members/archive",
            &format!("id={coach}&archive=true"),
        )
        .await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn two_invitations_racing_for_the_last_seat_exactly_one_wins() {
    let app = TestApp::start().await;
    let (org, owner) = owner_of(&app, "Race").await;
    // Leave exactly one client seat free.
    let mut active = organization::Entity::find_by_id(org.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    active.max_clients = Set(Some(2));
    active.update(&app.db).await.unwrap();

    for round in 0..5 {
        let emails: Vec<String> = (0..2)
            .map(|n| format!("race{round}-{n}@example.test"))
            .collect();
        let calls = emails
            .iter()
            .map(|email| invite(&app, &owner, email, "client"));
        let results = futures_util::future::join_all(calls).await;
        let won = results.iter().filter(|(status, _)| *status == 200).count();
        let refused = results.iter().filter(|(status, _)| *status == 409).count();
        assert_eq!((won, refused), (1, 1), "round {round}: {results:?}");
        // Free the seat again for the next round.
        let winner = results.iter().position(|(s, _)| *s == 200).unwrap();
        let id = serde_json::from_str::<serde_json::Value>(&results[winner].1).unwrap()["id"]
            .to_string();
        assert_eq!(
            app.call(&owner, "/api/members/revoke", &format!("id={id}"))
                .await
                .0,
            200
        );
    }
}

#[tokio::test]
async fn a_suspended_member_is_signed_out_at_once_and_owners_cannot_lock_themselves_out() {
    let app = TestApp::start().await;
    let (org, owner) = owner_of(&app, "Blok").await;
    accept_terms(&app.db, &org.client).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    assert_eq!(app.call(&client, "/api/my/home", "").await.0, 200);

    let id = user_id(&app.db, &org.client).await;
    assert_eq!(
        app.call(
            &owner,
            "/api/members/suspend",
            &format!("id={id}&suspend=true")
        )
        .await
        .0,
        200
    );
    assert_eq!(app.call(&client, "/api/my/home", "").await.0, 401);

    let me = user_id(&app.db, &org.owner).await;
    let (status, body) = app
        .call(
            &owner,
            "/api/members/suspend",
            &format!("id={me}&suspend=true"),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("NotOnYourself"));

    // A coach made owner can be made coach again; the last owner cannot be removed by another.
    let coach = user_id(&app.db, &org.coach).await;
    assert_eq!(
        app.call(
            &owner,
            "/api/members/role",
            &format!("id={coach}&role=owner")
        )
        .await
        .0,
        200
    );
    assert_eq!(
        app.call(
            &owner,
            "/api/members/role",
            &format!("id={coach}&role=coach")
        )
        .await
        .0,
        200
    );
    let (status, body) = app
        .call(
            &owner,
            "/api/members/role",
            &format!("id={coach}&role=client"),
        )
        .await;
    assert_eq!(status, 422, "{body}");
}
