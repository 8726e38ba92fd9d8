use super::output::{print_json, CliError};
use super::Ctx;
use clap::{Args, Subcommand};
use saqdesk::desk::{Attach as AttachTo, CspCheck, KeysCheck, PageCheck};
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

pub fn run(ctx: &Ctx, cmd: CheckCommand) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    let who = ctx.actor();
    let attach = |a: Option<Vec<String>>| match a.as_deref() {
        Some([assessment, item]) => Some(AttachTo { assessment: assessment.clone(), item: item.clone() }),
        _ => None,
    };
    let outcome = match cmd {
        CheckCommand::Csp(a) => desk.check_csp(
            CspCheck { methods: a.methods, header: a.header, file: a.file, attach: attach(a.attach.attach) },
            &who,
        )?,
        CheckCommand::Page(a) => desk.check_page(
            PageCheck { page: a.page, origin: a.origin, csv: a.csv, attach: attach(a.attach.attach) },
            &who,
        )?,
        CheckCommand::Keys(a) => desk.check_keys(KeysCheck { dir: a.dir, attach: attach(a.attach.attach) }, &who)?,
    };
    if ctx.json {
        print_json(&outcome.report);
    } else {
        print!("{}", outcome.text);
    }
    if let Some(e) = &outcome.attached {
        eprintln!("saved as evidence {} on {} ({}, sha256 {})", e.id, e.links.join(", "), e.file_name, e.sha256);
    }
    Ok(if outcome.problems > 0 { 1 } else { 0 })
}
