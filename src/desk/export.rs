//! What leaves the building: the evidence report in four formats and the QSA bundle.

use super::{Desk, DeskError};
use crate::report::{ExportOutcome, Format, Reporter};
use crate::store::Actor;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(optional_fields)]
pub struct ExportRequest {
    pub assessment: String,
    /// With several SAQs: the SAQ whose report this is.
    #[serde(default)]
    pub saq: Option<String>,
    pub format: Format,
    #[ts(type = "string")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(optional_fields)]
pub struct BundleRequest {
    pub assessment: String,
    #[serde(default)]
    pub saq: Option<String>,
    #[ts(type = "string")]
    pub out: PathBuf,
}

/// What a file is about to be saved as, for the name a save dialog offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportKind {
    Pdf,
    Html,
    Md,
    Json,
    Bundle,
}

impl ExportKind {
    fn extension(self) -> &'static str {
        match self {
            ExportKind::Pdf => "pdf",
            ExportKind::Html => "html",
            ExportKind::Md => "md",
            ExportKind::Json => "json",
            ExportKind::Bundle => "zip",
        }
    }
}

impl Desk {
    fn reporter(&self) -> Result<Reporter<'_>, DeskError> {
        Ok(Reporter { data: &self.data, templates: self.templates()? })
    }

    /// The reporter beside the store it records export hashes in.
    fn reporter_and_store(&mut self) -> Result<(Reporter<'_>, &mut crate::store::Store), DeskError> {
        self.templates()?;
        let Desk { data, store, templates, .. } = self;
        let templates = templates.get().ok_or_else(|| DeskError::Contract("report templates not loaded".into()))?;
        Ok((Reporter { data, templates }, store))
    }

    /// Writes the report. Byte for byte the same for the same data and time; an attested
    /// assessment's PDF hash is recorded on its attestation.
    pub fn export(&mut self, req: ExportRequest, who: &Actor) -> Result<ExportOutcome, DeskError> {
        let (reporter, store) = self.reporter_and_store()?;
        Ok(reporter.export(store, &req.assessment, req.saq.as_deref(), req.format, &req.out, who)?)
    }

    /// The QSA bundle: the PDF, every evidence file in its original bytes, and a manifest.
    pub fn bundle(&mut self, req: BundleRequest, who: &Actor) -> Result<ExportOutcome, DeskError> {
        let (reporter, store) = self.reporter_and_store()?;
        Ok(reporter.bundle(store, &req.assessment, req.saq.as_deref(), &req.out, who)?)
    }

    /// The report's bytes, without writing a file (benchmarks, previews).
    pub fn render(
        &self,
        assessment: &str,
        saq: Option<&str>,
        format: Format,
        who: &Actor,
    ) -> Result<Vec<u8>, DeskError> {
        Ok(self.reporter()?.render(&self.store, assessment, saq, format, who.now)?)
    }

    /// The file name a save dialog offers: merchant, SAQ and year, with the merchant's letters kept.
    pub fn suggested_file_name(
        &self,
        assessment: &str,
        saq: Option<&str>,
        kind: ExportKind,
    ) -> Result<String, DeskError> {
        let a = self.store.part(assessment, saq)?;
        let m = self.store.merchant(&a.merchant_id)?;
        Ok(crate::report::export::file_name(&m.profile.legal_name, &a.saq, a.year, kind.extension()))
    }
}
