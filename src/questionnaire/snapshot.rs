//! The questionnaire as it stood when an assessment started: the SAQ, its requirements and their
//! principal titles, frozen into the assessment so later data changes never rewrite it.

use super::{Principal, Questionnaire, Requirement, Saq};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The questionnaire as it was when the assessment started.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct SaqSnapshot {
    pub questionnaire: String,
    pub version: String,
    pub saq: Saq,
    pub principals: Vec<PrincipalTitle>,
    pub requirements: Vec<Requirement>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct PrincipalTitle {
    pub id: String,
    pub title: String,
}

impl SaqSnapshot {
    pub fn take(q: &Questionnaire, saq: &Saq) -> Self {
        let requirements: Vec<Requirement> = q.saq_requirements(saq).cloned().collect();
        let principals = q
            .catalog
            .principals
            .iter()
            .filter(|p: &&Principal| requirements.iter().any(|r| r.principal == p.id))
            .map(|p| PrincipalTitle { id: p.id.clone(), title: p.title.clone() })
            .collect();
        Self { questionnaire: q.name.clone(), version: q.version.clone(), saq: saq.clone(), principals, requirements }
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    pub fn principal_title(&self, id: &str) -> &str {
        self.principals.iter().find(|p| p.id == id).map(|p| p.title.as_str()).unwrap_or("")
    }
}
