//! Where an assessment stands: progress per principal requirement, every problem that blocks
//! attestation, and the compliance status the answers lead to. The same rules serve CLI and app.

use super::assessment::Assessment;
use super::error::{Blocker, StoreError};
use super::ids::{AssessmentId, AssessmentState};
use super::response::Response;
use super::Store;
use crate::questionnaire::{Requirement, ResponseKind};
use crate::schedule::{in_place_warning, Coverage, ScheduleWarning};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Blocker items for the AOC executive summary (not requirements: the UI takes the user to the
/// Part 2 form for these).
pub const AOC_PART_2B: &str = "AOC-2b";
pub const AOC_PART_2C: &str = "AOC-2c";
pub const AOC_PART_2E: &str = "AOC-2e";
pub const AOC_PART_2F: &str = "AOC-2f";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Compliance {
    Compliant,
    NonCompliant,
    CompliantWithLegalException,
}

impl Compliance {
    pub fn label(self) -> &'static str {
        match self {
            Compliance::Compliant => "Compliant",
            Compliance::NonCompliant => "Non-Compliant",
            Compliance::CompliantWithLegalException => "Compliant but with Legal exception",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Progress {
    pub principal: String,
    pub title: String,
    pub total: usize,
    pub answered: usize,
    pub in_place: usize,
    pub not_in_place: usize,
    pub review_needed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Status {
    pub assessment_id: AssessmentId,
    pub saq: String,
    pub status: AssessmentState,
    pub total: usize,
    pub answered: usize,
    pub progress: Vec<Progress>,
    pub blockers: Vec<Blocker>,
    /// What the answers amount to now; final only once `blockers` is empty.
    pub compliance: Compliance,
    pub ready: bool,
    /// Flags for the officer that never block attestation: an In Place answer to a recurring
    /// requirement whose past periods no dated evidence covers, or whose TRA period is not entered.
    /// Each can be settled with the record, or explained to the QSA.
    #[serde(default)]
    pub warnings: Vec<ScheduleWarning>,
}

impl Store {
    /// Progress, blockers and warnings of SAQ `saq` of the assessment (or of its only SAQ) on
    /// `today`, which decides which periods are past.
    pub fn status_on(&self, key: &str, saq: Option<&str>, today: NaiveDate) -> Result<Status, StoreError> {
        self.evaluate_part_on(&self.part(key, saq)?, today)
    }

    /// Progress and blockers without the warnings, which need a day (see [`Store::status_on`]).
    pub fn status(&self, key: &str, saq: Option<&str>) -> Result<Status, StoreError> {
        self.evaluate_part(&self.part(key, saq)?)
    }

    /// The status with its warnings on `today`.
    pub(crate) fn evaluate_part_on(&self, a: &Assessment, today: NaiveDate) -> Result<Status, StoreError> {
        let coverage = self.schedule_facts(a, today)?.coverage;
        self.evaluate_with(a, &coverage)
    }

    /// The status without warnings, which need a day: for what only asks whether anything
    /// blocks (attesting, the list of assessments).
    pub(crate) fn evaluate_part(&self, a: &Assessment) -> Result<Status, StoreError> {
        self.evaluate_with(a, &[])
    }

    fn evaluate_with(&self, a: &Assessment, coverage: &[Coverage]) -> Result<Status, StoreError> {
        let responses = self.responses(&a.id, &a.saq)?;
        let confirmations = self.confirmations(&a.id)?;
        let confirmed: Vec<&str> =
            confirmations.iter().filter(|c| c.confirmed).map(|c| c.criterion_id.as_str()).collect();
        Ok(evaluate(a, &responses, &confirmed, coverage))
    }
}

/// " (bullets 2, 3)" when the response comes from some of the requirement's bullets.
fn bullets_note(r: &Response, req: &Requirement, kind: ResponseKind) -> String {
    r.rows_named(kind, req).map(|b| format!(" ({b})")).unwrap_or_default()
}

/// What stands between the SAQ and its attestation, in the order the officer meets it.
#[derive(Default)]
struct Blockers(Vec<Blocker>);

impl Blockers {
    fn add(&mut self, item: &str, code: &str, message: String) {
        self.0.push(Blocker { item: item.to_string(), code: code.to_string(), message });
    }
}

/// Where SAQ `a` stands. `coverage` (of its recurring requirements) gives the warnings; empty, none.
pub fn evaluate(a: &Assessment, responses: &[Response], confirmed: &[&str], coverage: &[Coverage]) -> Status {
    let by_id: HashMap<&str, &Response> = responses.iter().map(|r| (r.requirement_id.as_str(), r)).collect();
    let mut blockers = Blockers::default();
    eligibility_blockers(a, confirmed, &mut blockers);
    aoc_blockers(a, &mut blockers);
    let mut answered = 0;
    for req in &a.snapshot.requirements {
        if answer_blockers(a, req, by_id.get(req.id.as_str()).copied(), &mut blockers) {
            answered += 1;
        }
    }
    let ready = blockers.0.is_empty();
    let warnings = coverage
        .iter()
        .filter_map(|c| in_place_warning(c, by_id.get(c.requirement()).and_then(|r| r.response)))
        .collect();
    Status {
        assessment_id: a.id.clone(),
        saq: a.saq.clone(),
        status: if a.status == AssessmentState::Attested {
            AssessmentState::Attested
        } else if ready {
            AssessmentState::Ready
        } else {
            AssessmentState::Draft
        },
        total: a.snapshot.requirements.len(),
        answered,
        progress: progress(a, &by_id),
        blockers: blockers.0,
        compliance: compliance(&by_id),
        ready,
        warnings,
    }
}

fn eligibility_blockers(a: &Assessment, confirmed: &[&str], blockers: &mut Blockers) {
    for c in &a.snapshot.saq.eligibility {
        // A SAQ filed for some channels is confirmed for those channels; otherwise for the
        // channels the scoping found, or all of its criteria when it was not scoped.
        let applies = if !a.channels.is_empty() {
            c.applies_to.covers(&a.channels)
        } else {
            match &a.scope {
                Some(s) => s.result.eligibility.iter().any(|e| e.id == c.id) || !a.snapshot.saq.id.eq(&s.result.saq),
                None => true,
            }
        };
        if applies && !confirmed.contains(&c.id.as_str()) {
            blockers.add(&c.id, "eligibility_unconfirmed", format!("eligibility criterion not confirmed: {}", c.text));
        }
    }
}

/// The AOC's executive summary is part of what is signed: a QSA or acquirer reads Part 2b and 2c
/// before any answer.
fn aoc_blockers(a: &Assessment, blockers: &mut Blockers) {
    let roles_given = a.details.channel_roles.iter().any(|r| !r.how.trim().is_empty());
    if a.details.how_channels_handle_data.trim().is_empty() && !roles_given {
        blockers.add(
            AOC_PART_2B,
            "aoc_incomplete",
            "AOC Part 2b is empty: describe how each payment channel stores, processes or transmits card data".into(),
        );
    }
    if a.details.environment_description.trim().is_empty() {
        blockers.add(
            AOC_PART_2C,
            "aoc_incomplete",
            "AOC Part 2c is empty: describe the systems, networks and locations this assessment covers".into(),
        );
    }
    // Part 2e and 2f are Yes/No boxes on the signed form: a blank box is a question the acquirer
    // sends back, so each needs an answer, and a Yes needs the product it refers to.
    let d = &a.details;
    let products_named = !d.products.is_empty() || !d.validated_products.trim().is_empty();
    match d.uses_validated_products {
        None if !products_named => blockers.add(
            AOC_PART_2E,
            "aoc_incomplete",
            "AOC Part 2e is not answered: say whether the business uses any product or solution from the PCI SSC lists"
                .into(),
        ),
        Some(true) if !products_named => blockers.add(
            AOC_PART_2E,
            "aoc_incomplete",
            "AOC Part 2e says a PCI SSC-listed product is used but names none: add it, or answer No".into(),
        ),
        _ => {}
    }
    let providers = [
        (d.providers_handle_account_data, "store, process or transmit account data"),
        (d.providers_manage_components, "manage system components in scope"),
        (d.providers_could_affect_security, "could affect the security of account data"),
    ];
    let open: Vec<&str> = providers.iter().filter(|(v, _)| v.is_none()).map(|(_, q)| *q).collect();
    if !open.is_empty() {
        blockers.add(
            AOC_PART_2F,
            "aoc_incomplete",
            format!("AOC Part 2f is not answered: say whether service providers {}", open.join("; whether they ")),
        );
    }
}

/// Answers and outcomes per principal requirement.
fn progress(a: &Assessment, by_id: &HashMap<&str, &Response>) -> Vec<Progress> {
    let mut progress: Vec<Progress> = a
        .snapshot
        .principals
        .iter()
        .map(|p| Progress {
            principal: p.id.clone(),
            title: p.title.clone(),
            total: 0,
            answered: 0,
            in_place: 0,
            not_in_place: 0,
            review_needed: 0,
        })
        .collect();
    for req in &a.snapshot.requirements {
        let Some(p) = progress.iter_mut().find(|p| p.principal == req.principal) else { continue };
        let r = by_id.get(req.id.as_str());
        p.total += 1;
        if let Some(resp) = r.and_then(|r| r.response) {
            p.answered += 1;
            match resp {
                ResponseKind::NotInPlace => p.not_in_place += 1,
                ResponseKind::InPlace | ResponseKind::InPlaceCcw => p.in_place += 1,
                _ => {}
            }
        }
        if r.is_some_and(|r| r.review_needed) {
            p.review_needed += 1;
        }
    }
    progress
}

/// The blockers of one requirement's answer; true when it has a response (whole, or from every
/// bullet).
fn answer_blockers(a: &Assessment, req: &Requirement, r: Option<&Response>, blockers: &mut Blockers) -> bool {
    let Some(r) = r else {
        blockers.add(&req.id, "unanswered", "no response yet".into());
        return false;
    };
    if r.review_needed {
        blockers.add(&req.id, "review_needed", "carried forward from last year; review and save it".into());
    }
    if r.response.is_none() {
        blockers.add(&req.id, "unanswered", unanswered_message(req, r));
        return false;
    }
    // A bullet answered Not Applicable needs the same explanation as a whole requirement would.
    for used in r.kinds() {
        match used {
            ResponseKind::NotApplicable if r.explanation.trim().is_empty() => blockers.add(
                &req.id,
                "explanation_missing",
                format!("Not Applicable needs an explanation (Appendix C){}", bullets_note(r, req, used)),
            ),
            ResponseKind::NotTested if r.explanation.trim().is_empty() => blockers.add(
                &req.id,
                "explanation_missing",
                format!(
                    "Not Tested needs a description of what was not tested and why (Appendix D){}",
                    bullets_note(r, req, used)
                ),
            ),
            ResponseKind::NotTested if !a.snapshot.saq.allows(ResponseKind::NotTested) => {
                blockers.add(&req.id, "not_tested_not_allowed", format!("Not Tested is not an option in SAQ {}", a.saq))
            }
            ResponseKind::InPlaceCcw => {
                let missing =
                    r.ccw.as_ref().map(|c| c.missing()).unwrap_or_else(|| crate::store::Ccw::default().missing());
                if !missing.is_empty() {
                    blockers.add(
                        &req.id,
                        "ccw_incomplete",
                        format!(
                            "the Compensating Controls Worksheet lacks: {}{}",
                            missing.join(", "),
                            bullets_note(r, req, used)
                        ),
                    );
                }
            }
            ResponseKind::NotInPlace if r.remediation_date.is_none() => blockers.add(
                &req.id,
                "remediation_date_missing",
                format!("Not in Place needs a target date for remediation{}", bullets_note(r, req, used)),
            ),
            _ => {}
        }
    }
    if req.future_dated
        && r.kinds().contains(&ResponseKind::NotApplicable)
        && r.explanation.to_lowercase().contains("future")
    {
        blockers.add(
            &req.id,
            "future_dated_na",
            "since 31 March 2025 a requirement cannot be Not Applicable just for being future-dated".into(),
        );
    }
    true
}

/// Which bullets (or rows) of a partly answered requirement are still open.
fn unanswered_message(req: &Requirement, r: &Response) -> String {
    let open: Vec<usize> = r
        .bullet_responses(req.bullets.len())
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_none())
        .map(|(i, _)| i + 1)
        .collect();
    if req.bullets.is_empty() || open.len() == req.bullets.len() {
        "no response yet".to_string()
    } else if req.own_row {
        let named = super::response::name_rows(&open, Some(req.bullets.len())).unwrap_or_default();
        format!("no response yet for {named}")
    } else {
        let open: Vec<String> = open.iter().map(|n| n.to_string()).collect();
        format!("bullet {} of {} has no response yet", open.join(", "), req.bullets.len())
    }
}

/// What the answers amount to: any Not in Place makes the SAQ Non-Compliant, unless every one of
/// them is held back by a legal restriction.
fn compliance(by_id: &HashMap<&str, &Response>) -> Compliance {
    let not_in_place: Vec<&&Response> =
        by_id.values().filter(|r| r.response == Some(ResponseKind::NotInPlace)).collect();
    if not_in_place.is_empty() {
        Compliance::Compliant
    } else if not_in_place.iter().all(|r| !r.legal_restriction.trim().is_empty()) {
        Compliance::CompliantWithLegalException
    } else {
        Compliance::NonCompliant
    }
}
