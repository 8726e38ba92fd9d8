//! The compliance year on the command line: the schedule of an assessment, what is due across all
//! of them, the calendar file, and the TRA periods and due date the officer enters.

use super::output::{date, print_json, CliError};
use super::Ctx;
use clap::{Args, Subcommand};
use saqdesk::desk::{CalendarExportRequest, SaqSchedule, SetTraPeriodRequest, SetValidationDueRequest, TraPeriodInput};
use saqdesk::schedule::fmt_date;
use saqdesk::store::ValidationDue;
use std::path::PathBuf;

#[derive(Args)]
pub struct CalendarArgs {
    pub assessment: String,
    /// Write the calendar to this .ics file (Outlook, Google or Apple Calendar); without it, the
    /// events are printed
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// With several SAQs in the assessment: only this SAQ's requirements (default: every SAQ)
    #[arg(long)]
    pub saq: Option<String>,
}

#[derive(Args)]
pub struct ScheduleArgs {
    pub assessment: String,
    /// With several SAQs in the assessment: only this one (default: each)
    #[arg(long)]
    pub saq: Option<String>,
}

#[derive(Subcommand)]
pub enum TraCommand {
    /// Enter the period the targeted risk analysis chose for a requirement
    Set {
        assessment: String,
        requirement: String,
        /// How often: 6-months, 3-months, 2-weeks, 30-days …
        #[arg(long, value_name = "N-UNIT")]
        every: String,
        /// Where the analysis is documented (title, reference, date)
        #[arg(long, value_name = "TEXT", default_value = "")]
        reference: String,
    },
    /// Remove the period entered for a requirement
    Clear { assessment: String, requirement: String },
    /// The requirements whose period a targeted risk analysis sets, and what was entered
    List {
        assessment: String,
        #[arg(long)]
        saq: Option<String>,
    },
}

#[derive(Args)]
pub struct DueDateArgs {
    pub assessment: String,
    /// The date the SAQ and AOC are due, YYYY-MM-DD (e.g. the acquirer's deadline); without it,
    /// the date in force is printed
    pub date: Option<String>,
    /// Why this date
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub reason: String,
    /// Go back to the default: twelve months after last year's attestation, else the period's end
    #[arg(long, conflicts_with = "date")]
    pub default: bool,
}

pub fn calendar(ctx: &Ctx, a: CalendarArgs) -> Result<i32, CliError> {
    let desk = ctx.desk()?;
    let who = ctx.actor();
    if let Some(out) = a.ics {
        let w = desk.export_calendar(CalendarExportRequest { assessment: a.assessment, saq: a.saq, out }, &who)?;
        if ctx.json {
            print_json(&w);
        } else {
            println!(
                "{} ({} events, {} bytes, sha256 {})",
                w.file.path.display(),
                w.events,
                w.file.bytes,
                w.file.sha256
            );
        }
        return Ok(0);
    }
    let cal = desk.calendar(&a.assessment, a.saq.as_deref(), &who)?;
    if ctx.json {
        print_json(&cal);
        return Ok(0);
    }
    println!("{}", cal.name);
    for e in &cal.events {
        let reminders = match e.reminders_days_before.as_slice() {
            [] => String::new(),
            days => format!(
                "  (reminder {} before)",
                days.iter()
                    .map(|d| format!("{d} day{}", if *d == 1 { "" } else { "s" }))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        println!("  {}  {}{reminders}", e.date, e.summary);
    }
    for r in &cal.reminders {
        println!("  (no date)   {}", r.message);
    }
    Ok(0)
}

pub fn due(ctx: &Ctx) -> Result<i32, CliError> {
    let d = ctx.desk()?.due(&ctx.actor())?;
    if ctx.json {
        print_json(&d);
        return Ok(0);
    }
    let line = |e: &saqdesk::desk::DueEntry| {
        println!("  {}  {} {} SAQ {}  {}", e.item.date, e.merchant, e.year, e.saq, e.item.what);
    };
    println!("Overdue ({}):", d.overdue.len());
    d.overdue.iter().for_each(line);
    if d.overdue.is_empty() {
        println!("  nothing");
    }
    println!("Due in the next 30 days, to {} ({}):", fmt_date(d.today + chrono::Days::new(30)), d.next_30_days.len());
    d.next_30_days.iter().for_each(line);
    if d.next_30_days.is_empty() {
        println!("  nothing");
    }
    Ok(0)
}

pub fn schedule(ctx: &Ctx, a: ScheduleArgs) -> Result<i32, CliError> {
    let desk = ctx.desk()?;
    let who = ctx.actor();
    let saqs: Vec<Option<String>> = match a.saq {
        Some(s) => vec![Some(s)],
        None => desk.assessment(&a.assessment)?.saqs.into_iter().map(|p| Some(p.saq)).collect(),
    };
    let all = saqs.iter().map(|s| desk.schedule(&a.assessment, s.as_deref(), &who)).collect::<Result<Vec<_>, _>>()?;
    if ctx.json {
        match all.as_slice() {
            [one] => print_json(one),
            _ => print_json(&all),
        }
        return Ok(0);
    }
    for s in &all {
        print_schedule(s);
    }
    Ok(0)
}

fn print_schedule(s: &SaqSchedule) {
    println!(
        "Assessment {}  SAQ {}  {} ({}), as of {}{}",
        s.assessment_id,
        s.saq,
        s.year,
        saqdesk::schedule::fmt_range(s.period.start(), s.period.end()),
        fmt_date(s.today),
        if s.attested { "  (attested: the year's record)" } else { "" }
    );
    println!("Validation due: {}", s.validation_due.describe());
    if s.requirements.is_empty() {
        println!("No requirement of this SAQ sets a recurring period.");
    }
    for r in &s.requirements {
        println!("{} {}: {}", r.requirement, r.title, r.summary);
        let answer = r.answer.map(|k| format!("answered {}", k.label())).unwrap_or_else(|| "not answered yet".into());
        let tra = r
            .tra_period
            .as_ref()
            .map(|t| {
                let doc = if t.reference.is_empty() { String::new() } else { format!(", {}", t.reference) };
                format!("; TRA period entered by {}{doc}", t.set_by)
            })
            .unwrap_or_default();
        println!("    {}; {answer}{tra}", r.schedule);
        for p in r.periods.iter().filter(|p| !p.evidence.is_empty()) {
            let files: Vec<String> = p.evidence.iter().map(|e| format!("{} ({})", e.name, e.effective_date)).collect();
            println!("    {}: {}", p.period.name, files.join(", "));
        }
    }
    if !s.warnings.is_empty() {
        println!("{} warning(s) that do not block attestation:", s.warnings.len());
        for w in &s.warnings {
            println!("  {:<10} {}", w.requirement, w.message);
        }
    }
    for r in &s.reminders {
        println!("  note: {}", r.message);
    }
}

pub fn tra(ctx: &Ctx, cmd: TraCommand) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    let who = ctx.actor();
    let (s, requirement) = match cmd {
        TraCommand::Set { assessment, requirement, every, reference } => {
            let every: TraPeriodInput = every.parse()?;
            let req = SetTraPeriodRequest {
                assessment,
                requirement: requirement.clone(),
                every: Some(every),
                reference,
                saq: None,
            };
            (desk.set_tra_period(req, &who)?, Some(requirement))
        }
        TraCommand::Clear { assessment, requirement } => {
            let req = SetTraPeriodRequest { assessment, requirement: requirement.clone(), ..Default::default() };
            (desk.set_tra_period(req, &who)?, Some(requirement))
        }
        TraCommand::List { assessment, saq } => (desk.schedule(&assessment, saq.as_deref(), &who)?, None),
    };
    if ctx.json {
        print_json(&s);
        return Ok(0);
    }
    for r in s.requirements.iter().filter(|r| r.takes_tra_period) {
        if requirement.as_ref().is_some_and(|q| q != &r.requirement) {
            continue;
        }
        println!("{} {}: {}", r.requirement, r.title, r.schedule);
        println!("    {}", r.summary);
    }
    Ok(0)
}

pub fn due_date(ctx: &Ctx, a: DueDateArgs) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    let who = ctx.actor();
    let v: ValidationDue = match (date("date", a.date.as_deref())?, a.default) {
        (Some(d), _) => desk.set_validation_due(
            SetValidationDueRequest { assessment: a.assessment, date: Some(d), reason: a.reason },
            &who,
        )?,
        (None, true) => desk.set_validation_due(
            SetValidationDueRequest { assessment: a.assessment, date: None, reason: a.reason },
            &who,
        )?,
        (None, false) => desk.validation_due(&a.assessment)?,
    };
    if ctx.json {
        print_json(&v);
    } else {
        println!("Validation due: {}", v.describe());
    }
    Ok(0)
}
