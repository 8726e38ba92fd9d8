//! Content-Security-Policy checker (6.4.3, and SAQ A's script-attack criterion): are Stripe's
//! documented sources allowed, and does the policy leave room for injected scripts?

use super::{CheckError, Finding, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CspRules {
    pub integrations: Vec<Integration>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Integration {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub scoping_methods: Vec<String>,
    pub requires: BTreeMap<String, Vec<String>>,
}

impl CspRules {
    pub fn load(path: &Path) -> Result<Self, CheckError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| CheckError::Io { path: path.to_path_buf(), source })?;
        serde_yaml::from_str(&text).map_err(|e| CheckError::Input(format!("{}: {e}", path.display())))
    }

    /// The integration named `m`, by its own ID or a scoping method that maps to it.
    pub fn integration(&self, m: &str) -> Option<&Integration> {
        self.integrations
            .iter()
            .find(|i| i.id == m)
            .or_else(|| self.integrations.iter().find(|i| i.scoping_methods.iter().any(|s| s == m)))
    }
}

/// A parsed policy: directive name → its source expressions, as the browser would read them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub directives: BTreeMap<String, Vec<String>>,
}

impl Policy {
    pub fn parse(text: &str) -> Result<Self, CheckError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CheckError::Input("the Content-Security-Policy is empty".into()));
        }
        if text.contains('<') || text.contains('\n') {
            return Err(CheckError::Input("this does not look like a Content-Security-Policy value (found markup or several lines); pass a saved page or header file with --file".into()));
        }
        let mut p = Policy::default();
        for part in text.split(';') {
            let mut tokens = part.split_ascii_whitespace();
            let Some(name) = tokens.next() else { continue };
            let name = name.to_ascii_lowercase();
            if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return Err(CheckError::Input(format!("'{name}' is not a CSP directive name")));
            }
            // Browsers ignore a repeated directive; so do we.
            p.directives.entry(name).or_insert_with(|| tokens.map(str::to_string).collect());
        }
        if p.directives.is_empty() {
            return Err(CheckError::Input("no directives found in the Content-Security-Policy".into()));
        }
        Ok(p)
    }

    /// The sources that govern `directive`, following CSP's fallback chain.
    pub fn effective(&self, directive: &str) -> Option<(&str, &[String])> {
        let chain: &[&str] = match directive {
            "frame-src" => &["frame-src", "child-src", "default-src"],
            "script-src-elem" => &["script-src-elem", "script-src", "default-src"],
            _ => &[directive, "default-src"],
        };
        chain.iter().find_map(|d| self.directives.get_key_value(*d).map(|(k, v)| (k.as_str(), v.as_slice())))
    }
}

/// The policy from a saved page (`<meta http-equiv="Content-Security-Policy">`) or a saved header
/// dump (`Content-Security-Policy: …` lines).
pub fn policy_from_file(path: &Path) -> Result<Policy, CheckError> {
    let bytes = std::fs::read(path).map_err(|source| CheckError::Io { path: path.to_path_buf(), source })?;
    let text = String::from_utf8_lossy(&bytes);
    for line in text.lines() {
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-security-policy") {
                return Policy::parse(value);
            }
        }
    }
    for e in super::html::elements(&text, "meta") {
        if e.attr("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("content-security-policy")) {
            return Policy::parse(e.attr("content").unwrap_or_default());
        }
    }
    Err(CheckError::Input(format!(
        "{}: no Content-Security-Policy found (neither a header line nor a <meta http-equiv> tag)",
        path.display()
    )))
}

/// Does source expression `have` admit the URL pattern `need` (both as written in a policy)?
fn admits(have: &str, need: &str) -> bool {
    let have_l = have.to_ascii_lowercase();
    let need_l = need.to_ascii_lowercase();
    if have_l == need_l || have_l == "*" {
        return true;
    }
    if need_l.starts_with('\'') {
        return false;
    }
    let (Some((hs, hh)), Some((ns, nh))) = (have_l.split_once("://"), need_l.split_once("://")) else {
        // Scheme-only source such as `https:` admits every host on that scheme.
        return have_l.ends_with(':') && need_l.starts_with(&have_l);
    };
    if hs != ns {
        return false;
    }
    let hh = hh.trim_end_matches('/');
    let nh = nh.trim_end_matches('/');
    match hh.strip_prefix("*.") {
        Some(suffix) => nh.ends_with(&format!(".{suffix}")) && nh.len() > suffix.len() + 1,
        None => hh == nh,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CspReport {
    pub integrations: Vec<String>,
    pub policy: Policy,
    pub findings: Vec<Finding>,
}

pub fn check(rules: &CspRules, methods: &[String], policy: &Policy) -> Result<CspReport, CheckError> {
    if methods.is_empty() {
        return Err(CheckError::Input(format!("name at least one --method ({})", valid(rules))));
    }
    let mut findings = Vec::new();
    let mut used = Vec::new();
    for m in methods {
        let i = rules
            .integration(m)
            .ok_or_else(|| CheckError::Input(format!("unknown method '{m}' (valid: {})", valid(rules))))?;
        if used.contains(&i.id) {
            continue;
        }
        used.push(i.id.clone());
        for (directive, needed) in &i.requires {
            match policy.effective(directive) {
                None => {} // No directive and no default-src: nothing is restricted, reported below.
                Some((from, sources)) => {
                    let missing: Vec<&String> =
                        needed.iter().filter(|n| !sources.iter().any(|s| admits(s, n))).collect();
                    if !missing.is_empty() {
                        let via = if from == directive { String::new() } else { format!(" (governed by {from})") };
                        findings.push(Finding::new(
                            Severity::High,
                            "stripe-source-missing",
                            format!(
                                "{}: {directive}{via} does not allow {}; Stripe will be blocked",
                                i.label,
                                missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
                            ),
                        ));
                    }
                }
            }
        }
    }
    findings.extend(risks(policy));
    Ok(CspReport { integrations: used, policy: policy.clone(), findings })
}

fn valid(rules: &CspRules) -> String {
    let mut v: Vec<String> = rules.integrations.iter().map(|i| i.id.clone()).collect();
    for i in &rules.integrations {
        v.extend(i.scoping_methods.iter().cloned());
    }
    v.sort();
    v.dedup();
    v.join(", ")
}

/// Allowances that let an attacker's script run on the payment page.
fn risks(p: &Policy) -> Vec<Finding> {
    let mut out = Vec::new();
    match p.effective("script-src") {
        None => out.push(Finding::new(
            Severity::High,
            "no-script-policy",
            "neither script-src nor default-src is set: any script from anywhere may run on the payment page",
        )),
        Some((from, sources)) => {
            let has_nonce_or_hash = sources.iter().any(|s| {
                let l = s.to_ascii_lowercase();
                l.starts_with("'nonce-")
                    || l.starts_with("'sha256-")
                    || l.starts_with("'sha384-")
                    || l.starts_with("'sha512-")
            });
            for s in sources {
                let l = s.to_ascii_lowercase();
                if l == "'unsafe-inline'" && !has_nonce_or_hash {
                    out.push(Finding::new(
                        Severity::High,
                        "unsafe-inline",
                        format!(
                            "{from} allows 'unsafe-inline' without a nonce or hash: injected inline scripts would run"
                        ),
                    ));
                }
                if l == "'unsafe-eval'" {
                    out.push(Finding::new(
                        Severity::Medium,
                        "unsafe-eval",
                        format!("{from} allows 'unsafe-eval': strings can be run as code"),
                    ));
                }
                if l == "*" {
                    out.push(Finding::new(
                        Severity::High,
                        "wildcard-source",
                        format!("{from} allows scripts from any host (*)"),
                    ));
                }
                if matches!(l.as_str(), "https:" | "http:" | "data:" | "blob:") {
                    out.push(Finding::new(
                        Severity::High,
                        "scheme-only-source",
                        format!("{from} allows scripts from any host over {l}"),
                    ));
                }
            }
        }
    }
    for (d, sources) in &p.directives {
        for s in sources {
            if s.to_ascii_lowercase().starts_with("http://") {
                out.push(Finding::new(
                    Severity::Medium,
                    "http-source",
                    format!("{d} allows an unencrypted source {s}"),
                ));
            }
        }
    }
    out
}

/// The report as plain text, for the terminal and for saving as evidence.
pub fn render(r: &CspReport, input: &str) -> String {
    let mut s = format!("Content-Security-Policy check ({})\nInput: {input}\n\n", r.integrations.join(", "));
    if r.findings.is_empty() {
        s.push_str("No findings: every Stripe source needed is allowed and no risky allowance was found.\n");
    }
    for f in &r.findings {
        s.push_str(&format!(
            "[{}] {}\n",
            match f.severity {
                Severity::High => "HIGH",
                Severity::Medium => "MEDIUM",
            },
            f.message
        ));
    }
    s.push_str("\nPolicy as parsed:\n");
    for (d, v) in &r.policy.directives {
        s.push_str(&format!("  {d} {}\n", v.join(" ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> CspRules {
        CspRules::load(&std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questionnaires/stripe-csp.yaml"))
            .expect("rules")
    }

    fn run(methods: &[&str], policy: &str) -> Vec<String> {
        let m: Vec<String> = methods.iter().map(|s| s.to_string()).collect();
        check(&rules(), &m, &Policy::parse(policy).expect("parse"))
            .expect("check")
            .findings
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn table() {
        let cases: &[(&[&str], &str, &[&str])] = &[
            (&["checkout"], "default-src 'self'; script-src 'self' https://checkout.stripe.com; connect-src 'self' https://checkout.stripe.com; frame-src https://checkout.stripe.com; img-src 'self' https://*.stripe.com", &[]),
            (&["elements"], "default-src 'self'; script-src 'self' https://js.stripe.com https://*.js.stripe.com; connect-src https://api.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com", &["stripe-source-missing"]),
            (&["elements"], "default-src 'self'; script-src 'self' https://js.stripe.com https://*.js.stripe.com; connect-src https://api.stripe.com; frame-src https://*.js.stripe.com https://js.stripe.com https://hooks.stripe.com", &[]),
            (&["elements"], "script-src 'self' 'unsafe-inline' https://*.stripe.com; connect-src https://api.stripe.com; frame-src https://*.stripe.com", &["unsafe-inline"]),
            (&["elements"], "script-src 'self' 'unsafe-inline' 'nonce-r4nd0m' https://*.stripe.com; connect-src https://api.stripe.com; frame-src https://*.stripe.com", &[]),
            (&["elements"], "img-src 'self'", &["no-script-policy"]),
            (&["checkout"], "default-src * 'unsafe-eval'", &["wildcard-source", "unsafe-eval"]),
            (&["checkout"], "default-src https: http://cdn.example.com", &["scheme-only-source", "http-source"]),
            (&["connect-platform"], "default-src 'self'; script-src https://connect-js.stripe.com https://js.stripe.com; frame-src https://connect-js.stripe.com https://js.stripe.com; img-src https://*.stripe.com; style-src 'self'", &["stripe-source-missing"]),
        ];
        for (methods, policy, want) in cases {
            let got = run(methods, policy);
            assert_eq!(&got, want, "{methods:?} {policy}");
        }
    }

    #[test]
    fn wildcard_matching() {
        assert!(admits("https://*.stripe.com", "https://js.stripe.com"));
        assert!(admits("https://*.stripe.com", "https://*.js.stripe.com"));
        assert!(!admits("https://*.stripe.com", "https://stripe.com"));
        assert!(!admits("https://*.stripe.com", "https://evilstripe.com"));
        assert!(!admits("http://js.stripe.com", "https://js.stripe.com"));
        assert!(admits("https:", "https://js.stripe.com"));
    }

    #[test]
    fn malformed_input() {
        assert!(Policy::parse("").is_err());
        assert!(Policy::parse("<html>").is_err());
        assert!(Policy::parse("scr!pt-src x").is_err());
        assert!(check(&rules(), &["paypal".into()], &Policy::parse("default-src 'self'").expect("p")).is_err());
    }
}
