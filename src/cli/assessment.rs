use super::output::{print_json, CliError};
use super::scope::ScopeArgs;
use super::Ctx;
use clap::{Args, Subcommand};
use saqdesk::desk::{AssessorPatch, Desk, DetailsPatch, NewAssessmentRequest, RollForwardRequest};
use saqdesk::scoping::{RouteKind, ScopeInput};
use saqdesk::store::{ChannelRole, ValidatedProduct};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum AssessmentCommand {
    /// Start an assessment (prints its ID); --from rolls last year's forward
    New(NewArgs),
    /// Every assessment, by merchant and year
    List,
    /// One assessment's details
    Show { assessment: String },
    /// Set the AOC Part 2 executive summary (only the fields given change)
    Details(Box<DetailsArgs>),
    /// Show or set the date the SAQ and AOC are due (default: twelve months after last year's attestation)
    DueDate(super::calendar::DueDateArgs),
    /// Delete an assessment (a backup of the database is written first)
    Delete {
        assessment: String,
        /// Required: deleting is not undone (the backup is)
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args)]
pub struct DetailsArgs {
    assessment: String,
    /// With several SAQs in the assessment: whose AOC to set
    #[arg(long)]
    saq: Option<String>,
    /// Part 2a: payment channels this SAQ does not cover, and why
    #[arg(long, value_name = "TEXT")]
    channels_excluded: Option<String>,
    /// Part 2b: how the payment channels store, process or transmit account data, in one text
    #[arg(long, value_name = "TEXT")]
    how_channels_handle_data: Option<String>,
    /// Part 2b, channel by channel: CHANNEL=HOW (repeatable; replaces the list)
    #[arg(long = "channel-role", value_name = "CHANNEL=HOW")]
    channel_roles: Vec<String>,
    /// Part 2c: the systems, networks and locations in scope
    #[arg(long, value_name = "TEXT")]
    environment: Option<String>,
    /// Part 2c: whether network segmentation reduces the scope
    #[arg(long, value_name = "yes|no")]
    segmentation: Option<YesNo>,
    /// Part 2e: whether any PCI SSC-listed product or solution is used
    #[arg(long, value_name = "yes|no")]
    uses_validated_products: Option<YesNo>,
    /// Part 2e: NAME;VERSION;STANDARD;LISTING-REFERENCE;EXPIRY (YYYY-MM-DD); trailing parts may be
    /// left out (repeatable; replaces the list)
    #[arg(long = "product", value_name = "NAME;…")]
    products: Vec<String>,
    /// Part 2e as one text (what earlier releases kept)
    #[arg(long, value_name = "TEXT")]
    validated_products: Option<String>,
    /// Part 2f: service providers store, process or transmit account data for the merchant
    #[arg(long, value_name = "yes|no")]
    providers_handle_data: Option<YesNo>,
    /// Part 2f: service providers manage system components in scope
    #[arg(long, value_name = "yes|no")]
    providers_manage_components: Option<YesNo>,
    /// Part 2f: service providers could affect the security of the cardholder data environment
    #[arg(long, value_name = "yes|no")]
    providers_affect_security: Option<YesNo>,
    /// Part 1b: the QSA company, if one took part
    #[arg(long, value_name = "NAME")]
    qsa: Option<String>,
    #[arg(long, value_name = "TEXT")]
    qsa_address: Option<String>,
    #[arg(long, value_name = "URL")]
    qsa_website: Option<String>,
    #[arg(long, value_name = "NAME")]
    qsa_lead_assessor: Option<String>,
    #[arg(long, value_name = "PHONE")]
    qsa_phone: Option<String>,
    #[arg(long, value_name = "EMAIL")]
    qsa_email: Option<String>,
    /// The lead assessor's QSA certificate number
    #[arg(long, value_name = "NUMBER")]
    qsa_certificate: Option<String>,
    /// Part 3c: the QSA performed testing procedures
    #[arg(long, value_name = "yes|no")]
    qsa_testing: Option<YesNo>,
    /// Part 3c: other assistance the QSA gave
    #[arg(long, value_name = "TEXT")]
    qsa_assistance: Option<String>,
    /// Part 1b: an Internal Security Assessor who took part (repeatable; replaces the list)
    #[arg(long = "isa", value_name = "NAME")]
    isa: Vec<String>,
    /// Part 3d: the ISAs performed testing procedures
    #[arg(long, value_name = "yes|no")]
    isa_testing: Option<YesNo>,
    /// Part 3d: other assistance the ISAs gave
    #[arg(long, value_name = "TEXT")]
    isa_assistance: Option<String>,
}

impl DetailsArgs {
    fn patch(self) -> Result<DetailsPatch, CliError> {
        let yes = |v: Option<YesNo>| v.map(|v| matches!(v, YesNo::Yes));
        let roles = self
            .channel_roles
            .iter()
            .map(|r| {
                let (channel, how) = r
                    .split_once('=')
                    .ok_or_else(|| CliError::Usage(format!("--channel-role '{r}' is not CHANNEL=HOW")))?;
                Ok(ChannelRole { channel: channel.trim().to_string(), how: how.trim().to_string() })
            })
            .collect::<Result<Vec<_>, CliError>>()?;
        let products = self
            .products
            .iter()
            .map(|p| {
                let mut parts = p.split(';').map(|s| s.trim().to_string());
                let mut next = || parts.next().unwrap_or_default();
                let (name, version, standard, listing_reference, expiry) = (next(), next(), next(), next(), next());
                let expiry = super::output::date("product", (!expiry.is_empty()).then_some(expiry.as_str()))?;
                Ok(ValidatedProduct { name, version, standard, listing_reference, expiry })
            })
            .collect::<Result<Vec<_>, CliError>>()?;
        let qsa = AssessorPatch {
            company_name: self.qsa,
            mailing_address: self.qsa_address,
            website: self.qsa_website,
            lead_assessor: self.qsa_lead_assessor,
            phone: self.qsa_phone,
            email: self.qsa_email,
            certificate_number: self.qsa_certificate,
        };
        Ok(DetailsPatch {
            assessment: self.assessment,
            saq: self.saq,
            channels_excluded: self.channels_excluded,
            how_channels_handle_data: self.how_channels_handle_data,
            channel_roles: (!roles.is_empty()).then_some(roles),
            environment_description: self.environment,
            segmentation_used: yes(self.segmentation),
            validated_products: self.validated_products,
            uses_validated_products: yes(self.uses_validated_products).map(Some),
            products: (!products.is_empty()).then_some(products),
            providers_handle_account_data: yes(self.providers_handle_data).map(Some),
            providers_manage_components: yes(self.providers_manage_components).map(Some),
            providers_could_affect_security: yes(self.providers_affect_security).map(Some),
            isa_names: (!self.isa.is_empty()).then_some(self.isa),
            qsa: Some(qsa),
            qsa_performed_testing: yes(self.qsa_testing),
            qsa_assistance: self.qsa_assistance,
            isa_performed_testing: yes(self.isa_testing),
            isa_assistance: self.isa_assistance,
            qsa_involved: None,
            isa_involved: None,
        })
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

#[derive(Args)]
pub struct NewArgs {
    /// Merchant ID or legal name
    #[arg(long)]
    merchant: Option<String>,
    #[arg(long)]
    year: Option<i32>,
    /// SAQ type; repeat to file one SAQ per payment channel (--saq A --saq C); without it, the
    /// scoping answers decide
    #[arg(long)]
    saq: Vec<String>,
    /// With scoping answers: per-channel (one SAQ per channel, as Stripe's guide describes) or
    /// covering (one SAQ for every channel); default: the route the scoping recommends
    #[arg(long, value_parser = ["per-channel", "covering"])]
    route: Option<String>,
    /// Roll this previous assessment forward
    #[arg(long)]
    from: Option<String>,
    /// Scoping answers as JSON: {"methods": [...], "answers": {...}, "declined": [...]}
    #[arg(long, value_name = "FILE")]
    scope_file: Option<PathBuf>,
    #[command(flatten)]
    scope: ScopeArgs,
}

pub fn run(ctx: &Ctx, cmd: AssessmentCommand) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    match cmd {
        AssessmentCommand::New(a) => new(ctx, &mut desk, a),
        AssessmentCommand::List => {
            let list = desk.assessments()?;
            if ctx.json {
                print_json(&list);
            } else if list.is_empty() {
                println!("No assessments yet. Start one with `saqdesk assessment new --merchant <name> --year <year> --saq <type>`.");
            } else {
                println!(
                    "{:<36}  {:<28} {:>4}  {:<5} {:<9} {:>9}",
                    "ID", "MERCHANT", "YEAR", "SAQ", "STATUS", "ANSWERED"
                );
                for s in list {
                    println!(
                        "{:<36}  {:<28} {:>4}  {:<5} {:<9} {:>4}/{:<4}",
                        s.id,
                        truncate(&s.merchant_name, 28),
                        s.year,
                        s.saq,
                        s.status,
                        s.answered,
                        s.total
                    );
                }
            }
            Ok(0)
        }
        AssessmentCommand::Show { assessment } => {
            let a = desk.assessment(&assessment)?;
            if ctx.json {
                print_json(&a);
            } else {
                println!(
                    "{}  SAQ {} ({} {}), {} {} to {}, {}",
                    a.id,
                    a.saq,
                    a.snapshot.questionnaire,
                    a.snapshot.saq.version,
                    a.year,
                    a.period_start,
                    a.period_end,
                    a.status
                );
                if let Some(s) = &a.scope {
                    println!("scoped with: {}", s.input.methods.join(", "));
                }
                if let Some(p) = &a.previous_id {
                    println!("rolled forward from: {p}");
                }
            }
            Ok(0)
        }
        AssessmentCommand::Details(d) => {
            let patch = d.patch()?;
            let a = desk.set_details(patch, &ctx.actor())?;
            if ctx.json {
                print_json(&a.details);
            } else {
                for (field, value) in a.details.fields() {
                    println!("{field}: {value}");
                }
            }
            Ok(0)
        }
        AssessmentCommand::DueDate(a) => super::calendar::due_date(ctx, a),
        AssessmentCommand::Delete { assessment, yes } => {
            if !yes {
                return Err(CliError::Usage(
                    "deleting an assessment needs --yes (a backup of the database is kept)".into(),
                ));
            }
            let r = desk.delete_assessment(&assessment, &ctx.actor())?;
            println!("deleted; backup of the database before deletion: {}", r.backup);
            Ok(0)
        }
    }
}

fn new(ctx: &Ctx, desk: &mut Desk, a: NewArgs) -> Result<i32, CliError> {
    let who = ctx.actor();
    if let Some(from) = a.from {
        let saq = a.saq.into_iter().next();
        let r = desk.roll_forward(RollForwardRequest { from, year: a.year, saq }, &who)?;
        if ctx.json {
            print_json(&r);
        } else {
            println!("{}", r.assessment.id);
            eprintln!(
                "rolled forward from {}: {} answers carried forward (each needs review), {} evidence files linked ({} older than 12 months)",
                r.previous_id,
                r.carried_answers,
                r.carried_evidence,
                r.stale_evidence.len()
            );
            eprintln!(
                "questionnaire {} → {}: {} added, {} removed, {} changed",
                r.diff.from_version,
                r.diff.to_version,
                r.diff.added.len(),
                r.diff.removed.len(),
                r.diff.changed.len()
            );
            for id in &r.diff.added {
                eprintln!("  + {id} (new: answer it)");
            }
            for id in &r.diff.removed {
                eprintln!("  - {id} (no longer in the SAQ; last year's answer is kept in the old assessment)");
            }
            for id in &r.diff.changed {
                eprintln!("  ~ {id} (wording changed: re-read before confirming)");
            }
            let c = &r.calendar;
            eprintln!(
                "calendar: {} recurring requirements; validation due {}",
                c.recurring,
                c.validation_due.describe()
            );
            for t in &c.tra_periods {
                eprintln!(
                    "  TRA period carried: {} {} (12.3.1: review the analysis this year and confirm or change it)",
                    t.requirement,
                    t.every.describe()
                );
            }
            for id in &c.tra_periods_dropped {
                eprintln!("  TRA period not carried: {id} (its period no longer comes from a targeted risk analysis)");
            }
            for g in &c.last_year_gaps {
                let names: Vec<&str> = g.periods.iter().map(|p| p.name.as_str()).collect();
                eprintln!(
                    "  last year uncovered: {} {} (stays in last year's record)",
                    g.requirement,
                    names.join(", ")
                );
            }
        }
        return Ok(0);
    }
    let merchant =
        a.merchant.ok_or_else(|| CliError::Usage("--merchant is required (or --from to roll forward)".into()))?;
    let year = a.year.ok_or_else(|| CliError::Usage("--year is required".into()))?;
    let scope: Option<ScopeInput> = if let Some(file) = &a.scope_file {
        let text = std::fs::read_to_string(file).map_err(|e| CliError::Usage(format!("{}: {e}", file.display())))?;
        Some(
            serde_json::from_str(&text)
                .map_err(|e| CliError::Usage(format!("{}: not scoping answers ({e})", file.display())))?,
        )
    } else if !a.scope.methods.is_empty() {
        Some(a.scope.to_input()?)
    } else {
        None
    };
    let route =
        a.route.as_deref().map(|r| if r == "per-channel" { RouteKind::PerChannel } else { RouteKind::Covering });
    let (saq, saqs) = if a.saq.len() == 1 { (a.saq.into_iter().next(), Vec::new()) } else { (None, a.saq) };
    let created = desk.new_assessment(NewAssessmentRequest { merchant, year, saq, saqs, scope, route }, &who)?;
    if ctx.json {
        print_json(&created);
    } else {
        println!("{}", created.id);
        if created.saqs.len() > 1 {
            let names: Vec<String> = created.saqs.iter().map(|p| format!("SAQ {}", p.saq)).collect();
            eprintln!("one assessment with {}; answers to requirements they share count for each", names.join(" and "));
        }
    }
    Ok(0)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
