//! The officer's side of the compliance year: the periods the merchant's targeted risk analyses
//! chose (for requirements whose frequency a TRA sets) and the date the self-assessment is due.
//! The periods, coverage and due items themselves are worked out by `crate::schedule` from these,
//! the questionnaire snapshot and the dated evidence; nothing computed is stored.

use super::assessment::Assessment;
use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::ids::AssessmentState;
use super::Store;
use crate::questionnaire::Frequency;
use crate::schedule::{self, AssessmentPeriod, Coverage, DatedEvidence, Interval, Recurrence, Unit};
use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Both are per assessment, not per SAQ: the periods and the deadline are the merchant's, whichever
/// SAQ lists the requirement. No row means "not entered" (TRA) and "the default" (due date), so
/// every assessment written before this step reads sensibly without a row of its own.
pub const MIGRATION_1: &str = "
CREATE TABLE tra_periods (
    assessment_id  TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    requirement_id TEXT NOT NULL,
    unit           TEXT NOT NULL CHECK (unit IN ('days', 'months')),
    count          INTEGER NOT NULL CHECK (count > 0),
    reference      TEXT NOT NULL DEFAULT '',
    set_by         TEXT NOT NULL,
    set_at         TEXT NOT NULL,
    PRIMARY KEY (assessment_id, requirement_id)
);
CREATE TABLE validation_due (
    assessment_id  TEXT PRIMARY KEY REFERENCES assessments(id) ON DELETE CASCADE,
    due_on         TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    set_by         TEXT NOT NULL,
    set_at         TEXT NOT NULL
);
";

/// A due date more than this long after the assessment period is almost certainly a typo (2207
/// for 2027); acquirers ask for yearly validation.
const LATEST_DUE_AFTER_PERIOD_MONTHS: u32 = 24;

/// The period a targeted risk analysis chose for one requirement, as the officer entered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TraPeriodSetting {
    pub requirement: String,
    pub every: Interval,
    /// Where the analysis is written down (title, reference, date), for the QSA to ask for it.
    #[serde(default)]
    pub reference: String,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// Where an assessment's validation due date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum DueDateSource {
    /// The officer entered it (an acquirer's deadline, say).
    Officer,
    /// Twelve months after last year's attestation.
    PreviousAttestation,
    /// The end of the assessment period (no earlier attestation to count from).
    PeriodEnd,
}

/// The date the officer set, as stored (and carried in assessment files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DueDateSetting {
    pub date: NaiveDate,
    #[serde(default)]
    pub reason: String,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// When the self-assessment and attestation are due, and why that date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ValidationDue {
    pub date: NaiveDate,
    pub source: DueDateSource,
    /// What the date would be without the officer's: the date `reset` goes back to.
    pub default_date: NaiveDate,
    /// Last year's attestation the default counts from, when there is one.
    pub previous_attestation: Option<NaiveDate>,
    /// The officer's date, with the reason given for it.
    pub set: Option<DueDateSetting>,
}

impl ValidationDue {
    /// "31 Mar 2027 (set by the officer: acquirer's deadline)".
    pub fn describe(&self) -> String {
        let date = schedule::fmt_date(self.date);
        match (self.source, &self.set, self.previous_attestation) {
            (DueDateSource::Officer, Some(s), _) if !s.reason.trim().is_empty() => {
                format!("{date} (set by {}: {})", s.set_by, s.reason.trim())
            }
            (DueDateSource::Officer, Some(s), _) => format!("{date} (set by {})", s.set_by),
            (DueDateSource::PreviousAttestation, _, Some(p)) => {
                format!("{date} (twelve months after last year's attestation on {})", schedule::fmt_date(p))
            }
            _ => format!("{date} (the end of the assessment period)"),
        }
    }
}

/// Everything the calendar of one SAQ of an assessment is computed from, read once.
#[derive(Debug, Clone)]
pub struct ScheduleFacts {
    pub period: AssessmentPeriod,
    pub tra: Vec<TraPeriodSetting>,
    pub evidence: Vec<DatedEvidence>,
    pub coverage: Vec<Coverage>,
}

/// The TRA periods that apply to `requirements`: those of requirements whose frequency a TRA sets.
/// A period kept for a requirement the SAQ no longer lists, or lists with a fixed frequency, is
/// left out rather than failing the whole schedule.
fn applicable<'a>(
    requirements: impl IntoIterator<Item = &'a crate::questionnaire::Requirement>,
    tra: &[TraPeriodSetting],
) -> BTreeMap<String, Interval> {
    let by_tra: Vec<&str> = requirements
        .into_iter()
        .filter(|r| r.frequency.contains(&Frequency::TargetedRiskAnalysis))
        .map(|r| r.id.as_str())
        .collect();
    tra.iter().filter(|t| by_tra.contains(&t.requirement.as_str())).map(|t| (t.requirement.clone(), t.every)).collect()
}

pub(crate) fn assessment_period(a: &Assessment) -> Result<AssessmentPeriod, StoreError> {
    Ok(AssessmentPeriod::new(a.period_start, a.period_end)?)
}

fn interval_from(unit: &str, count: i64) -> Result<Interval, StoreError> {
    let unit = Unit::from_slug(unit).ok_or_else(|| StoreError::Corrupt(format!("TRA period unit '{unit}'")))?;
    let count = u32::try_from(count).map_err(|_| StoreError::Corrupt(format!("TRA period count {count}")))?;
    Ok(Interval::new(unit, count)?)
}

impl Store {
    /// The TRA periods entered for assessment `assessment_id`, by requirement.
    pub fn tra_periods(&self, assessment_id: &str) -> Result<Vec<TraPeriodSetting>, StoreError> {
        tra_rows(&self.conn, assessment_id)
    }

    /// Enters (or with `every: None` clears) the period the TRA chose for `requirement`. Refused
    /// where the requirement's own text fixes its frequency, and once an SAQ listing it is attested.
    pub fn set_tra_period(
        &mut self,
        key: &str,
        requirement: &str,
        every: Option<Interval>,
        reference: &str,
        who: &Actor,
    ) -> Result<Option<TraPeriodSetting>, StoreError> {
        let parts = self.parts(key)?;
        let id = parts[0].id.to_string();
        let listing: Vec<&Assessment> =
            parts.iter().filter(|p| p.snapshot.requirement(requirement).is_some()).collect();
        let Some(first) = listing.first() else {
            let names = parts.iter().map(|p| p.saq.as_str()).collect::<Vec<_>>().join(" or SAQ ");
            return Err(StoreError::invalid(
                "requirement",
                format!("'{requirement}' is not a requirement of SAQ {names}"),
            ));
        };
        let req = first.snapshot.requirement(requirement).ok_or_else(|| StoreError::Corrupt("vanished".into()))?;
        if !req.frequency.contains(&Frequency::TargetedRiskAnalysis) {
            let mut takes: Vec<&str> = Vec::new();
            for r in parts.iter().flat_map(|p| p.snapshot.requirements.iter()) {
                if r.frequency.contains(&Frequency::TargetedRiskAnalysis) && !takes.contains(&r.id.as_str()) {
                    takes.push(&r.id);
                }
            }
            let fixed = Recurrence::for_requirement(req, None)
                .ok()
                .flatten()
                .map(|r| format!("its text sets it: {}", r.describe()))
                .unwrap_or_else(|| "its text sets no recurring period".to_string());
            return Err(StoreError::invalid(
                "requirement",
                format!(
                    "{requirement} takes no TRA period ({fixed}); those that do here: {}",
                    if takes.is_empty() { "none".to_string() } else { takes.join(", ") }
                ),
            ));
        }
        if let Some(frozen) = listing.iter().find(|p| p.status == AssessmentState::Attested) {
            return Err(StoreError::Frozen(frozen.id.to_string()));
        }
        let reference = reference.trim();
        super::guard("reference", reference)?;
        let old = tra_rows(&self.conn, &id)?.into_iter().find(|t| t.requirement == requirement);
        let tx = self.conn.transaction()?;
        match every {
            Some(every) => {
                tx.execute(
                    "INSERT INTO tra_periods (assessment_id, requirement_id, unit, count, reference, set_by, set_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT(assessment_id, requirement_id) DO UPDATE SET unit = excluded.unit,
                       count = excluded.count, reference = excluded.reference, set_by = excluded.set_by,
                       set_at = excluded.set_at",
                    params![
                        id,
                        requirement,
                        every.unit().slug(),
                        every.count(),
                        reference,
                        who.name,
                        super::ts(&who.now)
                    ],
                )?;
            }
            None => {
                tx.execute(
                    "DELETE FROM tra_periods WHERE assessment_id = ?1 AND requirement_id = ?2",
                    params![id, requirement],
                )?;
            }
        }
        let change = |field, old, new| Change {
            assessment: Some(&id),
            entity: "tra_period",
            entity_id: requirement,
            field,
            old,
            new,
        };
        audit::record(
            &tx,
            who,
            change("every", old.as_ref().map(|t| t.every.describe()), every.map(|e| e.describe())),
        )?;
        let old_ref = old.as_ref().map(|t| t.reference.clone()).filter(|r| !r.is_empty());
        let new_ref = every.map(|_| reference.to_string()).filter(|r| !r.is_empty());
        audit::record(&tx, who, change("reference", old_ref, new_ref))?;
        tx.execute("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![id, super::ts(&who.now)])?;
        tx.commit()?;
        Ok(tra_rows(&self.conn, &id)?.into_iter().find(|t| t.requirement == requirement))
    }

    /// The validation due date of an assessment: the officer's, or the default.
    pub fn validation_due(&self, key: &str) -> Result<ValidationDue, StoreError> {
        let a = self.assessment(key)?;
        let previous = self.previous_attestation(&a)?;
        let set = due_row(&self.conn, &a.id)?;
        let period = assessment_period(&a)?;
        let default_date = schedule::validation_due_date(previous, &period, None);
        let (date, source) = match &set {
            Some(s) => (s.date, DueDateSource::Officer),
            None if previous.is_some() => (default_date, DueDateSource::PreviousAttestation),
            None => (default_date, DueDateSource::PeriodEnd),
        };
        Ok(ValidationDue { date, source, default_date, previous_attestation: previous, set })
    }

    /// Sets the validation due date (`None`: back to the default). Refused once every SAQ of the
    /// assessment is attested: the date was met or missed, and the record stays as it was.
    pub fn set_validation_due(
        &mut self,
        key: &str,
        date: Option<NaiveDate>,
        reason: &str,
        who: &Actor,
    ) -> Result<ValidationDue, StoreError> {
        let a = self.assessment(key)?;
        if a.saqs.iter().all(|p| p.status == AssessmentState::Attested) {
            return Err(StoreError::Frozen(a.id.to_string()));
        }
        let reason = reason.trim();
        super::guard("reason", reason)?;
        if let Some(d) = date {
            if d < a.period_start {
                return Err(StoreError::invalid(
                    "date",
                    format!("{d} is before the assessment period starts ({})", a.period_start),
                ));
            }
            let latest = a.period_end.checked_add_months(Months::new(LATEST_DUE_AFTER_PERIOD_MONTHS));
            if latest.is_none_or(|l| d > l) {
                return Err(StoreError::invalid(
                    "date",
                    format!(
                        "{d} is more than {LATEST_DUE_AFTER_PERIOD_MONTHS} months after the assessment period ends ({})",
                        a.period_end
                    ),
                ));
            }
        }
        let before = self.validation_due(&a.id)?;
        let tx = self.conn.transaction()?;
        match date {
            Some(d) => {
                tx.execute(
                    "INSERT INTO validation_due (assessment_id, due_on, reason, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(assessment_id) DO UPDATE SET due_on = excluded.due_on, reason = excluded.reason,
                       set_by = excluded.set_by, set_at = excluded.set_at",
                    params![a.id, d.to_string(), reason, who.name, super::ts(&who.now)],
                )?;
            }
            None => {
                tx.execute("DELETE FROM validation_due WHERE assessment_id = ?1", [&a.id])?;
            }
        }
        let label = |d: NaiveDate, officer: bool| if officer { d.to_string() } else { format!("{d} (default)") };
        let old = label(before.date, before.set.is_some());
        let new = label(date.unwrap_or(before.default_date), date.is_some());
        let change = |field, old, new| Change {
            assessment: Some(&a.id),
            entity: "assessment",
            entity_id: &a.id,
            field,
            old,
            new,
        };
        audit::record(&tx, who, change("validation_due", Some(old), Some(new)))?;
        let old_reason = before.set.map(|s| s.reason).filter(|r| !r.is_empty());
        let new_reason = date.map(|_| reason.to_string()).filter(|r| !r.is_empty());
        audit::record(&tx, who, change("validation_due_reason", old_reason, new_reason))?;
        tx.execute("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![a.id, super::ts(&who.now)])?;
        tx.commit()?;
        self.validation_due(&a.id)
    }

    /// The officer's due date as stored, without the default (for assessment files).
    pub fn validation_due_setting(&self, assessment_id: &str) -> Result<Option<DueDateSetting>, StoreError> {
        due_row(&self.conn, assessment_id)
    }

    /// Last year's attestation the default due date counts from: that of the assessment this one
    /// was rolled forward from, else (started afresh, or imported without last year) of the
    /// merchant's assessments for the year before. With several SAQs signed on different days, the first
    /// signature counts: the calendar should never promise more time than the acquirer gives.
    pub(crate) fn previous_attestation(&self, a: &Assessment) -> Result<Option<NaiveDate>, StoreError> {
        let first = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<Option<NaiveDate>, StoreError> {
            let d: Option<String> = self.conn.query_row(sql, p, |r| r.get(0)).optional()?.flatten();
            d.as_deref().map(super::parse_date).transpose()
        };
        if let Some(prev) = &a.previous_id {
            let known: bool =
                self.conn.query_row("SELECT EXISTS(SELECT 1 FROM assessments WHERE id = ?1)", [prev], |r| r.get(0))?;
            // Rolled forward from a year not attested (yet): no anniversary to count from.
            if known {
                return first("SELECT min(signed_on) FROM attestations WHERE assessment_id = ?1", &[prev]);
            }
        }
        first(
            "SELECT min(t.signed_on) FROM attestations t JOIN assessments p ON p.id = t.assessment_id
             WHERE p.merchant_id = ?1 AND p.year = ?2 AND p.id <> ?3",
            &[&a.merchant_id, &(a.year - 1), &a.id.as_str()],
        )
    }

    /// The recurring requirements of SAQ `a.saq` and how their periods stand on `today`.
    pub fn schedule_facts(&self, a: &Assessment, today: NaiveDate) -> Result<ScheduleFacts, StoreError> {
        let period = assessment_period(a)?;
        let tra = tra_rows(&self.conn, &a.id)?;
        let evidence: Vec<DatedEvidence> =
            self.evidence_current(&a.id)?.iter().filter_map(DatedEvidence::from_store).collect();
        let recurrences = Recurrence::all(&a.snapshot.requirements, &applicable(&a.snapshot.requirements, &tra))?;
        let coverage = schedule::coverage_all(&recurrences, &period, &evidence, today)?;
        Ok(ScheduleFacts { period, tra, evidence, coverage })
    }
}

pub(crate) fn tra_rows(conn: &rusqlite::Connection, assessment_id: &str) -> Result<Vec<TraPeriodSetting>, StoreError> {
    let mut st = conn.prepare(
        "SELECT requirement_id, unit, count, reference, set_by, set_at FROM tra_periods
         WHERE assessment_id = ?1 ORDER BY requirement_id",
    )?;
    let rows = st.query_map([assessment_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (requirement, unit, count, reference, set_by, set_at) = row?;
        out.push(TraPeriodSetting {
            requirement,
            every: interval_from(&unit, count)?,
            reference,
            set_by,
            set_at: super::parse_ts(&set_at),
        });
    }
    Ok(out)
}

fn due_row(conn: &rusqlite::Connection, assessment_id: &str) -> Result<Option<DueDateSetting>, StoreError> {
    let row = conn
        .query_row(
            "SELECT due_on, reason, set_by, set_at FROM validation_due WHERE assessment_id = ?1",
            [assessment_id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)),
        )
        .optional()?;
    row.map(|(d, reason, set_by, set_at)| {
        Ok(DueDateSetting { date: super::parse_date(&d)?, reason, set_by, set_at: super::parse_ts(&set_at) })
    })
    .transpose()
}

/// Writes TRA periods of another assessment (last year's, or an imported file's) inside the
/// caller's transaction.
pub(crate) fn insert_tra(
    tx: &rusqlite::Transaction<'_>,
    assessment_id: &str,
    t: &TraPeriodSetting,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO tra_periods (assessment_id, requirement_id, unit, count, reference, set_by, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            assessment_id,
            t.requirement,
            t.every.unit().slug(),
            t.every.count(),
            t.reference,
            t.set_by,
            super::ts(&t.set_at)
        ],
    )?;
    Ok(())
}

pub(crate) fn insert_due(
    tx: &rusqlite::Transaction<'_>,
    assessment_id: &str,
    d: &DueDateSetting,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO validation_due (assessment_id, due_on, reason, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![assessment_id, d.date.to_string(), d.reason, d.set_by, super::ts(&d.set_at)],
    )?;
    Ok(())
}
