use super::output::{date, print_json, CliError};
use super::Ctx;
use clap::Args;
use saqdesk::desk::{AnswerRequest, ConfirmRequest, ReviewRequest, SplitRequest};
use saqdesk::questionnaire::ResponseKind;
use saqdesk::store::{AnswerInput, BulletAnswer, Ccw};
use std::path::PathBuf;

#[derive(Args)]
pub struct AnswerArgs {
    pub assessment: String,
    pub requirement: String,
    /// in-place | in-place-ccw | not-applicable | not-in-place | not-tested (SAQ D only)
    #[arg(long)]
    pub response: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
    /// Why Not Applicable, or what was not tested and why
    #[arg(long)]
    pub explanation: Option<String>,
    #[arg(long)]
    pub remediation_plan: Option<String>,
    /// Target date for a Not in Place requirement (YYYY-MM-DD)
    #[arg(long)]
    pub remediation_date: Option<String>,
    /// The legal restriction that forces a Not in Place answer
    #[arg(long)]
    pub legal_restriction: Option<String>,
    /// Compensating Controls Worksheet as JSON or YAML with constraints, definition, objective,
    /// objective_met, identified_risk, validation, maintenance
    #[arg(long, value_name = "FILE")]
    pub ccw_file: Option<PathBuf>,
    /// One bullet's response, for requirements the form answers per bullet (4.2.1, 6.2.4, 6.4.3,
    /// 11.3.1.2, 11.6.1, 12.5.2): NUMBER=RESPONSE, e.g. --bullet 2=not-applicable. Repeatable.
    /// --response on such a requirement answers every bullet.
    #[arg(long = "bullet", value_name = "NUMBER=RESPONSE")]
    pub bullets: Vec<String>,
    /// With several SAQs in the assessment: answer for this SAQ alone (the requirement is then
    /// answered separately per SAQ; without it, one answer counts for every SAQ that has it)
    #[arg(long)]
    pub saq: Option<String>,
}

fn parse_kind(s: &str) -> Result<ResponseKind, CliError> {
    ResponseKind::from_slug(s).ok_or_else(|| {
        CliError::Usage(format!(
            "unknown response '{s}' (valid: {})",
            ResponseKind::ALL.iter().map(|r| r.slug()).collect::<Vec<_>>().join(", ")
        ))
    })
}

fn parse_bullet(s: &str) -> Result<BulletAnswer, CliError> {
    let usage = || {
        CliError::Usage(format!("--bullet '{s}' is not NUMBER=RESPONSE (for example 2=in-place, or 2= to clear it)"))
    };
    let (n, k) = s.split_once('=').ok_or_else(usage)?;
    let bullet = n.trim().parse::<usize>().map_err(|_| usage())?;
    let response = if k.trim().is_empty() { None } else { Some(parse_kind(k.trim())?) };
    Ok(BulletAnswer { bullet, response })
}

pub fn run(ctx: &Ctx, a: AnswerArgs) -> Result<i32, CliError> {
    let response = a.response.as_deref().map(parse_kind).transpose()?;
    let bullets = a.bullets.iter().map(|s| parse_bullet(s)).collect::<Result<Vec<_>, _>>()?;
    let remediation_date = date("remediation-date", a.remediation_date.as_deref())?;
    let ccw = a
        .ccw_file
        .as_ref()
        .map(|f| -> Result<Ccw, CliError> {
            let text = std::fs::read_to_string(f).map_err(|e| CliError::Usage(format!("{}: {e}", f.display())))?;
            serde_yaml::from_str(&text).map_err(|e| CliError::Usage(format!("{}: not a worksheet ({e})", f.display())))
        })
        .transpose()?;
    let input = AnswerInput {
        response,
        notes: a.note,
        owner: a.owner,
        explanation: a.explanation,
        remediation_plan: a.remediation_plan,
        remediation_date: remediation_date.map(Some),
        legal_restriction: a.legal_restriction,
        ccw: ccw.map(Some),
        bullets,
    };
    let request = AnswerRequest { assessment: a.assessment, requirement: a.requirement, input, saq: a.saq };
    let saved = ctx.desk()?.answer(request, &ctx.actor())?.response;
    if ctx.json {
        print_json(&saved);
    } else {
        let whose = saved.saq.as_ref().map(|s| format!(" (SAQ {s})")).unwrap_or_default();
        println!("{}{whose}: {}", saved.requirement_id, saved.response.map(|r| r.label()).unwrap_or("(no response)"));
        for (i, b) in saved.bullets.iter().enumerate() {
            println!("  bullet {}: {}", i + 1, b.map(|r| r.label()).unwrap_or("(no response)"));
        }
    }
    Ok(0)
}

pub fn review(ctx: &Ctx, assessment: String, requirement: String, saq: Option<String>) -> Result<i32, CliError> {
    ctx.desk()?.review(ReviewRequest { assessment, requirement: requirement.clone(), saq }, &ctx.actor())?;
    if !ctx.json {
        println!("{requirement}: reviewed");
    }
    Ok(0)
}

pub fn confirm(ctx: &Ctx, assessment: String, criterion: String, confirmed: bool) -> Result<i32, CliError> {
    let r =
        ctx.desk()?.confirm(ConfirmRequest { assessment, criterion: criterion.clone(), confirmed }, &ctx.actor())?;
    match r.declined {
        Some(d) => println!("{}", d.message),
        None if !ctx.json => println!("{criterion}: confirmed"),
        None => {}
    }
    Ok(0)
}

/// Answers a requirement two SAQs share separately for each, or (with `keep`) once again.
pub fn split(ctx: &Ctx, assessment: String, requirement: String, keep: Option<String>) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    let joining = keep.is_some();
    let req = SplitRequest { assessment, requirement: requirement.clone(), keep };
    if joining {
        let r = desk.join(req, &ctx.actor())?;
        if ctx.json {
            print_json(&r);
        } else {
            println!("{requirement}: one answer for every SAQ again");
        }
    } else {
        let rows = desk.split(req, &ctx.actor())?;
        if ctx.json {
            print_json(&rows);
        } else {
            let saqs: Vec<String> = rows.iter().filter_map(|r| r.saq.clone()).collect();
            println!("{requirement}: answered separately for SAQ {}", saqs.join(" and SAQ "));
        }
    }
    Ok(0)
}
