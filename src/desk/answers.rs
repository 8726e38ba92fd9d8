//! Answering: responses, reviews of carried-forward answers, eligibility, status and attestation.

use super::{Desk, DeskError};
use crate::store::{Actor, AnswerInput, AttestInput, Attestation, Response, Status};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct AnswerRequest {
    pub assessment: String,
    pub requirement: String,
    pub input: AnswerInput,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AnswerResult {
    pub response: Response,
    pub status: Status,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ReviewRequest {
    pub assessment: String,
    pub requirement: String,
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
pub struct AttestRequest {
    pub assessment: String,
    pub input: AttestInput,
}

impl Desk {
    pub fn answer(&mut self, req: AnswerRequest, who: &Actor) -> Result<AnswerResult, DeskError> {
        let response = self.store.answer(&req.assessment, &req.requirement, &req.input, who)?;
        Ok(AnswerResult { response, status: self.store.status(&req.assessment)? })
    }

    /// Marks a carried-forward answer as reviewed, unchanged.
    pub fn review(&mut self, req: ReviewRequest, who: &Actor) -> Result<Status, DeskError> {
        self.store.review(&req.assessment, &req.requirement, who)?;
        Ok(self.store.status(&req.assessment)?)
    }

    pub fn confirm(&mut self, req: ConfirmRequest, who: &Actor) -> Result<ConfirmResult, DeskError> {
        self.store.confirm(&req.assessment, &req.criterion, req.confirmed, who)?;
        let declined = if req.confirmed {
            None
        } else {
            let a = self.store.assessment(&req.assessment)?;
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
        Ok(ConfirmResult { status: self.store.status(&req.assessment)?, declined })
    }

    /// Progress and every problem that blocks attestation.
    pub fn status(&self, key: &str) -> Result<Status, DeskError> {
        Ok(self.store.status(key)?)
    }

    /// Signs AOC Part 3; refused (code `blocked`) while anything blocks it.
    pub fn attest(&mut self, req: AttestRequest, who: &Actor) -> Result<Attestation, DeskError> {
        Ok(self.store.attest(&req.assessment, &req.input, who)?)
    }
}
