//! Argument parsing and dispatch. Each submodule turns one command's arguments into a core call
//! and prints the result; none of them decides anything the app would decide differently.

mod answer;
mod assessment;
mod calendar;
mod check;
mod evidence;
mod form;
mod merchant;
mod output;
mod records;
mod report;
mod saq;
mod scope;
mod serve;
mod sweep;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand};
use output::CliError;
use saqdesk::desk::{Desk, DeskConfig};
use saqdesk::store::Actor;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "saqdesk", version, about = "Prepare a PCI DSS v4.0.1 self-assessment (SAQ) for a Stripe merchant")]
pub struct Cli {
    /// Questionnaire data to load instead of the shipped PCI DSS v4.0.1 set
    #[arg(long, global = true, value_name = "DIR")]
    questionnaires: Option<PathBuf>,
    /// Database file [default: ~/.local/share/saqdesk/saqdesk.sqlite3, or $SAQDESK_DB]
    #[arg(long, global = true, value_name = "PATH", env = "SAQDESK_DB")]
    db: Option<PathBuf>,
    /// The time to record and print, RFC 3339 (default: now); makes output reproducible. Its UTC
    /// offset gives the calendar day due dates are counted on (default: this computer's)
    #[arg(long, global = true, value_name = "RFC3339", env = "SAQDESK_NOW")]
    now: Option<String>,
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
    /// Create, update or show the merchant profile (AOC Part 1)
    #[command(subcommand)]
    Merchant(merchant::MerchantCommand),
    /// Create, list, roll forward or delete assessments
    #[command(subcommand)]
    Assessment(assessment::AssessmentCommand),
    /// Answer one requirement
    Answer(answer::AnswerArgs),
    /// Mark a carried-forward answer as reviewed, unchanged
    Review {
        assessment: String,
        requirement: String,
        /// With several SAQs: only this SAQ's answer
        #[arg(long)]
        saq: Option<String>,
    },
    /// Answer a requirement two SAQs of the assessment share separately for each
    Split { assessment: String, requirement: String },
    /// Answer it once again for every SAQ, keeping one SAQ's answer
    Join {
        assessment: String,
        requirement: String,
        /// The SAQ whose answer becomes the one answer
        #[arg(long)]
        keep: String,
    },
    /// Confirm (or with --decline, refuse) an eligibility criterion
    Confirm {
        assessment: String,
        criterion: String,
        #[arg(long)]
        decline: bool,
    },
    /// Attach, list, replace or remove evidence files
    #[command(subcommand)]
    Evidence(evidence::EvidenceCommand),
    /// Progress and every problem that blocks attestation
    Status {
        assessment: String,
        /// With several SAQs: only this one (default: each)
        #[arg(long)]
        saq: Option<String>,
    },
    /// The compliance year: each recurring requirement's periods and the evidence that covers them
    Schedule(calendar::ScheduleArgs),
    /// What is overdue and what is due in the next 30 days, across every open assessment
    Due,
    /// The year's due dates as a calendar (.ics with --ics, events with --json)
    Calendar(calendar::CalendarArgs),
    /// Periods chosen by targeted risk analyses, for requirements whose frequency a TRA sets
    #[command(subcommand)]
    Tra(calendar::TraCommand),
    /// Sign the attestation (AOC Part 3)
    Attest(records::AttestArgs),
    /// The audit trail of an assessment
    History { assessment: String },
    /// A consistent copy of the whole database
    Backup { file: PathBuf },
    /// Write one assessment with all its evidence to a single file
    ExportAssessment { assessment: String, file: PathBuf },
    /// Read an assessment file written by export-assessment
    ImportAssessment { file: PathBuf },
    /// Write the evidence report (PDF, HTML, Markdown or JSON)
    Export(report::ExportArgs),
    /// Write the QSA bundle: the PDF, the filled official forms, every evidence file and a manifest, in one zip
    Bundle(report::BundleArgs),
    /// The official PCI SSC SAQ and AOC forms: keep blank copies, fill them in
    #[command(subcommand)]
    Form(form::FormCommand),
    /// Payment-page checks: CSP, script inventory, secret-key scan (exit 1 when findings)
    #[command(subcommand)]
    Check(check::CheckCommand),
    /// Find card numbers and Stripe secrets an earlier version let in (exit 1 when found); --redact masks them
    Sweep(sweep::SweepArgs),
    /// Development only: serve the built UI on 127.0.0.1 with this core behind it (the browser demo)
    #[command(hide = true)]
    Serve(serve::ServeArgs),
}

pub struct Ctx {
    pub json: bool,
    questionnaires: Option<PathBuf>,
    db: Option<PathBuf>,
    now: DateTime<Utc>,
    today: NaiveDate,
}

impl Ctx {
    /// The core, over the database and questionnaire named on the command line.
    pub fn desk(&self) -> Result<Desk, CliError> {
        self.desk_with_templates(None)
    }

    pub fn desk_with_templates(&self, templates: Option<PathBuf>) -> Result<Desk, CliError> {
        let config = DeskConfig { db: self.db.clone(), questionnaires: self.questionnaires.clone(), templates };
        Ok(Desk::open(&config)?)
    }

    /// Who acts and when: the OS user (or `SAQDESK_USER`) and `--now`, read once per command.
    pub fn actor(&self) -> Actor {
        Actor::new(saqdesk::store::os_user(), self.now).on(self.today)
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
    let (now, today) = match cli.now.as_deref().map(DateTime::parse_from_rfc3339) {
        None => (Utc::now(), chrono::Local::now().date_naive()),
        Some(Ok(t)) => (t.with_timezone(&Utc), t.date_naive()),
        Some(Err(e)) => {
            eprintln!("saqdesk: --now must be an RFC 3339 time such as 2026-11-23T10:00:00Z ({e})");
            return 2;
        }
    };
    let ctx = Ctx { json: cli.json, questionnaires: cli.questionnaires, db: cli.db, now, today };
    let result = match cli.command {
        Command::Saq(c) => saq::run(&ctx, c),
        Command::Scope(a) => scope::run(&ctx, a),
        Command::Merchant(c) => merchant::run(&ctx, c),
        Command::Assessment(c) => assessment::run(&ctx, c),
        Command::Answer(a) => answer::run(&ctx, a),
        Command::Review { assessment, requirement, saq } => answer::review(&ctx, assessment, requirement, saq),
        Command::Split { assessment, requirement } => answer::split(&ctx, assessment, requirement, None),
        Command::Join { assessment, requirement, keep } => answer::split(&ctx, assessment, requirement, Some(keep)),
        Command::Confirm { assessment, criterion, decline } => answer::confirm(&ctx, assessment, criterion, !decline),
        Command::Evidence(c) => evidence::run(&ctx, c),
        Command::Status { assessment, saq } => records::status(&ctx, &assessment, saq.as_deref()),
        Command::Schedule(a) => calendar::schedule(&ctx, a),
        Command::Due => calendar::due(&ctx),
        Command::Calendar(a) => calendar::calendar(&ctx, a),
        Command::Tra(c) => calendar::tra(&ctx, c),
        Command::Attest(a) => records::attest(&ctx, a),
        Command::History { assessment } => records::history(&ctx, &assessment),
        Command::Backup { file } => records::backup(&ctx, &file),
        Command::ExportAssessment { assessment, file } => records::export_assessment(&ctx, &assessment, &file),
        Command::ImportAssessment { file } => records::import_assessment(&ctx, &file),
        Command::Export(a) => report::export(&ctx, a),
        Command::Bundle(a) => report::bundle(&ctx, a),
        Command::Form(c) => form::run(&ctx, c),
        Command::Check(c) => check::run(&ctx, c),
        Command::Sweep(a) => sweep::run(&ctx, a),
        Command::Serve(a) => serve::run(&ctx, a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if ctx.json {
                eprintln!("{}", serde_json::to_string(&e.api()).unwrap_or_default());
            } else {
                eprintln!("saqdesk: {e}");
            }
            e.exit_code()
        }
    }
}
