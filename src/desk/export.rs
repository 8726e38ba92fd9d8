//! What leaves the building: the evidence report in four formats and the QSA bundle.

use super::{Desk, DeskError};
use crate::report::{BundleForm, ExportOutcome, Format, Reporter};
use crate::store::Actor;
use serde::{Deserialize, Serialize};
use sha2::Digest;
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
    /// The official PCI SSC form, filled.
    Form,
    /// The year's due dates as an RFC 5545 calendar (.ics).
    Calendar,
}

/// Any file the Export screen saves, by kind.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(optional_fields)]
pub struct SaveRequest {
    pub assessment: String,
    #[serde(default)]
    pub saq: Option<String>,
    pub kind: ExportKind,
    #[ts(type = "string")]
    pub out: PathBuf,
}

impl ExportKind {
    /// The report format this kind is drawn in; `None` for the bundle, the official form and the
    /// calendar.
    pub fn format(self) -> Option<Format> {
        match self {
            ExportKind::Pdf => Some(Format::Pdf),
            ExportKind::Html => Some(Format::Html),
            ExportKind::Md => Some(Format::Md),
            ExportKind::Json => Some(Format::Json),
            ExportKind::Bundle | ExportKind::Form | ExportKind::Calendar => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ExportKind::Pdf => "pdf",
            ExportKind::Html => "html",
            ExportKind::Md => "md",
            ExportKind::Json => "json",
            ExportKind::Bundle => "zip",
            ExportKind::Form => "docx",
            ExportKind::Calendar => "ics",
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

    /// The QSA bundle: the PDF, the official forms filled from the blanks kept for the SAQ,
    /// every evidence file in its original bytes, and a manifest.
    pub fn bundle(&mut self, req: BundleRequest, who: &Actor) -> Result<ExportOutcome, DeskError> {
        let a = self.store.part(&req.assessment, req.saq.as_deref())?;
        let merchant = self.store.merchant(&a.merchant_id)?.profile.legal_name;
        let (filled, notes) = self.fill_kept_forms(&a.id, &a.saq)?;
        let forms: Vec<BundleForm> = filled
            .iter()
            .map(|f| BundleForm {
                name: format!(
                    "{}-SAQ-{}-{}-{}.docx",
                    crate::report::export::safe_name(&merchant),
                    a.saq,
                    a.year,
                    if f.form.kind == "aoc" { "AOC" } else { "SAQ-and-AOC" }
                ),
                title: f.form.title.clone(),
                bytes: f.bytes.clone(),
                draft: f.draft,
            })
            .collect();
        let (reporter, store) = self.reporter_and_store()?;
        let outcome = reporter.bundle(store, &a.id, Some(&a.saq), &forms, &notes, &req.out, who)?;
        for f in &filled {
            self.record_fill(&a.id, &a.saq, f, hex::encode(sha2::Sha256::digest(&f.bytes)), None, who)?;
        }
        Ok(outcome)
    }

    /// Saves what the Export screen asked for: the report, the bundle, the calendar, or the
    /// official form (from the newest blank kept for the SAQ).
    pub fn save(&mut self, req: SaveRequest, who: &Actor) -> Result<ExportOutcome, DeskError> {
        let SaveRequest { assessment, saq, kind, out } = req;
        match kind.format() {
            Some(format) => self.export(ExportRequest { assessment, saq, format, out }, who),
            None if kind == ExportKind::Bundle => self.bundle(BundleRequest { assessment, saq, out }, who),
            None if kind == ExportKind::Calendar => {
                Ok(self.export_calendar(super::CalendarExportRequest { assessment, saq, out }, who)?.file)
            }
            None => {
                let req = super::FillFormRequest { assessment, saq, out, ..Default::default() };
                Ok(self.fill_form(req, who)?.docx)
            }
        }
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
