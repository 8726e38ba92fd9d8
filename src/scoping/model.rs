//! Scoping data (questionnaires/scoping.yaml) and the engine's input and output.

use crate::questionnaire::{Channel, Criterion};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub id: String,
    pub label: String,
    pub explain: String,
    pub channel: Channel,
    pub saq: String,
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum YesNo {
    Yes,
    No,
}

impl YesNo {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" => Some(YesNo::Yes),
            "no" | "n" | "false" => Some(YesNo::No),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub ask: String,
    pub methods: Vec<String>,
    pub triggers_on: YesNo,
    pub saq: String,
    #[serde(default)]
    pub criterion: Option<String>,
    #[serde(default)]
    pub ask_qsa: bool,
    pub why: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopingRules {
    pub questionnaire: String,
    pub fallback: String,
    pub methods: Vec<Method>,
    pub questions: Vec<Question>,
}

impl ScopingRules {
    pub fn method(&self, id: &str) -> Option<&Method> {
        self.methods.iter().find(|m| m.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Follow-up questions that matter for the chosen methods, in file order.
    pub fn questions_for<'a>(&'a self, methods: &'a [String]) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions.iter().filter(move |q| q.methods.iter().any(|m| methods.contains(m)))
    }
}

/// What the merchant told the wizard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeInput {
    pub methods: Vec<String>,
    #[serde(default)]
    pub answers: BTreeMap<String, YesNo>,
    /// Eligibility criteria the merchant says it cannot confirm.
    #[serde(default)]
    pub declined: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelScope {
    pub channel: Channel,
    pub methods: Vec<String>,
    pub saq: String,
    pub eligibility: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub from: String,
    pub to: String,
    pub because: String,
    pub ask_qsa: bool,
}

/// The engine's answer: one covering SAQ, the per-channel alternative, and the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeResult {
    pub saq: String,
    pub per_channel: Vec<ChannelScope>,
    pub rationale: Vec<String>,
    pub eligibility: Vec<Criterion>,
    pub escalations: Vec<Escalation>,
    pub ask_qsa: bool,
    /// Follow-up questions relevant to the methods that were left unanswered (taken as "no").
    pub unanswered: Vec<String>,
}
