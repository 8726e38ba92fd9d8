//! From "how do you take cards" to "which SAQ", with the reasons written out.

use super::error::ScopeError;
use super::model::*;
use crate::questionnaire::{Channel, Criterion, Questionnaire, Saq};
use std::collections::{BTreeMap, BTreeSet};

pub fn scope(rules: &ScopingRules, q: &Questionnaire, input: &ScopeInput) -> Result<ScopeResult, ScopeError> {
    let methods = validate(rules, q, input)?;
    let mut run = Run::new(rules, q, input);
    let by_channel = run.methods(&methods)?;
    let per_channel = run.per_channel(&by_channel)?;
    run.channel_questions(&methods, per_channel.len());
    // One SAQ for everything: the smallest whose channels admit all channels in use and whose
    // requirements contain every per-channel SAQ's requirements; else the fallback (D).
    let channels: Vec<Channel> = by_channel.keys().copied().collect();
    let chosen: Vec<&Saq> = per_channel.iter().map(|c| saq(rules, q, &c.saq)).collect::<Result<_, _>>()?;
    let covering = smallest_cover(q, &chosen, &channels, &run.declined).unwrap_or(fallback(rules, q)?);
    let (routes, recommended) = run.routes(&per_channel, covering);
    let eligibility = criteria_for(covering, &channels);
    run.closing_rationale(covering, recommended, eligibility.len());
    let ask_qsa = run.escalations.iter().any(|e| e.ask_qsa);
    Ok(ScopeResult {
        saq: covering.id.clone(),
        per_channel,
        rationale: run.rationale,
        eligibility,
        escalations: run.escalations,
        ask_qsa,
        unanswered: run.unanswered,
        asked: run.asked,
        routes,
        recommended,
        warnings: run.warnings,
    })
}

/// The methods a channel uses and the SAQ each of them needs there.
type ByChannel<'a> = BTreeMap<Channel, (Vec<String>, Vec<&'a Saq>)>;

/// One scoping run: the inputs, and the reasons and escalations gathered on the way.
struct Run<'a> {
    rules: &'a ScopingRules,
    q: &'a Questionnaire,
    input: &'a ScopeInput,
    declined: BTreeSet<&'a str>,
    rationale: Vec<String>,
    escalations: Vec<Escalation>,
    unanswered: Vec<String>,
    asked: Vec<String>,
    warnings: Vec<String>,
}

impl<'a> Run<'a> {
    fn new(rules: &'a ScopingRules, q: &'a Questionnaire, input: &'a ScopeInput) -> Self {
        Run {
            rules,
            q,
            input,
            declined: input.declined.iter().map(String::as_str).collect(),
            rationale: Vec::new(),
            escalations: Vec::new(),
            unanswered: Vec::new(),
            asked: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// An unanswered question counts as "no": every question asked without preconditions
    /// escalates only on "yes", so leaving one blank never makes the result larger by itself.
    fn answer(&self, id: &str) -> YesNo {
        self.input.answers.get(id).copied().unwrap_or(YesNo::No)
    }

    fn preconditions_hold(&self, question: &Question) -> bool {
        question.only_if.iter().all(|(id, a)| self.answer(id) == *a)
    }

    fn note_asked(&mut self, question: &Question) {
        if !self.asked.contains(&question.id) {
            self.asked.push(question.id.clone());
        }
        if !self.input.answers.contains_key(&question.id) && !self.unanswered.contains(&question.id) {
            self.unanswered.push(question.id.clone());
        }
    }

    fn escalate(&mut self, from: &Saq, to: &Saq, because: &str, ask_qsa: bool) {
        self.escalations.push(Escalation {
            from: from.id.clone(),
            to: to.id.clone(),
            because: because.to_string(),
            ask_qsa,
        });
    }

    /// Step 1: each method on its own, adjusted by the follow-up answers that concern it. A
    /// method normally lives in one channel; some answers add a second one (staff keying cards).
    fn methods(&mut self, methods: &[&'a Method]) -> Result<ByChannel<'a>, ScopeError> {
        let mut by_channel: ByChannel<'a> = BTreeMap::new();
        for m in methods {
            let base = saq(self.rules, self.q, &m.saq)?;
            self.rationale.push(format!("{} ({}) → {}: {}", m.label, m.channel.label(), base.name, m.why));
            if let Some(w) = &m.warning {
                push_unique(&mut self.warnings, w);
            }
            let mut current = base;
            let mut added: Vec<(Channel, &'a Saq)> = Vec::new();
            let rules = self.rules;
            for question in rules.questions.iter().filter(|qq| qq.min_channels == 0 && qq.methods.contains(&m.id)) {
                if !self.preconditions_hold(question) {
                    continue;
                }
                self.note_asked(question);
                if self.answer(&question.id) != question.triggers_on {
                    continue;
                }
                if let Some(w) = &question.warning {
                    push_unique(&mut self.warnings, w);
                }
                let Some(target_id) = &question.saq else { continue };
                let target = saq(rules, self.q, target_id)?;
                match question.channel.filter(|c| *c != m.channel) {
                    Some(extra) => self.add_channel(m, question, current, target, extra, &mut added)?,
                    None => current = self.raise(m, question, current, target)?,
                }
            }
            for (channel, s) in std::iter::once((m.channel, current)).chain(added) {
                let entry = by_channel.entry(channel).or_default();
                entry.0.push(m.id.clone());
                entry.1.push(s);
            }
        }
        Ok(by_channel)
    }

    /// A "yes" that puts the method in a second channel as well, needing `target` there.
    fn add_channel(
        &mut self,
        m: &Method,
        question: &Question,
        current: &'a Saq,
        target: &'a Saq,
        extra: Channel,
        added: &mut Vec<(Channel, &'a Saq)>,
    ) -> Result<(), ScopeError> {
        let prior = added.iter().position(|(c, _)| *c == extra);
        let needed: Vec<&Saq> = prior.map(|i| added[i].1).into_iter().chain([target]).collect();
        let next = smallest_cover(self.q, &needed, &[extra], &BTreeSet::new()).unwrap_or(fallback(self.rules, self.q)?);
        self.rationale.push(format!(
            "{}: you answered {} to \"{}\", so it is also a {} channel → {}. {}",
            m.label,
            yes_no(question.triggers_on),
            question.ask,
            extra.label(),
            next.name,
            question.why
        ));
        self.escalate(current, next, &question.why, question.ask_qsa);
        match prior {
            Some(i) => added[i].1 = next,
            None => added.push((extra, next)),
        }
        Ok(())
    }

    /// A "yes" that needs more of the method's own channel: the SAQ that holds both.
    fn raise(
        &mut self,
        m: &Method,
        question: &Question,
        current: &'a Saq,
        target: &'a Saq,
    ) -> Result<&'a Saq, ScopeError> {
        let next = smallest_cover(self.q, &[current, target], &[m.channel], &BTreeSet::new())
            .unwrap_or(fallback(self.rules, self.q)?);
        if next.id != current.id {
            self.rationale.push(format!(
                "{}: you answered {} to \"{}\" → {}. {}",
                m.label,
                yes_no(question.triggers_on),
                question.ask,
                next.name,
                question.why
            ));
            self.escalate(current, next, &question.why, question.ask_qsa);
        }
        Ok(next)
    }

    /// Step 2: one SAQ per channel, the smallest that holds everything its methods need; then
    /// any criterion the merchant declined pushes it up as that criterion's decline rule says.
    fn per_channel(&mut self, by_channel: &ByChannel<'a>) -> Result<Vec<ChannelScope>, ScopeError> {
        let mut out = Vec::new();
        for (channel, (ids, saqs)) in by_channel {
            let mut current =
                smallest_cover(self.q, saqs, &[*channel], &BTreeSet::new()).unwrap_or(fallback(self.rules, self.q)?);
            if saqs.len() > 1 && saqs.iter().any(|s| s.id != current.id) {
                let names: Vec<&str> = saqs.iter().map(|s| s.name.as_str()).collect();
                self.rationale.push(format!(
                    "{}: your methods need {}; the smallest SAQ that contains all of them is {}.",
                    channel.label(),
                    join_and(&names),
                    current.name
                ));
            }
            current = self.apply_declines(*channel, current)?;
            out.push(ChannelScope {
                channel: *channel,
                methods: ids.clone(),
                saq: current.id.clone(),
                eligibility: criteria_for(current, &[*channel]),
            });
        }
        Ok(out)
    }

    fn apply_declines(&mut self, channel: Channel, mut current: &'a Saq) -> Result<&'a Saq, ScopeError> {
        // Each step moves to a strictly larger SAQ or stops, so there are at most as many as SAQs.
        for _ in 0..self.q.saqs.len() {
            let Some(c) = current
                .eligibility
                .iter()
                .find(|c| self.declined.contains(c.id.as_str()) && c.applies_to.covers(&[channel]))
            else {
                break;
            };
            let target = match &c.on_decline.escalate_to {
                Some(to) => saq(self.rules, self.q, to)?,
                None => fallback(self.rules, self.q)?,
            };
            let next = smallest_cover(self.q, &[current, target], &[channel], &self.declined)
                .unwrap_or(fallback(self.rules, self.q)?);
            self.rationale.push(format!(
                "{}: you cannot confirm criterion {} of {} → {}. {}{}",
                channel.label(),
                c.id,
                current.name,
                next.name,
                c.on_decline.why,
                if c.on_decline.ask_qsa { " Confirm this with your acquirer or a QSA." } else { "" }
            ));
            self.escalate(current, next, &c.on_decline.why, c.on_decline.ask_qsa);
            if next.id == current.id {
                break;
            }
            current = next;
        }
        Ok(current)
    }

    /// Step 3: questions about the channels together, asked once the channels are known.
    fn channel_questions(&mut self, methods: &[&Method], channels: usize) {
        let rules = self.rules;
        for question in rules.questions.iter().filter(|qq| qq.min_channels > 0) {
            let concerns = question.methods.iter().any(|id| methods.iter().any(|m| &m.id == id));
            if concerns && channels >= question.min_channels && self.preconditions_hold(question) {
                self.note_asked(question);
            }
        }
    }

    /// Step 5: the two filing routes, each with who asks for it, and the one the answers point to.
    fn routes(&mut self, per_channel: &[ChannelScope], covering: &Saq) -> (Vec<Route>, RouteKind) {
        let q = self.q;
        let sep = &self.rules.routes.separation_question;
        let several = per_channel.len() > 1;
        let separated = self.answer(sep) == YesNo::Yes;
        let per_saqs = dedup(per_channel.iter().map(|c| c.saq.clone()));
        let parts: Vec<String> =
            per_channel.iter().map(|c| format!("{} for {}", saq_name(q, &c.saq), c.channel.label())).collect();
        let same_forms = per_saqs.len() == 1 && per_saqs[0] == covering.id;
        let per_valid = !several || separated;
        let pending = if several && !self.input.answers.contains_key(sep) { vec![sep.clone()] } else { Vec::new() };
        let per_why = if !several {
            format!(
                "You use one payment channel, so one SAQ per channel is the same as one SAQ for everything: {}.",
                covering.name
            )
        } else if separated {
            format!(
                "{}. You said your channels are kept apart from each other; each channel must still meet its own SAQ's eligibility criteria, listed with the channel.",
                parts.join("; ")
            )
        } else if pending.is_empty() {
            format!(
                "{}. Not available to you: you said your channels are not kept apart, and filing per channel needs them segmented from each other.",
                parts.join("; ")
            )
        } else {
            format!(
                "{}. Available only if your channels are kept apart from each other (question {sep}, not answered yet) and each meets its own SAQ's criteria.",
                parts.join("; ")
            )
        };
        let cover_why = if several {
            format!(
                "{}: the smallest SAQ whose eligibility admits all {} of your channels and that contains every requirement they need.",
                covering.name,
                per_channel.len()
            )
        } else {
            format!("{} covers your only payment channel.", covering.name)
        };
        let recommended = if several && per_valid && !same_forms { RouteKind::PerChannel } else { RouteKind::Covering };
        if several {
            self.route_rationale(per_channel, covering, same_forms, recommended, pending.is_empty(), &parts);
        }
        let routes = vec![
            Route {
                kind: RouteKind::PerChannel,
                saqs: per_saqs,
                who_asks: self.rules.routes.per_channel.who_asks.trim().to_string(),
                valid: per_valid,
                why: per_why,
                pending,
            },
            Route {
                kind: RouteKind::Covering,
                saqs: vec![covering.id.clone()],
                who_asks: self.rules.routes.covering.who_asks.trim().to_string(),
                valid: true,
                why: cover_why,
                pending: Vec::new(),
            },
        ];
        (routes, recommended)
    }

    fn route_rationale(
        &mut self,
        per_channel: &[ChannelScope],
        covering: &Saq,
        same_forms: bool,
        recommended: RouteKind,
        answered: bool,
        parts: &[String],
    ) {
        if per_channel.iter().all(|c| c.saq == covering.id) {
            self.rationale
                .push(format!("Every channel you use fits {}, so one questionnaire covers them all.", covering.name));
            return;
        }
        if same_forms {
            self.rationale.push(format!("{} covers every channel you use, so one questionnaire does.", covering.name));
            return;
        }
        self.rationale.push(format!(
            "You use {} channels, so there are two ways to file: one SAQ per channel ({}), the route Stripe's guide describes and PCI SSC allows when the channels are segmented from each other; or one SAQ for everything, {}.",
            per_channel.len(),
            parts.join("; "),
            covering.name
        ));
        self.rationale.push(match (recommended, answered) {
            (RouteKind::PerChannel, _) => format!(
                "Recommended: one SAQ per channel, since you said your channels are kept apart. If you also report to an acquirer other than Stripe, or to a card brand, check that it accepts one SAQ per channel; where it wants a single form, file {}.",
                covering.name
            ),
            (RouteKind::Covering, true) => format!(
                "Recommended: {} for everything, because you said your channels are not kept apart from each other.",
                covering.name
            ),
            (RouteKind::Covering, false) => format!(
                "Recommended for now: {} for everything, until you answer whether your channels are kept apart; if they are, one SAQ per channel becomes available. Your acquirer or a QSA can confirm which it accepts.",
                covering.name
            ),
        });
    }

    /// What to confirm next, and what was taken as "no".
    fn closing_rationale(&mut self, covering: &Saq, recommended: RouteKind, criteria: usize) {
        if recommended == RouteKind::PerChannel {
            self.rationale.push(
                "On the per-channel route, confirm the eligibility criteria listed with each channel for that channel's SAQ."
                    .to_string(),
            );
        } else if criteria == 0 {
            self.rationale.push(format!(
                "{} has no eligibility criteria: it applies to any merchant that does not qualify for a shorter SAQ.",
                covering.name
            ));
        } else {
            self.rationale.push(format!(
                "To use {} you must confirm each of its {criteria} eligibility criteria below; a criterion you cannot confirm moves you to a larger SAQ.",
                covering.name
            ));
        }
        if !self.unanswered.is_empty() {
            self.rationale.push(format!(
                "Not yet answered, so taken as \"no\": {}. Answer them before relying on this result.",
                self.unanswered.join(", ")
            ));
        }
    }
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

fn saq_name(q: &Questionnaire, id: &str) -> String {
    q.saq(id).map(|s| s.name.clone()).unwrap_or_else(|| id.to_string())
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

fn push_unique(list: &mut Vec<String>, text: &str) {
    let text = text.trim().to_string();
    if !list.contains(&text) {
        list.push(text);
    }
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
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
