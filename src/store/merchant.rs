//! The merchant profile: the AOC Part 1 fields, plus locations and service providers (Part 2d/2f).

use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::Store;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const MIGRATION_1: &str = "
CREATE TABLE merchants (
    id            TEXT PRIMARY KEY,
    legal_name    TEXT NOT NULL,
    profile_json  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX merchants_by_name ON merchants(legal_name);
";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Location {
    pub facility_type: String,
    pub count: u32,
    pub city_country: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceProvider {
    pub name: String,
    pub services: String,
}

/// AOC Part 1a and the merchant-level parts of Part 2. Empty strings mean "not given yet".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MerchantProfile {
    pub legal_name: String,
    pub dba: String,
    pub address: String,
    pub website: String,
    pub contact_name: String,
    pub contact_title: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub business_description: String,
    pub locations: Vec<Location>,
    pub service_providers: Vec<ServiceProvider>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Merchant {
    pub id: String,
    #[serde(flatten)]
    pub profile: MerchantProfile,
}

impl MerchantProfile {
    /// Every free-text field with the name the UI and CLI use for it, for validation and audit.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mut f = vec![
            ("legal_name".to_string(), self.legal_name.clone()),
            ("dba".into(), self.dba.clone()),
            ("address".into(), self.address.clone()),
            ("website".into(), self.website.clone()),
            ("contact_name".into(), self.contact_name.clone()),
            ("contact_title".into(), self.contact_title.clone()),
            ("contact_email".into(), self.contact_email.clone()),
            ("contact_phone".into(), self.contact_phone.clone()),
            ("business_description".into(), self.business_description.clone()),
        ];
        for (i, l) in self.locations.iter().enumerate() {
            f.push((format!("locations[{i}].facility_type"), l.facility_type.clone()));
            f.push((format!("locations[{i}].city_country"), l.city_country.clone()));
        }
        for (i, p) in self.service_providers.iter().enumerate() {
            f.push((format!("service_providers[{i}].name"), p.name.clone()));
            f.push((format!("service_providers[{i}].services"), p.services.clone()));
        }
        f
    }

    pub fn validate(&self) -> Result<(), StoreError> {
        if self.legal_name.trim().is_empty() {
            return Err(StoreError::invalid("legal_name", "the merchant's legal name is required"));
        }
        if !self.contact_email.is_empty() && !self.contact_email.contains('@') {
            return Err(StoreError::invalid("contact_email", "not an e-mail address"));
        }
        for (i, p) in self.service_providers.iter().enumerate() {
            if p.name.trim().is_empty() {
                return Err(StoreError::invalid(
                    format!("service_providers[{i}].name"),
                    "a service provider needs a name",
                ));
            }
        }
        for (field, value) in self.fields() {
            super::guard(&field, &value)?;
        }
        Ok(())
    }
}

impl Store {
    /// Creates the merchant, or updates the one with this ID (or, without an ID, this legal name).
    pub fn save_merchant(
        &mut self,
        id: Option<&str>,
        profile: &MerchantProfile,
        who: &Actor,
    ) -> Result<Merchant, StoreError> {
        profile.validate()?;
        let tx = self.conn.transaction()?;
        let existing: Option<(String, String)> = match id {
            Some(id) => tx
                .query_row("SELECT id, profile_json FROM merchants WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?,
            None => tx
                .query_row("SELECT id, profile_json FROM merchants WHERE legal_name = ?1", [&profile.legal_name], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?,
        };
        if id.is_some() && existing.is_none() {
            return Err(StoreError::NotFound { what: "merchant", key: id.unwrap_or_default().to_string() });
        }
        let json = serde_json::to_string(profile)?;
        let now = super::ts(&who.now);
        let (mid, old_profile) = match existing {
            Some((mid, old)) => {
                tx.execute(
                    "UPDATE merchants SET legal_name = ?2, profile_json = ?3, updated_at = ?4 WHERE id = ?1",
                    params![mid, profile.legal_name, json, now],
                )
                .map_err(|e| unique_name(e, &profile.legal_name))?;
                (mid, serde_json::from_str::<MerchantProfile>(&old)?)
            }
            None => {
                let mid = self.ids.next_id();
                tx.execute(
                    "INSERT INTO merchants (id, legal_name, profile_json, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![mid, profile.legal_name, json, now],
                )
                .map_err(|e| unique_name(e, &profile.legal_name))?;
                (mid, MerchantProfile::default())
            }
        };
        let old_fields = old_profile.fields();
        for (field, new) in profile.fields() {
            let old = old_fields.iter().find(|(f, _)| *f == field).map(|(_, v)| v.clone()).unwrap_or_default();
            audit::record(
                &tx,
                who,
                Change {
                    assessment: None,
                    entity: "merchant",
                    entity_id: &mid,
                    field: &field,
                    old: non_empty(old),
                    new: non_empty(new),
                },
            )?;
        }
        tx.commit()?;
        Ok(Merchant { id: mid, profile: profile.clone() })
    }

    pub fn merchants(&self) -> Result<Vec<Merchant>, StoreError> {
        all_merchants(&self.conn)
    }

    /// A merchant by ID, unique ID prefix, or exact legal name.
    pub fn merchant(&self, key: &str) -> Result<Merchant, StoreError> {
        find_merchant(&self.conn, key)
    }
}

fn all_merchants(conn: &rusqlite::Connection) -> Result<Vec<Merchant>, StoreError> {
    let mut st = conn.prepare("SELECT id, profile_json FROM merchants ORDER BY legal_name")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, json) = row?;
        out.push(Merchant { id, profile: serde_json::from_str(&json)? });
    }
    Ok(out)
}

pub(crate) fn find_merchant(conn: &rusqlite::Connection, key: &str) -> Result<Merchant, StoreError> {
    let all = all_merchants(conn)?;
    if let Some(m) = all.iter().find(|m| m.id == key || m.profile.legal_name == key) {
        return Ok(m.clone());
    }
    let hits: Vec<&Merchant> =
        if key.len() >= 4 { all.iter().filter(|m| m.id.starts_with(key)).collect() } else { Vec::new() };
    match hits.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(StoreError::NotFound { what: "merchant", key: key.to_string() }),
        many => Err(StoreError::Ambiguous {
            what: "merchant",
            key: key.to_string(),
            candidates: many.iter().map(|m| m.id.as_str()).collect::<Vec<_>>().join(", "),
        }),
    }
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn unique_name(e: rusqlite::Error, name: &str) -> StoreError {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
        StoreError::invalid("legal_name", format!("another merchant is already called '{name}'"))
    } else {
        e.into()
    }
}
