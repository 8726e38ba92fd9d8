//! Splitting an assessment period into the periods a recurring activity must cover.
//!
//! Periods are aligned to the assessment period's first day, not to calendar quarters: a period
//! starting 2026-04-15 has quarters 15 Apr – 14 Jul, 15 Jul – 14 Oct, 15 Oct – 14 Jan and
//! 15 Jan – 14 Apr, and "Q1" means the assessment's first quarter. Each boundary is counted from
//! that first day (never from the previous boundary), so a month-end start does not drift: from
//! 31 January the monthly boundaries are 28 (or 29) February, 31 March, 30 April, 31 May …
//! When the assessment period is not a whole number of periods, the last one keeps its full
//! length and runs past the assessment's end (`beyond_assessment`): its activity is due when it
//! ends, which may be after the attestation, so it is never reported missing early.

use super::error::ScheduleError;
use super::frequency::{Interval, Unit};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Longest assessment period accepted; a first assessment may run long, but not this long.
const MAX_ASSESSMENT_MONTHS: u32 = 36;

/// The dates the self-assessment covers, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(try_from = "RawPeriod", into = "RawPeriod")]
pub struct AssessmentPeriod {
    start: NaiveDate,
    end: NaiveDate,
}

#[derive(Serialize, Deserialize)]
struct RawPeriod {
    start: NaiveDate,
    end: NaiveDate,
}

impl TryFrom<RawPeriod> for AssessmentPeriod {
    type Error = ScheduleError;
    fn try_from(r: RawPeriod) -> Result<Self, ScheduleError> {
        AssessmentPeriod::new(r.start, r.end)
    }
}

impl From<AssessmentPeriod> for RawPeriod {
    fn from(p: AssessmentPeriod) -> Self {
        RawPeriod { start: p.start, end: p.end }
    }
}

impl AssessmentPeriod {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, ScheduleError> {
        if end < start {
            return Err(ScheduleError::PeriodReversed { start, end });
        }
        let limit = start.checked_add_months(Months::new(MAX_ASSESSMENT_MONTHS));
        if limit.is_none_or(|l| end >= l) {
            return Err(ScheduleError::PeriodTooLong { start, end, max_months: MAX_ASSESSMENT_MONTHS });
        }
        Ok(AssessmentPeriod { start, end })
    }

    /// Twelve months from `start`: 2026-01-01 gives 2026-01-01 to 2026-12-31.
    pub fn twelve_months_from(start: NaiveDate) -> Result<Self, ScheduleError> {
        let end = start
            .checked_add_months(Months::new(12))
            .and_then(|d| d.pred_opt())
            .ok_or_else(|| ScheduleError::DateOutOfRange { what: format!("twelve months from {start}") })?;
        Self::new(start, end)
    }

    pub fn start(&self) -> NaiveDate {
        self.start
    }

    pub fn end(&self) -> NaiveDate {
        self.end
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// One stretch of time a recurring activity has to happen in, both days included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Period {
    /// 1-based, in order.
    pub number: u32,
    /// Short name: Q2, H1, Month 5, Year 1, Period 3.
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The period runs past the assessment period's end (see the module notes).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub beyond_assessment: bool,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// "Q3 (1 Jul – 30 Sep 2026)".
    pub fn describe(&self) -> String {
        format!("{} ({})", self.name, fmt_range(self.start, self.end))
    }

    pub fn length_days(&self) -> u32 {
        u32::try_from((self.end - self.start).num_days() + 1).unwrap_or(u32::MAX)
    }
}

fn period_name(window: Interval, number: u32) -> String {
    match (window.unit(), window.count()) {
        (Unit::Months, 1) => format!("Month {number}"),
        (Unit::Months, 3) => format!("Q{number}"),
        (Unit::Months, 6) => format!("H{number}"),
        (Unit::Months, 12) => format!("Year {number}"),
        _ => format!("Period {number}"),
    }
}

/// The date `steps` windows after `anchor`; `None` past chrono's range.
fn step(anchor: NaiveDate, window: Interval, steps: u32) -> Option<NaiveDate> {
    let n = window.count().checked_mul(steps)?;
    match window.unit() {
        Unit::Months => anchor.checked_add_months(Months::new(n)),
        Unit::Days => anchor.checked_add_days(Days::new(u64::from(n))),
    }
}

/// The periods of length `window` that tile `assessment` from its first day.
pub fn periods(assessment: &AssessmentPeriod, window: Interval) -> Result<Vec<Period>, ScheduleError> {
    let out_of_range = || ScheduleError::DateOutOfRange { what: format!("a period after {}", assessment.start) };
    let mut out = Vec::new();
    let mut k: u32 = 0;
    loop {
        let start = step(assessment.start, window, k).ok_or_else(out_of_range)?;
        if start > assessment.end {
            break;
        }
        let end = step(assessment.start, window, k + 1).and_then(|d| d.pred_opt()).ok_or_else(out_of_range)?;
        k += 1;
        out.push(Period {
            number: k,
            name: period_name(window, k),
            start,
            end,
            beyond_assessment: end > assessment.end,
        });
    }
    Ok(out)
}

/// "14 Mar 2026".
pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// "1 Jul – 30 Sep 2026", or "15 Oct 2026 – 14 Jan 2027" across a year end.
pub fn fmt_range(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        fmt_date(start)
    } else if start.format("%Y").to_string() == end.format("%Y").to_string() {
        format!("{} – {}", start.format("%-d %b"), fmt_date(end))
    } else {
        format!("{} – {}", fmt_date(start), fmt_date(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn month_end_anchor_does_not_drift() {
        let a = AssessmentPeriod::new(d("2026-01-31"), d("2026-05-30")).expect("period");
        let got: Vec<(NaiveDate, NaiveDate)> =
            periods(&a, Interval::months(1).expect("1")).expect("periods").iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(
            got,
            [
                (d("2026-01-31"), d("2026-02-27")),
                (d("2026-02-28"), d("2026-03-30")),
                (d("2026-03-31"), d("2026-04-29")),
                (d("2026-04-30"), d("2026-05-30")),
            ]
        );
    }

    #[test]
    fn last_period_keeps_its_length_past_the_end() {
        let a = AssessmentPeriod::new(d("2026-01-01"), d("2026-12-31")).expect("period");
        let ps = periods(&a, Interval::months(5).expect("5")).expect("periods");
        assert_eq!(ps.len(), 3);
        assert_eq!((ps[2].start, ps[2].end, ps[2].beyond_assessment), (d("2026-11-01"), d("2027-03-31"), true));
        assert!(!ps[1].beyond_assessment);
        assert_eq!(ps[0].name, "Period 1");
    }

    #[test]
    fn bad_assessment_periods_are_refused() {
        assert!(matches!(
            AssessmentPeriod::new(d("2026-02-01"), d("2026-01-31")),
            Err(ScheduleError::PeriodReversed { .. })
        ));
        assert!(matches!(
            AssessmentPeriod::new(d("2026-01-01"), d("2029-01-01")),
            Err(ScheduleError::PeriodTooLong { .. })
        ));
        assert!(AssessmentPeriod::new(d("2026-01-01"), d("2026-01-01")).is_ok());
        let json = r#"{"start":"2026-03-01","end":"2026-02-01"}"#;
        assert!(serde_json::from_str::<AssessmentPeriod>(json).is_err());
    }

    #[test]
    fn ranges_read_naturally() {
        assert_eq!(fmt_range(d("2026-07-01"), d("2026-09-30")), "1 Jul – 30 Sep 2026");
        assert_eq!(fmt_range(d("2026-10-15"), d("2027-01-14")), "15 Oct 2026 – 14 Jan 2027");
        assert_eq!(fmt_range(d("2026-03-04"), d("2026-03-04")), "4 Mar 2026");
    }
}
