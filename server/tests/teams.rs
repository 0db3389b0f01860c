//! Teams of coaches, within the licence's team limit.

mod common;

use app::model::organizations::Licence;
use common::{accept_terms, create_org, form, json, user_id, TestApp, PASSWORD};

#[tokio::test]
async fn owners_form_teams_within_the_licence_and_coaches_see_them() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Team").await; // standard: 2 teams
    for email in [&org.owner, &org.coach] {
        accept_terms(&app.db, email).await;
    }
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let coach_id = user_id(&app.db, &org.coach).await;
    let client_id = user_id(&app.db, &org.client).await;

    let (status, body) = app.call(&owner, "/api/teams/create", "name=+").await;
    assert_eq!(status, 422);
    assert!(body.contains("Required"), "{body}");
    let (status, noord) = app.call(&owner, "/api/teams/create", "name=Noord").await;
    assert_eq!(status, 200, "{noord}");
    let (status, body) = app.call(&owner, "/api/teams/create", "name=noord").await;
    assert_eq!(status, 422);
    assert!(body.contains("TeamNameTaken"), "{body}");
    let (status, zuid) = app.call(&owner, "/api/teams/create", "name=Zuid").await;
    assert_eq!(status, 200);
    let (status, body) = app.call(&owner, "/api/teams/create", "name=Oost").await;
    assert_eq!(status, 409, "the third team of a Standard licence: {body}");
    let error: app::error::AppError = serde_json::from_str(&body).unwrap();
    assert_eq!(
        error,
        app::error::AppError::LicenceLimit {
            seat: app::error::Seat::Teams,
            limit: 2,
            licence: Licence::Standard
        }
    );

    let add = |team: &str, user: i32| format!("team_id={team}&user_id={user}");
    assert_eq!(
        app.call(&owner, "/api/teams/add", &add(&noord, coach_id))
            .await
            .0,
        200
    );
    assert_eq!(
        app.call(&owner, "/api/teams/add", &add(&noord, coach_id))
            .await
            .0,
        200,
        "again is harmless"
    );
    let (status, body) = app
        .call(&owner, "/api/teams/add", &add(&noord, client_id))
        .await;
    assert_eq!(status, 422, "clients are not team members: {body}");
    assert_eq!(
        app.call(
            &owner,
            "/api/teams/rename",
            &form(&[("id", &zuid), ("name", "Zuid-West")])
        )
        .await
        .0,
        200
    );
    let (status, body) = app
        .call(
            &owner,
            "/api/teams/rename",
            &form(&[("id", &zuid), ("name", "NOORD")]),
        )
        .await;
    assert_eq!(status, 422, "{body}");

    // Coaches see the teams and who is in them, and change nothing.
    let (status, list) = app.call(&coach, "/api/teams/list", "").await;
    assert_eq!(status, 200);
    let list = json(&list);
    assert_eq!(list["can_manage"], false);
    assert_eq!(list["used"], 2);
    let names: Vec<_> = list["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].clone())
        .collect();
    assert_eq!(names, ["Noord", "Zuid-West"]);
    assert_eq!(list["teams"][0]["members"][0]["name"], "coach Team");
    assert_eq!(
        app.call(&coach, "/api/teams/create", "name=Eigen").await.0,
        403
    );
    let (_, _, page) = app.page(&coach, "/teams").await;
    assert!(page.contains("Zuid-West") && page.contains("coach Team"));
    assert!(!page.contains("Team aanmaken"), "no forms for coaches");

    // Removing a member and deleting a team leave the coach in the organization.
    assert_eq!(
        app.call(&owner, "/api/teams/remove", &add(&noord, coach_id))
            .await
            .0,
        200
    );
    assert_eq!(
        app.call(&owner, "/api/teams/delete", &format!("id={noord}"))
            .await
            .0,
        200
    );
    assert_eq!(
        app.call(&owner, "/api/teams/create", "name=Oost").await.0,
        200,
        "room again"
    );
    let (_, list) = app.call(&owner, "/api/teams/list", "").await;
    let list = json(&list);
    assert_eq!(list["used"], 2);
    assert!(list["people"].to_string().contains("coach Team"));
}
