//! Argument parsing and dispatch. Each submodule turns one command's arguments into a core call
//! and prints the result; none of them decides anything the app would decide differently.

mod output;
mod saq;
mod scope;

use clap::{Parser, Subcommand};
use output::CliError;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "saqdesk", version, about = "Prepare a PCI DSS v4.0.1 self-assessment (SAQ) for a Stripe merchant")]
pub struct Cli {
    /// Questionnaire data to load instead of the shipped PCI DSS v4.0.1 set
    #[arg(long, global = true, value_name = "DIR")]
    questionnaires: Option<PathBuf>,
    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List or show the SAQs of the questionnaire
    #[command(subcommand)]
    Saq(saq::SaqCommand),
    /// Find the SAQ for the Stripe integration methods in use
    Scope(scope::ScopeArgs),
}

pub struct Ctx {
    pub json: bool,
    questionnaires: Option<PathBuf>,
}

impl Ctx {
    pub fn data(&self) -> Result<saqdesk::DataSet, CliError> {
        let ds = match &self.questionnaires {
            Some(dir) => saqdesk::DataSet::open(dir),
            None => saqdesk::DataSet::open_default(),
        };
        Ok(ds?)
    }
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let ctx = Ctx { json: cli.json, questionnaires: cli.questionnaires };
    let result = match cli.command {
        Command::Saq(c) => saq::run(&ctx, c),
        Command::Scope(a) => scope::run(&ctx, a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if ctx.json {
                eprintln!("{}", serde_json::json!({"code": e.code(), "message": e.to_string()}));
            } else {
                eprintln!("saqdesk: {e}");
            }
            e.exit_code()
        }
    }
}
