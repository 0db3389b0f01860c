//! Who calls, and the world they call in: two organizations with dossiers full of work.

use crate::common;
use crate::common::{
    accept_terms, create_org, create_user, invite_in, user_id, Org, TestApp, PASSWORD,
};
use crate::files::FileRule;
use app::types::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    /// A coach of organization A who has not accepted the current terms.
    Unconsented,
    Operator,
    Owner,
    Coach,
    Client,
}

pub const CALLERS: [Caller; 6] = [
    Caller::Anonymous,
    Caller::Unconsented,
    Caller::Operator,
    Caller::Owner,
    Caller::Coach,
    Caller::Client,
];

pub struct World {
    pub app: TestApp,
    pub a: Org,
    pub b: Org,
    pub operator: String,
    pub unconsented: String,
    pub fresh: std::sync::atomic::AtomicU32,
    /// A coach and an open invitation of organization B, for calls from A.
    pub b_member: i32,
    pub b_invitation: i32,
    /// A team of organization B with B's coach in it.
    pub b_team: i32,
    /// A dossier of A without login or e-mail; A's coach is responsible for it.
    pub a_dossier: Dossier,
    pub a_coach: i32,
    /// B's client's dossier.
    pub b_dossier: Dossier,
}

/// A dossier with a trajectory (in intake) that has one goal, and the coach's work in it:
/// reports, appointments, minutes and documents (the spare ones are for deleting).
pub struct Dossier {
    pub client: i32,
    pub trajectory: i32,
    pub goal: i32,
    pub report: i32,
    pub spare_report: i32,
    pub appointment: i32,
    pub spare_appointment: i32,
    pub time_entry: i32,
    pub document: i32,
    pub spare_document: i32,
    /// An exercise of the dossier's organization with one question (`q1`).
    pub exercise: i32,
    /// The exercise given in this dossier's trajectory, and one to withdraw.
    pub assignment: i32,
    pub spare_assignment: i32,
    /// The exercise given to the organization's client in their own dossier.
    pub mine: i32,
    /// Shared journal entries of the organization's client (the spare one for deleting).
    pub entry: i32,
    pub spare_entry: i32,
}

/// A dossier created by `coach` (who becomes responsible for it), without login.
pub async fn dossier_without_login(app: &TestApp, coach: &str, name: &str) -> i32 {
    let coach = app.sign_in(coach, PASSWORD).await;
    let (status, id) = app
        .call(
            &coach,
            "/api/clients/create",
            &common::form(&[("input[name]", name)]),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    id.parse().unwrap()
}

/// Gives a dossier a trajectory with one goal, as its coach would.
pub async fn with_trajectory(app: &TestApp, coach: &str, client: i32) -> Dossier {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let coach = app.sign_in(coach, PASSWORD).await;
    let (status, trajectory) = app
        .call(
            &coach,
            "/api/trajectories/create",
            &format!("client_id={client}&input[title]=Traject&input[goals]=Eerste+doel"),
        )
        .await;
    assert_eq!(status, 200, "{trajectory}");
    let trajectory: i32 = trajectory.parse().unwrap();
    let goal = app::server::entity::trajectory_goal::Entity::find()
        .filter(app::server::entity::trajectory_goal::Column::TrajectoryId.eq(trajectory))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let made = |path: &'static str, body: String| {
        let coach = coach.clone();
        async move {
            let (status, id) = app.call(&coach, path, &body).await;
            assert_eq!(status, 200, "{path}: {id}");
            id.parse::<i32>().unwrap()
        }
    };
    let report_body = format!(
        "client_id={client}&input[body]=Verslag&input[visibility]=team&input[edit_rights]=coaches"
    );
    let appointment_body = format!(
        "client_id={client}&input[title]=Gesprek&input[starts_at]=2030-01-07T10:00&input[ends_at]=2030-01-07T11:00"
    );
    let report = made("/api/reports/create", report_body.clone()).await;
    let spare_report = made("/api/reports/create", report_body).await;
    let appointment = made("/api/agenda/create", appointment_body.clone()).await;
    let spare_appointment = made("/api/agenda/create", appointment_body).await;
    let time_entry = made(
        "/api/time/log",
        format!("client_id={client}&input[minutes]=45&input[activity]=session"),
    )
    .await;
    let mut documents = Vec::new();
    for name in ["intake.pdf", "reserve.pdf"] {
        let (status, _) = app
            .upload(&coach, Some(client), name, common::PDF.to_vec())
            .await;
        assert_eq!(status, 303);
        let found = app::server::entity::document::Entity::find()
            .filter(app::server::entity::document::Column::ClientId.eq(client))
            .filter(app::server::entity::document::Column::Filename.eq(name))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        documents.push(found.id);
    }
    let exercise = made("/api/exercises/create", "title=Waarden".to_string()).await;
    let (status, body) = app
        .call(
            &coach,
            "/api/exercises/add_question",
            &format!("id={exercise}&kind=short_text&prompt=Wat+vind+je+belangrijk"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let assign_body = format!(
        "client_id={client}&input[trajectory_id]={trajectory}&input[exercise_id]={exercise}"
    );
    let assignment = made("/api/assignments/assign", assign_body.clone()).await;
    let spare_assignment = made("/api/assignments/assign", assign_body).await;
    Dossier {
        exercise,
        assignment,
        spare_assignment,
        mine: 0,
        entry: 0,
        spare_entry: 0,
        client,
        trajectory,
        goal,
        report,
        spare_report,
        appointment,
        spare_appointment,
        time_entry,
        document: documents[0],
        spare_document: documents[1],
    }
}

/// Gives the exercise of `dossier` to the organization's client in their own dossier, as
/// `coach` (responsible for it), and returns the assignment.
pub async fn give_to_client(
    app: &TestApp,
    coach: &str,
    client_email: &str,
    dossier: &Dossier,
) -> i32 {
    let own = common::client_dossier_id(&app.db, user_id(&app.db, client_email).await).await;
    let coach = app.sign_in(coach, PASSWORD).await;
    let (status, trajectory) = app
        .call(
            &coach,
            "/api/trajectories/create",
            &format!("client_id={own}&input[title]=Eigen+traject"),
        )
        .await;
    assert_eq!(status, 200, "{trajectory}");
    let (status, id) = app
        .call(
            &coach,
            "/api/assignments/assign",
            &format!(
                "client_id={own}&input[trajectory_id]={trajectory}&input[exercise_id]={}",
                dossier.exercise
            ),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    id.parse().unwrap()
}

/// Two shared journal entries of the organization's client, as the client writes them.
pub async fn journal_of(app: &TestApp, client_email: &str, dossier: &mut Dossier) {
    let client = app.sign_in(client_email, PASSWORD).await;
    let mut ids = Vec::new();
    for body in ["Een goede dag", "Nog een dag"] {
        let (status, id) = app
            .call(
                &client,
                "/api/my/journal_write",
                &common::form(&[("body", body), ("share", "yes")]),
            )
            .await;
        assert_eq!(status, 200, "{id}");
        ids.push(id.parse().unwrap());
    }
    dossier.entry = ids[0];
    dossier.spare_entry = ids[1];
}

pub async fn world() -> World {
    let app = TestApp::start().await;
    let a = create_org(&app.db, "Alfa7Q").await;
    let b = create_org(&app.db, "Bravo9Z").await;
    let operator = "operator@example.test".to_string();
    create_user(&app.db, None, Role::Operator, &operator, "Operator Oscar").await;
    let unconsented = "coach.alfa7q@example.test".to_string();
    for email in [
        &a.owner, &a.coach, &a.client, &b.owner, &b.coach, &b.client, &operator,
    ] {
        accept_terms(&app.db, email).await;
    }
    let b_member = user_id(&app.db, &b.coach).await;
    let b_invitation = invite_in(
        &app,
        &b.owner,
        "Uitgenodigd Bravo9Z",
        "invited.bravo9z@example.test",
    )
    .await;
    let b_team = {
        let owner_b = app.sign_in(&b.owner, PASSWORD).await;
        let (status, id) = app
            .call(&owner_b, "/api/teams/create", "name=Team+Bravo9Z")
            .await;
        assert_eq!(status, 200, "{id}");
        let (status, body) = app
            .call(
                &owner_b,
                "/api/teams/add",
                &format!("team_id={id}&user_id={b_member}"),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        id.parse().unwrap()
    };
    let a_coach = user_id(&app.db, &a.coach).await;
    let a_client = dossier_without_login(&app, &a.coach, "Dossier Alfa7Q").await;
    let mut a_dossier = with_trajectory(&app, &a.coach, a_client).await;
    a_dossier.mine = give_to_client(&app, &a.coach, &a.client, &a_dossier).await;
    journal_of(&app, &a.client, &mut a_dossier).await;
    let b_client = common::client_dossier_id(&app.db, user_id(&app.db, &b.client).await).await;
    let mut b_dossier = with_trajectory(&app, &b.coach, b_client).await;
    b_dossier.mine = b_dossier.assignment;
    journal_of(&app, &b.client, &mut b_dossier).await;
    World {
        app,
        b_team,
        a_dossier,
        a_coach,
        b_dossier,
        a,
        b,
        operator,
        unconsented,
        fresh: Default::default(),
        b_member,
        b_invitation,
    }
}

impl World {
    /// A rule's body for one caller: `{client}` is the dossier to use (one the caller's
    /// coach may open), the `{b_…}` ids belong to organization B.
    pub fn fill(&self, body: &str, caller: &str, dossier: &Dossier) -> String {
        body.replace("{caller}", &caller.to_lowercase())
            .replace("{client}", &dossier.client.to_string())
            .replace("{trajectory}", &dossier.trajectory.to_string())
            .replace("{goal}", &dossier.goal.to_string())
            .replace("{spare_report}", &dossier.spare_report.to_string())
            .replace("{report}", &dossier.report.to_string())
            .replace(
                "{spare_appointment}",
                &dossier.spare_appointment.to_string(),
            )
            .replace("{appointment}", &dossier.appointment.to_string())
            .replace("{time_entry}", &dossier.time_entry.to_string())
            .replace("{spare_document}", &dossier.spare_document.to_string())
            .replace("{document}", &dossier.document.to_string())
            .replace("{exercise}", &dossier.exercise.to_string())
            .replace("{spare_assignment}", &dossier.spare_assignment.to_string())
            .replace("{assignment}", &dossier.assignment.to_string())
            .replace("{mine}", &dossier.mine.to_string())
            .replace("{spare_entry}", &dossier.spare_entry.to_string())
            .replace("{entry}", &dossier.entry.to_string())
            .replace("{a_coach}", &self.a_coach.to_string())
            .replace("{b_member}", &self.b_member.to_string())
            .replace("{b_invitation}", &self.b_invitation.to_string())
            .replace("{b_org}", &self.b.id.to_string())
            .replace("{b_team}", &self.b_team.to_string())
    }

    /// A page's path with its parameters filled in: dossier pages get `client`, exercise
    /// pages A's exercise, the operator's pages organization B.
    pub fn page_path(&self, pattern: &str, client: i32) -> String {
        let id = if pattern.starts_with("/clients/") {
            client
        } else if pattern.starts_with("/exercises/") {
            self.a_dossier.exercise
        } else if pattern.starts_with("/my/exercises/") {
            self.a_dossier.mine
        } else if pattern.starts_with("/assignments/") {
            self.a_dossier.assignment
        } else {
            self.b.id
        };
        pattern
            .replace(":token", "not-a-real-token")
            .replace(":id", &id.to_string())
    }

    /// Calls a file route as a browser would; an upload sends a small PDF into `dossier`.
    pub async fn file_route(
        &self,
        client: &reqwest::Client,
        rule: &FileRule,
        dossier: &Dossier,
    ) -> (u16, String) {
        if rule.pattern == "/documents/upload" {
            return self
                .app
                .upload(client, Some(dossier.client), "cv.pdf", common::PDF.to_vec())
                .await;
        }
        if rule.pattern == "/my/assignments/{id}/answers" {
            let form = reqwest::multipart::Form::new()
                .text("base_q1", "0")
                .text("q1", "Vrijheid")
                .text("intent", "save");
            let response = client
                .post(self.app.url(&self.fill(rule.path, "", dossier)))
                .multipart(form)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            return (status, response.text().await.unwrap_or_default());
        }
        let path = self.fill(rule.path, "", dossier);
        let response = client.get(self.app.url(&path)).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    pub async fn client_for(&self, caller: Caller) -> reqwest::Client {
        let email = match caller {
            Caller::Anonymous => return self.app.client(),
            Caller::Unconsented => {
                // A new one each time: another row of the matrix may have accepted the terms.
                let n = self
                    .fresh
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let email = format!("new{n}.{}", self.unconsented);
                create_user(
                    &self.app.db,
                    Some(self.a.id),
                    Role::Coach,
                    &email,
                    "Nieuwe Alfa7Q",
                )
                .await;
                return self.app.sign_in(&email, PASSWORD).await;
            }
            Caller::Operator => &self.operator,
            Caller::Owner => &self.a.owner,
            Caller::Coach => &self.a.coach,
            Caller::Client => &self.a.client,
        };
        self.app.sign_in(email, PASSWORD).await
    }

    /// What `caller` must never see in any answer.
    pub fn forbidden_text(&self, caller: Caller) -> Vec<String> {
        let mut forbidden = self.b.markers.clone();
        if caller == Caller::Operator {
            // The operator sees organizations, never the people in them.
            forbidden = [&self.a, &self.b]
                .iter()
                .flat_map(|org| [org.owner.clone(), org.coach.clone(), org.client.clone()])
                .chain(["client Alfa7Q".to_string(), "client Bravo9Z".to_string()])
                .collect();
        }
        forbidden
    }
}
