//! Questionnaire data: the PCI DSS requirement catalog and the SAQs drawn from it, loaded from YAML.
//!
//! Nothing about the requirement set lives in code; see `questionnaires/README.md`.

mod error;
mod load;
mod model;
mod snapshot;
mod yaml;
pub use yaml::Source;

pub use error::QuestionnaireError;
pub use load::load;
pub use model::*;
pub use snapshot::{FrequencyFacts, PrincipalTitle, SaqSnapshot};

use std::path::PathBuf;

/// Where the shipped data set lives: next to the executable when installed, else the source tree.
pub fn default_root() -> PathBuf {
    if let Ok(dir) = std::env::var("SAQDESK_QUESTIONNAIRES") {
        return PathBuf::from(dir);
    }
    let exe_dir = std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.to_path_buf()));
    let candidates = [
        exe_dir.as_ref().map(|d| d.join("questionnaires")),
        exe_dir.as_ref().map(|d| d.join("../share/saqdesk/questionnaires")),
        exe_dir.as_ref().map(|d| d.join("../lib/saq-desk/questionnaires")),
        exe_dir.as_ref().map(|d| d.join("../lib/SAQ Desk/questionnaires")),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questionnaires")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.join("scoping.yaml").is_file())
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questionnaires"))
}
