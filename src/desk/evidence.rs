//! Evidence files: stored once by SHA-256, linked to requirements and criteria, kept in revisions.

use super::{Desk, DeskError};
use crate::store::{Actor, Evidence, EvidenceMeta};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

/// Previews stop at a size the window can show comfortably.
const PREVIEW_TEXT_BYTES: usize = 64 * 1024;
const PREVIEW_IMAGE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct AddEvidenceRequest {
    pub assessment: String,
    /// Requirement or eligibility-criterion IDs the file supports.
    pub items: Vec<String>,
    #[ts(type = "string")]
    pub path: PathBuf,
    pub meta: EvidenceMeta,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct EvidenceListRequest {
    pub assessment: String,
    /// Also replaced and removed files.
    pub all: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct EvidenceListed {
    pub evidence: Evidence,
    /// Older than 12 months today, by its effective date.
    pub stale: bool,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ReplaceEvidenceRequest {
    pub evidence: String,
    #[ts(type = "string")]
    pub path: PathBuf,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct LinkEvidenceRequest {
    pub evidence: String,
    pub item: String,
    /// False removes the link.
    pub linked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum PreviewKind {
    Image,
    Text,
    None,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct EvidencePreview {
    pub media_type: String,
    pub kind: PreviewKind,
    /// A data URL for an image, the first 64 KiB for text, empty otherwise.
    pub data: String,
}

impl Desk {
    pub fn add_evidence(&mut self, req: AddEvidenceRequest, who: &Actor) -> Result<Evidence, DeskError> {
        Ok(self.store.add_evidence(&req.assessment, &req.items, &req.path, &req.meta, who)?)
    }

    pub fn evidence_list(&self, req: EvidenceListRequest, who: &Actor) -> Result<Vec<EvidenceListed>, DeskError> {
        let a = self.store.assessment(&req.assessment)?;
        let list = if req.all { self.store.evidence_all(&a.id)? } else { self.store.evidence_current(&a.id)? };
        let today = who.today;
        Ok(list.into_iter().map(|e| EvidenceListed { stale: e.is_stale(today), evidence: e }).collect())
    }

    /// A new revision of a file: same links; the old one is kept and marked superseded.
    pub fn replace_evidence(&mut self, req: ReplaceEvidenceRequest, who: &Actor) -> Result<Evidence, DeskError> {
        Ok(self.store.replace_evidence(&req.evidence, &req.path, who)?)
    }

    pub fn link_evidence(&mut self, req: LinkEvidenceRequest, who: &Actor) -> Result<Evidence, DeskError> {
        Ok(self.store.link_evidence(&req.evidence, &req.item, req.linked, who)?)
    }

    /// Takes a file out of the current evidence; it stays in the history.
    pub fn remove_evidence(&mut self, evidence: &str, who: &Actor) -> Result<(), DeskError> {
        Ok(self.store.remove_evidence(evidence, who)?)
    }

    pub fn evidence_preview(&self, evidence: &str) -> Result<EvidencePreview, DeskError> {
        let e = self.store.evidence(evidence)?;
        if e.is_image() && e.size <= PREVIEW_IMAGE_BYTES {
            let bytes = self.store.evidence_bytes(&e.sha256)?;
            let data =
                format!("data:{};base64,{}", e.media_type, base64::engine::general_purpose::STANDARD.encode(bytes));
            return Ok(EvidencePreview { media_type: e.media_type, kind: PreviewKind::Image, data });
        }
        let texty = e.media_type.starts_with("text/")
            || matches!(e.media_type.as_str(), "application/json" | "application/yaml");
        if texty {
            let mut bytes = self.store.evidence_bytes(&e.sha256)?;
            bytes.truncate(PREVIEW_TEXT_BYTES);
            let data = String::from_utf8_lossy(&bytes).into_owned();
            return Ok(EvidencePreview { media_type: e.media_type, kind: PreviewKind::Text, data });
        }
        Ok(EvidencePreview { media_type: e.media_type, kind: PreviewKind::None, data: String::new() })
    }

    /// Writes a stored file's bytes to `out`, streamed.
    pub fn save_evidence_file(&self, evidence: &str, out: &std::path::Path) -> Result<Evidence, DeskError> {
        let e = self.store.evidence(evidence)?;
        let io = |source| DeskError::Io { path: out.to_path_buf(), source };
        let mut f = std::fs::File::create(out).map_err(io)?;
        self.store.write_evidence_bytes(&e.sha256, &mut f)?;
        Ok(e)
    }
}
