//! Typed identifiers and states, so an assessment ID is never mistaken for a merchant's and a
//! status is one of the three the product knows.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An assessment's ID (a UUID), as stored.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "string")]
pub struct AssessmentId(String);

impl AssessmentId {
    pub fn new(id: impl Into<String>) -> Self {
        AssessmentId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for AssessmentId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for AssessmentId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for AssessmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for AssessmentId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for AssessmentId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl ToSql for AssessmentId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for AssessmentId {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        String::column_result(v).map(AssessmentId)
    }
}

/// Where an assessment stands: being answered, answered with nothing blocking attestation, or
/// attested (and frozen). Only draft and attested are stored; ready is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum AssessmentState {
    Draft,
    Ready,
    Attested,
}

impl AssessmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentState::Draft => "draft",
            AssessmentState::Ready => "ready",
            AssessmentState::Attested => "attested",
        }
    }

    /// The stored column's value: attested or not.
    pub(crate) fn stored(s: &str) -> Self {
        if s == "attested" {
            AssessmentState::Attested
        } else {
            AssessmentState::Draft
        }
    }
}

impl std::fmt::Display for AssessmentState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
