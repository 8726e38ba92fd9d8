use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("template {}: {message}", file.display())]
    Template { file: PathBuf, message: String },
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("unknown export format '{0}' (valid: pdf, html, md, json)")]
    Format(String),
}

impl ReportError {
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Store(e) => e.code(),
            ReportError::Template { .. } => "template",
            ReportError::Pdf(_) => "report",
            ReportError::Io { .. } => "io",
            ReportError::Format(_) => "invalid",
        }
    }
}
