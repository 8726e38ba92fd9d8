//! Scoping: which SAQ a Stripe merchant files, derived from `questionnaires/scoping.yaml`.

mod engine;
mod error;
mod model;

pub use engine::scope;
pub use error::ScopeError;
pub use model::*;

use crate::questionnaire::{Questionnaire, QuestionnaireError};
use std::path::Path;

/// Reads scoping.yaml and checks every SAQ, method and criterion it names exists in `q`.
pub fn load_rules(path: &Path, q: &Questionnaire) -> Result<ScopingRules, QuestionnaireError> {
    let src = crate::questionnaire::Source::read(path)?;
    let rules: ScopingRules = src.parse()?;
    let known_saq = |id: &str| q.saq(id).is_some();
    if !known_saq(&rules.fallback) {
        return Err(src.invalid(Some(&rules.fallback), 0, "fallback SAQ is not defined by the questionnaire"));
    }
    let mut seen = std::collections::HashSet::new();
    for m in &rules.methods {
        if !seen.insert(m.id.as_str()) {
            return Err(src.invalid(Some(&m.id), 1, "method listed twice"));
        }
        if !known_saq(&m.saq) {
            return Err(src.invalid(Some(&m.id), 0, format!("method maps to SAQ '{}', which is not defined", m.saq)));
        }
    }
    for question in &rules.questions {
        if !seen.insert(question.id.as_str()) {
            return Err(src.invalid(Some(&question.id), 1, "question ID listed twice or equal to a method ID"));
        }
        if !known_saq(&question.saq) {
            return Err(src.invalid(
                Some(&question.id),
                0,
                format!("question escalates to SAQ '{}', which is not defined", question.saq),
            ));
        }
        for m in &question.methods {
            if rules.method(m).is_none() {
                return Err(src.invalid(Some(&question.id), 0, format!("question names unknown method '{m}'")));
            }
        }
        if let Some(c) = &question.criterion {
            if !q.saqs.iter().any(|s| s.criterion(c).is_some()) {
                return Err(src.invalid(
                    Some(&question.id),
                    0,
                    format!("question names unknown eligibility criterion '{c}'"),
                ));
            }
        }
    }
    Ok(rules)
}
