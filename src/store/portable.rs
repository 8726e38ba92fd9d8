//! One assessment as one file: a zip with `assessment.json` and every evidence file by its hash,
//! for moving an assessment to another machine without losing anything.

use super::assessment::{Assessment, Confirmation};
use super::attestation::Attestation;
use super::audit::{Actor, AuditEntry};
use super::error::StoreError;
use super::evidence::{copy_hashing, Evidence, MAX_EVIDENCE_BYTES};
use super::merchant::MerchantProfile;
use super::response::Response;
use super::Store;
use rusqlite::{params, MAIN_DB};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;

/// 2 added per-bullet responses; 3 several SAQs per assessment and answers given per SAQ; 4 the
/// compliance year's TRA periods and validation due date. An older reader would drop what it does
/// not know, so it must refuse a newer file; a newer one reads all.
pub const PORTABLE_FORMAT: u32 = 4;

/// One SAQ of the assessment (format 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortablePart {
    pub saq: String,
    #[serde(default)]
    pub channels: Vec<crate::questionnaire::Channel>,
    pub snapshot: crate::questionnaire::SaqSnapshot,
    pub details: super::AssessmentDetails,
    pub status: super::AssessmentState,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PortableAssessment {
    pub format: u32,
    pub app_version: String,
    pub merchant: MerchantProfile,
    pub assessment: Assessment,
    pub responses: Vec<Response>,
    pub confirmations: Vec<Confirmation>,
    pub evidence: Vec<Evidence>,
    /// The first SAQ's attestation, as format 2 carried it.
    pub attestation: Option<Attestation>,
    pub history: Vec<AuditEntry>,
    /// Every SAQ (format 3; a format-2 file has one, described by `assessment`).
    #[serde(default)]
    pub parts: Vec<PortablePart>,
    /// Every SAQ's attestation (format 3).
    #[serde(default)]
    pub attestations: Vec<Attestation>,
    /// The periods the merchant's targeted risk analyses chose (format 4).
    #[serde(default)]
    pub tra_periods: Vec<super::TraPeriodSetting>,
    /// The validation due date the officer set; absent, the default applies (format 4).
    #[serde(default)]
    pub validation_due: Option<super::DueDateSetting>,
}

impl PortableAssessment {
    /// The SAQs of the file, whichever format wrote it.
    fn all_parts(&self) -> Vec<PortablePart> {
        if !self.parts.is_empty() {
            return self.parts.clone();
        }
        let a = &self.assessment;
        vec![PortablePart {
            saq: a.saq.clone(),
            channels: a.channels.clone(),
            snapshot: a.snapshot.clone(),
            details: a.details.clone(),
            status: a.status,
        }]
    }

    fn all_attestations(&self) -> Vec<Attestation> {
        if !self.attestations.is_empty() {
            return self.attestations.clone();
        }
        self.attestation
            .iter()
            .cloned()
            .map(|mut t| {
                if t.saq.is_empty() {
                    t.saq = self.assessment.saq.clone();
                }
                t
            })
            .collect()
    }
}

impl Store {
    pub fn portable(&self, key: &str) -> Result<PortableAssessment, StoreError> {
        let a = self.assessment(key)?;
        let views = self.parts(key)?;
        let mut responses = self.responses_stored(&a.id)?;
        let order = |id: &str| views.iter().find_map(|v| v.snapshot.requirements.iter().position(|q| q.id == id));
        responses.sort_by_key(|r| (r.saq.clone(), order(&r.requirement_id)));
        let mut attestations = Vec::new();
        for v in &views {
            attestations.extend(self.attestation(&a.id, &v.saq)?);
        }
        Ok(PortableAssessment {
            format: PORTABLE_FORMAT,
            app_version: crate::VERSION.to_string(),
            merchant: self.merchant(&a.merchant_id)?.profile,
            responses,
            confirmations: self.confirmations(&a.id)?,
            evidence: self.evidence_all(&a.id)?,
            attestation: attestations.first().cloned(),
            history: self.history(&a.id)?,
            parts: views
                .iter()
                .map(|v| PortablePart {
                    saq: v.saq.clone(),
                    channels: v.channels.clone(),
                    snapshot: v.snapshot.clone(),
                    details: v.details.clone(),
                    status: v.status,
                })
                .collect(),
            attestations,
            tra_periods: self.tra_periods(&a.id)?,
            validation_due: self.validation_due_setting(&a.id)?,
            assessment: a,
        })
    }

    /// Writes the assessment to `dest` (a temp file renamed into place, so a failure leaves no
    /// half-written file).
    pub fn export_assessment(&self, key: &str, dest: &Path) -> Result<(), StoreError> {
        let p = self.portable(key)?;
        let io = |source: std::io::Error| StoreError::Io { path: dest.to_path_buf(), source };
        let zerr =
            |e: zip::result::ZipError| StoreError::Io { path: dest.to_path_buf(), source: std::io::Error::other(e) };
        let write = |tmp: &Path| -> Result<(), StoreError> {
            let file = std::fs::File::create(tmp).map_err(io)?;
            let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .last_modified_time(zip::DateTime::default());
            zip.start_file("assessment.json", opts).map_err(zerr)?;
            zip.write_all(serde_json::to_string_pretty(&p)?.as_bytes()).map_err(io)?;
            let mut done = std::collections::BTreeSet::new();
            for e in &p.evidence {
                if done.insert(e.sha256.clone()) {
                    let method = if Evidence::is_compressed_media(&e.media_type) {
                        zip::CompressionMethod::Stored
                    } else {
                        zip::CompressionMethod::Deflated
                    };
                    zip.start_file(
                        format!("evidence/{}", e.sha256),
                        opts.compression_method(method).large_file(e.size > u32::MAX as u64),
                    )
                    .map_err(zerr)?;
                    self.write_evidence_bytes(&e.sha256, &mut zip)?;
                }
            }
            let mut w = zip.finish().map_err(zerr)?;
            w.flush().map_err(io)?;
            w.get_ref().sync_all().map_err(io)?;
            Ok(())
        };
        crate::write_via_temp(dest, write, io)
    }

    /// Imports an assessment file. Every evidence file is checked against its SHA-256 before
    /// anything is written; the whole import is one transaction.
    pub fn import_assessment(&mut self, src: &Path, who: &Actor) -> Result<Assessment, StoreError> {
        let bad = |m: String| StoreError::invalid("file", format!("{}: {m}", src.display()));
        let file = std::fs::File::open(src).map_err(|source| StoreError::Io { path: src.to_path_buf(), source })?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(format!("not an SAQ Desk assessment file ({e})")))?;
        let p: PortableAssessment = {
            let entry = zip.by_name("assessment.json").map_err(|_| bad("assessment.json is missing".into()))?;
            let mut text = String::new();
            entry.take(64 * 1024 * 1024).read_to_string(&mut text).map_err(|e| bad(e.to_string()))?;
            let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(format!("assessment.json: {e}")))?;
            let format = v.get("format").and_then(|f| f.as_u64()).unwrap_or(0);
            if format > PORTABLE_FORMAT as u64 {
                return Err(bad(format!(
                    "written by a newer SAQ Desk (format {format}; this version reads up to {PORTABLE_FORMAT})"
                )));
            }
            serde_json::from_value(v).map_err(|e| bad(format!("assessment.json: {e}")))?
        };
        if self.resolve(&p.assessment.id).is_ok_and(|id| p.assessment.id == id.as_str()) {
            return Err(StoreError::invalid(
                "assessment",
                format!("assessment {} already exists in this database", p.assessment.id),
            ));
        }
        // Verify every file before touching the database, streaming: an assessment may carry
        // gigabytes of evidence and none of it is held in memory.
        let mut blobs: Vec<(String, u64)> = Vec::new();
        for sha in p.evidence.iter().map(|e| e.sha256.clone()).collect::<std::collections::BTreeSet<_>>() {
            let entry =
                zip.by_name(&format!("evidence/{sha}")).map_err(|_| bad(format!("evidence file {sha} is missing")))?;
            if entry.size() > MAX_EVIDENCE_BYTES {
                return Err(bad(format!("evidence file {sha} is larger than the evidence limit")));
            }
            let mut probe = TextProbe::default();
            let (actual, size) =
                copy_hashing(entry.take(MAX_EVIDENCE_BYTES + 1), &mut probe).map_err(|e| bad(e.to_string()))?;
            if actual != sha {
                return Err(bad(format!(
                    "evidence file {sha} does not match its SHA-256 (got {actual}); the file is damaged or was altered"
                )));
            }
            // The leak guard scans text evidence when it is added; an imported file gets the same
            // check, so a hand-made or altered assessment file cannot bring card data in.
            if let Some(text) = probe.text() {
                let name =
                    p.evidence.iter().find(|e| e.sha256 == sha).map(|e| e.file_name.as_str()).unwrap_or(sha.as_str());
                super::guard(&format!("evidence file {name}"), &text)?;
            }
            blobs.push((sha, size));
        }
        for (field, value) in p.merchant.fields() {
            super::guard(&format!("merchant.{field}"), &value)?;
        }
        let parts = p.all_parts();
        let attestations = p.all_attestations();
        // Everything the file holds is checked, whether this version reads it or not.
        for details in parts.iter().map(|p| &p.details).chain([&p.assessment.details]) {
            for (field, value) in details.fields() {
                super::guard(&format!("details.{field}"), &value)?;
            }
        }
        for e in &p.evidence {
            super::guard(&format!("evidence {} file_name", e.id), &e.file_name)?;
            super::guard(&format!("evidence {} description", e.id), &e.description)?;
        }
        for at in attestations.iter().chain(&p.attestation) {
            super::guard("attestation.signatory_name", &at.signatory_name)?;
            super::guard("attestation.signatory_title", &at.signatory_title)?;
        }
        // A file's schedule must be one this version can compute, or its status could not be shown.
        crate::schedule::AssessmentPeriod::new(p.assessment.period_start, p.assessment.period_end)
            .map_err(|e| bad(format!("assessment period: {e}")))?;
        for part in &parts {
            crate::schedule::Recurrence::all(&part.snapshot.requirements, &Default::default())
                .map_err(|e| bad(format!("SAQ {}: {e}", part.saq)))?;
        }
        for t in &p.tra_periods {
            let by_tra = parts.iter().any(|part| {
                part.snapshot
                    .requirement(&t.requirement)
                    .is_some_and(|r| r.frequency.contains(&crate::questionnaire::Frequency::TargetedRiskAnalysis))
            });
            if !by_tra {
                return Err(bad(format!(
                    "a TRA period for {}, whose frequency no targeted risk analysis sets in this assessment",
                    t.requirement
                )));
            }
            super::guard(&format!("TRA period {} reference", t.requirement), &t.reference)?;
            super::guard(&format!("TRA period {} set_by", t.requirement), &t.set_by)?;
        }
        if let Some(d) = &p.validation_due {
            super::guard("validation_due.reason", &d.reason)?;
            super::guard("validation_due.set_by", &d.set_by)?;
        }
        for r in &p.responses {
            let count = parts
                .iter()
                .filter(|part| r.saq.as_ref().is_none_or(|s| s == &part.saq))
                .find_map(|part| part.snapshot.requirement(&r.requirement_id))
                .map(|q| q.bullets.len())
                .unwrap_or(0);
            // A carried-forward answer awaiting review may still have last year's bullet count;
            // saving it fits the bullets to this year's questionnaire.
            let consistent = r.bullets.is_empty()
                || r.review_needed
                || (r.bullets.len() == count && super::response::combine(&r.bullets) == r.response);
            if !consistent {
                return Err(bad(format!(
                    "{}: its bullet responses do not match the requirement's {count} bullets and its response",
                    r.requirement_id
                )));
            }
            for (field, value) in super::response::text_fields(r) {
                super::guard(&format!("{} {field}", r.requirement_id), &value)?;
            }
        }

        let tx = self.conn.transaction()?;
        let merchant_id: String = match super::merchant::find_merchant(&tx, &p.merchant.legal_name) {
            Ok(m) => m.id,
            Err(StoreError::NotFound { .. }) => {
                let id = p.assessment.merchant_id.clone();
                tx.execute(
                    "INSERT INTO merchants (id, legal_name, profile_json, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![id, p.merchant.legal_name, serde_json::to_string(&p.merchant)?, super::ts(&who.now)],
                )?;
                id
            }
            Err(e) => return Err(e),
        };
        let a = &p.assessment;
        tx.execute(
            "INSERT INTO assessments (id, merchant_id, year, period_start, period_end, saq, questionnaire, snapshot_json, scope_json, details_json, status, previous_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '{}', ?8, '{}', 'draft', ?9, ?10, ?11)",
            params![
                a.id,
                merchant_id,
                a.year,
                a.period_start.to_string(),
                a.period_end.to_string(),
                parts[0].saq,
                a.questionnaire,
                a.scope.as_ref().map(serde_json::to_string).transpose()?,
                a.previous_id,
                super::ts(&a.created_at),
                super::ts(&a.updated_at)
            ],
        )?;
        for (position, part) in parts.iter().enumerate() {
            tx.execute(
                "INSERT INTO assessment_saqs (assessment_id, saq, position, snapshot_json, channels_json, details_json, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    a.id,
                    part.saq,
                    position as i64,
                    serde_json::to_string(&part.snapshot)?,
                    serde_json::to_string(&part.channels)?,
                    serde_json::to_string(&part.details)?,
                    part.status.as_str()
                ],
            )?;
        }
        for r in &p.responses {
            let mut r = r.clone();
            if r.updated_at.is_none() {
                r.updated_at = Some(who.now);
            }
            super::response::write_row(&tx, &a.id, r.saq.as_deref().unwrap_or(""), &r)?;
        }
        for c in &p.confirmations {
            tx.execute(
                "INSERT INTO eligibility (assessment_id, criterion_id, confirmed, by_whom, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![a.id, c.criterion_id, c.confirmed, c.by, super::ts(&c.at)],
            )?;
        }
        for (sha, size) in &blobs {
            let exists: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM evidence_blobs WHERE sha256 = ?1)", [sha], |r| r.get(0))?;
            if !exists {
                tx.execute(
                    "INSERT INTO evidence_blobs (sha256, size, bytes) VALUES (?1, ?2, zeroblob(?2))",
                    params![sha, *size as i64],
                )?;
                let rowid = tx.last_insert_rowid();
                let mut blob = tx.blob_open(MAIN_DB, c"evidence_blobs", c"bytes", rowid, false)?;
                let entry = zip
                    .by_name(&format!("evidence/{sha}"))
                    .map_err(|_| bad(format!("evidence file {sha} is missing")))?;
                // Hashed again on the way in: the file could have changed since it was checked.
                let (actual, _) = copy_hashing(entry.take(*size), &mut blob).map_err(|e| bad(e.to_string()))?;
                if actual != *sha {
                    return Err(bad(format!("evidence file {sha} changed while it was being imported; try again")));
                }
            }
        }
        // Rows first, then the revision pointers, so the order of the file does not matter.
        for e in &p.evidence {
            let links: Vec<&String> = e.links.iter().collect();
            super::evidence::copy_row(&tx, &e.id, &a.id, e, e.carried_from.as_deref(), &links)?;
        }
        for e in &p.evidence {
            tx.execute(
                "UPDATE evidence SET revision_of = ?2, superseded_by = ?3 WHERE id = ?1",
                params![e.id, e.revision_of, e.superseded_by],
            )?;
        }
        for t in &attestations {
            tx.execute(
                "INSERT INTO attestations (id, assessment_id, signatory_name, signatory_title, signed_on, compliance, acknowledgements, pdf_sha256, created_at, created_by, saq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    t.id,
                    a.id,
                    t.signatory_name,
                    t.signatory_title,
                    t.signed_on.to_string(),
                    serde_json::to_value(t.compliance)?.as_str().unwrap_or_default(),
                    serde_json::to_string(&t.acknowledgements)?,
                    t.pdf_sha256,
                    super::ts(&t.created_at),
                    t.created_by,
                    t.saq
                ],
            )?;
        }
        for t in &p.tra_periods {
            super::schedule::insert_tra(&tx, &a.id, t)?;
        }
        if let Some(d) = &p.validation_due {
            super::schedule::insert_due(&tx, &a.id, d)?;
        }
        // The history travels with the assessment; the import itself is the newest entry.
        for h in &p.history {
            tx.execute(
                "INSERT INTO audit (at, actor, assessment_id, entity, entity_id, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![super::ts(&h.at), h.actor, a.id, h.entity, h.entity_id, h.field, h.old_value, h.new_value],
            )?;
        }
        super::audit::record(
            &tx,
            who,
            super::audit::Change {
                assessment: Some(&a.id),
                entity: "assessment",
                entity_id: &a.id,
                field: "imported",
                old: None,
                new: Some(src.display().to_string()),
            },
        )?;
        tx.commit()?;
        self.assessment(&a.id)
    }
}

/// Keeps an evidence file's bytes while they look like text (decided on the first 8 KiB, as when a
/// file is added), so the leak guard can read them; drops binary files at once.
#[derive(Default)]
struct TextProbe {
    bytes: Vec<u8>,
    binary: bool,
}

impl TextProbe {
    fn text(self) -> Option<String> {
        (!self.binary && crate::leak_guard::looks_like_text(&self.bytes))
            .then(|| String::from_utf8_lossy(&self.bytes).into_owned())
    }
}

impl std::io::Write for TextProbe {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.binary {
            let before = self.bytes.len();
            self.bytes.extend_from_slice(buf);
            if before < 8192 && self.bytes.len() >= 8192 && !crate::leak_guard::looks_like_text(&self.bytes) {
                self.binary = true;
                self.bytes = Vec::new();
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
