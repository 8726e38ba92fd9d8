use super::output::{print_json, CliError};
use super::Ctx;
use clap::Subcommand;
use serde_json::json;

#[derive(Subcommand)]
pub enum SaqCommand {
    /// Every SAQ with its requirement count
    List,
    /// One SAQ's eligibility criteria and requirements
    Show {
        /// SAQ type, e.g. A, A-EP, C, C-VT, D
        saq: String,
        /// Show Stripe guidance for these integration methods (repeat; default: all)
        #[arg(long = "method")]
        methods: Vec<String>,
    },
}

pub fn run(ctx: &Ctx, cmd: SaqCommand) -> Result<i32, CliError> {
    let data = ctx.data()?;
    let q = &data.questionnaire;
    match cmd {
        SaqCommand::List => {
            if ctx.json {
                let list: Vec<_> = q
                    .saqs
                    .iter()
                    .map(|s| json!({"saq": s.id, "name": s.name, "version": s.version, "requirements": s.requirements.len(), "eligibility_criteria": s.eligibility.len(), "summary": s.summary}))
                    .collect();
                print_json(&list);
            } else {
                println!("{} {}", q.name, q.version);
                for s in &q.saqs {
                    println!("  {:<5} {:>3} requirements  {:<10} {}", s.id, s.requirements.len(), s.version, s.summary);
                }
            }
        }
        SaqCommand::Show { saq, methods } => {
            let s = q
                .saq(&saq)
                .ok_or_else(|| CliError::Usage(format!("unknown SAQ '{saq}' (valid: {})", q.saq_ids().join(", "))))?;
            for m in &methods {
                if data.scoping.method(m).is_none() {
                    let valid: Vec<&str> = data.scoping.methods.iter().map(|x| x.id.as_str()).collect();
                    return Err(CliError::Usage(format!(
                        "unknown integration method '{m}' (valid: {})",
                        valid.join(", ")
                    )));
                }
            }
            let snapshot = saqdesk::store::SaqSnapshot::take(q, s);
            let guidance = data.guidance_for(&snapshot, &methods);
            if ctx.json {
                let reqs: Vec<_> = q.saq_requirements(s).collect();
                print_json(&json!({"saq": s, "requirements": reqs, "stripe_guidance": guidance}));
            } else {
                println!("{} ({}, {} requirements)\n{}\n", s.name, s.version, s.requirements.len(), s.summary);
                if !s.eligibility.is_empty() {
                    println!("Eligibility criteria (confirm each):");
                    for c in &s.eligibility {
                        println!("  [{}] {}", c.id, c.text);
                        for g in guidance.get(&c.id).into_iter().flatten() {
                            println!("        Stripe: {g}");
                        }
                    }
                    println!();
                }
                let mut principal = "";
                for r in q.saq_requirements(s) {
                    if r.principal != principal {
                        principal = &r.principal;
                        let title = q.catalog.principal(principal).map(|p| p.title.as_str()).unwrap_or("");
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
                        println!("             bullet {}: {b}{dated}", i + 1);
                    }
                    for n in s.notes_for(&r.id) {
                        println!("             note: {}", n.text);
                    }
                    for g in guidance.get(&r.id).into_iter().flatten() {
                        println!("             Stripe: {g}");
                    }
                }
            }
        }
    }
    Ok(0)
}
