use super::output::{date, print_json, CliError};
use super::Ctx;
use clap::Args;
use saqdesk::desk::{AttestRequest, DeskError, PortableRequest};
use saqdesk::store::{AttestInput, StoreError};
use std::path::Path;

#[derive(Args)]
pub struct AttestArgs {
    pub assessment: String,
    /// Signatory (merchant executive officer) name
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub title: String,
    /// Date of signature, YYYY-MM-DD (default: today)
    #[arg(long)]
    pub date: Option<String>,
    /// With several SAQs in the assessment: the one to attest
    #[arg(long)]
    pub saq: Option<String>,
}

pub fn status(ctx: &Ctx, assessment: &str, saq: Option<&str>) -> Result<i32, CliError> {
    let desk = ctx.desk()?;
    let who = ctx.actor();
    if ctx.json {
        print_json(&desk.status(assessment, saq, &who)?);
        return Ok(0);
    }
    let all = match saq {
        Some(_) => vec![desk.status(assessment, saq, &who)?],
        None => desk.statuses(assessment, &who)?,
    };
    for s in &all {
        print_status(s);
    }
    Ok(0)
}

fn print_status(s: &saqdesk::store::Status) {
    println!("Assessment {}  SAQ {}  {}  ({} of {} answered)", s.assessment_id, s.saq, s.status, s.answered, s.total);
    for p in &s.progress {
        let width = 20;
        let filled = (p.answered * width).checked_div(p.total).unwrap_or(0);
        println!(
            "  {:>3} [{}{}] {:>3}/{:<3} {}{}",
            p.principal,
            "#".repeat(filled),
            ".".repeat(width - filled),
            p.answered,
            p.total,
            p.title,
            if p.review_needed > 0 { format!("  ({} to review)", p.review_needed) } else { String::new() }
        );
    }
    println!("Compliance status from the answers so far: {}", s.compliance.label());
    if s.blockers.is_empty() {
        println!("Nothing blocks attestation.");
    } else {
        println!("{} problem(s) block attestation:", s.blockers.len());
        for b in &s.blockers {
            println!("  {:<10} {}", b.item, b.message);
        }
    }
    if !s.warnings.is_empty() {
        println!(
            "{} warning(s) that do not block attestation (add the record, or explain it to the QSA):",
            s.warnings.len()
        );
        for w in &s.warnings {
            println!("  {:<10} {}", w.requirement, w.message);
        }
    }
}

pub fn attest(ctx: &Ctx, a: AttestArgs) -> Result<i32, CliError> {
    let signed_on = date("date", a.date.as_deref())?;
    let input = AttestInput { name: a.name, title: a.title, signed_on };
    let result = ctx.desk()?.attest(AttestRequest { assessment: a.assessment, input, saq: a.saq }, &ctx.actor());
    match result {
        Ok(att) => {
            if ctx.json {
                print_json(&att);
            } else {
                println!(
                    "Attested {} on {} by {} ({}): {}",
                    att.assessment_id,
                    att.signed_on,
                    att.signatory_name,
                    att.signatory_title,
                    att.compliance.label()
                );
            }
            Ok(0)
        }
        Err(DeskError::Store(StoreError::Blocked(list))) if !ctx.json => {
            eprintln!("saqdesk: cannot attest: {} problem(s) remain:", list.len());
            for b in &list {
                eprintln!("  {:<10} {}", b.item, b.message);
            }
            Ok(2)
        }
        Err(e) => Err(e.into()),
    }
}

pub fn history(ctx: &Ctx, assessment: &str) -> Result<i32, CliError> {
    let h = ctx.desk()?.history(assessment)?;
    if ctx.json {
        print_json(&h);
    } else {
        for e in h {
            let change = match (&e.old_value, &e.new_value) {
                (None, Some(n)) => format!("= {n}"),
                (Some(o), Some(n)) => format!("{o} → {n}"),
                (Some(o), None) => format!("{o} → (cleared)"),
                (None, None) => String::new(),
            };
            println!(
                "{}  {:<10} {} {} {}: {}",
                e.at.format("%Y-%m-%d %H:%M:%S"),
                e.actor,
                e.entity,
                e.entity_id,
                e.field,
                change
            );
        }
    }
    Ok(0)
}

pub fn backup(ctx: &Ctx, file: &Path) -> Result<i32, CliError> {
    ctx.desk()?.backup(file)?;
    if !ctx.json {
        println!("backup written: {}", file.display());
    }
    Ok(0)
}

pub fn export_assessment(ctx: &Ctx, assessment: &str, file: &Path) -> Result<i32, CliError> {
    ctx.desk()?.export_assessment(PortableRequest { assessment: assessment.to_string(), file: file.to_path_buf() })?;
    if !ctx.json {
        println!("assessment written: {}", file.display());
    }
    Ok(0)
}

pub fn import_assessment(ctx: &Ctx, file: &Path) -> Result<i32, CliError> {
    let a = ctx.desk()?.import_assessment(file, &ctx.actor())?;
    if ctx.json {
        print_json(&a);
    } else {
        println!("{}", a.id);
    }
    Ok(0)
}
