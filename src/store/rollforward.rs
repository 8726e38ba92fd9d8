//! Next year's assessment from last year's: answers carried forward for review, evidence linked
//! (flagged when older than 12 months), and what changed in the questionnaire in between.

use super::assessment::{Assessment, NewAssessment};
use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::ids::AssessmentId;
use super::Store;
use crate::questionnaire::Questionnaire;
use crate::questionnaire::SaqSnapshot;
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
        if year <= prev.year {
            return Err(StoreError::invalid(
                "year",
                format!("the new assessment's year must come after {}", prev.year),
            ));
        }
        let request = NewAssessment {
            merchant: prev.merchant_id.clone(),
            year,
            saq: saq.unwrap_or(&prev.saq).to_string(),
            period_start: None,
            period_end: None,
            scope: prev.scope.clone(),
        };
        let evidence = self.evidence_current(&prev.id)?;
        let today = who.now.date_naive();
        // One transaction: a crash leaves either no new assessment or a complete one.
        let tx = self.conn.transaction()?;
        let new = super::assessment::insert_assessment(&tx, &mut self.ids, q, &request, who)?;
        let d = diff(&prev.snapshot, &new.snapshot);
        tx.execute(
            "UPDATE assessments SET previous_id = ?2, details_json = ?3 WHERE id = ?1",
            params![new.id, prev.id, serde_json::to_string(&prev.details)?],
        )?;
        // Copy answers only for requirements that still exist, and mark each for review.
        let carried = tx.execute(
            "INSERT INTO responses (assessment_id, requirement_id, response, notes, owner, explanation, remediation_plan, remediation_date, legal_restriction, ccw_json, carried_forward, review_needed, updated_by, updated_at, bullets_json)
             SELECT ?1, r.requirement_id, r.response, r.notes, r.owner, r.explanation, r.remediation_plan, r.remediation_date, r.legal_restriction, r.ccw_json, 1, 1, ?3, ?4, r.bullets_json
             FROM responses r WHERE r.assessment_id = ?2",
            params![new.id, prev.id, who.name, super::ts(&who.now)],
        )?;
        let mut dropped = 0;
        for removed in &d.removed {
            dropped += tx.execute(
                "DELETE FROM responses WHERE assessment_id = ?1 AND requirement_id = ?2",
                params![new.id, removed],
            )?;
        }
        let carried = carried - dropped;
        let mut stale = Vec::new();
        let mut carried_evidence = 0;
        for e in &evidence {
            let links: Vec<&String> = e
                .links
                .iter()
                .filter(|l| new.snapshot.requirement(l).is_some() || new.snapshot.saq.criterion(l).is_some())
                .collect();
            if links.is_empty() {
                continue;
            }
            let id = self.ids.next_id();
            super::evidence::copy_row(&tx, &id, &new.id, e, Some(&e.id), &links)?;
            if e.is_stale(today) {
                stale.push(id.clone());
            }
            carried_evidence += 1;
        }
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
        Ok(RollForward {
            assessment: self.assessment(&new.id)?,
            previous_id: prev.id,
            carried_answers: carried,
            carried_evidence,
            stale_evidence: stale,
            diff: d,
        })
    }
}
