//! Assessments: one merchant, one year, and the SAQs it files (one, or one per payment channel),
//! each with a frozen copy of the questionnaire it was started on, so that later data changes can
//! never rewrite what was answered.

use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::ids::{AssessmentId, AssessmentState};
use super::saqs::{self, PartRow, SaqPart};
use super::Store;
use crate::questionnaire::{Channel, Questionnaire, SaqSnapshot};
use crate::scoping::{ScopeInput, ScopeResult};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const MIGRATION_1: &str = "
CREATE TABLE assessments (
    id             TEXT PRIMARY KEY,
    merchant_id    TEXT NOT NULL REFERENCES merchants(id),
    year           INTEGER NOT NULL,
    period_start   TEXT NOT NULL,
    period_end     TEXT NOT NULL,
    saq            TEXT NOT NULL,
    questionnaire  TEXT NOT NULL,
    snapshot_json  TEXT NOT NULL,
    scope_json     TEXT,
    details_json   TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'attested')),
    previous_id    TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX assessments_by_merchant ON assessments(merchant_id, year);
CREATE TABLE eligibility (
    assessment_id  TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    criterion_id   TEXT NOT NULL,
    confirmed      INTEGER NOT NULL,
    by_whom        TEXT NOT NULL,
    at             TEXT NOT NULL,
    PRIMARY KEY (assessment_id, criterion_id)
);
";

/// How the SAQ was chosen: the wizard's answers and the engine's result, kept as they were.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct ScopeRecord {
    pub input: ScopeInput,
    pub result: ScopeResult,
}

/// AOC Part 1b, Part 2 and Part 3c–3d fields that belong to this year's assessment (of one SAQ)
/// rather than to the merchant. Every field defaults, so details saved by earlier releases load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AssessmentDetails {
    /// Part 2a: channels left out of this assessment and why (empty: none, or, with one SAQ per
    /// channel, where the others are filed).
    pub channels_excluded: String,
    /// Part 2b as one description; `channel_roles` is the form's table, channel by channel.
    pub how_channels_handle_data: String,
    pub channel_roles: Vec<ChannelRole>,
    pub environment_description: String,
    pub segmentation_used: bool,
    /// Part 2e as free text (what earlier releases kept); `products` is the form's table.
    pub validated_products: String,
    /// Part 2e: whether any PCI SSC-listed product or solution is used (`None`: not answered).
    pub uses_validated_products: Option<bool>,
    pub products: Vec<ValidatedProduct>,
    /// Part 2f: whether service providers store, process or transmit account data for the merchant…
    pub providers_handle_account_data: Option<bool>,
    /// …manage system components in scope…
    pub providers_manage_components: Option<bool>,
    /// …or could otherwise affect the security of the cardholder data environment.
    pub providers_could_affect_security: Option<bool>,
    /// Part 1b: the Internal Security Assessors who took part (empty: none).
    pub isa_names: Vec<String>,
    /// Part 1b: the QSA company and lead assessor (empty: no QSA took part).
    pub qsa: Assessor,
    /// Part 3c: the QSA performed testing procedures…
    pub qsa_performed_testing: bool,
    /// …and other assistance it gave, described (empty: none).
    pub qsa_assistance: String,
    /// Part 3d, the same for ISAs.
    pub isa_performed_testing: bool,
    pub isa_assistance: String,
    /// What releases before 0.2 kept for Part 1b, one line each: the QSA company and the ISA's
    /// name. [`AssessmentDetails::upgraded`] moves them into `qsa` and `isa_names`.
    pub qsa_involved: String,
    pub isa_involved: String,
}

/// AOC Part 1b: the Qualified Security Assessor company and its lead assessor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Assessor {
    pub company_name: String,
    pub mailing_address: String,
    pub website: String,
    pub lead_assessor: String,
    pub phone: String,
    pub email: String,
    pub certificate_number: String,
}

impl Assessor {
    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|(_, v)| v.trim().is_empty())
    }

    fn fields(&self) -> [(&'static str, &str); 7] {
        [
            ("company_name", &self.company_name),
            ("mailing_address", &self.mailing_address),
            ("website", &self.website),
            ("lead_assessor", &self.lead_assessor),
            ("phone", &self.phone),
            ("email", &self.email),
            ("certificate_number", &self.certificate_number),
        ]
    }
}

/// AOC Part 2b: how one payment channel stores, processes or transmits account data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ChannelRole {
    pub channel: String,
    pub how: String,
}

/// AOC Part 2e: one item from the PCI SSC Lists of Validated Products and Solutions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct ValidatedProduct {
    pub name: String,
    pub version: String,
    /// The PCI SSC standard it was validated against ("P2PE", "PTS POI"…).
    pub standard: String,
    pub listing_reference: String,
    pub expiry: Option<NaiveDate>,
}

impl AssessmentDetails {
    /// Every free-text field with the name the UI and CLI use for it, for the guard and the audit.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mut f: Vec<(String, String)> = vec![
            ("channels_excluded".into(), self.channels_excluded.clone()),
            ("how_channels_handle_data".into(), self.how_channels_handle_data.clone()),
            ("environment_description".into(), self.environment_description.clone()),
            ("segmentation_used".into(), self.segmentation_used.to_string()),
            ("validated_products".into(), self.validated_products.clone()),
            ("qsa_assistance".into(), self.qsa_assistance.clone()),
            ("isa_assistance".into(), self.isa_assistance.clone()),
        ];
        for (name, v) in [("qsa_involved", &self.qsa_involved), ("isa_involved", &self.isa_involved)] {
            if !v.is_empty() {
                f.push((name.into(), v.clone()));
            }
        }
        let yes_no = |v: Option<bool>| v.map(|b| if b { "yes" } else { "no" }).unwrap_or("").to_string();
        for (name, v) in [
            ("uses_validated_products", self.uses_validated_products),
            ("providers_handle_account_data", self.providers_handle_account_data),
            ("providers_manage_components", self.providers_manage_components),
            ("providers_could_affect_security", self.providers_could_affect_security),
        ] {
            if v.is_some() {
                f.push((name.into(), yes_no(v)));
            }
        }
        if self.qsa_performed_testing {
            f.push(("qsa_performed_testing".into(), "true".into()));
        }
        if self.isa_performed_testing {
            f.push(("isa_performed_testing".into(), "true".into()));
        }
        for (i, r) in self.channel_roles.iter().enumerate() {
            f.push((format!("channel_roles[{i}].channel"), r.channel.clone()));
            f.push((format!("channel_roles[{i}].how"), r.how.clone()));
        }
        for (i, p) in self.products.iter().enumerate() {
            f.push((format!("products[{i}].name"), p.name.clone()));
            f.push((format!("products[{i}].version"), p.version.clone()));
            f.push((format!("products[{i}].standard"), p.standard.clone()));
            f.push((format!("products[{i}].listing_reference"), p.listing_reference.clone()));
            if let Some(d) = p.expiry {
                f.push((format!("products[{i}].expiry"), d.to_string()));
            }
        }
        for (i, n) in self.isa_names.iter().enumerate() {
            f.push((format!("isa_names[{i}]"), n.clone()));
        }
        for (name, v) in self.qsa.fields() {
            if !v.is_empty() {
                f.push((format!("qsa.{name}"), v.to_string()));
            }
        }
        f
    }

    /// Details as this release keeps them: the one-line Part 1b of earlier releases becomes the
    /// QSA's company name and the ISA's name.
    pub fn upgraded(mut self) -> Self {
        let qsa = std::mem::take(&mut self.qsa_involved);
        if !qsa.trim().is_empty() && self.qsa.is_empty() {
            self.qsa.company_name = qsa.trim().to_string();
        }
        let isa = std::mem::take(&mut self.isa_involved);
        if !isa.trim().is_empty() && self.isa_names.is_empty() {
            self.isa_names = vec![isa.trim().to_string()];
        }
        self
    }

    /// Refuses details the AOC cannot carry, naming the field.
    pub fn validate(&self) -> Result<(), StoreError> {
        for (field, value) in self.fields() {
            super::guard(&field, &value)?;
        }
        if !self.qsa.email.trim().is_empty() && !self.qsa.email.contains('@') {
            return Err(StoreError::invalid("qsa.email", "not an e-mail address"));
        }
        if !self.qsa.is_empty() && self.qsa.company_name.trim().is_empty() {
            return Err(StoreError::invalid("qsa.company_name", "a QSA needs its company name"));
        }
        for (i, p) in self.products.iter().enumerate() {
            if p.name.trim().is_empty() {
                return Err(StoreError::invalid(format!("products[{i}].name"), "a validated product needs its name"));
            }
        }
        for (i, r) in self.channel_roles.iter().enumerate() {
            if r.channel.trim().is_empty() {
                return Err(StoreError::invalid(format!("channel_roles[{i}].channel"), "name the payment channel"));
            }
        }
        if self.uses_validated_products == Some(false) && !self.products.is_empty() {
            return Err(StoreError::invalid(
                "uses_validated_products",
                "products are listed, so the answer cannot be \"no\"",
            ));
        }
        Ok(())
    }
}

/// An assessment seen through one of its SAQs: what the whole assessment shares (merchant, year,
/// period, scoping, history) and that SAQ's own snapshot, channels, AOC details and status. `saqs`
/// lists every SAQ of the assessment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, TS)]
pub struct Assessment {
    pub id: AssessmentId,
    pub merchant_id: String,
    pub year: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// The SAQ this view is of.
    pub saq: String,
    pub questionnaire: String,
    pub snapshot: SaqSnapshot,
    pub scope: Option<ScopeRecord>,
    pub details: AssessmentDetails,
    pub status: AssessmentState,
    pub previous_id: Option<AssessmentId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The payment channels this SAQ covers (empty when not scoped by channel).
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// Every SAQ of the assessment, this one included.
    #[serde(default)]
    pub saqs: Vec<SaqPart>,
}

/// One SAQ to start an assessment with, and the channels it covers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct NewPart {
    pub saq: String,
    #[serde(default)]
    pub channels: Vec<Channel>,
}

impl NewPart {
    pub fn of(saq: &str) -> Self {
        NewPart { saq: saq.to_string(), channels: Vec::new() }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewAssessment {
    pub merchant: String,
    pub year: i32,
    /// The SAQs to file: one, or one per payment channel.
    pub saqs: Vec<NewPart>,
    #[serde(default)]
    pub period_start: Option<NaiveDate>,
    #[serde(default)]
    pub period_end: Option<NaiveDate>,
    #[serde(default)]
    pub scope: Option<ScopeRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct AssessmentSummary {
    pub id: AssessmentId,
    pub merchant_id: String,
    pub merchant_name: String,
    pub year: i32,
    /// The SAQs, joined: "A" or "A + C".
    pub saq: String,
    /// `draft`, `ready` (nothing blocks attestation) or `attested`.
    pub status: AssessmentState,
    /// Rows answered and rows to answer, over every SAQ's form: a requirement two SAQs list is
    /// a row of each form and counts in each, whether its answer is shared or given per SAQ.
    pub answered: usize,
    pub total: usize,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub attested_on: Option<NaiveDate>,
    pub previous_id: Option<AssessmentId>,
    /// Each SAQ with its own progress and state.
    pub saqs: Vec<SaqProgress>,
}

/// One SAQ of an assessment in the list: where it stands.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct SaqProgress {
    pub saq: String,
    pub channels: Vec<Channel>,
    pub status: AssessmentState,
    pub answered: usize,
    pub total: usize,
    pub attested_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct Confirmation {
    pub criterion_id: String,
    pub confirmed: bool,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl Store {
    pub fn create_assessment(
        &mut self,
        q: &Questionnaire,
        new: &NewAssessment,
        who: &Actor,
    ) -> Result<Assessment, StoreError> {
        let tx = self.conn.transaction()?;
        let created = insert_assessment(&tx, &mut self.ids, q, new, who)?;
        tx.commit()?;
        Ok(created)
    }

    /// An assessment by full ID or unique prefix.
    pub fn resolve(&self, key: &str) -> Result<String, StoreError> {
        let key = key.trim();
        if key.is_empty() {
            return Err(StoreError::invalid("assessment", "give an assessment ID or a prefix of one"));
        }
        let mut st = self
            .conn
            .prepare("SELECT id FROM assessments WHERE id = ?1 OR id LIKE ?2 ESCAPE '\\' ORDER BY id LIMIT 6")?;
        let pattern = format!("{}%", key.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let ids: Vec<String> = st.query_map(params![key, pattern], |r| r.get(0))?.collect::<Result<_, _>>()?;
        if ids.iter().any(|i| i == key) {
            return Ok(key.to_string());
        }
        match ids.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(StoreError::NotFound { what: "assessment", key: key.to_string() }),
            many => {
                Err(StoreError::Ambiguous { what: "assessment", key: key.to_string(), candidates: many.join(", ") })
            }
        }
    }

    /// The assessment seen through its first SAQ (for what every SAQ shares).
    pub fn assessment(&self, key: &str) -> Result<Assessment, StoreError> {
        let id = self.resolve(key)?;
        let parts = saqs::parts(&self.conn, &id)?;
        self.view(&id, &parts, &parts[0])
    }

    /// The assessment seen through SAQ `saq`, or through its only SAQ; with several SAQs and none
    /// named, an error says which there are.
    pub fn part(&self, key: &str, saq: Option<&str>) -> Result<Assessment, StoreError> {
        let id = self.resolve(key)?;
        let parts = saqs::parts(&self.conn, &id)?;
        let part = saqs::choose(&parts, saq, &id)?;
        self.view(&id, &parts, part)
    }

    /// The assessment through each of its SAQs, in order.
    pub fn parts(&self, key: &str) -> Result<Vec<Assessment>, StoreError> {
        let id = self.resolve(key)?;
        let parts = saqs::parts(&self.conn, &id)?;
        parts.iter().map(|p| self.view(&id, &parts, p)).collect()
    }

    fn view(&self, id: &str, parts: &[PartRow], part: &PartRow) -> Result<Assessment, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, merchant_id, year, period_start, period_end, questionnaire, scope_json, previous_id, created_at, updated_at FROM assessments WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i32>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, Option<String>>(7)?,
                        r.get::<_, String>(8)?,
                        r.get::<_, String>(9)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "assessment", key: id.to_string() })?;
        Ok(Assessment {
            id: AssessmentId::new(row.0),
            merchant_id: row.1,
            year: row.2,
            period_start: super::parse_date(&row.3)?,
            period_end: super::parse_date(&row.4)?,
            saq: part.saq.clone(),
            questionnaire: row.5,
            snapshot: {
                let mut snapshot = part.snapshot.clone();
                snapshot.fill_frequencies(&self.frequencies);
                snapshot
            },
            scope: row.6.as_deref().map(serde_json::from_str).transpose()?,
            details: part.details.clone(),
            status: part.status,
            previous_id: row.7.map(AssessmentId::new),
            created_at: super::parse_ts(&row.8),
            updated_at: super::parse_ts(&row.9),
            channels: part.channels.clone(),
            saqs: parts.iter().map(PartRow::brief).collect(),
        })
    }

    pub fn assessments(&self) -> Result<Vec<AssessmentSummary>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.merchant_id, m.legal_name, a.year, a.created_at, a.updated_at, a.previous_id
             FROM assessments a JOIN merchants m ON m.id = a.merchant_id
             ORDER BY m.legal_name, a.year DESC, a.created_at DESC",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i32>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let rows: Vec<_> = rows.collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (id, merchant_id, merchant_name, year, created, updated, previous) in rows {
            // The home screen makes one call for the whole list: each SAQ's progress and whether
            // it is ready to attest come with it.
            let mut saqs = Vec::new();
            for part in self.parts(&id)? {
                let st = self.evaluate_part(&part)?;
                saqs.push(SaqProgress {
                    saq: part.saq.clone(),
                    channels: part.channels.clone(),
                    status: st.status,
                    answered: st.answered,
                    total: st.total,
                    attested_on: self.attestation(&id, &part.saq)?.map(|t| t.signed_on),
                });
            }
            let all = |s: AssessmentState| saqs.iter().all(|p| p.status == s);
            let status = if all(AssessmentState::Attested) {
                AssessmentState::Attested
            } else if saqs.iter().all(|p| p.status != AssessmentState::Draft) {
                AssessmentState::Ready
            } else {
                AssessmentState::Draft
            };
            out.push(AssessmentSummary {
                id: AssessmentId::new(id),
                merchant_id,
                merchant_name,
                year,
                saq: saqs.iter().map(|p| p.saq.as_str()).collect::<Vec<_>>().join(" + "),
                status,
                answered: saqs.iter().map(|p| p.answered).sum(),
                total: saqs.iter().map(|p| p.total).sum(),
                created_at: super::parse_ts(&created),
                updated_at: super::parse_ts(&updated),
                attested_on: saqs.iter().filter_map(|p| p.attested_on).max().filter(|_| all(AssessmentState::Attested)),
                previous_id: previous.map(AssessmentId::new),
                saqs,
            });
        }
        Ok(out)
    }

    /// Sets SAQ `saq`'s AOC Part 2 details (or the only SAQ's).
    pub fn set_details(
        &mut self,
        key: &str,
        saq: Option<&str>,
        details: &AssessmentDetails,
        who: &Actor,
    ) -> Result<(), StoreError> {
        let a = self.part(key, saq)?;
        self.ensure_open(&a)?;
        details.validate()?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE assessment_saqs SET details_json = ?3 WHERE assessment_id = ?1 AND saq = ?2",
            params![a.id, a.saq, serde_json::to_string(details)?],
        )?;
        tx.execute("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![a.id, super::ts(&who.now)])?;
        let field_of = |f: &str| if a.saqs.len() > 1 { format!("{f} (SAQ {})", a.saq) } else { f.to_string() };
        let old = a.details.fields();
        for (field, new) in details.fields() {
            let before = old.iter().find(|(f, _)| *f == field).map(|(_, v)| v.clone());
            if before.as_ref() == Some(&new) {
                continue;
            }
            audit::record(
                &tx,
                who,
                Change {
                    assessment: Some(&a.id),
                    entity: "assessment",
                    entity_id: &a.id,
                    field: &field_of(&field),
                    old: before,
                    new: Some(new),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn set_scope(&mut self, key: &str, scope: &ScopeRecord, who: &Actor) -> Result<(), StoreError> {
        let a = self.assessment(key)?;
        self.ensure_open(&a)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE assessments SET scope_json = ?2, updated_at = ?3 WHERE id = ?1",
            params![a.id, serde_json::to_string(scope)?, super::ts(&who.now)],
        )?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&a.id),
                entity: "assessment",
                entity_id: &a.id,
                field: "scope",
                old: a.scope.map(|s| s.result.saq),
                new: Some(format!("{} (methods: {})", scope.result.saq, scope.input.methods.join(", "))),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that the merchant confirms (or cannot confirm) one eligibility criterion, of the SAQ
    /// of the assessment the criterion belongs to.
    pub fn confirm(&mut self, key: &str, criterion: &str, confirmed: bool, who: &Actor) -> Result<(), StoreError> {
        let parts = self.parts(key)?;
        let Some(a) = parts.iter().find(|p| p.snapshot.saq.criterion(criterion).is_some()) else {
            let valid: Vec<&str> =
                parts.iter().flat_map(|p| p.snapshot.saq.eligibility.iter().map(|c| c.id.as_str())).collect();
            let names = parts.iter().map(|p| p.saq.as_str()).collect::<Vec<_>>().join(" or SAQ ");
            return Err(StoreError::invalid(
                "criterion",
                format!(
                    "'{criterion}' is not an eligibility criterion of SAQ {names} (valid: {})",
                    if valid.is_empty() { "none".to_string() } else { valid.join(", ") }
                ),
            ));
        };
        self.ensure_open(a)?;
        let old = self
            .confirmations(&a.id)?
            .into_iter()
            .find(|c| c.criterion_id == criterion)
            .map(|c| c.confirmed.to_string());
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO eligibility (assessment_id, criterion_id, confirmed, by_whom, at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(assessment_id, criterion_id) DO UPDATE SET confirmed = excluded.confirmed, by_whom = excluded.by_whom, at = excluded.at",
            params![a.id, criterion, confirmed, who.name, super::ts(&who.now)],
        )?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&a.id),
                entity: "eligibility",
                entity_id: criterion,
                field: "confirmed",
                old,
                new: Some(confirmed.to_string()),
            },
        )?;
        tx.execute("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![a.id, super::ts(&who.now)])?;
        tx.commit()?;
        Ok(())
    }

    pub fn confirmations(&self, assessment_id: &str) -> Result<Vec<Confirmation>, StoreError> {
        let mut st = self.conn.prepare("SELECT criterion_id, confirmed, by_whom, at FROM eligibility WHERE assessment_id = ?1 ORDER BY criterion_id")?;
        let rows = st.query_map([assessment_id], |r| {
            Ok(Confirmation {
                criterion_id: r.get(0)?,
                confirmed: r.get(1)?,
                by: r.get(2)?,
                at: super::parse_ts(&r.get::<_, String>(3)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn ensure_open(&self, a: &Assessment) -> Result<(), StoreError> {
        if a.status == AssessmentState::Attested {
            return Err(StoreError::Frozen(a.id.to_string()));
        }
        Ok(())
    }
}

/// The assessment row and its audit entry, inside the caller's transaction.
pub(crate) fn insert_assessment(
    tx: &rusqlite::Transaction<'_>,
    ids: &mut super::Ids,
    q: &Questionnaire,
    new: &NewAssessment,
    who: &Actor,
) -> Result<Assessment, StoreError> {
    let merchant = super::merchant::find_merchant(tx, &new.merchant)?;
    if new.saqs.is_empty() {
        return Err(StoreError::invalid("saq", "name the SAQ (or the SAQs, one per payment channel) to file"));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut parts = Vec::new();
    for part in &new.saqs {
        let saq = q.saq(&part.saq).ok_or_else(|| {
            StoreError::invalid("saq", format!("unknown SAQ '{}' (valid: {})", part.saq, q.saq_ids().join(", ")))
        })?;
        if !seen.insert(saq.id.clone()) {
            return Err(StoreError::invalid("saq", format!("SAQ {} is named twice", saq.id)));
        }
        parts.push(PartRow {
            saq: saq.id.clone(),
            snapshot: SaqSnapshot::take(q, saq),
            channels: part.channels.clone(),
            details: AssessmentDetails::default(),
            status: AssessmentState::Draft,
        });
    }
    if !(2000..=2100).contains(&new.year) {
        return Err(StoreError::invalid("year", format!("{} is not a plausible assessment year", new.year)));
    }
    let start = new
        .period_start
        .or_else(|| NaiveDate::from_ymd_opt(new.year, 1, 1))
        .ok_or_else(|| StoreError::invalid("year", "bad year"))?;
    let end = new
        .period_end
        .or_else(|| NaiveDate::from_ymd_opt(new.year, 12, 31))
        .ok_or_else(|| StoreError::invalid("year", "bad year"))?;
    if end < start {
        return Err(StoreError::invalid("period_end", "the period ends before it starts"));
    }
    let id = ids.next_id();
    let now = super::ts(&who.now);
    // `saq`, `snapshot_json` and `details_json` of `assessments` predate several SAQs per assessment:
    // each SAQ's own are in `assessment_saqs`.
    tx.execute(
        "INSERT INTO assessments (id, merchant_id, year, period_start, period_end, saq, questionnaire, snapshot_json, scope_json, details_json, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '{}', ?8, '{}', 'draft', ?9, ?9)",
        params![
            id,
            merchant.id,
            new.year,
            start.to_string(),
            end.to_string(),
            parts[0].saq,
            format!("{} {}", q.name, q.version),
            new.scope.as_ref().map(serde_json::to_string).transpose()?,
            now
        ],
    )?;
    for (position, p) in parts.iter().enumerate() {
        tx.execute(
            "INSERT INTO assessment_saqs (assessment_id, saq, position, snapshot_json, channels_json, details_json, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft')",
            params![
                id,
                p.saq,
                position as i64,
                serde_json::to_string(&p.snapshot)?,
                serde_json::to_string(&p.channels)?,
                serde_json::to_string(&p.details)?
            ],
        )?;
    }
    let names = parts.iter().map(|p| p.saq.as_str()).collect::<Vec<_>>().join(" + SAQ ");
    audit::record(
        tx,
        who,
        Change {
            assessment: Some(&id),
            entity: "assessment",
            entity_id: &id,
            field: "created",
            old: None,
            new: Some(format!("{} {} SAQ {names}", merchant.profile.legal_name, new.year)),
        },
    )?;
    let first = &parts[0];
    Ok(Assessment {
        id: AssessmentId::new(id),
        merchant_id: merchant.id,
        year: new.year,
        period_start: start,
        period_end: end,
        saq: first.saq.clone(),
        questionnaire: format!("{} {}", q.name, q.version),
        snapshot: first.snapshot.clone(),
        scope: new.scope.clone(),
        details: first.details.clone(),
        status: AssessmentState::Draft,
        previous_id: None,
        created_at: who.now,
        updated_at: who.now,
        channels: first.channels.clone(),
        saqs: parts.iter().map(PartRow::brief).collect(),
    })
}
