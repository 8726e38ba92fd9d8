//! The report model: everything the evidence report says, gathered once from the store. The PDF,
//! HTML, Markdown and JSON exports are all drawn from this one value, so they always agree.

use crate::questionnaire::{Requirement, ResponseKind, Testing};
use crate::store::{
    Assessment, AssessmentDetails, AssessmentState, Blocker, Compliance, Evidence, MerchantProfile, Store, StoreError,
    ACKNOWLEDGEMENTS,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Serialize)]
pub struct ReportModel {
    /// The moment of the export, as templates and the bundle manifest print it (RFC 3339, seconds).
    #[serde(serialize_with = "rfc3339_secs")]
    pub generated_at: DateTime<Utc>,
    pub app_version: String,
    pub assessment: AssessmentInfo,
    pub merchant: MerchantProfile,
    pub details: AssessmentDetails,
    pub channels: Vec<String>,
    /// Part 2a's "channels not covered": the officer's words, or the channels other SAQs file.
    pub channels_not_covered: String,
    pub scope: Option<ScopeInfo>,
    pub eligibility: Vec<EligibilityRow>,
    pub principals: Vec<PrincipalSection>,
    pub summary: Vec<SummaryRow>,
    pub ccws: Vec<CcwRow>,
    pub not_applicable: Vec<ExplainRow>,
    pub not_tested: Vec<ExplainRow>,
    pub not_tested_allowed: bool,
    /// SAQ D's Part 3 choice: a full assessment, or a partial one when anything is Not Tested.
    pub assessment_extent: Option<Label>,
    /// Whether the SAQ answers Appendix A2 (SSL/early TLS POS terminals) in Section 2.
    pub appendix_a2_used: bool,
    pub legal_exceptions: Vec<ExplainRow>,
    pub action_plan: Vec<ActionRow>,
    pub compliance: Label,
    pub attested: bool,
    pub attestation: Option<AttestationInfo>,
    pub acknowledgements: Vec<String>,
    pub evidence: Vec<EvidenceRow>,
    pub audit: AuditSummary,
    pub blockers: Vec<Blocker>,
    /// Stripe-specific guidance for the methods the assessment was scoped with.
    pub guidance: Vec<GuidanceRow>,
    /// The compliance year: each recurring requirement's periods and the dated evidence for each.
    pub recurring: RecurringSection,
}

/// The recurring requirements of the SAQ, as the report's generation day finds them.
#[derive(Debug, Clone, Serialize)]
pub struct RecurringSection {
    /// The day the period states are for: the report's generation date.
    pub as_of: String,
    /// "31 Mar 2027 (set by …: acquirer's deadline)".
    pub validation_due: String,
    pub requirements: Vec<RecurringRow>,
    /// Each In Place answer with uncovered past periods (they do not block attestation).
    pub warnings: Vec<String>,
    /// What has no periods: activities after a significant change, TRA periods not entered.
    pub reminders: Vec<String>,
    pub covered: usize,
    pub missing: usize,
    pub due: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecurringRow {
    pub requirement: String,
    pub title: String,
    /// "every three months, and after every significant change".
    pub schedule: String,
    /// The targeted risk analysis the period comes from, when one sets it.
    pub tra: String,
    pub response: String,
    /// "Q1 ✓ · Q2 ✓ · Q3 missing · Q4 due by 31 Dec 2026".
    pub summary: String,
    pub periods: Vec<PeriodRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodRow {
    pub name: String,
    /// "1 Jul – 30 Sep 2026".
    pub dates: String,
    pub start: String,
    pub end: String,
    /// covered, missing, due or upcoming.
    pub state: String,
    /// "Covered", "Missing", "Due by 31 Dec 2026", "Starts 1 Oct 2026".
    pub state_label: String,
    /// Each covering file: "E3 asv-q1.pdf, effective 2026-03-14".
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuidanceRow {
    pub item: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub slug: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentInfo {
    pub id: String,
    pub year: i32,
    pub period_start: String,
    pub period_end: String,
    pub saq: String,
    pub saq_name: String,
    pub saq_version: String,
    pub saq_source: String,
    pub questionnaire: String,
    pub status: AssessmentState,
    pub previous_id: Option<String>,
    pub total: usize,
    pub answered: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopeInfo {
    pub saq: String,
    pub methods: Vec<MethodRow>,
    pub answers: Vec<(String, String)>,
    pub declined: Vec<String>,
    pub per_channel: Vec<ChannelRow>,
    pub rationale: Vec<String>,
    pub ask_qsa: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MethodRow {
    pub id: String,
    pub label: String,
    pub channel: String,
    pub saq: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelRow {
    pub channel: String,
    pub methods: String,
    pub saq: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EligibilityRow {
    pub id: String,
    pub text: String,
    pub state: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipalSection {
    pub id: String,
    pub title: String,
    pub requirements: Vec<RequirementRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub testing: String,
    pub future_dated: bool,
    /// What to print about the future-dated element, when there was one.
    pub future_dated_label: Option<String>,
    pub response: String,
    pub response_slug: String,
    pub notes: String,
    pub owner: String,
    pub evidence_refs: Vec<String>,
    pub carried_forward: bool,
    pub review_needed: bool,
    pub applicability: Vec<String>,
    /// Where the form answers per bullet: each bullet with its own response.
    pub bullets: Vec<BulletRow>,
    /// Where the requirement's own row is answered too (SAQ D 12.5.2): that row's response, which
    /// the form prints on the requirement's line, above the bullets.
    pub own_row: Option<BulletRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BulletRow {
    pub number: usize,
    pub text: String,
    pub response: String,
    pub response_slug: String,
    /// This bullet alone was future-dated.
    pub future_dated: bool,
}

/// AOC Part 2g: for each principal requirement, which responses were used.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryRow {
    pub principal: String,
    pub title: String,
    pub in_place: usize,
    pub in_place_ccw: usize,
    pub not_applicable: usize,
    pub not_tested: usize,
    pub not_in_place: usize,
    pub unanswered: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CcwRow {
    pub requirement: String,
    pub title: String,
    pub fields: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExplainRow {
    pub requirement: String,
    pub title: String,
    pub text: String,
    pub date: String,
}

/// AOC Part 4: one row per principal requirement the SAQ lists there.
#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub principal: String,
    pub title: String,
    pub compliant: bool,
    pub remediation_date: String,
    pub actions: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttestationInfo {
    pub name: String,
    pub title: String,
    pub signed_on: String,
    pub compliance: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    pub reference: String,
    pub id: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub size_label: String,
    pub sha256: String,
    pub effective_date: String,
    pub expires: String,
    pub added_at: String,
    pub added_by: String,
    pub links: Vec<String>,
    pub stale: bool,
    pub is_image: bool,
    /// An image drawn in the report (false once [`IMAGE_EMBED_BUDGET`] is spent).
    pub embedded: bool,
    pub carried_forward: bool,
    /// The recurring periods the file counts for, by its effective date: "11.3.2 Q2".
    pub covers: Vec<String>,
}

/// At most this many bytes of image evidence are drawn into one report, in evidence order, so an
/// export's memory stays bounded however much evidence an assessment holds. Every file, drawn or
/// not, is in the evidence index with its SHA-256 and in the QSA bundle byte for byte.
pub const IMAGE_EMBED_BUDGET: u64 = 64 * 1024 * 1024;

/// Marks which images fit in [`IMAGE_EMBED_BUDGET`]; an image that does not fit is skipped and
/// smaller later ones may still be drawn.
fn plan_embedding(rows: &mut [EvidenceRow]) {
    let mut left = IMAGE_EMBED_BUDGET;
    for e in rows.iter_mut().filter(|e| e.is_image) {
        e.embedded = e.size <= left;
        if e.embedded {
            left -= e.size;
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditSummary {
    pub total_changes: usize,
    pub first_change: String,
    pub last_change: String,
    pub by_actor: Vec<ActorRow>,
    pub by_entity: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActorRow {
    pub actor: String,
    pub changes: usize,
    pub last_change: String,
}

fn rfc3339_secs<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&ts(t))
}

pub(crate) fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn size_label(n: u64) -> String {
    match n {
        n if n >= 1024 * 1024 => format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0)),
        n if n >= 1024 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

fn testing_label(t: &[Testing]) -> String {
    t.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ")
}

/// The evidence index: references E1, E2… in upload order, and which images the PDF draws.
fn evidence_rows(evidence: &[Evidence], today: chrono::NaiveDate) -> Vec<EvidenceRow> {
    let mut evidence_rows: Vec<EvidenceRow> = evidence
        .iter()
        .enumerate()
        .map(|(i, e)| EvidenceRow {
            reference: format!("E{}", i + 1),
            id: e.id.clone(),
            file_name: e.file_name.clone(),
            media_type: e.media_type.clone(),
            size: e.size,
            size_label: size_label(e.size),
            sha256: e.sha256.clone(),
            effective_date: e.effective_date.map(|d| d.to_string()).unwrap_or_default(),
            expires: e.expires.map(|d| d.to_string()).unwrap_or_default(),
            added_at: ts(&e.added_at),
            added_by: e.added_by.clone(),
            links: e.links.clone(),
            stale: e.is_stale(today),
            is_image: e.is_image(),
            embedded: false,
            carried_forward: e.carried_from.is_some(),
            covers: Vec::new(),
        })
        .collect();
    plan_embedding(&mut evidence_rows);
    evidence_rows
}

/// Section 2 and what it feeds: the requirement rows by principal requirement, the Part 2g
/// counts, and the rows of Appendices B, C and D and of the legal exceptions.
#[derive(Default)]
struct Section2 {
    principals: Vec<PrincipalSection>,
    summary: Vec<SummaryRow>,
    ccws: Vec<CcwRow>,
    not_applicable: Vec<ExplainRow>,
    not_tested: Vec<ExplainRow>,
    legal_exceptions: Vec<ExplainRow>,
}

fn section2(
    snap: &crate::questionnaire::SaqSnapshot,
    by_id: &HashMap<&str, &crate::store::Response>,
    evidence_rows: &[EvidenceRow],
) -> Section2 {
    let refs_for = |item: &str| -> Vec<String> {
        evidence_rows.iter().filter(|e| e.links.iter().any(|l| l == item)).map(|e| e.reference.clone()).collect()
    };
    let mut out = Section2::default();
    for p in &snap.principals {
        let mut rows = Vec::new();
        let mut s = SummaryRow {
            principal: p.id.clone(),
            title: p.title.clone(),
            in_place: 0,
            in_place_ccw: 0,
            not_applicable: 0,
            not_tested: 0,
            not_in_place: 0,
            unanswered: 0,
        };
        for req in snap.requirements.iter().filter(|r| r.principal == p.id) {
            let r = by_id.get(req.id.as_str());
            let kind = r.and_then(|r| r.response);
            // Part 2g marks every response used, so a bullet answered N/A shows in the N/A column.
            let used = r.map(|r| r.kinds()).unwrap_or_default();
            if kind.is_none() {
                s.unanswered += 1;
            }
            for k in &used {
                match k {
                    ResponseKind::InPlace => s.in_place += 1,
                    ResponseKind::InPlaceCcw => s.in_place_ccw += 1,
                    ResponseKind::NotApplicable => s.not_applicable += 1,
                    ResponseKind::NotTested => s.not_tested += 1,
                    ResponseKind::NotInPlace => s.not_in_place += 1,
                }
            }
            if let Some(r) = r {
                appendix_rows(&mut out, req, r, &used);
            }
            rows.push(requirement_row(snap, req, r, kind, refs_for(&req.id)));
        }
        out.summary.push(s);
        out.principals.push(PrincipalSection { id: p.id.clone(), title: p.title.clone(), requirements: rows });
    }
    out
}

/// One answered requirement's rows in Appendices B, C and D and the legal exceptions, one per
/// bullet (or the whole requirement) answered that way.
fn appendix_rows(out: &mut Section2, req: &Requirement, r: &crate::store::Response, used: &[ResponseKind]) {
    let label =
        |k: ResponseKind| r.rows_named(k, req).map(|b| format!("{} {b}", req.id)).unwrap_or_else(|| req.id.clone());
    for &k in used {
        match k {
            ResponseKind::InPlaceCcw => {
                let c = r.ccw.clone().unwrap_or_default();
                out.ccws.push(CcwRow {
                    requirement: label(k),
                    title: req.title.clone(),
                    fields: vec![
                        ("Constraints".into(), c.constraints),
                        ("Definition of compensating controls".into(), c.definition),
                        ("Objective of the original control".into(), c.objective),
                        ("Objective met by the compensating controls".into(), c.objective_met),
                        ("Identified risk".into(), c.identified_risk),
                        ("Validation of compensating controls".into(), c.validation),
                        ("Maintenance".into(), c.maintenance),
                    ],
                });
            }
            ResponseKind::NotApplicable => out.not_applicable.push(ExplainRow {
                requirement: label(k),
                title: req.title.clone(),
                text: r.explanation.clone(),
                date: String::new(),
            }),
            ResponseKind::NotTested => out.not_tested.push(ExplainRow {
                requirement: label(k),
                title: req.title.clone(),
                text: r.explanation.clone(),
                date: String::new(),
            }),
            ResponseKind::NotInPlace if !r.legal_restriction.is_empty() => out.legal_exceptions.push(ExplainRow {
                requirement: label(k),
                title: req.title.clone(),
                text: r.legal_restriction.clone(),
                date: r.remediation_date.map(|d| d.to_string()).unwrap_or_default(),
            }),
            _ => {}
        }
    }
}

/// One requirement's row in Section 2, with its bullets and, where answered, its own row.
fn requirement_row(
    snap: &crate::questionnaire::SaqSnapshot,
    req: &Requirement,
    r: Option<&&crate::store::Response>,
    kind: Option<ResponseKind>,
    evidence_refs: Vec<String>,
) -> RequirementRow {
    let bullet_kinds =
        r.map(|r| r.bullet_responses(req.bullets.len())).unwrap_or_else(|| vec![None; req.bullets.len()]);
    let mut bullets: Vec<BulletRow> = req
        .bullets
        .iter()
        .zip(bullet_kinds)
        .enumerate()
        .map(|(i, (text, k))| BulletRow {
            number: i + 1,
            text: text.clone(),
            response: k.map(|k| k.label().to_string()).unwrap_or_else(|| "Not answered".into()),
            response_slug: k.map(|k| k.slug().to_string()).unwrap_or_else(|| "unanswered".into()),
            future_dated: req.future_dated_bullets.contains(&(i + 1)),
        })
        .collect();
    let own_row = if req.own_row { bullets.pop() } else { None };
    let mut notes = r.map(|r| r.notes.clone()).unwrap_or_default();
    if let Some(r) = r.filter(|r| r.response == Some(ResponseKind::NotInPlace)) {
        let plan =
            [r.remediation_plan.as_str(), &r.remediation_date.map(|d| format!("target {d}")).unwrap_or_default()]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join("; ");
        if !plan.is_empty() {
            notes =
                if notes.is_empty() { format!("Remediation: {plan}") } else { format!("{notes}\nRemediation: {plan}") };
        }
    }
    RequirementRow {
        id: req.id.clone(),
        title: req.title.clone(),
        description: req.description.clone(),
        testing: testing_label(&req.testing),
        future_dated: req.future_dated,
        future_dated_label: req.future_dated_label(),
        response: kind.map(|k| k.label().to_string()).unwrap_or_else(|| "Not answered".into()),
        response_slug: kind.map(|k| k.slug().to_string()).unwrap_or_else(|| "unanswered".into()),
        notes,
        owner: r.map(|r| r.owner.clone()).unwrap_or_default(),
        evidence_refs,
        carried_forward: r.is_some_and(|r| r.carried_forward),
        review_needed: r.is_some_and(|r| r.review_needed),
        applicability: snap.saq.notes_for(&req.id).map(|n| n.text.clone()).collect(),
        bullets,
        own_row,
    }
}

/// Part 2a: the officer's words, or, with one SAQ per channel, where the other channels are filed.
pub(crate) fn channels_not_covered(a: &Assessment) -> String {
    if !a.details.channels_excluded.trim().is_empty() {
        return a.details.channels_excluded.clone();
    }
    a.saqs
        .iter()
        .filter(|p| p.saq != a.saq && !p.channels.is_empty())
        .map(|p| {
            let names: Vec<&str> = p.channels.iter().map(|c| c.label()).collect();
            format!("{}: filed in SAQ {} of this assessment", names.join(", "), p.saq)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Part 4: for each principal requirement of the SAQ, whether it is met and, if not, by when and how.
pub(crate) fn action_plan_rows(
    snap: &crate::questionnaire::SaqSnapshot,
    by_id: &HashMap<&str, &crate::store::Response>,
) -> Vec<ActionRow> {
    snap.saq
        .part4_rows
        .iter()
        .map(|pid| {
            let open: Vec<&crate::store::Response> = snap
                .requirements
                .iter()
                .filter(|r| &r.principal == pid)
                .filter_map(|r| by_id.get(r.id.as_str()).copied())
                .filter(|r| r.response == Some(ResponseKind::NotInPlace))
                .collect();
            ActionRow {
                principal: pid.clone(),
                title: snap.principal_title(pid).to_string(),
                compliant: open.is_empty(),
                remediation_date: open
                    .iter()
                    .filter_map(|r| r.remediation_date)
                    .max()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                actions: open
                    .iter()
                    .map(|r| {
                        let which = match snap.requirement(&r.requirement_id) {
                            Some(req) => r.rows_named(ResponseKind::NotInPlace, req),
                            None => r.bullets_named(ResponseKind::NotInPlace),
                        }
                        .map(|b| format!(" {b}"))
                        .unwrap_or_default();
                        format!(
                            "{}{which}: {}",
                            r.requirement_id,
                            if r.remediation_plan.is_empty() {
                                "remediation plan not given"
                            } else {
                                &r.remediation_plan
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            }
        })
        .collect()
}

/// Part 2h: each criterion with who confirmed it and when.
fn eligibility_rows(
    snap: &crate::questionnaire::SaqSnapshot,
    confirmations: &[crate::store::Confirmation],
) -> Vec<EligibilityRow> {
    snap.saq
        .eligibility
        .iter()
        .map(|c| {
            let conf = confirmations.iter().find(|x| x.criterion_id == c.id);
            EligibilityRow {
                id: c.id.clone(),
                text: c.text.clone(),
                state: match conf {
                    Some(x) if x.confirmed => "Confirmed".into(),
                    Some(_) => "Not confirmed (declined)".into(),
                    None => "Not confirmed".into(),
                },
                by: conf.map(|x| x.by.clone()).unwrap_or_default(),
                at: conf.map(|x| ts(&x.at)).unwrap_or_default(),
            }
        })
        .collect()
}

/// How the assessment was scoped: the methods, the answers and the reasons.
fn scope_info(s: &crate::store::ScopeRecord, rules: Option<&crate::scoping::ScopingRules>) -> ScopeInfo {
    ScopeInfo {
        saq: s.result.saq.clone(),
        methods: s
            .result
            .per_channel
            .iter()
            .flat_map(|c| c.methods.iter().map(move |m| (m.clone(), c)))
            .map(|(m, c)| MethodRow {
                label: rules.and_then(|r| r.method(&m)).map(|x| x.label.clone()).unwrap_or_else(|| m.clone()),
                id: m,
                channel: c.channel.label().to_string(),
                saq: c.saq.clone(),
            })
            .collect(),
        answers: s.input.answers.iter().map(|(q, a)| (q.clone(), format!("{a:?}").to_lowercase())).collect(),
        declined: s.input.declined.clone(),
        per_channel: s
            .result
            .per_channel
            .iter()
            .map(|c| ChannelRow {
                channel: c.channel.label().to_string(),
                methods: c.methods.join(", "),
                saq: c.saq.clone(),
            })
            .collect(),
        rationale: s.result.rationale.clone(),
        ask_qsa: s.result.ask_qsa,
    }
}

/// Who changed what, in sum.
fn audit_summary(history: &[crate::store::AuditEntry]) -> AuditSummary {
    let mut by_actor: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut by_entity: BTreeMap<String, usize> = BTreeMap::new();
    for h in history {
        let e = by_actor.entry(h.actor.clone()).or_default();
        e.0 += 1;
        e.1 = ts(&h.at);
        *by_entity.entry(h.entity.clone()).or_default() += 1;
    }
    AuditSummary {
        total_changes: history.len(),
        first_change: history.first().map(|h| ts(&h.at)).unwrap_or_default(),
        last_change: history.last().map(|h| ts(&h.at)).unwrap_or_default(),
        by_actor: by_actor
            .into_iter()
            .map(|(actor, (changes, last_change))| ActorRow { actor, changes, last_change })
            .collect(),
        by_entity: by_entity.into_iter().collect(),
    }
}

/// Builds the model. `now` is the report's generated-at time: passed in, never read from a clock.
pub fn build(
    store: &Store,
    key: &str,
    saq: Option<&str>,
    rules: Option<&crate::scoping::ScopingRules>,
    now: DateTime<Utc>,
) -> Result<ReportModel, StoreError> {
    let a: Assessment = store.part(key, saq)?;
    let merchant = store.merchant(&a.merchant_id)?;
    let responses = store.responses(&a.id, &a.saq)?;
    let confirmations = store.confirmations(&a.id)?;
    let mut evidence: Vec<Evidence> = store.evidence_current(&a.id)?;
    if a.saqs.len() > 1 {
        // The evidence of this SAQ: what backs its requirements and criteria.
        let ours = |item: &String| a.snapshot.requirement(item).is_some() || a.snapshot.saq.criterion(item).is_some();
        evidence.retain(|e| e.links.iter().any(ours));
    }
    let today = now.date_naive();
    let status = store.evaluate_part_on(&a, today)?;
    let attestation = store.attestation(&a.id, &a.saq)?;
    let history = store.history(&a.id)?;
    let snap = &a.snapshot;
    let by_id: HashMap<&str, &crate::store::Response> =
        responses.iter().map(|r| (r.requirement_id.as_str(), r)).collect();

    let mut evidence_rows = evidence_rows(&evidence, today);
    let facts = store.schedule_facts(&a, today)?;
    let recurring = recurring_section(store, &a, &facts, &by_id, &status, &mut evidence_rows, today)?;
    let Section2 { principals, summary, ccws, not_applicable, not_tested, legal_exceptions } =
        section2(snap, &by_id, &evidence_rows);

    let action_plan = action_plan_rows(snap, &by_id);

    let eligibility = eligibility_rows(snap, &confirmations);

    let scope = a.scope.as_ref().map(|s| scope_info(s, rules));
    let channels = if !a.channels.is_empty() {
        a.channels.iter().map(|c| c.label().to_string()).collect()
    } else {
        match &a.scope {
            Some(s) => s.result.per_channel.iter().map(|c| c.channel.label().to_string()).collect(),
            None => snap.saq.channels.iter().map(|c| c.label().to_string()).collect(),
        }
    };
    let channels_not_covered = channels_not_covered(&a);

    let audit = audit_summary(&history);

    let compliance: Compliance = attestation.as_ref().map(|t| t.compliance).unwrap_or(status.compliance);
    // Only SAQ D offers Not Tested, and only its Part 3 asks whether the assessment was full.
    let assessment_extent = snap.saq.allows(ResponseKind::NotTested).then(|| {
        if not_tested.is_empty() {
            Label { slug: "full".into(), label: "Full".into() }
        } else {
            Label { slug: "partial".into(), label: "Partial".into() }
        }
    });
    Ok(ReportModel {
        generated_at: now,
        app_version: crate::VERSION.to_string(),
        assessment: AssessmentInfo {
            id: a.id.to_string(),
            year: a.year,
            period_start: a.period_start.to_string(),
            period_end: a.period_end.to_string(),
            saq: a.saq.clone(),
            saq_name: snap.saq.name.clone(),
            saq_version: snap.saq.version.clone(),
            saq_source: snap.saq.source.clone(),
            questionnaire: format!("{} {}", snap.questionnaire, snap.version),
            status: status.status,
            previous_id: a.previous_id.as_ref().map(|p| p.to_string()),
            total: status.total,
            answered: status.answered,
        },
        merchant: merchant.profile,
        details: a.details.clone(),
        channels,
        channels_not_covered,
        scope,
        eligibility,
        principals,
        summary,
        ccws,
        not_applicable,
        not_tested,
        not_tested_allowed: snap.saq.allows(ResponseKind::NotTested),
        assessment_extent,
        appendix_a2_used: snap.requirements.iter().any(|r| r.principal == "A2"),
        legal_exceptions,
        action_plan,
        compliance: Label {
            slug: serde_json::to_value(compliance)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            label: compliance.label().to_string(),
        },
        attested: attestation.is_some(),
        attestation: attestation.map(|t| AttestationInfo {
            name: t.signatory_name,
            title: t.signatory_title,
            signed_on: t.signed_on.to_string(),
            compliance: t.compliance.label().to_string(),
        }),
        acknowledgements: ACKNOWLEDGEMENTS.iter().map(|s| s.to_string()).collect(),
        evidence: evidence_rows,
        audit,
        blockers: status.blockers,
        guidance: Vec::new(),
        recurring,
    })
}

/// The compliance year for the report, and in the evidence index the period each file covers.
fn recurring_section(
    store: &Store,
    a: &Assessment,
    facts: &crate::store::ScheduleFacts,
    by_id: &HashMap<&str, &crate::store::Response>,
    status: &crate::store::Status,
    evidence_rows: &mut [EvidenceRow],
    today: chrono::NaiveDate,
) -> Result<RecurringSection, StoreError> {
    use crate::schedule::{fmt_date, fmt_range, PeriodState};
    let reference =
        |id: &str| evidence_rows.iter().find(|e| e.id == id).map(|e| (e.reference.clone(), e.file_name.clone()));
    let mut rows = Vec::new();
    let mut covers: Vec<(String, String)> = Vec::new();
    let (mut covered, mut missing, mut due) = (0, 0, 0);
    for c in &facts.coverage {
        let r = &c.recurrence;
        let periods = c
            .periods
            .iter()
            .map(|p| {
                let (state, state_label) = match &p.state {
                    PeriodState::Covered { .. } => ("covered", "Covered".to_string()),
                    PeriodState::Missing => ("missing", "Missing".to_string()),
                    PeriodState::Due { by } => ("due", format!("Due by {}", fmt_date(*by))),
                    PeriodState::Upcoming => ("upcoming", format!("Starts {}", fmt_date(p.period.start))),
                };
                match state {
                    "covered" => covered += 1,
                    "missing" => missing += 1,
                    "due" => due += 1,
                    _ => {}
                }
                let ids: &[String] = match &p.state {
                    PeriodState::Covered { evidence } => evidence,
                    _ => &[],
                };
                let evidence = ids
                    .iter()
                    .map(|id| {
                        let effective = facts.evidence.iter().find(|e| &e.id == id).map(|e| e.effective.to_string());
                        covers.push((id.clone(), format!("{} {}", r.requirement, p.period.name)));
                        match reference(id) {
                            Some((re, name)) => format!("{re} {name}, effective {}", effective.unwrap_or_default()),
                            None => format!("{id}, effective {}", effective.unwrap_or_default()),
                        }
                    })
                    .collect();
                PeriodRow {
                    name: p.period.name.clone(),
                    dates: fmt_range(p.period.start, p.period.end),
                    start: p.period.start.to_string(),
                    end: p.period.end.to_string(),
                    state: state.to_string(),
                    state_label,
                    evidence,
                }
            })
            .collect();
        let tra = facts
            .tra
            .iter()
            .find(|t| t.requirement == r.requirement && r.takes_tra_period())
            .map(|t| {
                if t.reference.is_empty() {
                    "The targeted risk analysis is not named: record where it is documented".to_string()
                } else {
                    format!("Targeted risk analysis: {}", t.reference)
                }
            })
            .unwrap_or_default();
        rows.push(RecurringRow {
            requirement: r.requirement.clone(),
            title: r.title.clone(),
            schedule: r.describe(),
            tra,
            response: by_id
                .get(r.requirement.as_str())
                .and_then(|x| x.response)
                .map(|k| k.label().to_string())
                .unwrap_or_else(|| "Not answered".into()),
            summary: c.summary(),
            periods,
        });
    }
    for e in evidence_rows.iter_mut() {
        e.covers = covers.iter().filter(|(id, _)| *id == e.id).map(|(_, label)| label.clone()).collect();
    }
    Ok(RecurringSection {
        as_of: today.to_string(),
        validation_due: store.validation_due(&a.id)?.describe(),
        requirements: rows,
        warnings: status.warnings.iter().map(|w| w.message.clone()).collect(),
        reminders: crate::schedule::reminders(&facts.coverage).into_iter().map(|r| r.message).collect(),
        covered,
        missing,
        due,
    })
}
