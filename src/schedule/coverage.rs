//! Which periods dated evidence covers, the In Place warning, and the reminders that have no date.
//!
//! A file covers a period when it is linked to the requirement and its effective date (the day
//! the scan, review or training happened, not the upload day) falls inside the period, both ends
//! included. Undated evidence covers nothing: it cannot show when the activity took place. The
//! expiry date does not change coverage — the activity still happened in its period — it only
//! produces its own due item (see `due`).

use super::error::ScheduleError;
use super::frequency::{Cadence, Interval, Recurrence};
use super::periods::{fmt_date, periods, AssessmentPeriod, Period};
use crate::questionnaire::ResponseKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A piece of evidence as far as the calendar cares: its dates and the requirements it supports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DatedEvidence {
    pub id: String,
    /// File name or description, for messages.
    pub name: String,
    pub effective: NaiveDate,
    #[serde(default)]
    pub expires: Option<NaiveDate>,
    /// Requirement IDs the file is linked to.
    pub links: Vec<String>,
}

impl DatedEvidence {
    /// The current, dated files of the store; superseded, removed or undated ones are left out.
    pub fn from_store(e: &crate::store::Evidence) -> Option<Self> {
        if !e.is_current() {
            return None;
        }
        Some(DatedEvidence {
            id: e.id.clone(),
            name: if e.description.trim().is_empty() { e.file_name.clone() } else { e.description.clone() },
            effective: e.effective_date?,
            expires: e.expires,
            links: e.links.clone(),
        })
    }

    pub fn supports(&self, requirement: &str) -> bool {
        self.links.iter().any(|l| l == requirement)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum PeriodState {
    /// Evidence dated inside the period, by ID, oldest first.
    Covered { evidence: Vec<String> },
    /// The period is over and nothing covers it.
    Missing,
    /// `today` is inside the period and nothing covers it yet; due by the period's last day.
    Due { by: NaiveDate },
    /// The period has not started.
    Upcoming,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PeriodStatus {
    pub period: Period,
    pub state: PeriodState,
}

/// One recurring requirement's year: its periods and how each stands on `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Coverage {
    pub recurrence: Recurrence,
    pub assessment: AssessmentPeriod,
    pub today: NaiveDate,
    /// Empty for event-only requirements and for a TRA period not yet entered.
    pub periods: Vec<PeriodStatus>,
}

impl Coverage {
    pub fn requirement(&self) -> &str {
        &self.recurrence.requirement
    }

    pub fn missing(&self) -> Vec<&Period> {
        self.periods.iter().filter(|p| p.state == PeriodState::Missing).map(|p| &p.period).collect()
    }

    pub fn covered_count(&self) -> usize {
        self.periods.iter().filter(|p| matches!(p.state, PeriodState::Covered { .. })).count()
    }

    /// One line per requirement, e.g. "Q1 ✓ · Q2 ✓ · Q3 missing · Q4 due by 31 Dec 2026".
    pub fn summary(&self) -> String {
        match self.recurrence.cadence {
            Cadence::EventOnly => return "after each significant change (no fixed periods)".to_string(),
            Cadence::RiskAnalysisPending => return "period not entered from the targeted risk analysis".to_string(),
            _ => {}
        }
        self.periods
            .iter()
            .map(|p| match &p.state {
                PeriodState::Covered { .. } => format!("{} ✓", p.period.name),
                PeriodState::Missing => format!("{} missing", p.period.name),
                PeriodState::Due { by } => format!("{} due by {}", p.period.name, fmt_date(*by)),
                PeriodState::Upcoming => format!("{} from {}", p.period.name, fmt_date(p.period.start)),
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Splits the assessment into `rec`'s periods and marks each against `evidence` on `today`.
/// Evidence not linked to `rec`'s requirement is ignored, so one list can serve every call.
pub fn coverage(
    rec: &Recurrence,
    assessment: &AssessmentPeriod,
    evidence: &[DatedEvidence],
    today: NaiveDate,
) -> Result<Coverage, ScheduleError> {
    let periods = match rec.cadence.window() {
        Some(window) => periods(assessment, window)?,
        None => Vec::new(),
    };
    let mut mine: Vec<&DatedEvidence> = evidence.iter().filter(|e| e.supports(&rec.requirement)).collect();
    mine.sort_by(|a, b| (a.effective, &a.id).cmp(&(b.effective, &b.id)));
    let periods = periods
        .into_iter()
        .map(|period| {
            let ids: Vec<String> = mine.iter().filter(|e| period.contains(e.effective)).map(|e| e.id.clone()).collect();
            let state = if !ids.is_empty() {
                PeriodState::Covered { evidence: ids }
            } else if period.end < today {
                PeriodState::Missing
            } else if period.start <= today {
                PeriodState::Due { by: period.end }
            } else {
                PeriodState::Upcoming
            };
            PeriodStatus { period, state }
        })
        .collect();
    Ok(Coverage { recurrence: rec.clone(), assessment: *assessment, today, periods })
}

/// [`coverage`] for every recurrence, in order.
pub fn coverage_all(
    recs: &[Recurrence],
    assessment: &AssessmentPeriod,
    evidence: &[DatedEvidence],
    today: NaiveDate,
) -> Result<Vec<Coverage>, ScheduleError> {
    recs.iter().map(|r| coverage(r, assessment, evidence, today)).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// Past periods with no dated evidence.
    UncoveredPeriods,
    /// The TRA decides the period, and it has not been entered, so nothing could be checked.
    RiskAnalysisPeriodNotSet,
}

/// An explainable flag on an In Place answer; it never blocks attestation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ScheduleWarning {
    pub requirement: String,
    pub kind: WarningKind,
    /// The uncovered past periods (empty for `RiskAnalysisPeriodNotSet`).
    pub periods: Vec<Period>,
    pub message: String,
}

/// The flag for an In Place answer whose recurring activity has an uncovered past period.
///
/// Only a plain In Place answer is flagged: with a compensating control (In Place with CCW) the
/// worksheet, not the period evidence, is what the QSA reads, and the other answers already say
/// the requirement is not met as written.
pub fn in_place_warning(cov: &Coverage, answer: Option<ResponseKind>) -> Option<ScheduleWarning> {
    if answer != Some(ResponseKind::InPlace) {
        return None;
    }
    let req = cov.requirement();
    if cov.recurrence.cadence == Cadence::RiskAnalysisPending {
        return Some(ScheduleWarning {
            requirement: req.to_string(),
            kind: WarningKind::RiskAnalysisPeriodNotSet,
            periods: Vec::new(),
            message: format!(
                "{req} is answered In Place, but the period the targeted risk analysis chose has not been \
                 entered, so SAQ Desk cannot check that the activity happened that often. Enter the period \
                 from the analysis."
            ),
        });
    }
    let missing: Vec<Period> = cov.missing().into_iter().cloned().collect();
    if missing.is_empty() {
        return None;
    }
    let names: Vec<String> = missing.iter().map(Period::describe).collect();
    let (noun, list) = match names.as_slice() {
        [one] => ("period", one.clone()),
        [rest @ .., last] => ("periods", format!("{} and {last}", rest.join(", "))),
        [] => return None,
    };
    Some(ScheduleWarning {
        requirement: req.to_string(),
        kind: WarningKind::UncoveredPeriods,
        message: format!(
            "{req} is answered In Place, but no dated evidence covers the {noun} {list}. The activity is \
             due {} and a QSA looks for a record from each period: add the record, or review the answer.",
            cov.recurrence.describe()
        ),
        periods: missing,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum ReminderKind {
    /// The activity is also (or only) due after each significant change.
    AfterSignificantChange,
    /// The TRA period has not been entered.
    RiskAnalysisPeriod,
}

/// A standing note with no date, shown next to the calendar rather than in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Reminder {
    pub requirement: String,
    pub kind: ReminderKind,
    pub message: String,
}

pub fn reminders(coverages: &[Coverage]) -> Vec<Reminder> {
    let mut out = Vec::new();
    for c in coverages {
        let r = &c.recurrence;
        if r.after_significant_change {
            out.push(Reminder {
                requirement: r.requirement.clone(),
                kind: ReminderKind::AfterSignificantChange,
                message: format!(
                    "{} — {}: also due after every significant change to the environment; keep the change \
                     record with the result.",
                    r.requirement, r.title
                ),
            });
        }
        if r.cadence == Cadence::RiskAnalysisPending {
            out.push(Reminder {
                requirement: r.requirement.clone(),
                kind: ReminderKind::RiskAnalysisPeriod,
                message: format!(
                    "{} — {}: enter the period the targeted risk analysis chose, so its periods can be checked.",
                    r.requirement, r.title
                ),
            });
        }
    }
    out
}

/// The TRA periods in force in `coverages`, by requirement: what a new year starts from.
pub fn tra_periods(coverages: &[Coverage]) -> BTreeMap<String, Interval> {
    coverages
        .iter()
        .filter_map(|c| match c.recurrence.cadence {
            Cadence::RiskAnalysis { every } => Some((c.recurrence.requirement.clone(), every)),
            _ => None,
        })
        .collect()
}
