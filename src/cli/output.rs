use saqdesk::desk::DeskError;
use serde::Serialize;

/// Everything a command can fail with, folded into one message and an exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Desk(#[from] DeskError),
    #[error("{0}")]
    Usage(String),
}

macro_rules! from_layer {
    ($($t:ty),*) => {$(
        impl From<$t> for CliError {
            fn from(e: $t) -> Self {
                CliError::Desk(e.into())
            }
        }
    )*};
}
from_layer!(
    saqdesk::questionnaire::QuestionnaireError,
    saqdesk::scoping::ScopeError,
    saqdesk::store::StoreError,
    saqdesk::report::ReportError
);

impl CliError {
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Desk(e) => e.code(),
            CliError::Usage(_) => "usage",
        }
    }

    /// 2: the input was refused and nothing was changed; 1: the operation itself failed.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Desk(DeskError::Store(
                saqdesk::store::StoreError::Io { .. } | saqdesk::store::StoreError::Sqlite(_),
            )) => 1,
            CliError::Desk(DeskError::Report(
                saqdesk::report::ReportError::Io { .. } | saqdesk::report::ReportError::Pdf(_),
            )) => 1,
            _ => 2,
        }
    }
}

pub fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("saqdesk: cannot encode output: {e}"),
    }
}
