use saqdesk::desk::{ApiError, DeskError, ErrorCode};
use serde::Serialize;

/// Everything a command can fail with: the core's error, or arguments the CLI itself could not read.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Desk(#[from] DeskError),
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    pub fn api(&self) -> ApiError {
        match self {
            CliError::Desk(e) => ApiError { code: e.code(), message: e.to_string(), field: e.field() },
            CliError::Usage(m) => ApiError { code: ErrorCode::Invalid, message: m.clone(), field: None },
        }
    }

    /// 2: the input was refused and nothing was changed; 1: the operation itself failed.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Desk(e) if matches!(e.code(), ErrorCode::Io | ErrorCode::Database | ErrorCode::Report) => 1,
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

/// A YYYY-MM-DD date given to `--flag`.
pub fn date(flag: &str, v: Option<&str>) -> Result<Option<chrono::NaiveDate>, CliError> {
    v.map(|s| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| CliError::Usage(format!("--{flag} '{s}' is not a date (YYYY-MM-DD)")))
    })
    .transpose()
}
