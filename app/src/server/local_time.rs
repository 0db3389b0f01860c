//! Wall-clock time for people in the Netherlands. Moments are stored in UTC; forms and
//! screens use Dutch local time (CET/CEST), whatever zone the server runs in.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

/// `YYYY-MM-DDTHH:MM`, the value of an `<input type="datetime-local">`.
pub fn to_input(moment: DateTime<Utc>) -> String {
    moment
        .with_timezone(&Amsterdam)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// `YYYY-MM-DD HH:MM` for reading.
pub fn to_display(moment: DateTime<Utc>) -> String {
    moment
        .with_timezone(&Amsterdam)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day as people read it, in their language: `22 december 2026`.
pub fn day_in_words(day: NaiveDate, language: &str) -> String {
    let months = if language == "en" {
        MONTHS_EN
    } else {
        MONTHS_NL
    };
    format!(
        "{} {} {}",
        day.day(),
        months[day.month0() as usize],
        day.year()
    )
}

/// A moment as people read it, in their language: `7 december 2026, 14:05` (Dutch time).
pub fn in_words(moment: DateTime<Utc>, language: &str) -> String {
    let local = moment.with_timezone(&Amsterdam);
    format!(
        "{}, {}",
        day_in_words(local.date_naive(), language),
        local.format("%H:%M")
    )
}

/// The Dutch wall-clock date and time of a moment.
pub fn local(moment: DateTime<Utc>) -> NaiveDateTime {
    moment.with_timezone(&Amsterdam).naive_local()
}

pub fn local_date(moment: DateTime<Utc>) -> NaiveDate {
    moment.with_timezone(&Amsterdam).date_naive()
}

/// The years a typed date may have. chrono reads `+262142-12-31` as a date at the very end
/// of its range, where a week's arithmetic on it panics; no date in a coaching dossier lies
/// outside these years, so every date from input is bounded here, once, and the arithmetic
/// after it cannot overflow.
pub const INPUT_YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Reads a date as typed (`2026-12-22`), within `INPUT_YEARS`. Every date that comes from
/// a request goes through here.
pub fn parse_day(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .ok()
        .filter(|day| INPUT_YEARS.contains(&day.year()))
}

/// Reads a local date-time as typed, within `INPUT_YEARS`. In the hour that is skipped
/// when summer time starts there is no such moment: None. In the hour that repeats when it
/// ends, the first.
pub fn parse_input(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .ok()
        .filter(|moment| INPUT_YEARS.contains(&moment.year()))?;
    Amsterdam
        .from_local_datetime(&naive)
        .earliest()
        .map(|local| local.with_timezone(&Utc))
}

/// The start of a local day, in UTC.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Amsterdam
        .from_local_datetime(&midnight)
        .earliest()
        .map(|local| local.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_input_round_trips_in_winter_and_summer() {
        let winter = parse_input("2026-01-15T10:00").unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-01-15T09:00:00+00:00");
        assert_eq!(to_input(winter), "2026-01-15T10:00");
        let summer = parse_input("2026-07-15T10:00").unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-15T08:00:00+00:00");
        assert_eq!(to_display(summer), "2026-07-15 10:00");
    }

    #[test]
    fn the_skipped_hour_is_no_moment_and_nonsense_is_refused() {
        assert_eq!(parse_input("2026-03-29T02:30"), None);
        assert_eq!(parse_input("morgen om tien"), None);
        assert_eq!(parse_input(""), None);
    }

    #[test]
    fn moments_read_as_words_in_dutch_time() {
        let winter = chrono::Utc.with_ymd_and_hms(2026, 12, 7, 13, 5, 0).unwrap();
        assert_eq!(in_words(winter, "nl"), "7 december 2026, 14:05");
        assert_eq!(in_words(winter, "en"), "7 December 2026, 14:05");
        let summer = chrono::Utc.with_ymd_and_hms(2026, 7, 1, 22, 30, 0).unwrap();
        assert_eq!(in_words(summer, "nl"), "2 juli 2026, 00:30");
    }
}
