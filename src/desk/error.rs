//! One error contract for every door: a closed set of codes the UI and scripts branch on, a
//! message for people, and the input field at fault when there is one.

use crate::checks::CheckError;
use crate::forms::FormError;
use crate::questionnaire::QuestionnaireError;
use crate::report::ReportError;
use crate::scoping::ScopeError;
use crate::store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Any error from any layer.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Questionnaire(#[from] QuestionnaireError),
    #[error(transparent)]
    Scope(#[from] ScopeError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Check(#[from] CheckError),
    #[error(transparent)]
    Form(#[from] FormError),
    /// An input that does not hold together, caught by the use case before any layer sees it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{what} '{key}' not found")]
    NotFound { what: &'static str, key: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A command name or argument shape the contract does not know (a door out of step).
    #[error("{0}")]
    Contract(String),
}

impl DeskError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        DeskError::Invalid { field: field.into(), message: message.into() }
    }

    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            DeskError::Questionnaire(_) => C::Questionnaire,
            DeskError::Scope(ScopeError::MissingSaq { .. }) => C::Questionnaire,
            DeskError::Scope(_) => C::Invalid,
            DeskError::Store(e) => store_code(e),
            DeskError::Report(e) => match e {
                ReportError::Store(s) => store_code(s),
                ReportError::Template { .. } => C::Template,
                ReportError::Pdf(_) => C::Report,
                ReportError::Io { .. } => C::Io,
                ReportError::Format(_) => C::Invalid,
            },
            DeskError::Check(e) => match e {
                CheckError::Input(_) => C::Invalid,
                CheckError::Io { .. } => C::Io,
            },
            DeskError::Form(e) => match e {
                FormError::NotDocx(_) | FormError::Damaged(_) | FormError::Hostile(_) | FormError::Doctype { .. } => {
                    C::InvalidFile
                }
                FormError::Unrecognised(_)
                | FormError::Superseded { .. }
                | FormError::UnknownRevision { .. }
                | FormError::WrongSaq { .. } => C::WrongForm,
                FormError::Data(_) => C::Invalid,
                FormError::Io { .. } | FormError::Write(_) => C::Io,
            },
            DeskError::Invalid { .. } => C::Invalid,
            DeskError::NotFound { .. } => C::NotFound,
            DeskError::Io { .. } => C::Io,
            DeskError::Contract(_) => C::Internal,
        }
    }

    /// The input field at fault, when there is one.
    pub fn field(&self) -> Option<String> {
        match self {
            DeskError::Store(e) | DeskError::Report(ReportError::Store(e)) => e.field().map(str::to_string),
            DeskError::Invalid { field, .. } => Some(field.clone()),
            DeskError::Scope(ScopeError::UnknownMethod { .. } | ScopeError::NoMethods { .. }) => Some("methods".into()),
            DeskError::Scope(ScopeError::UnknownQuestion { .. } | ScopeError::BadAnswer { .. }) => {
                Some("answers".into())
            }
            DeskError::Scope(ScopeError::UnknownCriterion { .. }) => Some("declined".into()),
            DeskError::Report(ReportError::Format(_)) => Some("format".into()),
            _ => None,
        }
    }
}

fn store_code(e: &StoreError) -> ErrorCode {
    use ErrorCode as C;
    match e {
        StoreError::NotFound { .. } => C::NotFound,
        StoreError::Ambiguous { .. } => C::Ambiguous,
        StoreError::Invalid { .. } => C::Invalid,
        StoreError::Leak { .. } => C::LeakRefused,
        StoreError::Blocked(_) => C::Blocked,
        StoreError::Frozen(_) => C::Frozen,
        StoreError::NotADatabase(_) => C::NotADatabase,
        StoreError::NewerSchema { .. } => C::NewerSchema,
        StoreError::Busy => C::Busy,
        StoreError::ReadOnly | StoreError::ReadOnlyNeedsUpgrade { .. } | StoreError::ReadOnlyPendingWal(_) => {
            C::ReadOnly
        }
        StoreError::Io { .. } => C::Io,
        StoreError::Sqlite(_) => C::Database,
        StoreError::Corrupt(_) => C::Corrupt,
        StoreError::Schedule(_) => C::Invalid,
    }
}

/// The closed set of error codes. A door or a script branches on these, never on a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No assessment, merchant, evidence or requirement of that name.
    NotFound,
    /// A prefix that matches several assessments.
    Ambiguous,
    /// An input that breaks a rule; `field` names it.
    Invalid,
    /// The text holds a card number or a Stripe secret; `field` names where.
    LeakRefused,
    /// Something blocks attestation.
    Blocked,
    /// The assessment is attested; roll it forward to change anything.
    Frozen,
    /// The file is not an SAQ Desk database; it was left untouched.
    NotADatabase,
    /// The database was written by a newer SAQ Desk.
    NewerSchema,
    /// Another process is writing to the database.
    Busy,
    /// The database can be read, not changed.
    ReadOnly,
    /// A file could not be read or written.
    Io,
    /// SQLite failed.
    Database,
    /// Stored data could not be read back.
    Corrupt,
    /// The questionnaire data could not be loaded.
    Questionnaire,
    /// A report template is broken.
    Template,
    /// The report could not be drawn.
    Report,
    /// The file is not a Word document, or is damaged or hostile.
    InvalidFile,
    /// A Word document that is not the official form asked for (another SAQ or revision).
    WrongForm,
    /// A door and the core are out of step (unknown command or arguments).
    Internal,
}

impl ErrorCode {
    /// The code as it travels (`not_found`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Ambiguous => "ambiguous",
            ErrorCode::Invalid => "invalid",
            ErrorCode::LeakRefused => "leak_refused",
            ErrorCode::Blocked => "blocked",
            ErrorCode::Frozen => "frozen",
            ErrorCode::NotADatabase => "not_a_database",
            ErrorCode::NewerSchema => "newer_schema",
            ErrorCode::Busy => "busy",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::Io => "io",
            ErrorCode::Database => "database",
            ErrorCode::Corrupt => "corrupt",
            ErrorCode::Questionnaire => "questionnaire",
            ErrorCode::Template => "template",
            ErrorCode::Report => "report",
            ErrorCode::InvalidFile => "invalid_file",
            ErrorCode::WrongForm => "wrong_form",
            ErrorCode::Internal => "internal",
        }
    }

    /// Every code, for the contract and its tests.
    pub const ALL: [ErrorCode; 19] = [
        ErrorCode::NotFound,
        ErrorCode::Ambiguous,
        ErrorCode::Invalid,
        ErrorCode::LeakRefused,
        ErrorCode::Blocked,
        ErrorCode::Frozen,
        ErrorCode::NotADatabase,
        ErrorCode::NewerSchema,
        ErrorCode::Busy,
        ErrorCode::ReadOnly,
        ErrorCode::Io,
        ErrorCode::Database,
        ErrorCode::Corrupt,
        ErrorCode::Questionnaire,
        ErrorCode::Template,
        ErrorCode::Report,
        ErrorCode::InvalidFile,
        ErrorCode::WrongForm,
        ErrorCode::Internal,
    ];
}

/// What every door returns on failure: `{code, message, field}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field at fault, when there is one.
    pub field: Option<String>,
}

impl From<DeskError> for ApiError {
    fn from(e: DeskError) -> Self {
        ApiError { code: e.code(), message: e.to_string(), field: e.field() }
    }
}

impl<E: Into<DeskError>> From<E> for Box<ApiError> {
    fn from(e: E) -> Self {
        Box::new(ApiError::from(e.into()))
    }
}

impl Serialize for DeskError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ApiError { code: self.code(), message: self.to_string(), field: self.field() }.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_travel_as_their_names() {
        for c in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(c).ok(), Some(serde_json::Value::String(c.as_str().to_string())));
        }
    }

    #[test]
    fn a_store_refusal_names_its_field() {
        let e: DeskError = StoreError::invalid("remediation_date", "needs a date").into();
        let api = ApiError::from(e);
        assert_eq!((api.code, api.field.as_deref()), (ErrorCode::Invalid, Some("remediation_date")));
    }
}
