use super::output::{print_json, CliError};
use super::Ctx;
use clap::Subcommand;
use saqdesk::desk::SaqRequest;

#[derive(Subcommand)]
pub enum SaqCommand {
    /// The SAQs of the questionnaire, with their requirement counts
    List,
    /// One SAQ: eligibility criteria, requirements, bullets, notes
    Show {
        saq: String,
        /// Include Stripe's guidance for these integration methods
        #[arg(long = "method")]
        methods: Vec<String>,
    },
}

pub fn run(ctx: &Ctx, cmd: SaqCommand) -> Result<i32, CliError> {
    let desk = ctx.desk()?;
    match cmd {
        SaqCommand::List => {
            let list = desk.saqs();
            if ctx.json {
                print_json(&list);
            } else {
                println!("{}", desk.questionnaire_name());
                for s in &list {
                    println!("  {:<5} {:>3} requirements  {:<10} {}", s.saq, s.requirements, s.version, s.summary);
                }
            }
        }
        SaqCommand::Show { saq, methods } => {
            let d = desk.saq(SaqRequest { saq, methods })?;
            if ctx.json {
                print_json(&d);
                return Ok(0);
            }
            let s = &d.saq;
            println!("{} ({}, {} requirements)\n{}\n", s.name, s.version, s.requirements.len(), s.summary);
            if !s.eligibility.is_empty() {
                println!("Eligibility criteria (confirm each):");
                for c in &s.eligibility {
                    println!("  [{}] {}", c.id, c.text);
                    for g in d.stripe_guidance.get(&c.id).into_iter().flatten() {
                        println!("        Stripe: {g}");
                    }
                }
                println!();
            }
            let mut principal = "";
            for r in &d.requirements {
                if r.principal != principal {
                    principal = &r.principal;
                    let title = d.principals.get(principal).map(String::as_str).unwrap_or("");
                    println!("Requirement {principal}: {title}");
                }
                let testing: Vec<&str> = r.testing.iter().map(|t| t.label()).collect();
                println!(
                    "  {:<10} {}{}  [{}]",
                    r.id,
                    r.title,
                    r.future_dated_label().map(|l| format!(" ({l})")).unwrap_or_default(),
                    testing.join(", ")
                );
                for (i, b) in r.bullets.iter().enumerate() {
                    let dated = if r.future_dated_bullets.contains(&(i + 1)) {
                        format!(" (future-dated; mandatory since {})", saqdesk::questionnaire::FUTURE_DATED_SINCE)
                    } else {
                        String::new()
                    };
                    println!("             {}: {b}{dated}", r.row_name(i + 1));
                }
                for n in s.notes_for(&r.id) {
                    println!("             note: {}", n.text);
                }
                for g in d.stripe_guidance.get(&r.id).into_iter().flatten() {
                    println!("             Stripe: {g}");
                }
            }
        }
    }
    Ok(0)
}
