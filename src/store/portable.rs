//! One assessment as one file: a zip with `assessment.json` and every evidence file by its hash,
//! for moving an assessment to another machine without losing anything.

use super::assessment::{Assessment, Confirmation};
use super::attestation::Attestation;
use super::audit::AuditEntry;
use super::error::StoreError;
use super::evidence::Evidence;
use super::merchant::MerchantProfile;
use super::response::Response;
use super::Store;
use serde::{Deserialize, Serialize};
use std::io::Write;
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
    pub(super) fn all_parts(&self) -> Vec<PortablePart> {
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

    pub(super) fn all_attestations(&self) -> Vec<Attestation> {
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
}
