use super::output::{print_json, CliError};
use super::Ctx;
use clap::Args;
use saqdesk::desk::DeskError;
use saqdesk::scoping::{RouteKind, ScopeError, ScopeInput, YesNo};

#[derive(Args)]
pub struct ScopeArgs {
    /// How cards are collected (repeat): checkout, elements, mobile-sdk, connect-platform,
    /// connect-operator, terminal, dashboard, direct-api, stripejs-v2
    #[arg(long = "method", value_name = "METHOD")]
    pub methods: Vec<String>,
    /// A follow-up answer (repeat), e.g. --answer third-party-scripts=no
    #[arg(long = "answer", value_name = "QUESTION=yes|no")]
    pub answers: Vec<String>,
    /// An eligibility criterion you cannot confirm (repeat)
    #[arg(long = "decline", value_name = "CRITERION")]
    pub declined: Vec<String>,
}

impl ScopeArgs {
    pub fn to_input(&self) -> Result<ScopeInput, CliError> {
        let mut input =
            ScopeInput { methods: self.methods.clone(), declined: self.declined.clone(), ..Default::default() };
        for a in &self.answers {
            let bad = |question: &str, value: &str| {
                DeskError::from(ScopeError::BadAnswer { question: question.to_string(), value: value.to_string() })
            };
            let (q, v) = a.split_once('=').ok_or_else(|| bad(a, ""))?;
            input.answers.insert(q.to_string(), YesNo::parse(v).ok_or_else(|| bad(q, v))?);
        }
        Ok(input)
    }
}

pub fn run(ctx: &Ctx, args: ScopeArgs) -> Result<i32, CliError> {
    let result = ctx.desk()?.scope(args.to_input()?)?;
    if ctx.json {
        print_json(&result);
        return Ok(0);
    }
    let recommended = result.route(result.recommended);
    match (result.recommended, recommended) {
        (RouteKind::PerChannel, Some(r)) => {
            println!("Recommended: one SAQ per payment channel: {}", r.saqs.join(" + "))
        }
        _ => println!("Recommended: one SAQ for everything: {}", result.saq),
    }
    println!("\nPer payment channel:");
    for c in &result.per_channel {
        println!("  {:<40} {:<6} ({})", c.channel.label(), c.saq, c.methods.join(", "));
    }
    if result.per_channel.len() > 1 {
        println!("\nTwo ways to file:");
        for r in &result.routes {
            let name = match r.kind {
                RouteKind::PerChannel => "One SAQ per channel",
                RouteKind::Covering => "One SAQ for everything",
            };
            let state = if r.valid { "" } else { " (not available with these answers)" };
            println!("  {name}: {}{state}\n    {}\n    Who asks for it: {}", r.saqs.join(" + "), r.why, r.who_asks);
            if !r.pending.is_empty() {
                println!("    Still to answer: {}", r.pending.join(", "));
            }
        }
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
    if !result.unanswered.is_empty() {
        println!("\nNot answered yet (taken as no): {}", result.unanswered.join(", "));
    }
    for w in &result.warnings {
        println!("\nNote: {w}");
    }
    if result.ask_qsa {
        println!("\nPart of this result depends on guidance that says to consult a QSA or your acquirer.");
    }
    Ok(0)
}
