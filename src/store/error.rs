use crate::leak_guard::Finding;
use serde::Serialize;
use std::path::PathBuf;
use ts_rs::TS;

/// A problem that blocks attestation, tied to the requirement or criterion it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct Blocker {
    /// Requirement ID or eligibility criterion ID.
    pub item: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} '{key}' not found")]
    NotFound { what: &'static str, key: String },
    #[error("'{key}' matches several {what}s ({candidates}); give more characters")]
    Ambiguous { what: &'static str, key: String, candidates: String },
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{field} refused: {detail}")]
    Leak { field: String, finding: Finding, detail: String },
    #[error("cannot attest: {} blocking problem(s), first: {}", .0.len(), .0.first().map(|b| format!("{} — {}", b.item, b.message)).unwrap_or_default())]
    Blocked(Vec<Blocker>),
    #[error("assessment {0} is attested; its answers are frozen (roll it forward to start the next year)")]
    Frozen(String),
    #[error("{}: not an SAQ Desk database (it is not SQLite, or it is damaged); the file was left untouched", .0.display())]
    NotADatabase(PathBuf),
    #[error("{}: made by a newer SAQ Desk (schema {found}, this version knows up to {known}); it was not changed", path.display())]
    NewerSchema { path: PathBuf, found: i64, known: i64 },
    #[error("the database is busy: another SAQ Desk process is writing to it; try again")]
    Busy,
    #[error("cannot save: the database is read-only (check the permissions of the file and its folder, or whether the disk is mounted read-only); nothing was changed")]
    ReadOnly,
    #[error("{}: the database is read-only and was made by an older SAQ Desk (schema {found}; this version needs {needed}); make it writable once so it can be upgraded", path.display())]
    ReadOnlyNeedsUpgrade { path: PathBuf, found: i64, needed: i64 },
    #[error("{}: the database is read-only and its latest changes are still in its -wal file, which SAQ Desk can only apply with write access; make the file and its folder writable once, then open it again", .0.display())]
    ReadOnlyPendingWal(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// The assessment's period or a TRA period cannot make a schedule.
    #[error(transparent)]
    Schedule(#[from] crate::schedule::ScheduleError),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => StoreError::Busy,
            Some(ReadOnly) => StoreError::ReadOnly,
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

impl StoreError {
    /// A short stable code the UI can switch on without reading the message.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound { .. } => "not_found",
            StoreError::Ambiguous { .. } => "ambiguous",
            StoreError::Invalid { .. } => "invalid",
            StoreError::Leak { .. } => "leak_refused",
            StoreError::Blocked(_) => "blocked",
            StoreError::Frozen(_) => "frozen",
            StoreError::NotADatabase(_) => "not_a_database",
            StoreError::NewerSchema { .. } => "newer_schema",
            StoreError::Busy => "busy",
            StoreError::ReadOnly | StoreError::ReadOnlyNeedsUpgrade { .. } | StoreError::ReadOnlyPendingWal(_) => {
                "read_only"
            }
            StoreError::Io { .. } => "io",
            StoreError::Sqlite(_) => "database",
            StoreError::Corrupt(_) => "corrupt",
            StoreError::Schedule(_) => "invalid",
        }
    }

    /// The input field at fault, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            StoreError::Invalid { field, .. } | StoreError::Leak { field, .. } => Some(field),
            StoreError::Schedule(e) => e.field(),
            _ => None,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Invalid { field: field.into(), message: message.into() }
    }
}

impl Serialize for StoreError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("StoreError", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("field", &self.field())?;
        st.end()
    }
}
