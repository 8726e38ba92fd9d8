use super::output::{print_json, CliError};
use super::Ctx;
use clap::Args;
use saqdesk::desk::{BundleRequest, ExportRequest};
use saqdesk::report::{ExportOutcome, Format};
use std::path::PathBuf;

#[derive(Args)]
pub struct ExportArgs {
    pub assessment: String,
    /// pdf, html, md or json
    #[arg(long, default_value = "pdf")]
    pub format: String,
    #[arg(long)]
    pub out: PathBuf,
    /// Report wording to use instead of the shipped templates
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// With several SAQs in the assessment: the SAQ whose report to write
    #[arg(long)]
    pub saq: Option<String>,
}

#[derive(Args)]
pub struct BundleArgs {
    pub assessment: String,
    #[arg(long)]
    pub out: PathBuf,
    /// Report wording to use instead of the shipped templates
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// With several SAQs in the assessment: the SAQ whose bundle to write
    #[arg(long)]
    pub saq: Option<String>,
}

pub fn export(ctx: &Ctx, a: ExportArgs) -> Result<i32, CliError> {
    let format = Format::parse(&a.format).map_err(saqdesk::desk::DeskError::from)?;
    let mut desk = ctx.desk_with_templates(a.templates)?;
    let out = desk.export(ExportRequest { assessment: a.assessment, saq: a.saq, format, out: a.out }, &ctx.actor())?;
    written(ctx, &out)
}

pub fn bundle(ctx: &Ctx, a: BundleArgs) -> Result<i32, CliError> {
    let mut desk = ctx.desk_with_templates(a.templates)?;
    let out = desk.bundle(BundleRequest { assessment: a.assessment, saq: a.saq, out: a.out }, &ctx.actor())?;
    written(ctx, &out)
}

fn written(ctx: &Ctx, out: &ExportOutcome) -> Result<i32, CliError> {
    if ctx.json {
        print_json(out);
    } else {
        println!("{} ({} bytes, sha256 {})", out.path.display(), out.bytes, out.sha256);
    }
    Ok(0)
}
