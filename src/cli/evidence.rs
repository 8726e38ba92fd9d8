use super::output::{date, print_json, CliError};
use super::Ctx;
use clap::Subcommand;
use saqdesk::desk::{AddEvidenceRequest, EvidenceListRequest, LinkEvidenceRequest, ReplaceEvidenceRequest};
use saqdesk::store::EvidenceMeta;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// Attach a file: evidence add <assessment> <requirement>... <file>
    Add {
        assessment: String,
        /// One or more requirement or criterion IDs, then the file
        #[arg(required = true, num_args = 2..)]
        items_and_file: Vec<String>,
        /// The date the file proves (YYYY-MM-DD), e.g. the scan date
        #[arg(long)]
        effective_date: Option<String>,
        /// When the file stops being valid (YYYY-MM-DD)
        #[arg(long)]
        expires: Option<String>,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// The evidence of an assessment
    List {
        assessment: String,
        /// Include replaced and removed files
        #[arg(long)]
        all: bool,
    },
    /// Replace a file with a new revision (the old one is kept)
    Replace { evidence: String, file: PathBuf },
    /// Link a file to another requirement or criterion
    Link { evidence: String, requirement: String },
    /// Remove a link
    Unlink { evidence: String, requirement: String },
    /// Take a file out of the current evidence (it stays in the history)
    Remove { evidence: String },
    /// Write a stored file's bytes to a file
    Get { evidence: String, out: PathBuf },
}

pub fn run(ctx: &Ctx, cmd: EvidenceCommand) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    let who = ctx.actor();
    match cmd {
        EvidenceCommand::Add { assessment, mut items_and_file, effective_date, expires, description } => {
            let path = PathBuf::from(items_and_file.pop().unwrap_or_default());
            let meta = EvidenceMeta {
                effective_date: date("effective-date", effective_date.as_deref())?,
                expires: date("expires", expires.as_deref())?,
                description,
            };
            let e = desk.add_evidence(AddEvidenceRequest { assessment, items: items_and_file, path, meta }, &who)?;
            if ctx.json {
                print_json(&e);
            } else {
                println!("{}", e.id);
                eprintln!("{} ({} bytes, sha256 {}) → {}", e.file_name, e.size, e.sha256, e.links.join(", "));
            }
        }
        EvidenceCommand::List { assessment, all } => {
            let list = desk.evidence_list(EvidenceListRequest { assessment, all }, &who)?;
            if ctx.json {
                print_json(&list.iter().map(|l| &l.evidence).collect::<Vec<_>>());
            } else {
                for l in list {
                    let e = &l.evidence;
                    let flags = [
                        (!e.is_current()).then_some("superseded/removed"),
                        l.stale.then_some("older than 12 months"),
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
            let e = desk.replace_evidence(ReplaceEvidenceRequest { evidence, path: file }, &who)?;
            println!("{}", e.id);
        }
        EvidenceCommand::Link { evidence, requirement } => {
            desk.link_evidence(LinkEvidenceRequest { evidence, item: requirement, linked: true }, &who)?;
        }
        EvidenceCommand::Unlink { evidence, requirement } => {
            desk.link_evidence(LinkEvidenceRequest { evidence, item: requirement, linked: false }, &who)?;
        }
        EvidenceCommand::Remove { evidence } => {
            desk.remove_evidence(&evidence, &who)?;
        }
        EvidenceCommand::Get { evidence, out } => {
            desk.save_evidence_file(&evidence, &out)?;
        }
    }
    Ok(0)
}
