//! The Chinese working-day calendar: Monday–Friday, minus statutory holidays, plus 调休 make-up
//! workdays, from the State Council's yearly notices (`rules/data/holidays-cn.txt`).
//!
//! No crate on crates.io carried trustworthy data for 2020–2026 (the one found covers 2026–2027
//! only), so the notices are kept as a data file that configuration can extend for new years.
//! Periods are counted as 《民法典》第二百零一条 counts them: the first day is not counted.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};

const BUNDLED: &str = include_str!("../../rules/data/holidays-cn.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayKind {
    Off,
    Work,
}

/// A statutory calendar: the years it knows and their exceptions to the Monday–Friday week.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeSet<i32>,
    exceptions: BTreeMap<NaiveDate, DayKind>,
}

/// A line of a calendar file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarError {
    pub line: usize,
    pub message: String,
}

impl Calendar {
    /// The bundled calendar (2020–2026).
    pub fn bundled() -> Calendar {
        let mut calendar = Calendar::default();
        // The bundled file is tested to parse cleanly, so no error can surface here.
        let _ = calendar.extend(BUNDLED);
        calendar
    }

    /// Adds the entries of a calendar file (same format as the bundled one). Later entries win.
    pub fn extend(&mut self, text: &str) -> Result<(), Vec<CalendarError>> {
        let mut errors = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            let first = words.next().unwrap_or_default();
            let second = words.next().unwrap_or_default();
            let error = |message: &str| CalendarError {
                line: index + 1,
                message: message.to_string(),
            };
            if first == "year" {
                match second.parse::<i32>() {
                    Ok(year) => {
                        self.years.insert(year);
                    }
                    Err(_) => errors.push(error("`year` 后应是四位年份")),
                }
                continue;
            }
            let kind = match second {
                "off" => DayKind::Off,
                "work" => DayKind::Work,
                _ => {
                    errors.push(error("日期后应是 off 或 work"));
                    continue;
                }
            };
            let (start, end) = match first.split_once("..") {
                Some((start, end)) => (start, end),
                None => (first, first),
            };
            let parse = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            let (Some(start), Some(end)) = (parse(start), parse(end)) else {
                errors.push(error("日期写作 2022-10-01 或 2022-10-01..2022-10-07"));
                continue;
            };
            if end < start || (end - start).num_days() > 31 {
                errors.push(error("日期区间须由早到晚且不超过一个月"));
                continue;
            }
            let mut day = start;
            while day <= end {
                self.exceptions.insert(day, kind);
                let Some(next) = day.succ_opt() else { break };
                day = next;
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Whether the calendar knows the year's holidays.
    pub fn knows(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// Whether `day` is a working day; `None` when its year is unknown.
    pub fn is_workday(&self, day: NaiveDate) -> Option<bool> {
        if !self.knows(day.year()) {
            return None;
        }
        Some(match self.exceptions.get(&day) {
            Some(DayKind::Off) => false,
            Some(DayKind::Work) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        })
    }

    /// Calendar days from `from` to `to`, the first day not counted (民法典第二百零一条).
    pub fn days(from: NaiveDate, to: NaiveDate) -> i64 {
        (to - from).num_days()
    }

    /// Working days after `from` up to and including `to` (the first day is not counted);
    /// negative when `to` is before `from`; `None` when a year in between is unknown.
    pub fn workdays(&self, from: NaiveDate, to: NaiveDate) -> Option<i64> {
        let (start, end, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        // Guard against absurd spans: only a known calendar can count, and it covers a few years.
        if (end - start).num_days() > 3660 {
            return None;
        }
        let mut count = 0;
        let mut day = start;
        while day < end {
            day = day.succ_opt()?;
            if self.is_workday(day)? {
                count += 1;
            }
        }
        Some(sign * count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn bundled_calendar_parses_cleanly() {
        let mut calendar = Calendar::default();
        assert_eq!(calendar.extend(BUNDLED), Ok(()));
        assert!((2020..=2026).all(|year| calendar.knows(year)));
    }

    #[test]
    fn national_day_2022_and_its_make_up_weekend() {
        let calendar = Calendar::bundled();
        assert_eq!(calendar.is_workday(date("2022-10-03")), Some(false));
        assert_eq!(calendar.is_workday(date("2022-10-08")), Some(true));
        assert_eq!(calendar.is_workday(date("2022-10-09")), Some(true));
        assert_eq!(calendar.is_workday(date("2022-10-15")), Some(false));
        // The catalogue's example: 8 working days, where a weekday-only count says 11.
        assert_eq!(
            calendar.workdays(date("2022-09-29"), date("2022-10-14")),
            Some(8)
        );
        assert_eq!(
            calendar.workdays(date("2022-10-14"), date("2022-09-29")),
            Some(-8)
        );
        assert_eq!(Calendar::days(date("2022-09-01"), date("2022-10-01")), 30);
    }

    #[test]
    fn unknown_years_are_unknown_not_guessed() {
        let calendar = Calendar::bundled();
        assert_eq!(calendar.is_workday(date("2031-01-02")), None);
        assert_eq!(
            calendar.workdays(date("2026-12-20"), date("2027-01-10")),
            None
        );
    }

    #[test]
    fn configuration_extends_a_new_year() {
        let mut calendar = Calendar::bundled();
        assert_eq!(calendar.extend("year 2027\n2027-01-01 off 元旦\n"), Ok(()));
        assert_eq!(calendar.is_workday(date("2027-01-01")), Some(false));
        let errors = calendar.extend("2027-13-01 off\n");
        assert!(errors.is_err());
    }
}
