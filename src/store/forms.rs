//! The blank official PCI SSC forms the officer gave SAQ Desk, and the forms filled from them.
//!
//! A blank is kept once by SHA-256, whichever assessment it was first used for, so next year's
//! assessment is offered the same form without asking for the file again. Each fill is recorded
//! with the hash of what was written: for an attested SAQ that hash is what the attestation
//! vouches for, the way the evidence PDF's hash is.

use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::Store;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

pub const MIGRATION_1: &str = "
CREATE TABLE blank_forms (
    sha256     TEXT PRIMARY KEY,
    saq        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    size       INTEGER NOT NULL,
    bytes      BLOB NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT NOT NULL
);
CREATE TABLE filled_forms (
    seq            INTEGER PRIMARY KEY,
    assessment_id  TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    saq            TEXT NOT NULL,
    blank_sha256   TEXT NOT NULL,
    title          TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    pdf_sha256     TEXT,
    attested       INTEGER NOT NULL,
    filled_at      TEXT NOT NULL,
    filled_by      TEXT NOT NULL
);
CREATE INDEX filled_forms_by_assessment ON filled_forms(assessment_id, saq);
";

/// A blank form as SAQ Desk keeps it (its bytes are fetched on their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BlankForm {
    pub sha256: String,
    /// "A", "A-EP", "C", "C-VT", "D".
    pub saq: String,
    /// "saq-with-aoc" or "aoc".
    pub kind: String,
    /// "SAQ A v4.0.1 Revision 1 (SAQ and AOC)".
    pub title: String,
    pub file_name: String,
    pub size: u64,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
}

/// What the caller recognised a blank as, before it is kept.
#[derive(Debug, Clone)]
pub struct NewBlankForm<'a> {
    pub file_name: &'a str,
    pub saq: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
}

/// One fill of an official form for an SAQ of an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FilledForm {
    pub saq: String,
    pub blank_sha256: String,
    pub title: String,
    /// Of the filled .docx.
    pub sha256: String,
    /// Of its PDF, when one was made.
    pub pdf_sha256: Option<String>,
    /// Filled from the attested SAQ (not a draft).
    pub attested: bool,
    pub filled_at: DateTime<Utc>,
    pub filled_by: String,
}

impl Store {
    /// Keeps a blank form (once: the same bytes again return the form already kept).
    pub fn add_blank_form(&mut self, bytes: &[u8], f: NewBlankForm<'_>, who: &Actor) -> Result<BlankForm, StoreError> {
        let file_name = super::sanitize_display_name(f.file_name);
        super::guard("file_name", &file_name)?;
        let sha = hex::encode(Sha256::digest(bytes));
        if let Ok(existing) = self.blank_form(&sha) {
            return Ok(existing);
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO blank_forms (sha256, saq, kind, title, file_name, size, bytes, added_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![sha, f.saq, f.kind, f.title, file_name, bytes.len() as i64, bytes, super::ts(&who.now), who.name],
        )?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: None,
                entity: "blank_form",
                entity_id: &sha,
                field: "added",
                old: None,
                new: Some(format!("{} ({file_name}) sha256:{sha}", f.title)),
            },
        )?;
        tx.commit()?;
        self.blank_form(&sha)
    }

    /// Every blank kept, newest first.
    pub fn blank_forms(&self) -> Result<Vec<BlankForm>, StoreError> {
        let mut st = self.conn.prepare(&format!("{SELECT_BLANK} ORDER BY added_at DESC, sha256"))?;
        let v = st.query_map([], row_to_blank)?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    pub fn blank_form(&self, sha256: &str) -> Result<BlankForm, StoreError> {
        self.conn
            .query_row(&format!("{SELECT_BLANK} WHERE sha256 = ?1"), [sha256], row_to_blank)
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "blank form", key: sha256.to_string() })
    }

    pub fn blank_form_bytes(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        self.conn
            .query_row("SELECT bytes FROM blank_forms WHERE sha256 = ?1", [sha256], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "blank form", key: sha256.to_string() })
    }

    /// Forgets a blank. Forms already filled from it keep their record.
    pub fn remove_blank_form(&mut self, sha256: &str, who: &Actor) -> Result<(), StoreError> {
        let f = self.blank_form(sha256)?;
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM blank_forms WHERE sha256 = ?1", [sha256])?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: None,
                entity: "blank_form",
                entity_id: sha256,
                field: "removed",
                old: Some(format!("{} ({})", f.title, f.file_name)),
                new: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records a fill, in the audit trail too.
    pub fn record_filled_form(&mut self, assessment_id: &str, f: &FilledForm, who: &Actor) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO filled_forms (assessment_id, saq, blank_sha256, title, sha256, pdf_sha256, attested, filled_at, filled_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                assessment_id,
                f.saq,
                f.blank_sha256,
                f.title,
                f.sha256,
                f.pdf_sha256,
                f.attested,
                super::ts(&f.filled_at),
                f.filled_by
            ],
        )?;
        let pdf = f.pdf_sha256.as_ref().map(|p| format!(", PDF sha256:{p}")).unwrap_or_default();
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(assessment_id),
                entity: "official_form",
                entity_id: &f.sha256,
                field: if f.attested { "filled" } else { "filled_draft" },
                old: None,
                new: Some(format!("{} for SAQ {} sha256:{}{pdf}", f.title, f.saq, f.sha256)),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every fill of SAQ `saq`'s forms, oldest first.
    pub fn filled_forms(&self, assessment_id: &str, saq: &str) -> Result<Vec<FilledForm>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT saq, blank_sha256, title, sha256, pdf_sha256, attested, filled_at, filled_by
             FROM filled_forms WHERE assessment_id = ?1 AND saq = ?2 ORDER BY seq",
        )?;
        let v = st
            .query_map(params![assessment_id, saq], |r| {
                Ok(FilledForm {
                    saq: r.get(0)?,
                    blank_sha256: r.get(1)?,
                    title: r.get(2)?,
                    sha256: r.get(3)?,
                    pdf_sha256: r.get(4)?,
                    attested: r.get(5)?,
                    filled_at: super::parse_ts(&r.get::<_, String>(6)?),
                    filled_by: r.get(7)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(v)
    }
}

const SELECT_BLANK: &str = "SELECT sha256, saq, kind, title, file_name, size, added_at, added_by FROM blank_forms";

fn row_to_blank(r: &rusqlite::Row<'_>) -> rusqlite::Result<BlankForm> {
    Ok(BlankForm {
        sha256: r.get(0)?,
        saq: r.get(1)?,
        kind: r.get(2)?,
        title: r.get(3)?,
        file_name: r.get(4)?,
        size: r.get::<_, i64>(5)? as u64,
        added_at: super::parse_ts(&r.get::<_, String>(6)?),
        added_by: r.get(7)?,
    })
}
