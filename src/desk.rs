//! The use cases both doors (CLI and desktop app) call: data set plus store, one API.

use crate::dataset::DataSet;
use crate::questionnaire::QuestionnaireError;
use crate::scoping::{self, ScopeError, ScopeInput};
use crate::store::{
    Actor, Assessment, Attestation, Confirmation, Evidence, Merchant, NewAssessment, Response, RollForward,
    ScopeRecord, Status, Store, StoreError, SweepReport, GUARD_GENERATION,
};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Any error from any layer, with a stable `code` for the UI and scripts.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Questionnaire(#[from] QuestionnaireError),
    #[error(transparent)]
    Scope(#[from] ScopeError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
}

impl DeskError {
    pub fn code(&self) -> &'static str {
        match self {
            DeskError::Questionnaire(_) => "questionnaire",
            DeskError::Scope(_) => "scope",
            DeskError::Store(e) => e.code(),
            DeskError::Report(e) => e.code(),
        }
    }

    pub fn field(&self) -> Option<String> {
        match self {
            DeskError::Store(e) => e.field().map(str::to_string),
            _ => None,
        }
    }
}

impl Serialize for DeskError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("DeskError", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("field", &self.field())?;
        st.end()
    }
}

pub struct Desk {
    pub data: DataSet,
    pub store: Store,
}

/// Everything the checklist screen shows for one assessment, read in one call.
#[derive(Debug, Serialize)]
pub struct AssessmentView {
    pub assessment: Assessment,
    pub merchant: Merchant,
    pub responses: Vec<Response>,
    pub confirmations: Vec<Confirmation>,
    /// Current evidence only; replaced and removed files stay in the history.
    pub evidence: Vec<Evidence>,
    /// IDs of evidence older than 12 months at `today`.
    pub stale_evidence: Vec<String>,
    pub status: Status,
    pub attestation: Option<Attestation>,
    /// Stripe guidance per requirement or criterion, for the methods the assessment was scoped with.
    pub guidance: BTreeMap<String, Vec<String>>,
}

impl Desk {
    pub fn open(data: DataSet, db: &Path) -> Result<Self, DeskError> {
        Ok(Self { data, store: Store::open(db)? })
    }

    pub fn scope(&self, input: &ScopeInput) -> Result<ScopeRecord, DeskError> {
        let result = scoping::scope(&self.data.scoping, &self.data.questionnaire, input)?;
        Ok(ScopeRecord { input: input.clone(), result })
    }

    /// Starts an assessment. With scoping answers and no SAQ named, the scoping result decides.
    pub fn new_assessment(
        &mut self,
        merchant: &str,
        year: i32,
        saq: Option<&str>,
        scope: Option<&ScopeInput>,
        who: &Actor,
    ) -> Result<Assessment, DeskError> {
        let record = scope.map(|s| self.scope(s)).transpose()?;
        let saq = match (saq, &record) {
            (Some(s), _) => s.to_string(),
            (None, Some(r)) => r.result.saq.clone(),
            (None, None) => {
                return Err(
                    StoreError::invalid("saq", "name the SAQ, or give the scoping answers that decide it").into()
                )
            }
        };
        let new = NewAssessment {
            merchant: merchant.to_string(),
            year,
            saq,
            period_start: None,
            period_end: None,
            scope: record,
        };
        Ok(self.store.create_assessment(&self.data.questionnaire, &new, who)?)
    }

    /// Opens an assessment for the checklist; `today` decides which evidence is stale.
    pub fn open_assessment(&self, key: &str, today: NaiveDate) -> Result<AssessmentView, DeskError> {
        let store = &self.store;
        let assessment = store.assessment(key)?;
        let evidence = store.evidence_current(&assessment.id)?;
        let methods: Vec<String> = assessment.scope.as_ref().map(|r| r.input.methods.clone()).unwrap_or_default();
        Ok(AssessmentView {
            merchant: store.merchant(&assessment.merchant_id)?,
            responses: store.responses(&assessment.id)?,
            confirmations: store.confirmations(&assessment.id)?,
            stale_evidence: evidence.iter().filter(|e| e.is_stale(today)).map(|e| e.id.clone()).collect(),
            evidence,
            status: store.status(&assessment.id)?,
            attestation: store.attestation(&assessment.id)?,
            guidance: self.data.guidance_for(&assessment.snapshot, &methods),
            assessment,
        })
    }

    pub fn roll_forward(
        &mut self,
        previous: &str,
        year: Option<i32>,
        saq: Option<&str>,
        who: &Actor,
    ) -> Result<RollForward, DeskError> {
        let prev = self.store.assessment(previous)?;
        let year = year.unwrap_or(prev.year + 1);
        Ok(self.store.roll_forward(&prev.id, &self.data.questionnaire, year, saq, who)?)
    }
}

impl Desk {
    /// Card numbers and Stripe secrets that an earlier version's guard let into the database or
    /// its backups. Reads only.
    pub fn sweep(&self) -> Result<SweepReport, DeskError> {
        Ok(self.store.sweep()?)
    }

    /// Masks every hit in place (last four digits kept), in the database and its backups.
    pub fn sweep_redact(&mut self, who: &Actor) -> Result<SweepReport, DeskError> {
        Ok(self.store.sweep_redact(who)?)
    }

    /// The sweep the app runs by itself: once after an upgrade to a guard that finds more, and
    /// again at each start while what it found is still there. `None` when there is nothing to say.
    pub fn sweep_after_upgrade(&mut self, who: &Actor) -> Result<Option<SweepReport>, DeskError> {
        let last = if self.store.is_read_only() { None } else { self.store.last_sweep()? };
        let due = match &last {
            None => true,
            Some(l) => l.generation < GUARD_GENERATION || (l.found > 0 && !l.redacted),
        };
        if !due {
            return Ok(None);
        }
        let report = self.store.sweep()?;
        if !self.store.is_read_only() {
            self.store.record_sweep(who, report.found(), false)?;
        }
        Ok((report.found() > 0).then_some(report))
    }
}
