//! Scoping data (questionnaires/scoping.yaml) and the engine's input and output.

use crate::questionnaire::{Channel, Criterion};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub id: String,
    pub label: String,
    pub explain: String,
    pub channel: Channel,
    pub saq: String,
    pub why: String,
    /// Something the merchant must know that no SAQ of this tool settles (e.g. service-provider
    /// validation), shown whenever the method is chosen.
    #[serde(default)]
    pub warning: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub ask: String,
    pub methods: Vec<String>,
    /// Asked only when each of these earlier questions has this answer (an unanswered question
    /// counts as "no").
    #[serde(default)]
    pub only_if: BTreeMap<String, YesNo>,
    /// Asked only when the chosen methods span at least this many payment channels.
    #[serde(default)]
    pub min_channels: usize,
    pub triggers_on: YesNo,
    /// The SAQ a triggering answer calls for; none when the answer only opens further questions
    /// or decides a filing route.
    #[serde(default)]
    pub saq: Option<String>,
    /// A triggering answer adds this payment channel for the method, filed with `saq`, instead of
    /// changing the SAQ of the method's own channel.
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub criterion: Option<String>,
    #[serde(default)]
    pub ask_qsa: bool,
    /// Shown in the result when the answer triggers: an interpretation to agree with a QSA.
    #[serde(default)]
    pub warning: Option<String>,
    pub why: String,
}

/// Who asks for each way of filing when the merchant uses several payment channels.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RouteRules {
    /// The question whose "yes" says the channels are kept apart from each other.
    pub separation_question: String,
    pub per_channel: RouteText,
    pub covering: RouteText,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RouteText {
    pub who_asks: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ScopingRules {
    pub questionnaire: String,
    pub fallback: String,
    pub routes: RouteRules,
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct ScopeInput {
    pub methods: Vec<String>,
    #[serde(default)]
    pub answers: BTreeMap<String, YesNo>,
    /// Eligibility criteria the merchant says it cannot confirm.
    #[serde(default)]
    pub declined: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChannelScope {
    pub channel: Channel,
    pub methods: Vec<String>,
    pub saq: String,
    pub eligibility: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Escalation {
    pub from: String,
    pub to: String,
    pub because: String,
    pub ask_qsa: bool,
}

/// The two ways to file: one SAQ per payment channel, or one SAQ covering every channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum RouteKind {
    PerChannel,
    /// The default for results stored before routes existed: they only had the covering SAQ.
    #[default]
    Covering,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Route {
    pub kind: RouteKind,
    /// The SAQs filed on this route, in channel order, each once.
    pub saqs: Vec<String>,
    /// Who documents or asks for this route, in SAQ Desk's words.
    pub who_asks: String,
    /// Whether the answers allow this route.
    pub valid: bool,
    pub why: String,
    /// Unanswered questions that decide `valid` (it is `false` until they are answered yes).
    #[serde(default)]
    pub pending: Vec<String>,
}

/// The engine's answer: the covering SAQ (`saq`), the per-channel SAQs, both filing routes with
/// the one recommended, and the reasons. Fields added after the first release default, so scope
/// records stored by older versions still load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScopeResult {
    pub saq: String,
    pub per_channel: Vec<ChannelScope>,
    pub rationale: Vec<String>,
    pub eligibility: Vec<Criterion>,
    pub escalations: Vec<Escalation>,
    pub ask_qsa: bool,
    /// Follow-up questions that apply to these answers but were left unanswered (taken as "no").
    pub unanswered: Vec<String>,
    /// Every follow-up question that applies to these methods and answers, in the order to ask them.
    #[serde(default)]
    pub asked: Vec<String>,
    /// Per-channel route first, then covering.
    #[serde(default)]
    pub routes: Vec<Route>,
    #[serde(default)]
    pub recommended: RouteKind,
    /// Points no SAQ settles, to take to Stripe, the acquirer or a QSA.
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl ScopeResult {
    pub fn route(&self, kind: RouteKind) -> Option<&Route> {
        self.routes.iter().find(|r| r.kind == kind)
    }
}
