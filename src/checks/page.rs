//! Payment-page script inventory (6.4.3, 11.6.1, SAQ A's script-attack criterion): every script a
//! saved payment page loads, external ones by origin and inline ones by SHA-256, with those from
//! neither the merchant nor Stripe flagged for justification.

use super::{CheckError, Finding, Severity};
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    Merchant,
    Stripe,
    ThirdParty,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScriptEntry {
    /// `external` or `inline`.
    pub kind: &'static str,
    /// The absolute URL of an external script, or `inline #N`.
    pub source: String,
    pub origin: String,
    pub owner: Owner,
    /// Inline: the CSP hash of its text (`sha256-…`, base64). External: the `integrity` attribute if any.
    pub hash: String,
    pub integrity: bool,
    pub is_async: bool,
    /// For the compliance officer to complete: why the script is needed and who authorised it.
    pub justification: String,
    pub authorised_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    pub origin: String,
    pub scripts: Vec<ScriptEntry>,
    pub findings: Vec<Finding>,
}

fn origin_of(url: &url::Url) -> String {
    url.origin().ascii_serialization()
}

fn is_stripe(host: &str) -> bool {
    host == "stripe.com"
        || host.ends_with(".stripe.com")
        || host == "stripe.network"
        || host.ends_with(".stripe.network")
}

pub fn inventory(html: &str, origin: &str) -> Result<PageReport, CheckError> {
    let base = url::Url::parse(origin).map_err(|e| {
        CheckError::Input(format!("--origin '{origin}' is not a URL such as https://shop.example ({e})"))
    })?;
    if !matches!(base.scheme(), "https" | "http") || base.host_str().is_none() {
        return Err(CheckError::Input(format!(
            "--origin '{origin}' must be an http(s) origin such as https://shop.example"
        )));
    }
    let merchant = origin_of(&base);
    let mut scripts = Vec::new();
    let mut findings = Vec::new();
    let mut inline_n = 0;
    for e in super::html::elements(html, "script") {
        // JSON data blocks and templates are not executed.
        if let Some(t) = e.attr("type") {
            let t = t.trim().to_ascii_lowercase();
            if !(t.is_empty() || t == "module" || t.contains("javascript") || t.contains("ecmascript")) {
                continue;
            }
        }
        match e.attr("src") {
            Some(src) => {
                let url = base
                    .join(src.trim())
                    .map_err(|err| CheckError::Input(format!("script src '{src}' is not a URL ({err})")))?;
                let host = url.host_str().unwrap_or_default().to_string();
                let o = origin_of(&url);
                let owner = if o == merchant {
                    Owner::Merchant
                } else if url.scheme() == "https" && is_stripe(&host) {
                    Owner::Stripe
                } else {
                    Owner::ThirdParty
                };
                if owner == Owner::ThirdParty {
                    findings.push(Finding::new(Severity::High, "third-party-script", format!("{url} is loaded from {o}, neither your site nor Stripe: justify and authorise it, or remove it from the payment page")));
                }
                if url.scheme() == "http" {
                    findings.push(Finding::new(
                        Severity::High,
                        "insecure-script",
                        format!("{url} is loaded over unencrypted http"),
                    ));
                }
                scripts.push(ScriptEntry {
                    kind: "external",
                    source: url.to_string(),
                    origin: o,
                    owner,
                    hash: e.attr("integrity").unwrap_or_default().to_string(),
                    integrity: e.attr("integrity").is_some(),
                    is_async: e.attr("async").is_some() || e.attr("defer").is_some(),
                    justification: String::new(),
                    authorised_by: String::new(),
                });
            }
            None => {
                inline_n += 1;
                let text = &e.text;
                let hash = format!(
                    "sha256-{}",
                    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
                );
                scripts.push(ScriptEntry {
                    kind: "inline",
                    source: format!("inline #{inline_n}"),
                    origin: merchant.clone(),
                    owner: Owner::Merchant,
                    hash,
                    integrity: false,
                    is_async: false,
                    justification: String::new(),
                    authorised_by: String::new(),
                });
            }
        }
    }
    Ok(PageReport { origin: merchant, scripts, findings })
}

pub fn inventory_file(path: &Path, origin: &str) -> Result<PageReport, CheckError> {
    let bytes = std::fs::read(path).map_err(|source| CheckError::Io { path: path.to_path_buf(), source })?;
    if bytes.contains(&0) {
        return Err(CheckError::Input(format!("{}: not a saved HTML page (binary data)", path.display())));
    }
    inventory(&String::from_utf8_lossy(&bytes), origin)
}

/// The inventory as CSV, one row per script, with the two columns the officer completes.
pub fn to_csv(r: &PageReport) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("kind,source,origin,owner,hash_or_integrity,justification,authorised_by\n");
    for s in &r.scripts {
        let owner = match s.owner {
            Owner::Merchant => "merchant",
            Owner::Stripe => "stripe",
            Owner::ThirdParty => "third-party",
        };
        out.push_str(
            &[q(s.kind), q(&s.source), q(&s.origin), q(owner), q(&s.hash), q(&s.justification), q(&s.authorised_by)]
                .join(","),
        );
        out.push('\n');
    }
    out
}

pub fn render(r: &PageReport, input: &str) -> String {
    let mut s = format!("Payment-page script inventory for {}\nInput: {input}\n\n", r.origin);
    for (i, e) in r.scripts.iter().enumerate() {
        s.push_str(&format!(
            "{:>2}. {:<8} {:<11} {}{}\n",
            i + 1,
            e.kind,
            format!("{:?}", e.owner).to_lowercase(),
            e.source,
            if e.hash.is_empty() { String::new() } else { format!("  [{}]", e.hash) }
        ));
    }
    if r.findings.is_empty() {
        s.push_str("\nEvery script comes from your site or Stripe. Record a justification and authorisation for each (6.4.3).\n");
    } else {
        s.push('\n');
        for f in &r.findings {
            s.push_str(&format!("[HIGH] {}\n", f.message));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_scripts() {
        let html = r#"<html><head>
            <script src="https://js.stripe.com/v3/"></script>
            <script src="/static/app.js" integrity="sha384-abc"></script>
            <script src="https://www.googletagmanager.com/gtm.js?id=GTM-X" async></script>
            <script type="application/ld+json">{"a":1}</script>
            <script>window.dataLayer = [];</script>
            </head></html>"#;
        let r = inventory(html, "https://shop.example").expect("inventory");
        assert_eq!(r.scripts.len(), 4);
        assert_eq!(r.scripts[0].owner, Owner::Stripe);
        assert_eq!(r.scripts[1].owner, Owner::Merchant);
        assert_eq!(r.scripts[1].source, "https://shop.example/static/app.js");
        assert!(r.scripts[1].integrity);
        assert_eq!(r.scripts[2].owner, Owner::ThirdParty);
        assert_eq!(r.scripts[3].kind, "inline");
        assert!(r.scripts[3].hash.starts_with("sha256-"));
        assert_eq!(r.findings.len(), 1);
        assert!(r.findings[0].message.contains("googletagmanager"));
        assert!(to_csv(&r).lines().count() == 5);
    }

    #[test]
    fn lookalike_hosts_are_not_stripe() {
        let r = inventory(r#"<script src="https://js.stripe.com.evil.example/x.js"></script><script src="http://js.stripe.com/v3"></script>"#, "https://shop.example").expect("inv");
        assert_eq!(r.scripts[0].owner, Owner::ThirdParty);
        assert_eq!(r.scripts[1].owner, Owner::ThirdParty);
    }

    #[test]
    fn bad_origin() {
        assert!(inventory("<p>", "shop.example").is_err());
        assert!(inventory("<p>", "ftp://shop.example").is_err());
    }
}
