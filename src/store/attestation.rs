//! Attestation (AOC Part 3): refused while anything blocks; freezes the assessment once signed.

use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::ids::AssessmentId;
use super::status::Compliance;
use super::Store;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const MIGRATION_1: &str = "
CREATE TABLE attestations (
    id               TEXT PRIMARY KEY,
    assessment_id    TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    signatory_name   TEXT NOT NULL,
    signatory_title  TEXT NOT NULL,
    signed_on        TEXT NOT NULL,
    compliance       TEXT NOT NULL,
    acknowledgements TEXT NOT NULL,
    pdf_sha256       TEXT,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL
);
";

/// The Part 3a statements the signatory agrees to, in SAQ Desk's words.
pub const ACKNOWLEDGEMENTS: [&str; 3] = [
    "The self-assessment questionnaire named in this report was completed following its instructions.",
    "The information in this questionnaire and attestation fairly represents the results of the assessment.",
    "The controls reported in place will be maintained at all times.",
];

#[derive(Default, Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
#[ts(optional_fields)]
pub struct AttestInput {
    pub name: String,
    pub title: String,
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Attestation {
    pub id: String,
    pub assessment_id: AssessmentId,
    pub signatory_name: String,
    pub signatory_title: String,
    pub signed_on: NaiveDate,
    pub compliance: Compliance,
    pub acknowledgements: Vec<String>,
    pub pdf_sha256: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// The SAQ signed for.
    #[serde(default)]
    pub saq: String,
}

/// Each SAQ of an assessment is attested on its own; every attestation so far was the only SAQ's.
pub const MIGRATION_2: &str = "
ALTER TABLE attestations ADD COLUMN saq TEXT NOT NULL DEFAULT '';
UPDATE attestations SET saq = (SELECT a.saq FROM assessments a WHERE a.id = attestations.assessment_id);
";

impl Store {
    /// Signs AOC Part 3 for SAQ `saq` of the assessment (or its only SAQ).
    pub fn attest(
        &mut self,
        key: &str,
        saq: Option<&str>,
        input: &AttestInput,
        who: &Actor,
    ) -> Result<Attestation, StoreError> {
        let a = self.part(key, saq)?;
        self.ensure_open(&a)?;
        if input.name.trim().is_empty() {
            return Err(StoreError::invalid("name", "the signatory's name is required"));
        }
        if input.title.trim().is_empty() {
            return Err(StoreError::invalid("title", "the signatory's title is required"));
        }
        super::guard("name", &input.name)?;
        super::guard("title", &input.title)?;
        let status = self.evaluate_part(&a)?;
        if !status.blockers.is_empty() {
            return Err(StoreError::Blocked(status.blockers));
        }
        let id = self.ids.next_id();
        let signed_on = input.signed_on.unwrap_or(who.today);
        let acks: Vec<String> = ACKNOWLEDGEMENTS.iter().map(|s| s.to_string()).collect();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO attestations (id, assessment_id, signatory_name, signatory_title, signed_on, compliance, acknowledgements, created_at, created_by, saq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                a.id,
                input.name.trim(),
                input.title.trim(),
                signed_on.to_string(),
                serde_json::to_value(status.compliance)?.as_str().unwrap_or_default(),
                serde_json::to_string(&acks)?,
                super::ts(&who.now),
                who.name,
                a.saq
            ],
        )?;
        tx.execute(
            "UPDATE assessment_saqs SET status = 'attested' WHERE assessment_id = ?1 AND saq = ?2",
            params![a.id, a.saq],
        )?;
        // The assessment as a whole is attested once every SAQ of it is.
        tx.execute(
            "UPDATE assessments SET updated_at = ?2, status = CASE WHEN EXISTS (SELECT 1 FROM assessment_saqs
               WHERE assessment_id = ?1 AND status <> 'attested') THEN 'draft' ELSE 'attested' END WHERE id = ?1",
            params![a.id, super::ts(&who.now)],
        )?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&a.id),
                entity: "attestation",
                entity_id: &id,
                field: "attested",
                old: None,
                new: Some(format!(
                    "SAQ {}: {} by {} ({}), {}",
                    a.saq,
                    status.compliance.label(),
                    input.name.trim(),
                    input.title.trim(),
                    signed_on
                )),
            },
        )?;
        tx.commit()?;
        self.attestation(&a.id, &a.saq)?.ok_or_else(|| StoreError::Corrupt("attestation vanished after commit".into()))
    }

    /// SAQ `saq`'s attestation, if it has been signed.
    pub fn attestation(&self, assessment_id: &str, saq: &str) -> Result<Option<Attestation>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, assessment_id, signatory_name, signatory_title, signed_on, compliance, acknowledgements, pdf_sha256, created_at, created_by, saq
                 FROM attestations WHERE assessment_id = ?1 AND saq = ?2 ORDER BY created_at DESC LIMIT 1",
                params![assessment_id, saq],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, String>(8)?,
                        r.get::<_, String>(9)?,
                        r.get::<_, String>(10)?,
                    ))
                },
            )
            .optional()?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(Attestation {
            id: r.0,
            assessment_id: AssessmentId::new(r.1),
            signatory_name: r.2,
            signatory_title: r.3,
            signed_on: super::parse_date(&r.4)?,
            compliance: serde_json::from_value(serde_json::Value::String(r.5))?,
            acknowledgements: serde_json::from_str(&r.6)?,
            pdf_sha256: r.7,
            created_at: super::parse_ts(&r.8),
            created_by: r.9,
            saq: r.10,
        }))
    }

    /// Records the hash of the PDF the attested assessment was exported as.
    pub fn record_export_hash(
        &mut self,
        assessment_id: &str,
        saq: &str,
        sha256: &str,
        who: &Actor,
    ) -> Result<(), StoreError> {
        let Some(att) = self.attestation(assessment_id, saq)? else { return Ok(()) };
        if att.pdf_sha256.as_deref() == Some(sha256) {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE attestations SET pdf_sha256 = ?2 WHERE id = ?1", params![att.id, sha256])?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(assessment_id),
                entity: "attestation",
                entity_id: &att.id,
                field: "pdf_sha256",
                old: att.pdf_sha256,
                new: Some(sha256.to_string()),
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
