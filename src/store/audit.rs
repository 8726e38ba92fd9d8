//! The append-only audit trail: every change, with old and new value, when and by whom.

use super::error::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The triggers that keep the trail append-only. The sweep lifts them for one transaction to mask
/// a card number an older version let into an entry, then puts them back with this.
macro_rules! append_only {
    () => {
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
"
    };
}

pub const APPEND_ONLY: &str = append_only!();

pub const MIGRATION_1: &str = concat!(
    "
CREATE TABLE audit (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    assessment_id TEXT,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT
);
CREATE INDEX audit_by_assessment ON audit(assessment_id, seq);
-- Append-only: history that can be edited is not history.
",
    append_only!()
);

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, TS)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub assessment_id: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// Who and when, passed into every write so the core never reads the clock or the OS user.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub now: DateTime<Utc>,
    /// The calendar day where the user is. Periods and due dates are calendar dates, so at 23:30 in
    /// New York on 30 September the third quarter is still open although it is October in UTC.
    pub today: NaiveDate,
}

impl Actor {
    /// `today` is `now`'s UTC date until the door says otherwise ([`Actor::on`]).
    pub fn new(name: impl Into<String>, now: DateTime<Utc>) -> Self {
        Self { name: name.into(), now, today: now.date_naive() }
    }

    /// The same actor on the user's local calendar day.
    pub fn on(mut self, today: NaiveDate) -> Self {
        self.today = today;
        self
    }
}

pub struct Change<'a> {
    pub assessment: Option<&'a str>,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub field: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
}

pub fn record(conn: &Connection, who: &Actor, c: Change<'_>) -> Result<(), StoreError> {
    if c.old == c.new {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO audit (at, actor, assessment_id, entity, entity_id, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![super::ts(&who.now), who.name, c.assessment, c.entity, c.entity_id, c.field, c.old, c.new],
    )?;
    Ok(())
}

pub fn history(conn: &Connection, assessment: &str) -> Result<Vec<AuditEntry>, StoreError> {
    let mut st = conn.prepare(
        "SELECT seq, at, actor, assessment_id, entity, entity_id, field, old_value, new_value FROM audit WHERE assessment_id = ?1 ORDER BY seq",
    )?;
    let rows = st.query_map([assessment], |r| {
        Ok(AuditEntry {
            seq: r.get(0)?,
            at: super::parse_ts(&r.get::<_, String>(1)?),
            actor: r.get(2)?,
            assessment_id: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            field: r.get(6)?,
            old_value: r.get(7)?,
            new_value: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The name the operating system gives the person at the keyboard, for the audit trail;
/// `SAQDESK_USER` overrides it (tests, shared service accounts).
pub fn os_user() -> String {
    ["SAQDESK_USER", "USER", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}
