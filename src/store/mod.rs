//! The assessment store: one SQLite file holding merchants, assessments, answers, evidence bytes,
//! attestations and the audit trail. Every write is one transaction; the schema moves only by
//! numbered migrations.

mod assessment;
mod attestation;
mod audit;
mod error;
mod evidence;
mod forms;
mod ids;
mod import;
mod merchant;
mod migrations;
mod portable;
mod response;
mod rollforward;
mod saqs;
mod schedule;
mod status;
mod sweep;

pub use assessment::{
    Assessment, AssessmentDetails, AssessmentSummary, Assessor, ChannelRole, Confirmation, NewAssessment, NewPart,
    SaqProgress, ScopeRecord, ValidatedProduct,
};
pub use attestation::{AttestInput, Attestation, ACKNOWLEDGEMENTS};
pub use audit::{os_user, Actor, AuditEntry};
pub use error::{Blocker, StoreError};
pub use evidence::{media_type, sanitize_display_name, Evidence, EvidenceMeta, MAX_EVIDENCE_BYTES};
pub use forms::{BlankForm, FilledForm, NewBlankForm};
pub use ids::{AssessmentId, AssessmentState};
pub use merchant::{Location, Merchant, MerchantProfile, ServiceProvider};
pub use migrations::LATEST as SCHEMA_VERSION;
pub use portable::{PortableAssessment, PORTABLE_FORMAT};
pub use response::{combine as combine_bullets, AnswerInput, BulletAnswer, Ccw, Response};
pub use rollforward::{diff as questionnaire_diff, QuestionnaireDiff, RollForward};
pub use saqs::SaqPart;
pub use schedule::{DueDateSetting, DueDateSource, ScheduleFacts, TraPeriodSetting, ValidationDue};
pub use status::{evaluate, Compliance, Progress, Status};
pub use sweep::{BackupSweep, SweepHit, SweepRecord, SweepReport, GUARD_GENERATION};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    ids: Ids,
    /// For snapshots taken before frequencies were recorded (`SaqSnapshot::fill_frequencies`).
    frequencies: crate::questionnaire::FrequencyFacts,
}

/// Where new IDs come from: random in use, a seeded sequence where output must be reproducible.
pub enum Ids {
    Random,
    Seeded { namespace: uuid::Uuid, counter: u64 },
}

impl Ids {
    pub fn seeded(seed: &str) -> Self {
        Ids::Seeded { namespace: uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, seed.as_bytes()), counter: 0 }
    }

    pub fn next_id(&mut self) -> String {
        match self {
            Ids::Random => uuid::Uuid::new_v4().to_string(),
            Ids::Seeded { namespace, counter } => {
                *counter += 1;
                uuid::Uuid::new_v5(namespace, &counter.to_be_bytes()).to_string()
            }
        }
    }
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// `~/.local/share/saqdesk/saqdesk.sqlite3` on Linux (the OS data folder elsewhere), unless
/// `SAQDESK_DB` names another file.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("SAQDESK_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("saqdesk").join("saqdesk.sqlite3")
}

impl Store {
    /// Opens (creating if absent) the database at `path`. A file that is not an SAQ Desk database is
    /// refused and left as it was.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        match std::fs::metadata(path) {
            Ok(md) if md.is_dir() => return Err(StoreError::NotADatabase(path.to_path_buf())),
            Ok(md) if md.len() > 0 => {
                use std::io::Read;
                let mut head = [0u8; 16];
                let mut f = std::fs::File::open(path).map_err(io)?;
                if f.read_exact(&mut head).is_err() || &head != SQLITE_MAGIC {
                    return Err(StoreError::NotADatabase(path.to_path_buf()));
                }
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|source| StoreError::Io { path: dir.to_path_buf(), source })?;
                }
            }
            Err(e) => return Err(io(e)),
        }
        let mut conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)
                .map_err(StoreError::from)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        // SQLite opens a write-protected file read-only rather than failing. Such a database can
        // still be read and exported; every write is refused with `StoreError::ReadOnly`.
        let first_read = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0));
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)?
            || first_read.as_ref().is_err_and(|e| e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly));
        let first_read = if read_only {
            conn = open_read_only(path)?;
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        } else {
            first_read
        };
        // A damaged file fails here, before anything is written to it.
        first_read.map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
                StoreError::NotADatabase(path.to_path_buf())
            }
            _ => e.into(),
        })?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > migrations::LATEST {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
                known: migrations::LATEST,
            });
        }
        if read_only && version < migrations::LATEST {
            return Err(StoreError::ReadOnlyNeedsUpgrade {
                path: path.to_path_buf(),
                found: version,
                needed: migrations::LATEST,
            });
        }
        if !read_only {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Writers take the lock when the transaction starts, so a second process waits (busy
        // timeout) instead of failing half-way through a deferred upgrade.
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        if !read_only {
            migrations::migrate(&mut conn, path)?;
        }
        Ok(Self { conn, path: path.to_path_buf(), ids: Ids::Random, frequencies: Default::default() })
    }

    /// Makes new IDs deterministic (tests, reproducible demos).
    pub fn with_ids(mut self, ids: Ids) -> Self {
        self.ids = ids;
        self
    }

    /// Frequencies for assessments started before SAQ Desk recorded them, from the data set the
    /// desk loaded; without it such assessments have no recurring requirements.
    pub fn with_frequency_facts(mut self, facts: crate::questionnaire::FrequencyFacts) -> Self {
        self.frequencies = facts;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the file could only be opened for reading: answers can be shown and exported,
    /// not changed.
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
    }

    /// A consistent copy of the whole database, taken with SQLite's online backup while the app
    /// may be writing.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        crate::write_via_temp(
            dest,
            |tmp| {
                let mut out = Connection::open(tmp)?;
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
                backup.run_to_completion(256, Duration::from_millis(5), None)?;
                Ok(())
            },
            |source| StoreError::Io { path: dest.to_path_buf(), source },
        )
    }

    /// Deletes an assessment after writing a backup of the whole database beside it.
    pub fn delete_assessment(&mut self, key: &str, backup_dir: &Path, who: &Actor) -> Result<PathBuf, StoreError> {
        let a = self.assessment(key)?;
        std::fs::create_dir_all(backup_dir)
            .map_err(|source| StoreError::Io { path: backup_dir.to_path_buf(), source })?;
        let dest =
            backup_dir.join(format!("before-delete-{}-{}.sqlite3", &a.id[..8], who.now.format("%Y%m%dT%H%M%SZ")));
        self.backup_to(&dest)?;
        let tx = self.conn.transaction()?;
        audit::record(
            &tx,
            who,
            audit::Change {
                assessment: Some(&a.id),
                entity: "assessment",
                entity_id: &a.id,
                field: "deleted",
                old: Some(format!("{} SAQ {}", a.year, a.saq)),
                new: Some(dest.display().to_string()),
            },
        )?;
        tx.execute(
            "DELETE FROM evidence_links WHERE evidence_id IN (SELECT id FROM evidence WHERE assessment_id = ?1)",
            [&a.id],
        )?;
        tx.execute("UPDATE evidence SET revision_of = NULL, superseded_by = NULL WHERE assessment_id = ?1", [&a.id])?;
        tx.execute("DELETE FROM assessments WHERE id = ?1", [&a.id])?;
        tx.execute("DELETE FROM evidence_blobs WHERE sha256 NOT IN (SELECT sha256 FROM evidence)", [])?;
        tx.commit()?;
        Ok(dest)
    }

    pub fn history(&self, key: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let id = self.resolve(key)?;
        audit::history(&self.conn, &id)
    }

    pub fn integrity_ok(&self) -> Result<bool, StoreError> {
        let r: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(r == "ok")
    }
}

/// A write-protected database. A WAL database needs its `-shm` index to be read, which cannot be
/// created in a write-protected folder; then the file is opened as immutable (SQLite takes no
/// locks and assumes nobody changes the file, which holds while it is write-protected). An
/// immutable open would not see changes still waiting in the `-wal` file, so that case is refused
/// rather than shown out of date.
fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    let absolute = std::path::absolute(path).map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
    let uri = url::Url::from_file_path(&absolute).map_err(|_| StoreError::NotADatabase(path.to_path_buf()))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(format!("{uri}?mode=ro"), flags)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let readable = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0));
    if !readable.as_ref().is_err_and(|e| {
        matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen))
    }) {
        return Ok(conn);
    }
    let mut wal = absolute.into_os_string();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(StoreError::ReadOnlyPendingWal(path.to_path_buf()));
    }
    Ok(Connection::open_with_flags(format!("{uri}?immutable=1"), flags)?)
}

/// Refuses a value that holds card data or a Stripe secret, naming the field.
pub(crate) fn guard(field: &str, value: &str) -> Result<(), StoreError> {
    if let Some(f) = crate::leak_guard::scan(value).into_iter().next() {
        let detail = f.explain();
        return Err(StoreError::Leak { field: field.to_string(), finding: f, detail });
    }
    Ok(())
}

pub(crate) fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_ts(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, StoreError> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("bad date '{s}'")))
}
