//! The official PCI SSC forms: keep the officer's blank copies, fill one from an SAQ of an
//! assessment, and make its PDF when LibreOffice is installed.

use super::{Desk, DeskError};
use crate::forms::{self, FillReport, FormKind, Saq};
use crate::report::{office, official, ExportOutcome};
use crate::store::{Actor, BlankForm, FilledForm, NewBlankForm};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use ts_rs::TS;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(optional_fields)]
pub struct AddBlankFormRequest {
    #[ts(type = "string")]
    pub path: PathBuf,
    /// The SAQ the form is given for ("A", "C"…): another SAQ's form is refused and not kept, so
    /// a screen about one SAQ never keeps a file it would not list.
    #[serde(default)]
    pub saq: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct BlankFormAdded {
    pub form: BlankForm,
    /// Section 2 rows with boxes (0 for a separate AOC), so the officer sees what was recognised.
    pub answer_rows: usize,
    pub eligibility_criteria: usize,
}

/// Which blank to fill: a file (kept for next time), or one kept before, by SHA-256 or a prefix.
/// With neither, the newest kept blank of the SAQ, of `kind` (the SAQ with its AOC by default).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct FillFormRequest {
    pub assessment: String,
    pub saq: Option<String>,
    #[ts(type = "string")]
    pub form: Option<PathBuf>,
    pub blank: Option<String>,
    pub kind: Option<FormKind>,
    #[ts(type = "string")]
    pub out: PathBuf,
    /// Also write `out` with a .pdf extension, by LibreOffice.
    pub pdf: bool,
}

/// What the form asked that the assessment did not have, and what the reader should know.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FormFill {
    pub docx: ExportOutcome,
    pub pdf: Option<ExportOutcome>,
    /// Why there is no PDF although one was asked for.
    pub pdf_note: Option<String>,
    pub form: BlankForm,
    pub saq: String,
    /// Not attested yet: Part 3's status, acknowledgements and date were left blank.
    pub draft: bool,
    pub filled: usize,
    /// "Part 1a contact phone", … : asked by the form, not known to the assessment.
    pub missing: Vec<String>,
    /// Left blank on purpose or filled with a remark ("Part 3b signature: left blank (signed by hand)").
    pub notes: Vec<String>,
}

/// An official form filled in memory, for a bundle.
pub(crate) struct FilledInMemory {
    pub bytes: Vec<u8>,
    pub form: BlankForm,
    pub draft: bool,
}

/// The official forms come as .docx of well under a megabyte; this leaves room for translations
/// and stays far below anything that would strain memory.
const MAX_FORM_BYTES: u64 = forms::MAX_FILE;

fn kind_slug(k: FormKind) -> &'static str {
    match k {
        FormKind::SaqWithAoc => "saq-with-aoc",
        FormKind::Aoc => "aoc",
    }
}

fn read_form(path: &Path) -> Result<Vec<u8>, DeskError> {
    let io = |source| DeskError::Io { path: path.to_path_buf(), source };
    let f = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    f.take(MAX_FORM_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_FORM_BYTES {
        return Err(forms::FormError::Hostile(format!(
            "{} is larger than {} MiB; the official forms are far smaller",
            path.display(),
            MAX_FORM_BYTES / (1024 * 1024)
        ))
        .into());
    }
    Ok(bytes)
}

impl Desk {
    /// Recognises a blank official form and keeps it (once), so it is offered again next year.
    pub fn add_blank_form(&mut self, req: AddBlankFormRequest, who: &Actor) -> Result<BlankFormAdded, DeskError> {
        let bytes = read_form(&req.path)?;
        let info = forms::recognise(&bytes)?;
        if let Some(code) = req.saq.as_deref() {
            let expected = Saq::from_code(code)
                .ok_or_else(|| DeskError::invalid("saq", format!("SAQ {code} has no official form SAQ Desk fills")))?;
            if info.saq != expected {
                return Err(forms::FormError::WrongSaq { expected, found: info.title() }.into());
            }
        }
        let name = req.path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "form.docx".into());
        let form = self.store.add_blank_form(
            &bytes,
            NewBlankForm { file_name: &name, saq: info.saq.code(), kind: kind_slug(info.kind), title: &info.title() },
            who,
        )?;
        Ok(BlankFormAdded { form, answer_rows: info.answer_rows, eligibility_criteria: info.eligibility_criteria })
    }

    /// Every blank form kept, newest first.
    pub fn blank_forms(&self) -> Result<Vec<BlankForm>, DeskError> {
        Ok(self.store.blank_forms()?)
    }

    pub fn remove_blank_form(&mut self, sha256: &str, who: &Actor) -> Result<(), DeskError> {
        let f = self.blank_form_by_prefix(sha256)?;
        Ok(self.store.remove_blank_form(&f.sha256, who)?)
    }

    /// Every fill of the SAQ's official forms, with the hash of what was written.
    pub fn filled_forms(&self, assessment: &str, saq: Option<&str>) -> Result<Vec<FilledForm>, DeskError> {
        let a = self.store.part(assessment, saq)?;
        Ok(self.store.filled_forms(&a.id, &a.saq)?)
    }

    fn blank_form_by_prefix(&self, key: &str) -> Result<BlankForm, DeskError> {
        let key = key.trim().to_ascii_lowercase();
        let found: Vec<BlankForm> =
            self.store.blank_forms()?.into_iter().filter(|f| !key.is_empty() && f.sha256.starts_with(&key)).collect();
        match found.len() {
            1 => Ok(found.into_iter().next().expect("one")),
            0 => Err(DeskError::NotFound { what: "blank form", key }),
            n => Err(DeskError::invalid("blank", format!("'{key}' matches {n} kept forms; give more of its SHA-256"))),
        }
    }

    /// The blank the request names, kept in the store (a file given is kept first).
    fn blank_for(&mut self, req: &FillFormRequest, saq: Saq, who: &Actor) -> Result<BlankForm, DeskError> {
        if req.form.is_some() && req.blank.is_some() {
            return Err(DeskError::invalid("form", "give a form file or a kept blank, not both"));
        }
        if let Some(path) = &req.form {
            // Another SAQ's form is refused before it is kept: nothing is written for a wrong file.
            let info = forms::recognise(&read_form(path)?)?;
            if info.saq != saq {
                return Err(forms::FormError::WrongSaq { expected: saq, found: info.title() }.into());
            }
            return Ok(self.add_blank_form(AddBlankFormRequest { path: path.clone(), saq: None }, who)?.form);
        }
        if let Some(key) = &req.blank {
            return self.blank_form_by_prefix(key);
        }
        let kind = req.kind.unwrap_or(FormKind::SaqWithAoc);
        let what = match kind {
            FormKind::SaqWithAoc => format!("SAQ {saq} form"),
            FormKind::Aoc => format!("AOC form for SAQ {saq}"),
        };
        let found = self.store.blank_forms()?.into_iter().find(|f| f.saq == saq.code() && f.kind == kind_slug(kind));
        found.ok_or_else(|| {
            DeskError::invalid(
                "form",
                format!(
                    "no blank {what} is kept yet: download it from the PCI SSC document library \
                     (www.pcisecuritystandards.org/document_library) and give it once"
                ),
            )
        })
    }

    /// Fills a kept blank from SAQ `saq` of the assessment, in memory.
    pub(crate) fn fill_in_memory(
        &self,
        assessment: &str,
        saq: Option<&str>,
        blank: &BlankForm,
    ) -> Result<(FilledInMemory, FillReport), DeskError> {
        let a = self.store.part(assessment, saq)?;
        let code = Saq::from_code(&a.saq)
            .ok_or_else(|| DeskError::invalid("saq", format!("SAQ {} has no official form SAQ Desk fills", a.saq)))?;
        let bytes = self.store.blank_form_bytes(&blank.sha256)?;
        let info = forms::recognise(&bytes)?;
        let data = official::form_data(&self.store, &a.id, Some(&a.saq), &info)?;
        let filled = forms::fill(&bytes, &data, code)?;
        Ok((FilledInMemory { bytes: filled.bytes, form: blank.clone(), draft: data.draft }, filled.report))
    }

    pub(crate) fn record_fill(
        &mut self,
        assessment_id: &str,
        saq: &str,
        f: &FilledInMemory,
        sha256: String,
        pdf_sha256: Option<String>,
        who: &Actor,
    ) -> Result<(), DeskError> {
        let record = FilledForm {
            saq: saq.to_string(),
            blank_sha256: f.form.sha256.clone(),
            title: f.form.title.clone(),
            sha256,
            pdf_sha256,
            attested: !f.draft,
            filled_at: who.now,
            filled_by: who.name.clone(),
        };
        Ok(self.store.record_filled_form(assessment_id, &record, who)?)
    }

    /// For a bundle: the newest kept blank of each kind for the SAQ, filled; and, for each kind
    /// not kept or no longer fillable, a note saying so.
    pub(crate) fn fill_kept_forms(
        &self,
        assessment_id: &str,
        saq: &str,
    ) -> Result<(Vec<FilledInMemory>, Vec<String>), DeskError> {
        let kept = self.store.blank_forms()?;
        let mut filled = Vec::new();
        let mut notes = Vec::new();
        for (kind, what) in [("saq-with-aoc", "SAQ"), ("aoc", "separate AOC")] {
            let Some(blank) = kept.iter().find(|f| f.saq == saq && f.kind == kind) else {
                if kind == "saq-with-aoc" {
                    notes.push(format!(
                        "No blank official SAQ {saq} form is kept, so the filled form is not in this bundle; \
                         add the PCI SSC's blank form on the Export screen or with `saqdesk form add`."
                    ));
                }
                continue;
            };
            match self.fill_in_memory(assessment_id, Some(saq), blank) {
                Ok((f, _)) => filled.push(f),
                Err(DeskError::Form(e)) => {
                    notes.push(format!("The kept {what} form {} was not filled: {e}", blank.title))
                }
                Err(e) => return Err(e),
            }
        }
        Ok((filled, notes))
    }

    /// Fills the official form for SAQ `saq` of the assessment and writes it to `out` (and its PDF
    /// beside it when asked). A draft fills as far as it goes; each fill is recorded with its hash.
    pub fn fill_form(&mut self, req: FillFormRequest, who: &Actor) -> Result<FormFill, DeskError> {
        let is_docx = req.out.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
        if !is_docx {
            return Err(DeskError::invalid("out", "the filled form is a Word file: give a name ending in .docx"));
        }
        let a = self.store.part(&req.assessment, req.saq.as_deref())?;
        let code = Saq::from_code(&a.saq)
            .ok_or_else(|| DeskError::invalid("saq", format!("SAQ {} has no official form SAQ Desk fills", a.saq)))?;
        let blank = self.blank_for(&req, code, who)?;
        if blank.saq != a.saq {
            return Err(forms::FormError::WrongSaq { expected: code, found: blank.title.clone() }.into());
        }
        let (filled, report) = self.fill_in_memory(&a.id, Some(&a.saq), &blank)?;
        let docx = crate::report::export::write_atomic(&req.out, &filled.bytes)?;
        let (pdf, pdf_note) = if req.pdf {
            let out = req.out.with_extension("pdf");
            match office::to_pdf(&req.out, &out) {
                Ok(()) => {
                    let bytes = std::fs::read(&out).map_err(|source| DeskError::Io { path: out.clone(), source })?;
                    let sha256 = hex::encode(Sha256::digest(&bytes));
                    (Some(ExportOutcome { path: out, sha256, bytes: bytes.len() as u64 }), None)
                }
                Err(e) => (None, Some(e.to_string())),
            }
        } else {
            (None, None)
        };
        self.record_fill(&a.id, &a.saq, &filled, docx.sha256.clone(), pdf.as_ref().map(|p| p.sha256.clone()), who)?;
        Ok(FormFill {
            docx,
            pdf,
            pdf_note,
            form: blank,
            saq: a.saq,
            draft: filled.draft,
            filled: report.filled_count(),
            missing: report.missing().map(|i| format!("{} {}", i.part, i.field)).collect(),
            notes: report.notes().map(|i| i.to_string()).collect(),
        })
    }
}
