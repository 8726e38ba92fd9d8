//! Assessments: one merchant, one year, one SAQ — with a frozen copy of the questionnaire it was
//! started on, so that later data changes can never rewrite what was answered.

use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::ids::{AssessmentId, AssessmentState};
use super::Store;
use crate::questionnaire::{Questionnaire, SaqSnapshot};
use crate::scoping::{ScopeInput, ScopeResult};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const MIGRATION_1: &str = "
CREATE TABLE assessments (
    id             TEXT PRIMARY KEY,
    merchant_id    TEXT NOT NULL REFERENCES merchants(id),
    year           INTEGER NOT NULL,
    period_start   TEXT NOT NULL,
    period_end     TEXT NOT NULL,
    saq            TEXT NOT NULL,
    questionnaire  TEXT NOT NULL,
    snapshot_json  TEXT NOT NULL,
    scope_json     TEXT,
    details_json   TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'attested')),
    previous_id    TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX assessments_by_merchant ON assessments(merchant_id, year);
CREATE TABLE eligibility (
    assessment_id  TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    criterion_id   TEXT NOT NULL,
    confirmed      INTEGER NOT NULL,
    by_whom        TEXT NOT NULL,
    at             TEXT NOT NULL,
    PRIMARY KEY (assessment_id, criterion_id)
);
";

/// How the SAQ was chosen: the wizard's answers and the engine's result, kept as they were.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ScopeRecord {
    pub input: ScopeInput,
    pub result: ScopeResult,
}

/// AOC Part 1b and Part 2 fields that belong to this year's assessment rather than the merchant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AssessmentDetails {
    pub channels_excluded: String,
    pub how_channels_handle_data: String,
    pub environment_description: String,
    pub segmentation_used: bool,
    pub validated_products: String,
    pub qsa_involved: String,
    pub isa_involved: String,
}

impl AssessmentDetails {
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("channels_excluded", self.channels_excluded.clone()),
            ("how_channels_handle_data", self.how_channels_handle_data.clone()),
            ("environment_description", self.environment_description.clone()),
            ("segmentation_used", self.segmentation_used.to_string()),
            ("validated_products", self.validated_products.clone()),
            ("qsa_involved", self.qsa_involved.clone()),
            ("isa_involved", self.isa_involved.clone()),
        ]
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Assessment {
    pub id: AssessmentId,
    pub merchant_id: String,
    pub year: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub saq: String,
    pub questionnaire: String,
    pub snapshot: SaqSnapshot,
    pub scope: Option<ScopeRecord>,
    pub details: AssessmentDetails,
    pub status: AssessmentState,
    pub previous_id: Option<AssessmentId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewAssessment {
    pub merchant: String,
    pub year: i32,
    pub saq: String,
    #[serde(default)]
    pub period_start: Option<NaiveDate>,
    #[serde(default)]
    pub period_end: Option<NaiveDate>,
    #[serde(default)]
    pub scope: Option<ScopeRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct AssessmentSummary {
    pub id: AssessmentId,
    pub merchant_id: String,
    pub merchant_name: String,
    pub year: i32,
    pub saq: String,
    /// `draft`, `ready` (nothing blocks attestation) or `attested`.
    pub status: AssessmentState,
    pub answered: usize,
    pub total: usize,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub attested_on: Option<NaiveDate>,
    pub previous_id: Option<AssessmentId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Confirmation {
    pub criterion_id: String,
    pub confirmed: bool,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl Store {
    pub fn create_assessment(
        &mut self,
        q: &Questionnaire,
        new: &NewAssessment,
        who: &Actor,
    ) -> Result<Assessment, StoreError> {
        let tx = self.conn.transaction()?;
        let created = insert_assessment(&tx, &mut self.ids, q, new, who)?;
        tx.commit()?;
        Ok(created)
    }

    /// An assessment by full ID or unique prefix.
    pub fn resolve(&self, key: &str) -> Result<String, StoreError> {
        let key = key.trim();
        if key.is_empty() {
            return Err(StoreError::invalid("assessment", "give an assessment ID or a prefix of one"));
        }
        let mut st = self
            .conn
            .prepare("SELECT id FROM assessments WHERE id = ?1 OR id LIKE ?2 ESCAPE '\\' ORDER BY id LIMIT 6")?;
        let pattern = format!("{}%", key.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let ids: Vec<String> = st.query_map(params![key, pattern], |r| r.get(0))?.collect::<Result<_, _>>()?;
        if ids.iter().any(|i| i == key) {
            return Ok(key.to_string());
        }
        match ids.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(StoreError::NotFound { what: "assessment", key: key.to_string() }),
            many => {
                Err(StoreError::Ambiguous { what: "assessment", key: key.to_string(), candidates: many.join(", ") })
            }
        }
    }

    pub fn assessment(&self, key: &str) -> Result<Assessment, StoreError> {
        let id = self.resolve(key)?;
        let row = self
            .conn
            .query_row(
                "SELECT id, merchant_id, year, period_start, period_end, saq, questionnaire, snapshot_json, scope_json, details_json, status, previous_id, created_at, updated_at FROM assessments WHERE id = ?1",
                [&id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i32>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, String>(9)?,
                        r.get::<_, String>(10)?,
                        r.get::<_, Option<String>>(11)?,
                        r.get::<_, String>(12)?,
                        r.get::<_, String>(13)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "assessment", key: key.to_string() })?;
        Ok(Assessment {
            id: AssessmentId::new(row.0),
            merchant_id: row.1,
            year: row.2,
            period_start: super::parse_date(&row.3)?,
            period_end: super::parse_date(&row.4)?,
            saq: row.5,
            questionnaire: row.6,
            snapshot: serde_json::from_str(&row.7)?,
            scope: row.8.as_deref().map(serde_json::from_str).transpose()?,
            details: serde_json::from_str(&row.9)?,
            status: AssessmentState::stored(&row.10),
            previous_id: row.11.map(AssessmentId::new),
            created_at: super::parse_ts(&row.12),
            updated_at: super::parse_ts(&row.13),
        })
    }

    pub fn assessments(&self) -> Result<Vec<AssessmentSummary>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.merchant_id, m.legal_name, a.year, a.saq, a.status, a.snapshot_json, a.created_at, a.updated_at, a.previous_id,
                    (SELECT COUNT(*) FROM responses r WHERE r.assessment_id = a.id AND r.response IS NOT NULL),
                    (SELECT signed_on FROM attestations t WHERE t.assessment_id = a.id ORDER BY t.created_at DESC LIMIT 1)
             FROM assessments a JOIN merchants m ON m.id = a.merchant_id
             ORDER BY m.legal_name, a.year DESC, a.created_at DESC",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i32>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, i64>(10)?,
                r.get::<_, Option<String>>(11)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let row = row?;
            // A draft's list status says whether it is ready to attest, so the home screen needs
            // one call, not one per assessment; an attested one only needs its requirement count,
            // read with a light struct that skips every requirement text.
            #[derive(Deserialize)]
            struct Count {
                requirements: Vec<serde::de::IgnoredAny>,
            }
            let (status, total) = if row.5 == "attested" {
                let total = serde_json::from_str::<Count>(&row.6)?.requirements.len();
                (AssessmentState::Attested, total)
            } else {
                let st = self.status(&row.0)?;
                (st.status, st.total)
            };
            out.push(AssessmentSummary {
                id: AssessmentId::new(row.0),
                merchant_id: row.1,
                merchant_name: row.2,
                year: row.3,
                saq: row.4,
                status,
                answered: row.10 as usize,
                total,
                created_at: super::parse_ts(&row.7),
                updated_at: super::parse_ts(&row.8),
                previous_id: row.9.map(AssessmentId::new),
                attested_on: row.11.as_deref().map(super::parse_date).transpose()?,
            });
        }
        Ok(out)
    }

    pub fn set_details(&mut self, key: &str, details: &AssessmentDetails, who: &Actor) -> Result<(), StoreError> {
        let a = self.assessment(key)?;
        self.ensure_open(&a)?;
        for (field, value) in details.fields() {
            super::guard(field, &value)?;
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE assessments SET details_json = ?2, updated_at = ?3 WHERE id = ?1",
            params![a.id, serde_json::to_string(details)?, super::ts(&who.now)],
        )?;
        let old = a.details.fields();
        for (field, new) in details.fields() {
            let before = old.iter().find(|(f, _)| *f == field).map(|(_, v)| v.clone());
            if before.as_ref() == Some(&new) {
                continue;
            }
            audit::record(
                &tx,
                who,
                Change {
                    assessment: Some(&a.id),
                    entity: "assessment",
                    entity_id: &a.id,
                    field,
                    old: before,
                    new: Some(new),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn set_scope(&mut self, key: &str, scope: &ScopeRecord, who: &Actor) -> Result<(), StoreError> {
        let a = self.assessment(key)?;
        self.ensure_open(&a)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE assessments SET scope_json = ?2, updated_at = ?3 WHERE id = ?1",
            params![a.id, serde_json::to_string(scope)?, super::ts(&who.now)],
        )?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&a.id),
                entity: "assessment",
                entity_id: &a.id,
                field: "scope",
                old: a.scope.map(|s| s.result.saq),
                new: Some(format!("{} (methods: {})", scope.result.saq, scope.input.methods.join(", "))),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that the merchant confirms (or cannot confirm) one eligibility criterion.
    pub fn confirm(&mut self, key: &str, criterion: &str, confirmed: bool, who: &Actor) -> Result<(), StoreError> {
        let a = self.assessment(key)?;
        self.ensure_open(&a)?;
        if a.snapshot.saq.criterion(criterion).is_none() {
            let valid: Vec<&str> = a.snapshot.saq.eligibility.iter().map(|c| c.id.as_str()).collect();
            return Err(StoreError::invalid(
                "criterion",
                format!(
                    "'{criterion}' is not an eligibility criterion of SAQ {} (valid: {})",
                    a.saq,
                    if valid.is_empty() { "none".to_string() } else { valid.join(", ") }
                ),
            ));
        }
        let old = self
            .confirmations(&a.id)?
            .into_iter()
            .find(|c| c.criterion_id == criterion)
            .map(|c| c.confirmed.to_string());
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO eligibility (assessment_id, criterion_id, confirmed, by_whom, at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(assessment_id, criterion_id) DO UPDATE SET confirmed = excluded.confirmed, by_whom = excluded.by_whom, at = excluded.at",
            params![a.id, criterion, confirmed, who.name, super::ts(&who.now)],
        )?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&a.id),
                entity: "eligibility",
                entity_id: criterion,
                field: "confirmed",
                old,
                new: Some(confirmed.to_string()),
            },
        )?;
        tx.execute("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![a.id, super::ts(&who.now)])?;
        tx.commit()?;
        Ok(())
    }

    pub fn confirmations(&self, assessment_id: &str) -> Result<Vec<Confirmation>, StoreError> {
        let mut st = self.conn.prepare("SELECT criterion_id, confirmed, by_whom, at FROM eligibility WHERE assessment_id = ?1 ORDER BY criterion_id")?;
        let rows = st.query_map([assessment_id], |r| {
            Ok(Confirmation {
                criterion_id: r.get(0)?,
                confirmed: r.get(1)?,
                by: r.get(2)?,
                at: super::parse_ts(&r.get::<_, String>(3)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn ensure_open(&self, a: &Assessment) -> Result<(), StoreError> {
        if a.status == AssessmentState::Attested {
            return Err(StoreError::Frozen(a.id.to_string()));
        }
        Ok(())
    }
}

/// The assessment row and its audit entry, inside the caller's transaction.
pub(crate) fn insert_assessment(
    tx: &rusqlite::Transaction<'_>,
    ids: &mut super::Ids,
    q: &Questionnaire,
    new: &NewAssessment,
    who: &Actor,
) -> Result<Assessment, StoreError> {
    let merchant = super::merchant::find_merchant(tx, &new.merchant)?;
    let saq = q.saq(&new.saq).ok_or_else(|| {
        StoreError::invalid("saq", format!("unknown SAQ '{}' (valid: {})", new.saq, q.saq_ids().join(", ")))
    })?;
    if !(2000..=2100).contains(&new.year) {
        return Err(StoreError::invalid("year", format!("{} is not a plausible assessment year", new.year)));
    }
    let start = new
        .period_start
        .or_else(|| NaiveDate::from_ymd_opt(new.year, 1, 1))
        .ok_or_else(|| StoreError::invalid("year", "bad year"))?;
    let end = new
        .period_end
        .or_else(|| NaiveDate::from_ymd_opt(new.year, 12, 31))
        .ok_or_else(|| StoreError::invalid("year", "bad year"))?;
    if end < start {
        return Err(StoreError::invalid("period_end", "the period ends before it starts"));
    }
    let snapshot = SaqSnapshot::take(q, saq);
    let id = ids.next_id();
    let now = super::ts(&who.now);
    let details = AssessmentDetails::default();
    tx.execute(
        "INSERT INTO assessments (id, merchant_id, year, period_start, period_end, saq, questionnaire, snapshot_json, scope_json, details_json, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'draft', ?11, ?11)",
        params![
            id,
            merchant.id,
            new.year,
            start.to_string(),
            end.to_string(),
            saq.id,
            format!("{} {}", q.name, q.version),
            serde_json::to_string(&snapshot)?,
            new.scope.as_ref().map(serde_json::to_string).transpose()?,
            serde_json::to_string(&details)?,
            now
        ],
    )?;
    audit::record(
        tx,
        who,
        Change {
            assessment: Some(&id),
            entity: "assessment",
            entity_id: &id,
            field: "created",
            old: None,
            new: Some(format!("{} {} SAQ {}", merchant.profile.legal_name, new.year, saq.id)),
        },
    )?;
    Ok(Assessment {
        id: AssessmentId::new(id),
        merchant_id: merchant.id,
        year: new.year,
        period_start: start,
        period_end: end,
        saq: saq.id.clone(),
        questionnaire: format!("{} {}", q.name, q.version),
        snapshot,
        scope: new.scope.clone(),
        details,
        status: AssessmentState::Draft,
        previous_id: None,
        created_at: who.now,
        updated_at: who.now,
    })
}
