//! The authorization matrix: every server function and every page, called by every kind of
//! caller, with the answer each must get. Members of organization A must never see anything
//! of organization B, and the operator never sees people or client content.
//!
//! The test fails when a server function or page exists without an entry here, so a new
//! one cannot be added without deciding who may use it.

mod common;

use app::types::Role;
use common::{accept_terms, create_org, create_user, invite_in, user_id, Org, TestApp, PASSWORD};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    /// A coach of organization A who has not accepted the current terms.
    Unconsented,
    Operator,
    Owner,
    Coach,
    Client,
}

const CALLERS: [Caller; 6] = [
    Caller::Anonymous,
    Caller::Unconsented,
    Caller::Operator,
    Caller::Owner,
    Caller::Coach,
    Caller::Client,
];

/// Expected HTTP status per caller, in the order of `CALLERS`.
struct ServerFnRule {
    path: &'static str,
    /// Form body; `{caller}` is replaced by the caller's name.
    body: &'static str,
    expect: [u16; 6],
    /// Changes organization data, so an ended demo (read-only) must refuse it.
    writes: bool,
}

//                                   anon unconsented operator owner coach client
const SERVER_FUNCTIONS: &[ServerFnRule] = &[
    ServerFnRule {
        path: "/api/auth/me",
        body: "",
        expect: [200, 200, 200, 200, 200, 200],
        writes: false,
    },
    // Public, and refuses unknown accounts alike for everybody.
    ServerFnRule {
        path: "/api/auth/login",
        body: "email=nobody-{caller}%40example.test&password=wrong-password-123",
        expect: [401, 401, 401, 401, 401, 401],
        writes: false,
    },
    ServerFnRule {
        path: "/api/auth/logout",
        body: "",
        expect: [200, 200, 200, 200, 200, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/consent/terms",
        body: "language=nl",
        expect: [200, 200, 200, 200, 200, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/consent/accept",
        body: "version=1&agree=yes",
        expect: [401, 200, 200, 200, 200, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/dashboard/summary",
        body: "",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/my/home",
        body: "",
        expect: [401, 403, 403, 403, 403, 200],
        writes: false,
    },
    // Members: only owners; ids from organization B must be as unknown as ids that do not exist.
    ServerFnRule {
        path: "/api/members/overview",
        body: "",
        expect: [401, 403, 403, 200, 403, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/members/invite",
        body: "name=Nieuw&email=invited-{caller}%40example.test&role=client",
        expect: [401, 403, 403, 200, 403, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/members/resend",
        body: "id={b_invitation}",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/members/revoke",
        body: "id={b_invitation}",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/members/suspend",
        body: "id={b_member}&suspend=true",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/members/role",
        body: "id={b_member}&role=owner",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/members/remove",
        body: "id={b_member}",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    // Invitation links: the token is the permission; a wrong one is gone for everybody.
    ServerFnRule {
        path: "/api/invitations/details",
        body: "token=not-a-real-token",
        expect: [410, 410, 410, 410, 410, 410],
        writes: false,
    },
    ServerFnRule {
        path: "/api/invitations/accept",
        body: "token=not-a-real-token&password=Zonnebloem-Kade-Fiets-31&agree=yes",
        expect: [410, 410, 410, 410, 410, 410],
        writes: false,
    },
    ServerFnRule {
        path: "/api/operator/outbox",
        body: "",
        expect: [401, 403, 200, 403, 403, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/operator/mail_mode",
        body: "",
        expect: [401, 403, 200, 403, 403, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/operator/organizations",
        body: "",
        expect: [401, 403, 200, 403, 403, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/members/archive",
        body: "id={b_member}&archive=true",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    // Teams: owners and coaches see them, owners form them; B's team is unknown in A.
    ServerFnRule {
        path: "/api/teams/list",
        body: "",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/teams/create",
        body: "name=Team+{caller}",
        expect: [401, 403, 403, 200, 403, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/teams/rename",
        body: "id={b_team}&name=Overgenomen",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/teams/delete",
        body: "id={b_team}",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/teams/add",
        body: "team_id={b_team}&user_id={b_member}",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/teams/remove",
        body: "team_id={b_team}&user_id={b_member}",
        expect: [401, 403, 403, 404, 403, 403],
        writes: true,
    },
    // Dossiers: `{client}` is a dossier the coach column may open. Other organizations'
    // dossiers and coaches without access get 404: see
    // `a_dossier_is_not_found_for_other_organizations_and_coaches_without_access`.
    ServerFnRule {
        path: "/api/clients/list",
        body: "q=",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/clients/create",
        body: "name=Nieuw+{caller}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/clients/dossier",
        body: "id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/clients/update",
        body: "id={client}&name=Dossier+{caller}&phone=020+123+4567",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/clients/archive",
        body: "id={client}&archive=false",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/clients/access",
        body: "id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/clients/grant",
        body: "id={client}&kind=team&target={b_team}&grant=true",
        expect: [401, 403, 403, 404, 404, 403],
        writes: true,
    },
    // The dossier has no e-mail address yet: refused with a message, after authorization.
    ServerFnRule {
        path: "/api/clients/invite",
        body: "id={client}",
        expect: [401, 403, 403, 422, 422, 403],
        writes: true,
    },
    // Trajectories: as visible as their dossier.
    ServerFnRule {
        path: "/api/trajectories/list",
        body: "client_id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/trajectories/create",
        body: "client_id={client}&title=Traject+{caller}&goals=Doel",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    // The owner starts it; the coach, second, finds it started already.
    ServerFnRule {
        path: "/api/trajectories/status",
        body: "id={trajectory}&status=active",
        expect: [401, 403, 403, 200, 422, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/trajectories/goal_add",
        body: "trajectory_id={trajectory}&text=Nog+een+doel",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/trajectories/goal_status",
        body: "id={goal}&status=working",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    // Reports: the world's {report} is readable by everyone with access and editable by the
    // client's coaches, so the owner (not one of them) reads it but may not change it. The
    // rows run in this order: the update comes before the lock, the amendment after it.
    ServerFnRule {
        path: "/api/reports/list",
        body: "client_id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/reports/create",
        body: "client_id={client}&body=Verslag&visibility=team&edit_rights=coaches",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/reports/update",
        body: "id={report}&body=Bijgewerkt&visibility=team&edit_rights=coaches",
        expect: [401, 403, 403, 403, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/reports/delete",
        body: "id={spare_report}",
        expect: [401, 403, 403, 403, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/reports/lock",
        body: "id={report}&confirm=yes",
        expect: [401, 403, 403, 403, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/reports/amend",
        body: "id={report}&body=Aanvulling",
        expect: [401, 403, 403, 403, 200, 403],
        writes: true,
    },
    // Agenda: everyone with access books and changes; only the appointment's own coach
    // cancels it. The week, the list and the feed are the caller's own.
    ServerFnRule {
        path: "/api/agenda/dossier",
        body: "client_id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/agenda/week",
        body: "day=",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/agenda/upcoming",
        body: "",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/agenda/create",
        body: "client_id={client}&title=Gesprek&starts_at=2030-01-07T10:00&ends_at=2030-01-07T11:00",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/agenda/update",
        body: "id={appointment}&title=Verzet&starts_at=2030-01-08T10:00&ends_at=2030-01-08T11:00",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/agenda/delete",
        body: "id={spare_appointment}",
        expect: [401, 403, 403, 403, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/agenda/lock",
        body: "id={appointment}&confirm=yes",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    // A private feed is the person's own, like their account: an ended demo allows it.
    ServerFnRule {
        path: "/api/agenda/feed",
        body: "",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/agenda/feed_new",
        body: "",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/agenda/feed_revoke",
        body: "",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    // Time: whoever logged minutes is the only one who removes them.
    ServerFnRule {
        path: "/api/time/dossier",
        body: "client_id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/time/log",
        body: "client_id={client}&minutes=45&activity=session",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/time/delete",
        body: "id={time_entry}",
        expect: [401, 403, 403, 403, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/time/overview",
        body: "",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    // Documents: A's client has their own dossier; this one is not theirs, so even the
    // delete they may do on their own uploads finds nothing here. The owner removes the
    // spare document, so the coach right after finds it gone.
    ServerFnRule {
        path: "/api/documents/list",
        body: "client_id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/documents/share",
        body: "id={document}&share=true",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/documents/delete",
        body: "id={spare_document}",
        expect: [401, 403, 403, 200, 404, 404],
        writes: true,
    },
    ServerFnRule {
        path: "/api/clients/timeline",
        body: "id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/my/dossier",
        body: "",
        expect: [401, 403, 403, 403, 403, 200],
        writes: false,
    },
    // Exercises given to a client: staff with access to the dossier assign and review;
    // only the client answers, and only in their own dossier.
    ServerFnRule {
        path: "/api/assignments/assign",
        body: "client_id={client}&trajectory_id={trajectory}&exercise_id={exercise}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/assignments/dossier",
        body: "client_id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/assignments/get",
        body: "id={assignment}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/assignments/feedback",
        body: "id={assignment}&key=&feedback=Mooi+gedaan",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/assignments/show_results",
        body: "id={assignment}&show=true",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/assignments/results",
        body: "client_id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/my/results",
        body: "",
        expect: [401, 403, 403, 403, 403, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/assignments/reopen",
        body: "id={assignment}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    // The owner takes it back first; then it is gone for the coach too.
    ServerFnRule {
        path: "/api/assignments/withdraw",
        body: "id={spare_assignment}",
        expect: [401, 403, 403, 200, 404, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/my/assignments",
        body: "",
        expect: [401, 403, 403, 403, 403, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/my/assignment",
        body: "id={mine}",
        expect: [401, 403, 403, 403, 403, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/my/answers",
        body: "id={mine}",
        expect: [401, 403, 403, 403, 403, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/my/save_answer",
        body: "id={mine}&key=q1&values=%5B%22Rust%22%5D&seq=1",
        expect: [401, 403, 403, 403, 403, 200],
        writes: true,
    },
    // The journal is the client's; staff see and comment on shared entries only.
    ServerFnRule {
        path: "/api/my/journal",
        body: "",
        expect: [401, 403, 403, 403, 403, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/my/journal_write",
        body: "body=Vandaag+{caller}",
        expect: [401, 403, 403, 403, 403, 200],
        writes: true,
    },
    ServerFnRule {
        path: "/api/my/journal_update",
        body: "id={entry}&body=Aangepast",
        expect: [401, 403, 403, 403, 403, 200],
        writes: true,
    },
    ServerFnRule {
        path: "/api/my/journal_share",
        body: "id={entry}&share=true",
        expect: [401, 403, 403, 403, 403, 200],
        writes: true,
    },
    ServerFnRule {
        path: "/api/my/journal_delete",
        body: "id={spare_entry}",
        expect: [401, 403, 403, 403, 403, 200],
        writes: true,
    },
    ServerFnRule {
        path: "/api/journal/dossier",
        body: "client_id={client}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/journal/comment",
        body: "id={entry}&body=Mooi+geschreven",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/notices/list",
        body: "",
        expect: [401, 403, 403, 200, 200, 200],
        writes: false,
    },
    // The exercise library is the organization's: every owner and coach builds in it.
    ServerFnRule {
        path: "/api/exercises/list",
        body: "",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/exercises/get",
        body: "id={exercise}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/exercises/create",
        body: "title=Oefening+{caller}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/update",
        body: "id={exercise}&title=Waarden&intro=Lees+eerst+dit",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/add_question",
        body: "id={exercise}&kind=long_text&prompt=Wat+viel+op",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/update_question",
        body: "id={exercise}&key=q1&prompt=Waar+krijg+je+energie+van",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/move_question",
        body: "id={exercise}&key=q1&direction=down",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/remove_question",
        body: "id={exercise}&key=q2",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/add_scale",
        body: "id={exercise}&scale_name=Energie",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/update_scale",
        body: "id={exercise}&scale=s1&name=Energie&weights%5Bq1%5D=1&bands=Laag%3A+1+-+5",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/remove_scale",
        body: "id={exercise}&scale=s2",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/duplicate",
        body: "id={exercise}",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/exercises/archive",
        body: "id={exercise}&archive=false",
        expect: [401, 403, 403, 200, 200, 403],
        writes: true,
    },
    ServerFnRule {
        path: "/api/trajectories/mine",
        body: "",
        expect: [401, 403, 403, 403, 403, 200],
        writes: false,
    },
    // Public sign-up; this body lacks the consent tick, so it is refused for everybody
    // without creating anything.
    ServerFnRule {
        path: "/api/signup/demo",
        body: "organization=Nieuw+{caller}&name=Nieuw&email=signup-{caller}%40example.test&password=Zonnebloem-Kade-Fiets-31",
        expect: [422, 422, 422, 422, 422, 422],
        writes: false,
    },
    // A link that does not exist is gone for everybody.
    ServerFnRule {
        path: "/api/signup/details",
        body: "token=not-a-real-token",
        expect: [410, 410, 410, 410, 410, 410],
        writes: false,
    },
    ServerFnRule {
        path: "/api/signup/confirm",
        body: "token=not-a-real-token",
        expect: [410, 410, 410, 410, 410, 410],
        writes: false,
    },
    // The operator's console: organizations by id, never their people.
    ServerFnRule {
        path: "/api/operator/organization",
        body: "id={b_org}",
        expect: [401, 403, 200, 403, 403, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/operator/licence",
        body: "id={b_org}&licence=standard&coaches=&clients=&teams=",
        expect: [401, 403, 200, 403, 403, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/operator/organization_status",
        body: "id={b_org}&suspend=false",
        expect: [401, 403, 200, 403, 403, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/operator/account_status",
        body: "email=client.bravo9z%40example.test&suspend=false",
        expect: [401, 403, 200, 403, 403, 403],
        writes: false,
    },
    ServerFnRule {
        path: "/api/operator/terms",
        body: "",
        expect: [401, 403, 200, 403, 403, 403],
        writes: false,
    },
    // Empty texts: refused, so the matrix does not make everybody accept new terms.
    ServerFnRule {
        path: "/api/operator/publish_terms",
        body: "terms_nl=&terms_en=&privacy_nl=&privacy_en=",
        expect: [401, 403, 422, 403, 403, 403],
        writes: false,
    },
    // Everybody's own account; it concerns the person, so an ended demo allows it.
    ServerFnRule {
        path: "/api/account/profile",
        body: "",
        expect: [401, 403, 200, 200, 200, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/account/update",
        body: "name=Naam+{caller}&language=nl",
        expect: [401, 403, 200, 200, 200, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/account/change_email",
        body: "email=new-{caller}%40example.test&current_password=not-the-password",
        expect: [401, 403, 422, 422, 422, 422],
        writes: false,
    },
    ServerFnRule {
        path: "/api/account/change_password",
        body: "current_password=not-the-password&password=Zonnebloem-Kade-Fiets-99",
        expect: [401, 403, 422, 422, 422, 422],
        writes: false,
    },
    ServerFnRule {
        path: "/api/account/sessions",
        body: "",
        expect: [401, 403, 200, 200, 200, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/account/sign_out_others",
        body: "",
        expect: [401, 403, 200, 200, 200, 200],
        writes: false,
    },
    // Links from account e-mails: the token is the permission.
    ServerFnRule {
        path: "/api/account/email_link",
        body: "token=not-a-real-token",
        expect: [410, 410, 410, 410, 410, 410],
        writes: false,
    },
    ServerFnRule {
        path: "/api/account/confirm_email",
        body: "token=not-a-real-token",
        expect: [410, 410, 410, 410, 410, 410],
        writes: false,
    },
    // Same answer whether or not the address has an account.
    ServerFnRule {
        path: "/api/password/forgot",
        body: "email=nobody-{caller}%40example.test",
        expect: [200, 200, 200, 200, 200, 200],
        writes: false,
    },
    ServerFnRule {
        path: "/api/password/reset_link",
        body: "token=not-a-real-token",
        expect: [410, 410, 410, 410, 410, 410],
        writes: false,
    },
    ServerFnRule {
        path: "/api/password/reset",
        body: "token=not-a-real-token&password=Zonnebloem-Kade-Fiets-99",
        expect: [410, 410, 410, 410, 410, 410],
        writes: false,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Shown,
    RedirectTo(&'static str),
}
use Page::{RedirectTo as To, Shown};

struct PageRule {
    path: &'static str,
    expect: [Page; 6],
}

//                       anon          unconsented     operator          owner              coach              client
const PAGES: &[PageRule] = &[
    PageRule {
        path: "/",
        expect: [Shown, Shown, Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/login",
        expect: [
            Shown,
            Shown,
            To("/operator"),
            To("/dashboard"),
            To("/dashboard"),
            To("/my"),
        ],
    },
    PageRule {
        path: "/terms",
        expect: [Shown, Shown, Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/privacy",
        expect: [Shown, Shown, Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/consent",
        expect: [To("/login"), Shown, Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/dashboard",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/my",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            To("/dashboard"),
            To("/dashboard"),
            Shown,
        ],
    },
    PageRule {
        path: "/operator",
        expect: [
            To("/login"),
            To("/consent"),
            Shown,
            To("/dashboard"),
            To("/dashboard"),
            To("/my"),
        ],
    },
    PageRule {
        path: "/operator/outbox",
        expect: [
            To("/login"),
            To("/consent"),
            Shown,
            To("/dashboard"),
            To("/dashboard"),
            To("/my"),
        ],
    },
    PageRule {
        path: "/members",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            To("/dashboard"),
            To("/my"),
        ],
    },
    PageRule {
        path: "/invite/:token",
        expect: [Shown, Shown, Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/signup",
        expect: [Shown, Shown, Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/signup/confirm/:token",
        expect: [Shown, Shown, Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/clients",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/clients/new",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/clients/:id",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/clients/:id/edit",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/teams",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/agenda",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/exercises",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/my/exercises/:id",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            To("/dashboard"),
            To("/dashboard"),
            Shown,
        ],
    },
    PageRule {
        path: "/my/journal",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            To("/dashboard"),
            To("/dashboard"),
            Shown,
        ],
    },
    PageRule {
        path: "/assignments/:id",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/exercises/:id",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/exercises/:id/preview",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/time",
        expect: [
            To("/login"),
            To("/consent"),
            To("/operator"),
            Shown,
            Shown,
            To("/my"),
        ],
    },
    PageRule {
        path: "/operator/organizations/:id",
        expect: [
            To("/login"),
            To("/consent"),
            Shown,
            To("/dashboard"),
            To("/dashboard"),
            To("/my"),
        ],
    },
    PageRule {
        path: "/operator/terms",
        expect: [
            To("/login"),
            To("/consent"),
            Shown,
            To("/dashboard"),
            To("/dashboard"),
            To("/my"),
        ],
    },
    PageRule {
        path: "/account",
        expect: [To("/login"), To("/consent"), Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/account/email/:token",
        expect: [Shown, Shown, Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/forgot",
        expect: [Shown, Shown, Shown, Shown, Shown, Shown],
    },
    PageRule {
        path: "/reset/:token",
        expect: [Shown, Shown, Shown, Shown, Shown, Shown],
    },
];

/// The routes that carry files rather than server-function calls.
struct FileRule {
    /// As the router mounts it.
    pattern: &'static str,
    /// With the world's ids as placeholders.
    path: &'static str,
    expect: [u16; 6],
}

//                                   anon unconsented operator owner coach client
const FILE_ROUTES: &[FileRule] = &[
    // A client's upload always goes to their own dossier, whatever id the form names.
    FileRule {
        pattern: "/documents/upload",
        path: "/documents/upload",
        expect: [401, 403, 403, 303, 303, 303],
    },
    // A's client has a dossier of their own; this one is not theirs.
    FileRule {
        pattern: "/documents/{id}",
        path: "/documents/{document}",
        expect: [401, 403, 403, 200, 200, 404],
    },
    FileRule {
        pattern: "/appointments/{id}/calendar.ics",
        path: "/appointments/{appointment}/calendar.ics",
        expect: [401, 403, 403, 200, 200, 404],
    },
    // The feed address is its own permission; a wrong one is unknown to everybody.
    // Only the client answers, in their own dossier.
    FileRule {
        pattern: "/my/assignments/{id}/answers",
        path: "/my/assignments/{mine}/answers",
        expect: [401, 403, 403, 403, 403, 303],
    },
    FileRule {
        pattern: "/calendar/{file}",
        path: "/calendar/not-a-real-token.ics",
        expect: [404, 404, 404, 404, 404, 404],
    },
];

/// The ids in a rule's body that belong to one dossier.
const DOSSIER_PLACEHOLDERS: [&str; 13] = [
    "{client}",
    "{trajectory}",
    "{goal}",
    "{report}",
    "{spare_report}",
    "{appointment}",
    "{spare_appointment}",
    "{time_entry}",
    "{document}",
    "{spare_document}",
    "{assignment}",
    "{spare_assignment}",
    "{entry}",
];

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

struct World {
    app: TestApp,
    a: Org,
    b: Org,
    operator: String,
    unconsented: String,
    fresh: std::sync::atomic::AtomicU32,
    /// A coach and an open invitation of organization B, for calls from A.
    b_member: i32,
    b_invitation: i32,
    /// A team of organization B with B's coach in it.
    b_team: i32,
    /// A dossier of A without login or e-mail; A's coach is responsible for it.
    a_dossier: Dossier,
    a_coach: i32,
    /// B's client's dossier.
    b_dossier: Dossier,
}

/// A dossier with a trajectory (in intake) that has one goal, and the coach's work in it:
/// reports, appointments, minutes and documents (the spare ones are for deleting).
struct Dossier {
    client: i32,
    trajectory: i32,
    goal: i32,
    report: i32,
    spare_report: i32,
    appointment: i32,
    spare_appointment: i32,
    time_entry: i32,
    document: i32,
    spare_document: i32,
    /// An exercise of the dossier's organization with one question (`q1`).
    exercise: i32,
    /// The exercise given in this dossier's trajectory, and one to withdraw.
    assignment: i32,
    spare_assignment: i32,
    /// The exercise given to the organization's client in their own dossier.
    mine: i32,
    /// Shared journal entries of the organization's client (the spare one for deleting).
    entry: i32,
    spare_entry: i32,
}

/// A dossier created by `coach` (who becomes responsible for it), without login.
async fn dossier_without_login(app: &TestApp, coach: &str, name: &str) -> i32 {
    let coach = app.sign_in(coach, PASSWORD).await;
    let (status, id) = app
        .call(
            &coach,
            "/api/clients/create",
            &common::form(&[("name", name)]),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    id.parse().unwrap()
}

/// Gives a dossier a trajectory with one goal, as its coach would.
async fn with_trajectory(app: &TestApp, coach: &str, client: i32) -> Dossier {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let coach = app.sign_in(coach, PASSWORD).await;
    let (status, trajectory) = app
        .call(
            &coach,
            "/api/trajectories/create",
            &format!("client_id={client}&title=Traject&goals=Eerste+doel"),
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
    let report_body =
        format!("client_id={client}&body=Verslag&visibility=team&edit_rights=coaches");
    let appointment_body = format!(
        "client_id={client}&title=Gesprek&starts_at=2030-01-07T10:00&ends_at=2030-01-07T11:00"
    );
    let report = made("/api/reports/create", report_body.clone()).await;
    let spare_report = made("/api/reports/create", report_body).await;
    let appointment = made("/api/agenda/create", appointment_body.clone()).await;
    let spare_appointment = made("/api/agenda/create", appointment_body).await;
    let time_entry = made(
        "/api/time/log",
        format!("client_id={client}&minutes=45&activity=session"),
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
    let assign_body =
        format!("client_id={client}&trajectory_id={trajectory}&exercise_id={exercise}");
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
async fn give_to_client(app: &TestApp, coach: &str, client_email: &str, dossier: &Dossier) -> i32 {
    let own = common::client_dossier_id(&app.db, user_id(&app.db, client_email).await).await;
    let coach = app.sign_in(coach, PASSWORD).await;
    let (status, trajectory) = app
        .call(
            &coach,
            "/api/trajectories/create",
            &format!("client_id={own}&title=Eigen+traject"),
        )
        .await;
    assert_eq!(status, 200, "{trajectory}");
    let (status, id) = app
        .call(
            &coach,
            "/api/assignments/assign",
            &format!(
                "client_id={own}&trajectory_id={trajectory}&exercise_id={}",
                dossier.exercise
            ),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    id.parse().unwrap()
}

/// Two shared journal entries of the organization's client, as the client writes them.
async fn journal_of(app: &TestApp, client_email: &str, dossier: &mut Dossier) {
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

async fn world() -> World {
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
    fn fill(&self, body: &str, caller: &str, dossier: &Dossier) -> String {
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
    fn page_path(&self, pattern: &str, client: i32) -> String {
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
    async fn file_route(
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

    async fn client_for(&self, caller: Caller) -> reqwest::Client {
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
    fn forbidden_text(&self, caller: Caller) -> Vec<String> {
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
    for rule in FILE_ROUTES.iter().filter(|r| r.pattern.starts_with("/my/")) {
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

    // The client's own answers are checked below, with the client's functions.
    let dossier_files: Vec<_> = FILE_ROUTES
        .iter()
        .filter(|r| r.pattern != "/calendar/{file}" && !r.pattern.starts_with("/my/"))
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
        assert_eq!(
            status, 404,
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
        assert_eq!(
            status, rule.expect[4],
            "team member calling {}",
            rule.pattern
        );
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
