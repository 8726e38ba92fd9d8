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

/// An assessment with several SAQs answers a requirement they share once (`saq` empty), or once
/// per SAQ when the answer differs by channel (`saq` names it). Every answer so far was the only
/// one: it stays, shared.
pub const MIGRATION_3: &str = "
CREATE TABLE responses_v3 (
    assessment_id     TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    saq               TEXT NOT NULL DEFAULT '',
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
    bullets_json      TEXT,
    PRIMARY KEY (assessment_id, saq, requirement_id)
);
INSERT INTO responses_v3 (assessment_id, saq, requirement_id, response, notes, owner, explanation, remediation_plan,
    remediation_date, legal_restriction, ccw_json, carried_forward, review_needed, updated_by, updated_at, bullets_json)
    SELECT assessment_id, '', requirement_id, response, notes, owner, explanation, remediation_plan, remediation_date,
        legal_restriction, ccw_json, carried_forward, review_needed, updated_by, updated_at, bullets_json
    FROM responses;
DROP TABLE responses;
ALTER TABLE responses_v3 RENAME TO responses;
";

/// Compensating Controls Worksheet (SAQ Appendix B): seven explanations, all required. The
/// worksheet asks for the original control's objective and, apart, the objective the compensating
/// controls meet; answers kept before the second was asked for have it empty until completed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Ccw {
    pub constraints: String,
    pub definition: String,
    pub objective: String,
    pub objective_met: String,
    pub identified_risk: String,
    pub validation: String,
    pub maintenance: String,
}

impl Ccw {
    pub fn fields(&self) -> [(&'static str, &str); 7] {
        [
            ("ccw.constraints", &self.constraints),
            ("ccw.definition", &self.definition),
            ("ccw.objective", &self.objective),
            ("ccw.objective_met", &self.objective_met),
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
    /// The SAQ this answer is for when the requirement is answered separately per SAQ; absent
    /// when it is answered once for every SAQ of the assessment that has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saq: Option<String>,
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
    #[ts(optional = nullable)]
    pub bullets: Vec<BulletAnswer>,
}

impl Store {
    /// The answers that count for SAQ `saq` of the assessment: each shared answer, or the
    /// requirement's own answer for that SAQ where it is answered separately.
    pub fn responses(&self, assessment_id: &str, saq: &str) -> Result<Vec<Response>, StoreError> {
        let mut by_req: std::collections::BTreeMap<String, Response> = std::collections::BTreeMap::new();
        for r in self.responses_stored(assessment_id)? {
            match &r.saq {
                None => {
                    by_req.entry(r.requirement_id.clone()).or_insert(r);
                }
                Some(s) if s == saq => {
                    by_req.insert(r.requirement_id.clone(), r);
                }
                Some(_) => {}
            }
        }
        Ok(by_req.into_values().collect())
    }

    /// Every stored answer of the assessment, shared and per SAQ (for moving it whole).
    pub fn responses_stored(&self, assessment_id: &str) -> Result<Vec<Response>, StoreError> {
        stored(&self.conn, assessment_id)
    }

    /// The stored answer for `requirement` in `scope` ("" for the shared answer, else a SAQ).
    pub fn response(
        &self,
        assessment_id: &str,
        scope: &str,
        requirement: &str,
    ) -> Result<Option<Response>, StoreError> {
        let r = self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM responses WHERE assessment_id = ?1 AND saq = ?2 AND requirement_id = ?3"
                ),
                params![assessment_id, scope, requirement],
                row_to_response,
            )
            .optional()?;
        r.transpose()
    }

    /// Saves an answer. `saq` names the SAQ it is for when the assessment has several and the
    /// requirement is answered separately per SAQ (naming one the first time splits it); without
    /// it the answer is the one every SAQ with the requirement shares. Nothing is written when any
    /// field is refused.
    pub fn answer(
        &mut self,
        key: &str,
        requirement: &str,
        input: &AnswerInput,
        saq: Option<&str>,
        who: &Actor,
    ) -> Result<Response, StoreError> {
        let a = self.assessment(key)?;
        let parts = super::saqs::parts(&self.conn, &a.id)?;
        let holding: Vec<&super::saqs::PartRow> =
            parts.iter().filter(|p| p.snapshot.requirement(requirement).is_some()).collect();
        if holding.is_empty() {
            let names = parts.iter().map(|p| p.saq.as_str()).collect::<Vec<_>>().join(" and SAQ ");
            return Err(StoreError::invalid(
                "requirement",
                format!(
                    "'{requirement}' is not a requirement of SAQ {names} (see `saqdesk saq show {}`)",
                    parts[0].saq
                ),
            ));
        }
        let split = self.is_split(&a.id, requirement)?;
        let target = match saq.map(str::trim).filter(|s| !s.is_empty()) {
            // One SAQ holds the requirement: its answer is the shared one, named or not.
            Some(s) if holding.len() == 1 && !split => {
                super::saqs::choose(&parts, Some(s), &a.id)?;
                String::new()
            }
            Some(s) => {
                let part = holding.iter().find(|p| p.saq.eq_ignore_ascii_case(s)).ok_or_else(|| {
                    StoreError::invalid(
                        "saq",
                        format!("SAQ {s} of this assessment does not have requirement {requirement}"),
                    )
                })?;
                part.saq.clone()
            }
            None if split => {
                let names = holding.iter().map(|p| p.saq.as_str()).collect::<Vec<_>>().join(" and SAQ ");
                return Err(StoreError::invalid(
                    "saq",
                    format!("{requirement} is answered separately for SAQ {names}: name the SAQ, or join the answers"),
                ));
            }
            None => String::new(),
        };
        // Which SAQs this answer counts for, and whether each of them can still change.
        let counts_for: Vec<&super::saqs::PartRow> = if target.is_empty() {
            holding.clone()
        } else {
            holding.iter().copied().filter(|p| p.saq == target).collect()
        };
        if let Some(frozen) = counts_for.iter().find(|p| p.status == super::AssessmentState::Attested) {
            return Err(if counts_for.len() > 1 {
                StoreError::invalid(
                    "saq",
                    format!(
                        "{requirement} is shared with SAQ {}, which is attested; answer it for the other SAQ alone (name the SAQ)",
                        frozen.saq
                    ),
                )
            } else {
                StoreError::Frozen(a.id.to_string())
            });
        }
        for (field, kind) in input
            .response
            .map(|k| ("response", k))
            .into_iter()
            .chain(input.bullets.iter().filter_map(|b| b.response.map(|k| ("bullets", k))))
        {
            if let Some(p) = counts_for.iter().find(|p| !p.snapshot.saq.allows(kind)) {
                return Err(StoreError::invalid(
                    field,
                    format!("{} is not an option in SAQ {} (only SAQ D allows Not Tested)", kind.label(), p.saq),
                ));
            }
        }
        let rows = |p: &super::saqs::PartRow| {
            p.snapshot.requirement(requirement).map(|r| (r.bullets.len(), r.own_row)).unwrap_or((0, false))
        };
        let (bullet_count, own_row) = rows(counts_for[0]);
        if counts_for.iter().any(|p| rows(p) != (bullet_count, own_row)) {
            return Err(StoreError::invalid(
                "saq",
                format!("{requirement} has different rows in the SAQs of this assessment: answer it for each SAQ"),
            ));
        }
        let input = &own_row_alias(input, own_row, bullet_count);
        check_bullets(requirement, bullet_count, own_row, &input.bullets)?;
        if !target.is_empty() && !split {
            self.split(&a.id, requirement, who)?;
        }
        let old = self.response(&a.id, &target, requirement)?.unwrap_or_else(|| Response {
            requirement_id: requirement.to_string(),
            saq: (!target.is_empty()).then(|| target.clone()),
            ..Default::default()
        });
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
        write_row(&tx, &a.id, &target, &new)?;
        let entity_id =
            if target.is_empty() { requirement.to_string() } else { format!("{requirement} (SAQ {target})") };
        for (field, before, after) in diff(&old, &new) {
            audit::record(
                &tx,
                who,
                Change {
                    assessment: Some(&a.id),
                    entity: "response",
                    entity_id: &entity_id,
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
                    entity_id: &entity_id,
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

    /// Marks a carried-forward answer as reviewed without changing it: the shared answer, or
    /// each SAQ's own where the requirement is answered per SAQ (or only `saq`'s).
    pub fn review(&mut self, key: &str, requirement: &str, saq: Option<&str>, who: &Actor) -> Result<(), StoreError> {
        let id = self.resolve(key)?;
        if saq.is_none() && self.is_split(&id, requirement)? {
            let scopes: Vec<String> = self
                .responses_stored(&id)?
                .into_iter()
                .filter(|r| r.requirement_id == requirement)
                .filter_map(|r| r.saq)
                .collect();
            for s in scopes {
                self.answer(&id, requirement, &AnswerInput::default(), Some(&s), who)?;
            }
            return Ok(());
        }
        self.answer(&id, requirement, &AnswerInput::default(), saq, who).map(|_| ())
    }

    fn is_split(&self, assessment_id: &str, requirement: &str) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM responses WHERE assessment_id = ?1 AND requirement_id = ?2 AND saq <> '')",
            params![assessment_id, requirement],
            |r| r.get(0),
        )?)
    }

    /// Answers `requirement` separately for each SAQ that has it, each starting from the shared
    /// answer, because the answer differs by channel (N/A for the web shop, In Place in the shop).
    pub fn split(&mut self, key: &str, requirement: &str, who: &Actor) -> Result<Vec<Response>, StoreError> {
        let id = self.resolve(key)?;
        let parts = super::saqs::parts(&self.conn, &id)?;
        let holding: Vec<&str> =
            parts.iter().filter(|p| p.snapshot.requirement(requirement).is_some()).map(|p| p.saq.as_str()).collect();
        if holding.len() < 2 {
            return Err(StoreError::invalid(
                "requirement",
                format!("{requirement} is in one SAQ of this assessment only; there is nothing to split"),
            ));
        }
        if self.is_split(&id, requirement)? {
            return Ok(self.responses_stored(&id)?.into_iter().filter(|r| r.requirement_id == requirement).collect());
        }
        let shared = self.response(&id, "", requirement)?;
        let tx = self.conn.transaction()?;
        let mut out = Vec::new();
        for saq in &holding {
            let mut r = shared
                .clone()
                .unwrap_or_else(|| Response { requirement_id: requirement.to_string(), ..Default::default() });
            r.saq = Some(saq.to_string());
            if r.updated_by.is_empty() {
                r.updated_by = who.name.clone();
                r.updated_at = Some(who.now);
            }
            write_row(&tx, &id, saq, &r)?;
            out.push(r);
        }
        tx.execute(
            "DELETE FROM responses WHERE assessment_id = ?1 AND saq = '' AND requirement_id = ?2",
            params![id, requirement],
        )?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&id),
                entity: "response",
                entity_id: requirement,
                field: "split",
                old: Some("one answer for every SAQ".into()),
                new: Some(format!("answered per SAQ: {}", holding.join(", "))),
            },
        )?;
        tx.commit()?;
        Ok(out)
    }

    /// Answers `requirement` once again for every SAQ that has it, keeping SAQ `keep`'s answer.
    pub fn join(&mut self, key: &str, requirement: &str, keep: &str, who: &Actor) -> Result<Response, StoreError> {
        let id = self.resolve(key)?;
        let parts = super::saqs::parts(&self.conn, &id)?;
        if let Some(p) = parts
            .iter()
            .find(|p| p.status == super::AssessmentState::Attested && p.snapshot.requirement(requirement).is_some())
        {
            return Err(StoreError::invalid(
                "saq",
                format!("SAQ {} is attested: its answer to {requirement} can no longer change", p.saq),
            ));
        }
        let keep = super::saqs::choose(&parts, Some(keep), &id)?.saq.clone();
        let mut kept = self.response(&id, &keep, requirement)?.ok_or_else(|| {
            StoreError::invalid("saq", format!("{requirement} has no separate answer for SAQ {keep} to keep"))
        })?;
        kept.saq = None;
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM responses WHERE assessment_id = ?1 AND requirement_id = ?2", params![id, requirement])?;
        write_row(&tx, &id, "", &kept)?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&id),
                entity: "response",
                entity_id: requirement,
                field: "split",
                old: Some("answered per SAQ".into()),
                new: Some(format!("one answer for every SAQ (SAQ {keep}'s kept)")),
            },
        )?;
        tx.commit()?;
        Ok(kept)
    }
}

pub(crate) fn stored(conn: &rusqlite::Connection, assessment_id: &str) -> Result<Vec<Response>, StoreError> {
    let mut st = conn
        .prepare(&format!("SELECT {COLUMNS} FROM responses WHERE assessment_id = ?1 ORDER BY saq, requirement_id"))?;
    let rows = st.query_map([assessment_id], row_to_response)?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r??);
    }
    Ok(out)
}

const COLUMNS: &str = "requirement_id, response, notes, owner, explanation, remediation_plan, remediation_date, legal_restriction, ccw_json, carried_forward, review_needed, updated_by, updated_at, bullets_json, saq";

/// Inserts or replaces one stored answer (`scope` "" for the shared one).
pub(crate) fn write_row(
    conn: &rusqlite::Connection,
    assessment_id: &str,
    scope: &str,
    r: &Response,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO responses (assessment_id, saq, requirement_id, response, notes, owner, explanation, remediation_plan, remediation_date, legal_restriction, ccw_json, carried_forward, review_needed, updated_by, updated_at, bullets_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT(assessment_id, saq, requirement_id) DO UPDATE SET response = excluded.response, notes = excluded.notes, owner = excluded.owner,
           explanation = excluded.explanation, remediation_plan = excluded.remediation_plan, remediation_date = excluded.remediation_date,
           legal_restriction = excluded.legal_restriction, ccw_json = excluded.ccw_json, carried_forward = excluded.carried_forward,
           review_needed = excluded.review_needed, updated_by = excluded.updated_by, updated_at = excluded.updated_at, bullets_json = excluded.bullets_json",
        params![
            assessment_id,
            scope,
            r.requirement_id,
            r.response.map(|k| k.slug()),
            r.notes,
            r.owner,
            r.explanation,
            r.remediation_plan,
            r.remediation_date.map(|d| d.to_string()),
            r.legal_restriction,
            r.ccw.as_ref().map(serde_json::to_string).transpose()?,
            r.carried_forward,
            r.review_needed,
            r.updated_by,
            r.updated_at.map(|t| super::ts(&t)).unwrap_or_default(),
            bullets_json(&r.bullets)?,
        ],
    )?;
    Ok(())
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
            saq: r.get::<_, String>(14).map(|s| (!s.is_empty()).then_some(s))?,
        })
    };
    Ok(build())
}
