//! From "how do you take cards" to "which SAQ", with the reasons written out.

use super::error::ScopeError;
use super::model::*;
use crate::questionnaire::{Channel, Criterion, Questionnaire, Saq};
use std::collections::{BTreeMap, BTreeSet};

pub fn scope(rules: &ScopingRules, q: &Questionnaire, input: &ScopeInput) -> Result<ScopeResult, ScopeError> {
    let methods = validate(rules, q, input)?;
    let declined: BTreeSet<&str> = input.declined.iter().map(String::as_str).collect();
    let mut rationale = Vec::new();
    let mut escalations = Vec::new();
    let mut unanswered = Vec::new();

    // 1. Each method on its own, adjusted by the follow-up answers that concern it.
    let mut by_channel: BTreeMap<Channel, (Vec<String>, Vec<&Saq>)> = BTreeMap::new();
    for m in &methods {
        let base = saq(rules, q, &m.saq)?;
        rationale.push(format!("{} ({}) → {}: {}", m.label, m.channel.label(), base.name, m.why));
        let mut current = base;
        for question in rules.questions.iter().filter(|qq| qq.methods.contains(&m.id)) {
            match input.answers.get(&question.id) {
                None => {
                    if !unanswered.contains(&question.id) {
                        unanswered.push(question.id.clone());
                    }
                }
                Some(a) if *a == question.triggers_on => {
                    let target = saq(rules, q, &question.saq)?;
                    let next = smallest_cover(q, &[current, target], &[m.channel], &BTreeSet::new())
                        .unwrap_or(fallback(rules, q)?);
                    if next.id != current.id {
                        rationale.push(format!(
                            "{}: you answered {} to \"{}\" → {}. {}",
                            m.label,
                            yes_no(*a),
                            question.ask,
                            next.name,
                            question.why
                        ));
                        escalations.push(Escalation {
                            from: current.id.clone(),
                            to: next.id.clone(),
                            because: question.why.clone(),
                            ask_qsa: question.ask_qsa,
                        });
                        current = next;
                    }
                }
                Some(_) => {}
            }
        }
        let entry = by_channel.entry(m.channel).or_default();
        entry.0.push(m.id.clone());
        entry.1.push(current);
    }

    // 2. One SAQ per channel: the smallest that holds everything its methods need, then any
    //    criterion the merchant declined pushes it up as that criterion's decline rule says.
    let mut per_channel = Vec::new();
    for (channel, (ids, saqs)) in &by_channel {
        let mut current = smallest_cover(q, saqs, &[*channel], &BTreeSet::new()).unwrap_or(fallback(rules, q)?);
        if saqs.len() > 1 && saqs.iter().any(|s| s.id != current.id) {
            let names: Vec<&str> = saqs.iter().map(|s| s.name.as_str()).collect();
            rationale.push(format!(
                "{}: your methods need {}; the smallest SAQ that contains all of them is {}.",
                channel.label(),
                join_and(&names),
                current.name
            ));
        }
        for _ in 0..q.saqs.len() {
            let Some(c) = current
                .eligibility
                .iter()
                .find(|c| declined.contains(c.id.as_str()) && c.applies_to.covers(&[*channel]))
            else {
                break;
            };
            let target = match &c.on_decline.escalate_to {
                Some(to) => saq(rules, q, to)?,
                None => fallback(rules, q)?,
            };
            let next = smallest_cover(q, &[current, target], &[*channel], &declined).unwrap_or(fallback(rules, q)?);
            rationale.push(format!(
                "{}: you cannot confirm criterion {} of {} → {}. {}{}",
                channel.label(),
                c.id,
                current.name,
                next.name,
                c.on_decline.why,
                if c.on_decline.ask_qsa { " Confirm this with your acquirer or a QSA." } else { "" }
            ));
            escalations.push(Escalation {
                from: current.id.clone(),
                to: next.id.clone(),
                because: c.on_decline.why.clone(),
                ask_qsa: c.on_decline.ask_qsa,
            });
            if next.id == current.id {
                break;
            }
            current = next;
        }
        per_channel.push(ChannelScope {
            channel: *channel,
            methods: ids.clone(),
            saq: current.id.clone(),
            eligibility: criteria_for(current, &[*channel]),
        });
    }

    // 3. One SAQ for everything: the smallest whose channels admit all channels in use and whose
    //    requirements contain every per-channel SAQ's requirements; else the fallback (D).
    let channels: Vec<Channel> = by_channel.keys().copied().collect();
    let chosen: Vec<&Saq> = per_channel.iter().map(|c| saq(rules, q, &c.saq)).collect::<Result<_, _>>()?;
    let covering = smallest_cover(q, &chosen, &channels, &declined).unwrap_or(fallback(rules, q)?);
    if per_channel.len() > 1 {
        let parts: Vec<String> = per_channel.iter().map(|c| format!("{} for {}", c.saq, c.channel.label())).collect();
        let same = per_channel.iter().all(|c| c.saq == covering.id);
        if same {
            rationale
                .push(format!("Every channel you use fits {}, so one questionnaire covers them all.", covering.name));
        } else {
            rationale.push(format!(
                "You use {} channels ({}). The smallest single SAQ whose eligibility admits all of them and that contains all their requirements is {}.",
                per_channel.len(),
                parts.join("; "),
                covering.name
            ));
            rationale.push(
                "PCI SSC also accepts one SAQ per channel when each channel meets its own SAQ's criteria and the channels are segmented from each other. Stripe asks for a single SAQ covering all methods, so the single SAQ is the safe default; ask your acquirer before filing per channel."
                    .to_string(),
            );
        }
    }
    let eligibility = criteria_for(covering, &channels);
    if eligibility.is_empty() {
        rationale.push(format!(
            "{} has no eligibility criteria: it applies to any merchant that does not qualify for a shorter SAQ.",
            covering.name
        ));
    } else {
        rationale.push(format!(
            "To use {} you must confirm each of its {} eligibility criteria below; a criterion you cannot confirm moves you to a larger SAQ.",
            covering.name,
            eligibility.len()
        ));
    }
    if !unanswered.is_empty() {
        rationale.push(format!(
            "Not yet answered, so taken as \"no\": {}. Answer them before relying on this result.",
            unanswered.join(", ")
        ));
    }
    let ask_qsa = escalations.iter().any(|e| e.ask_qsa);
    Ok(ScopeResult { saq: covering.id.clone(), per_channel, rationale, eligibility, escalations, ask_qsa, unanswered })
}

fn validate<'a>(rules: &'a ScopingRules, q: &Questionnaire, input: &ScopeInput) -> Result<Vec<&'a Method>, ScopeError> {
    let valid_methods = || rules.methods.iter().map(|m| m.id.clone()).collect::<Vec<_>>().join(", ");
    if input.methods.is_empty() {
        return Err(ScopeError::NoMethods { valid: valid_methods() });
    }
    for m in &input.methods {
        if rules.method(m).is_none() {
            return Err(ScopeError::UnknownMethod { value: m.clone(), valid: valid_methods() });
        }
    }
    for id in input.answers.keys() {
        if rules.question(id).is_none() {
            let valid = rules.questions.iter().map(|q| q.id.clone()).collect::<Vec<_>>().join(", ");
            return Err(ScopeError::UnknownQuestion { value: id.clone(), valid });
        }
    }
    for d in &input.declined {
        if !q.saqs.iter().any(|s| s.criterion(d).is_some()) {
            return Err(ScopeError::UnknownCriterion { value: d.clone() });
        }
    }
    // Data-file order, duplicates dropped: the same answers always give the same rationale.
    Ok(rules.methods.iter().filter(|m| input.methods.contains(&m.id)).collect())
}

fn saq<'a>(rules: &ScopingRules, q: &'a Questionnaire, id: &str) -> Result<&'a Saq, ScopeError> {
    q.saq(id)
        .ok_or_else(|| ScopeError::MissingSaq { value: id.to_string(), referenced_by: rules.questionnaire.clone() })
}

fn fallback<'a>(rules: &ScopingRules, q: &'a Questionnaire) -> Result<&'a Saq, ScopeError> {
    saq(rules, q, &rules.fallback)
}

/// The SAQ with the fewest requirements that admits `channels`, contains every requirement of
/// `needed`, and has no declined criterion that concerns those channels.
fn smallest_cover<'a>(
    q: &'a Questionnaire,
    needed: &[&Saq],
    channels: &[Channel],
    declined: &BTreeSet<&str>,
) -> Option<&'a Saq> {
    let mut by_size: Vec<&'a Saq> = q.saqs.iter().collect();
    by_size.sort_by_key(|s| (s.requirements.len(), s.id.clone()));
    by_size.into_iter().find(|cand| {
        channels.iter().all(|c| cand.channels.contains(c))
            && needed.iter().all(|n| n.requirements.iter().all(|r| cand.contains(r)))
            && !cand.eligibility.iter().any(|c| declined.contains(c.id.as_str()) && c.applies_to.covers(channels))
    })
}

fn criteria_for(saq: &Saq, channels: &[Channel]) -> Vec<Criterion> {
    saq.eligibility.iter().filter(|c| c.applies_to.covers(channels)).cloned().collect()
}

fn yes_no(a: YesNo) -> &'static str {
    match a {
        YesNo::Yes => "yes",
        YesNo::No => "no",
    }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}
