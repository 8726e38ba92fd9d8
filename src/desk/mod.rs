//! The product's API: every use case SAQ Desk offers, once. The CLI, the desktop app and the
//! development server are doors: they parse what they were given, call one method here, and print
//! or serialise the answer. The clock, the acting user and the source of new IDs come in from the
//! door, so the same input always gives the same output.
//!
//! What the product does, by the order an officer meets it:
//!
//! | area | use cases | module |
//! |---|---|---|
//! | the questionnaire | [`Desk::app_info`], [`Desk::saqs`], [`Desk::saq`], [`Desk::scoping_rules`], [`Desk::scope`] | `info` |
//! | merchants (AOC Part 1a) | [`Desk::merchants`], [`Desk::merchant`], [`Desk::set_merchant`] | `merchants` |
//! | assessments | [`Desk::new_assessment`], [`Desk::assessments`], [`Desk::assessment`], [`Desk::open_assessment`], [`Desk::set_details`], [`Desk::roll_forward`], [`Desk::delete_assessment`], [`Desk::history`] | `assessments` |
//! | answering | [`Desk::answer`], [`Desk::review`], [`Desk::confirm`], [`Desk::status`] | `answers` |
//! | the compliance year | [`Desk::schedule`], [`Desk::set_tra_period`], [`Desk::set_validation_due`], [`Desk::due`], [`Desk::calendar`], [`Desk::export_calendar`] | `schedule` |
//! | evidence | [`Desk::add_evidence`], [`Desk::evidence_list`], [`Desk::replace_evidence`], [`Desk::link_evidence`], [`Desk::remove_evidence`], [`Desk::evidence_preview`], [`Desk::save_evidence_file`] | `evidence` |
//! | attestation | [`Desk::attest`] | `answers` |
//! | what leaves | [`Desk::export`], [`Desk::bundle`], [`Desk::suggested_file_name`] | `export` |
//! | the official PCI SSC forms | [`Desk::add_blank_form`], [`Desk::blank_forms`], [`Desk::remove_blank_form`], [`Desk::fill_form`], [`Desk::filled_forms`] | `forms` |
//! | moving data | [`Desk::backup`], [`Desk::export_assessment`], [`Desk::import_assessment`] | `portable` |
//! | payment-page checks | [`Desk::check_csp`], [`Desk::check_page`], [`Desk::check_keys`] | `checks` |
//! | card data that got in before | [`Desk::sweep`], [`Desk::sweep_redact`], [`Desk::sweep_after_upgrade`] | `sweep` |

mod answers;
mod assessments;
mod checks;
mod error;
mod evidence;
mod export;
mod forms;
mod info;
mod merchants;
mod portable;
mod schedule;
mod sweep;

pub use answers::{
    AnswerRequest, AnswerResult, AttestRequest, ConfirmRequest, ConfirmResult, Declined, ReviewRequest, SplitRequest,
};
pub use assessments::{
    AssessmentView, AssessorPatch, DeleteResult, DetailsPatch, NewAssessmentRequest, RollForwardRequest, SaqView,
};
pub use checks::{Attach, CheckOutcome, CspCheck, KeysCheck, PageCheck};
pub use error::{ApiError, DeskError, ErrorCode};
pub use evidence::{
    AddEvidenceRequest, EvidenceListRequest, EvidenceListed, EvidencePreview, LinkEvidenceRequest, PreviewKind,
    ReplaceEvidenceRequest,
};
pub use export::{BundleRequest, ExportKind, ExportRequest, SaveRequest};
pub use forms::{AddBlankFormRequest, BlankFormAdded, FillFormRequest, FormFill};
pub use info::{AppInfo, SaqDetail, SaqInfo, SaqRequest};
pub use merchants::MerchantPatch;
pub use portable::{PortableRequest, Written};
pub use schedule::{
    CalendarExportRequest, CalendarView, CalendarWritten, CoveringEvidence, DueEntry, DueOverview, PeriodView,
    RecurringRequirement, SaqSchedule, SetTraPeriodRequest, SetValidationDueRequest, TraPeriodInput,
};

use crate::dataset::DataSet;
use crate::report::Templates;
use crate::store::{Ids, Store};
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

/// Where the desk reads its data, wording and answers from; `None` is the shipped default.
#[derive(Debug, Clone, Default)]
pub struct DeskConfig {
    pub db: Option<PathBuf>,
    pub questionnaires: Option<PathBuf>,
    pub templates: Option<PathBuf>,
}

pub struct Desk {
    data: DataSet,
    store: Store,
    templates_dir: PathBuf,
    /// Read on the first export, not at start: most commands never draw a report.
    templates: OnceCell<Templates>,
}

impl Desk {
    pub fn open(config: &DeskConfig) -> Result<Self, DeskError> {
        let data = match &config.questionnaires {
            Some(dir) => DataSet::open(dir)?,
            None => DataSet::open_default()?,
        };
        let db = config.db.clone().unwrap_or_else(crate::store::default_db_path);
        Self::with_data(data, &db, config.templates.clone())
    }

    /// A desk over data already loaded (tests and benchmarks load it once for many databases).
    pub fn with_data(data: DataSet, db: &Path, templates: Option<PathBuf>) -> Result<Self, DeskError> {
        let store =
            Store::open(db)?.with_frequency_facts(crate::questionnaire::FrequencyFacts::of(&data.questionnaire));
        let templates_dir = templates.unwrap_or_else(crate::report::templates::default_dir);
        Ok(Self { data, store, templates_dir, templates: OnceCell::new() })
    }

    /// New IDs from `ids` (a seeded sequence makes output reproducible).
    pub fn with_ids(mut self, ids: Ids) -> Self {
        self.store = self.store.with_ids(ids);
        self
    }

    fn templates(&self) -> Result<&Templates, DeskError> {
        if let Some(t) = self.templates.get() {
            return Ok(t);
        }
        let t = Templates::load(&self.templates_dir)?;
        Ok(self.templates.get_or_init(|| t))
    }

    pub fn db_path(&self) -> &Path {
        self.store.path()
    }

    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }
}
