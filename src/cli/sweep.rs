use super::output::{print_json, CliError};
use super::Ctx;
use clap::Args;
use saqdesk::store::{SweepHit, SweepReport};

#[derive(Args)]
pub struct SweepArgs {
    /// Replace each hit in place by its masked form (last four digits kept) and rewrite the
    /// database file, its -wal and SAQ Desk's own backups so the old bytes are gone
    #[arg(long)]
    redact: bool,
}

pub fn run(ctx: &Ctx, a: SweepArgs) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    let report = if a.redact { desk.sweep_redact(&ctx.actor())? } else { desk.sweep()? };
    let still = report.still_holding().len();
    if ctx.json {
        print_json(&report);
    } else {
        print_report(&report);
    }
    Ok(if (a.redact && still == 0) || report.found() == 0 { 0 } else { 1 })
}

fn line(h: &SweepHit) -> String {
    match &h.assessment {
        Some(a) => format!("  {a} — {}: {}", h.place, h.masked),
        None => format!("  {}: {}", h.place, h.masked),
    }
}

fn print_report(r: &SweepReport) {
    let verb = if r.redacted { "Masked" } else { "Found" };
    if r.hits.is_empty() {
        println!("{}: no card number or Stripe secret stored.", r.database.display());
    } else {
        println!("{}: {verb} {} card number(s) or secret(s):", r.database.display(), r.hits.len());
        for h in &r.hits {
            println!("{}", line(h));
        }
    }
    for b in &r.backups {
        match (&b.error, b.hits.len()) {
            (Some(e), _) => {
                println!("Backup {}: could not be checked ({e}); it may still hold card data.", b.file.display())
            }
            (None, 0) => println!("Backup {}: clean.", b.file.display()),
            (None, n) => {
                println!("Backup {}: {} {n}:", b.file.display(), if b.redacted { "masked" } else { "found" });
                for h in &b.hits {
                    println!("{}", line(h));
                }
            }
        }
    }
    if r.redacted {
        if r.found() > 0 {
            println!("Each was replaced by its masked form and recorded in the audit trail; the files were rewritten so the old bytes are gone.");
        }
    } else if r.found() > 0 {
        println!("Run `saqdesk sweep --redact` to replace each by its masked form (last four digits kept).");
    }
    let still = r.still_holding();
    if r.redacted && !still.is_empty() {
        println!("These files may still hold what was found; delete them or make them writable and sweep again:");
        for f in still {
            println!("  {}", f.display());
        }
    }
    if r.found() > 0 {
        println!("Reports, bundles and assessment files exported before are outside SAQ Desk: delete those made from these assessments, and export them again.");
    }
}
