//! Payment-page checks that turn Stripe's security guidance into evidence: the CSP checker, the
//! script inventory and the secret-key scan. Each takes what the user saved (nothing is fetched)
//! and returns findings plus a plain-text report fit to attach as evidence.

pub mod csp;
mod html;
pub mod keys;
pub mod page;

use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Input(String),
    #[error("{}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl CheckError {
    pub fn code(&self) -> &'static str {
        match self {
            CheckError::Input(_) => "invalid",
            CheckError::Io { .. } => "io",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stripe will not work, or the page is open to script injection.
    High,
    /// Weakens the policy; worth fixing.
    Medium,
    /// How the policy is read, to know; nothing to fix.
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: String,
    pub message: String,
}

impl Finding {
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Self { severity, code: code.into(), message: message.into() }
    }
}
