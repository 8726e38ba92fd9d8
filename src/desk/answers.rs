//! Answering: responses, reviews of carried-forward answers, eligibility, status and attestation.

use super::{Desk, DeskError};
use crate::store::{Actor, AnswerInput, AttestInput, Attestation, Response, Status};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct AnswerRequest {
    pub assessment: String,
    pub requirement: String,
    pub input: AnswerInput,
    /// With several SAQs: answer for this SAQ alone (the requirement is then answered per SAQ).
    pub saq: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AnswerResult {
    pub response: Response,
    /// The status of the SAQ the answer counts for (the first SAQ's, for a shared answer).
    pub status: Status,
    /// Every SAQ's status: a shared answer counts for each.
    pub statuses: Vec<Status>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct ReviewRequest {
    pub assessment: String,
    pub requirement: String,
    pub saq: Option<String>,
}

/// A requirement two SAQs of the assessment share, to answer per SAQ (split) or once (join).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct SplitRequest {
    pub assessment: String,
    pub requirement: String,
    /// Joining: the SAQ whose answer becomes the one answer.
    pub keep: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ConfirmRequest {
    pub assessment: String,
    pub criterion: String,
    /// False declines the criterion: the assessment then cannot be attested as this SAQ.
    pub confirmed: bool,
}

/// What declining a criterion means for the assessment.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Declined {
    pub criterion: String,
    pub why: String,
    /// The SAQ the merchant needs instead, when the data names one.
    pub escalate_to: Option<String>,
    pub ask_qsa: bool,
    /// The sentence the doors show.
    pub message: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ConfirmResult {
    pub status: Status,
    pub declined: Option<Declined>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct AttestRequest {
    pub assessment: String,
    pub input: AttestInput,
    /// With several SAQs: the SAQ to attest.
    pub saq: Option<String>,
}

impl Desk {
    /// Saves an answer; the status returned is that of the SAQ it counts for (the first, for a
    /// shared answer; `statuses` has every SAQ's).
    pub fn answer(&mut self, req: AnswerRequest, who: &Actor) -> Result<AnswerResult, DeskError> {
        let response = self.store.answer(&req.assessment, &req.requirement, &req.input, req.saq.as_deref(), who)?;
        let statuses = self.statuses(&req.assessment, who)?;
        let status = match &response.saq {
            Some(s) => statuses.iter().find(|x| &x.saq == s).cloned(),
            None => statuses.first().cloned(),
        }
        .ok_or_else(|| DeskError::Contract("an assessment without an SAQ".into()))?;
        Ok(AnswerResult { response, status, statuses })
    }

    /// Marks a carried-forward answer as reviewed, unchanged.
    pub fn review(&mut self, req: ReviewRequest, who: &Actor) -> Result<Status, DeskError> {
        self.store.review(&req.assessment, &req.requirement, req.saq.as_deref(), who)?;
        let saq = match req.saq {
            Some(s) => s,
            None => self.first_saq(&req.assessment)?,
        };
        Ok(self.store.status_on(&req.assessment, Some(&saq), who.today)?)
    }

    /// Answers a requirement two SAQs share separately for each (the answer differs by channel).
    pub fn split(&mut self, req: SplitRequest, who: &Actor) -> Result<Vec<Response>, DeskError> {
        Ok(self.store.split(&req.assessment, &req.requirement, who)?)
    }

    /// Answers it once again for every SAQ, keeping the answer of SAQ `keep`.
    pub fn join(&mut self, req: SplitRequest, who: &Actor) -> Result<Response, DeskError> {
        let keep = req.keep.ok_or_else(|| DeskError::invalid("keep", "name the SAQ whose answer to keep"))?;
        Ok(self.store.join(&req.assessment, &req.requirement, &keep, who)?)
    }

    /// Every SAQ's status, in order, with the warnings of the actor's day.
    pub fn statuses(&self, key: &str, who: &Actor) -> Result<Vec<Status>, DeskError> {
        let mut out = Vec::new();
        for p in self.store.parts(key)? {
            out.push(self.store.status_on(&p.id, Some(&p.saq), who.today)?);
        }
        Ok(out)
    }

    fn first_saq(&self, key: &str) -> Result<String, DeskError> {
        Ok(self.store.assessment(key)?.saq)
    }

    pub fn confirm(&mut self, req: ConfirmRequest, who: &Actor) -> Result<ConfirmResult, DeskError> {
        self.store.confirm(&req.assessment, &req.criterion, req.confirmed, who)?;
        let declined = if req.confirmed {
            None
        } else {
            let parts = self.store.parts(&req.assessment)?;
            let a = parts
                .iter()
                .find(|p| p.snapshot.saq.criterion(&req.criterion).is_some())
                .ok_or_else(|| DeskError::Contract("a confirmed criterion of no SAQ".into()))?;
            a.snapshot.saq.criterion(&req.criterion).map(|c| {
                let to = c.on_decline.escalate_to.as_deref().unwrap_or("another SAQ");
                Declined {
                    criterion: c.id.clone(),
                    why: c.on_decline.why.clone(),
                    escalate_to: c.on_decline.escalate_to.clone(),
                    ask_qsa: c.on_decline.ask_qsa,
                    message: format!(
                        "{}: declined. {} This assessment cannot be attested as SAQ {}; start one for SAQ {to}{}.",
                        c.id,
                        c.on_decline.why,
                        a.saq,
                        if c.on_decline.ask_qsa { " and confirm with your QSA" } else { "" }
                    ),
                }
            })
        };
        let saq = self
            .store
            .parts(&req.assessment)?
            .into_iter()
            .find(|p| p.snapshot.saq.criterion(&req.criterion).is_some())
            .map(|p| p.saq);
        Ok(ConfirmResult { status: self.store.status_on(&req.assessment, saq.as_deref(), who.today)?, declined })
    }

    /// Progress, every problem that blocks attestation and the warnings that do not, of SAQ `saq`
    /// (or the only SAQ), on the actor's day.
    pub fn status(&self, key: &str, saq: Option<&str>, who: &Actor) -> Result<Status, DeskError> {
        Ok(self.store.status_on(key, saq, who.today)?)
    }

    /// Signs AOC Part 3 for one SAQ; refused (code `blocked`) while anything blocks it.
    pub fn attest(&mut self, req: AttestRequest, who: &Actor) -> Result<Attestation, DeskError> {
        Ok(self.store.attest(&req.assessment, req.saq.as_deref(), &req.input, who)?)
    }
}
