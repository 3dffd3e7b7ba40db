//! Opening hours: which days a service is open, at which times.

use std::fmt;

use serde::Deserialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    /// The schema.org name, for OpeningHoursSpecification.
    pub fn schema_org(self) -> &'static str {
        match self {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        }
    }
}

/// A time of day in minutes since midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    pub fn minutes(self) -> u16 {
        self.0
    }

    pub fn parse(s: &str) -> Option<TimeOfDay> {
        let (h, m) = s.trim().split_once(':')?;
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        // `then`, not `then_some`: the minutes of an hour like 22888 must not be computed.
        (m < 60 && (h < 24 || (h == 24 && m == 0)) && s.trim().len() == 5)
            .then(|| TimeOfDay(h * 60 + m))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// `09:00-12:30`. An end before the start means the range runs past midnight, up to
/// [`TimeRange::LATEST_NIGHT_END`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeRange {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

/// Why a time range was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeRangeError {
    /// Not `hh:mm-hh:mm`.
    Format(String),
    /// Opens and closes at the same time.
    Empty(String),
    /// Closes before it opens, later than a night opening would end.
    Reversed(String),
}

impl TimeRangeError {
    /// What to write instead.
    pub fn help(&self) -> &'static str {
        match self {
            TimeRangeError::Format(_) | TimeRangeError::Empty(_) => {
                "write hours and minutes with two digits each, as in `09:00-17:00`; a day with two periods has each as a value of its own (in a file `mon: [09:00-12:00, 13:00-17:00]`, in the editor \"Add item\")"
            }
            TimeRangeError::Reversed(_) => {
                "write the opening time first, as in `09:00-17:00`; a service open through the night writes each day's part on its own day: `thu: [21:00-24:00]` and `fri: [00:00-08:00]`"
            }
        }
    }
}

/// The range a loosely written one (`9-12`, `9.00 - 17.30`, `9 tot 12`) most likely means,
/// for the message only: the file is never changed on a guess.
fn guess_range(s: &str) -> Option<String> {
    let s = s.trim();
    let (from, to) = s
        .split_once(" tot ")
        .or_else(|| s.split_once('-'))
        .or_else(|| s.split_once('–'))?;
    let time = |t: &str| -> Option<(u32, u32)> {
        let t = t.trim().trim_end_matches(" uur").trim_end_matches('u');
        let (h, m) = match t.split_once([':', '.']) {
            Some((h, m)) => (h, m),
            None => (t, "00"),
        };
        let h: u32 = h.parse().ok().filter(|h| *h <= 24)?;
        let m: u32 = m.parse().ok().filter(|m| *m < 60 && (h < 24 || *m == 0))?;
        Some((h, m))
    };
    let (from, (mut to_h, to_m)) = (time(from)?, time(to)?);
    // `9-5` means until five in the afternoon, not a night until five in the morning.
    if (to_h, to_m) <= from && to_h + 12 > from.0 && to_h < 12 {
        to_h += 12;
    }
    // A range past midnight has its own advice; a guess is never one the check refuses.
    if (to_h, to_m) <= from {
        return None;
    }
    Some(format!("{:02}:{:02}-{to_h:02}:{to_m:02}", from.0, from.1))
}

/// `09:00-12:00, 13:00-17:00` written as one value: its periods, when each is one.
fn periods_in_one(s: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = s.trim_matches(['[', ']']).split([',', ';']).collect();
    (parts.len() > 1)
        .then(|| {
            parts
                .iter()
                .map(|p| TimeRange::parse(p.trim()).ok().map(|_| p.trim().to_owned()))
                .collect::<Option<Vec<String>>>()
        })
        .flatten()
}

impl fmt::Display for TimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeRangeError::Format(s) if s.trim().is_empty() => write!(
                f,
                "a time range is empty: write one, like `09:00-17:00`, or delete it"
            ),
            TimeRangeError::Format(s) if let Some(periods) = periods_in_one(s) => write!(
                f,
                "`{s}` is {} periods in one: each period is a value of its own ({}); in the editor, press \"Add item\" under the day for each",
                periods.len(),
                periods
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TimeRangeError::Format(s) => match guess_range(s) {
                Some(meant) => write!(
                    f,
                    "`{s}` is not a time range: write it as `{meant}` (hours and minutes with two digits each)"
                ),
                None => write!(f, "`{s}` is not a time range: write it as `09:00-17:00`"),
            },
            TimeRangeError::Empty(s) => write!(f, "`{s}` starts and ends at the same time"),
            TimeRangeError::Reversed(s) => write!(
                f,
                "`{s}` closes before it opens: a range past midnight ends by {}",
                TimeRange::LATEST_NIGHT_END
            ),
        }
    }
}

impl TimeRange {
    /// The latest closing time of a range that runs past midnight.
    pub const LATEST_NIGHT_END: TimeOfDay = TimeOfDay(6 * 60);

    pub fn parse(s: &str) -> Result<TimeRange, TimeRangeError> {
        let err = || TimeRangeError::Format(s.to_owned());
        let (a, b) = s.split_once('-').ok_or_else(err)?;
        let (start, end) = (
            TimeOfDay::parse(a).ok_or_else(err)?,
            TimeOfDay::parse(b).ok_or_else(err)?,
        );
        if start == end {
            return Err(TimeRangeError::Empty(s.to_owned()));
        }
        // `20:00-02:00` runs past midnight; `17:00-09:00` is far more often two times swapped
        // than a night opening, and publishing it would send people at the wrong hours.
        if end < start && end > Self::LATEST_NIGHT_END {
            return Err(TimeRangeError::Reversed(s.to_owned()));
        }
        Ok(TimeRange { start, end })
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.start, self.end)
    }
}

#[derive(Clone, Debug, Default)]
pub struct OpeningHours {
    /// Open times per weekday; a day that is absent is closed.
    pub days: Vec<(Weekday, Vec<TimeRange>)>,
    pub by_appointment_only: bool,
    /// Dates (ISO `2026-12-25`) the service is closed although it is normally open.
    pub closed_dates: Vec<String>,
}

impl OpeningHours {
    pub fn is_empty(&self) -> bool {
        self.days.is_empty() && !self.by_appointment_only
    }

    pub fn ranges(&self, day: Weekday) -> Option<&[TimeRange]> {
        self.days
            .iter()
            .find(|(d, _)| *d == day)
            .map(|(_, r)| r.as_slice())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_loosely_written_range_gets_the_one_meant_in_its_message() {
        use super::guess_range;
        assert_eq!(guess_range("9-12").as_deref(), Some("09:00-12:00"));
        assert_eq!(guess_range("9.00 - 17.30").as_deref(), Some("09:00-17:30"));
        assert_eq!(guess_range("9 tot 12 uur").as_deref(), Some("09:00-12:00"));
        assert_eq!(guess_range("9u-12u").as_deref(), Some("09:00-12:00"));
        assert_eq!(guess_range("9-5").as_deref(), Some("09:00-17:00"));
        assert_eq!(guess_range("22-6"), None);
        assert_eq!(guess_range("9-24:30"), None);
        assert_eq!(guess_range("morning"), None);
        assert!(
            TimeRangeError::Format(String::new())
                .to_string()
                .starts_with("a time range is empty")
        );
        let two = TimeRangeError::Format("09:00-12:00, 13:00-17:00".into()).to_string();
        assert!(
            two.contains("2 periods in one") && two.contains("`13:00-17:00`"),
            "{two}"
        );
        assert_eq!(guess_range("9-25"), None);
    }

    use super::*;

    #[test]
    fn time_ranges() {
        let r = TimeRange::parse("09:00-17:30").unwrap();
        assert_eq!(r.to_string(), "09:00–17:30");
        assert!(TimeRange::parse("22:00-02:00").is_ok(), "past midnight");
        assert!(TimeRange::parse("22:00-06:00").is_ok(), "past midnight");
        assert!(TimeRange::parse("08:00-24:00").is_ok());
        for bad in [
            "17:00-09:00",
            "22:00-06:01",
            "9-17",
            "09:00",
            "25:00-26:00",
            "09:60-10:00",
            "10:00-10:00",
            "9:00-17:00",
            // Found by the `fields` fuzzer: an hour whose minutes overflow.
            "22888:20",
            "65535:59-10:00",
        ] {
            assert!(TimeRange::parse(bad).is_err(), "{bad}");
        }
    }
}
