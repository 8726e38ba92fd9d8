use super::output::{print_json, CliError};
use super::Ctx;
use chrono::NaiveDate;
use clap::Args;
use saqdesk::questionnaire::ResponseKind;
use saqdesk::store::{AnswerInput, Ccw};
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
    /// identified_risk, validation, maintenance
    #[arg(long, value_name = "FILE")]
    pub ccw_file: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, a: AnswerArgs) -> Result<i32, CliError> {
    let response = a
        .response
        .as_deref()
        .map(|s| {
            ResponseKind::from_slug(s).ok_or_else(|| {
                CliError::Usage(format!("unknown response '{s}' (valid: {})", ResponseKind::ALL.iter().map(|r| r.slug()).collect::<Vec<_>>().join(", ")))
            })
        })
        .transpose()?;
    let remediation_date = a
        .remediation_date
        .as_deref()
        .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| CliError::Usage(format!("--remediation-date '{s}' is not a date (YYYY-MM-DD)"))))
        .transpose()?;
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
    };
    let mut store = ctx.store()?;
    let saved = store.answer(&a.assessment, &a.requirement, &input, &ctx.actor())?;
    if ctx.json {
        print_json(&saved);
    } else {
        println!("{}: {}", saved.requirement_id, saved.response.map(|r| r.label()).unwrap_or("(no response)"));
    }
    Ok(0)
}

pub fn review(ctx: &Ctx, assessment: &str, requirement: &str) -> Result<i32, CliError> {
    ctx.store()?.review(assessment, requirement, &ctx.actor())?;
    if !ctx.json {
        println!("{requirement}: reviewed");
    }
    Ok(0)
}

pub fn confirm(ctx: &Ctx, assessment: &str, criterion: &str, confirmed: bool) -> Result<i32, CliError> {
    let mut store = ctx.store()?;
    store.confirm(assessment, criterion, confirmed, &ctx.actor())?;
    if !confirmed {
        let a = store.assessment(assessment)?;
        if let Some(c) = a.snapshot.saq.criterion(criterion) {
            let to = c.on_decline.escalate_to.as_deref().unwrap_or("another SAQ");
            println!("{criterion}: declined. {} This assessment cannot be attested as SAQ {}; start one for SAQ {to}{}.", c.on_decline.why, a.saq, if c.on_decline.ask_qsa { " and confirm with your QSA" } else { "" });
        }
    } else if !ctx.json {
        println!("{criterion}: confirmed");
    }
    Ok(0)
}
