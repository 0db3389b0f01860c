//! The defects a security review and a black-box probe found (issue 12), each shown over
//! real HTTP against a real server: ended sessions stay ended, stored markup stays text,
//! redirects stay on Koers, the log keeps no secrets, bodies and addresses are handled
//! as they should be.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::model::clients::DossierTab;
use app::server::entity::{auth_failure, session};
use app::server::Settings;
use app::types::Role;
use common::{
    accept_terms, client_dossier_id, create_org, create_user, form, link_in_outbox, user_id,
    TestApp, PASSWORD,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const NEW_PASSWORD: &str = "Walvis-Lantaarn-Molen-58";

/// Posts a form as the hydrated app does, without a cookie jar, with `headers` added
/// (a cookie, `X-Forwarded-For` …).
async fn post_form(
    app: &TestApp,
    path: &str,
    body: String,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(body).send().await.unwrap()
}

/// A sign-in form with these credentials.
fn credentials(email: &str, password: &str) -> String {
    form(&[("email", email), ("password", password)])
}

/// Signs in without a cookie jar and returns the `Cookie` header that carries the session.
async fn sign_in_cookie(app: &TestApp, email: &str, password: &str) -> String {
    let response = post_form(app, "/api/auth/login", credentials(email, password), &[]).await;
    assert_eq!(response.status(), 200, "sign-in of {email}");
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("koers_session="))
        .expect("a session cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// Calls a server function with a given `Cookie` header.
async fn call_with(app: &TestApp, cookie: &str, path: &str, body: &str) -> (u16, String) {
    let response = post_form(app, path, body.to_string(), &[("cookie", cookie)]).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Who the session behind `cookie` signs in, as the interface asks: `null` for nobody.
async fn who(app: &TestApp, cookie: &str) -> String {
    call_with(app, cookie, "/api/auth/me", "").await.1
}

/// Starts an upload into `dossier` with the session of `cookie` that sends its head and
/// first field, then waits for `go` before sending the file (`go(true)`) or nothing more
/// (`go(false)`): a request that is in flight, with its session loaded, for as long as the
/// test likes. Returns the status line of the answer.
fn slow_upload(
    app: &TestApp,
    cookie: &str,
    dossier: i32,
) -> (
    tokio::sync::oneshot::Sender<bool>,
    tokio::task::JoinHandle<String>,
) {
    let addr = app.base.trim_start_matches("http://").to_string();
    let boundary = "koersgrens";
    let head_part = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\n{dossier}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"traag.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    );
    let mut tail = common::PDF.to_vec();
    tail.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let length = head_part.len() + tail.len();
    let request_head = format!(
        "POST /documents/upload HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {length}\r\n\
         Connection: close\r\n\r\n{head_part}"
    );
    let (go, wait) = tokio::sync::oneshot::channel::<bool>();
    let task = tokio::spawn(async move {
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        stream.write_all(request_head.as_bytes()).await.unwrap();
        if wait.await.unwrap_or(false) {
            stream.write_all(&tail).await.unwrap();
        }
        // The status line is enough; the rest may never come if the body stays unfinished.
        let mut answer = Vec::new();
        let mut buffer = [0u8; 1024];
        while !answer.windows(2).any(|w| w == b"\r\n") {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
        }
        String::from_utf8_lossy(&answer)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    });
    (go, task)
}

/// Every way a session ends, while a slow request of that very session is in flight: when
/// it finishes, the session layer saves the session as it does after every request, and
/// before the fix that put the deleted row back (the thief stayed signed in).
#[tokio::test]
async fn a_session_ended_while_its_slow_request_is_in_flight_stays_ended() {
    let app = TestApp::start().await;
    for way in [
        "sign-out",
        "sign-out-others",
        "password-change",
        "reset",
        "suspension",
    ] {
        let marker = format!("Einde{}", way.replace('-', ""));
        let org = create_org(&app.db, &marker).await;
        for email in [&org.owner, &org.coach, &org.client] {
            accept_terms(&app.db, email).await;
        }
        let coach_id = user_id(&app.db, &org.coach).await;
        let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
        // The thief's copy of the cookie, and the victim's own session where they differ.
        let stolen = sign_in_cookie(&app, &org.coach, PASSWORD).await;
        let own = sign_in_cookie(&app, &org.coach, PASSWORD).await;
        assert!(who(&app, &stolen).await.contains("coach"), "{way}");

        let (go, upload) = slow_upload(&app, &stolen, dossier);
        tokio::time::sleep(Duration::from_millis(700)).await;
        match way {
            "sign-out" => {
                let (status, _) = call_with(&app, &stolen, "/api/auth/logout", "").await;
                assert!(status < 400, "{way}: {status}");
            }
            "sign-out-others" => {
                let (status, body) =
                    call_with(&app, &own, "/api/account/sign_out_others", "").await;
                assert_eq!(status, 200, "{way}: {body}");
            }
            "password-change" => {
                let (status, body) = call_with(
                    &app,
                    &own,
                    "/api/account/change_password",
                    &form(&[("current_password", PASSWORD), ("password", NEW_PASSWORD)]),
                )
                .await;
                assert!(status < 400, "{way}: {status} {body}");
            }
            "reset" => {
                let anonymous = app.client();
                let (status, _) = app
                    .call(
                        &anonymous,
                        "/api/password/forgot",
                        &form(&[("email", &org.coach)]),
                    )
                    .await;
                assert!(status < 400, "{way}: {status}");
                let link = link_in_outbox(&app.db, &org.coach).await;
                let token = link.rsplit('/').next().unwrap();
                let (status, body) = app
                    .call(
                        &anonymous,
                        "/api/password/reset",
                        &form(&[("token", token), ("password", NEW_PASSWORD)]),
                    )
                    .await;
                assert!(status < 400, "{way}: {status} {body}");
            }
            "suspension" => {
                let owner = app.sign_in(&org.owner, PASSWORD).await;
                let (status, body) = app
                    .call(
                        &owner,
                        "/api/members/suspend",
                        &format!("id={coach_id}&suspend=true"),
                    )
                    .await;
                assert_eq!(status, 200, "{way}: {body}");
            }
            _ => unreachable!(),
        }
        go.send(true).unwrap();
        let status_line = upload.await.unwrap();
        assert!(status_line.starts_with("HTTP/1.1"), "{way}: {status_line}");

        assert_eq!(
            who(&app, &stolen).await,
            "null",
            "{way}: the thief is still signed in"
        );
        let left = session::Entity::find()
            .filter(session::Column::UserId.eq(coach_id))
            .count(&app.db)
            .await
            .unwrap();
        // The victim's own session stays where they ended other sessions, or only the
        // one they signed out of.
        let expected = if matches!(way, "sign-out" | "sign-out-others" | "password-change") {
            1
        } else {
            0
        };
        assert_eq!(left, expected, "{way}: sessions of the coach left");
        if expected == 1 {
            assert!(
                who(&app, &own).await.contains("coach"),
                "{way}: own session stays"
            );
        }
    }
}

/// The second line of defence: a session row that comes back after the person's sessions
/// were ended (by a bug, a restored backup) signs nobody in.
#[tokio::test]
async fn a_session_row_put_back_after_a_password_change_signs_nobody_in() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Terug").await;
    accept_terms(&app.db, &org.coach).await;
    let coach_id = user_id(&app.db, &org.coach).await;
    let stolen = sign_in_cookie(&app, &org.coach, PASSWORD).await;
    let own = sign_in_cookie(&app, &org.coach, PASSWORD).await;
    let before = session::Entity::find()
        .filter(session::Column::UserId.eq(coach_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(before.len(), 2);
    // Let the stamps of the sessions and of the change differ by more than the clock's
    // resolution.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let (status, body) = call_with(
        &app,
        &own,
        "/api/account/change_password",
        &form(&[("current_password", PASSWORD), ("password", NEW_PASSWORD)]),
    )
    .await;
    assert!(status < 400, "{status} {body}");
    let after = session::Entity::find()
        .filter(session::Column::UserId.eq(coach_id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(after.len(), 1);
    for row in before {
        if !after.iter().any(|a| a.id_hash == row.id_hash) {
            row.into_active_model().insert(&app.db).await.unwrap();
        }
    }
    assert_eq!(who(&app, &stolen).await, "null");
    assert!(who(&app, &own).await.contains("coach"));
}

/// However active, a session ends twelve hours after it was signed in.
#[tokio::test]
async fn a_session_ends_twelve_hours_after_sign_in_however_active() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Twaalf").await;
    accept_terms(&app.db, &org.coach).await;
    let cookie = sign_in_cookie(&app, &org.coach, PASSWORD).await;
    assert!(who(&app, &cookie).await.contains("coach"));
    // The session as it would look had it been signed in 13 hours ago and used since.
    let row = session::Entity::find().one(&app.db).await.unwrap().unwrap();
    let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    let earlier = (chrono::Utc::now() - chrono::Duration::hours(13)).to_rfc3339();
    for key in ["signed_in_at", "valid_from"] {
        data[key] = serde_json::Value::String(earlier.clone());
    }
    let mut active = row.into_active_model();
    active.data = Set(data.to_string());
    active.update(&app.db).await.unwrap();
    assert_eq!(who(&app, &cookie).await, "null");
}

#[tokio::test]
async fn over_https_the_session_cookie_has_the_host_prefix() {
    let app = TestApp::start_with(Settings {
        secure_cookies: true,
        ..Settings::default()
    })
    .await;
    let org = create_org(&app.db, "Voorvoegsel").await;
    let response = post_form(
        &app,
        "/api/auth/login",
        credentials(&org.coach, PASSWORD),
        &[],
    )
    .await;
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let cookie = cookies
        .iter()
        .find(|c| c.contains("koers_session="))
        .expect("a session cookie");
    assert!(cookie.starts_with("__Host-koers_session="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
}

/// Markup that tries to end a `<title>` or a `<textarea>` and add elements of its own.
const MARKUP: &str = "Naam</title></textarea><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\"><b id=\"ingevoegd\">x</b>";

/// Elements in `html` that the markup above would have added, had it become markup.
fn injected(html: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("meta[http-equiv], #ingevoegd").unwrap();
    page.select(&selector).map(|e| e.html()).collect()
}

fn title_of(html: &str) -> String {
    let page = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("title").unwrap();
    page.select(&selector)
        .next()
        .map(|t| t.text().collect())
        .unwrap_or_default()
}

/// The value of the textarea `name` as a browser reads it.
fn textarea_values(html: &str, name: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("textarea[name=\"{name}\"]")).unwrap();
    page.select(&selector).map(|t| t.text().collect()).collect()
}

/// Every field that a page shows in its title or in a textarea, filled with markup, on every
/// page that shows it: the page has no element it did not render itself, and the title and
/// the textareas hold the text exactly as it was saved.
#[tokio::test]
async fn stored_markup_never_ends_a_title_or_a_textarea() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Opmaak").await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let coach_id = user_id(&app.db, &org.coach).await.to_string();
    let ok = |what: &str, (status, body): (u16, String)| {
        assert_eq!(status, 200, "{what}: {body}");
        body
    };

    // The dossier: name (title), address and notes (textareas of the edit page).
    ok(
        "update dossier",
        app.call(
            &coach,
            "/api/clients/update",
            &form(&[
                ("id", &dossier.to_string()),
                ("input[name]", MARKUP),
                ("input[email]", &org.client),
                ("input[address]", MARKUP),
                ("input[notes]", MARKUP),
                ("input[responsible_coach_id]", &coach_id),
            ]),
        )
        .await,
    );
    let trajectory = ok(
        "trajectory",
        app.call(
            &coach,
            "/api/trajectories/create",
            &format!("client_id={dossier}&input[title]=Traject"),
        )
        .await,
    );
    // A report (its source in the edit form's textarea).
    ok(
        "report",
        app.call(
            &coach,
            "/api/reports/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[body]", MARKUP),
                ("input[visibility]", "team"),
                ("input[edit_rights]", "coaches"),
            ]),
        )
        .await,
    );
    // An exercise: title (titles of builder, preview, review and the client's page),
    // introduction (textarea), a long answer (the client's textarea) and feedback.
    let exercise = ok(
        "exercise",
        app.call(
            &coach,
            "/api/exercises/create",
            &form(&[("title", MARKUP), ("intro", MARKUP)]),
        )
        .await,
    );
    ok(
        "question",
        app.call(
            &coach,
            "/api/exercises/add_question",
            &format!("id={exercise}&kind=long_text&prompt=Vertel"),
        )
        .await,
    );
    let assignment = ok(
        "assign",
        app.call(
            &coach,
            "/api/assignments/assign",
            &format!("client_id={dossier}&input[trajectory_id]={trajectory}&input[exercise_id]={exercise}"),
        )
        .await,
    );
    let answer = serde_json::to_string(&vec![MARKUP]).unwrap();
    ok(
        "answer",
        app.call(
            &client,
            "/api/my/save_answer",
            &form(&[
                ("id", &assignment),
                ("key", "q1"),
                ("values", &answer),
                ("seq", "1"),
            ]),
        )
        .await,
    );
    // The client's answer page, before submitting: title and the answer's textarea.
    let (status, _, page) = app
        .page(&client, &format!("/my/exercises/{assignment}"))
        .await;
    assert_eq!(status, 200);
    assert!(
        injected(&page).is_empty(),
        "/my/exercises: {:?}",
        injected(&page)
    );
    assert!(title_of(&page).starts_with(MARKUP), "{}", title_of(&page));
    assert_eq!(textarea_values(&page, "q1"), vec![MARKUP.to_string()]);

    let submit = reqwest::multipart::Form::new()
        .text("q1", MARKUP)
        .text("confirm", "yes")
        .text("intent", "submit");
    let response = client
        .post(app.url(&format!("/my/assignments/{assignment}/answers")))
        .multipart(submit)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    for key in ["q1", ""] {
        ok(
            "feedback",
            app.call(
                &coach,
                "/api/assignments/feedback",
                &form(&[("id", &assignment), ("key", key), ("feedback", MARKUP)]),
            )
            .await,
        );
    }
    // The builder's choices and a scale's bands (textareas of the builder), in the next
    // version of the exercise (the one given is frozen).
    const BAND_MARKUP: &str = "</textarea><b id=\"ingevoegd\">x</b>";
    for (path, body) in [
        (
            "/api/exercises/add_question",
            format!("id={exercise}&kind=single_choice&prompt=Kies"),
        ),
        (
            "/api/exercises/update_question",
            form(&[
                ("id", &exercise),
                ("key", "q2"),
                ("input[prompt]", "Kies"),
                ("input[options]", &format!("Ja\n{MARKUP}")),
            ]),
        ),
        (
            "/api/exercises/add_question",
            format!("id={exercise}&kind=scale&prompt=Hoeveel"),
        ),
        (
            "/api/exercises/add_scale",
            format!("id={exercise}&scale_name=Energie"),
        ),
        (
            "/api/exercises/update_scale",
            form(&[
                ("id", &exercise),
                ("scale", "s1"),
                ("name", "Energie"),
                ("weights[q3]", "1"),
                ("bands", &format!("{BAND_MARKUP}: 1 - 5")),
            ]),
        ),
    ] {
        ok(path, app.call(&coach, path, &body).await);
    }
    let (status, _, builder) = app.page(&coach, &format!("/exercises/{exercise}")).await;
    assert_eq!(status, 200);
    assert!(
        injected(&builder).is_empty(),
        "builder: {:?}",
        injected(&builder)
    );
    let options = textarea_values(&builder, "input[options]");
    assert!(
        options.iter().any(|v| v.contains(MARKUP)),
        "options: {options:?}"
    );
    let bands = textarea_values(&builder, "bands");
    assert!(
        bands.iter().any(|v| v.contains(BAND_MARKUP)),
        "bands: {bands:?}"
    );

    // The client's journal (the entry's textarea).
    ok(
        "journal",
        app.call(&client, "/api/my/journal_write", &form(&[("body", MARKUP)]))
            .await,
    );

    // Every tab of the dossier; the report's own text is in its edit form.
    let mut pages: Vec<(&reqwest::Client, String, bool, Vec<&str>)> = DossierTab::ALL
        .iter()
        .map(|&tab| {
            let areas = match tab {
                DossierTab::Reports => vec!["input[body]"],
                _ => vec![],
            };
            (&coach, tab.path(dossier), true, areas)
        })
        .collect();
    pages.extend([
        (
            &coach,
            format!("/clients/{dossier}/edit"),
            false,
            vec!["input[address]", "input[notes]"],
        ),
        (
            &coach,
            format!("/exercises/{exercise}"),
            true,
            vec!["intro"],
        ),
        (
            &coach,
            format!("/exercises/{exercise}/preview"),
            true,
            vec![],
        ),
        (
            &coach,
            format!("/assignments/{assignment}"),
            true,
            vec!["feedback"],
        ),
        (&client, format!("/my/exercises/{assignment}"), true, vec![]),
        (&client, "/my/journal".to_string(), false, vec!["body"]),
    ]);
    for (who, path, in_title, areas) in pages {
        let (status, _, page) = app.page(who, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(injected(&page).is_empty(), "{path}: {:?}", injected(&page));
        if in_title {
            assert!(
                title_of(&page).starts_with(MARKUP),
                "{path}: title {:?}",
                title_of(&page)
            );
        }
        for name in areas {
            let values = textarea_values(&page, name);
            assert!(
                values.iter().any(|v| v == MARKUP),
                "{path}: textarea {name} holds {values:?}"
            );
        }
    }
}

/// Operator terms are text like reports: markup in them is shown, never rendered, and the
/// operator's editing textareas hold it as text.
#[tokio::test]
async fn published_terms_show_markup_as_text() {
    let app = TestApp::start().await;
    let operator = "operator.termen@example.test";
    create_user(&app.db, None, Role::Operator, operator, "Operator").await;
    accept_terms(&app.db, operator).await;
    let console = app.sign_in(operator, PASSWORD).await;
    let (status, body) = app
        .call(
            &console,
            "/api/operator/publish_terms",
            &form(&[
                ("terms_nl", MARKUP),
                ("terms_en", MARKUP),
                ("privacy_nl", MARKUP),
                ("privacy_en", MARKUP),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    accept_terms(&app.db, operator).await;
    let visitor = app.client();
    for path in ["/terms", "/privacy"] {
        let (status, _, page) = app.page(&visitor, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(injected(&page).is_empty(), "{path}: {:?}", injected(&page));
    }
    let (status, _, page) = app.page(&console, "/operator/terms").await;
    assert_eq!(status, 200);
    assert!(injected(&page).is_empty(), "{:?}", injected(&page));
    assert_eq!(textarea_values(&page, "terms_nl"), vec![MARKUP.to_string()]);
}

/// Behind one proxy of our own, the address is the one that proxy appended, not the one the
/// client put in front of it; the throttle counts that address.
#[tokio::test]
async fn the_client_address_is_the_one_the_trusted_proxy_wrote() {
    for (hops, header, expected) in [
        (1, "198.51.100.66, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.66, 203.0.113.8, 10.0.0.2", "203.0.113.8"),
    ] {
        let app = TestApp::start_with(Settings {
            trusted_proxies: hops,
            ..Settings::default()
        })
        .await;
        let response = post_form(
            &app,
            "/api/auth/login",
            credentials("niemand@example.test", "fout-fout-fout"),
            &[("x-forwarded-for", header)],
        )
        .await;
        assert_eq!(response.status(), 401);
        let keys: Vec<String> = auth_failure::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.key)
            .collect();
        assert!(
            keys.contains(&format!("ip:{expected}")),
            "{hops} hops, {header}: {keys:?}"
        );
        assert!(
            !keys.iter().any(|k| k.contains("198.51.100.66")),
            "{keys:?}"
        );
    }
}

/// A writer for the test's log, so the test can read what the server logged.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_request_log_names_route_patterns_never_tokens() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("info")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = TestApp::start().await;
    let visitor = app.client();
    let secrets = [
        "/reset/GeheimResetToken1234",
        "/invite/GeheimInviteToken5678",
        "/account/email/GeheimMailToken9012",
        "/calendar/GeheimFeedToken3456.ics",
    ];
    for path in secrets {
        let _ = app.page(&visitor, path).await;
    }
    // The log line of the last request is written as its answer leaves.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(!log.contains("Geheim"), "a secret in the log:\n{log}");
    for pattern in ["/reset/{token}", "/invite/{token}", "/calendar/{file}"] {
        assert!(log.contains(pattern), "no {pattern} in the log:\n{log}");
    }
}

#[tokio::test]
async fn the_language_switch_goes_only_to_paths_of_koers() {
    let app = TestApp::start().await;
    let visitor = app.client();
    for next in [
        "/%09/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "https://evil.example/",
        "/%0A/evil.example",
    ] {
        let response = visitor
            .get(app.url(&format!("/language/en?next={next}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 303, "{next}");
        let location = response.headers()["location"].to_str().unwrap().to_string();
        let resolved = url::Url::parse(&app.url("/"))
            .unwrap()
            .join(&location)
            .unwrap();
        assert_eq!(
            resolved.host_str(),
            Some("127.0.0.1"),
            "{next} went to {location}"
        );
    }
    let response = visitor
        .get(app.url("/language/en?next=/login%3Fx%3D1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/login?x=1");
}

/// A form posted without JavaScript is sent back to the page it came from, but only when
/// that page is Koers' own.
#[tokio::test]
async fn a_form_post_is_never_sent_back_to_another_site() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Verwijzing").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    for (referer, expected) in [
        ("https://evil.example/phish".to_string(), "/".to_string()),
        (app.url("/time?week=1"), "/time?week=1".to_string()),
    ] {
        let response = coach
            .post(app.url("/api/account/update"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html")
            .header("referer", &referer)
            .body(form(&[("name", "Coach Verwijzing"), ("language", "nl")]))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{referer}");
        assert_eq!(
            response.headers()["location"],
            expected.as_str(),
            "{referer}"
        );
    }
}

/// A bare carriage return in a title or place cannot start a new calendar property, in the
/// download of one appointment and in the coach's feed.
#[tokio::test]
async fn a_carriage_return_cannot_add_calendar_properties() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Agenda").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let (status, id) = app
        .call(
            &coach,
            "/api/agenda/create",
            &form(&[
                ("client_id", &dossier.to_string()),
                ("input[title]", "Gesprek\rATTENDEE:mailto:dief@evil.example"),
                (
                    "input[location]",
                    "Kamer 1\rORGANIZER:mailto:dief@evil.example",
                ),
                ("input[starts_at]", "2030-01-07T10:00"),
                ("input[ends_at]", "2030-01-07T11:00"),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let (status, feed) = app.call(&coach, "/api/agenda/feed_new", "").await;
    assert_eq!(status, 200, "{feed}");
    let feed_path = serde_json::from_str::<serde_json::Value>(&feed).unwrap()["url"]
        .as_str()
        .map(|u| {
            u.split("://")
                .nth(1)
                .unwrap()
                .split_once('/')
                .unwrap()
                .1
                .to_string()
        })
        .unwrap_or_default();
    let mut files = vec![format!("/appointments/{id}/calendar.ics")];
    if !feed_path.is_empty() {
        files.push(format!("/{feed_path}"));
    }
    for path in files {
        let (status, _, ics) = app.page(&coach, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(ics.contains("BEGIN:VEVENT"), "{path}: {ics}");
        for line in ics.split(['\r', '\n']) {
            assert!(
                !line.starts_with("ATTENDEE") && !line.starts_with("ORGANIZER"),
                "{path}: a property of its own: {line:?}"
            );
        }
    }
}

/// Too large is 413 with the usual message, signed in or not; malformed is 422.
#[tokio::test]
async fn an_oversized_body_is_413_and_a_malformed_one_422() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Groot").await;
    accept_terms(&app.db, &org.coach).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let huge = format!("q={}", "a".repeat(2 * 1024 * 1024 + 16));
    for (who, path) in [
        (&app.client(), "/api/clients/list"),
        (&coach, "/api/clients/list"),
        (&coach, "/api/my/save_answer"),
    ] {
        let (status, body) = app.call(who, path, &huge).await;
        assert_eq!(status, 413, "{path}: {body}");
        assert_eq!(body, "\"TooLarge\"", "{path}");
    }
    let (status, body) = app.call(&coach, "/api/clients/list", "page=veel").await;
    assert_eq!(status, 422, "{body}");
}

/// A request body that stops arriving ends the request instead of holding it open.
#[tokio::test]
async fn a_body_that_stops_arriving_ends_the_request() {
    let app = TestApp::start_with(Settings {
        body_idle_timeout: Duration::from_millis(500),
        ..Settings::default()
    })
    .await;
    let org = create_org(&app.db, "Traag").await;
    accept_terms(&app.db, &org.coach).await;
    let cookie = sign_in_cookie(&app, &org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    // The file never comes.
    let (go, upload) = slow_upload(&app, &cookie, dossier);
    go.send(false).unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(10), upload).await;
    let status_line = answer.expect("the server ended the request").unwrap();
    assert!(
        status_line.starts_with("HTTP/1.1 4"),
        "answered {status_line:?}"
    );
}

/// Someone of another organization is unknown in a team, as everywhere else.
#[tokio::test]
async fn removing_someone_of_another_organization_from_a_team_is_not_found() {
    let app = TestApp::start().await;
    let a = create_org(&app.db, "TeamA").await;
    let b = create_org(&app.db, "TeamB").await;
    accept_terms(&app.db, &a.owner).await;
    let owner = app.sign_in(&a.owner, PASSWORD).await;
    let (status, team) = app
        .call(&owner, "/api/teams/create", &form(&[("name", "Noord")]))
        .await;
    assert_eq!(status, 200, "{team}");
    let foreign = user_id(&app.db, &b.coach).await;
    let (status, body) = app
        .call(
            &owner,
            "/api/teams/remove",
            &format!("team_id={team}&user_id={foreign}"),
        )
        .await;
    assert_eq!(status, 404, "{body}");
    let own = user_id(&app.db, &a.coach).await;
    let (status, body) = app
        .call(
            &owner,
            "/api/teams/remove",
            &format!("team_id={team}&user_id={own}"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn wrong_login(app: &TestApp, email: &str, forwarded: Option<&str>) -> u16 {
    let headers: Vec<(&str, &str)> = forwarded
        .map(|a| ("x-forwarded-for", a))
        .into_iter()
        .collect();
    let body = credentials(email, "Geraden-Wachtwoord-1");
    post_form(app, "/api/auth/login", body, &headers)
        .await
        .status()
        .as_u16()
}

/// Forty wrong passwords at once, at one account and then at forty accounts from one
/// address: no more than the limit reach a password check, the rest are refused, and no
/// more password hashes run at once than the bound allows (memory: 19 MiB each).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_wrong_passwords_get_at_most_the_limit_checked() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Parallel").await;
    let statuses =
        futures_util::future::join_all((0..40).map(|_| wrong_login(&app, &org.coach, None))).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert!(checked <= 5, "one account: {checked} checked: {statuses:?}");
    assert_eq!(checked + refused, 40, "{statuses:?}");

    let emails: Vec<String> = (0..40).map(|n| format!("raden{n}@example.test")).collect();
    let statuses =
        futures_util::future::join_all(emails.iter().map(|email| wrong_login(&app, email, None)))
            .await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert!(
        checked <= 20,
        "one address: {checked} checked: {statuses:?}"
    );
    assert_eq!(checked + refused, 40, "{statuses:?}");
    let peak = app::server::auth::password::peak_concurrent_hashes();
    assert!(
        (1..=app::server::auth::password::MAX_CONCURRENT_HASHES).contains(&peak),
        "{peak} hashes ran at once"
    );
}

/// Wrong guesses from one address lock that address out of the account, not the owner who
/// signs in from elsewhere.
#[tokio::test]
async fn a_stranger_cannot_lock_the_owner_out() {
    let app = TestApp::start_with(Settings {
        trusted_proxies: 1,
        ..Settings::default()
    })
    .await;
    let org = create_org(&app.db, "Buitensluiten").await;
    for _ in 0..5 {
        assert_eq!(
            wrong_login(&app, &org.coach, Some("198.51.100.9")).await,
            401
        );
    }
    assert_eq!(
        wrong_login(&app, &org.coach, Some("198.51.100.9")).await,
        429
    );
    let response = post_form(
        &app,
        "/api/auth/login",
        credentials(&org.coach, PASSWORD),
        &[("x-forwarded-for", "203.0.113.50")],
    )
    .await;
    assert_eq!(response.status(), 200, "the owner, from their own address");
}

/// A stolen session cannot guess the password through the forms that ask for it.
#[tokio::test]
async fn current_password_checks_are_throttled() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Huidig").await;
    accept_terms(&app.db, &org.coach).await;
    let thief = app.sign_in(&org.coach, PASSWORD).await;
    let mut statuses = Vec::new();
    for n in 0..8 {
        let path = if n % 2 == 0 {
            "/api/account/change_email"
        } else {
            "/api/account/change_password"
        };
        let (status, _) = app
            .call(
                &thief,
                path,
                &form(&[
                    ("email", "nieuw.adres@example.test"),
                    ("current_password", &format!("Gok-Nummer-{n}-xyz")),
                    ("password", NEW_PASSWORD),
                ]),
            )
            .await;
        statuses.push(status);
    }
    assert_eq!(&statuses[..5], &[422; 5], "{statuses:?}");
    assert_eq!(&statuses[5..], &[429; 3], "{statuses:?}");
}

/// Every server function and every file route that takes a POST: a request from another
/// site's page (by `Origin`, or by `Sec-Fetch-Site` without it) or with a `text/plain` body
/// is refused with 403 before it does anything, with the owner's valid cookie; the same
/// request from Koers' own pages, or from a client that sends neither header, is not.
#[tokio::test]
async fn state_changing_requests_from_other_sites_are_refused_everywhere() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Herkomst").await;
    accept_terms(&app.db, &org.owner).await;
    let cookie = sign_in_cookie(&app, &org.owner, PASSWORD).await;
    let own_origin = app.base.clone();
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert!(paths.len() > 100, "{} server functions", paths.len());
    let files: Vec<&str> = app::api::files::routes(1024)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    for path in files {
        paths.push(
            path.replace("{id}", "1")
                .replace("{file}", "feed.ics")
                .to_string(),
        );
    }
    // Signing out would end the cookie for the rest of the loop: last.
    paths.sort_by_key(|p| p == "/api/auth/logout");
    let send = |path: String, headers: Vec<(&'static str, String)>| {
        let cookie = cookie.clone();
        let url = app.url(&path);
        async move {
            let mut request = reqwest::Client::new()
                .post(url)
                .header("cookie", cookie)
                .header("accept", "application/json");
            let mut typed = false;
            for (name, value) in headers {
                typed |= name == "content-type";
                request = request.header(name, value);
            }
            if !typed {
                request = request.header("content-type", "application/x-www-form-urlencoded");
            }
            let response = request.body("id=1").send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }
    };
    let refused = |(status, body): &(u16, String)| {
        *status == 403 && (body == "\"CrossSite\"" || body.contains("niet van Koers"))
    };
    for path in paths {
        // GET-only file routes do not take a POST at all.
        let same = send(path.clone(), vec![("origin", own_origin.clone())]).await;
        if same.0 == 405 {
            continue;
        }
        assert!(
            !refused(&same),
            "{path}: refused from Koers itself: {same:?}"
        );
        let plain = send(path.clone(), vec![]).await;
        assert!(
            !refused(&plain),
            "{path}: refused without headers: {plain:?}"
        );
        for (what, headers) in [
            (
                "another origin",
                vec![("origin", "https://evil.example".to_string())],
            ),
            ("a null origin", vec![("origin", "null".to_string())]),
            (
                "cross-site fetch metadata",
                vec![("sec-fetch-site", "cross-site".to_string())],
            ),
            (
                "a text/plain body",
                vec![
                    ("origin", own_origin.clone()),
                    ("content-type", "text/plain".to_string()),
                ],
            ),
        ] {
            let answer = send(path.clone(), headers).await;
            assert!(refused(&answer), "{path} with {what}: {answer:?}");
        }
    }
}

/// Every server function, called by a coach and by a client with the extreme dates and
/// numbers a probe would send in every field that takes a date or a number: each answers
/// with a status below 500, and the connection stays up (no panic from date arithmetic or
/// overflowing numbers).
#[tokio::test]
async fn extreme_dates_and_numbers_never_break_a_server_function() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Uiterst").await;
    for email in [&org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let fields = [
        "day",
        "date",
        "due_date",
        "starts_at",
        "ends_at",
        "start_date",
        "end_date",
        "date_of_birth",
        "minutes",
        "seq",
        "page",
        "scale_min",
        "scale_max",
        "id",
        "client_id",
        "trajectory_id",
        "exercise_id",
        "team_id",
        "user_id",
        "target",
        "team",
        "coach",
        "responsible_coach_id",
        "max_coaches",
        "max_clients",
        "max_teams",
        "weights[q1]",
        "values",
    ];
    let extremes = [
        "+262142-12-31",
        "-262143-01-01",
        "+262142-12-31T23:59",
        "9999-12-31",
        "0000-01-01",
        "9223372036854775807",
        "-9223372036854775808",
        "18446744073709551615",
        "2147483647",
        "-2147483648",
        "1e308",
        "NaN",
    ];
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .filter(|p| p != "/api/auth/logout")
        .collect();
    paths.sort();
    let mut broken = Vec::new();
    for email in [&org.coach, &org.client] {
        let cookie = sign_in_cookie(&app, email, PASSWORD).await;
        for path in &paths {
            for value in extremes {
                // Each field also as a form struct's field (`input[date]`).
                let body = fields
                    .iter()
                    .map(|f| match f.contains('[') {
                        true => form(&[(f, value)]),
                        false => form(&[(f, value), (&format!("input[{f}]"), value)]),
                    })
                    .collect::<Vec<_>>()
                    .join("&");
                let answer = reqwest::Client::new()
                    .post(app.url(path))
                    .header("cookie", &cookie)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .body(body)
                    .send()
                    .await;
                match answer {
                    Ok(response) if response.status().as_u16() < 500 => {}
                    Ok(response) => broken.push(format!("{path} {value}: {}", response.status())),
                    Err(error) => broken.push(format!("{path} {value}: {error}")),
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// Runs `server serve` with `env` for up to `wait`; returns whether it was still running
/// then (it is stopped) and what it wrote to stderr.
fn serve_briefly(env: &[(&str, &str)], wait: Duration) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!(
        "koers-serve-{}-{}",
        std::process::id(),
        env.len() + wait.as_millis() as usize
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .arg("serve")
        .env_remove("KOERS_SMTP_URL")
        .env_remove("KOERS_LOCAL_OUTBOX")
        .env_remove("KOERS_PUBLIC_URL")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/koers.db?mode=rwc", dir.display()),
        )
        .env("KOERS_ADDR", "127.0.0.1:0")
        .env("KOERS_STORAGE_DIR", dir.join("documents"))
        .env_remove("KOERS_MASTER_KEY_FILE")
        .env(
            "KOERS_MASTER_KEY",
            app::server::MasterKeys::generate().to_text().trim(),
        )
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let started = std::time::Instant::now();
    let mut running = true;
    while started.elapsed() < wait {
        if child.try_wait().unwrap().is_some() {
            running = false;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if running {
        let _ = child.kill();
    }
    let output = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (running, String::from_utf8_lossy(&output.stderr).to_string())
}

/// The local outbox (where reset and invitation links can be read) is never on by
/// default, says so loudly when switched on, and is refused over https unless forced.
#[test]
fn the_local_outbox_is_on_only_when_switched_on() {
    let wait = Duration::from_secs(8);
    let (running, stderr) = serve_briefly(&[], wait);
    assert!(!running, "started without any way to send mail: {stderr}");
    assert!(stderr.contains("KOERS_LOCAL_OUTBOX"), "{stderr}");

    let (running, stderr) = serve_briefly(
        &[
            ("KOERS_LOCAL_OUTBOX", "true"),
            ("KOERS_PUBLIC_URL", "https://koers.example"),
        ],
        wait,
    );
    assert!(!running, "local outbox over https without force: {stderr}");
    assert!(stderr.contains("force"), "{stderr}");

    let (running, stderr) = serve_briefly(&[("KOERS_LOCAL_OUTBOX", "true")], wait);
    assert!(running, "{stderr}");
    assert!(stderr.contains("LOCAL OUTBOX IS ON"), "{stderr}");
}

/// Dossier content is sealed with the master key, so Koers does not start without one,
/// nor with one that is not a key.
#[test]
fn koers_refuses_to_start_without_a_master_key() {
    let wait = Duration::from_secs(8);
    let (running, stderr) = serve_briefly(
        &[("KOERS_LOCAL_OUTBOX", "true"), ("KOERS_MASTER_KEY", "")],
        wait,
    );
    assert!(!running, "started without a master key: {stderr}");
    assert!(stderr.contains("KOERS_MASTER_KEY_FILE"), "{stderr}");

    let (running, stderr) = serve_briefly(
        &[
            ("KOERS_LOCAL_OUTBOX", "true"),
            ("KOERS_MASTER_KEY", "geheim"),
        ],
        wait,
    );
    assert!(!running, "started with a master key that is none: {stderr}");
    assert!(stderr.contains("master key"), "{stderr}");
}

/// The newest mail to `to`, if any.
async fn last_mail(app: &TestApp, to: &str) -> Option<String> {
    use sea_orm::QueryOrder;
    app::server::entity::outbox::Entity::find()
        .filter(app::server::entity::outbox::Column::ToAddress.eq(to))
        .order_by_desc(app::server::entity::outbox::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .map(|m| m.body)
}

/// Whether an address has an account at another practice never shows in an answer: not
/// when inviting it, not when changing one's own address to it, not when signing up with
/// it. The address itself is told by mail what happened.
#[tokio::test]
async fn answers_never_tell_whether_an_address_has_an_account_elsewhere() {
    let app = TestApp::start().await;
    let a = create_org(&app.db, "Telling").await;
    let b = create_org(&app.db, "Elders").await;
    for email in [&a.owner, &a.coach] {
        accept_terms(&app.db, email).await;
    }
    let owner = app.sign_in(&a.owner, PASSWORD).await;
    let shape = |body: &str| {
        let mut value: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        for field in ["id", "email", "name"] {
            if let Some(v) = value.get_mut(field) {
                *v = serde_json::Value::Null;
            }
        }
        value.to_string()
    };

    // Inviting.
    let mut answers = Vec::new();
    for email in ["nog.niemand@example.test", b.client.as_str()] {
        let (status, body) = app
            .call(
                &owner,
                "/api/members/invite",
                &form(&[
                    ("name", "Nieuw Iemand"),
                    ("email", email),
                    ("role", "client"),
                ]),
            )
            .await;
        answers.push((status, shape(&body)));
    }
    assert_eq!(answers[0], answers[1], "invite: {answers:?}");
    assert_eq!(answers[0].0, 200);
    let told = last_mail(&app, &b.client)
        .await
        .expect("a mail to the address");
    assert!(
        !told.contains("/invite/"),
        "no way in for an existing account: {told}"
    );

    // Changing one's own address.
    let coach = app.sign_in(&a.coach, PASSWORD).await;
    let mut answers = Vec::new();
    for email in ["vrij.adres@example.test", b.coach.as_str()] {
        let (status, body) = app
            .call(
                &coach,
                "/api/account/change_email",
                &form(&[("email", email), ("current_password", PASSWORD)]),
            )
            .await;
        let (_, profile) = app.call(&coach, "/api/account/profile", "").await;
        let pending = serde_json::from_str::<serde_json::Value>(&profile).unwrap()["pending_email"]
            .is_string();
        answers.push((status, body.replace(email, "ADDRESS"), pending));
    }
    assert_eq!(answers[0], answers[1], "e-mail change: {answers:?}");
    assert_eq!(answers[0].0, 200);
    let told = last_mail(&app, &b.coach)
        .await
        .expect("a mail to the address");
    assert!(!told.contains("/account/email/"), "no link: {told}");

    // Signing up.
    let visitor = app.client();
    let mut answers = Vec::new();
    for (n, email) in ["nieuwe.praktijk@example.test", b.owner.as_str()]
        .into_iter()
        .enumerate()
    {
        let (status, body) = app
            .call(
                &visitor,
                "/api/signup/demo",
                &form(&[
                    ("organization", &format!("Praktijk Nummer {n}")),
                    ("name", "Nieuwe Eigenaar"),
                    ("email", email),
                    ("password", NEW_PASSWORD),
                    ("agree", "yes"),
                ]),
            )
            .await;
        answers.push((status, body));
    }
    assert_eq!(answers[0], answers[1], "sign-up: {answers:?}");
    assert!(answers[0].0 < 400, "{answers:?}");
    let told = last_mail(&app, &b.owner)
        .await
        .expect("a mail to the address");
    assert!(
        !told.contains("/signup/confirm/"),
        "no demo for a taken address: {told}"
    );
}

/// Signing out tells the browser to drop what it keeps for the site (answers waiting in
/// localStorage on a shared tablet), also for a form posted without JavaScript.
#[tokio::test]
async fn signing_out_clears_what_the_browser_keeps() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Gedeeld").await;
    accept_terms(&app.db, &org.client).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    for accept in ["application/json", "text/html"] {
        let client = if accept == "text/html" {
            app.sign_in(&org.client, PASSWORD).await
        } else {
            client.clone()
        };
        let response = client
            .post(app.url("/api/auth/logout"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert!(response.status().as_u16() < 400, "{accept}");
        assert_eq!(
            response
                .headers()
                .get("clear-site-data")
                .map(|v| v.to_str().unwrap()),
            Some("\"storage\""),
            "{accept}"
        );
    }
}

/// A client that sends its request headers a trickle at a time is cut off.
#[tokio::test]
async fn headers_that_never_finish_end_the_connection() {
    let app = TestApp::start_with(Settings {
        header_read_timeout: Duration::from_millis(500),
        ..Settings::default()
    })
    .await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(b"GET /login HTTP/1.1\r\nHost: koers\r\nX-Traag: ")
        .await
        .unwrap();
    let mut buffer = [0u8; 256];
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the connection was still open after 10 s");
}
