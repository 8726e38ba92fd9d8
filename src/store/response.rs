//! Answers: one response per requirement, with what each kind of response must carry. Where the
//! SAQ form answers a requirement once per bullet (4.2.1, 6.2.4, 6.4.3, 11.3.1.2, 11.6.1, 12.5.2),
//! each bullet has its own response and the requirement's response is worked out from them. Where
//! the requirement's own row is answered too (SAQ D 12.5.2), that row is stored after the bullets.

use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::Store;
use crate::questionnaire::{Requirement, ResponseKind};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const MIGRATION_1: &str = "
CREATE TABLE responses (
    assessment_id     TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    requirement_id    TEXT NOT NULL,
    response          TEXT CHECK (response IN ('in-place', 'in-place-ccw', 'not-applicable', 'not-tested', 'not-in-place')),
    notes             TEXT NOT NULL DEFAULT '',
    owner             TEXT NOT NULL DEFAULT '',
    explanation       TEXT NOT NULL DEFAULT '',
    remediation_plan  TEXT NOT NULL DEFAULT '',
    remediation_date  TEXT,
    legal_restriction TEXT NOT NULL DEFAULT '',
    ccw_json          TEXT,
    carried_forward   INTEGER NOT NULL DEFAULT 0,
    review_needed     INTEGER NOT NULL DEFAULT 0,
    updated_by        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (assessment_id, requirement_id)
);
";

/// Per-bullet responses, as a JSON array with one entry (a response slug or null) per bullet.
pub const MIGRATION_2: &str = "ALTER TABLE responses ADD COLUMN bullets_json TEXT;";

/// Compensating Controls Worksheet (SAQ Appendix B): six explanations, all required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Ccw {
    pub constraints: String,
    pub definition: String,
    pub objective: String,
    pub identified_risk: String,
    pub validation: String,
    pub maintenance: String,
}

impl Ccw {
    pub fn fields(&self) -> [(&'static str, &str); 6] {
        [
            ("ccw.constraints", &self.constraints),
            ("ccw.definition", &self.definition),
            ("ccw.objective", &self.objective),
            ("ccw.identified_risk", &self.identified_risk),
            ("ccw.validation", &self.validation),
            ("ccw.maintenance", &self.maintenance),
        ]
    }

    pub fn missing(&self) -> Vec<&'static str> {
        self.fields().into_iter().filter(|(_, v)| v.trim().is_empty()).map(|(k, _)| k).collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Response {
    pub requirement_id: String,
    pub response: Option<ResponseKind>,
    pub notes: String,
    pub owner: String,
    /// Why N/A, or (SAQ D) what was not tested and why.
    pub explanation: String,
    pub remediation_plan: String,
    pub remediation_date: Option<NaiveDate>,
    /// Set on a Not in Place answer forced by a legal restriction (AOC "legal exception").
    pub legal_restriction: String,
    pub ccw: Option<Ccw>,
    pub carried_forward: bool,
    pub review_needed: bool,
    pub updated_by: String,
    pub updated_at: Option<DateTime<Utc>>,
    /// One entry per bullet for a requirement answered per bullet, else empty. Use
    /// [`Response::bullet_responses`] to read them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bullets: Vec<Option<ResponseKind>>,
}

impl Response {
    /// The response of each of `count` bullets. An answer given to the whole requirement (saved
    /// before bullets were answered one by one, or imported from such a file) stands for each.
    pub fn bullet_responses(&self, count: usize) -> Vec<Option<ResponseKind>> {
        if count == 0 {
            return Vec::new();
        }
        if self.bullets.is_empty() {
            return vec![self.response; count];
        }
        let mut b = self.bullets.clone();
        b.resize(count, None);
        b
    }

    /// Every kind of response this answer uses, counting each bullet, in the form's column order.
    pub fn kinds(&self) -> Vec<ResponseKind> {
        let used: Vec<ResponseKind> = if self.bullets.is_empty() {
            self.response.into_iter().collect()
        } else {
            self.bullets.iter().flatten().copied().collect()
        };
        ResponseKind::ALL.into_iter().filter(|k| used.contains(k)).collect()
    }

    /// The 1-based numbers of the bullets answered `kind`.
    pub fn bullets_answered(&self, kind: ResponseKind) -> Vec<usize> {
        self.bullets.iter().enumerate().filter(|(_, b)| **b == Some(kind)).map(|(i, _)| i + 1).collect()
    }

    /// "bullet 3" or "bullets 2, 5": which bullets were answered `kind`, for messages and the
    /// report; `None` when the requirement is answered as a whole.
    pub fn bullets_named(&self, kind: ResponseKind) -> Option<String> {
        name_rows(&self.bullets_answered(kind), None)
    }

    /// As [`Response::bullets_named`], naming the requirement's own row as such where `req` has one.
    pub fn rows_named(&self, kind: ResponseKind, req: &Requirement) -> Option<String> {
        let own = req.own_row.then_some(req.bullets.len());
        name_rows(&self.bullets_answered(kind), own)
    }
}

/// "bullet 3", "bullets 2, 5", "requirement row" or "bullet 3 and the requirement row";
/// `own` is the row number of the requirement's own row, if it has one.
pub fn name_rows(numbers: &[usize], own: Option<usize>) -> Option<String> {
    let own_named = own.is_some_and(|o| numbers.contains(&o));
    let bullets: Vec<String> = numbers.iter().filter(|n| Some(**n) != own).map(|n| n.to_string()).collect();
    let bullets = match bullets.as_slice() {
        [] => None,
        [one] => Some(format!("bullet {one}")),
        many => Some(format!("bullets {}", many.join(", "))),
    };
    match (bullets, own_named) {
        (None, false) => None,
        (None, true) => Some("requirement row".to_string()),
        (Some(b), false) => Some(b),
        (Some(b), true) => Some(format!("{b} and the requirement row")),
    }
}

/// The requirement's response from its bullets' responses: none until every bullet is answered;
/// then Not in Place if any bullet is, and In Place only when no bullet needs more than that.
pub fn combine(bullets: &[Option<ResponseKind>]) -> Option<ResponseKind> {
    let kinds: Vec<ResponseKind> = bullets.iter().copied().collect::<Option<Vec<_>>>()?;
    [
        ResponseKind::NotInPlace,
        ResponseKind::NotTested,
        ResponseKind::InPlaceCcw,
        ResponseKind::InPlace,
        ResponseKind::NotApplicable,
    ]
    .into_iter()
    .find(|k| kinds.contains(k))
}

/// One bullet's response in an [`AnswerInput`]; `None` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BulletAnswer {
    /// 1-based, as the form numbers the bullets. Where the requirement's own row is answered too,
    /// that row is the last number (one past the bullets), and 0 names it as well.
    pub bullet: usize,
    pub response: Option<ResponseKind>,
}

/// A change to one answer. `None` keeps what is stored; `Some("")` clears a text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct AnswerInput {
    pub response: Option<ResponseKind>,
    pub notes: Option<String>,
    pub owner: Option<String>,
    pub explanation: Option<String>,
    pub remediation_plan: Option<String>,
    pub remediation_date: Option<Option<NaiveDate>>,
    pub legal_restriction: Option<String>,
    pub ccw: Option<Option<Ccw>>,
    /// For a requirement answered per bullet. `response` on such a requirement answers every bullet.
    pub bullets: Vec<BulletAnswer>,
}

impl Store {
    pub fn responses(&self, assessment_id: &str) -> Result<Vec<Response>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT requirement_id, response, notes, owner, explanation, remediation_plan, remediation_date, legal_restriction, ccw_json, carried_forward, review_needed, updated_by, updated_at, bullets_json
             FROM responses WHERE assessment_id = ?1",
        )?;
        let rows = st.query_map([assessment_id], row_to_response)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r??);
        }
        Ok(out)
    }

    pub fn response(&self, assessment_id: &str, requirement: &str) -> Result<Option<Response>, StoreError> {
        let r = self
            .conn
            .query_row(
                "SELECT requirement_id, response, notes, owner, explanation, remediation_plan, remediation_date, legal_restriction, ccw_json, carried_forward, review_needed, updated_by, updated_at, bullets_json
                 FROM responses WHERE assessment_id = ?1 AND requirement_id = ?2",
                params![assessment_id, requirement],
                row_to_response,
            )
            .optional()?;
        r.transpose()
    }

    /// Saves an answer. Nothing is written when any field is refused.
    pub fn answer(
        &mut self,
        key: &str,
        requirement: &str,
        input: &AnswerInput,
        who: &Actor,
    ) -> Result<Response, StoreError> {
        let a = self.assessment(key)?;
        self.ensure_open(&a)?;
        if a.snapshot.requirement(requirement).is_none() {
            return Err(StoreError::invalid(
                "requirement",
                format!("'{requirement}' is not a requirement of SAQ {} (this assessment has {} requirements; see `saqdesk saq show {}`)", a.saq, a.snapshot.requirements.len(), a.saq),
            ));
        }
        for (field, kind) in input
            .response
            .map(|k| ("response", k))
            .into_iter()
            .chain(input.bullets.iter().filter_map(|b| b.response.map(|k| ("bullets", k))))
        {
            if !a.snapshot.saq.allows(kind) {
                return Err(StoreError::invalid(
                    field,
                    format!("{} is not an option in SAQ {} (only SAQ D allows Not Tested)", kind.label(), a.saq),
                ));
            }
        }
        let req = a.snapshot.requirement(requirement);
        let bullet_count = req.map(|r| r.bullets.len()).unwrap_or(0);
        let own_row = req.is_some_and(|r| r.own_row);
        let input = &own_row_alias(input, own_row, bullet_count);
        check_bullets(requirement, bullet_count, own_row, &input.bullets)?;
        let old = self
            .response(&a.id, requirement)?
            .unwrap_or_else(|| Response { requirement_id: requirement.to_string(), ..Default::default() });
        let mut new = old.clone();
        apply(&mut new, input, bullet_count);
        for (field, value) in text_fields(&new) {
            super::guard(&field, &value)?;
        }
        // Saving an answer is the review a carried-forward answer was waiting for.
        new.review_needed = false;
        new.updated_by = who.name.clone();
        new.updated_at = Some(who.now);

        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO responses (assessment_id, requirement_id, response, notes, owner, explanation, remediation_plan, remediation_date, legal_restriction, ccw_json, carried_forward, review_needed, updated_by, updated_at, bullets_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, ?13, ?14)
             ON CONFLICT(assessment_id, requirement_id) DO UPDATE SET response = excluded.response, notes = excluded.notes, owner = excluded.owner,
               explanation = excluded.explanation, remediation_plan = excluded.remediation_plan, remediation_date = excluded.remediation_date,
               legal_restriction = excluded.legal_restriction, ccw_json = excluded.ccw_json, review_needed = 0,
               updated_by = excluded.updated_by, updated_at = excluded.updated_at, bullets_json = excluded.bullets_json",
            params![
                a.id,
                requirement,
                new.response.map(|r| r.slug()),
                new.notes,
                new.owner,
                new.explanation,
                new.remediation_plan,
                new.remediation_date.map(|d| d.to_string()),
                new.legal_restriction,
                new.ccw.as_ref().map(serde_json::to_string).transpose()?,
                new.carried_forward,
                who.name,
                super::ts(&who.now),
                bullets_json(&new.bullets)?,
            ],
        )?;
        for (field, before, after) in diff(&old, &new) {
            audit::record(
                &tx,
                who,
                Change {
                    assessment: Some(&a.id),
                    entity: "response",
                    entity_id: requirement,
                    field,
                    old: before,
                    new: after,
                },
            )?;
        }
        if old.review_needed {
            audit::record(
                &tx,
                who,
                Change {
                    assessment: Some(&a.id),
                    entity: "response",
                    entity_id: requirement,
                    field: "reviewed",
                    old: Some("false".into()),
                    new: Some("true".into()),
                },
            )?;
        }
        tx.execute("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![a.id, super::ts(&who.now)])?;
        tx.commit()?;
        Ok(new)
    }

    /// Marks a carried-forward answer as reviewed without changing it.
    pub fn review(&mut self, key: &str, requirement: &str, who: &Actor) -> Result<(), StoreError> {
        self.answer(key, requirement, &AnswerInput::default(), who).map(|_| ())
    }
}

/// Bullet 0 names the requirement's own row, which is stored after the bullets.
fn own_row_alias(input: &AnswerInput, own_row: bool, count: usize) -> AnswerInput {
    let mut out = input.clone();
    if own_row {
        for b in out.bullets.iter_mut().filter(|b| b.bullet == 0) {
            b.bullet = count;
        }
    }
    out
}

/// Bullet numbers must exist, and only requirements the form answers per bullet take them.
fn check_bullets(requirement: &str, count: usize, own_row: bool, bullets: &[BulletAnswer]) -> Result<(), StoreError> {
    if bullets.is_empty() {
        return Ok(());
    }
    if count == 0 {
        return Err(StoreError::invalid(
            "bullets",
            format!("{requirement} is answered as a whole: the form gives it no bullets to answer one by one"),
        ));
    }
    match bullets.iter().find(|b| b.bullet == 0 || b.bullet > count) {
        Some(b) if own_row => Err(StoreError::invalid(
            "bullets",
            format!(
                "{requirement} has {} bullets, numbered 1 to {}, and its own row, number {count} (or 0); there is no row {}",
                count - 1,
                count - 1,
                b.bullet
            ),
        )),
        Some(b) => Err(StoreError::invalid(
            "bullets",
            format!("{requirement} has {count} bullets, numbered 1 to {count}; there is no bullet {}", b.bullet),
        )),
        None => Ok(()),
    }
}

/// NULL when the requirement is answered as a whole.
pub(crate) fn bullets_json(bullets: &[Option<ResponseKind>]) -> Result<Option<String>, StoreError> {
    if bullets.is_empty() {
        return Ok(None);
    }
    Ok(Some(serde_json::to_string(bullets)?))
}

fn apply(r: &mut Response, i: &AnswerInput, bullet_count: usize) {
    if bullet_count > 0 {
        let mut b = r.bullet_responses(bullet_count);
        if let Some(v) = i.response {
            b = vec![Some(v); bullet_count];
        }
        for a in &i.bullets {
            b[a.bullet - 1] = a.response;
        }
        r.response = combine(&b);
        r.bullets = b;
    } else if let Some(v) = i.response {
        r.response = Some(v);
    }
    let set = |dst: &mut String, src: &Option<String>| {
        if let Some(s) = src {
            *dst = s.trim().to_string();
        }
    };
    set(&mut r.notes, &i.notes);
    set(&mut r.owner, &i.owner);
    set(&mut r.explanation, &i.explanation);
    set(&mut r.remediation_plan, &i.remediation_plan);
    set(&mut r.legal_restriction, &i.legal_restriction);
    if let Some(d) = i.remediation_date {
        r.remediation_date = d;
    }
    if let Some(c) = &i.ccw {
        r.ccw = c.clone();
    }
}

pub(crate) fn text_fields(r: &Response) -> Vec<(String, String)> {
    let mut f = vec![
        ("notes".to_string(), r.notes.clone()),
        ("owner".into(), r.owner.clone()),
        ("explanation".into(), r.explanation.clone()),
        ("remediation_plan".into(), r.remediation_plan.clone()),
        ("legal_restriction".into(), r.legal_restriction.clone()),
    ];
    if let Some(c) = &r.ccw {
        f.extend(c.fields().iter().map(|(k, v)| (k.to_string(), v.to_string())));
    }
    f
}

fn diff(old: &Response, new: &Response) -> Vec<(&'static str, Option<String>, Option<String>)> {
    let s = |v: &str| (!v.is_empty()).then(|| v.to_string());
    vec![
        ("response", old.response.map(|r| r.label().to_string()), new.response.map(|r| r.label().to_string())),
        ("bullets", bullets_label(&old.bullets), bullets_label(&new.bullets)),
        ("notes", s(&old.notes), s(&new.notes)),
        ("owner", s(&old.owner), s(&new.owner)),
        ("explanation", s(&old.explanation), s(&new.explanation)),
        ("remediation_plan", s(&old.remediation_plan), s(&new.remediation_plan)),
        ("remediation_date", old.remediation_date.map(|d| d.to_string()), new.remediation_date.map(|d| d.to_string())),
        ("legal_restriction", s(&old.legal_restriction), s(&new.legal_restriction)),
        (
            "ccw",
            old.ccw.as_ref().and_then(|c| serde_json::to_string(c).ok()),
            new.ccw.as_ref().and_then(|c| serde_json::to_string(c).ok()),
        ),
    ]
}

/// "1 In Place; 2 Not Applicable; 3 -" for the audit trail.
fn bullets_label(b: &[Option<ResponseKind>]) -> Option<String> {
    (!b.is_empty()).then(|| {
        b.iter()
            .enumerate()
            .map(|(i, k)| format!("{} {}", i + 1, k.map(|k| k.label()).unwrap_or("-")))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

type Row = Result<Response, StoreError>;

fn row_to_response(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let kind: Option<String> = r.get(1)?;
    let date: Option<String> = r.get(6)?;
    let ccw: Option<String> = r.get(8)?;
    let at: String = r.get(12)?;
    let bullets: Option<String> = r.get(13)?;
    let build = || -> Row {
        Ok(Response {
            requirement_id: r.get(0)?,
            response: match kind.as_deref() {
                None => None,
                Some(k) => Some(
                    ResponseKind::from_slug(k).ok_or_else(|| StoreError::Corrupt(format!("unknown response '{k}'")))?,
                ),
            },
            notes: r.get(2)?,
            owner: r.get(3)?,
            explanation: r.get(4)?,
            remediation_plan: r.get(5)?,
            remediation_date: date.as_deref().map(super::parse_date).transpose()?,
            legal_restriction: r.get(7)?,
            ccw: ccw.as_deref().map(serde_json::from_str).transpose()?,
            carried_forward: r.get(9)?,
            review_needed: r.get(10)?,
            updated_by: r.get(11)?,
            updated_at: Some(super::parse_ts(&at)),
            bullets: bullets.as_deref().map(serde_json::from_str).transpose()?.unwrap_or_default(),
        })
    };
    Ok(build())
}
