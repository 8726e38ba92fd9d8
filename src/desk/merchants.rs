//! The merchant profile (AOC Part 1a, and the locations and providers of Part 2d and 2f).

use super::{Desk, DeskError};
use crate::store::{Actor, Location, Merchant, MerchantProfile, ServiceProvider};
use serde::Deserialize;
use ts_rs::TS;

/// A change to a merchant: only the fields given change. Without `id`, the merchant with this
/// legal name is changed, or a new one is made.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct MerchantPatch {
    pub id: Option<String>,
    pub legal_name: Option<String>,
    pub dba: Option<String>,
    pub address: Option<String>,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_title: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub business_description: Option<String>,
    /// Replaces the list when given.
    pub locations: Option<Vec<Location>>,
    /// Replaces the list when given.
    pub service_providers: Option<Vec<ServiceProvider>>,
}

impl MerchantPatch {
    /// Everything a full profile says, as a patch (the app's form sends the whole profile).
    pub fn whole(id: Option<String>, p: MerchantProfile) -> Self {
        MerchantPatch {
            id,
            legal_name: Some(p.legal_name),
            dba: Some(p.dba),
            address: Some(p.address),
            website: Some(p.website),
            contact_name: Some(p.contact_name),
            contact_title: Some(p.contact_title),
            contact_email: Some(p.contact_email),
            contact_phone: Some(p.contact_phone),
            business_description: Some(p.business_description),
            locations: Some(p.locations),
            service_providers: Some(p.service_providers),
        }
    }

    fn apply(self, mut p: MerchantProfile) -> MerchantProfile {
        let set = |dst: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *dst = v;
            }
        };
        set(&mut p.legal_name, self.legal_name);
        set(&mut p.dba, self.dba);
        set(&mut p.address, self.address);
        set(&mut p.website, self.website);
        set(&mut p.contact_name, self.contact_name);
        set(&mut p.contact_title, self.contact_title);
        set(&mut p.contact_email, self.contact_email);
        set(&mut p.contact_phone, self.contact_phone);
        set(&mut p.business_description, self.business_description);
        if let Some(l) = self.locations {
            p.locations = l;
        }
        if let Some(s) = self.service_providers {
            p.service_providers = s;
        }
        p
    }
}

impl Desk {
    pub fn merchants(&self) -> Result<Vec<Merchant>, DeskError> {
        Ok(self.store.merchants()?)
    }

    pub fn merchant(&self, key: &str) -> Result<Merchant, DeskError> {
        Ok(self.store.merchant(key)?)
    }

    pub fn set_merchant(&mut self, patch: MerchantPatch, who: &Actor) -> Result<Merchant, DeskError> {
        let existing = match (&patch.id, &patch.legal_name) {
            (Some(id), _) => Some(self.store.merchant(id)?),
            (None, Some(name)) => self.store.merchants()?.into_iter().find(|m| &m.profile.legal_name == name),
            (None, None) => return Err(DeskError::invalid("legal_name", "name the merchant (its legal name)")),
        };
        let id = existing.as_ref().map(|m| m.id.clone());
        let profile = patch.apply(existing.map(|m| m.profile).unwrap_or_default());
        Ok(self.store.save_merchant(id.as_deref(), &profile, who)?)
    }
}
