//! An assessment's SAQ as the official PCI SSC form asks for it: the store's answers, profile,
//! AOC details and attestation mapped onto [`FormData`]. The form engine knows nothing of the
//! store; this is the one place that decides what goes in which part of the form.

use super::model::{action_plan_rows, channels_not_covered};
use crate::forms::{self, Answer, FormData, FormInfo, Response};
use crate::questionnaire::{Channel, Requirement, ResponseKind, SaqSnapshot};
use crate::store::{
    Assessment, AssessmentDetails, Attestation, Compliance, Confirmation, MerchantProfile, Store, StoreError,
};
use std::collections::{BTreeMap, HashMap};

fn response(k: ResponseKind) -> Response {
    match k {
        ResponseKind::InPlace => Response::InPlace,
        ResponseKind::InPlaceCcw => Response::InPlaceCcw,
        ResponseKind::NotApplicable => Response::NotApplicable,
        ResponseKind::NotTested => Response::NotTested,
        ResponseKind::NotInPlace => Response::NotInPlace,
    }
}

/// Everything the SAQ `saq` of the assessment gives the form `info`. An SAQ not yet attested is
/// a draft: the attestation itself is left blank.
pub fn form_data(store: &Store, key: &str, saq: Option<&str>, info: &FormInfo) -> Result<FormData, StoreError> {
    let a: Assessment = store.part(key, saq)?;
    let merchant = store.merchant(&a.merchant_id)?.profile;
    let responses = store.responses(&a.id, &a.saq)?;
    let confirmations = store.confirmations(&a.id)?;
    let attestation = store.attestation(&a.id, &a.saq)?;
    let mut f = FormData::default();
    part1(&mut f, &merchant, &a.details);
    part2(&mut f, &a, &merchant, &confirmations);
    section2(&mut f, &a.snapshot, &responses, info);
    part3(&mut f, attestation.as_ref(), &responses, &a.details);
    part4(&mut f, &a.snapshot, &responses);
    Ok(f)
}

/// Part 1a from the merchant profile, Part 1b from the AOC details.
fn part1(f: &mut FormData, merchant: &MerchantProfile, d: &AssessmentDetails) {
    f.merchant = forms::Merchant {
        company_name: merchant.legal_name.clone(),
        dba: merchant.dba.clone(),
        mailing_address: merchant.address.clone(),
        website: merchant.website.clone(),
        contact_name: merchant.contact_name.clone(),
        contact_title: merchant.contact_title.clone(),
        contact_phone: merchant.contact_phone.clone(),
        contact_email: merchant.contact_email.clone(),
    };
    f.isa_names = d.isa_names.iter().filter(|n| !n.trim().is_empty()).cloned().collect();
    f.qsa = (!d.qsa.is_empty()).then(|| forms::Qsa {
        company_name: d.qsa.company_name.clone(),
        mailing_address: d.qsa.mailing_address.clone(),
        website: d.qsa.website.clone(),
        lead_assessor: d.qsa.lead_assessor.clone(),
        phone: d.qsa.phone.clone(),
        email: d.qsa.email.clone(),
        certificate_number: d.qsa.certificate_number.clone(),
    });
}

/// Part 2a–2f and 2h: channels, how they handle card data, the environment, locations, products,
/// service providers and the eligibility boxes. Part 2g the form engine works out from Section 2.
fn part2(f: &mut FormData, a: &Assessment, merchant: &MerchantProfile, confirmations: &[Confirmation]) {
    let d = &a.details;
    let channels = part_channels(a);
    f.channels = forms::Channels {
        moto: channels.contains(&Channel::Moto),
        ecommerce: channels.contains(&Channel::Ecommerce),
        card_present: channels.contains(&Channel::CardPresent),
    };
    let not_covered = channels_not_covered(a);
    f.channels_excluded = (!not_covered.trim().is_empty()).then_some(not_covered);
    f.channel_roles = if !d.channel_roles.is_empty() {
        d.channel_roles.iter().map(|r| forms::ChannelRole { channel: r.channel.clone(), how: r.how.clone() }).collect()
    } else if !d.how_channels_handle_data.trim().is_empty() {
        let names: Vec<&str> = channels.iter().map(|c| c.label()).collect();
        vec![forms::ChannelRole { channel: names.join(", "), how: d.how_channels_handle_data.clone() }]
    } else {
        Vec::new()
    };
    f.environment = d.environment_description.clone();
    f.segmentation = Some(d.segmentation_used);
    f.locations = merchant
        .locations
        .iter()
        .map(|l| forms::Location {
            facility_type: l.facility_type.clone(),
            count: l.count,
            city_country: l.city_country.clone(),
        })
        .collect();
    f.validated_products = if !d.products.is_empty() {
        d.products
            .iter()
            .map(|p| forms::ValidatedProduct {
                name: p.name.clone(),
                version: p.version.clone(),
                standard: p.standard.clone(),
                listing_reference: p.listing_reference.clone(),
                expiry: p.expiry,
            })
            .collect()
    } else if !d.validated_products.trim().is_empty() {
        // Earlier releases kept Part 2e as one text: it goes in the table's first row as written.
        vec![forms::ValidatedProduct { name: d.validated_products.trim().to_string(), ..Default::default() }]
    } else {
        Vec::new()
    };
    f.uses_validated_products = d.uses_validated_products;
    f.provider_relations = forms::ProviderRelations {
        handle_account_data: d.providers_handle_account_data,
        manage_components: d.providers_manage_components,
        could_affect_security: d.providers_could_affect_security,
    };
    f.service_providers = merchant
        .service_providers
        .iter()
        .map(|p| forms::ServiceProvider { name: p.name.clone(), services: p.services.clone() })
        .collect();
    // The form lists its criteria in the SAQ's order, which is the snapshot's.
    f.eligibility = a
        .snapshot
        .saq
        .eligibility
        .iter()
        .map(|c| confirmations.iter().any(|x| x.criterion_id == c.id && x.confirmed))
        .collect();
}

/// Section 2's boxes and the Appendix B, C and D rows they call for.
fn section2(f: &mut FormData, snap: &SaqSnapshot, responses: &[crate::store::Response], info: &FormInfo) {
    let by_id: HashMap<&str, &crate::store::Response> =
        responses.iter().map(|r| (r.requirement_id.as_str(), r)).collect();
    let bullet_rows = bullet_rows(info);
    for req in &snap.requirements {
        let Some(r) = by_id.get(req.id.as_str()) else { continue };
        if let Some(ans) = answer(req, r, bullet_rows.get(req.id.as_str()).copied().unwrap_or(0)) {
            f.responses.insert(req.id.clone(), ans);
        }
        appendices(f, req, r);
    }
}

/// Part 3 from the attestation (none yet: a draft), and Parts 3c–3d from the AOC details.
fn part3(
    f: &mut FormData,
    attestation: Option<&Attestation>,
    responses: &[crate::store::Response],
    d: &AssessmentDetails,
) {
    let not_in_place = || responses.iter().filter(|r| r.response == Some(ResponseKind::NotInPlace));
    f.completion_date = attestation.map(|t| t.signed_on);
    f.status = attestation.map(|t| match t.compliance {
        Compliance::Compliant => forms::Status::Compliant,
        Compliance::NonCompliant => {
            forms::Status::NonCompliant { target_date: not_in_place().filter_map(|r| r.remediation_date).max() }
        }
        Compliance::CompliantWithLegalException => forms::Status::CompliantWithLegalException {
            exceptions: not_in_place()
                .filter(|r| !r.legal_restriction.trim().is_empty())
                .map(|r| forms::LegalException {
                    requirement: r.requirement_id.clone(),
                    details: r.legal_restriction.clone(),
                })
                .collect(),
        },
    });
    f.draft = attestation.is_none();
    if let Some(t) = attestation {
        f.acknowledgements = [true; 3];
        f.signatory = forms::Signatory {
            name: t.signatory_name.clone(),
            title: t.signatory_title.clone(),
            date: Some(t.signed_on),
        };
    }
    let involvement = |testing: bool, assistance: &str| forms::Involvement {
        performed_testing: testing,
        other_assistance: (!assistance.trim().is_empty()).then(|| assistance.to_string()),
    };
    f.qsa_involvement = involvement(d.qsa_performed_testing, &d.qsa_assistance);
    f.isa_involvement = involvement(d.isa_performed_testing, &d.isa_assistance);
}

/// Part 4 is for a Non-Compliant assessment; the form says to leave it otherwise.
fn part4(f: &mut FormData, snap: &SaqSnapshot, responses: &[crate::store::Response]) {
    if !responses.iter().any(|r| r.response == Some(ResponseKind::NotInPlace)) {
        return;
    }
    let by_id: HashMap<&str, &crate::store::Response> =
        responses.iter().map(|r| (r.requirement_id.as_str(), r)).collect();
    f.action_plan = action_plan_rows(snap, &by_id)
        .into_iter()
        .map(|row| forms::ActionItem {
            principal: row.principal,
            compliant: Some(row.compliant),
            remediation_date: row.remediation_date.parse().ok(),
            actions: row.actions,
        })
        .collect();
}

/// The channels the SAQ covers: its own when scoped per channel, else the scoping's, else the SAQ's.
fn part_channels(a: &Assessment) -> Vec<Channel> {
    if !a.channels.is_empty() {
        return a.channels.clone();
    }
    match &a.scope {
        Some(s) => s.result.per_channel.iter().map(|c| c.channel).collect(),
        None => a.snapshot.saq.channels.clone(),
    }
}

/// How many bullet rows the form gives each requirement it answers per bullet.
fn bullet_rows(info: &FormInfo) -> BTreeMap<&str, usize> {
    let mut out: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &info.rows {
        if let Some(b) = r.bullet {
            let n = out.entry(r.requirement.as_str()).or_default();
            *n = (*n).max(b);
        }
    }
    out
}

/// One requirement's boxes. Where the form answers per bullet the bullets are given one by one,
/// the requirement's own row (the questionnaire's last bullet, 12.5.2 in SAQ D) as the answer's
/// own response; where it does not, the requirement's overall response.
fn answer(req: &Requirement, r: &crate::store::Response, form_bullets: usize) -> Option<Answer> {
    if form_bullets == 0 || r.bullets.is_empty() {
        return r.response.map(|k| Answer::of(response(k)));
    }
    let mut bullets: Vec<Option<Response>> =
        r.bullet_responses(req.bullets.len()).into_iter().map(|b| b.map(response)).collect();
    let own = if req.own_row { bullets.pop().flatten() } else { None };
    bullets.truncate(form_bullets);
    Some(Answer { response: own, bullets })
}

/// The Appendix B, C and D rows of one answered requirement, one per bullet (or the whole
/// requirement) answered that way.
fn appendices(f: &mut FormData, req: &Requirement, r: &crate::store::Response) {
    for k in r.kinds() {
        let which = r.rows_named(k, req);
        let label = which.as_ref().map(|b| format!("{} {b}", req.id)).unwrap_or_else(|| req.id.clone());
        match k {
            ResponseKind::InPlaceCcw => {
                let c = r.ccw.clone().unwrap_or_default();
                f.ccws.push(forms::Ccw {
                    requirement: label,
                    definition_of_requirement: req.title.clone(),
                    constraints: c.constraints,
                    definition: c.definition,
                    objective: c.objective,
                    objective_met: c.objective_met,
                    identified_risk: c.identified_risk,
                    validation: c.validation,
                    maintenance: c.maintenance,
                });
            }
            ResponseKind::NotApplicable => {
                f.not_applicable.push(forms::NotApplicable { requirement: label, reason: r.explanation.clone() })
            }
            ResponseKind::NotTested => f.not_tested.push(forms::NotTested {
                requirement: req.id.clone(),
                what: which.unwrap_or_else(|| "the whole requirement".into()),
                why: r.explanation.clone(),
            }),
            ResponseKind::InPlace | ResponseKind::NotInPlace => {}
        }
    }
}
