//! Reading one YAML file into a typed value, with errors that carry file and line.

use super::error::QuestionnaireError;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The bytes of one data file, kept so that validation can point at the line of an offending ID.
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// Files over this size are not questionnaire data; refusing them also caps alias expansion.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

impl Source {
    pub fn read(path: &Path) -> Result<Self, QuestionnaireError> {
        let io = |source| QuestionnaireError::Io { file: path.to_path_buf(), source };
        let len = std::fs::metadata(path).map_err(io)?.len();
        if len > MAX_FILE_BYTES {
            return Err(QuestionnaireError::Syntax {
                file: path.to_path_buf(),
                line: None,
                message: format!("file is {len} bytes; questionnaire files are limited to {MAX_FILE_BYTES}"),
            });
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        Ok(Self { path: path.to_path_buf(), text })
    }

    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, QuestionnaireError> {
        serde_yaml::from_str(&self.text).map_err(|e| QuestionnaireError::Syntax {
            file: self.path.clone(),
            line: e.location().map(|l| l.line()),
            message: strip_location(&e.to_string()),
        })
    }

    /// The 1-based line of the `nth` (0-based) occurrence of `id` as a whole YAML scalar.
    pub fn line_of(&self, id: &str, nth: usize) -> Option<usize> {
        let mut seen = 0;
        for (i, line) in self.text.lines().enumerate() {
            let code = line.split(" #").next().unwrap_or(line);
            let hits = scalar_hits(code, id);
            if seen + hits > nth {
                return Some(i + 1);
            }
            seen += hits;
        }
        None
    }

    pub fn invalid(&self, id: Option<&str>, nth: usize, message: impl Into<String>) -> QuestionnaireError {
        QuestionnaireError::Invalid {
            file: self.path.clone(),
            line: id.and_then(|i| self.line_of(i, nth)),
            id: id.map(str::to_owned),
            message: message.into(),
        }
    }
}

fn scalar_hits(line: &str, id: &str) -> usize {
    let bytes = line.as_bytes();
    line.match_indices(id)
        .filter(|(at, _)| {
            let before = if *at == 0 { b' ' } else { bytes[at - 1] };
            let after = bytes.get(at + id.len()).copied().unwrap_or(b' ');
            let boundary = |c: u8| !(c.is_ascii_alphanumeric() || c == b'.' || c == b'-' || c == b'_');
            boundary(before) && boundary(after)
        })
        .count()
}

/// serde_yaml appends " at line X column Y"; we print the line in our own prefix instead.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(at) => msg[..at].to_string(),
        None => msg.to_string(),
    }
}
