use super::Saq;
use std::path::PathBuf;

/// Everything that can stop a form from being recognised or filled. Each refusal says what was
/// found and what to do, because the person reading it is a compliance officer with a file in hand.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("not a Word .docx file: {0}")]
    NotDocx(String),
    #[error("the .docx file is damaged: {0}")]
    Damaged(String),
    #[error("refused: {0}")]
    Hostile(String),
    #[error("refused: {part} declares a DOCTYPE; Word forms never do, and a DOCTYPE can pull in external entities")]
    Doctype { part: String },
    #[error("not a PCI DSS v4.0.1 SAQ or AOC form that SAQ Desk knows: {0}")]
    Unrecognised(String),
    #[error(
        "{found} is superseded by {current}; download the current form from the PCI SSC document library \
         (www.pcisecuritystandards.org/document_library)"
    )]
    Superseded { found: String, current: String },
    #[error(
        "{found} is not a revision SAQ Desk knows (it fills {known}); check the PCI SSC document library for \
         the form in force"
    )]
    UnknownRevision { found: String, known: String },
    #[error("this is the {found} form, but the assessment is for SAQ {expected}; use the SAQ {expected} form")]
    WrongSaq { expected: Saq, found: String },
    #[error("the assessment data does not fit the form: {0}")]
    Data(String),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("could not write the filled form: {0}")]
    Write(String),
}

impl FormError {
    /// A short stable code for the CLI's JSON output and exit handling.
    pub fn code(&self) -> &'static str {
        match self {
            FormError::NotDocx(_) | FormError::Damaged(_) => "invalid-file",
            FormError::Hostile(_) | FormError::Doctype { .. } => "hostile-file",
            FormError::Unrecognised(_) => "unrecognised-form",
            FormError::Superseded { .. } | FormError::UnknownRevision { .. } => "wrong-revision",
            FormError::WrongSaq { .. } => "wrong-saq",
            FormError::Data(_) => "invalid",
            FormError::Io { .. } | FormError::Write(_) => "io",
        }
    }

    pub(crate) fn xml(part: &str, e: impl std::fmt::Display) -> Self {
        FormError::Damaged(format!("{part} is not well-formed XML ({e})"))
    }
}
