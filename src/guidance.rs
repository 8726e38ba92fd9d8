//! Stripe-specific guidance per requirement (questionnaires/stripe-guidance.yaml): what a
//! requirement means for a merchant on each integration method, and what evidence satisfies it.

use crate::questionnaire::SaqSnapshot;
use crate::questionnaire::{Questionnaire, QuestionnaireError, Source};
use crate::scoping::ScopingRules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceFile {
    pub source: String,
    pub guidance: Vec<Guidance>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// Requirement IDs or eligibility-criterion IDs this note applies to.
    pub items: Vec<String>,
    /// Integration methods it concerns; `all` for every method.
    pub methods: Vec<String>,
    pub text: String,
    #[serde(default)]
    pub evidence: Vec<String>,
}

pub fn load(path: &Path, q: &Questionnaire, rules: &ScopingRules) -> Result<Vec<Guidance>, QuestionnaireError> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let src = Source::read(path)?;
    let file: GuidanceFile = src.parse()?;
    for g in &file.guidance {
        for item in &g.items {
            if q.catalog.get(item).is_none() && !q.saqs.iter().any(|s| s.criterion(item).is_some()) {
                return Err(src.invalid(
                    Some(item),
                    0,
                    "guidance names an unknown requirement or eligibility criterion",
                ));
            }
        }
        for m in &g.methods {
            if m != "all" && rules.method(m).is_none() {
                return Err(src.invalid(Some(m), 0, "guidance names an unknown integration method"));
            }
        }
        if g.text.trim().is_empty() {
            return Err(src.invalid(g.items.first().map(String::as_str), 0, "guidance text is empty"));
        }
    }
    Ok(file.guidance)
}

/// The guidance lines for each requirement and criterion of an assessment, filtered by the
/// methods it was scoped with (all guidance when it was not scoped).
pub fn for_assessment(all: &[Guidance], snap: &SaqSnapshot, methods: &[String]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for g in all {
        let relevant = methods.is_empty() || g.methods.iter().any(|m| m == "all" || methods.contains(m));
        if !relevant {
            continue;
        }
        for item in &g.items {
            if snap.requirement(item).is_some() || snap.saq.criterion(item).is_some() {
                let mut line = g.text.trim().to_string();
                if !g.evidence.is_empty() {
                    line.push_str(&format!(" Evidence: {}.", g.evidence.join("; ")));
                }
                out.entry(item.clone()).or_default().push(line);
            }
        }
    }
    out
}
