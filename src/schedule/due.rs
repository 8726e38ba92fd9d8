//! Every dated thing the officer owes this year, in one list: the validation deadline, Part 4
//! remediation targets, evidence that expires or goes stale, and each recurring period's end.

use super::coverage::{Coverage, DatedEvidence, PeriodState};
use super::periods::{fmt_date, AssessmentPeriod};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How old evidence for a requirement without its own period may get: the assessment is yearly,
/// and the store flags carried-over files at the same age (`Evidence::is_stale`).
const STALE_AFTER_MONTHS: u32 = 12;

/// Window of [`split_due`]'s "coming up" list.
pub const DUE_SOON_DAYS: u64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    /// The self-assessment and attestation are due.
    Validation,
    /// A Part 4 action plan's target date for a requirement answered Not in Place.
    Remediation,
    /// A recurring activity's period ends.
    Recurring,
    /// Evidence reaches its expiry date.
    EvidenceExpires,
    /// Evidence becomes older than twelve months.
    EvidenceStale,
}

impl DueKind {
    pub fn slug(self) -> &'static str {
        match self {
            DueKind::Validation => "validation",
            DueKind::Remediation => "remediation",
            DueKind::Recurring => "recurring",
            DueKind::EvidenceExpires => "evidence-expires",
            DueKind::EvidenceStale => "evidence-stale",
        }
    }
}

/// One dated obligation. `requirement`, `evidence` and `period_start` say what it is about and,
/// with the assessment ID, make the calendar UID (see `ics::uid`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DueItem {
    pub kind: DueKind,
    pub date: NaiveDate,
    /// One line, e.g. "11.3.2 Q3: External ASV scans are passed at least quarterly".
    pub what: String,
    /// A sentence or two on what to do.
    pub detail: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_start: Option<NaiveDate>,
    /// Length in days of the period a recurring item closes, for the reminder's lead time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_days: Option<u32>,
    /// The date is before `today` and the item is not done.
    pub overdue: bool,
    /// Already taken care of (a covered period, an attested assessment); kept so that a
    /// re-imported calendar updates the event instead of leaving a stale one.
    pub done: bool,
}

/// What [`due_items`] reads. Borrowed, so the desk can assemble it from the store per call.
#[derive(Debug, Clone)]
pub struct DueInput<'a> {
    pub assessment: AssessmentPeriod,
    /// From [`validation_due_date`].
    pub validation_due: NaiveDate,
    /// The assessment is attested: the validation item is done.
    pub attested: bool,
    /// Part 4 target dates by requirement ID.
    pub remediation: &'a BTreeMap<String, NaiveDate>,
    pub evidence: &'a [DatedEvidence],
    pub coverage: &'a [Coverage],
    pub today: NaiveDate,
}

/// The date the self-assessment is due: what the officer set, else twelve months after last
/// year's attestation (acquirers usually expect yearly validation on the same date), else the
/// assessment period's end.
pub fn validation_due_date(
    previous_attestation: Option<NaiveDate>,
    assessment: &AssessmentPeriod,
    set_by_officer: Option<NaiveDate>,
) -> NaiveDate {
    set_by_officer
        .or_else(|| previous_attestation.and_then(|d| d.checked_add_months(Months::new(12))))
        .unwrap_or(assessment.end())
}

/// The dated items, sorted by date (then kind, requirement, evidence, period). Evidence items
/// dated after both the assessment's end and the validation date are left out: next year's
/// roll-forward carries the file and dates it again.
pub fn due_items(input: &DueInput) -> Vec<DueItem> {
    let today = input.today;
    let open = |date: NaiveDate, done: bool| !done && date < today;
    let mut out = Vec::new();

    let v = input.validation_due;
    out.push(DueItem {
        kind: DueKind::Validation,
        date: v,
        what: "Self-assessment and attestation of compliance".to_string(),
        detail: format!(
            "Answer every requirement, sign the attestation and send the SAQ and AOC to the acquirer (or \
             whoever asked for them) by {}.",
            fmt_date(v)
        ),
        requirement: None,
        evidence: None,
        period_start: None,
        period_days: None,
        overdue: open(v, input.attested),
        done: input.attested,
    });

    for (req, &date) in input.remediation {
        out.push(DueItem {
            kind: DueKind::Remediation,
            date,
            what: format!("{req}: remediation target date"),
            detail: format!(
                "The Part 4 action plan for requirement {req} aims to have it in place by {}. Record the fix \
                 and its evidence, then update the answer.",
                fmt_date(date)
            ),
            requirement: Some(req.clone()),
            evidence: None,
            period_start: None,
            period_days: None,
            overdue: open(date, false),
            done: false,
        });
    }

    for c in input.coverage {
        let r = &c.recurrence;
        for p in &c.periods {
            let done = matches!(p.state, PeriodState::Covered { .. });
            let what = format!("{} {}: {}", r.requirement, p.period.name, r.title);
            let detail = match &p.state {
                PeriodState::Covered { evidence } => format!(
                    "Done: covered by {} ({}). The activity is due {}.",
                    if evidence.len() == 1 { "evidence" } else { "evidence files" },
                    evidence.join(", "),
                    r.describe()
                ),
                _ => format!(
                    "Carry out and record the activity for {} and attach the dated record to {}. It is due {}.",
                    p.period.describe(),
                    r.requirement,
                    r.describe()
                ),
            };
            out.push(DueItem {
                kind: DueKind::Recurring,
                date: p.period.end,
                what,
                detail,
                requirement: Some(r.requirement.clone()),
                evidence: None,
                period_start: Some(p.period.start),
                period_days: Some(p.period.length_days()),
                overdue: open(p.period.end, done),
                done,
            });
        }
    }

    let horizon = input.assessment.end().max(v);
    let periodic: Vec<&str> =
        input.coverage.iter().filter(|c| !c.periods.is_empty()).map(|c| c.recurrence.requirement.as_str()).collect();
    let mut evidence: Vec<&DatedEvidence> = input.evidence.iter().collect();
    evidence.sort_by(|a, b| a.id.cmp(&b.id));
    for e in evidence {
        if let Some(exp) = e.expires.filter(|d| *d <= horizon) {
            out.push(DueItem {
                kind: DueKind::EvidenceExpires,
                date: exp,
                what: format!("Evidence expires: {}", e.name),
                detail: format!(
                    "{} (evidence {}, supporting {}) stops being valid on {}. Obtain a current one and add it as a \
                     new revision.",
                    e.name,
                    e.id,
                    e.links.join(", "),
                    fmt_date(exp)
                ),
                requirement: None,
                evidence: Some(e.id.clone()),
                period_start: None,
                period_days: None,
                overdue: open(exp, false),
                done: false,
            });
        }
        // Evidence of a recurring activity is followed by its periods, which say exactly which
        // record is due when; a second "stale" date for the same file would only compete.
        if e.links.iter().any(|l| periodic.contains(&l.as_str())) {
            continue;
        }
        let Some(stale) = e.effective.checked_add_months(Months::new(STALE_AFTER_MONTHS)) else { continue };
        if stale > horizon || e.expires.is_some_and(|x| x <= stale) {
            continue;
        }
        out.push(DueItem {
            kind: DueKind::EvidenceStale,
            date: stale,
            what: format!("Evidence older than twelve months: {}", e.name),
            detail: format!(
                "{} (evidence {}, supporting {}) is dated {}; from {} it is more than a year old. Check it still \
                 describes how things are, and replace it if not.",
                e.name,
                e.id,
                e.links.join(", "),
                fmt_date(e.effective),
                fmt_date(stale)
            ),
            requirement: None,
            evidence: Some(e.id.clone()),
            period_start: None,
            period_days: None,
            overdue: open(stale, false),
            done: false,
        });
    }

    out.sort_by(|a, b| {
        (a.date, a.kind, &a.requirement, &a.evidence, a.period_start).cmp(&(
            b.date,
            b.kind,
            &b.requirement,
            &b.evidence,
            b.period_start,
        ))
    });
    out
}

/// The two lists the home screen shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DueSplit {
    /// Open items dated before `today`, oldest first.
    pub overdue: Vec<DueItem>,
    /// Open items dated from `today` to 30 days after it, both included, soonest first.
    pub next_30_days: Vec<DueItem>,
}

pub fn split_due(items: &[DueItem], today: NaiveDate) -> DueSplit {
    let soon = today.checked_add_days(Days::new(DUE_SOON_DAYS)).unwrap_or(NaiveDate::MAX);
    let mut split = DueSplit::default();
    for i in items.iter().filter(|i| !i.done) {
        if i.date < today {
            split.overdue.push(i.clone());
        } else if i.date <= soon {
            split.next_30_days.push(i.clone());
        }
    }
    split.overdue.sort_by_key(|i| i.date);
    split.next_30_days.sort_by_key(|i| i.date);
    split
}
