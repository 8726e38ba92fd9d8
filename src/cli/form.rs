use super::output::{print_json, CliError};
use super::Ctx;
use clap::{Args, Subcommand};
use saqdesk::desk::{AddBlankFormRequest, FillFormRequest, FormFill};
use saqdesk::forms::FormKind;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum FormCommand {
    /// Fill the official PCI SSC SAQ (or AOC) form of an assessment from a blank copy
    Fill(FillArgs),
    /// Keep a blank official form for this and later years
    Add { file: PathBuf },
    /// The blank official forms kept
    List,
    /// Forget a kept blank form (by its SHA-256 or a prefix)
    Remove { sha256: String },
}

#[derive(Args)]
pub struct FillArgs {
    pub assessment: String,
    /// The blank form from the PCI SSC document library (.docx); kept for next time. Without it,
    /// the newest blank kept for the SAQ is used
    #[arg(long, value_name = "BLANK.docx")]
    pub form: Option<PathBuf>,
    /// A kept blank, by its SHA-256 or a prefix (see `saqdesk form list`)
    #[arg(long, value_name = "SHA256", conflicts_with = "form")]
    pub blank: Option<String>,
    /// Fill the separate AOC form rather than the SAQ (used with a kept blank)
    #[arg(long, conflicts_with_all = ["form", "blank"])]
    pub aoc: bool,
    /// Where to write the filled form (.docx)
    #[arg(long, value_name = "FILLED.docx")]
    pub out: PathBuf,
    /// With several SAQs in the assessment: whose form to fill
    #[arg(long)]
    pub saq: Option<String>,
    /// Also write a PDF beside it (needs LibreOffice)
    #[arg(long)]
    pub pdf: bool,
}

pub fn run(ctx: &Ctx, c: FormCommand) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    match c {
        FormCommand::Fill(a) => {
            let req = FillFormRequest {
                assessment: a.assessment,
                saq: a.saq,
                form: a.form,
                blank: a.blank,
                kind: a.aoc.then_some(FormKind::Aoc),
                out: a.out,
                pdf: a.pdf,
            };
            let filled = desk.fill_form(req, &ctx.actor())?;
            if ctx.json {
                print_json(&filled);
            } else {
                print_fill(&filled);
            }
            Ok(0)
        }
        FormCommand::Add { file } => {
            let added = desk.add_blank_form(AddBlankFormRequest { path: file, saq: None }, &ctx.actor())?;
            if ctx.json {
                print_json(&added);
            } else {
                let f = &added.form;
                println!("kept {} ({}), sha256 {}", f.title, f.file_name, f.sha256);
                if added.answer_rows > 0 {
                    println!(
                        "{} answer rows, {} eligibility criteria recognised",
                        added.answer_rows, added.eligibility_criteria
                    );
                }
            }
            Ok(0)
        }
        FormCommand::List => {
            let forms = desk.blank_forms()?;
            if ctx.json {
                print_json(&forms);
            } else if forms.is_empty() {
                println!("no blank forms kept; add one with `saqdesk form add BLANK.docx`");
            } else {
                for f in forms {
                    println!("{}  {}  {}  added {}", &f.sha256[..12], f.title, f.file_name, f.added_at.date_naive());
                }
            }
            Ok(0)
        }
        FormCommand::Remove { sha256 } => {
            desk.remove_blank_form(&sha256, &ctx.actor())?;
            if !ctx.json {
                println!("removed");
            }
            Ok(0)
        }
    }
}

fn print_fill(f: &FormFill) {
    println!("{} ({} bytes, sha256 {})", f.docx.path.display(), f.docx.bytes, f.docx.sha256);
    println!("filled from {} for SAQ {}", f.form.title, f.saq);
    if let Some(p) = &f.pdf {
        println!("{} ({} bytes, sha256 {})", p.path.display(), p.bytes, p.sha256);
    }
    if let Some(n) = &f.pdf_note {
        println!("no PDF: {n}");
    }
    if f.draft {
        println!("draft: not attested yet, so Part 3's status, acknowledgements and date are left blank");
    }
    println!("{} fields filled, {} asked by the form and not known yet", f.filled, f.missing.len());
    for m in &f.missing {
        println!("  missing: {m}");
    }
    for n in &f.notes {
        println!("  note: {n}");
    }
}
