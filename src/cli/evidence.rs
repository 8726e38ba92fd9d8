use super::output::{print_json, CliError};
use super::Ctx;
use chrono::NaiveDate;
use clap::Subcommand;
use saqdesk::store::EvidenceMeta;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// Attach a file to one or more requirements: evidence add <assessment> <req-id>... <file>
    Add {
        assessment: String,
        /// Requirement or eligibility-criterion IDs, then the file
        #[arg(required = true, num_args = 2..)]
        items_and_file: Vec<String>,
        /// The date the file proves (not the upload date), YYYY-MM-DD
        #[arg(long)]
        effective_date: Option<String>,
        #[arg(long)]
        expires: Option<String>,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// The current evidence files of an assessment
    List {
        assessment: String,
        /// Include replaced and removed revisions
        #[arg(long)]
        all: bool,
    },
    /// Replace a file with a new revision (the old one is kept)
    Replace { evidence: String, file: PathBuf },
    /// Link a file to another requirement
    Link { evidence: String, requirement: String },
    /// Unlink a file from a requirement
    Unlink { evidence: String, requirement: String },
    /// Take a file out of the assessment (kept in history)
    Remove { evidence: String },
    /// Write a stored file's original bytes to disk
    Get { evidence: String, out: PathBuf },
}

fn date(flag: &str, v: &Option<String>) -> Result<Option<NaiveDate>, CliError> {
    v.as_deref()
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| CliError::Usage(format!("--{flag} '{s}' is not a date (YYYY-MM-DD)")))
        })
        .transpose()
}

pub fn run(ctx: &Ctx, cmd: EvidenceCommand) -> Result<i32, CliError> {
    let mut store = ctx.store()?;
    let who = ctx.actor();
    match cmd {
        EvidenceCommand::Add { assessment, mut items_and_file, effective_date, expires, description } => {
            let file = PathBuf::from(items_and_file.pop().unwrap_or_default());
            let meta = EvidenceMeta {
                effective_date: date("effective-date", &effective_date)?,
                expires: date("expires", &expires)?,
                description,
            };
            let e = store.add_evidence(&assessment, &items_and_file, &file, &meta, &who)?;
            if ctx.json {
                print_json(&e);
            } else {
                println!("{}", e.id);
                eprintln!("{} ({} bytes, sha256 {}) → {}", e.file_name, e.size, e.sha256, e.links.join(", "));
            }
        }
        EvidenceCommand::List { assessment, all } => {
            let a = store.assessment(&assessment)?;
            let list = if all { store.evidence_all(&a.id)? } else { store.evidence_current(&a.id)? };
            if ctx.json {
                print_json(&list);
            } else {
                let today = ctx.now().date_naive();
                for e in list {
                    let flags = [
                        (!e.is_current()).then_some("superseded/removed"),
                        e.is_stale(today).then_some("older than 12 months"),
                        e.carried_from.as_ref().map(|_| "carried forward"),
                    ];
                    let flags: Vec<&str> = flags.into_iter().flatten().collect();
                    println!(
                        "{}  {:<32} {:>9} B  {}  → {}{}",
                        &e.id[..8],
                        e.file_name,
                        e.size,
                        &e.sha256[..16],
                        e.links.join(", "),
                        if flags.is_empty() { String::new() } else { format!("  [{}]", flags.join("; ")) }
                    );
                }
            }
        }
        EvidenceCommand::Replace { evidence, file } => {
            let e = store.replace_evidence(&evidence, &file, &who)?;
            println!("{}", e.id);
        }
        EvidenceCommand::Link { evidence, requirement } => {
            store.link_evidence(&evidence, &requirement, true, &who)?;
        }
        EvidenceCommand::Unlink { evidence, requirement } => {
            store.link_evidence(&evidence, &requirement, false, &who)?;
        }
        EvidenceCommand::Remove { evidence } => {
            store.remove_evidence(&evidence, &who)?;
        }
        EvidenceCommand::Get { evidence, out } => {
            let e = store.evidence(&evidence)?;
            let mut f =
                std::fs::File::create(&out).map_err(|err| CliError::Usage(format!("{}: {err}", out.display())))?;
            store.write_evidence_bytes(&e.sha256, &mut f)?;
        }
    }
    Ok(0)
}
