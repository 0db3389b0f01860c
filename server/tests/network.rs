//! The organization's allow-list of networks over real HTTP: an owner sets it (and is
//! warned before locking themselves out), and from then on every page, server function
//! and file route refuses its people elsewhere, also those signed in already; operators
//! and other organizations are not bound by it. Addresses come in through one trusted
//! proxy's X-Forwarded-For, as behind a practice's reverse proxy.

mod common;

use app::server::Settings;
use app::types::Role;
use common::*;

const OFFICE: &str = "192.0.2.10";
const OFFICE_TOO: &str = "192.0.2.77";
const HOME: &str = "203.0.113.5";
const OFFICE_V6: &str = "2001:db8:5::1";
const LIST: &str = "192.0.2.0/24  # kantoor\n2001:db8::/32";

async fn start() -> TestApp {
    TestApp::start_with(Settings {
        trusted_proxies: 1,
        ..Settings::default()
    })
    .await
}

/// A browser at `address` (as the proxy reports it), with its own cookies.
fn browser_at(address: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", address.parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

async fn sign_in_at(app: &TestApp, address: &str, email: &str) -> reqwest::Client {
    let browser = browser_at(address);
    let (status, body) = app
        .call(
            &browser,
            "/api/auth/login",
            &form(&[("email", email), ("password", PASSWORD)]),
        )
        .await;
    assert_eq!(status, 200, "{email} at {address}: {body}");
    browser
}

async fn set_list(
    app: &TestApp,
    owner: &reqwest::Client,
    list: &str,
    confirm: bool,
) -> (u16, String) {
    let confirm = if confirm { "yes" } else { "" };
    app.call(
        owner,
        "/api/security/networks",
        &form(&[("networks", list), ("confirm_outside", confirm)]),
    )
    .await
}

fn refused(status: u16, body: &str) -> bool {
    status == 403 && body.contains("NetworkRefused")
}

#[tokio::test]
async fn people_outside_the_organizations_networks_reach_nothing_but_the_network_page() {
    let app = start().await;
    let org = create_org(&app.db, "Netwerk").await;
    let other = create_org(&app.db, "Elders").await;
    for email in [&org.owner, &org.coach, &org.client, &other.coach] {
        accept_terms(&app.db, email).await;
    }
    let operator = "beheer@netwerk.test";
    create_user(&app.db, None, Role::Operator, operator, "Beheer").await;
    accept_terms(&app.db, operator).await;

    let owner = sign_in_at(&app, OFFICE, &org.owner).await;
    let coach_home = sign_in_at(&app, HOME, &org.coach).await;
    let client_home = sign_in_at(&app, HOME, &org.client).await;
    let (status, _) = app.call(&coach_home, "/api/clients/list", "q=").await;
    assert_eq!(status, 200, "no list yet: from anywhere");

    let (status, body) = set_list(&app, &owner, LIST, false).await;
    assert_eq!(status, 200, "{body}");

    // Signed in already, at home: the very next request is refused.
    let (status, body) = app.call(&coach_home, "/api/clients/list", "q=").await;
    assert!(refused(status, &body), "{status} {body}");
    let (status, body) = app.call(&client_home, "/api/my/home", "").await;
    assert!(refused(status, &body), "{status} {body}");
    for path in ["/dashboard", "/clients", "/account", "/account/two-factor"] {
        let (_, location, _) = app.page(&coach_home, path).await;
        assert_eq!(location.as_deref(), Some("/network"), "{path}");
    }
    let (_, location, _) = app.page(&client_home, "/my").await;
    assert_eq!(location.as_deref(), Some("/network"));
    // File routes too: the download goes to the same page.
    let (_, location, _) = app.page(&coach_home, "/documents/1").await;
    assert_eq!(location.as_deref(), Some("/network"));
    // The page says what Koers sees, and signing out still works.
    let (status, _, page) = app.page(&coach_home, "/network").await;
    assert_eq!(status, 200);
    assert!(page.contains("Geen toegang vanaf dit netwerk"), "{page}");
    assert!(page.contains(HOME), "the address is shown");
    let (_, network) = app.call(&coach_home, "/api/auth/network", "").await;
    let network = json(&network);
    assert_eq!(
        (network["allowed"].as_bool(), network["address"].as_str()),
        (Some(false), Some(HOME))
    );
    let (status, _) = app.call(&coach_home, "/api/auth/logout", "").await;
    assert_eq!(status, 200);

    // At the office, on IPv4 or IPv6, the same people work as before.
    let coach_office = sign_in_at(&app, OFFICE_TOO, &org.coach).await;
    let (status, _) = app.call(&coach_office, "/api/clients/list", "q=").await;
    assert_eq!(status, 200);
    let (status, _, _) = app.page(&coach_office, "/dashboard").await;
    assert_eq!(status, 200);
    let coach_v6 = sign_in_at(&app, OFFICE_V6, &org.coach).await;
    let (status, _) = app.call(&coach_v6, "/api/clients/list", "q=").await;
    assert_eq!(status, 200);

    // Another organization's people and the operator are not bound by this list.
    let elsewhere = sign_in_at(&app, HOME, &other.coach).await;
    let (status, _) = app.call(&elsewhere, "/api/clients/list", "q=").await;
    assert_eq!(status, 200);
    let operator = sign_in_at(&app, HOME, operator).await;
    let (status, _) = app.call(&operator, "/api/operator/organizations", "").await;
    assert_eq!(status, 200);

    // Emptied, the list lets everyone in again.
    let (status, body) = set_list(&app, &owner, "", false).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app.call(&client_home, "/api/my/home", "").await;
    assert_eq!(status, 200);

    let (_, log) = app
        .call(
            &owner,
            "/api/security/events",
            "person=&kind=networks_changed",
        )
        .await;
    let log = json(&log);
    let events = log["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{log}");
    assert_eq!(
        events[1]["detail"],
        "192.0.2.0/24  # kantoor, 2001:db8::/32"
    );
    assert_eq!(events[1]["address"], OFFICE);
}

#[tokio::test]
async fn an_owner_is_warned_before_the_list_locks_out_their_own_address() {
    let app = start().await;
    let org = create_org(&app.db, "Zelfbuiten").await;
    accept_terms(&app.db, &org.owner).await;
    accept_terms(&app.db, &org.coach).await;
    let owner = sign_in_at(&app, HOME, &org.owner).await;
    let (_, settings) = app.call(&owner, "/api/security/settings", "").await;
    assert_eq!(json(&settings)["your_address"], HOME);

    let (status, body) = set_list(&app, &owner, LIST, false).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("OwnAddressOutside"), "{body}");
    // Nothing was saved: the coach at home still works.
    let coach = sign_in_at(&app, HOME, &org.coach).await;
    let (status, _) = app.call(&coach, "/api/clients/list", "q=").await;
    assert_eq!(status, 200);

    // Confirmed, it is saved, and the owner's own next request is refused.
    let (status, body) = set_list(&app, &owner, LIST, true).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.call(&owner, "/api/security/settings", "").await;
    assert!(refused(status, &body), "{status} {body}");
}

#[tokio::test]
async fn a_line_that_is_no_network_is_named_and_nothing_is_saved() {
    let app = start().await;
    let org = create_org(&app.db, "Typefout").await;
    accept_terms(&app.db, &org.owner).await;
    let owner = sign_in_at(&app, OFFICE, &org.owner).await;
    let (status, body) = set_list(&app, &owner, "192.0.2.0/24\n192.0.2/24", true).await;
    assert_eq!(status, 422, "{body}");
    let problem = &json(&body)["Invalid"]["fields"][0];
    assert_eq!(problem[0], "networks");
    assert_eq!(problem[1]["NetworkInvalid"]["line"], 2, "{body}");
    let (_, settings) = app.call(&owner, "/api/security/settings", "").await;
    assert_eq!(json(&settings)["allowed_networks"], "");
}

#[tokio::test]
async fn the_calendar_feed_is_not_sent_outside_the_networks_either() {
    let app = start().await;
    let org = create_org(&app.db, "Agendafeed").await;
    accept_terms(&app.db, &org.owner).await;
    let owner = sign_in_at(&app, OFFICE, &org.owner).await;
    let (status, feed) = app.call(&owner, "/api/agenda/feed_new", "").await;
    assert_eq!(status, 200, "{feed}");
    let url = json(&feed)["url"].as_str().unwrap().to_string();
    let path = format!("/calendar/{}", url.split_once("/calendar/").unwrap().1);
    let fetch = |address: &'static str| {
        let path = path.clone();
        let app = &app;
        async move {
            browser_at(address)
                .get(app.url(&path))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(fetch(HOME).await, 200);
    let (status, body) = set_list(&app, &owner, LIST, false).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(fetch(OFFICE).await, 200);
    assert_eq!(fetch(HOME).await, 404);
}

#[tokio::test]
async fn an_address_a_browser_writes_into_x_forwarded_for_itself_does_not_get_in() {
    for (proxies, header) in [
        // One proxy of ours: it appended the real address after what the browser sent.
        (1, format!("{OFFICE}, {HOME}")),
        // Two proxies of ours: the outer one wrote the real address, the inner one its own.
        (2, format!("{OFFICE}, {HOME}, 10.0.0.2")),
    ] {
        let app = TestApp::start_with(Settings {
            trusted_proxies: proxies,
            ..Settings::default()
        })
        .await;
        let org = create_org(&app.db, &format!("Vervalst{proxies}")).await;
        accept_terms(&app.db, &org.owner).await;
        accept_terms(&app.db, &org.coach).await;
        let owner = sign_in_at(
            &app,
            if proxies == 1 {
                OFFICE
            } else {
                "192.0.2.10, 10.0.0.2"
            },
            &org.owner,
        )
        .await;
        let (status, body) = set_list(&app, &owner, LIST, false).await;
        assert_eq!(status, 200, "{proxies} proxies: {body}");
        let coach = sign_in_at(&app, &header, &org.coach).await;
        let (status, body) = app.call(&coach, "/api/clients/list", "q=").await;
        assert!(
            refused(status, &body),
            "{proxies} proxies, {header}: {status} {body}"
        );
        let (_, network) = app.call(&coach, "/api/auth/network", "").await;
        assert_eq!(json(&network)["address"], HOME, "{proxies} proxies");
    }
}
