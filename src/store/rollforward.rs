//! Next year's assessment from last year's: answers carried forward for review, evidence linked
//! (flagged when older than 12 months), and what changed in the questionnaire in between.

use super::assessment::{Assessment, NewAssessment};
use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::ids::AssessmentId;
use super::schedule::{TraPeriodSetting, ValidationDue};
use super::Store;
use crate::questionnaire::SaqSnapshot;
use crate::questionnaire::{Frequency, Questionnaire};
use crate::schedule::{AssessmentPeriod, Coverage, Gap};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuestionnaireDiff {
    pub from_version: String,
    pub to_version: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Requirements whose title, description, bullets or future-dated flag changed.
    pub changed: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RollForward {
    pub assessment: Assessment,
    pub previous_id: AssessmentId,
    pub carried_answers: usize,
    pub carried_evidence: usize,
    /// Evidence carried over whose effective date is more than 12 months old.
    pub stale_evidence: Vec<String>,
    pub diff: QuestionnaireDiff,
    pub calendar: CalendarCarried,
}

/// The compliance year moved on: the new assessment's due date and periods, and what last year's
/// record leaves open. Last year's assessment keeps its own calendar and coverage unchanged.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CalendarCarried {
    /// Twelve months after last year's attestation, else the new period's end.
    pub validation_due: ValidationDue,
    /// The TRA periods carried into the new year. 12.3.1 asks for each analysis to be reviewed
    /// every twelve months: confirm or change each one.
    pub tra_periods: Vec<TraPeriodSetting>,
    /// TRA periods left behind because the new SAQ no longer lets a TRA set the requirement's period.
    pub tra_periods_dropped: Vec<String>,
    /// Recurring requirements of the new year.
    pub recurring: usize,
    /// Last year's periods that no dated evidence covered, for the officer to explain if asked.
    pub last_year_gaps: Vec<Gap>,
}

pub fn diff(old: &SaqSnapshot, new: &SaqSnapshot) -> QuestionnaireDiff {
    let mut d = QuestionnaireDiff {
        from_version: format!("{} {} SAQ {} {}", old.questionnaire, old.version, old.saq.id, old.saq.version),
        to_version: format!("{} {} SAQ {} {}", new.questionnaire, new.version, new.saq.id, new.saq.version),
        ..Default::default()
    };
    for r in &new.requirements {
        match old.requirement(&r.id) {
            None => d.added.push(r.id.clone()),
            Some(o)
                if o.title != r.title
                    || o.description != r.description
                    || o.future_dated != r.future_dated
                    || o.bullets != r.bullets =>
            {
                d.changed.push(r.id.clone())
            }
            Some(_) => {}
        }
    }
    d.removed = old.requirements.iter().filter(|r| new.requirement(&r.id).is_none()).map(|r| r.id.clone()).collect();
    d
}

impl Store {
    pub fn roll_forward(
        &mut self,
        previous: &str,
        q: &Questionnaire,
        year: i32,
        saq: Option<&str>,
        who: &Actor,
    ) -> Result<RollForward, StoreError> {
        let prev = self.assessment(previous)?;
        let prev_parts = self.parts(previous)?;
        if year <= prev.year {
            return Err(StoreError::invalid(
                "year",
                format!("the new assessment's year must come after {}", prev.year),
            ));
        }
        // Every SAQ again, unless one SAQ is named for the new year.
        let saqs = match saq {
            Some(s) => vec![super::NewPart::of(s)],
            None => {
                prev_parts.iter().map(|p| super::NewPart { saq: p.saq.clone(), channels: p.channels.clone() }).collect()
            }
        };
        let request = NewAssessment {
            merchant: prev.merchant_id.clone(),
            year,
            saqs,
            period_start: None,
            period_end: None,
            scope: prev.scope.clone(),
        };
        let evidence = self.evidence_current(&prev.id)?;
        let today = who.today;
        let last_year = self.year_coverage(&prev_parts, today)?;
        let last_tra = self.tra_periods(&prev.id)?;
        // One transaction: a crash leaves either no new assessment or a complete one.
        let tx = self.conn.transaction()?;
        let new = super::assessment::insert_assessment(&tx, &mut self.ids, q, &request, who)?;
        let new_parts = super::saqs::parts(&tx, &new.id)?;
        let d =
            merge(prev_parts.iter().filter_map(|old| {
                new_parts.iter().find(|n| n.saq == old.saq).map(|n| diff(&old.snapshot, &n.snapshot))
            }))
            .unwrap_or_else(|| diff(&prev.snapshot, &new.snapshot));
        tx.execute("UPDATE assessments SET previous_id = ?2 WHERE id = ?1", params![new.id, prev.id])?;
        for part in &new_parts {
            if let Some(old) = prev_parts.iter().find(|o| o.saq == part.saq) {
                tx.execute(
                    "UPDATE assessment_saqs SET details_json = ?3 WHERE assessment_id = ?1 AND saq = ?2",
                    params![new.id, part.saq, serde_json::to_string(&old.details)?],
                )?;
            }
        }
        let carried = carry_answers(&tx, &prev.id, &new.id, &new_parts, who)?;
        let (carried_evidence, stale) = carry_evidence(&tx, &mut self.ids, &evidence, &new.id, &new_parts, today)?;
        // The schedule moves to the new period.
        let year =
            crate::schedule::roll_forward(&last_year, &AssessmentPeriod::new(new.period_start, new.period_end)?)?;
        let (carried_tra, dropped_tra) = carry_tra(&tx, &last_tra, &year, &prev.id, &new.id, &new_parts, who)?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&new.id),
                entity: "assessment",
                entity_id: &new.id,
                field: "rolled_forward_from",
                old: None,
                new: Some(format!(
                    "{} ({} answers, {} evidence files; {} added, {} removed, {} changed requirements)",
                    prev.id,
                    carried,
                    carried_evidence,
                    d.added.len(),
                    d.removed.len(),
                    d.changed.len()
                )),
            },
        )?;
        tx.commit()?;
        let new_parts = self.parts(&new.id)?;
        let recurring = self.year_coverage(&new_parts, today)?.len();
        Ok(RollForward {
            assessment: self.assessment(&new.id)?,
            previous_id: prev.id,
            carried_answers: carried,
            carried_evidence,
            stale_evidence: stale,
            diff: d,
            calendar: CalendarCarried {
                validation_due: self.validation_due(&new.id)?,
                tra_periods: carried_tra,
                tra_periods_dropped: dropped_tra,
                recurring,
                last_year_gaps: year.last_year_gaps,
            },
        })
    }

    /// The coverage of every recurring requirement of an assessment's SAQs, each requirement once
    /// (the periods, TRA choice and evidence are the assessment's, whichever SAQ lists it).
    pub(crate) fn year_coverage(
        &self,
        parts: &[Assessment],
        today: chrono::NaiveDate,
    ) -> Result<Vec<Coverage>, StoreError> {
        let mut out: Vec<Coverage> = Vec::new();
        for p in parts {
            for c in self.schedule_facts(p, today)?.coverage {
                if !out.iter().any(|o| o.requirement() == c.requirement()) {
                    out.push(c);
                }
            }
        }
        Ok(out)
    }
}

/// The stored answers of an assessment, read inside the caller's transaction.
/// Carries each answer, shared or one SAQ's own, where its requirement is still asked, marked for
/// review. Returns how many.
fn carry_answers(
    tx: &rusqlite::Transaction<'_>,
    prev: &str,
    new: &str,
    new_parts: &[super::saqs::PartRow],
    who: &Actor,
) -> Result<usize, StoreError> {
    let mut carried = 0;
    for mut r in self_responses(tx, prev)? {
        let asked = |p: &super::saqs::PartRow| p.snapshot.requirement(&r.requirement_id).is_some();
        let keep = match &r.saq {
            None => new_parts.iter().any(asked),
            Some(s) => new_parts.iter().any(|p| &p.saq == s && asked(p)),
        };
        if !keep {
            continue;
        }
        r.carried_forward = true;
        r.review_needed = true;
        r.updated_by = who.name.clone();
        r.updated_at = Some(who.now);
        super::response::write_row(tx, new, r.saq.as_deref().unwrap_or(""), &r)?;
        carried += 1;
    }
    Ok(carried)
}

/// Links last year's current evidence to the new assessment where a requirement or criterion it
/// backs is still asked. Returns how many, and the new IDs of those older than twelve months.
fn carry_evidence(
    tx: &rusqlite::Transaction<'_>,
    ids: &mut super::Ids,
    evidence: &[super::Evidence],
    new: &str,
    new_parts: &[super::saqs::PartRow],
    today: chrono::NaiveDate,
) -> Result<(usize, Vec<String>), StoreError> {
    let mut stale = Vec::new();
    let mut carried = 0;
    for e in evidence {
        let links: Vec<&String> = e
            .links
            .iter()
            .filter(|l| {
                new_parts.iter().any(|p| p.snapshot.requirement(l).is_some() || p.snapshot.saq.criterion(l).is_some())
            })
            .collect();
        if links.is_empty() {
            continue;
        }
        let id = ids.next_id();
        super::evidence::copy_row(tx, &id, new, e, Some(&e.id), &links)?;
        if e.is_stale(today) {
            stale.push(id.clone());
        }
        carried += 1;
    }
    Ok((carried, stale))
}

/// The TRA choices go with the schedule where the new SAQ still lets a TRA decide the
/// requirement's period. Returns those carried and the requirements left behind.
fn carry_tra(
    tx: &rusqlite::Transaction<'_>,
    last_tra: &[TraPeriodSetting],
    year: &crate::schedule::YearRollForward,
    prev: &str,
    new: &str,
    new_parts: &[super::saqs::PartRow],
    who: &Actor,
) -> Result<(Vec<TraPeriodSetting>, Vec<String>), StoreError> {
    let by_tra = |req: &str| {
        new_parts.iter().any(|p| {
            p.snapshot.requirement(req).is_some_and(|r| r.frequency.contains(&Frequency::TargetedRiskAnalysis))
        })
    };
    let mut carried_tra = Vec::new();
    let mut dropped_tra = Vec::new();
    for t in last_tra.iter().filter(|t| year.tra_periods.contains_key(&t.requirement)) {
        if !by_tra(&t.requirement) {
            dropped_tra.push(t.requirement.clone());
            continue;
        }
        let carried = TraPeriodSetting { set_by: who.name.clone(), set_at: who.now, ..t.clone() };
        super::schedule::insert_tra(tx, new, &carried)?;
        audit::record(
            tx,
            who,
            Change {
                assessment: Some(new),
                entity: "tra_period",
                entity_id: &t.requirement,
                field: "every",
                old: None,
                new: Some(format!("{} (carried from {})", t.every.describe(), prev)),
            },
        )?;
        carried_tra.push(carried);
    }
    Ok((carried_tra, dropped_tra))
}

fn self_responses(conn: &rusqlite::Connection, id: &str) -> Result<Vec<super::Response>, StoreError> {
    super::response::stored(conn, id)
}

/// One questionnaire diff for several SAQs: the first's versions, every SAQ's changes.
fn merge(diffs: impl Iterator<Item = QuestionnaireDiff>) -> Option<QuestionnaireDiff> {
    let mut out: Option<QuestionnaireDiff> = None;
    for d in diffs {
        match &mut out {
            None => out = Some(d),
            Some(o) => {
                for (dst, src) in [(&mut o.added, d.added), (&mut o.removed, d.removed), (&mut o.changed, d.changed)] {
                    for id in src {
                        if !dst.contains(&id) {
                            dst.push(id);
                        }
                    }
                }
            }
        }
    }
    out
}
