use super::output::{print_json, CliError};
use super::Ctx;
use clap::{Args, Subcommand};
use saqdesk::desk::MerchantPatch;
use saqdesk::store::{Location, ServiceProvider};

#[derive(Subcommand)]
pub enum MerchantCommand {
    /// Create or update a merchant (matched by --id, else by legal name); prints its ID
    Set(Box<SetArgs>),
    /// Every merchant
    List,
    /// One merchant's profile
    Show { merchant: String },
}

#[derive(Args)]
pub struct SetArgs {
    /// The merchant to update (default: the one with this legal name, or a new one)
    #[arg(long)]
    id: Option<String>,
    /// Legal name (AOC Part 1a "Company name")
    #[arg(long)]
    name: String,
    #[arg(long)]
    dba: Option<String>,
    #[arg(long)]
    address: Option<String>,
    #[arg(long)]
    website: Option<String>,
    #[arg(long)]
    contact_name: Option<String>,
    #[arg(long)]
    contact_title: Option<String>,
    #[arg(long)]
    contact_email: Option<String>,
    #[arg(long)]
    contact_phone: Option<String>,
    #[arg(long)]
    business_description: Option<String>,
    /// An in-scope location as "facility type|count|city, country" (repeat; replaces the list)
    #[arg(long = "location")]
    locations: Vec<String>,
    /// A service provider as "name=what it does" (repeat; replaces the list)
    #[arg(long = "provider")]
    providers: Vec<String>,
}

pub fn run(ctx: &Ctx, cmd: MerchantCommand) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    match cmd {
        MerchantCommand::Set(a) => {
            let a = *a;
            let locations = if a.locations.is_empty() {
                None
            } else {
                Some(a.locations.iter().map(|l| parse_location(l)).collect::<Result<_, _>>()?)
            };
            let service_providers = if a.providers.is_empty() {
                None
            } else {
                Some(a.providers.iter().map(|s| parse_provider(s)).collect())
            };
            let patch = MerchantPatch {
                id: a.id,
                legal_name: Some(a.name),
                dba: a.dba,
                address: a.address,
                website: a.website,
                contact_name: a.contact_name,
                contact_title: a.contact_title,
                contact_email: a.contact_email,
                contact_phone: a.contact_phone,
                business_description: a.business_description,
                locations,
                service_providers,
            };
            let m = desk.set_merchant(patch, &ctx.actor())?;
            if ctx.json {
                print_json(&m);
            } else {
                println!("{}", m.id);
            }
        }
        MerchantCommand::List => {
            let all = desk.merchants()?;
            if ctx.json {
                print_json(&all);
            } else {
                for m in all {
                    let dba =
                        if m.profile.dba.is_empty() { String::new() } else { format!(" (DBA {})", m.profile.dba) };
                    println!("{}  {}{dba}", m.id, m.profile.legal_name);
                }
            }
        }
        MerchantCommand::Show { merchant } => {
            let m = desk.merchant(&merchant)?;
            if ctx.json {
                print_json(&m);
            } else {
                println!("{}\n  id: {}", m.profile.legal_name, m.id);
                for (k, v) in m.profile.fields().into_iter().skip(1).filter(|(_, v)| !v.is_empty()) {
                    println!("  {k}: {v}");
                }
            }
        }
    }
    Ok(0)
}

fn parse_provider(s: &str) -> ServiceProvider {
    let (name, services) = s.split_once('=').unwrap_or((s, ""));
    ServiceProvider { name: name.trim().to_string(), services: services.trim().to_string() }
}

fn parse_location(s: &str) -> Result<Location, CliError> {
    let parts: Vec<&str> = s.split('|').map(str::trim).collect();
    match parts.as_slice() {
        [kind, count, place] => Ok(Location {
            facility_type: kind.to_string(),
            count: count
                .parse()
                .map_err(|_| CliError::Usage(format!("--location '{s}': the count '{count}' is not a number")))?,
            city_country: place.to_string(),
        }),
        _ => Err(CliError::Usage(format!("--location '{s}': write it as \"facility type|count|city, country\""))),
    }
}
