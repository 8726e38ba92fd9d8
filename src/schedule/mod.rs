//! The compliance year: which requirements recur, the periods their evidence must cover, what is
//! due when, and the calendar export.
//!
//! A self-assessment is signed once, but many requirements ask for work all year (quarterly
//! scans, six-monthly reviews, yearly training). The catalog says how often (`frequency`, see
//! `questionnaires/README.md`); this module turns that, the assessment period, the officer's
//! targeted-risk-analysis periods and the dated evidence into periods, warnings, due items and an
//! ICS file. Everything here is a pure function of its inputs, including "today".
//!
//! Flow: [`Recurrence::all`] → [`coverage_all`] → [`in_place_warning`] / [`due_items`] →
//! [`split_due`] and [`ics::write`]; [`roll_forward`] starts the next year.

mod coverage;
mod due;
mod error;
mod frequency;
pub mod ics;
mod periods;
mod rollforward;

pub use coverage::{
    coverage, coverage_all, in_place_warning, reminders, tra_periods, Coverage, DatedEvidence, PeriodState,
    PeriodStatus, Reminder, ReminderKind, ScheduleWarning, WarningKind,
};
pub use due::{due_items, split_due, validation_due_date, DueInput, DueItem, DueKind, DueSplit, DUE_SOON_DAYS};
pub use error::ScheduleError;
pub use frequency::{check_frequencies, Cadence, Frequency, Interval, Recurrence, TraPeriod, Unit};
pub use periods::{fmt_date, fmt_range, periods, AssessmentPeriod, Period};
pub use rollforward::{roll_forward, Gap, NextPeriods, YearRollForward};
