//! A questionnaire plus the scoping rules that point into it: everything the app reads from disk.

use crate::questionnaire::{self, Questionnaire, QuestionnaireError};
use crate::scoping::{self, ScopingRules};
use std::path::{Path, PathBuf};

pub struct DataSet {
    pub questionnaire: Questionnaire,
    pub scoping: ScopingRules,
    pub guidance: Vec<crate::guidance::Guidance>,
    /// The folder the questionnaire was read from, for messages and the report's provenance line.
    pub dir: PathBuf,
    /// Stripe's CSP sources per integration, beside the scoping rules; read when a check runs.
    pub csp_rules: PathBuf,
}

impl DataSet {
    /// The data shipped with the app (or `SAQDESK_QUESTIONNAIRES`).
    pub fn open_default() -> Result<Self, QuestionnaireError> {
        Self::open(&questionnaire::default_root())
    }

    /// `dir` is either a root holding `scoping.yaml` and data-set folders, or one data-set folder
    /// (holding `questionnaire.yaml`), whose scoping file is then beside it or one level up.
    pub fn open(dir: &Path) -> Result<Self, QuestionnaireError> {
        let (qdir, scoping_path) = if dir.join("questionnaire.yaml").is_file() {
            let own = dir.join("scoping.yaml");
            let parent = dir.parent().map(|p| p.join("scoping.yaml"));
            let path = if own.is_file() { own } else { parent.filter(|p| p.is_file()).unwrap_or(own) };
            (dir.to_path_buf(), path)
        } else {
            let path = dir.join("scoping.yaml");
            let src = questionnaire::Source::read(&path)?;
            #[derive(serde::Deserialize)]
            struct Pointer {
                questionnaire: String,
            }
            let p: Pointer = serde_yaml::from_str(&src.text).map_err(|e| QuestionnaireError::Syntax {
                file: path.clone(),
                line: e.location().map(|l| l.line()),
                message: e.to_string(),
            })?;
            (dir.join(p.questionnaire), path)
        };
        let q = questionnaire::load(&qdir)?;
        let rules = scoping::load_rules(&scoping_path, &q)?;
        let guidance_path = scoping_path.with_file_name("stripe-guidance.yaml");
        let guidance = crate::guidance::load(&guidance_path, &q, &rules)?;
        let csp_rules = scoping_path.with_file_name("stripe-csp.yaml");
        Ok(Self { questionnaire: q, scoping: rules, guidance, dir: qdir, csp_rules })
    }
}

impl DataSet {
    /// Stripe guidance per requirement for an assessment scoped with `methods`.
    pub fn guidance_for(
        &self,
        snap: &crate::questionnaire::SaqSnapshot,
        methods: &[String],
    ) -> std::collections::BTreeMap<String, Vec<String>> {
        crate::guidance::for_assessment(&self.guidance, snap, methods)
    }
}
