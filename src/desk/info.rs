//! The questionnaire and the scoping engine, as the doors show them.

use super::{Desk, DeskError};
use crate::questionnaire::{Requirement, Saq};
use crate::scoping::{ScopeInput, ScopeResult, ScopingRules};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct SaqInfo {
    pub saq: String,
    pub name: String,
    pub version: String,
    pub requirements: usize,
    pub eligibility_criteria: usize,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    /// The database could only be opened for reading (write-protected file, folder or disk).
    pub read_only: bool,
    pub questionnaire: String,
    pub saqs: Vec<SaqInfo>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct SaqRequest {
    pub saq: String,
    /// Integration methods whose Stripe guidance to include.
    pub methods: Vec<String>,
}

/// One SAQ with its requirements in form order and, for the methods asked, Stripe's guidance.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SaqDetail {
    pub saq: Saq,
    pub requirements: Vec<Requirement>,
    /// Title of each principal requirement present, by its number.
    pub principals: BTreeMap<String, String>,
    pub stripe_guidance: BTreeMap<String, Vec<String>>,
}

impl Desk {
    pub fn app_info(&self) -> AppInfo {
        let q = &self.data.questionnaire;
        AppInfo {
            version: crate::VERSION.into(),
            db_path: self.store.path().display().to_string(),
            read_only: self.store.is_read_only(),
            questionnaire: format!("{} {}", q.name, q.version),
            saqs: self.saqs(),
        }
    }

    pub fn questionnaire_name(&self) -> String {
        let q = &self.data.questionnaire;
        format!("{} {}", q.name, q.version)
    }

    pub fn saqs(&self) -> Vec<SaqInfo> {
        self.data
            .questionnaire
            .saqs
            .iter()
            .map(|s| SaqInfo {
                saq: s.id.clone(),
                name: s.name.clone(),
                version: s.version.clone(),
                requirements: s.requirements.len(),
                eligibility_criteria: s.eligibility.len(),
                summary: s.summary.clone(),
            })
            .collect()
    }

    pub fn saq(&self, input: SaqRequest) -> Result<SaqDetail, DeskError> {
        let q = &self.data.questionnaire;
        let s = q.saq(&input.saq).ok_or_else(|| {
            DeskError::invalid("saq", format!("unknown SAQ '{}' (valid: {})", input.saq, q.saq_ids().join(", ")))
        })?;
        for m in &input.methods {
            if self.data.scoping.method(m).is_none() {
                let valid: Vec<&str> = self.data.scoping.methods.iter().map(|x| x.id.as_str()).collect();
                return Err(DeskError::invalid(
                    "methods",
                    format!("unknown integration method '{m}' (valid: {})", valid.join(", ")),
                ));
            }
        }
        let snapshot = crate::questionnaire::SaqSnapshot::take(q, s);
        let principals = snapshot.principals.iter().map(|p| (p.id.clone(), p.title.clone())).collect();
        Ok(SaqDetail {
            stripe_guidance: self.data.guidance_for(&snapshot, &input.methods),
            saq: s.clone(),
            requirements: snapshot.requirements,
            principals,
        })
    }

    pub fn scoping_rules(&self) -> ScopingRules {
        self.data.scoping.clone()
    }

    pub fn scope(&self, input: ScopeInput) -> Result<ScopeResult, DeskError> {
        Ok(crate::scoping::scope(&self.data.scoping, &self.data.questionnaire, &input)?)
    }
}
