use super::output::{print_json, CliError};
use super::Ctx;
use clap::Args;
use saqdesk::scoping::{self, ScopeError, ScopeInput, YesNo};

#[derive(Args)]
pub struct ScopeArgs {
    /// Stripe integration method in use (repeat for several)
    #[arg(long = "method", value_name = "METHOD")]
    pub methods: Vec<String>,
    /// Answer to a follow-up question, as QUESTION=yes|no (repeat)
    #[arg(long = "answer", value_name = "QUESTION=yes|no")]
    pub answers: Vec<String>,
    /// An eligibility criterion you cannot confirm (repeat)
    #[arg(long = "decline", value_name = "CRITERION")]
    pub declined: Vec<String>,
}

impl ScopeArgs {
    pub fn to_input(&self) -> Result<ScopeInput, ScopeError> {
        let mut input =
            ScopeInput { methods: self.methods.clone(), declined: self.declined.clone(), ..Default::default() };
        for a in &self.answers {
            let (q, v) =
                a.split_once('=').ok_or_else(|| ScopeError::BadAnswer { question: a.clone(), value: String::new() })?;
            let yn = YesNo::parse(v)
                .ok_or_else(|| ScopeError::BadAnswer { question: q.to_string(), value: v.to_string() })?;
            input.answers.insert(q.to_string(), yn);
        }
        Ok(input)
    }
}

pub fn run(ctx: &Ctx, args: ScopeArgs) -> Result<i32, CliError> {
    let data = ctx.data()?;
    let input = args.to_input()?;
    let result = scoping::scope(&data.scoping, &data.questionnaire, &input)?;
    if ctx.json {
        print_json(&result);
        return Ok(0);
    }
    println!("SAQ to file: {}", result.saq);
    println!("\nPer payment channel:");
    for c in &result.per_channel {
        println!("  {:<40} {:<6} ({})", c.channel.label(), c.saq, c.methods.join(", "));
    }
    println!("\nWhy:");
    for (i, r) in result.rationale.iter().enumerate() {
        println!("  {}. {}", i + 1, r);
    }
    if !result.eligibility.is_empty() {
        println!("\nConfirm each eligibility criterion of SAQ {}:", result.saq);
        for c in &result.eligibility {
            let then = match (&c.on_decline.escalate_to, c.on_decline.ask_qsa) {
                (Some(to), true) => format!("if not: SAQ {to}, and ask your QSA"),
                (Some(to), false) => format!("if not: SAQ {to}"),
                (None, _) => "if not: ask your QSA".to_string(),
            };
            println!("  [{}] {}\n        ({then})", c.id, c.text);
        }
    }
    if result.ask_qsa {
        println!("\nPart of this result depends on guidance that says to consult a QSA or your acquirer.");
    }
    Ok(0)
}
