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
        if let Some(target) = question.saq.as_deref().filter(|t| !known_saq(t)) {
            return Err(src.invalid(
                Some(&question.id),
                0,
                format!("question escalates to SAQ '{target}', which is not defined"),
            ));
        }
        if question.channel.is_some() && question.saq.is_none() {
            return Err(src.invalid(Some(&question.id), 0, "a question that adds a channel must name its SAQ"));
        }
        if question.min_channels > 0 && (question.saq.is_some() || question.channel.is_some()) {
            return Err(src.invalid(
                Some(&question.id),
                0,
                "a question about several channels decides the filing route only; it cannot name an SAQ or channel",
            ));
        }
        for dep in question.only_if.keys() {
            let earlier = rules.questions.iter().take_while(|x| x.id != question.id).any(|x| &x.id == dep);
            if !earlier {
                return Err(src.invalid(
                    Some(&question.id),
                    0,
                    format!("only_if names '{dep}', which is not a question listed before this one"),
                ));
            }
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
    let sep = &rules.routes.separation_question;
    if rules.question(sep).is_none_or(|x| x.min_channels < 2) {
        return Err(src.invalid(
            Some(sep),
            0,
            "routes.separation_question must name a question asked only with several channels (min_channels: 2)",
        ));
    }
    Ok(rules)
}
