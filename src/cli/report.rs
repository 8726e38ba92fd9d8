use super::output::{print_json, CliError};
use super::Ctx;
use clap::Args;
use saqdesk::report::{Format, Reporter, Templates};
use std::path::PathBuf;

#[derive(Args)]
pub struct ExportArgs {
    pub assessment: String,
    /// pdf | html | md | json
    #[arg(long, default_value = "pdf")]
    pub format: String,
    #[arg(long)]
    pub out: PathBuf,
    /// Report templates to use instead of the shipped ones
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Args)]
pub struct BundleArgs {
    pub assessment: String,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

fn templates(dir: &Option<PathBuf>) -> Result<Templates, CliError> {
    let dir = dir.clone().unwrap_or_else(saqdesk::report::templates::default_dir);
    Ok(Templates::load(&dir)?)
}

pub fn export(ctx: &Ctx, a: ExportArgs) -> Result<i32, CliError> {
    let format = Format::parse(&a.format)?;
    let t = templates(&a.templates)?;
    let mut desk = ctx.desk()?;
    let reporter = Reporter { data: &desk.data, templates: &t };
    let out = reporter.export(&mut desk.store, &a.assessment, format, &a.out, ctx.now(), &ctx.actor())?;
    if ctx.json {
        print_json(&out);
    } else {
        println!("{} ({} bytes, sha256 {})", out.path.display(), out.bytes, out.sha256);
    }
    Ok(0)
}

pub fn bundle(ctx: &Ctx, a: BundleArgs) -> Result<i32, CliError> {
    let t = templates(&a.templates)?;
    let mut desk = ctx.desk()?;
    let reporter = Reporter { data: &desk.data, templates: &t };
    let out = reporter.bundle(&mut desk.store, &a.assessment, &a.out, ctx.now(), &ctx.actor())?;
    if ctx.json {
        print_json(&out);
    } else {
        println!("{} ({} bytes, sha256 {})", out.path.display(), out.bytes, out.sha256);
    }
    Ok(0)
}
