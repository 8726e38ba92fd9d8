use super::output::{print_json, CliError};
use super::Ctx;
use clap::{Args, Subcommand};
use saqdesk::store::{Location, ServiceProvider};

#[derive(Subcommand)]
pub enum MerchantCommand {
    /// Create the merchant, or update it (matched by --id or by legal name); prints its ID
    Set(SetArgs),
    /// Every merchant
    List,
    /// One merchant's profile
    Show { merchant: String },
}

#[derive(Args)]
pub struct SetArgs {
    /// Update the merchant with this ID (its legal name may then change)
    #[arg(long)]
    id: Option<String>,
    /// Legal name of the business
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
    let mut store = ctx.store()?;
    match cmd {
        MerchantCommand::Set(a) => {
            let existing = match &a.id {
                Some(id) => Some(store.merchant(id)?),
                None => store.merchants()?.into_iter().find(|m| m.profile.legal_name == a.name),
            };
            let mut p = existing.as_ref().map(|m| m.profile.clone()).unwrap_or_default();
            p.legal_name = a.name.clone();
            let set = |dst: &mut String, v: &Option<String>| {
                if let Some(v) = v {
                    *dst = v.clone();
                }
            };
            set(&mut p.dba, &a.dba);
            set(&mut p.address, &a.address);
            set(&mut p.website, &a.website);
            set(&mut p.contact_name, &a.contact_name);
            set(&mut p.contact_title, &a.contact_title);
            set(&mut p.contact_email, &a.contact_email);
            set(&mut p.contact_phone, &a.contact_phone);
            set(&mut p.business_description, &a.business_description);
            if !a.locations.is_empty() {
                p.locations = a.locations.iter().map(|l| parse_location(l)).collect::<Result<_, _>>()?;
            }
            if !a.providers.is_empty() {
                p.service_providers = a
                    .providers
                    .iter()
                    .map(|s| {
                        let (name, services) = s.split_once('=').unwrap_or((s.as_str(), ""));
                        ServiceProvider { name: name.trim().to_string(), services: services.trim().to_string() }
                    })
                    .collect();
            }
            let m = store.save_merchant(existing.as_ref().map(|m| m.id.as_str()), &p, &ctx.actor())?;
            if ctx.json {
                print_json(&m);
            } else {
                println!("{}", m.id);
            }
        }
        MerchantCommand::List => {
            let all = store.merchants()?;
            if ctx.json {
                print_json(&all);
            } else {
                for m in all {
                    println!(
                        "{}  {}{}",
                        m.id,
                        m.profile.legal_name,
                        if m.profile.dba.is_empty() { String::new() } else { format!(" (DBA {})", m.profile.dba) }
                    );
                }
            }
        }
        MerchantCommand::Show { merchant } => {
            let m = store.merchant(&merchant)?;
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
