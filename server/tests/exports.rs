//! The practice's exports (issue 17). The Excel workbook opens in openpyxl (a reader that
//! is not Koers, `tools/read_xlsx.py`) with the seeded names, report text, dates as dates and
//! minutes as numbers, the header row frozen and filters on. The Word documents (a dossier
//! report, one per dossier in a ZIP, the agenda and time of a period) open in python-docx
//! (`tools/read_docx.py`) with the same. A coach's export holds only what the coach may read;
//! the filters narrow it; a refused filter returns to the form; each exported dossier is in
//! the access log.

mod common;

use common::content::ok;
use common::{accept_terms, client_dossier_id, create_org, form, user_id, TestApp, PASSWORD};
use serde_json::Value;

/// What openpyxl read: the sheets by name.
struct Read(Value);

impl Read {
    fn sheet(&self, name: &str) -> &Value {
        self.0["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no sheet {name}: {}", self.names().join(", ")))
    }

    fn names(&self) -> Vec<String> {
        self.0["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    }

    /// The data rows of a sheet (without its header).
    fn rows(&self, name: &str) -> Vec<Vec<Value>> {
        self.sheet(name)["rows"]
            .as_array()
            .unwrap()
            .iter()
            .skip(1)
            .map(|r| r.as_array().unwrap().clone())
            .collect()
    }

    /// Every text in a sheet, for "is it there" questions.
    fn text(&self, name: &str) -> String {
        self.sheet(name)["rows"].to_string()
    }
}

/// Downloads the export with `query` and reads it with openpyxl.
async fn export(app: &TestApp, who: &reqwest::Client, query: &str) -> Read {
    let response = who
        .get(app.url(&format!("/exports/clients.xlsx?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{query}");
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains(".xlsx"),
        "{disposition}"
    );
    let bytes = response.bytes().await.unwrap();
    Read(common::read_with_python("read_xlsx.py", "xlsx", &bytes))
}

/// An appointment on Tuesday 24 November 2026 and 45 + 30 minutes of sessions, by `coach`.
async fn agenda_and_time(app: &TestApp, coach: &reqwest::Client, id: &str) {
    ok(
        app,
        coach,
        "/api/agenda/create",
        &form(&[
            ("client_id", id),
            ("input[title]", "Afspraak-Tureluur"),
            ("input[starts_at]", "2026-11-24T14:30"),
            ("input[ends_at]", "2026-11-24T15:15"),
            ("input[location]", "Kamer 2"),
        ]),
    )
    .await;
    for (date, minutes) in [("2026-11-20", "45"), ("2026-11-27", "30")] {
        ok(
            app,
            coach,
            "/api/time/log",
            &form(&[
                ("client_id", id),
                ("input[date]", date),
                ("input[minutes]", minutes),
                ("input[activity]", "session"),
            ]),
        )
        .await;
    }
}

#[tokio::test]
async fn the_excel_export_opens_elsewhere_with_names_text_dates_and_minutes() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Excel").await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let id = dossier.to_string();
    let coach_id = user_id(&app.db, &org.coach).await.to_string();
    // A second dossier that the coach was not given.
    let other = common::create_client(&app.db, org.id, "anders.excel@example.test").await;
    // Another practice, whose people must never appear.
    let elsewhere = create_org(&app.db, "Elders").await;

    ok(
        &app,
        &coach,
        "/api/clients/update",
        &form(&[
            ("id", &id),
            ("input[name]", "Cliënt Grutto"),
            ("input[email]", "grutto@example.test"),
            ("input[phone]", "06-12345678"),
            ("input[address]", "Dijkweg 4, 1234 AB Polderdam"),
            ("input[date_of_birth]", "1988-04-12"),
            ("input[responsible_coach_id]", &coach_id),
        ]),
    )
    .await;
    let trajectory = ok(
        &app,
        &coach,
        "/api/trajectories/create",
        &form(&[
            ("client_id", &id),
            ("input[title]", "Loopbaan-Lepelaar"),
            ("input[start_date]", "2026-10-01"),
        ]),
    )
    .await;
    ok(
        &app,
        &coach,
        "/api/reports/create",
        &form(&[
            ("client_id", &id),
            ("input[trajectory_id]", &trajectory),
            ("input[date]", "2026-11-20"),
            (
                "input[body]",
                "Gesprek over **werk-Wulp**.\n\n- eerste stap",
            ),
            ("input[visibility]", "team"),
            ("input[edit_rights]", "author"),
        ]),
    )
    .await;
    // The owner's own note: theirs alone, so not in the coach's export.
    ok(
        &app,
        &owner,
        "/api/reports/create",
        &form(&[
            ("client_id", &id),
            ("input[date]", "2026-11-21"),
            ("input[body]", "Alleen-voor-Owner"),
            ("input[visibility]", "author"),
            ("input[edit_rights]", "author"),
        ]),
    )
    .await;
    agenda_and_time(&app, &coach, &id).await;

    // The owner: the whole practice, in Dutch.
    let read = export(&app, &owner, "").await;
    assert_eq!(
        read.names(),
        [
            "Cliënten",
            "Trajecten",
            "Rapportages",
            "Afspraken",
            "Tijdregistratie",
            "Totalen"
        ]
    );
    for name in read.names() {
        let sheet = read.sheet(&name);
        assert_eq!(
            sheet["frozen"], "A2",
            "{name}: the header row stays in view"
        );
        let filter = sheet["filter"].as_str().unwrap_or_default();
        assert!(
            filter.starts_with("A1:"),
            "{name}: a filter on the columns ({filter})"
        );
    }
    let clients = read.rows("Cliënten");
    assert_eq!(clients.len(), 2, "both dossiers");
    let grutto = clients.iter().find(|r| r[0] == "Cliënt Grutto").unwrap();
    assert_eq!(grutto[1], "grutto@example.test");
    assert_eq!(grutto[3], "Dijkweg 4, 1234 AB Polderdam");
    assert_eq!(grutto[4]["date"], "1988-04-12", "a date, not text");
    assert_eq!(grutto[5], "coach Excel");
    assert_eq!(grutto[8], "Actief");
    assert!(
        clients.iter().any(|r| r[0] != "Cliënt Grutto"),
        "the other dossier ({other})"
    );

    let reports = read.rows("Rapportages");
    assert_eq!(reports.len(), 2, "the owner reads their own note too");
    let report = reports.iter().find(|r| r[2] == "coach Excel").unwrap();
    assert_eq!(report[0], "Cliënt Grutto");
    assert_eq!(report[1]["date"], "2026-11-20");
    assert_eq!(report[3], "Loopbaan-Lepelaar");
    assert_eq!(
        report[5], "Gesprek over werk-Wulp.\n- eerste stap",
        "plain text"
    );

    let trajectories = read.rows("Trajecten");
    assert_eq!(trajectories[0][1], "Loopbaan-Lepelaar");
    assert_eq!(trajectories[0][5]["date"], "2026-10-01");
    let appointments = read.rows("Afspraken");
    assert_eq!(
        appointments[0][1]["datetime"], "2026-11-24T14:30",
        "Dutch time, a date"
    );
    assert_eq!(appointments[0][3], "Afspraak-Tureluur");

    let time = read.rows("Tijdregistratie");
    assert_eq!(time.len(), 2);
    assert_eq!(time[0][1]["date"], "2026-11-20");
    assert_eq!(time[0][4], 45, "minutes as a number");
    assert_eq!(time[0][3], "Sessie");
    let totals = read.rows("Totalen");
    let by_client = totals.iter().find(|r| r[0] == "Cliënt").unwrap();
    assert_eq!(
        (&by_client[1], &by_client[2]),
        (&Value::from("Cliënt Grutto"), &Value::from(75))
    );
    assert_eq!(by_client[3], 1.25, "hours as a number");
    let by_coach = totals.iter().find(|r| r[0] == "Begeleider").unwrap();
    assert_eq!(
        (&by_coach[1], &by_coach[2]),
        (&Value::from("coach Excel"), &Value::from(75))
    );

    for name in read.names() {
        let text = read.text(&name);
        for marker in std::iter::once(&elsewhere.name).chain(&elsewhere.markers) {
            assert!(
                !text.contains(marker.as_str()),
                "{name} holds {marker} of another practice"
            );
        }
        assert!(
            !text.contains("Elders"),
            "{name} holds another practice's people"
        );
    }

    // The coach: only the dossier given to them, and not the owner's own note.
    let read = export(&app, &coach, "").await;
    let clients = read.rows("Cliënten");
    assert_eq!(clients.len(), 1, "{clients:?}");
    assert!(!read.text("Rapportages").contains("Alleen-voor-Owner"));
    assert!(read.text("Rapportages").contains("werk-Wulp"));

    // A period: reports, appointments and time within it; the clients stay.
    let read = export(&app, &owner, "from=2026-11-21&to=2026-11-26&archived=all").await;
    assert_eq!(read.rows("Cliënten").len(), 2);
    let reports = read.rows("Rapportages");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0][5], "Alleen-voor-Owner");
    assert_eq!(read.rows("Afspraken").len(), 1);
    assert_eq!(read.rows("Tijdregistratie").len(), 0);
    // Only archived dossiers: none yet, and still a workbook with its headers.
    let read = export(&app, &owner, "archived=archived").await;
    assert_eq!(read.rows("Cliënten").len(), 0);

    // A filter that is not one goes back to the form, naming the fields and keeping the rest.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    ok(
        &app,
        &browser,
        "/api/auth/login",
        &form(&[("email", &org.owner), ("password", PASSWORD)]),
    )
    .await;
    let response = browser
        .get(
            app.url("/exports/clients.xlsx?from=2026-13-45&to=2026-11-01&coach=99999&archived=all"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/clients?"), "{location}");
    assert!(location.contains("export_error=from,coach"), "{location}");
    assert!(location.contains("export_archived=all"), "{location}");
    let (_, _, page) = app.page(&browser, &location).await;
    assert!(
        page.contains("Vul een geldige datum in"),
        "the date's message is on the form"
    );
    assert!(page.contains("Kies een van de mogelijkheden uit de lijst."));

    // Each export is in the dossier's access log as an export, by whom made it.
    let (_, log) = app
        .call(
            &owner,
            "/api/access_log/search",
            &format!("query[dossier]={dossier}"),
        )
        .await;
    assert!(log.contains("\"export\""), "{log}");
}

/// What python-docx read: the names in the download, and each Word document's text.
struct Word(Value);

impl Word {
    fn files(&self) -> Vec<String> {
        self.0["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect()
    }

    fn text(&self, name: &str) -> String {
        self.0["documents"][name]
            .as_str()
            .unwrap_or_else(|| panic!("no {name} in {:?}", self.files()))
            .to_string()
    }
}

/// Downloads `path` as `content_type` and reads its Word documents with python-docx.
async fn word(app: &TestApp, who: &reqwest::Client, path: &str, content_type: &str) -> Word {
    let response = who.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], content_type, "{path}");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let bytes = response.bytes().await.unwrap();
    Word(common::read_with_python("read_docx.py", "bin", &bytes))
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// No date on the page as ISO: people read words.
fn assert_no_iso_date(text: &str) {
    let iso = text.as_bytes().windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
    });
    assert!(!iso, "an ISO date in: {text}");
}

#[tokio::test]
async fn the_word_exports_open_elsewhere_with_the_dossier_the_agenda_and_the_time() {
    let app = TestApp::start().await;
    let org = create_org(&app.db, "Woord").await;
    for email in [&org.owner, &org.coach, &org.client] {
        accept_terms(&app.db, email).await;
    }
    let owner = app.sign_in(&org.owner, PASSWORD).await;
    let coach = app.sign_in(&org.coach, PASSWORD).await;
    let client = app.sign_in(&org.client, PASSWORD).await;
    let dossier = client_dossier_id(&app.db, user_id(&app.db, &org.client).await).await;
    let id = dossier.to_string();
    let written = common::content::write_every_kind(&app, &coach, &client, dossier).await;
    agenda_and_time(&app, &coach, &id).await;
    ok(
        &app,
        &owner,
        "/api/reports/create",
        &form(&[
            ("client_id", &id),
            ("input[date]", "2026-11-25"),
            ("input[body]", "Alleen-voor-Owner"),
            ("input[visibility]", "author"),
            ("input[edit_rights]", "author"),
        ]),
    )
    .await;
    let other = common::create_client(&app.db, org.id, "anders.woord@example.test").await;
    let elsewhere = create_org(&app.db, "Elders").await;

    // One dossier's report, for the coach: everything they may read, dates in words.
    let report = word(&app, &coach, &format!("/clients/{id}/dossier.docx"), DOCX).await;
    let text = report.text("document.docx");
    for marker in written.markers.iter().chain(&[
        "Cliënt Alles",
        "Traject-Zeearend",
        "Welzijn",
        "Afspraak-Tureluur",
        "Sessie",
        "75 min",
    ]) {
        assert!(text.contains(marker), "{marker} is not in: {text}");
    }
    assert!(text.contains("20 november 2026"), "{text}");
    assert!(!text.contains("Alleen-voor-Owner"), "the owner's own note");
    assert_no_iso_date(&text);
    // The owner reads their own note too; a coach never gets a dossier not given to them.
    let report = word(&app, &owner, &format!("/clients/{id}/dossier.docx"), DOCX).await;
    assert!(report.text("document.docx").contains("Alleen-voor-Owner"));
    let refused = coach
        .get(app.url(&format!("/clients/{other}/dossier.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 404);

    // A report per dossier in a ZIP, narrowed to a period.
    let all = word(&app, &owner, "/exports/dossiers.zip", "application/zip").await;
    let documents: Vec<String> = all
        .files()
        .into_iter()
        .filter(|f| f.ends_with(".docx"))
        .collect();
    assert_eq!(documents.len(), 2, "both dossiers: {documents:?}");
    let alles = format!("client-alles-{dossier}.docx");
    assert!(all.text(&alles).contains("Rapport-Ijsvogel"));
    assert!(all.text("LEESMIJ.txt").contains("Dossiers: 2"));
    let period = word(
        &app,
        &owner,
        "/exports/dossiers.zip?from=2026-11-21&to=2026-11-26",
        "application/zip",
    )
    .await;
    let text = period.text(&alles);
    assert!(text.contains("Alleen-voor-Owner") && text.contains("Afspraak-Tureluur"));
    assert!(
        !text.contains("Rapport-Ijsvogel"),
        "a report before the period"
    );
    assert!(
        text.contains("21 november 2026 – 26 november 2026"),
        "{text}"
    );
    let coachs = word(&app, &coach, "/exports/dossiers.zip", "application/zip").await;
    assert_eq!(
        coachs
            .files()
            .iter()
            .filter(|f| f.ends_with(".docx"))
            .count(),
        1,
        "only the dossier given to the coach"
    );

    // The agenda and time of November, day by day, with totals per client and coach.
    let agenda = word(
        &app,
        &owner,
        "/exports/agenda.docx?from=2026-11-01&to=2026-11-30",
        DOCX,
    )
    .await;
    let text = agenda.text("document.docx");
    for expected in [
        "Agenda en tijd",
        "Praktijk Woord",
        "1 november 2026 – 30 november 2026",
        "dinsdag 24 november 2026",
        "14:30–15:15 | Cliënt Alles | coach Woord | Afspraak-Tureluur | Kamer 2",
        "20 november 2026 | Cliënt Alles | coach Woord | Sessie | 45",
        "Cliënt Alles | 75 | 1,25",
        "coach Woord | 75 | 1,25",
        "Totaal | 75 | 1,25",
    ] {
        assert!(text.contains(expected), "{expected} is not in: {text}");
    }
    assert_no_iso_date(&text);
    for marker in std::iter::once(&elsewhere.name).chain(&elsewhere.markers) {
        assert!(
            !text.contains(marker.as_str()),
            "{marker} of another practice"
        );
    }
    // December holds none of it, and says so.
    let december = word(
        &app,
        &owner,
        "/exports/agenda.docx?from=2026-12-01&to=2026-12-31",
        DOCX,
    )
    .await;
    let text = december.text("document.docx");
    assert!(text.contains("Geen afspraken in deze periode."), "{text}");
    assert!(!text.contains("Afspraak-Tureluur"));

    // A period with more lines than one Word document holds is refused, naming the period,
    // and nothing is recorded as exported.
    let tenant = common::tenant_of(&app, &org.owner).await;
    let filter = app::server::service::exports::Filter {
        from: None,
        to: None,
        coach: None,
        team: None,
        archived: app::model::exports::ArchivedChoice::All,
    };
    let refused = app::server::service::exports::agenda_within(
        &app.db,
        chrono::Utc::now(),
        &tenant,
        "nl",
        &filter,
        2,
    )
    .await;
    match refused {
        Err(app::error::AppError::Invalid { fields }) => assert_eq!(fields[0].0, "period"),
        Err(other) => panic!("refused for another reason: {other:?}"),
        Ok(_) => panic!("a period of more lines than allowed was made"),
    }

    // A refused filter goes back to the form, as for Excel.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    ok(
        &app,
        &browser,
        "/api/auth/login",
        &form(&[("email", &org.owner), ("password", PASSWORD)]),
    )
    .await;
    for path in ["/exports/agenda.docx", "/exports/dossiers.zip"] {
        let response = browser
            .get(app.url(&format!("{path}?from=2026-11-31")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{path}");
        let location = response.headers()["location"].to_str().unwrap();
        assert!(location.contains("export_error=from"), "{location}");
    }

    // Each is in the dossier's access log as an export of the areas it holds.
    let (_, log) = app
        .call(
            &owner,
            "/api/access_log/search",
            &format!("query[dossier]={dossier}"),
        )
        .await;
    let log = common::json(&log);
    for area in ["exercises", "agenda", "time", "journal"] {
        assert!(
            log["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["area"] == area && r["action"] == "export"),
            "{area}: {log}"
        );
    }
}
