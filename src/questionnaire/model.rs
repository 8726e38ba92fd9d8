//! The shape of a loaded questionnaire: catalog of requirements plus the SAQs built from it.

pub use crate::schedule::Frequency;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// How a requirement is verified, as in the SAQ's "expected testing" column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Testing {
    Examine,
    Interview,
    Observe,
}

impl Testing {
    pub fn label(self) -> &'static str {
        match self {
            Testing::Examine => "Examine",
            Testing::Interview => "Interview",
            Testing::Observe => "Observe",
        }
    }
}

/// A payment channel as the AOC (Part 2a) names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    Ecommerce,
    Moto,
    CardPresent,
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Ecommerce => "E-commerce",
            Channel::Moto => "Mail order / telephone order (MOTO)",
            Channel::CardPresent => "Card-present",
        }
    }
}

/// The answer given for one requirement, as the SAQ response columns name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ResponseKind {
    InPlace,
    InPlaceCcw,
    NotApplicable,
    NotTested,
    NotInPlace,
}

impl ResponseKind {
    pub const ALL: [ResponseKind; 5] = [
        ResponseKind::InPlace,
        ResponseKind::InPlaceCcw,
        ResponseKind::NotApplicable,
        ResponseKind::NotTested,
        ResponseKind::NotInPlace,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ResponseKind::InPlace => "in-place",
            ResponseKind::InPlaceCcw => "in-place-ccw",
            ResponseKind::NotApplicable => "not-applicable",
            ResponseKind::NotTested => "not-tested",
            ResponseKind::NotInPlace => "not-in-place",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ResponseKind::InPlace => "In Place",
            ResponseKind::InPlaceCcw => "In Place with CCW",
            ResponseKind::NotApplicable => "Not Applicable",
            ResponseKind::NotTested => "Not Tested",
            ResponseKind::NotInPlace => "Not in Place",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.slug() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Requirement {
    pub id: String,
    pub principal: String,
    pub section: String,
    pub title: String,
    pub description: String,
    pub testing: Vec<Testing>,
    pub future_dated: bool,
    /// Where only one element of the requirement was future-dated, that element: the label then
    /// names it instead of suggesting the whole requirement was new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub future_dated_part: Option<String>,
    /// The 1-based bullets that were future-dated, where only some of a per-bullet requirement were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub future_dated_bullets: Vec<usize>,
    pub evidence: Vec<String>,
    /// The rows the form answers one by one under this requirement, in order. With `own_row` the
    /// last entry is the requirement's own row (the form prints it first): keeping it last lets an
    /// answer saved before the own row existed keep its bullet numbers.
    pub bullets: Vec<String>,
    /// The requirement's own row carries response boxes too, above its bullets (SAQ D 12.5.2).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub own_row: bool,
    /// How often the requirement's text asks for its activity; empty where it sets no period.
    /// Absent from snapshots taken before the field existed, which then read as "no period".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frequency: Vec<Frequency>,
}

impl Requirement {
    /// The bullets proper, without the requirement's own row.
    pub fn bullet_texts(&self) -> &[String] {
        match (self.own_row, self.bullets.split_last()) {
            (true, Some((_, rest))) => rest,
            _ => &self.bullets,
        }
    }

    /// How the answer row at `number` (1-based, as stored) is named in messages and the report.
    pub fn row_name(&self, number: usize) -> String {
        if self.own_row && number == self.bullets.len() {
            "requirement row".to_string()
        } else {
            format!("bullet {number}")
        }
    }

    /// The future-dated label for the requirement's own line, `None` when nothing was.
    pub fn future_dated_label(&self) -> Option<String> {
        if !self.future_dated {
            return None;
        }
        Some(match (&self.future_dated_part, self.future_dated_bullets.as_slice()) {
            (Some(part), _) => format!("future-dated element: {part}; mandatory since {FUTURE_DATED_SINCE}"),
            (None, [one]) => format!("bullet {one} future-dated; mandatory since {FUTURE_DATED_SINCE}"),
            (None, []) => format!("future-dated; mandatory since {FUTURE_DATED_SINCE}"),
            (None, many) => format!(
                "bullets {} future-dated; mandatory since {FUTURE_DATED_SINCE}",
                many.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ")
            ),
        })
    }
}

/// The day every future-dated v4.0.x requirement became mandatory, as the product writes it.
pub const FUTURE_DATED_SINCE: &str = "31 March 2025";

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub requirements: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Principal {
    pub id: String,
    pub title: String,
    pub sections: Vec<Section>,
}

/// Every requirement the data set knows, in PCI DSS order.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Catalog {
    pub principals: Vec<Principal>,
    pub requirements: Vec<Requirement>,
    #[serde(skip)]
    pub(crate) index: HashMap<String, usize>,
}

impl Catalog {
    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.index.get(id).map(|&i| &self.requirements[i])
    }

    pub fn principal(&self, id: &str) -> Option<&Principal> {
        self.principals.iter().find(|p| p.id == id)
    }

    /// Position of a requirement in catalog order, used to sort IDs the way PCI DSS lists them.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Decline {
    #[serde(default)]
    pub escalate_to: Option<String>,
    #[serde(default)]
    pub ask_qsa: bool,
    pub why: String,
}

/// Which channels an eligibility criterion speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum AppliesTo {
    All,
    Ecommerce,
    Moto,
    CardPresent,
}

impl AppliesTo {
    pub fn covers(self, channels: &[Channel]) -> bool {
        match self {
            AppliesTo::All => true,
            AppliesTo::Ecommerce => channels.contains(&Channel::Ecommerce),
            AppliesTo::Moto => channels.contains(&Channel::Moto),
            AppliesTo::CardPresent => channels.contains(&Channel::CardPresent),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Criterion {
    pub id: String,
    pub applies_to: AppliesTo,
    pub text: String,
    pub on_decline: Decline,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Note {
    pub requirement: String,
    pub text: String,
}

/// A requirement whose own row this SAQ answers as well as its bullets, and that row's text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct OwnRow {
    pub requirement: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Saq {
    pub id: String,
    pub name: String,
    pub version: String,
    pub published: String,
    pub source: String,
    pub summary: String,
    pub channels: Vec<Channel>,
    pub responses: Vec<ResponseKind>,
    pub part4_rows: Vec<String>,
    pub eligibility: Vec<Criterion>,
    pub requirements: Vec<String>,
    pub notes: Vec<Note>,
    /// Requirements whose own row is answered too (absent from snapshots taken before it existed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub own_rows: Vec<OwnRow>,
}

impl Saq {
    pub fn contains(&self, req: &str) -> bool {
        self.requirements.iter().any(|r| r == req)
    }

    pub fn allows(&self, r: ResponseKind) -> bool {
        self.responses.contains(&r)
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.eligibility.iter().find(|c| c.id == id)
    }

    pub fn notes_for<'a>(&'a self, req: &'a str) -> impl Iterator<Item = &'a Note> + 'a {
        self.notes.iter().filter(move |n| n.requirement == req)
    }
}

/// A whole data set: one PCI DSS version's catalog and its SAQs.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Questionnaire {
    pub name: String,
    pub version: String,
    pub catalog: Catalog,
    pub saqs: Vec<Saq>,
    /// Per SAQ, the requirements it shows differently from the catalog (an answered own row).
    #[serde(skip)]
    pub(crate) views: HashMap<String, HashMap<String, Requirement>>,
}

impl Questionnaire {
    pub fn saq(&self, id: &str) -> Option<&Saq> {
        self.saqs.iter().find(|s| s.id.eq_ignore_ascii_case(id))
    }

    pub fn saq_ids(&self) -> Vec<&str> {
        self.saqs.iter().map(|s| s.id.as_str()).collect()
    }

    /// Requirements of an SAQ in catalog order, each as that SAQ answers it.
    pub fn saq_requirements<'a>(&'a self, saq: &'a Saq) -> impl Iterator<Item = &'a Requirement> + 'a {
        saq.requirements.iter().filter_map(|id| self.requirement_in(saq, id))
    }

    /// One requirement as `saq` answers it: the catalog entry, plus its own row where the SAQ has one.
    pub fn requirement_in<'a>(&'a self, saq: &Saq, id: &str) -> Option<&'a Requirement> {
        self.views.get(&saq.id).and_then(|v| v.get(id)).or_else(|| self.catalog.get(id))
    }
}
