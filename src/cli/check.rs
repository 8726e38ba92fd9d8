use super::output::{print_json, CliError};
use super::Ctx;
use clap::{Args, Subcommand};
use saqdesk::checks::{csp, keys, page, CheckError};
use saqdesk::store::EvidenceMeta;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum CheckCommand {
    /// Check a Content-Security-Policy against what Stripe needs, and for risky allowances
    Csp(CspArgs),
    /// List every script on a saved payment page and flag those from neither you nor Stripe
    Page(PageArgs),
    /// Find Stripe secret keys, restricted keys and webhook secrets in a source tree
    Keys(KeysArgs),
}

#[derive(Args)]
pub struct Attach {
    /// Save the result as evidence: --attach <assessment> <requirement-or-criterion>
    #[arg(long, num_args = 2, value_names = ["ASSESSMENT", "REQ"])]
    attach: Option<Vec<String>>,
}

#[derive(Args)]
pub struct CspArgs {
    /// Integration in use: checkout, elements, connect-embedded, address-element (or a scoping method)
    #[arg(long = "method", required = true)]
    methods: Vec<String>,
    /// The policy, as the header value
    #[arg(long, conflicts_with = "file")]
    header: Option<String>,
    /// A saved page (meta tag) or saved response headers
    #[arg(long)]
    file: Option<PathBuf>,
    #[command(flatten)]
    attach: Attach,
}

#[derive(Args)]
pub struct PageArgs {
    /// The payment page, saved from the browser
    page: PathBuf,
    /// Your site's origin, e.g. https://shop.example
    #[arg(long)]
    origin: String,
    /// Also write the inventory as CSV for justification and authorisation
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    #[command(flatten)]
    attach: Attach,
}

#[derive(Args)]
pub struct KeysArgs {
    dir: PathBuf,
    #[command(flatten)]
    attach: Attach,
}

fn bad(e: CheckError) -> CliError {
    CliError::Usage(e.to_string())
}

pub fn run(ctx: &Ctx, cmd: CheckCommand) -> Result<i32, CliError> {
    let (text, findings, input_desc, input_bytes, name, attach, json) = match cmd {
        CheckCommand::Csp(a) => {
            let rules = csp::CspRules::load(&ctx.questionnaires_root().join("stripe-csp.yaml")).map_err(bad)?;
            let (policy, desc, bytes) = match (&a.header, &a.file) {
                (Some(h), _) => (
                    csp::Policy::parse(h).map_err(bad)?,
                    "header value given on the command line".to_string(),
                    h.as_bytes().to_vec(),
                ),
                (None, Some(f)) => (
                    csp::policy_from_file(f).map_err(bad)?,
                    f.display().to_string(),
                    std::fs::read(f).unwrap_or_default(),
                ),
                (None, None) => {
                    return Err(CliError::Usage(
                        "give the policy with --header \"<policy>\" or --file <saved page or headers>".into(),
                    ))
                }
            };
            let r = csp::check(&rules, &a.methods, &policy).map_err(bad)?;
            (
                csp::render(&r, &desc),
                r.problems(),
                desc,
                bytes,
                "csp-check",
                a.attach.attach,
                serde_json::to_value(&r).ok(),
            )
        }
        CheckCommand::Page(a) => {
            let r = page::inventory_file(&a.page, &a.origin).map_err(bad)?;
            if let Some(csv) = &a.csv {
                std::fs::write(csv, page::to_csv(&r))
                    .map_err(|e| CliError::Usage(format!("{}: {e}", csv.display())))?;
            }
            let bytes = std::fs::read(&a.page).unwrap_or_default();
            (
                page::render(&r, &a.page.display().to_string()),
                r.findings.len(),
                a.page.display().to_string(),
                bytes,
                "script-inventory",
                a.attach.attach,
                serde_json::to_value(&r).ok(),
            )
        }
        CheckCommand::Keys(a) => {
            let r = keys::scan(&a.dir).map_err(bad)?;
            let listing = r.hits.iter().map(|h| format!("{}:{}", h.file, h.line)).collect::<Vec<_>>().join("\n");
            (
                keys::render(&r),
                r.hits.len(),
                a.dir.display().to_string(),
                listing.into_bytes(),
                "key-scan",
                a.attach.attach,
                serde_json::to_value(&r).ok(),
            )
        }
    };
    if ctx.json {
        print_json(&json);
    } else {
        print!("{text}");
    }
    if let Some(att) = attach {
        let (assessment, item) = (&att[0], &att[1]);
        let stamped = format!(
            "{text}\nInput SHA-256: {}\nChecked at: {} by {}\n",
            hex::encode(Sha256::digest(&input_bytes)),
            ctx.now().to_rfc3339(),
            ctx.actor().name
        );
        let mut store = ctx.store()?;
        let meta = EvidenceMeta {
            effective_date: Some(ctx.now().date_naive()),
            expires: None,
            description: format!("{name} of {input_desc}"),
        };
        let file_name = format!("{name}-{}.txt", ctx.now().format("%Y%m%d-%H%M%S"));
        let e = store.add_evidence_bytes(
            assessment,
            std::slice::from_ref(item),
            &file_name,
            stamped.as_bytes(),
            &meta,
            &ctx.actor(),
        )?;
        eprintln!("saved as evidence {} on {item} ({file_name}, sha256 {})", e.id, e.sha256);
    }
    Ok(if findings > 0 { 1 } else { 0 })
}
