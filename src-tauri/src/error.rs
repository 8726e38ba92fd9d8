use saqdesk::desk::DeskError;
use serde::Serialize;

/// What the UI receives when a command fails: a stable code, a message, and the field at fault.
#[derive(Debug, Serialize)]
pub struct UiError {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

impl<E: Into<DeskError>> From<E> for UiError {
    fn from(e: E) -> Self {
        let e: DeskError = e.into();
        UiError { code: e.code().to_string(), message: e.to_string(), field: e.field() }
    }
}

impl UiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        UiError { code: code.into(), message: message.into(), field: None }
    }
}

pub type UiResult<T> = Result<T, UiError>;
