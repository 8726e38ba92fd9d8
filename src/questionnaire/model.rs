//! The shape of a loaded questionnaire: catalog of requirements plus the SAQs built from it.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How a requirement is verified, as in the SAQ's "expected testing" column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Requirement {
    pub id: String,
    pub principal: String,
    pub section: String,
    pub title: String,
    pub description: String,
    pub testing: Vec<Testing>,
    pub future_dated: bool,
    pub evidence: Vec<String>,
    pub bullets: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub requirements: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Principal {
    pub id: String,
    pub title: String,
    pub sections: Vec<Section>,
}

/// Every requirement the data set knows, in PCI DSS order.
#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Decline {
    #[serde(default)]
    pub escalate_to: Option<String>,
    #[serde(default)]
    pub ask_qsa: bool,
    pub why: String,
}

/// Which channels an eligibility criterion speaks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Criterion {
    pub id: String,
    pub applies_to: AppliesTo,
    pub text: String,
    pub on_decline: Decline,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Note {
    pub requirement: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize)]
pub struct Questionnaire {
    pub name: String,
    pub version: String,
    pub catalog: Catalog,
    pub saqs: Vec<Saq>,
}

impl Questionnaire {
    pub fn saq(&self, id: &str) -> Option<&Saq> {
        self.saqs.iter().find(|s| s.id.eq_ignore_ascii_case(id))
    }

    pub fn saq_ids(&self) -> Vec<&str> {
        self.saqs.iter().map(|s| s.id.as_str()).collect()
    }

    /// Requirements of an SAQ in catalog order, each with its catalog entry.
    pub fn saq_requirements<'a>(&'a self, saq: &'a Saq) -> impl Iterator<Item = &'a Requirement> + 'a {
        saq.requirements.iter().filter_map(|id| self.catalog.get(id))
    }
}
