//! The query budget: every page, rendered for the person it is meant for with a dossier
//! full of realistic work, runs at most a fixed number of SQL statements, session and actor
//! included. The dossier's overview may run 15, every other page (the dossier's other tabs
//! too) 10. Then the same dossier gets as much work again, and every page must run exactly
//! as many statements as before: a count that grows with the rows is a lookup per row,
//! whatever its size.

mod common;

use std::collections::BTreeMap;

use common::realistic::World;

const DOSSIER_BUDGET: usize = 15;
const PAGE_BUDGET: usize = 10;

/// Pages not yet down to their budget, with what they run today: they may not run more,
/// and an entry has to go once its page is within budget. Empty now: every page is within
/// its budget (the dossier page was 146 before its areas shared one opened dossier, the
/// client's home 35 before its six areas shared the client's own dossier).
const NOT_YET: &[(&str, usize)] = &[];

impl World {
    /// Every page of the router, for whom it is meant: the pattern, who visits, the path.
    fn visits(&self) -> Vec<(String, &reqwest::Client, String)> {
        let id = self.dossier;
        let exercise = &self.exercise;
        let assignment = &self.assignment;
        let unknown = "0000000000000000000000000000000000000000000";
        let mut visits = Vec::new();
        for rule in app::routes::PAGES {
            let (who, path): (&reqwest::Client, String) = match rule.path {
                "/" | "/login" | "/login/code" | "/terms" | "/privacy" | "/signup" | "/forgot" => {
                    (&self.anonymous, rule.path.to_string())
                }
                "/invite/:token" | "/signup/confirm/:token" | "/reset/:token" => {
                    (&self.anonymous, rule.path.replace(":token", unknown))
                }
                "/consent" => (&self.unconsented, rule.path.to_string()),
                "/account/email/:token" => (&self.coach, rule.path.replace(":token", unknown)),
                "/dashboard"
                | "/agenda"
                | "/exercises"
                | "/time"
                | "/clients"
                | "/clients/new"
                | "/account"
                | "/account/two-factor"
                | "/network" => (&self.coach, rule.path.to_string()),
                "/clients/:id" | "/clients/:id/edit" => {
                    (&self.coach, rule.path.replace(":id", &id.to_string()))
                }
                "/exercises/:id" | "/exercises/:id/preview" => {
                    (&self.coach, rule.path.replace(":id", exercise))
                }
                "/assignments/:id" => (&self.coach, rule.path.replace(":id", assignment)),
                "/my" | "/my/journal" | "/my/access" => (&self.client, rule.path.to_string()),
                "/my/exercises/:id" => (&self.client, rule.path.replace(":id", assignment)),
                "/members" | "/teams" | "/security" | "/access-log" | "/privacy/requests" => {
                    (&self.owner, rule.path.to_string())
                }
                "/operator" | "/operator/outbox" | "/operator/terms" => {
                    (&self.operator, rule.path.to_string())
                }
                "/operator/organizations/:id" => (
                    &self.operator,
                    rule.path.replace(":id", &self.org.to_string()),
                ),
                other => panic!("the query budget has no visit for the page {other}: add one"),
            };
            visits.push((rule.path.to_string(), who, path));
        }
        // The dossier's other tabs are the same page with another area open.
        for tab in &app::model::clients::DossierTab::ALL[1..] {
            visits.push((format!("/clients/:id?tab={tab}"), &self.coach, tab.path(id)));
        }
        // The owner reaches the dossier by role rather than by access: their own path.
        visits.push((
            "/clients/:id (owner)".to_string(),
            &self.owner,
            format!("/clients/{id}"),
        ));
        visits
    }

    /// The statements each page runs, by pattern.
    async fn counts(&self) -> BTreeMap<String, Vec<String>> {
        let mut counts = BTreeMap::new();
        for (pattern, who, path) in self.visits() {
            self.app.statements.clear();
            let (status, location, _) = self.app.page(who, &path).await;
            assert_eq!(status, 200, "{path} answered {status} (to {location:?})");
            counts.insert(pattern, self.app.statements.take());
        }
        counts
    }
}

/// The dossier's overview gathers from every area; each of its other tabs is one area and
/// keeps to an ordinary page's budget.
fn budget(pattern: &str) -> usize {
    if pattern == "/clients/:id" || pattern == "/clients/:id (owner)" {
        DOSSIER_BUDGET
    } else {
        PAGE_BUDGET
    }
}

/// The most a page may run in this build: its budget, or for a page not there yet, what it
/// ran when it was last lowered.
fn allowed(pattern: &str) -> usize {
    NOT_YET
        .iter()
        .find(|(p, _)| *p == pattern)
        .map_or(budget(pattern), |(_, today)| *today)
}

#[tokio::test]
async fn every_page_stays_within_its_statements_whatever_the_dossier_holds() {
    let mut world = World::new().await;
    world.add_batch().await;
    let once = world.counts().await;
    world.add_batch().await;
    let twice = world.counts().await;

    // KOERS_BUDGET_SHOW=/my prints what a page runs, to see where its statements go.
    let show = std::env::var("KOERS_BUDGET_SHOW").unwrap_or_default();
    let mut problems = Vec::new();
    for (pattern, statements) in &once {
        if *pattern == show {
            eprintln!("{pattern}:\n  {}", statements.join("\n  "));
        }
        let again = &twice[pattern];
        let pattern = pattern.as_str();
        eprintln!(
            "{pattern:<32} {:>3} statements (budget {:>2}, allowed {:>2}), {:>3} with twice the data",
            statements.len(),
            budget(pattern),
            allowed(pattern),
            again.len()
        );
        let most = again.len().max(statements.len());
        if most > allowed(pattern) {
            problems.push(format!(
                "{pattern}: {most} statements, allowed {}:\n  {}",
                allowed(pattern),
                again.join("\n  ")
            ));
        }
        if most <= budget(pattern) && allowed(pattern) > budget(pattern) {
            problems.push(format!(
                "{pattern}: {most} statements, within its budget now: take it out of NOT_YET"
            ));
        }
        if again.len() != statements.len() {
            problems.push(format!(
                "{pattern}: {} statements, {} with twice the data (a lookup per row)",
                statements.len(),
                again.len()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
