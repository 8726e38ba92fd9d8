//! Reading an assessment file back in: everything in it is checked — the format, every evidence
//! file against its SHA-256, every text against the leak guard, every answer against its
//! questionnaire — before one transaction writes it all.

use super::assessment::Assessment;
use super::attestation::Attestation;
use super::audit::Actor;
use super::error::StoreError;
use super::evidence::{copy_hashing, MAX_EVIDENCE_BYTES};
use super::portable::{PortableAssessment, PortablePart, PORTABLE_FORMAT};
use super::Store;
use rusqlite::{params, Transaction, MAIN_DB};
use std::io::Read;
use std::path::Path;

type Archive = zip::ZipArchive<std::fs::File>;

/// An evidence file of the archive that matched its hash: its SHA-256 and size.
type VerifiedBlob = (String, u64);

impl Store {
    /// Imports an assessment file. Every evidence file is checked against its SHA-256 before
    /// anything is written; the whole import is one transaction.
    pub fn import_assessment(&mut self, src: &Path, who: &Actor) -> Result<Assessment, StoreError> {
        let file = std::fs::File::open(src).map_err(|source| StoreError::Io { path: src.to_path_buf(), source })?;
        let mut zip = Archive::new(file).map_err(|e| bad(src, format!("not an SAQ Desk assessment file ({e})")))?;
        let p = read_manifest(&mut zip, src)?;
        if self.resolve(&p.assessment.id).is_ok_and(|id| p.assessment.id == id.as_str()) {
            return Err(StoreError::invalid(
                "assessment",
                format!("assessment {} already exists in this database", p.assessment.id),
            ));
        }
        let blobs = verify_blobs(&mut zip, &p, src)?;
        let parts = p.all_parts();
        let attestations = p.all_attestations();
        check_texts(&p, &parts, &attestations)?;
        check_schedule(&p, &parts, src)?;
        check_answers(&p, &parts, src)?;

        let tx = self.conn.transaction()?;
        let merchant_id = merchant_for(&tx, &p, who)?;
        insert_assessment(&tx, &p, &parts, &merchant_id)?;
        insert_answers(&tx, &p, who)?;
        insert_blobs(&tx, &mut zip, &blobs, src)?;
        insert_evidence(&tx, &p)?;
        insert_attestations(&tx, &p.assessment.id, &attestations)?;
        for t in &p.tra_periods {
            super::schedule::insert_tra(&tx, &p.assessment.id, t)?;
        }
        if let Some(d) = &p.validation_due {
            super::schedule::insert_due(&tx, &p.assessment.id, d)?;
        }
        insert_history(&tx, &p, src, who)?;
        tx.commit()?;
        self.assessment(&p.assessment.id)
    }
}

fn bad(src: &Path, m: String) -> StoreError {
    StoreError::invalid("file", format!("{}: {m}", src.display()))
}

/// `assessment.json`, refused when a newer SAQ Desk wrote it: this version would drop what it
/// does not know.
fn read_manifest(zip: &mut Archive, src: &Path) -> Result<PortableAssessment, StoreError> {
    let entry = zip.by_name("assessment.json").map_err(|_| bad(src, "assessment.json is missing".into()))?;
    let mut text = String::new();
    entry.take(64 * 1024 * 1024).read_to_string(&mut text).map_err(|e| bad(src, e.to_string()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(src, format!("assessment.json: {e}")))?;
    let format = v.get("format").and_then(|f| f.as_u64()).unwrap_or(0);
    if format > PORTABLE_FORMAT as u64 {
        return Err(bad(
            src,
            format!("written by a newer SAQ Desk (format {format}; this version reads up to {PORTABLE_FORMAT})"),
        ));
    }
    serde_json::from_value(v).map_err(|e| bad(src, format!("assessment.json: {e}")))
}

/// Hashes every evidence file of the archive, streaming: an assessment may carry gigabytes of
/// evidence and none of it is held in memory.
fn verify_blobs(zip: &mut Archive, p: &PortableAssessment, src: &Path) -> Result<Vec<VerifiedBlob>, StoreError> {
    let mut blobs = Vec::new();
    for sha in p.evidence.iter().map(|e| e.sha256.clone()).collect::<std::collections::BTreeSet<_>>() {
        let entry =
            zip.by_name(&format!("evidence/{sha}")).map_err(|_| bad(src, format!("evidence file {sha} is missing")))?;
        if entry.size() > MAX_EVIDENCE_BYTES {
            return Err(bad(src, format!("evidence file {sha} is larger than the evidence limit")));
        }
        let mut probe = TextProbe::default();
        let (actual, size) =
            copy_hashing(entry.take(MAX_EVIDENCE_BYTES + 1), &mut probe).map_err(|e| bad(src, e.to_string()))?;
        if actual != sha {
            return Err(bad(
                src,
                format!(
                    "evidence file {sha} does not match its SHA-256 (got {actual}); the file is damaged or was altered"
                ),
            ));
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
    Ok(blobs)
}

/// Every text the file holds goes through the leak guard, whether this version reads it or not.
fn check_texts(p: &PortableAssessment, parts: &[PortablePart], attestations: &[Attestation]) -> Result<(), StoreError> {
    for (field, value) in p.merchant.fields() {
        super::guard(&format!("merchant.{field}"), &value)?;
    }
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
    for t in &p.tra_periods {
        super::guard(&format!("TRA period {} reference", t.requirement), &t.reference)?;
        super::guard(&format!("TRA period {} set_by", t.requirement), &t.set_by)?;
    }
    if let Some(d) = &p.validation_due {
        super::guard("validation_due.reason", &d.reason)?;
        super::guard("validation_due.set_by", &d.set_by)?;
    }
    for r in &p.responses {
        for (field, value) in super::response::text_fields(r) {
            super::guard(&format!("{} {field}", r.requirement_id), &value)?;
        }
    }
    Ok(())
}

/// The file's schedule must be one this version can compute, or its status could not be shown.
fn check_schedule(p: &PortableAssessment, parts: &[PortablePart], src: &Path) -> Result<(), StoreError> {
    crate::schedule::AssessmentPeriod::new(p.assessment.period_start, p.assessment.period_end)
        .map_err(|e| bad(src, format!("assessment period: {e}")))?;
    for part in parts {
        crate::schedule::Recurrence::all(&part.snapshot.requirements, &Default::default())
            .map_err(|e| bad(src, format!("SAQ {}: {e}", part.saq)))?;
    }
    for t in &p.tra_periods {
        let by_tra = parts.iter().any(|part| {
            part.snapshot
                .requirement(&t.requirement)
                .is_some_and(|r| r.frequency.contains(&crate::questionnaire::Frequency::TargetedRiskAnalysis))
        });
        if !by_tra {
            return Err(bad(
                src,
                format!(
                    "a TRA period for {}, whose frequency no targeted risk analysis sets in this assessment",
                    t.requirement
                ),
            ));
        }
    }
    Ok(())
}

/// Each answer's bullets must fit its requirement's bullets and combine to its response.
fn check_answers(p: &PortableAssessment, parts: &[PortablePart], src: &Path) -> Result<(), StoreError> {
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
            return Err(bad(
                src,
                format!(
                    "{}: its bullet responses do not match the requirement's {count} bullets and its response",
                    r.requirement_id
                ),
            ));
        }
    }
    Ok(())
}

/// The merchant of this database with the file's legal name, or the file's merchant added.
fn merchant_for(tx: &Transaction<'_>, p: &PortableAssessment, who: &Actor) -> Result<String, StoreError> {
    match super::merchant::find_merchant(tx, &p.merchant.legal_name) {
        Ok(m) => Ok(m.id),
        Err(StoreError::NotFound { .. }) => {
            let id = p.assessment.merchant_id.clone();
            tx.execute(
                "INSERT INTO merchants (id, legal_name, profile_json, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![id, p.merchant.legal_name, serde_json::to_string(&p.merchant)?, super::ts(&who.now)],
            )?;
            Ok(id)
        }
        Err(e) => Err(e),
    }
}

fn insert_assessment(
    tx: &Transaction<'_>,
    p: &PortableAssessment,
    parts: &[PortablePart],
    merchant_id: &str,
) -> Result<(), StoreError> {
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
    Ok(())
}

/// The responses and the eligibility confirmations.
fn insert_answers(tx: &Transaction<'_>, p: &PortableAssessment, who: &Actor) -> Result<(), StoreError> {
    let id = &p.assessment.id;
    for r in &p.responses {
        let mut r = r.clone();
        if r.updated_at.is_none() {
            r.updated_at = Some(who.now);
        }
        super::response::write_row(tx, id, r.saq.as_deref().unwrap_or(""), &r)?;
    }
    for c in &p.confirmations {
        tx.execute(
            "INSERT INTO eligibility (assessment_id, criterion_id, confirmed, by_whom, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, c.criterion_id, c.confirmed, c.by, super::ts(&c.at)],
        )?;
    }
    Ok(())
}

/// The evidence bytes this database does not hold yet, streamed from the archive into the blob.
fn insert_blobs(tx: &Transaction<'_>, zip: &mut Archive, blobs: &[VerifiedBlob], src: &Path) -> Result<(), StoreError> {
    for (sha, size) in blobs {
        let exists: bool =
            tx.query_row("SELECT EXISTS(SELECT 1 FROM evidence_blobs WHERE sha256 = ?1)", [sha], |r| r.get(0))?;
        if exists {
            continue;
        }
        tx.execute(
            "INSERT INTO evidence_blobs (sha256, size, bytes) VALUES (?1, ?2, zeroblob(?2))",
            params![sha, *size as i64],
        )?;
        let rowid = tx.last_insert_rowid();
        let mut blob = tx.blob_open(MAIN_DB, c"evidence_blobs", c"bytes", rowid, false)?;
        let entry =
            zip.by_name(&format!("evidence/{sha}")).map_err(|_| bad(src, format!("evidence file {sha} is missing")))?;
        // Hashed again on the way in: the file could have changed since it was checked.
        let (actual, _) = copy_hashing(entry.take(*size), &mut blob).map_err(|e| bad(src, e.to_string()))?;
        if actual != *sha {
            return Err(bad(src, format!("evidence file {sha} changed while it was being imported; try again")));
        }
    }
    Ok(())
}

/// Evidence rows first, then the revision pointers, so the order of the file does not matter.
fn insert_evidence(tx: &Transaction<'_>, p: &PortableAssessment) -> Result<(), StoreError> {
    for e in &p.evidence {
        let links: Vec<&String> = e.links.iter().collect();
        super::evidence::copy_row(tx, &e.id, &p.assessment.id, e, e.carried_from.as_deref(), &links)?;
    }
    for e in &p.evidence {
        tx.execute(
            "UPDATE evidence SET revision_of = ?2, superseded_by = ?3 WHERE id = ?1",
            params![e.id, e.revision_of, e.superseded_by],
        )?;
    }
    Ok(())
}

fn insert_attestations(tx: &Transaction<'_>, id: &str, attestations: &[Attestation]) -> Result<(), StoreError> {
    for t in attestations {
        tx.execute(
            "INSERT INTO attestations (id, assessment_id, signatory_name, signatory_title, signed_on, compliance, acknowledgements, pdf_sha256, created_at, created_by, saq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                t.id,
                id,
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
    Ok(())
}

/// The history travels with the assessment; the import itself is the newest entry.
fn insert_history(tx: &Transaction<'_>, p: &PortableAssessment, src: &Path, who: &Actor) -> Result<(), StoreError> {
    let id = &p.assessment.id;
    for h in &p.history {
        tx.execute(
            "INSERT INTO audit (at, actor, assessment_id, entity, entity_id, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![super::ts(&h.at), h.actor, id, h.entity, h.entity_id, h.field, h.old_value, h.new_value],
        )?;
    }
    super::audit::record(
        tx,
        who,
        super::audit::Change {
            assessment: Some(id),
            entity: "assessment",
            entity_id: id,
            field: "imported",
            old: None,
            new: Some(src.display().to_string()),
        },
    )
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
