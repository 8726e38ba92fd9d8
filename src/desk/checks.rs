//! Payment-page checks that turn Stripe's security guidance into evidence: the CSP checker, the
//! script inventory and the secret-key scan, each optionally saved as evidence with the input's
//! SHA-256, the time and who ran it.

use super::{Desk, DeskError};
use crate::checks::{csp, keys, page};
use crate::store::{Actor, Evidence, EvidenceMeta};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use ts_rs::TS;

/// Save the result as evidence for this requirement or criterion of this assessment.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct Attach {
    pub assessment: String,
    pub item: String,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct CspCheck {
    /// Integrations in use: checkout, elements, connect-embedded, address-element, or a scoping method.
    pub methods: Vec<String>,
    /// The policy as the header value.
    pub header: Option<String>,
    /// A saved page (meta tag) or saved response headers.
    #[ts(type = "string | null")]
    pub file: Option<PathBuf>,
    pub attach: Option<Attach>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct PageCheck {
    /// The payment page, saved from the browser.
    #[ts(type = "string")]
    pub page: PathBuf,
    /// The site's own origin, e.g. https://shop.example.
    pub origin: String,
    /// Also write the inventory as CSV here.
    #[ts(type = "string | null")]
    pub csv: Option<PathBuf>,
    pub attach: Option<Attach>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct KeysCheck {
    #[ts(type = "string")]
    pub dir: PathBuf,
    pub attach: Option<Attach>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CheckOutcome {
    /// The report as plain text, as saved when attached.
    pub text: String,
    /// Findings that need a change (notes excluded).
    pub problems: usize,
    /// The check's own report, for scripts.
    pub report: serde_json::Value,
    pub attached: Option<Evidence>,
}

impl Desk {
    pub fn check_csp(&mut self, req: CspCheck, who: &Actor) -> Result<CheckOutcome, DeskError> {
        let rules = csp::CspRules::load(&self.data.csp_rules)?;
        let (policy, desc, bytes) = match (&req.header, &req.file) {
            (Some(h), _) => {
                (csp::Policy::parse(h)?, "header value given on the command line".to_string(), h.as_bytes().to_vec())
            }
            (None, Some(f)) => {
                let bytes = std::fs::read(f).map_err(|source| DeskError::Io { path: f.clone(), source })?;
                (csp::policy_from_file(f)?, f.display().to_string(), bytes)
            }
            (None, None) => {
                return Err(DeskError::invalid(
                    "header",
                    "give the policy as a header value, or a saved page or header file",
                ))
            }
        };
        let r = csp::check(&rules, &req.methods, &policy)?;
        let text = csp::render(&r, &desc);
        let outcome = CheckOutcome { problems: r.problems(), report: json(&r), text, attached: None };
        self.attach(outcome, req.attach, "csp-check", &desc, &bytes, who)
    }

    pub fn check_page(&mut self, req: PageCheck, who: &Actor) -> Result<CheckOutcome, DeskError> {
        let r = page::inventory_file(&req.page, &req.origin)?;
        if let Some(csv) = &req.csv {
            std::fs::write(csv, page::to_csv(&r)).map_err(|source| DeskError::Io { path: csv.clone(), source })?;
        }
        let bytes = std::fs::read(&req.page).map_err(|source| DeskError::Io { path: req.page.clone(), source })?;
        let desc = req.page.display().to_string();
        let outcome = CheckOutcome {
            text: page::render(&r, &desc),
            problems: r.findings.len(),
            report: json(&r),
            attached: None,
        };
        self.attach(outcome, req.attach, "script-inventory", &desc, &bytes, who)
    }

    pub fn check_keys(&mut self, req: KeysCheck, who: &Actor) -> Result<CheckOutcome, DeskError> {
        let r = keys::scan(&req.dir)?;
        // What was scanned is a folder: the hash covers the list of hits, file and line.
        let listing = r.hits.iter().map(|h| format!("{}:{}", h.file, h.line)).collect::<Vec<_>>().join("\n");
        let desc = req.dir.display().to_string();
        let outcome = CheckOutcome { text: keys::render(&r), problems: r.hits.len(), report: json(&r), attached: None };
        self.attach(outcome, req.attach, "key-scan", &desc, listing.as_bytes(), who)
    }

    /// Saves a check's report as evidence, stamped with the input's SHA-256, the time and who ran it.
    fn attach(
        &mut self,
        mut outcome: CheckOutcome,
        attach: Option<Attach>,
        name: &str,
        input_desc: &str,
        input: &[u8],
        who: &Actor,
    ) -> Result<CheckOutcome, DeskError> {
        let Some(att) = attach else { return Ok(outcome) };
        let stamped = format!(
            "{}\nInput SHA-256: {}\nChecked at: {} by {}\n",
            outcome.text,
            hex::encode(Sha256::digest(input)),
            who.now.to_rfc3339(),
            who.name
        );
        let meta = EvidenceMeta {
            effective_date: Some(who.today),
            expires: None,
            description: format!("{name} of {input_desc}"),
        };
        let file_name = format!("{name}-{}.txt", who.now.format("%Y%m%d-%H%M%S"));
        let e = self.store.add_evidence_bytes(
            &att.assessment,
            std::slice::from_ref(&att.item),
            &file_name,
            stamped.as_bytes(),
            &meta,
            who,
        )?;
        outcome.attached = Some(e);
        Ok(outcome)
    }
}

fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}
