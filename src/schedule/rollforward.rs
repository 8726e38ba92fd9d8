//! Starting next year's schedule from this year's.

use super::coverage::{tra_periods, Coverage, PeriodState};
use super::error::ScheduleError;
use super::frequency::{Interval, Recurrence};
use super::periods::{periods, AssessmentPeriod, Period};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One recurring requirement's periods for the new year, before any evidence is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct NextPeriods {
    pub recurrence: Recurrence,
    pub periods: Vec<Period>,
}

/// Periods last year left uncovered: still last year's record, listed so the officer can explain
/// them if the QSA asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Gap {
    pub requirement: String,
    pub title: String,
    pub periods: Vec<Period>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct YearRollForward {
    pub assessment: AssessmentPeriod,
    pub next: Vec<NextPeriods>,
    /// TRA periods carried over, by requirement. 12.3.1 asks for each analysis to be reviewed
    /// yearly, so the desk should have the officer confirm each one.
    pub tra_periods: BTreeMap<String, Interval>,
    pub last_year_gaps: Vec<Gap>,
}

/// Next year's periods from last year's coverage: the same recurrences (and TRA choices) split
/// over `next`. Last year's coverage stays last year's data; nothing of it counts for the new
/// periods. Where the questionnaire changed between the years, rebuild the recurrences with
/// `Recurrence::all(new snapshot, &result.tra_periods)` and call `periods` for each instead.
pub fn roll_forward(last_year: &[Coverage], next: &AssessmentPeriod) -> Result<YearRollForward, ScheduleError> {
    let mut out = Vec::new();
    for c in last_year {
        let periods = match c.recurrence.cadence.window() {
            Some(w) => periods(next, w)?,
            None => Vec::new(),
        };
        out.push(NextPeriods { recurrence: c.recurrence.clone(), periods });
    }
    let last_year_gaps = last_year
        .iter()
        .filter_map(|c| {
            let missing: Vec<Period> =
                c.periods.iter().filter(|p| p.state == PeriodState::Missing).map(|p| p.period.clone()).collect();
            (!missing.is_empty()).then(|| Gap {
                requirement: c.recurrence.requirement.clone(),
                title: c.recurrence.title.clone(),
                periods: missing,
            })
        })
        .collect();
    Ok(YearRollForward { assessment: *next, next: out, tra_periods: tra_periods(last_year), last_year_gaps })
}
