//! The words of the practice's files (Excel, Word), in the reader's language: labels for
//! the codes Koers stores, and dates as people read them.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::model::reports::Visibility;
use crate::model::time::Activity;
use crate::model::trajectories::{GoalStatus, TrajectoryStatus};
use crate::server::local_time;

pub(crate) struct Words {
    english: bool,
}

impl Words {
    pub(crate) fn new(language: &str) -> Words {
        Words {
            english: language == "en",
        }
    }

    pub(crate) fn language(&self) -> &'static str {
        if self.english {
            "en"
        } else {
            "nl"
        }
    }

    pub(crate) fn pick(&self, nl: &'static str, en: &'static str) -> &'static str {
        if self.english {
            en
        } else {
            nl
        }
    }

    /// `22 december 2026`.
    pub(crate) fn day(&self, day: NaiveDate) -> String {
        local_time::day_in_words(day, self.language())
    }

    /// A number with `places` decimals, with a decimal comma in Dutch: `1,25`.
    pub(crate) fn decimal(&self, value: f64, places: usize) -> String {
        let text = format!("{value:.places$}");
        if self.english {
            text
        } else {
            text.replace('.', ",")
        }
    }

    /// `dinsdag 22 december 2026`.
    pub(crate) fn weekday_day(&self, day: NaiveDate) -> String {
        const NL: [&str; 7] = [
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
            "zondag",
        ];
        const EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let names = if self.english { EN } else { NL };
        let weekday = names[day.weekday().num_days_from_monday() as usize];
        format!("{weekday} {}", self.day(day))
    }

    /// `7 december 2026, 14:05`, Dutch time.
    pub(crate) fn moment(&self, at: DateTime<Utc>) -> String {
        local_time::in_words(at, self.language())
    }

    /// `1 november 2026 – 30 november 2026`, or what an open end means.
    pub(crate) fn period(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
        match (from, to) {
            (Some(from), Some(to)) => format!("{} – {}", self.day(from), self.day(to)),
            (Some(from), None) => format!("{} {}", self.pick("vanaf", "from"), self.day(from)),
            (None, Some(to)) => format!("{} {}", self.pick("tot en met", "up to"), self.day(to)),
            (None, None) => self.pick("alles", "everything").to_string(),
        }
    }

    pub(crate) fn trajectory_status(&self, status: TrajectoryStatus) -> &'static str {
        match status {
            TrajectoryStatus::Intake => self.pick("Intake", "Intake"),
            TrajectoryStatus::Active => self.pick("Actief", "Active"),
            TrajectoryStatus::Closed => self.pick("Afgesloten", "Closed"),
        }
    }

    pub(crate) fn goal_status(&self, status: GoalStatus) -> &'static str {
        match status {
            GoalStatus::Open => self.pick("open", "open"),
            GoalStatus::Working => self.pick("mee bezig", "working on it"),
            GoalStatus::Achieved => self.pick("bereikt", "achieved"),
        }
    }

    pub(crate) fn activity(&self, activity: Activity) -> &'static str {
        match activity {
            Activity::Session => self.pick("Sessie", "Session"),
            Activity::Preparation => self.pick("Voorbereiding", "Preparation"),
            Activity::Reporting => self.pick("Verslaglegging", "Reporting"),
            Activity::Travel => self.pick("Reistijd", "Travel"),
            Activity::Other => self.pick("Overig", "Other"),
        }
    }

    pub(crate) fn visibility(&self, visibility: Visibility) -> &'static str {
        match visibility {
            Visibility::Author => self.pick("Alleen de auteur", "Author only"),
            Visibility::Coaches => self.pick("Eigen begeleiders", "Own coaches"),
            Visibility::Team => self.pick("Team", "Team"),
            Visibility::Client => self.pick("Ook de cliënt", "Also the client"),
        }
    }
}
