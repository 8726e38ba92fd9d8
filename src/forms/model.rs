//! What the form asks, as plain data. It knows nothing of the store or the report model: the
//! caller maps an assessment onto it, and anything left empty is reported as not filled.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A requirement (or bullet) response, in the form's column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Response {
    InPlace,
    InPlaceCcw,
    NotApplicable,
    /// SAQ D only.
    NotTested,
    NotInPlace,
}

impl Response {
    pub const ALL: [Response; 5] =
        [Response::InPlace, Response::InPlaceCcw, Response::NotApplicable, Response::NotTested, Response::NotInPlace];

    /// Which of a row's `columns` boxes (4, or 5 in SAQ D) stands for this response.
    pub fn column(self, columns: usize) -> Option<usize> {
        match (self, columns) {
            (Response::InPlace, _) => Some(0),
            (Response::InPlaceCcw, _) => Some(1),
            (Response::NotApplicable, _) => Some(2),
            (Response::NotTested, 5) => Some(3),
            (Response::NotTested, _) => None,
            (Response::NotInPlace, n) => Some(n - 1),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Response::InPlace => "In Place",
            Response::InPlaceCcw => "In Place with CCW",
            Response::NotApplicable => "Not Applicable",
            Response::NotTested => "Not Tested",
            Response::NotInPlace => "Not in Place",
        }
    }
}

/// The answer to one requirement. For a requirement the form answers per bullet, `bullets`
/// holds one response per bullet (1-based bullet *n* is `bullets[n - 1]`); `response` is then used
/// for the requirement's own row where it has boxes (12.5.2 in SAQ D), and for every bullet when
/// `bullets` is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answer {
    pub response: Option<Response>,
    pub bullets: Vec<Option<Response>>,
}

impl Answer {
    pub fn of(r: Response) -> Self {
        Answer { response: Some(r), bullets: Vec::new() }
    }

    pub fn per_bullet(bullets: Vec<Option<Response>>) -> Self {
        Answer { response: None, bullets }
    }

    /// The response of bullet `n` (1-based).
    pub fn bullet(&self, n: usize) -> Option<Response> {
        if self.bullets.is_empty() {
            self.response
        } else {
            self.bullets.get(n.wrapping_sub(1)).copied().flatten()
        }
    }

    /// Every response this answer uses.
    pub fn kinds(&self) -> BTreeSet<Response> {
        self.response.into_iter().chain(self.bullets.iter().flatten().copied()).collect()
    }
}

/// AOC Part 1a.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Merchant {
    pub company_name: String,
    pub dba: String,
    pub mailing_address: String,
    pub website: String,
    pub contact_name: String,
    pub contact_title: String,
    pub contact_phone: String,
    pub contact_email: String,
}

/// AOC Part 1b, the Qualified Security Assessor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Qsa {
    pub company_name: String,
    pub mailing_address: String,
    pub website: String,
    pub lead_assessor: String,
    pub phone: String,
    pub email: String,
    pub certificate_number: String,
}

/// Part 2a: the payment channels this assessment covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Channels {
    pub moto: bool,
    pub ecommerce: bool,
    pub card_present: bool,
}

/// Part 2b: how one channel stores, processes or transmits account data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelRole {
    pub channel: String,
    pub how: String,
}

/// Part 2d.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Location {
    pub facility_type: String,
    pub count: u32,
    pub city_country: String,
}

/// Part 2e.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValidatedProduct {
    pub name: String,
    pub version: String,
    pub standard: String,
    pub listing_reference: String,
    pub expiry: Option<NaiveDate>,
}

/// Part 2f: whether the merchant has service providers that…
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderRelations {
    /// …store, process or transmit account data on its behalf;
    pub handle_account_data: Option<bool>,
    /// …manage system components in scope;
    pub manage_components: Option<bool>,
    /// …could affect the security of its cardholder data environment.
    pub could_affect_security: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceProvider {
    pub name: String,
    pub services: String,
}

/// Appendix B: one Compensating Controls Worksheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ccw {
    /// "8.3.6", or "6.4.3 bullet 2".
    pub requirement: String,
    /// The requirement's short definition, written after its number.
    pub definition_of_requirement: String,
    pub constraints: String,
    pub definition: String,
    /// The objective of the original control.
    pub objective: String,
    /// The objective the compensating control meets (the worksheet's second objective row).
    pub objective_met: String,
    pub identified_risk: String,
    pub validation: String,
    pub maintenance: String,
}

/// Appendix C row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotApplicable {
    pub requirement: String,
    pub reason: String,
}

/// Appendix D row (SAQ D).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotTested {
    pub requirement: String,
    /// Which part of the requirement was not tested.
    pub what: String,
    pub why: String,
}

/// A Part 3 legal-exception row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LegalException {
    pub requirement: String,
    pub details: String,
}

/// Part 3: the compliance status the signatory asserts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum Status {
    Compliant,
    NonCompliant { target_date: Option<NaiveDate> },
    CompliantWithLegalException { exceptions: Vec<LegalException> },
}

/// Part 3, SAQ D: whether every requirement was assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Extent {
    Full,
    Partial,
}

/// Part 3b. The signature itself is left for the signatory's hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Signatory {
    pub name: String,
    pub title: String,
    pub date: Option<NaiveDate>,
}

/// Parts 3c and 3d: what a QSA or ISA did in this assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Involvement {
    pub performed_testing: bool,
    /// Set when the assessor gave other assistance, with a description of it.
    pub other_assistance: Option<String>,
}

/// Part 4: one principal requirement's row of the action plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionItem {
    /// "1" … "12" or "A2".
    pub principal: String,
    pub compliant: Option<bool>,
    pub remediation_date: Option<NaiveDate>,
    pub actions: String,
}

/// Everything the SAQ and its AOC ask. Empty strings, `None` and empty lists mean "not known yet":
/// the field stays blank and the fill report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormData {
    /// Part 1a.
    pub merchant: Merchant,
    /// Part 1b: the ISA names; empty when no ISA took part.
    pub isa_names: Vec<String>,
    /// Part 1b: the QSA; `None` when no QSA took part.
    pub qsa: Option<Qsa>,
    /// What the form asks to enter for an assessor type that took no part ("Not Applicable" in the
    /// English forms; set it to the translation when filling a translated form).
    pub not_applicable_text: String,
    /// Part 2a.
    pub channels: Channels,
    /// Part 2a: `Some(which and why)` when a channel is left out of this assessment.
    pub channels_excluded: Option<String>,
    /// Part 2b.
    pub channel_roles: Vec<ChannelRole>,
    /// Part 2c.
    pub environment: String,
    pub segmentation: Option<bool>,
    /// Part 2d.
    pub locations: Vec<Location>,
    /// Part 2e; `None` means "yes" when products are listed, else unanswered.
    pub uses_validated_products: Option<bool>,
    pub validated_products: Vec<ValidatedProduct>,
    /// Part 2f.
    pub provider_relations: ProviderRelations,
    pub service_providers: Vec<ServiceProvider>,
    /// Part 2g: for each principal requirement ("1" … "12", "A2"), the responses used. Left empty,
    /// it is worked out from `responses`.
    pub summary: BTreeMap<String, BTreeSet<Response>>,
    /// Part 2h: one entry per eligibility criterion, in the form's order; `true` = confirmed.
    pub eligibility: Vec<bool>,
    /// Section 2 and Part 3.
    pub completion_date: Option<NaiveDate>,
    /// Section 2: requirement ID ("12.5.2") to its answer.
    pub responses: BTreeMap<String, Answer>,
    /// Appendix B.
    pub ccws: Vec<Ccw>,
    /// Appendix C.
    pub not_applicable: Vec<NotApplicable>,
    /// Appendix D (SAQ D).
    pub not_tested: Vec<NotTested>,
    /// Part 3.
    pub status: Option<Status>,
    /// Part 3, SAQ D; left `None`, it is Partial when any answer is Not Tested, else Full.
    pub extent: Option<Extent>,
    /// Part 3a, in the form's order.
    pub acknowledgements: [bool; 3],
    /// Part 3b.
    pub signatory: Signatory,
    /// Part 3c; the lead QSA's name and company come from `qsa`.
    pub qsa_involvement: Involvement,
    /// Part 3d.
    pub isa_involvement: Involvement,
    /// Part 4; only filled when given (the form asks for it only on request).
    pub action_plan: Vec<ActionItem>,
    /// A draft leaves the attestation itself — the Part 3 status, the Part 3a acknowledgements
    /// and the signature date — blank, so that an unsigned draft cannot pass for an AOC.
    pub draft: bool,
}

impl Default for FormData {
    fn default() -> Self {
        FormData {
            merchant: Merchant::default(),
            isa_names: Vec::new(),
            qsa: None,
            not_applicable_text: "Not Applicable".into(),
            channels: Channels::default(),
            channels_excluded: None,
            channel_roles: Vec::new(),
            environment: String::new(),
            segmentation: None,
            locations: Vec::new(),
            uses_validated_products: None,
            validated_products: Vec::new(),
            provider_relations: ProviderRelations::default(),
            service_providers: Vec::new(),
            summary: BTreeMap::new(),
            eligibility: Vec::new(),
            completion_date: None,
            responses: BTreeMap::new(),
            ccws: Vec::new(),
            not_applicable: Vec::new(),
            not_tested: Vec::new(),
            status: None,
            extent: None,
            acknowledgements: [false; 3],
            signatory: Signatory::default(),
            qsa_involvement: Involvement::default(),
            isa_involvement: Involvement::default(),
            action_plan: Vec::new(),
            draft: false,
        }
    }
}

/// The principal requirement a requirement ID belongs to: "12" for "12.5.2", "A2" for "A2.1.1".
pub fn principal_of(requirement: &str) -> &str {
    requirement.split('.').next().unwrap_or(requirement)
}

impl FormData {
    /// Part 2g as the form should show it: `summary` when given, else the responses used in
    /// Section 2 for each principal requirement.
    pub fn summary_or_derived(&self) -> BTreeMap<String, BTreeSet<Response>> {
        if !self.summary.is_empty() {
            return self.summary.clone();
        }
        let mut out: BTreeMap<String, BTreeSet<Response>> = BTreeMap::new();
        for (id, a) in &self.responses {
            let kinds = a.kinds();
            if !kinds.is_empty() {
                out.entry(principal_of(id).to_string()).or_default().extend(kinds);
            }
        }
        out
    }
}
