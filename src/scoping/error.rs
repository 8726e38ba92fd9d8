use serde::Serialize;

/// Input the scoping engine cannot work with. Each message names the bad value and the valid ones.
#[derive(Debug, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ScopeError {
    #[error("choose at least one integration method (valid: {valid})")]
    NoMethods { valid: String },
    #[error("unknown integration method '{value}' (valid: {valid})")]
    UnknownMethod { value: String, valid: String },
    #[error("unknown follow-up question '{value}' (valid: {valid})")]
    UnknownQuestion { value: String, valid: String },
    #[error("answer to '{question}' must be yes or no, not '{value}'")]
    BadAnswer { question: String, value: String },
    #[error("unknown eligibility criterion '{value}'")]
    UnknownCriterion { value: String },
    #[error("the scoping data names SAQ '{value}', which the questionnaire {referenced_by} does not define")]
    MissingSaq { value: String, referenced_by: String },
}
