//! Assessments: one merchant's self-assessment for one year, from its start to next year's.

use super::{Desk, DeskError};
use crate::scoping::{RouteKind, ScopeInput, ScopeResult};
use crate::store::{
    Actor, Assessment, AssessmentDetails, AssessmentSummary, Assessor, Attestation, AuditEntry, ChannelRole,
    Confirmation, Evidence, Merchant, NewAssessment, NewPart, Response, RollForward, ScopeRecord, Status,
    ValidatedProduct,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct NewAssessmentRequest {
    /// The merchant's ID (or its unique prefix).
    pub merchant: String,
    pub year: i32,
    /// The SAQ to answer; without it, the scoping answers decide.
    pub saq: Option<String>,
    /// Several SAQs to file, one per payment channel (instead of `saq`).
    #[ts(optional = nullable)]
    pub saqs: Vec<String>,
    pub scope: Option<ScopeInput>,
    /// With scoping answers: one SAQ per channel, or one SAQ covering them all (default: the
    /// route the scoping recommends).
    pub route: Option<RouteKind>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct RollForwardRequest {
    /// Last year's assessment.
    pub from: String,
    /// Default: the year after.
    pub year: Option<i32>,
    /// Default: last year's SAQ.
    pub saq: Option<String>,
}

/// AOC Part 1b, Part 2 and Part 3c–3d, field by field: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct DetailsPatch {
    pub assessment: String,
    /// With several SAQs: whose AOC this is.
    pub saq: Option<String>,
    pub channels_excluded: Option<String>,
    pub how_channels_handle_data: Option<String>,
    pub channel_roles: Option<Vec<ChannelRole>>,
    pub environment_description: Option<String>,
    pub segmentation_used: Option<bool>,
    pub validated_products: Option<String>,
    /// `Some(None)` clears the answer.
    pub uses_validated_products: Option<Option<bool>>,
    pub products: Option<Vec<ValidatedProduct>>,
    pub providers_handle_account_data: Option<Option<bool>>,
    pub providers_manage_components: Option<Option<bool>>,
    pub providers_could_affect_security: Option<Option<bool>>,
    pub isa_names: Option<Vec<String>>,
    pub qsa: Option<AssessorPatch>,
    pub qsa_performed_testing: Option<bool>,
    pub qsa_assistance: Option<String>,
    pub isa_performed_testing: Option<bool>,
    pub isa_assistance: Option<String>,
    /// The QSA company alone (what earlier releases asked for): sets `qsa.company_name`.
    pub qsa_involved: Option<String>,
    /// One ISA's name (what earlier releases asked for): sets `isa_names` to it.
    pub isa_involved: Option<String>,
}

/// AOC Part 1b's QSA, field by field.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct AssessorPatch {
    pub company_name: Option<String>,
    pub mailing_address: Option<String>,
    pub website: Option<String>,
    pub lead_assessor: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub certificate_number: Option<String>,
}

impl AssessorPatch {
    fn whole(a: Assessor) -> Self {
        AssessorPatch {
            company_name: Some(a.company_name),
            mailing_address: Some(a.mailing_address),
            website: Some(a.website),
            lead_assessor: Some(a.lead_assessor),
            phone: Some(a.phone),
            email: Some(a.email),
            certificate_number: Some(a.certificate_number),
        }
    }

    fn apply(self, a: &mut Assessor) {
        for (dst, v) in [
            (&mut a.company_name, self.company_name),
            (&mut a.mailing_address, self.mailing_address),
            (&mut a.website, self.website),
            (&mut a.lead_assessor, self.lead_assessor),
            (&mut a.phone, self.phone),
            (&mut a.email, self.email),
            (&mut a.certificate_number, self.certificate_number),
        ] {
            if let Some(v) = v {
                *dst = v.trim().to_string();
            }
        }
    }
}

impl DetailsPatch {
    /// Every field of `d`, as the app's form sends them.
    pub fn whole(assessment: String, d: AssessmentDetails) -> Self {
        let d = d.upgraded();
        DetailsPatch {
            assessment,
            saq: None,
            channels_excluded: Some(d.channels_excluded),
            how_channels_handle_data: Some(d.how_channels_handle_data),
            channel_roles: Some(d.channel_roles),
            environment_description: Some(d.environment_description),
            segmentation_used: Some(d.segmentation_used),
            validated_products: Some(d.validated_products),
            uses_validated_products: Some(d.uses_validated_products),
            products: Some(d.products),
            providers_handle_account_data: Some(d.providers_handle_account_data),
            providers_manage_components: Some(d.providers_manage_components),
            providers_could_affect_security: Some(d.providers_could_affect_security),
            isa_names: Some(d.isa_names),
            qsa: Some(AssessorPatch::whole(d.qsa)),
            qsa_performed_testing: Some(d.qsa_performed_testing),
            qsa_assistance: Some(d.qsa_assistance),
            isa_performed_testing: Some(d.isa_performed_testing),
            isa_assistance: Some(d.isa_assistance),
            qsa_involved: None,
            isa_involved: None,
        }
    }

    fn apply(self, d: AssessmentDetails) -> AssessmentDetails {
        fn set<T>(dst: &mut T, v: Option<T>) {
            if let Some(v) = v {
                *dst = v;
            }
        }
        let mut d = d.upgraded();
        set(&mut d.channels_excluded, self.channels_excluded);
        set(&mut d.how_channels_handle_data, self.how_channels_handle_data);
        set(&mut d.channel_roles, self.channel_roles);
        set(&mut d.environment_description, self.environment_description);
        set(&mut d.segmentation_used, self.segmentation_used);
        set(&mut d.validated_products, self.validated_products);
        set(&mut d.uses_validated_products, self.uses_validated_products);
        set(&mut d.products, self.products);
        set(&mut d.providers_handle_account_data, self.providers_handle_account_data);
        set(&mut d.providers_manage_components, self.providers_manage_components);
        set(&mut d.providers_could_affect_security, self.providers_could_affect_security);
        set(&mut d.isa_names, self.isa_names);
        if let Some(q) = self.qsa {
            q.apply(&mut d.qsa);
        }
        set(&mut d.qsa_performed_testing, self.qsa_performed_testing);
        set(&mut d.qsa_assistance, self.qsa_assistance);
        set(&mut d.isa_performed_testing, self.isa_performed_testing);
        set(&mut d.isa_assistance, self.isa_assistance);
        if let Some(q) = self.qsa_involved {
            d.qsa.company_name = q.trim().to_string();
        }
        if let Some(i) = self.isa_involved {
            d.isa_names = if i.trim().is_empty() { Vec::new() } else { vec![i.trim().to_string()] };
        }
        d
    }
}

/// One SAQ of the assessment on the checklist: its questionnaire, AOC details and state.
#[derive(Debug, Serialize, TS)]
pub struct SaqView {
    pub saq: String,
    pub channels: Vec<crate::questionnaire::Channel>,
    pub snapshot: crate::questionnaire::SaqSnapshot,
    pub details: AssessmentDetails,
    pub status: Status,
    pub attestation: Option<Attestation>,
    /// The answers that count for this SAQ.
    pub responses: Vec<Response>,
}

/// Everything the checklist screen shows for one assessment, read in one call. `assessment`,
/// `responses`, `status` and `attestation` are the first SAQ's; `saqs` holds every SAQ.
#[derive(Debug, Serialize, TS)]
pub struct AssessmentView {
    pub assessment: Assessment,
    pub merchant: Merchant,
    pub responses: Vec<Response>,
    pub confirmations: Vec<Confirmation>,
    /// Current evidence only; replaced and removed files stay in the history.
    pub evidence: Vec<Evidence>,
    /// IDs of evidence older than 12 months today.
    pub stale_evidence: Vec<String>,
    pub status: Status,
    pub attestation: Option<Attestation>,
    /// Stripe guidance per requirement or criterion, for the methods the assessment was scoped with.
    pub guidance: BTreeMap<String, Vec<String>>,
    pub saqs: Vec<SaqView>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DeleteResult {
    /// The copy of the whole database written before the deletion.
    pub backup: String,
}

impl Desk {
    /// Starts an assessment. With scoping answers and no SAQ named, the scoping result decides.
    pub fn new_assessment(&mut self, input: NewAssessmentRequest, who: &Actor) -> Result<Assessment, DeskError> {
        let record = match input.scope {
            Some(s) => Some(ScopeRecord { result: self.scope(s.clone())?, input: s }),
            None => None,
        };
        let saqs = match (input.saq, input.saqs.is_empty(), &record) {
            (Some(s), _, _) => vec![NewPart::of(&s)],
            (None, false, _) => input.saqs.iter().map(|s| NewPart::of(s)).collect(),
            (None, true, Some(r)) => route_parts(&r.result, input.route.unwrap_or(r.result.recommended))?,
            (None, true, None) => {
                return Err(DeskError::invalid("saq", "name the SAQ, or give the scoping answers that decide it"))
            }
        };
        let new = NewAssessment {
            merchant: input.merchant,
            year: input.year,
            saqs,
            period_start: None,
            period_end: None,
            scope: record,
        };
        Ok(self.store.create_assessment(&self.data.questionnaire, &new, who)?)
    }

    /// Every assessment, by merchant and year, each with its progress and state.
    pub fn assessments(&self) -> Result<Vec<AssessmentSummary>, DeskError> {
        Ok(self.store.assessments()?)
    }

    pub fn assessment(&self, key: &str) -> Result<Assessment, DeskError> {
        Ok(self.store.assessment(key)?)
    }

    /// Opens an assessment for the checklist; the actor's day decides which evidence is stale.
    pub fn open_assessment(&self, key: &str, who: &Actor) -> Result<AssessmentView, DeskError> {
        let store = &self.store;
        let today = who.today;
        let assessment = store.assessment(key)?;
        let evidence = store.evidence_current(&assessment.id)?;
        let methods: Vec<String> = assessment.scope.as_ref().map(|r| r.input.methods.clone()).unwrap_or_default();
        let mut saqs = Vec::new();
        let mut guidance = BTreeMap::new();
        for part in store.parts(&assessment.id)? {
            guidance.extend(self.data.guidance_for(&part.snapshot, &methods));
            saqs.push(SaqView {
                status: store.status_on(&part.id, Some(&part.saq), today)?,
                attestation: store.attestation(&part.id, &part.saq)?,
                responses: store.responses(&part.id, &part.saq)?,
                saq: part.saq,
                channels: part.channels,
                snapshot: part.snapshot,
                details: part.details,
            });
        }
        let first = saqs.first().ok_or_else(|| DeskError::Contract("an assessment without an SAQ".into()))?;
        Ok(AssessmentView {
            merchant: store.merchant(&assessment.merchant_id)?,
            responses: first.responses.clone(),
            confirmations: store.confirmations(&assessment.id)?,
            stale_evidence: evidence.iter().filter(|e| e.is_stale(today)).map(|e| e.id.clone()).collect(),
            evidence,
            status: first.status.clone(),
            attestation: first.attestation.clone(),
            guidance,
            assessment,
            saqs,
        })
    }

    /// Changes the AOC details given; returns the assessment as stored.
    pub fn set_details(&mut self, patch: DetailsPatch, who: &Actor) -> Result<Assessment, DeskError> {
        let key = patch.assessment.clone();
        let saq = patch.saq.clone();
        let details = patch.apply(self.store.part(&key, saq.as_deref())?.details);
        self.store.set_details(&key, saq.as_deref(), &details, who)?;
        Ok(self.store.part(&key, saq.as_deref())?)
    }

    /// Next year's assessment from last year's: every answer carried forward for review.
    pub fn roll_forward(&mut self, input: RollForwardRequest, who: &Actor) -> Result<RollForward, DeskError> {
        let prev = self.store.assessment(&input.from)?;
        let year = input.year.unwrap_or(prev.year + 1);
        Ok(self.store.roll_forward(&prev.id, &self.data.questionnaire, year, input.saq.as_deref(), who)?)
    }

    /// Deletes an assessment after writing a backup of the whole database to `backups/` beside it.
    pub fn delete_assessment(&mut self, key: &str, who: &Actor) -> Result<DeleteResult, DeskError> {
        let dir = self.store.backup_dir();
        let backup = self.store.delete_assessment(key, &dir, who)?;
        Ok(DeleteResult { backup: backup.display().to_string() })
    }

    /// The audit trail of an assessment, oldest first.
    pub fn history(&self, key: &str) -> Result<Vec<AuditEntry>, DeskError> {
        Ok(self.store.history(key)?)
    }
}

/// The SAQs a scoping route files, each with the channels it covers.
fn route_parts(result: &ScopeResult, route: RouteKind) -> Result<Vec<NewPart>, DeskError> {
    let all_channels: Vec<_> = result.per_channel.iter().map(|c| c.channel).collect();
    match route {
        RouteKind::Covering => Ok(vec![NewPart { saq: result.saq.clone(), channels: all_channels }]),
        RouteKind::PerChannel => {
            if let Some(r) = result.route(RouteKind::PerChannel).filter(|r| !r.valid) {
                return Err(DeskError::invalid(
                    "route",
                    format!("one SAQ per channel is not available with these answers: {}", r.why),
                ));
            }
            let mut parts: Vec<NewPart> = Vec::new();
            for c in &result.per_channel {
                match parts.iter_mut().find(|p| p.saq == c.saq) {
                    Some(p) => p.channels.push(c.channel),
                    None => parts.push(NewPart { saq: c.saq.clone(), channels: vec![c.channel] }),
                }
            }
            Ok(parts)
        }
    }
}
