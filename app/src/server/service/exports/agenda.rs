//! The agenda and time overview of a period as a Word document: the appointments day by
//! day, the time registrations, and the minutes per client and per coach with their total.
//! It holds the period's appointments and registrations (one line each) until it is
//! written; the period and the filters bound it, where the workbook holds nothing.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use docx_rs::{Docx, Paragraph, Run};

use super::docx::{heading, line, pack, table};
use super::words::Words;
use crate::error::AppError;
use crate::model::time::Activity;
use crate::server::entity::{appointment, time_entry};
use crate::server::local_time;
use crate::server::service::clients::Dossier;

struct Appointment {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    client: String,
    coach: String,
    title: String,
    location: String,
}

struct Registration {
    date: NaiveDate,
    client: String,
    coach: String,
    activity: Activity,
    minutes: i64,
}

pub(super) struct Agenda {
    words: Words,
    appointments: Vec<Appointment>,
    registrations: Vec<Registration>,
}

impl Agenda {
    pub(super) fn new(language: &str) -> Agenda {
        Agenda {
            words: Words::new(language),
            appointments: Vec::new(),
            registrations: Vec::new(),
        }
    }

    /// Adds one batch of dossiers' appointments and time.
    pub(super) fn add(
        &mut self,
        dossiers: &[&Dossier],
        appointments: Vec<appointment::Model>,
        time: Vec<time_entry::Model>,
        people: &std::collections::HashMap<i32, String>,
    ) {
        let client = |id: i32| {
            dossiers
                .iter()
                .find(|d| d.id == id)
                .map(|d| d.name.clone())
                .unwrap_or_default()
        };
        let person = |id: Option<i32>| {
            id.and_then(|id| people.get(&id).cloned())
                .unwrap_or_default()
        };
        self.appointments
            .extend(appointments.into_iter().map(|a| Appointment {
                starts_at: a.starts_at,
                ends_at: a.ends_at,
                client: client(a.client_id),
                coach: person(a.coach_id),
                title: a.title,
                location: a.location.unwrap_or_default(),
            }));
        self.registrations
            .extend(time.into_iter().map(|t| Registration {
                date: t.entry_date,
                client: client(t.client_id),
                coach: person(t.coach_id),
                activity: t.activity,
                minutes: i64::from(t.minutes),
            }));
    }

    /// How many lines (appointments and registrations) it holds.
    pub(super) fn lines(&self) -> usize {
        self.appointments.len() + self.registrations.len()
    }

    /// Minutes as hours with two decimals, in the reader's way of writing numbers.
    fn hours(&self, minutes: i64) -> String {
        self.words.decimal(minutes as f64 / 60.0, 2)
    }

    fn totals(&self, by: impl Fn(&Registration) -> &str) -> Vec<Vec<String>> {
        let mut minutes: BTreeMap<&str, i64> = BTreeMap::new();
        for r in &self.registrations {
            *minutes.entry(by(r)).or_default() += r.minutes;
        }
        let total: i64 = minutes.values().sum();
        let mut rows: Vec<Vec<String>> = minutes
            .into_iter()
            .map(|(name, m)| vec![name.to_string(), m.to_string(), self.hours(m)])
            .collect();
        rows.push(vec![
            self.words.pick("Totaal", "Total").to_string(),
            total.to_string(),
            self.hours(total),
        ]);
        rows
    }

    /// The document: `organization`, the period, made at `now`.
    pub(super) fn finish(
        mut self,
        organization: &str,
        period: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, AppError> {
        let w = &self.words;
        self.appointments
            .sort_by(|a, b| (a.starts_at, &a.client).cmp(&(b.starts_at, &b.client)));
        self.registrations
            .sort_by(|a, b| (a.date, &a.client).cmp(&(b.date, &b.client)));
        let mut doc = Docx::new()
            .add_paragraph(heading(w.pick("Agenda en tijd", "Agenda and time"), 40))
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text(format!("{organization} — {}", w.moment(now)))),
            )
            .add_paragraph(line(w.pick("Periode", "Period"), period));

        doc = doc.add_paragraph(heading(w.pick("Afspraken", "Appointments"), 30));
        if self.appointments.is_empty() {
            doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(w.pick(
                "Geen afspraken in deze periode.",
                "No appointments in this period.",
            ))));
        }
        let header = [
            w.pick("Tijd", "Time"),
            w.pick("Cliënt", "Client"),
            w.pick("Begeleider", "Coach"),
            w.pick("Onderwerp", "Subject"),
            w.pick("Locatie", "Location"),
        ];
        let mut days: BTreeMap<NaiveDate, Vec<Vec<String>>> = BTreeMap::new();
        for a in &self.appointments {
            let (starts, ends) = (local_time::local(a.starts_at), local_time::local(a.ends_at));
            days.entry(starts.date()).or_default().push(vec![
                format!("{}–{}", starts.format("%H:%M"), ends.format("%H:%M")),
                a.client.clone(),
                a.coach.clone(),
                a.title.clone(),
                a.location.clone(),
            ]);
        }
        for (day, rows) in days {
            doc = doc
                .add_paragraph(heading(&w.weekday_day(day), 26))
                .add_table(table(&header, &rows, false));
        }

        doc = doc.add_paragraph(heading(w.pick("Tijdregistratie", "Time"), 30));
        if self.registrations.is_empty() {
            doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(w.pick(
                "Geen tijd geregistreerd in deze periode.",
                "No time registered in this period.",
            ))));
        } else {
            let rows: Vec<Vec<String>> = self
                .registrations
                .iter()
                .map(|r| {
                    vec![
                        w.day(r.date),
                        r.client.clone(),
                        r.coach.clone(),
                        w.activity(r.activity).to_string(),
                        r.minutes.to_string(),
                    ]
                })
                .collect();
            let header = [
                w.pick("Datum", "Date"),
                w.pick("Cliënt", "Client"),
                w.pick("Begeleider", "Coach"),
                w.pick("Activiteit", "Activity"),
                w.pick("Minuten", "Minutes"),
            ];
            let by_client = self.totals(|r| &r.client);
            let by_coach = self.totals(|r| &r.coach);
            let w = &self.words;
            let minutes = w.pick("Minuten", "Minutes");
            let hours = w.pick("Uren", "Hours");
            doc = doc
                .add_table(table(&header, &rows, false))
                .add_paragraph(heading(w.pick("Per cliënt", "By client"), 26))
                .add_table(table(
                    &[w.pick("Cliënt", "Client"), minutes, hours],
                    &by_client,
                    true,
                ))
                .add_paragraph(heading(w.pick("Per begeleider", "By coach"), 26))
                .add_table(table(
                    &[w.pick("Begeleider", "Coach"), minutes, hours],
                    &by_coach,
                    true,
                ));
        }
        pack(doc)
    }
}
