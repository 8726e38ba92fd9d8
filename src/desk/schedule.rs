//! The compliance year: which requirements recur and how their periods stand, the targeted risk
//! analysis periods and the validation due date the officer enters, what is due across every
//! assessment, and the calendar export. The periods and due items come from `crate::schedule`;
//! this module gathers their inputs from the store and the actor's day.

use super::{Desk, DeskError};
use crate::questionnaire::{Frequency, ResponseKind};
use crate::report::ExportOutcome;
use crate::schedule::{
    self, ics, AssessmentPeriod, Cadence, Coverage, DatedEvidence, DueInput, DueItem, Interval, Period, PeriodState,
    Reminder, ScheduleWarning, Unit,
};
use crate::store::{Actor, Assessment, AssessmentId, AssessmentState, TraPeriodSetting, ValidationDue};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::str::FromStr;
use ts_rs::TS;

/// The year of one SAQ of an assessment, as the schedule screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SaqSchedule {
    pub assessment_id: AssessmentId,
    pub saq: String,
    pub year: i32,
    pub period: AssessmentPeriod,
    /// The day the period states are worked out for: the actor's.
    pub today: NaiveDate,
    pub validation_due: ValidationDue,
    /// Every requirement of the SAQ whose text sets a frequency, in SAQ order.
    pub requirements: Vec<RecurringRequirement>,
    /// Standing notes without a date: activities due after each significant change, TRA periods
    /// still to enter.
    pub reminders: Vec<Reminder>,
    /// The In Place answers with uncovered past periods (the status carries the same).
    pub warnings: Vec<ScheduleWarning>,
    /// The SAQ is attested: this is the year's record, no longer changed.
    pub attested: bool,
}

/// One recurring requirement's year.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecurringRequirement {
    pub requirement: String,
    pub title: String,
    pub frequencies: Vec<Frequency>,
    pub cadence: Cadence,
    /// How often, in words: "every three months, and after every significant change".
    pub schedule: String,
    /// A targeted risk analysis sets (or may set) the period: the officer can enter it.
    pub takes_tra_period: bool,
    pub tra_period: Option<TraPeriodSetting>,
    pub answer: Option<ResponseKind>,
    pub periods: Vec<PeriodView>,
    /// "Q1 ✓ · Q2 ✓ · Q3 missing · Q4 due by 31 Dec 2026".
    pub summary: String,
    pub warning: Option<ScheduleWarning>,
}

/// One period and the evidence dated inside it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PeriodView {
    pub period: Period,
    pub state: PeriodState,
    /// The files whose effective date falls in the period, oldest first.
    pub evidence: Vec<CoveringEvidence>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CoveringEvidence {
    pub id: String,
    /// The description, or the file name.
    pub name: String,
    pub effective_date: NaiveDate,
}

/// The interval a targeted risk analysis chose, as entered (checked by [`TraPeriodInput::interval`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
pub struct TraPeriodInput {
    pub unit: Unit,
    pub count: i64,
}

impl TraPeriodInput {
    pub fn interval(self) -> Result<Interval, DeskError> {
        let count = u32::try_from(self.count).unwrap_or(0);
        Interval::new(self.unit, count).map_err(|e| DeskError::invalid("every.count", e.to_string()))
    }
}

/// "6-months", "30 days", "2-weeks" (as fourteen days), "1-month".
impl FromStr for TraPeriodInput {
    type Err = DeskError;

    fn from_str(s: &str) -> Result<Self, DeskError> {
        let bad = || DeskError::invalid("every", format!("'{s}' is not a period such as 6-months, 2-weeks or 30-days"));
        let t = s.trim().to_lowercase();
        let (n, unit) = t.split_once(['-', ' ']).ok_or_else(bad)?;
        let n: i64 = n.trim().parse().map_err(|_| bad())?;
        let (unit, factor) = match unit.trim().trim_end_matches('s') {
            "day" => (Unit::Days, 1),
            "week" => (Unit::Days, 7),
            "month" => (Unit::Months, 1),
            _ => return Err(bad()),
        };
        Ok(TraPeriodInput { unit, count: n.saturating_mul(factor) })
    }
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct SetTraPeriodRequest {
    pub assessment: String,
    pub requirement: String,
    /// The period the analysis chose; left out, the entry is cleared (the requirement then uses
    /// the period its text gives, or has none until one is entered).
    pub every: Option<TraPeriodInput>,
    /// Where the analysis is documented (title, reference, date).
    pub reference: String,
    /// With several SAQs: whose schedule to return (default: the first that lists the requirement).
    pub saq: Option<String>,
}

impl SetTraPeriodRequest {
    fn validate(&self) -> Result<Option<Interval>, DeskError> {
        if self.requirement.trim().is_empty() {
            return Err(DeskError::invalid("requirement", "name the requirement, e.g. 5.2.3.1"));
        }
        let every = self.every.map(TraPeriodInput::interval).transpose()?;
        if every.is_none() && !self.reference.trim().is_empty() {
            return Err(DeskError::invalid("reference", "a reference goes with a period; give the period too"));
        }
        Ok(every)
    }
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct SetValidationDueRequest {
    pub assessment: String,
    /// The date the SAQ and AOC are due (e.g. the acquirer's deadline); left out, the default
    /// applies again.
    pub date: Option<NaiveDate>,
    /// Why this date, in the officer's words.
    pub reason: String,
}

impl SetValidationDueRequest {
    fn validate(&self) -> Result<(), DeskError> {
        if self.date.is_none() && !self.reason.trim().is_empty() {
            return Err(DeskError::invalid("reason", "a reason goes with a date of your own; give the date too"));
        }
        Ok(())
    }
}

/// What is due across every open assessment: the home screen's two lists.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DueOverview {
    pub today: NaiveDate,
    /// Open items dated before today, oldest first.
    pub overdue: Vec<DueEntry>,
    /// Open items dated from today to 30 days after it, soonest first.
    pub next_30_days: Vec<DueEntry>,
    /// How many assessments were looked at: those not yet attested and not rolled forward.
    pub assessments: usize,
}

/// One due item and the assessment it belongs to.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DueEntry {
    pub assessment_id: AssessmentId,
    pub merchant: String,
    pub year: i32,
    /// "A" or "A + C".
    pub saq: String,
    pub item: DueItem,
}

/// An assessment's calendar as the events an ICS file would hold.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CalendarView {
    /// The calendar's name: "PCI DSS 2026 — Zoë's Café Ltd (SAQ A)".
    pub name: String,
    pub events: Vec<ics::CalendarEvent>,
    /// What has no date and so is not in the calendar.
    pub reminders: Vec<Reminder>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(optional_fields)]
pub struct CalendarExportRequest {
    pub assessment: String,
    /// Only this SAQ's requirements (default: every SAQ of the assessment).
    #[serde(default)]
    pub saq: Option<String>,
    /// The .ics file to write.
    #[ts(type = "string")]
    pub out: PathBuf,
}

impl CalendarExportRequest {
    fn validate(&self) -> Result<(), DeskError> {
        let ics = self.out.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("ics"));
        if !ics {
            return Err(DeskError::invalid("out", format!("{}: a calendar file ends in .ics", self.out.display())));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CalendarWritten {
    pub file: ExportOutcome,
    pub events: usize,
}

/// An assessment's due items with what the calendar is named after.
struct Year {
    assessment: Assessment,
    name: String,
    items: Vec<DueItem>,
    reminders: Vec<Reminder>,
}

impl Desk {
    /// The year of SAQ `saq` (or the only SAQ): every recurring requirement with its periods on
    /// the actor's day, the due date and the warnings.
    pub fn schedule(&self, key: &str, saq: Option<&str>, who: &Actor) -> Result<SaqSchedule, DeskError> {
        let a = self.store.part(key, saq)?;
        let facts = self.store.schedule_facts(&a, who.today)?;
        let answers: BTreeMap<String, Option<ResponseKind>> =
            self.store.responses(&a.id, &a.saq)?.into_iter().map(|r| (r.requirement_id, r.response)).collect();
        let evidence: BTreeMap<&str, &DatedEvidence> = facts.evidence.iter().map(|e| (e.id.as_str(), e)).collect();
        let requirements: Vec<RecurringRequirement> = facts
            .coverage
            .iter()
            .map(|c| recurring(c, answers.get(c.requirement()).copied().flatten(), &facts.tra, &evidence))
            .collect();
        Ok(SaqSchedule {
            validation_due: self.store.validation_due(&a.id)?,
            reminders: schedule::reminders(&facts.coverage),
            warnings: requirements.iter().filter_map(|r| r.warning.clone()).collect(),
            requirements,
            attested: a.status == AssessmentState::Attested,
            assessment_id: a.id,
            saq: a.saq,
            year: a.year,
            period: facts.period,
            today: who.today,
        })
    }

    /// Enters or clears the period a targeted risk analysis chose for one requirement; returns the
    /// schedule of the SAQ that lists it.
    pub fn set_tra_period(&mut self, req: SetTraPeriodRequest, who: &Actor) -> Result<SaqSchedule, DeskError> {
        let every = req.validate()?;
        let requirement = req.requirement.trim();
        self.store.set_tra_period(&req.assessment, requirement, every, &req.reference, who)?;
        let saq = match req.saq {
            Some(s) => Some(s),
            None => self
                .store
                .parts(&req.assessment)?
                .into_iter()
                .find(|p| p.snapshot.requirement(requirement).is_some())
                .map(|p| p.saq),
        };
        self.schedule(&req.assessment, saq.as_deref(), who)
    }

    /// When the self-assessment is due, and why that date.
    pub fn validation_due(&self, key: &str) -> Result<ValidationDue, DeskError> {
        Ok(self.store.validation_due(key)?)
    }

    /// Sets the date the self-assessment is due, or (without one) goes back to the default.
    pub fn set_validation_due(
        &mut self,
        req: SetValidationDueRequest,
        who: &Actor,
    ) -> Result<ValidationDue, DeskError> {
        req.validate()?;
        Ok(self.store.set_validation_due(&req.assessment, req.date, &req.reason, who)?)
    }

    /// Overdue and due in the next 30 days, across every assessment still open: not attested, and
    /// not rolled forward into a newer one (whose calendar then holds the year's work).
    pub fn due(&self, who: &Actor) -> Result<DueOverview, DeskError> {
        let list = self.store.assessments()?;
        let superseded: Vec<&AssessmentId> = list.iter().filter_map(|a| a.previous_id.as_ref()).collect();
        let mut overview =
            DueOverview { today: who.today, overdue: Vec::new(), next_30_days: Vec::new(), assessments: 0 };
        for s in &list {
            if s.status == AssessmentState::Attested || superseded.contains(&&s.id) {
                continue;
            }
            overview.assessments += 1;
            let year = self.year(&s.id, None, who)?;
            let split = schedule::split_due(&year.items, who.today);
            let entry = |item: DueItem| DueEntry {
                assessment_id: s.id.clone(),
                merchant: s.merchant_name.clone(),
                year: s.year,
                saq: s.saq.clone(),
                item,
            };
            overview.overdue.extend(split.overdue.into_iter().map(entry));
            overview.next_30_days.extend(split.next_30_days.into_iter().map(entry));
        }
        let order = |e: &DueEntry| (e.item.date, e.merchant.clone(), e.year, e.item.kind);
        overview.overdue.sort_by_key(order);
        overview.next_30_days.sort_by_key(order);
        Ok(overview)
    }

    /// The calendar of an assessment (or of one SAQ's requirements) as events, for the app.
    pub fn calendar(&self, key: &str, saq: Option<&str>, who: &Actor) -> Result<CalendarView, DeskError> {
        let year = self.year(key, saq, who)?;
        let meta = ics::CalendarMeta { assessment_id: year.assessment.id.to_string(), name: year.name, now: who.now };
        Ok(CalendarView { events: ics::events(&year.items, &meta), name: meta.name, reminders: year.reminders })
    }

    /// Writes the calendar as an RFC 5545 file (through a temp file, so `out` is never left
    /// half-written). Each event keeps its UID from one export to the next, so importing the file
    /// again updates the events already imported.
    pub fn export_calendar(&self, req: CalendarExportRequest, who: &Actor) -> Result<CalendarWritten, DeskError> {
        req.validate()?;
        let year = self.year(&req.assessment, req.saq.as_deref(), who)?;
        let meta = ics::CalendarMeta { assessment_id: year.assessment.id.to_string(), name: year.name, now: who.now };
        let text = ics::write(&year.items, &meta);
        let out = &req.out;
        let io = |source| DeskError::Io { path: out.clone(), source };
        crate::write_via_temp(
            out,
            |tmp| {
                let mut f = std::fs::File::create(tmp).map_err(io)?;
                f.write_all(text.as_bytes()).map_err(io)?;
                f.sync_all().map_err(io)
            },
            io,
        )?;
        let file = ExportOutcome {
            path: out.clone(),
            sha256: hex::encode(sha2::Sha256::digest(text.as_bytes())),
            bytes: text.len() as u64,
        };
        Ok(CalendarWritten { file, events: year.items.len() })
    }

    /// Every dated item of an assessment's year (or of SAQ `saq`'s requirements only).
    fn year(&self, key: &str, saq: Option<&str>, who: &Actor) -> Result<Year, DeskError> {
        let parts = match saq {
            Some(_) => vec![self.store.part(key, saq)?],
            None => self.store.parts(key)?,
        };
        let first = parts.first().ok_or_else(|| DeskError::Contract("an assessment without an SAQ".into()))?;
        let coverage = self.store.year_coverage(&parts, who.today)?;
        let period =
            AssessmentPeriod::new(first.period_start, first.period_end).map_err(crate::store::StoreError::from)?;
        let mut evidence: Vec<DatedEvidence> =
            self.store.evidence_current(&first.id)?.iter().filter_map(DatedEvidence::from_store).collect();
        if saq.is_some() && first.saqs.len() > 1 {
            // One SAQ's calendar: the files that back its requirements and criteria.
            let ours = |item: &String| {
                first.snapshot.requirement(item).is_some() || first.snapshot.saq.criterion(item).is_some()
            };
            evidence.retain(|e| e.links.iter().any(ours));
        }
        // A requirement answered per SAQ may carry two target dates; the calendar keeps the earlier.
        let mut remediation: BTreeMap<String, NaiveDate> = BTreeMap::new();
        for p in &parts {
            for r in self.store.responses(&p.id, &p.saq)? {
                let Some(date) = r.remediation_date.filter(|_| r.kinds().contains(&ResponseKind::NotInPlace)) else {
                    continue;
                };
                let e = remediation.entry(r.requirement_id.clone()).or_insert(date);
                *e = (*e).min(date);
            }
        }
        let items = schedule::due_items(&DueInput {
            assessment: period,
            validation_due: self.store.validation_due(&first.id)?.date,
            attested: parts.iter().all(|p| p.status == AssessmentState::Attested),
            remediation: &remediation,
            evidence: &evidence,
            coverage: &coverage,
            today: who.today,
        });
        let merchant = self.store.merchant(&first.merchant_id)?.profile.legal_name;
        let saqs = parts.iter().map(|p| p.saq.as_str()).collect::<Vec<_>>().join(" + ");
        Ok(Year {
            name: format!("PCI DSS {} — {merchant} (SAQ {saqs})", first.year),
            reminders: schedule::reminders(&coverage),
            items,
            assessment: first.clone(),
        })
    }
}

fn recurring(
    c: &Coverage,
    answer: Option<ResponseKind>,
    tra: &[TraPeriodSetting],
    evidence: &BTreeMap<&str, &DatedEvidence>,
) -> RecurringRequirement {
    let r = &c.recurrence;
    let periods = c
        .periods
        .iter()
        .map(|p| PeriodView {
            period: p.period.clone(),
            state: p.state.clone(),
            evidence: match &p.state {
                PeriodState::Covered { evidence: ids } => ids
                    .iter()
                    .filter_map(|id| evidence.get(id.as_str()))
                    .map(|e| CoveringEvidence { id: e.id.clone(), name: e.name.clone(), effective_date: e.effective })
                    .collect(),
                _ => Vec::new(),
            },
        })
        .collect();
    RecurringRequirement {
        requirement: r.requirement.clone(),
        title: r.title.clone(),
        frequencies: r.frequencies.clone(),
        cadence: r.cadence.clone(),
        schedule: r.describe(),
        takes_tra_period: r.takes_tra_period(),
        tra_period: tra.iter().find(|t| t.requirement == r.requirement).filter(|_| r.takes_tra_period()).cloned(),
        answer,
        periods,
        summary: c.summary(),
        warning: schedule::in_place_warning(c, answer),
    }
}
