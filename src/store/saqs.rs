//! The SAQs of an assessment. A merchant with several payment channels may file one SAQ per
//! channel (SAQ A for the web shop, SAQ C for the Terminal readers): one assessment then holds one
//! questionnaire per SAQ, each with its own frozen questionnaire snapshot, channels, AOC Part 2
//! details, eligibility, status and attestation, while the answers to the requirements they share
//! are given once (see `response.rs`).

use super::error::StoreError;
use super::ids::AssessmentState;
use crate::questionnaire::{Channel, SaqSnapshot};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every assessment before this step had one SAQ: it becomes its only one, with nothing lost. The
/// copies in `assessments` are emptied so there is one place for each fact (`saq` stays there as
/// the first SAQ, for listing).
pub const MIGRATION_1: &str = "
CREATE TABLE assessment_saqs (
    assessment_id  TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    saq            TEXT NOT NULL,
    position       INTEGER NOT NULL,
    snapshot_json  TEXT NOT NULL,
    channels_json  TEXT NOT NULL DEFAULT '[]',
    details_json   TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'attested')),
    PRIMARY KEY (assessment_id, saq)
);
INSERT INTO assessment_saqs (assessment_id, saq, position, snapshot_json, channels_json, details_json, status)
    SELECT id, saq, 0, snapshot_json, '[]', details_json, status FROM assessments;
UPDATE assessments SET snapshot_json = '{}', details_json = '{}';
";

/// One SAQ of an assessment, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SaqPart {
    pub saq: String,
    /// The payment channels this SAQ covers; empty when the assessment was not scoped by channel.
    pub channels: Vec<Channel>,
    pub status: AssessmentState,
}

/// A stored SAQ of an assessment, whole.
#[derive(Debug, Clone)]
pub(crate) struct PartRow {
    pub saq: String,
    pub snapshot: SaqSnapshot,
    pub channels: Vec<Channel>,
    pub details: super::AssessmentDetails,
    pub status: AssessmentState,
}

impl PartRow {
    pub fn brief(&self) -> SaqPart {
        SaqPart { saq: self.saq.clone(), channels: self.channels.clone(), status: self.status }
    }
}

/// The SAQs of assessment `id`, in the order they were added.
pub(crate) fn parts(conn: &rusqlite::Connection, id: &str) -> Result<Vec<PartRow>, StoreError> {
    let mut st = conn.prepare(
        "SELECT saq, snapshot_json, channels_json, details_json, status FROM assessment_saqs
         WHERE assessment_id = ?1 ORDER BY position",
    )?;
    let rows = st.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (saq, snapshot, channels, details, status) = row?;
        out.push(PartRow {
            saq,
            snapshot: serde_json::from_str(&snapshot)?,
            channels: serde_json::from_str(&channels)?,
            details: serde_json::from_str::<super::AssessmentDetails>(&details)?.upgraded(),
            status: AssessmentState::stored(&status),
        });
    }
    if out.is_empty() {
        return Err(StoreError::Corrupt(format!("assessment {id} has no SAQ")));
    }
    Ok(out)
}

/// The SAQ named, or the only one; with several and none named, says which there are.
pub(crate) fn choose<'a>(parts: &'a [PartRow], saq: Option<&str>, id: &str) -> Result<&'a PartRow, StoreError> {
    let names = || parts.iter().map(|p| format!("SAQ {}", p.saq)).collect::<Vec<_>>().join(" and ");
    match saq.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => parts.iter().find(|p| p.saq.eq_ignore_ascii_case(s)).ok_or_else(|| {
            StoreError::invalid("saq", format!("assessment {} holds {}, not SAQ {s}", short(id), names()))
        }),
        None if parts.len() == 1 => Ok(&parts[0]),
        None => Err(StoreError::invalid(
            "saq",
            format!("assessment {} holds {}: name the SAQ this is about", short(id), names()),
        )),
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}
