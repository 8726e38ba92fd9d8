use serde::Serialize;

/// Everything a command can fail with, folded into one message and an exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Questionnaire(#[from] saqdesk::questionnaire::QuestionnaireError),
    #[error(transparent)]
    Scope(#[from] saqdesk::scoping::ScopeError),
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Questionnaire(_) => "questionnaire",
            CliError::Scope(_) => "scope",
            CliError::Usage(_) => "usage",
        }
    }

    /// 2: the input was wrong and nothing was changed.
    pub fn exit_code(&self) -> i32 {
        2
    }
}

pub fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("saqdesk: cannot encode output: {e}"),
    }
}
