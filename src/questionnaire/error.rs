use serde::Serialize;
use std::path::PathBuf;

/// Why a questionnaire folder could not be loaded. Every variant names the file, and the line
/// where one can be found, so whoever edits the YAML can go straight to the problem.
#[derive(Debug, thiserror::Error)]
pub enum QuestionnaireError {
    #[error("{}: cannot read: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}{}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Syntax { file: PathBuf, line: Option<usize>, message: String },
    #[error("{}{}: {}{message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default(), id.as_ref().map(|i| format!("'{i}': ")).unwrap_or_default())]
    Invalid { file: PathBuf, line: Option<usize>, id: Option<String>, message: String },
}

impl QuestionnaireError {
    pub fn file(&self) -> &PathBuf {
        match self {
            Self::Io { file, .. } | Self::Syntax { file, .. } | Self::Invalid { file, .. } => file,
        }
    }

    pub fn line(&self) -> Option<usize> {
        match self {
            Self::Io { .. } => None,
            Self::Syntax { line, .. } | Self::Invalid { line, .. } => *line,
        }
    }
}

impl Serialize for QuestionnaireError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
