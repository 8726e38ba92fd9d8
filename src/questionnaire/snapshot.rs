//! The questionnaire as it stood when an assessment started: the SAQ, its requirements and their
//! principal titles, frozen into the assessment so later data changes never rewrite it.

use super::{Frequency, Principal, Questionnaire, Requirement, Saq};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// The frequency facts of one data set, by requirement, for snapshots taken before SAQ Desk
/// recorded them (see [`SaqSnapshot::fill_frequencies`]).
#[derive(Debug, Clone, Default)]
pub struct FrequencyFacts {
    questionnaire: String,
    version: String,
    by_requirement: HashMap<String, Vec<Frequency>>,
}

impl FrequencyFacts {
    pub fn of(q: &Questionnaire) -> Self {
        FrequencyFacts {
            questionnaire: q.name.clone(),
            version: q.version.clone(),
            by_requirement: q
                .catalog
                .requirements
                .iter()
                .filter(|r| !r.frequency.is_empty())
                .map(|r| (r.id.clone(), r.frequency.clone()))
                .collect(),
        }
    }
}

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

    /// A snapshot taken before frequencies were recorded holds none at all. Where it was taken
    /// from the same standard version as `facts`, its requirements get the frequencies `facts`
    /// gives them: the facts come from requirement text that version did not change, and without
    /// them the year's periods of such an assessment would silently go unchecked. Any other
    /// snapshot is left as it is. Returns whether anything was filled.
    pub fn fill_frequencies(&mut self, facts: &FrequencyFacts) -> bool {
        let same_version = self.questionnaire == facts.questionnaire && self.version == facts.version;
        if !same_version || self.requirements.iter().any(|r| !r.frequency.is_empty()) {
            return false;
        }
        let mut filled = false;
        for r in &mut self.requirements {
            if let Some(f) = facts.by_requirement.get(&r.id) {
                r.frequency = f.clone();
                filled = true;
            }
        }
        filled
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    pub fn principal_title(&self, id: &str) -> &str {
        self.principals.iter().find(|p| p.id == id).map(|p| p.title.as_str()).unwrap_or("")
    }
}
