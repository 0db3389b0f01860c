//! Every server function, and the status each kind of caller gets from it.

/// Expected HTTP status per caller, in the order of `CALLERS`.
pub struct ServerFnRule {
    pub path: &'static str,
    /// Form body; `{caller}` is replaced by the caller's name.
    pub body: &'static str,
    pub expect: [u16; 6],
    /// Changes organization data, so an ended demo (read-only) must refuse it.
    pub writes: bool,
}

/// A row for a server function that only reads.
const fn reads(path: &'static str, body: &'static str, expect: [u16; 6]) -> ServerFnRule {
    ServerFnRule {
        path,
        body,
        expect,
        writes: false,
    }
}

/// A row for a server function that changes organization data.
const fn writes(path: &'static str, body: &'static str, expect: [u16; 6]) -> ServerFnRule {
    ServerFnRule {
        path,
        body,
        expect,
        writes: true,
    }
}

#[rustfmt::skip]
pub const SERVER_FUNCTIONS: &[ServerFnRule] = &[
    //     path, form body, expected status for [anon, unconsented, operator, owner, coach, client]
    reads("/api/auth/me", "", [200, 200, 200, 200, 200, 200]),
    // Public, and refuses unknown accounts alike for everybody.
    reads("/api/auth/login", "email=nobody-{caller}%40example.test&password=wrong-password-123", [401, 401, 401, 401, 401, 401]),
    reads("/api/auth/logout", "", [200, 200, 200, 200, 200, 200]),
    // The address Koers sees, for the network page: anyone. Staying signed in: anyone signed in.
    reads("/api/auth/network", "", [200, 200, 200, 200, 200, 200]),
    reads("/api/auth/stay", "", [401, 200, 200, 200, 200, 200]),
    // The second step of signing in: nobody here has a password step waiting.
    reads("/api/auth/second_step", "", [200, 200, 200, 200, 200, 200]),
    reads("/api/auth/code", "code=123456", [401, 401, 401, 401, 401, 401]),
    // Two-step verification: one's own, before anything else (also before the terms).
    // `two_factor_start` leaves a set-up waiting, so the wrong first code that follows is
    // refused next to its field; the unconsented caller is a new person on every call, with
    // no set-up to confirm.
    reads("/api/security/two_factor", "", [401, 200, 200, 200, 200, 200]),
    reads("/api/security/two_factor_start", "", [401, 200, 200, 200, 200, 200]),
    reads("/api/security/two_factor_confirm", "code=000000", [401, 404, 422, 422, 422, 422]),
    reads("/api/security/codes_saved", "", [401, 200, 200, 200, 200, 200]),
    // Nobody here uses it yet: nothing to remove or renew.
    reads("/api/security/two_factor_remove", "current_password=not-the-password&code=000000", [401, 404, 404, 404, 404, 404]),
    reads("/api/security/recovery_codes", "current_password=not-the-password", [401, 404, 404, 404, 404, 404]),
    // The organization's security settings: owners; B's members are unknown in A.
    reads("/api/security/settings", "", [401, 403, 403, 200, 403, 403]),
    writes("/api/security/two_factor_rule", "rule=optional", [401, 403, 403, 200, 403, 403]),
    writes("/api/security/networks", "networks=&confirm_outside=", [401, 403, 403, 200, 403, 403]),
    writes("/api/security/idle_limit", "minutes=30", [401, 403, 403, 200, 403, 403]),
    reads("/api/security/reset_member", "id={b_member}", [401, 403, 403, 404, 403, 403]),
    // The security event log: the organization's for owners, one's own sign-ins for
    // everyone, the installation's for the operator.
    reads("/api/security/events", "person=&kind=", [401, 403, 403, 200, 403, 403]),
    reads("/api/security/my_sign_ins", "", [401, 403, 200, 200, 200, 200]),
    reads("/api/operator/security_events", "", [401, 403, 200, 403, 403, 403]),
    reads("/api/consent/terms", "language=nl", [200, 200, 200, 200, 200, 200]),
    reads("/api/consent/accept", "version=1&agree=yes", [401, 200, 200, 200, 200, 200]),
    reads("/api/dashboard/summary", "", [401, 403, 403, 200, 200, 403]),
    reads("/api/my/home", "", [401, 403, 403, 403, 403, 200]),
    // The access log: the client their own dossier's; owners and coaches search it.
    reads("/api/access_log/mine", "", [401, 403, 403, 403, 403, 200]),
    reads("/api/access_log/search", "", [401, 403, 403, 200, 200, 403]),
    // The register of privacy requests: owners. Closing one that does not exist in A.
    reads("/api/privacy/requests", "", [401, 403, 403, 200, 403, 403]),
    writes("/api/privacy/request_create", "input[kind]=access&input[person]=Iemand&input[received_on]=", [401, 403, 403, 200, 403, 403]),
    writes("/api/privacy/request_close", "id=999999&status=done&answer=", [401, 403, 403, 404, 403, 403]),
    // Erasing a client: owners only, and only with the client's name typed (the matrix
    // types another, so nothing is erased). Retention: owners.
    writes("/api/privacy/erase", "client_id={client}&confirm=Niet+de+naam", [401, 403, 403, 422, 403, 403]),
    reads("/api/privacy/retention", "", [401, 403, 403, 200, 403, 403]),
    writes("/api/privacy/retention_set", "months=24", [401, 403, 403, 200, 403, 403]),
    writes("/api/privacy/erase_due", "", [401, 403, 403, 422, 403, 403]),
    // Members: only owners; ids from organization B must be as unknown as ids that do not exist.
    reads("/api/members/overview", "", [401, 403, 403, 200, 403, 403]),
    writes("/api/members/invite", "name=Nieuw&email=invited-{caller}%40example.test&role=client", [401, 403, 403, 200, 403, 403]),
    writes("/api/members/resend", "id={b_invitation}", [401, 403, 403, 404, 403, 403]),
    writes("/api/members/revoke", "id={b_invitation}", [401, 403, 403, 404, 403, 403]),
    writes("/api/members/suspend", "id={b_member}&suspend=true", [401, 403, 403, 404, 403, 403]),
    writes("/api/members/role", "id={b_member}&role=owner", [401, 403, 403, 404, 403, 403]),
    writes("/api/members/remove", "id={b_member}", [401, 403, 403, 404, 403, 403]),
    // Invitation links: the token is the permission; a wrong one is gone for everybody.
    reads("/api/invitations/details", "token=not-a-real-token", [410, 410, 410, 410, 410, 410]),
    reads("/api/invitations/accept", "token=not-a-real-token&password=Zonnebloem-Kade-Fiets-31&agree=yes", [410, 410, 410, 410, 410, 410]),
    reads("/api/operator/outbox", "", [401, 403, 200, 403, 403, 403]),
    reads("/api/operator/mail_mode", "", [401, 403, 200, 403, 403, 403]),
    reads("/api/operator/organizations", "", [401, 403, 200, 403, 403, 403]),
    writes("/api/members/archive", "id={b_member}&archive=true", [401, 403, 403, 404, 403, 403]),
    // Teams: owners and coaches see them, owners form them; B's team is unknown in A.
    reads("/api/teams/list", "", [401, 403, 403, 200, 200, 403]),
    writes("/api/teams/create", "name=Team+{caller}", [401, 403, 403, 200, 403, 403]),
    writes("/api/teams/rename", "id={b_team}&name=Overgenomen", [401, 403, 403, 404, 403, 403]),
    writes("/api/teams/delete", "id={b_team}", [401, 403, 403, 404, 403, 403]),
    writes("/api/teams/add", "team_id={b_team}&user_id={b_member}", [401, 403, 403, 404, 403, 403]),
    writes("/api/teams/remove", "team_id={b_team}&user_id={b_member}", [401, 403, 403, 404, 403, 403]),
    // Dossiers: `{client}` is a dossier the coach column may open. Other organizations'
    // dossiers and coaches without access get 404: see
    // `a_dossier_is_not_found_for_other_organizations_and_coaches_without_access`.
    reads("/api/clients/list", "q=", [401, 403, 403, 200, 200, 403]),
    writes("/api/clients/create", "input[name]=Nieuw+{caller}", [401, 403, 403, 200, 200, 403]),
    reads("/api/clients/dossier", "id={client}", [401, 403, 403, 200, 200, 403]),
    writes("/api/clients/update", "id={client}&input[name]=Dossier+{caller}&input[phone]=020+123+4567", [401, 403, 403, 200, 200, 403]),
    writes("/api/clients/archive", "id={client}&archive=false", [401, 403, 403, 200, 200, 403]),
    // Lifting a restriction that is not there: the dossier stays writable for the rows below.
    writes("/api/clients/restrict", "id={client}&restricted=false", [401, 403, 403, 200, 200, 403]),
    reads("/api/clients/access", "id={client}", [401, 403, 403, 200, 200, 403]),
    writes("/api/clients/grant", "id={client}&kind=team&target={b_team}&grant=true", [401, 403, 403, 404, 404, 403]),
    // The dossier has no e-mail address yet: refused with a message, after authorization.
    writes("/api/clients/invite", "id={client}", [401, 403, 403, 422, 422, 403]),
    // Trajectories: as visible as their dossier.
    reads("/api/trajectories/list", "client_id={client}", [401, 403, 403, 200, 200, 403]),
    writes("/api/trajectories/create", "client_id={client}&input[title]=Traject+{caller}&input[goals]=Doel", [401, 403, 403, 200, 200, 403]),
    // The owner starts it; the coach, second, finds it started already.
    writes("/api/trajectories/status", "id={trajectory}&status=active", [401, 403, 403, 200, 422, 403]),
    writes("/api/trajectories/goal_add", "trajectory_id={trajectory}&text=Nog+een+doel", [401, 403, 403, 200, 200, 403]),
    writes("/api/trajectories/goal_status", "id={goal}&status=working", [401, 403, 403, 200, 200, 403]),
    // Reports: the world's {report} is readable by everyone with access and editable by the
    // client's coaches, so the owner (not one of them) reads it but may not change it. The
    // rows run in this order: the update comes before the lock, the amendment after it.
    reads("/api/reports/list", "client_id={client}", [401, 403, 403, 200, 200, 403]),
    writes("/api/reports/create", "client_id={client}&input[body]=Verslag&input[visibility]=team&input[edit_rights]=coaches", [401, 403, 403, 200, 200, 403]),
    writes("/api/reports/update", "id={report}&input[body]=Bijgewerkt&input[visibility]=team&input[edit_rights]=coaches", [401, 403, 403, 403, 200, 403]),
    writes("/api/reports/delete", "id={spare_report}", [401, 403, 403, 403, 200, 403]),
    writes("/api/reports/lock", "id={report}&confirm=yes", [401, 403, 403, 403, 200, 403]),
    writes("/api/reports/amend", "id={report}&body=Aanvulling", [401, 403, 403, 403, 200, 403]),
    // Agenda: everyone with access books and changes; only the appointment's own coach
    // cancels it. The week, the list and the feed are the caller's own.
    reads("/api/agenda/dossier", "client_id={client}", [401, 403, 403, 200, 200, 403]),
    reads("/api/agenda/week", "day=", [401, 403, 403, 200, 200, 403]),
    reads("/api/agenda/upcoming", "", [401, 403, 403, 200, 200, 403]),
    writes("/api/agenda/create", "client_id={client}&input[title]=Gesprek&input[starts_at]=2030-01-07T10:00&input[ends_at]=2030-01-07T11:00", [401, 403, 403, 200, 200, 403]),
    writes("/api/agenda/update", "id={appointment}&input[title]=Verzet&input[starts_at]=2030-01-08T10:00&input[ends_at]=2030-01-08T11:00", [401, 403, 403, 200, 200, 403]),
    writes("/api/agenda/delete", "id={spare_appointment}", [401, 403, 403, 403, 200, 403]),
    writes("/api/agenda/lock", "id={appointment}&confirm=yes", [401, 403, 403, 200, 200, 403]),
    // A private feed is the person's own, like their account: an ended demo allows it.
    reads("/api/agenda/feed", "", [401, 403, 403, 200, 200, 403]),
    reads("/api/agenda/feed_new", "", [401, 403, 403, 200, 200, 403]),
    reads("/api/agenda/feed_revoke", "", [401, 403, 403, 200, 200, 403]),
    // Time: whoever logged minutes is the only one who removes them.
    reads("/api/time/dossier", "client_id={client}", [401, 403, 403, 200, 200, 403]),
    writes("/api/time/log", "client_id={client}&input[minutes]=45&input[activity]=session", [401, 403, 403, 200, 200, 403]),
    writes("/api/time/delete", "id={time_entry}", [401, 403, 403, 403, 200, 403]),
    reads("/api/time/overview", "", [401, 403, 403, 200, 200, 403]),
    // Documents: A's client has their own dossier; this one is not theirs, so even the
    // delete they may do on their own uploads finds nothing here. The owner removes the
    // spare document, so the coach right after finds it gone.
    reads("/api/documents/list", "client_id={client}", [401, 403, 403, 200, 200, 403]),
    writes("/api/documents/share", "id={document}&share=true", [401, 403, 403, 200, 200, 403]),
    writes("/api/documents/delete", "id={spare_document}", [401, 403, 403, 200, 404, 404]),
    reads("/api/clients/overview", "id={client}", [401, 403, 403, 200, 200, 403]),
    reads("/api/my/dossier", "", [401, 403, 403, 403, 403, 200]),
    // Exercises given to a client: staff with access to the dossier assign and review;
    // only the client answers, and only in their own dossier.
    writes("/api/assignments/assign", "client_id={client}&input[trajectory_id]={trajectory}&input[exercise_id]={exercise}", [401, 403, 403, 200, 200, 403]),
    reads("/api/assignments/choices", "client_id={client}", [401, 403, 403, 200, 200, 403]),
    reads("/api/assignments/dossier", "client_id={client}", [401, 403, 403, 200, 200, 403]),
    reads("/api/assignments/get", "id={assignment}", [401, 403, 403, 200, 200, 403]),
    writes("/api/assignments/feedback", "id={assignment}&key=&feedback=Mooi+gedaan", [401, 403, 403, 200, 200, 403]),
    writes("/api/assignments/show_results", "id={assignment}&show=true", [401, 403, 403, 200, 200, 403]),
    reads("/api/assignments/results", "client_id={client}", [401, 403, 403, 200, 200, 403]),
    reads("/api/my/results", "", [401, 403, 403, 403, 403, 200]),
    writes("/api/assignments/reopen", "id={assignment}", [401, 403, 403, 200, 200, 403]),
    // The owner takes it back first; then it is gone for the coach too.
    writes("/api/assignments/withdraw", "id={spare_assignment}", [401, 403, 403, 200, 404, 403]),
    reads("/api/my/assignments", "", [401, 403, 403, 403, 403, 200]),
    reads("/api/my/assignment", "id={mine}", [401, 403, 403, 403, 403, 200]),
    reads("/api/my/answers", "id={mine}", [401, 403, 403, 403, 403, 200]),
    writes("/api/my/save_answer", "id={mine}&key=q1&values=%5B%22Rust%22%5D&seq=1", [401, 403, 403, 403, 403, 200]),
    // The journal is the client's; staff see and comment on shared entries only.
    reads("/api/my/journal", "", [401, 403, 403, 403, 403, 200]),
    writes("/api/my/journal_write", "body=Vandaag+{caller}", [401, 403, 403, 403, 403, 200]),
    writes("/api/my/journal_update", "id={entry}&body=Aangepast", [401, 403, 403, 403, 403, 200]),
    writes("/api/my/journal_share", "id={entry}&share=true", [401, 403, 403, 403, 403, 200]),
    writes("/api/my/journal_delete", "id={spare_entry}", [401, 403, 403, 403, 403, 200]),
    reads("/api/journal/dossier", "client_id={client}", [401, 403, 403, 200, 200, 403]),
    writes("/api/journal/comment", "id={entry}&body=Mooi+geschreven", [401, 403, 403, 200, 200, 403]),
    reads("/api/notices/list", "", [401, 403, 403, 200, 200, 200]),
    // Marking one's own notices read is personal, not organization data: an ended demo
    // allows it. A notice is only ever its own reader's.
    reads("/api/notices/open", "id=0", [401, 403, 403, 404, 404, 404]),
    reads("/api/notices/read_all", "", [401, 403, 403, 200, 200, 200]),
    // The exercise library is the organization's: every owner and coach builds in it.
    reads("/api/exercises/list", "", [401, 403, 403, 200, 200, 403]),
    reads("/api/exercises/get", "id={exercise}", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/create", "title=Oefening+{caller}", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/update", "id={exercise}&title=Waarden&intro=Lees+eerst+dit", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/add_question", "id={exercise}&kind=long_text&prompt=Wat+viel+op", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/update_question", "id={exercise}&key=q1&input[prompt]=Waar+krijg+je+energie+van", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/move_question", "id={exercise}&key=q1&direction=down", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/remove_question", "id={exercise}&key=q2", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/add_scale", "id={exercise}&scale_name=Energie", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/update_scale", "id={exercise}&scale=s1&name=Energie&weights%5Bq1%5D=1&bands=Laag%3A+1+-+5", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/remove_scale", "id={exercise}&scale=s2", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/duplicate", "id={exercise}", [401, 403, 403, 200, 200, 403]),
    writes("/api/exercises/archive", "id={exercise}&archive=false", [401, 403, 403, 200, 200, 403]),
    reads("/api/trajectories/mine", "", [401, 403, 403, 403, 403, 200]),
    // Public sign-up; this body lacks the consent tick, so it is refused for everybody
    // without creating anything.
    reads("/api/signup/demo", "organization=Nieuw+{caller}&name=Nieuw&email=signup-{caller}%40example.test&password=Zonnebloem-Kade-Fiets-31", [422, 422, 422, 422, 422, 422]),
    // A link that does not exist is gone for everybody.
    reads("/api/signup/details", "token=not-a-real-token", [410, 410, 410, 410, 410, 410]),
    reads("/api/signup/confirm", "token=not-a-real-token", [410, 410, 410, 410, 410, 410]),
    // The operator's console: organizations by id, never their people.
    reads("/api/operator/organization", "id={b_org}", [401, 403, 200, 403, 403, 403]),
    reads("/api/operator/licence", "id={b_org}&licence=standard&coaches=&clients=&teams=", [401, 403, 200, 403, 403, 403]),
    reads("/api/operator/subscription_end", "id={b_org}&ends_on=", [401, 403, 200, 403, 403, 403]),
    reads("/api/operator/backups", "", [401, 403, 200, 403, 403, 403]),
    reads("/api/operator/organization_status", "id={b_org}&suspend=false", [401, 403, 200, 403, 403, 403]),
    reads("/api/operator/account_status", "email=client.bravo9z%40example.test&suspend=false", [401, 403, 200, 403, 403, 403]),
    reads("/api/operator/terms", "", [401, 403, 200, 403, 403, 403]),
    // Empty texts: refused, so the matrix does not make everybody accept new terms.
    reads("/api/operator/publish_terms", "terms_nl=&terms_en=&privacy_nl=&privacy_en=", [401, 403, 422, 403, 403, 403]),
    // Everybody's own account; it concerns the person, so an ended demo allows it.
    reads("/api/account/profile", "", [401, 403, 200, 200, 200, 200]),
    reads("/api/account/update", "name=Naam+{caller}&language=nl", [401, 403, 200, 200, 200, 200]),
    reads("/api/account/change_email", "email=new-{caller}%40example.test&current_password=not-the-password", [401, 403, 422, 422, 422, 422]),
    reads("/api/account/change_password", "current_password=not-the-password&password=Zonnebloem-Kade-Fiets-99", [401, 403, 422, 422, 422, 422]),
    reads("/api/account/sessions", "", [401, 403, 200, 200, 200, 200]),
    reads("/api/account/sign_out_others", "", [401, 403, 200, 200, 200, 200]),
    // Links from account e-mails: the token is the permission.
    reads("/api/account/email_link", "token=not-a-real-token", [410, 410, 410, 410, 410, 410]),
    reads("/api/account/confirm_email", "token=not-a-real-token", [410, 410, 410, 410, 410, 410]),
    // Same answer whether or not the address has an account.
    reads("/api/password/forgot", "email=nobody-{caller}%40example.test", [200, 200, 200, 200, 200, 200]),
    reads("/api/password/reset_link", "token=not-a-real-token", [410, 410, 410, 410, 410, 410]),
    reads("/api/password/reset", "token=not-a-real-token&password=Zonnebloem-Kade-Fiets-99", [410, 410, 410, 410, 410, 410]),
];
