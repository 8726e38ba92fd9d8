use chrono::NaiveDate;
use serde::Serialize;

/// Why a schedule could not be worked out. Each message names the input to fix, so the desk can
/// show it next to the field the officer typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("the assessment period ends on {end}, before it starts on {start}")]
    PeriodReversed { start: NaiveDate, end: NaiveDate },
    #[error("the assessment period {start} to {end} is longer than {max_months} months")]
    PeriodTooLong { start: NaiveDate, end: NaiveDate, max_months: u32 },
    #[error("an interval of {count} {unit} is outside the {min} to {max} {unit} a schedule accepts")]
    IntervalOutOfRange { unit: &'static str, count: u32, min: u32, max: u32 },
    #[error("{0}")]
    Frequencies(String),
    #[error(
        "requirement {requirement}: its frequency is not set by a targeted risk analysis, so it takes no TRA period"
    )]
    TraNotApplicable { requirement: String },
    #[error("{what} falls outside the dates the calendar can represent")]
    DateOutOfRange { what: String },
}

impl ScheduleError {
    /// The input to fix, by the name the doors give it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ScheduleError::PeriodReversed { .. } | ScheduleError::PeriodTooLong { .. } => Some("period_end"),
            ScheduleError::IntervalOutOfRange { .. } => Some("every"),
            ScheduleError::TraNotApplicable { .. } => Some("requirement"),
            ScheduleError::Frequencies(_) | ScheduleError::DateOutOfRange { .. } => None,
        }
    }
}

impl Serialize for ScheduleError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
