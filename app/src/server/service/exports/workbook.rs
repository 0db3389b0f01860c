//! The Excel workbook of an export: one sheet per kind of data, a header row that stays in
//! view, a filter on every column, real dates and numbers. Sheets are written row by row
//! into temporary files (constant memory), batch after batch; the totals come last.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, XlsxError};

use super::words::Words;
use super::Batch;
use crate::error::AppError;
use crate::server::local_time;
use crate::server::markdown::to_plain_text;
use crate::server::service::clients::Dossier;

/// Excel refuses a cell longer than this.
const CELL_MAX: usize = 32_000;

pub(super) fn failed(error: XlsxError) -> AppError {
    tracing::error!(%error, "writing the Excel export failed");
    AppError::Internal
}

/// The sheets, in the order they appear.
#[derive(Clone, Copy)]
enum Sheet {
    Clients = 0,
    Trajectories = 1,
    Reports = 2,
    Appointments = 3,
    Time = 4,
    Totals = 5,
}

pub(super) struct Book {
    workbook: Workbook,
    words: Words,
    /// The next free row of each sheet.
    next: [RowNum; 6],
    columns: [ColNum; 6],
    bold: Format,
    date: Format,
    moment: Format,
    wrapped: Format,
    hours: Format,
    /// Minutes per dossier (by name, in the order first met) and per coach.
    minutes_by_client: Vec<(String, i64)>,
    minutes_by_coach: BTreeMap<String, i64>,
}

impl Book {
    pub(super) fn new(language: &str) -> Result<Book, XlsxError> {
        let words = Words::new(language);
        let mut workbook = Workbook::new();
        let w = &words;
        let headers: [(&str, Vec<(&str, f64)>); 6] = [
            (
                w.pick("Cliënten", "Clients"),
                vec![
                    (w.pick("Naam", "Name"), 28.0),
                    (w.pick("E-mail", "E-mail"), 30.0),
                    (w.pick("Telefoon", "Phone"), 16.0),
                    (w.pick("Adres", "Address"), 36.0),
                    (w.pick("Geboortedatum", "Date of birth"), 14.0),
                    (
                        w.pick("Verantwoordelijk begeleider", "Responsible coach"),
                        24.0,
                    ),
                    (w.pick("Begeleiders", "Coaches"), 30.0),
                    (w.pick("Teams", "Teams"), 20.0),
                    (w.pick("Status", "Status"), 14.0),
                    (w.pick("Aangemaakt", "Created"), 14.0),
                ],
            ),
            (
                w.pick("Trajecten", "Trajectories"),
                vec![
                    (w.pick("Cliënt", "Client"), 28.0),
                    (w.pick("Traject", "Trajectory"), 30.0),
                    (w.pick("Status", "Status"), 12.0),
                    (w.pick("Begeleider", "Coach"), 24.0),
                    (w.pick("Team", "Team"), 18.0),
                    (w.pick("Begin", "Start"), 12.0),
                    (w.pick("Einde", "End"), 12.0),
                    (w.pick("Doelen", "Goals"), 60.0),
                ],
            ),
            (
                w.pick("Rapportages", "Reports"),
                vec![
                    (w.pick("Cliënt", "Client"), 28.0),
                    (w.pick("Datum", "Date"), 12.0),
                    (w.pick("Auteur", "Author"), 24.0),
                    (w.pick("Traject", "Trajectory"), 26.0),
                    (w.pick("Zichtbaar voor", "Visible to"), 18.0),
                    (w.pick("Tekst", "Text"), 80.0),
                    (w.pick("Aanvullingen", "Amendments"), 60.0),
                ],
            ),
            (
                w.pick("Afspraken", "Appointments"),
                vec![
                    (w.pick("Cliënt", "Client"), 28.0),
                    (w.pick("Begin", "Start"), 17.0),
                    (w.pick("Einde", "End"), 17.0),
                    (w.pick("Onderwerp", "Subject"), 30.0),
                    (w.pick("Locatie", "Location"), 24.0),
                    (w.pick("Begeleider", "Coach"), 24.0),
                ],
            ),
            (
                w.pick("Tijdregistratie", "Time"),
                vec![
                    (w.pick("Cliënt", "Client"), 28.0),
                    (w.pick("Datum", "Date"), 12.0),
                    (w.pick("Begeleider", "Coach"), 24.0),
                    (w.pick("Activiteit", "Activity"), 16.0),
                    (w.pick("Minuten", "Minutes"), 10.0),
                    (w.pick("Notitie", "Note"), 40.0),
                ],
            ),
            (
                w.pick("Totalen", "Totals"),
                vec![
                    (w.pick("Per", "By"), 12.0),
                    (w.pick("Naam", "Name"), 28.0),
                    (w.pick("Minuten", "Minutes"), 10.0),
                    (w.pick("Uren", "Hours"), 10.0),
                ],
            ),
        ];
        let bold = Format::new().set_bold();
        let mut columns = [0; 6];
        for (index, (name, heads)) in headers.iter().enumerate() {
            let sheet = workbook.add_worksheet_with_constant_memory()?;
            sheet.set_name(*name)?;
            for (col, (head, width)) in heads.iter().enumerate() {
                sheet.write_string_with_format(0, col as ColNum, *head, &bold)?;
                sheet.set_column_width(col as ColNum, *width)?;
            }
            sheet.set_freeze_panes(1, 0)?;
            columns[index] = heads.len() as ColNum;
        }
        Ok(Book {
            workbook,
            words,
            next: [1; 6],
            columns,
            bold,
            date: Format::new().set_num_format("dd-mm-yyyy"),
            moment: Format::new().set_num_format("dd-mm-yyyy hh:mm"),
            wrapped: Format::new().set_text_wrap(),
            hours: Format::new().set_num_format("0.00"),
            minutes_by_client: Vec::new(),
            minutes_by_coach: BTreeMap::new(),
        })
    }

    /// The next row of `sheet`, moving it on.
    fn row(&mut self, sheet: Sheet) -> RowNum {
        let row = self.next[sheet as usize];
        self.next[sheet as usize] += 1;
        row
    }

    /// One batch of dossiers (in name order) and what they hold.
    pub(super) fn write(
        &mut self,
        dossiers: &[&Dossier],
        batch: &Batch,
        people: &HashMap<i32, String>,
        teams: &HashMap<i32, String>,
    ) -> Result<(), XlsxError> {
        let person = |id: Option<i32>| {
            id.and_then(|id| people.get(&id))
                .cloned()
                .unwrap_or_default()
        };
        let order: HashMap<i32, usize> = dossiers
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
        let name_of: HashMap<i32, &str> =
            dossiers.iter().map(|d| (d.id, d.name.as_str())).collect();
        let client_name = |id: i32| name_of.get(&id).copied().unwrap_or_default().to_string();
        let place = |id: i32| order.get(&id).copied().unwrap_or(usize::MAX);
        let trajectory_title: HashMap<i32, &str> = batch
            .trajectories
            .iter()
            .map(|t| (t.id, t.title.as_str()))
            .collect();

        for d in dossiers {
            let row = self.row(Sheet::Clients);
            let names = |ids: Option<&Vec<i32>>, of: &HashMap<i32, String>| {
                let mut found: Vec<&str> = ids
                    .into_iter()
                    .flatten()
                    .filter_map(|id| of.get(id).map(String::as_str))
                    .collect();
                found.sort_unstable();
                found.join(", ")
            };
            let coaches = names(batch.coaches.get(&d.id), people);
            let team_names = names(batch.teams.get(&d.id), teams);
            let status = if d.archived_at.is_some() {
                self.words.pick("Gearchiveerd", "Archived")
            } else {
                self.words.pick("Actief", "Active")
            };
            let (date, sheet) = (self.date.clone(), self.sheet(Sheet::Clients)?);
            sheet.write_string(row, 0, cell(&d.name))?;
            sheet.write_string(row, 1, cell(d.email.as_deref().unwrap_or_default()))?;
            sheet.write_string(row, 2, cell(d.phone.as_deref().unwrap_or_default()))?;
            sheet.write_string(row, 3, cell(d.address.as_deref().unwrap_or_default()))?;
            if let Some(born) = d.date_of_birth {
                sheet.write_datetime_with_format(row, 4, born, &date)?;
            }
            sheet.write_string(row, 5, person(d.responsible_coach_id))?;
            sheet.write_string(row, 6, coaches)?;
            sheet.write_string(row, 7, team_names)?;
            sheet.write_string(row, 8, status)?;
            sheet.write_datetime_with_format(
                row,
                9,
                local_time::local_date(d.created_at),
                &date,
            )?;
        }

        let mut trajectories: Vec<_> = batch.trajectories.iter().collect();
        trajectories.sort_by_key(|t| (place(t.client_id), t.start_date, t.id));
        for t in trajectories {
            let row = self.row(Sheet::Trajectories);
            let goals = batch
                .goals
                .get(&t.id)
                .map(|goals| {
                    goals
                        .iter()
                        .map(|g| format!("{} ({})", g.text, self.words.goal_status(g.status)))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            let status = self.words.trajectory_status(t.status);
            let team = t
                .team_id
                .and_then(|id| teams.get(&id))
                .cloned()
                .unwrap_or_default();
            let (date, wrapped) = (self.date.clone(), self.wrapped.clone());
            let sheet = self.sheet(Sheet::Trajectories)?;
            sheet.write_string(row, 0, client_name(t.client_id))?;
            sheet.write_string(row, 1, cell(&t.title))?;
            sheet.write_string(row, 2, status)?;
            sheet.write_string(row, 3, person(t.coach_id))?;
            sheet.write_string(row, 4, team)?;
            if let Some(start) = t.start_date {
                sheet.write_datetime_with_format(row, 5, start, &date)?;
            }
            if let Some(end) = t.end_date {
                sheet.write_datetime_with_format(row, 6, end, &date)?;
            }
            sheet.write_string_with_format(row, 7, cell(&goals), &wrapped)?;
        }

        let mut reports: Vec<_> = batch.reports.iter().collect();
        reports.sort_by_key(|r| (place(r.client_id), r.report_date, r.id));
        for r in reports {
            let row = self.row(Sheet::Reports);
            let amendments = batch
                .amendments
                .get(&r.id)
                .map(|found| {
                    found
                        .iter()
                        .map(|a| {
                            format!(
                                "{} {}: {}",
                                local_time::local_date(a.created_at).format("%d-%m-%Y"),
                                person(a.author_id),
                                to_plain_text(&a.body)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            let trajectory = r
                .trajectory_id
                .and_then(|id| trajectory_title.get(&id).map(|t| t.to_string()))
                .unwrap_or_default();
            let visible = self.words.visibility(r.visibility);
            let (date, wrapped) = (self.date.clone(), self.wrapped.clone());
            let sheet = self.sheet(Sheet::Reports)?;
            sheet.write_string(row, 0, client_name(r.client_id))?;
            sheet.write_datetime_with_format(row, 1, r.report_date, &date)?;
            sheet.write_string(row, 2, person(r.author_id))?;
            sheet.write_string(row, 3, trajectory)?;
            sheet.write_string(row, 4, visible)?;
            sheet.write_string_with_format(row, 5, cell(&to_plain_text(&r.body)), &wrapped)?;
            sheet.write_string_with_format(row, 6, cell(&amendments), &wrapped)?;
        }

        let mut appointments: Vec<_> = batch.appointments.iter().collect();
        appointments.sort_by_key(|a| (place(a.client_id), a.starts_at, a.id));
        for a in appointments {
            let row = self.row(Sheet::Appointments);
            let moment = self.moment.clone();
            let sheet = self.sheet(Sheet::Appointments)?;
            sheet.write_string(row, 0, client_name(a.client_id))?;
            sheet.write_datetime_with_format(row, 1, local_time::local(a.starts_at), &moment)?;
            sheet.write_datetime_with_format(row, 2, local_time::local(a.ends_at), &moment)?;
            sheet.write_string(row, 3, cell(&a.title))?;
            sheet.write_string(row, 4, cell(a.location.as_deref().unwrap_or_default()))?;
            sheet.write_string(row, 5, person(a.coach_id))?;
        }

        let mut time: Vec<_> = batch.time.iter().collect();
        time.sort_by_key(|t| (place(t.client_id), t.entry_date, t.id));
        let mut per_client: HashMap<i32, i64> = HashMap::new();
        for t in time {
            let row = self.row(Sheet::Time);
            let coach = person(t.coach_id);
            let activity = self.words.activity(t.activity);
            *per_client.entry(t.client_id).or_default() += i64::from(t.minutes);
            if !coach.is_empty() {
                *self.minutes_by_coach.entry(coach.clone()).or_default() += i64::from(t.minutes);
            }
            let date = self.date.clone();
            let sheet = self.sheet(Sheet::Time)?;
            sheet.write_string(row, 0, client_name(t.client_id))?;
            sheet.write_datetime_with_format(row, 1, t.entry_date, &date)?;
            sheet.write_string(row, 2, coach)?;
            sheet.write_string(row, 3, activity)?;
            sheet.write_number(row, 4, t.minutes)?;
            sheet.write_string(row, 5, cell(t.note.as_deref().unwrap_or_default()))?;
        }
        for d in dossiers {
            if let Some(minutes) = per_client.get(&d.id) {
                self.minutes_by_client.push((d.name.clone(), *minutes));
            }
        }
        Ok(())
    }

    fn sheet(&mut self, sheet: Sheet) -> Result<&mut rust_xlsxwriter::Worksheet, XlsxError> {
        self.workbook.worksheet_from_index(sheet as usize)
    }

    /// The totals, the filters over every sheet's rows, and the file.
    pub(super) fn save(mut self, path: &Path) -> Result<(), XlsxError> {
        let by_client = self.words.pick("Cliënt", "Client");
        let by_coach = self.words.pick("Begeleider", "Coach");
        let totals: Vec<(&str, String, i64)> = std::mem::take(&mut self.minutes_by_client)
            .into_iter()
            .map(|(name, minutes)| (by_client, name, minutes))
            .chain(
                std::mem::take(&mut self.minutes_by_coach)
                    .into_iter()
                    .map(|(name, minutes)| (by_coach, name, minutes)),
            )
            .collect();
        for (by, name, minutes) in totals {
            let row = self.row(Sheet::Totals);
            let (hours, bold) = (self.hours.clone(), self.bold.clone());
            let sheet = self.sheet(Sheet::Totals)?;
            sheet.write_string_with_format(row, 0, by, &bold)?;
            sheet.write_string(row, 1, name)?;
            sheet.write_number(row, 2, minutes as f64)?;
            sheet.write_number_with_format(row, 3, minutes as f64 / 60.0, &hours)?;
        }
        for index in 0..6 {
            let (last_row, last_col) = (self.next[index] - 1, self.columns[index] - 1);
            self.workbook
                .worksheet_from_index(index)?
                .autofilter(0, 0, last_row, last_col)?;
        }
        self.workbook.save(path)
    }
}

/// Text as a cell holds it: Excel's limit, cut on a character boundary.
fn cell(text: &str) -> String {
    if text.len() <= CELL_MAX {
        return text.to_string();
    }
    let mut end = CELL_MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}
