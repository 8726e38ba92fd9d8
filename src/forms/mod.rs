//! The official PCI SSC SAQ and AOC Word forms: recognise a blank one, fill it from an
//! assessment's data.
//!
//! What a merchant uploads to Stripe or its acquirer is the PCI SSC's own form, so SAQ Desk fills
//! that form rather than drawing a look-alike. The form is edited, not rebuilt: only the legacy
//! form fields' results change (and rows are added where a list is longer than the form's
//! table), every other part of the package is copied byte for byte, and the same inputs always
//! give the same bytes.
//!
//! Everything here is pure: no store, no clock, no network.
//!
//! - [`recognise`]: which SAQ, version, revision and kind (SAQ with its AOC, or the separate
//!   AOC) a .docx is — from its structure, so translated editions are recognised too.
//! - [`fill`]: a filled copy of a blank form, with a [`FillReport`] of what was filled and what
//!   the data did not have.
//!
//! How the pieces fit: `package` opens the .docx defensively; `fields` scans
//! `word/document.xml` once into byte spans (tables, rows, cells, paragraphs, form fields);
//! `layout` finds each part of the form from the shapes of its rows; `recognise` names the form
//! from those parts and the facts in `catalog`; `fill` turns [`FormData`] into `edit`s, which
//! are spliced into the original text.
//!
//! Behaviours worth knowing:
//! - A form filled before can be given as the blank: values the new data leaves empty are put
//!   back to the form's placeholders, so nothing of the earlier answers survives.
//! - [`FormData::draft`] leaves the attestation itself (Part 3 status, Part 3a boxes, the Part 3b
//!   date) blank. Signatures are always left for the signers.
//! - Lists longer than the form's table get copies of one of its rows, placed before the table's
//!   last row; a second Compensating Controls Worksheet is a copy of the first, its numbered
//!   rows on a list of their own that starts again at 1 (`numbering`).

mod catalog;
mod edit;
mod error;
mod fields;
mod fill;
mod layout;
pub mod model;
mod numbering;
mod package;
mod recognise;
mod report;
mod xml;

pub use error::FormError;
pub use fill::Filled;
pub use model::*;
pub use package::{MAX_ENTRIES, MAX_ENTRY, MAX_FILE, MAX_RATIO, MAX_TOTAL, RATIO_FLOOR};
pub use report::{FillReport, Item as ReportItem, State as ReportState};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// The merchant SAQs SAQ Desk fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Saq {
    A,
    #[serde(rename = "A-EP")]
    AEp,
    C,
    #[serde(rename = "C-VT")]
    CVt,
    /// SAQ D for Merchants.
    D,
}

impl Saq {
    pub const ALL: [Saq; 5] = [Saq::A, Saq::AEp, Saq::C, Saq::CVt, Saq::D];

    /// "A", "A-EP", "C", "C-VT", "D": the codes the store uses.
    pub fn code(self) -> &'static str {
        match self {
            Saq::A => "A",
            Saq::AEp => "A-EP",
            Saq::C => "C",
            Saq::CVt => "C-VT",
            Saq::D => "D",
        }
    }

    pub fn from_code(code: &str) -> Option<Saq> {
        Saq::ALL.into_iter().find(|s| s.code().eq_ignore_ascii_case(code.trim()))
    }
}

impl fmt::Display for Saq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Saq {
    type Err = FormError;
    fn from_str(s: &str) -> Result<Saq, FormError> {
        Saq::from_code(s).ok_or_else(|| FormError::Data(format!("unknown SAQ {s:?} (valid: A, A-EP, C, C-VT, D)")))
    }
}

/// Whether the document is the SAQ (with its AOC in Sections 1 and 3) or the separate AOC form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum FormKind {
    SaqWithAoc,
    Aoc,
}

/// What a blank form is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormInfo {
    pub saq: Saq,
    pub kind: FormKind,
    /// "4.0.1".
    pub pci_dss_version: String,
    /// 0 for a first publication, 1 for "Revision 1"…
    pub revision: u32,
    /// Publication month of this edition, e.g. "January 2025".
    pub published: String,
    /// Section 2 rows with response boxes (0 for a separate AOC).
    pub answer_rows: usize,
    /// Those rows in form order: which requirement, and which bullet of it, each one answers.
    pub rows: Vec<RowRef>,
    /// Requirements answered in Section 2 (0 for a separate AOC).
    pub requirements: usize,
    /// Boxes per answer row: 4, or 5 in SAQ D (which has Not Tested).
    pub response_columns: usize,
    /// Part 2h criteria.
    pub eligibility_criteria: usize,
    /// Part 4's principal requirements, in form order.
    pub principal_requirements: Vec<String>,
}

/// One Section 2 answer row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowRef {
    pub requirement: String,
    /// 1-based; `None` for the requirement's own row.
    pub bullet: Option<usize>,
}

impl FormInfo {
    /// "SAQ A v4.0.1 Revision 1 (SAQ and AOC)".
    pub fn title(&self) -> String {
        let rev = if self.revision == 0 { String::new() } else { format!(" Revision {}", self.revision) };
        format!("SAQ {} v{}{rev} ({})", self.saq, self.pci_dss_version, self.kind.noun())
    }
}

/// Recognises a blank (or filled) form from its bytes. Refuses anything that is not a form SAQ
/// Desk can fill, saying why.
pub fn recognise(docx: &[u8]) -> Result<FormInfo, FormError> {
    Ok(recognise::analyse(docx)?.info)
}

/// [`recognise`] for a file.
pub fn recognise_file(path: &Path) -> Result<FormInfo, FormError> {
    recognise(&package::read_file(path)?)
}

/// Fills `blank` with `data`. Refuses a form of another SAQ than `expected`, and data the form
/// cannot express (a response the SAQ does not offer, a requirement it does not have).
pub fn fill(blank: &[u8], data: &FormData, expected: Saq) -> Result<Filled, FormError> {
    fill::fill(blank, data, expected)
}

/// [`fill`] from one file to another. `out` is written only when the fill succeeds, through a
/// temporary file beside it, so it is either untouched or complete.
pub fn fill_file(blank: &Path, out: &Path, data: &FormData, expected: Saq) -> Result<Filled, FormError> {
    let filled = fill(&package::read_file(blank)?, data, expected)?;
    crate::write_via_temp(
        out,
        |tmp| std::fs::write(tmp, &filled.bytes).map_err(|source| FormError::Io { path: tmp.to_path_buf(), source }),
        |source| FormError::Io { path: out.to_path_buf(), source },
    )?;
    Ok(filled)
}
