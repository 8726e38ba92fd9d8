//! The sweep: finds what an earlier version's leak guard let into the database — card numbers and
//! Stripe secrets in any text an officer typed, pasted or attached — and, when asked, masks each
//! one in place (last four digits kept) and makes sure the bytes are gone from the file.
//!
//! Redaction is the one change SAQ Desk makes to an attested assessment and to the append-only
//! audit trail: a frozen record that holds a card number is worse than an edited one, and the
//! redaction itself is recorded. Nothing but the matched characters changes.

use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::Store;
use crate::leak_guard::{self, Finding, LeakKind};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The guard's generation. A database last swept by an older generation is swept again after an
/// upgrade, because the newer guard finds what the older one let through.
pub const GUARD_GENERATION: i64 = 2;

pub const MIGRATION_1: &str = "
CREATE TABLE sweeps (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    generation   INTEGER NOT NULL,
    found        INTEGER NOT NULL,
    redacted     INTEGER NOT NULL
);
";

/// One place that holds a card number or a secret. Never holds the value itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SweepHit {
    pub assessment_id: Option<String>,
    /// "2025 SAQ A, Zoë's Café Ltd", when the place belongs to an assessment.
    pub assessment: Option<String>,
    /// The requirement or field: "12.8.1 notes", "merchant profile: contact_name",
    /// "evidence providers.txt: content, line 3", "audit trail entry 57: old value".
    pub place: String,
    pub kind: LeakKind,
    /// "card ending 1111", "sk_live_…Ab12".
    pub masked: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupSweep {
    pub file: PathBuf,
    pub hits: Vec<SweepHit>,
    pub redacted: bool,
    /// Why the file could not be checked or cleaned; it may still hold what was found.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SweepReport {
    pub database: PathBuf,
    pub hits: Vec<SweepHit>,
    /// True when the hits above were masked in place by this run.
    pub redacted: bool,
    pub backups: Vec<BackupSweep>,
}

impl SweepReport {
    /// Anything found, here or in a backup.
    pub fn found(&self) -> usize {
        self.hits.len() + self.backups.iter().map(|b| b.hits.len()).sum::<usize>()
    }

    /// Files that may still hold a hit after this run: unredacted or unreadable backups.
    pub fn still_holding(&self) -> Vec<&Path> {
        let mut v: Vec<&Path> = Vec::new();
        if !self.hits.is_empty() && !self.redacted {
            v.push(&self.database);
        }
        v.extend(
            self.backups
                .iter()
                .filter(|b| b.error.is_some() || (!b.hits.is_empty() && !b.redacted))
                .map(|b| b.file.as_path()),
        );
        v
    }
}

/// The last sweep recorded in this database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SweepRecord {
    pub generation: i64,
    pub found: usize,
    pub redacted: bool,
}

/// A text column that people or imports fill, with how to name the place it belongs to.
struct TextColumn {
    table: &'static str,
    column: &'static str,
    json: bool,
}

const fn col(table: &'static str, column: &'static str) -> TextColumn {
    TextColumn { table, column, json: false }
}

const fn json(table: &'static str, column: &'static str) -> TextColumn {
    TextColumn { table, column, json: true }
}

/// Every column that holds text from outside (not the questionnaire snapshot, which is the
/// shipped data, nor IDs, hashes and timestamps, which the product writes itself).
const COLUMNS: &[TextColumn] = &[
    col("merchants", "legal_name"),
    json("merchants", "profile_json"),
    json("assessments", "details_json"),
    json("assessment_saqs", "details_json"),
    json("assessments", "scope_json"),
    col("eligibility", "by_whom"),
    col("responses", "notes"),
    col("responses", "owner"),
    col("responses", "explanation"),
    col("responses", "remediation_plan"),
    col("responses", "legal_restriction"),
    json("responses", "ccw_json"),
    json("responses", "bullets_json"),
    col("responses", "updated_by"),
    col("evidence", "file_name"),
    col("evidence", "description"),
    col("evidence", "added_by"),
    col("attestations", "signatory_name"),
    col("attestations", "signatory_title"),
    col("attestations", "created_by"),
    col("audit", "actor"),
    col("audit", "old_value"),
    col("audit", "new_value"),
    col("sweeps", "actor"),
    col("blank_forms", "file_name"),
    col("blank_forms", "added_by"),
    col("filled_forms", "filled_by"),
    col("tra_periods", "reference"),
    col("tra_periods", "set_by"),
    col("validation_due", "reason"),
    col("validation_due", "set_by"),
];

/// A stored value with hits: where it is, what to call it, what was found.
struct Located {
    table: &'static str,
    column: &'static str,
    rowid: i64,
    json: bool,
    assessment_id: Option<String>,
    place: String,
    findings: Vec<Finding>,
}

/// A stored evidence file with hits.
struct LocatedBlob {
    sha256: String,
    findings: Vec<Finding>,
    /// Each evidence row that points at the file: (assessment, its evidence ID, place).
    uses: Vec<(String, String, String)>,
}

struct Scan {
    values: Vec<Located>,
    blobs: Vec<LocatedBlob>,
    labels: BTreeMap<String, String>,
}

impl Scan {
    fn hits(&self) -> Vec<SweepHit> {
        let hit = |assessment_id: &Option<String>, place: &str, f: &Finding| SweepHit {
            assessment: assessment_id.as_ref().and_then(|a| self.labels.get(a).cloned()),
            assessment_id: assessment_id.clone(),
            place: if f.line > 1 { format!("{place}, line {}", f.line) } else { place.to_string() },
            kind: f.kind.clone(),
            masked: f.masked.clone(),
        };
        let mut out: Vec<SweepHit> =
            self.values.iter().flat_map(|v| v.findings.iter().map(|f| hit(&v.assessment_id, &v.place, f))).collect();
        for b in &self.blobs {
            for (assessment, _, place) in &b.uses {
                out.extend(b.findings.iter().map(|f| hit(&Some(assessment.clone()), place, f)));
            }
        }
        // By assessment, in the order the tables were read within each.
        out.sort_by(|a, b| a.assessment.cmp(&b.assessment));
        out
    }
}

impl Store {
    /// Every card number and secret stored in this database and in the backups SAQ Desk wrote
    /// beside it. Reads only.
    pub fn sweep(&self) -> Result<SweepReport, StoreError> {
        let scan = scan(&self.conn)?;
        Ok(SweepReport {
            database: self.path.clone(),
            hits: scan.hits(),
            redacted: false,
            backups: sweep_backups(&self.backup_dir(), false, None),
        })
    }

    /// Masks every hit in place, records it in the audit trail, and rewrites the file so the
    /// masked bytes are gone from it and from its `-wal`; then does the same to each backup.
    pub fn sweep_redact(&mut self, who: &Actor) -> Result<SweepReport, StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        let hits = redact_all(&mut self.conn, who)?;
        self.record_sweep(who, hits.len(), true)?;
        scrub_file(&self.conn)?;
        Ok(SweepReport {
            database: self.path.clone(),
            hits,
            redacted: true,
            backups: sweep_backups(&self.backup_dir(), true, Some(who)),
        })
    }

    /// The most recent sweep this database has recorded, if any.
    pub fn last_sweep(&self) -> Result<Option<SweepRecord>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT generation, found, redacted FROM sweeps ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok(SweepRecord {
                    generation: r.get(0)?,
                    found: r.get::<_, i64>(1)? as usize,
                    redacted: r.get::<_, i64>(2)? != 0,
                })
            })
            .optional()?)
    }

    /// Notes that a (reading) sweep ran, so the app sweeps once per guard generation.
    pub fn record_sweep(&mut self, who: &Actor, found: usize, redacted: bool) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO sweeps (at, actor, generation, found, redacted) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![super::ts(&who.now), who.name, GUARD_GENERATION, found as i64, redacted],
        )?;
        Ok(())
    }

    /// Where SAQ Desk writes the backups it makes itself (before deleting an assessment).
    pub fn backup_dir(&self) -> PathBuf {
        self.path.parent().map(|p| p.join("backups")).unwrap_or_else(|| PathBuf::from("backups"))
    }
}

fn columns_of(conn: &Connection, table: &str) -> Result<Vec<String>, StoreError> {
    let mut st = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let v = st.query_map([table], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(v)
}

/// A safe name for a value that may itself be the hit: the value when it is clean, else `fallback`.
fn clean_or(value: &str, fallback: impl FnOnce() -> String) -> String {
    if leak_guard::scan(value).is_empty() {
        value.to_string()
    } else {
        fallback()
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// Findings in a stored value; for JSON, each string in it is scanned on its own and named by its
/// key, so a hit reads "contact_name" rather than "profile_json".
fn findings_in(value: &str, json: bool) -> Vec<(Option<String>, Vec<Finding>)> {
    if json {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(value) {
            let mut out = Vec::new();
            json_leaves(&v, String::new(), &mut out);
            return out
                .into_iter()
                .map(|(path, s)| (Some(path), leak_guard::scan(&s)))
                .filter(|(_, f)| !f.is_empty())
                .collect();
        }
    }
    let f = leak_guard::scan(value);
    if f.is_empty() {
        Vec::new()
    } else {
        vec![(None, f)]
    }
}

fn json_leaves(v: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match v {
        serde_json::Value::String(s) => out.push((path, s.clone())),
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                json_leaves(x, format!("{path}[{}]", i + 1), out);
            }
        }
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                json_leaves(x, join(k), out);
            }
        }
        _ => {}
    }
}

fn scan(conn: &Connection) -> Result<Scan, StoreError> {
    let labels = assessment_labels(conn)?;
    let mut values = Vec::new();
    for c in COLUMNS {
        let present = columns_of(conn, c.table)?;
        if !present.iter().any(|p| p == c.column) {
            continue; // an older schema, read from a backup
        }
        let context = match c.table {
            "responses" => "assessment_id, requirement_id",
            "eligibility" => "assessment_id, criterion_id",
            "evidence" | "attestations" => "assessment_id, id",
            "assessments" => "id, NULL",
            "assessment_saqs" => "assessment_id, saq",
            "audit" => {
                "assessment_id, seq || ' (' || CASE WHEN length(entity_id) = 36 THEN entity ELSE entity_id END || ' ' || field || ')'"
            }
            "sweeps" => "NULL, CAST(seq AS TEXT)",
            "blank_forms" => "NULL, title",
            "filled_forms" => "assessment_id, saq || ' ' || title",
            "tra_periods" => "assessment_id, requirement_id",
            "validation_due" => "assessment_id, NULL",
            _ => "NULL, id",
        };
        let sql =
            format!("SELECT rowid, {context}, {col} FROM {t} WHERE {col} IS NOT NULL", col = c.column, t = c.table);
        let mut st = conn.prepare(&sql)?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let value: String = r.get(3)?;
            // Almost every value is clean: look only at those that hold a candidate.
            let found = findings_in(&value, c.json);
            if found.is_empty() {
                continue;
            }
            let rowid: i64 = r.get(0)?;
            let assessment_id: Option<String> = r.get(1)?;
            let key: Option<String> = r.get(2)?;
            let key = key.unwrap_or_default();
            for (path, findings) in found {
                let field = match &path {
                    Some(p) => format!("{}: {p}", human(c.table, c.column)),
                    None => human(c.table, c.column).to_string(),
                };
                let place = match c.table {
                    "responses" => format!("{key} {field}"),
                    "eligibility" => format!("criterion {key} {field}"),
                    "evidence" => format!("evidence {} {field}", short(&key)),
                    "audit" => format!("audit trail entry {} {field}", clean_or(&key, || "?".into())),
                    "merchants" => format!("merchant {} {field}", short(&key)),
                    "tra_periods" => format!("{key} {field}"),
                    _ => field,
                };
                values.push(Located {
                    table: c.table,
                    column: c.column,
                    rowid,
                    json: c.json,
                    assessment_id: assessment_id.clone(),
                    place,
                    findings,
                });
            }
        }
    }
    Ok(Scan { values, blobs: scan_blobs(conn)?, labels })
}

fn human(table: &str, column: &str) -> &'static str {
    match (table, column) {
        ("merchants", "legal_name") => "legal name",
        ("merchants", "profile_json") => "profile",
        ("assessments", "details_json") | ("assessment_saqs", "details_json") => "AOC details",
        ("assessments", "scope_json") => "scoping answers",
        ("eligibility", "by_whom") => "confirmed by",
        ("responses", "notes") => "notes",
        ("responses", "owner") => "owner",
        ("responses", "explanation") => "explanation",
        ("responses", "remediation_plan") => "remediation plan",
        ("responses", "legal_restriction") => "legal restriction",
        ("responses", "ccw_json") => "compensating controls worksheet",
        ("responses", "bullets_json") => "bullet answers",
        ("responses", "updated_by") => "answered by",
        ("evidence", "file_name") => "file name",
        ("evidence", "description") => "description",
        ("evidence", "added_by") => "added by",
        ("attestations", "signatory_name") => "attestation: signatory name",
        ("attestations", "signatory_title") => "attestation: signatory title",
        ("attestations", "created_by") => "attestation: recorded by",
        ("audit", "actor") => "actor",
        ("audit", "old_value") => "old value",
        ("audit", "new_value") => "new value",
        ("sweeps", "actor") => "sweep record: actor",
        ("blank_forms", "file_name") => "blank official form: file name",
        ("blank_forms", "added_by") => "blank official form: added by",
        ("filled_forms", "filled_by") => "filled official form: filled by",
        ("tra_periods", "reference") => "TRA period: where the analysis is documented",
        ("tra_periods", "set_by") => "TRA period: entered by",
        ("validation_due", "reason") => "validation due date: reason",
        ("validation_due", "set_by") => "validation due date: set by",
        _ => "text",
    }
}

/// "2025 SAQ A, Zoë's Café Ltd" for every assessment, with the merchant's name left out where
/// the name itself is a hit.
fn assessment_labels(conn: &Connection) -> Result<BTreeMap<String, String>, StoreError> {
    let mut st = conn.prepare(
        "SELECT a.id, a.year, a.saq, m.id, m.legal_name FROM assessments a JOIN merchants m ON m.id = a.merchant_id",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (id, year, saq, merchant, name) = row?;
        let name = clean_or(&name, || format!("merchant {}", short(&merchant)));
        out.insert(id, format!("{year} SAQ {saq}, {name}"));
    }
    Ok(out)
}

/// Stored files that look like text and hold a hit, with every evidence row that uses them.
fn scan_blobs(conn: &Connection) -> Result<Vec<LocatedBlob>, StoreError> {
    let mut st = conn.prepare("SELECT rowid, sha256 FROM evidence_blobs ORDER BY sha256")?;
    let blobs: Vec<(i64, String)> = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (rowid, sha) in blobs {
        let Some(bytes) = text_blob(conn, rowid)? else { continue };
        let findings = scan_bytes(&bytes);
        if findings.is_empty() {
            continue;
        }
        let mut st = conn.prepare("SELECT assessment_id, id, file_name FROM evidence WHERE sha256 = ?1 ORDER BY id")?;
        let uses = st
            .query_map([&sha], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(|(a, id, name)| {
                let name = clean_or(&name, || format!("{} (its name is also a hit)", short(&id)));
                (a, id, format!("evidence {name}: content"))
            })
            .collect();
        out.push(LocatedBlob { sha256: sha, findings, uses });
    }
    Ok(out)
}

/// A stored file's bytes when it looks like text (as the guard decides on the way in).
fn text_blob(conn: &Connection, rowid: i64) -> Result<Option<Vec<u8>>, StoreError> {
    use std::io::Read;
    let mut blob = conn.blob_open(rusqlite::MAIN_DB, c"evidence_blobs", c"bytes", rowid, true)?;
    let mut head = vec![0u8; 8192];
    let n = blob.read(&mut head).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    head.truncate(n);
    if !leak_guard::looks_like_text(&head) {
        return Ok(None);
    }
    let mut rest = Vec::new();
    blob.read_to_end(&mut rest).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    head.extend(rest);
    Ok(Some(head))
}

/// Findings in bytes that are mostly UTF-8: each valid stretch is scanned on its own, with spans
/// and lines counted in the whole file.
fn scan_bytes(bytes: &[u8]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut line = 0;
    for chunk in bytes.utf8_chunks() {
        let text = chunk.valid();
        for mut f in leak_guard::scan(text) {
            f.span = f.span.start + at..f.span.end + at;
            f.line += line;
            out.push(f);
        }
        let len = text.len() + chunk.invalid().len();
        line += bytes[at..at + len].iter().filter(|&&b| b == b'\n').count();
        at += len;
    }
    out
}

fn redact_bytes(bytes: &[u8], findings: &[Finding]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for f in findings {
        out.extend_from_slice(&bytes[at..f.span.start]);
        out.extend_from_slice(f.replacement().as_bytes());
        at = f.span.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// A stored value with every hit masked. The text around each mask is kept byte for byte; JSON
/// stays JSON (a mask holds no quote or backslash), and should a hit have been a bare JSON number,
/// the value is rebuilt from its parsed strings instead.
fn redact_value(value: &str, json: bool) -> String {
    let (out, _) = leak_guard::redact(value);
    if !json {
        return out;
    }
    match serde_json::from_str::<serde_json::Value>(value) {
        Ok(mut v) if serde_json::from_str::<serde_json::Value>(&out).is_err() => {
            redact_json(&mut v);
            serde_json::to_string(&v).unwrap_or(out)
        }
        _ => out,
    }
}

fn redact_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => *s = leak_guard::redact(s).0,
        serde_json::Value::Number(n) => {
            let (masked, found) = leak_guard::redact(&n.to_string());
            if found > 0 {
                *v = serde_json::Value::String(masked);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(redact_json),
        serde_json::Value::Object(o) => o.values_mut().for_each(redact_json),
        _ => {}
    }
}

/// The append-only triggers are lifted for the length of the redaction, in the same transaction,
/// so no other change can slip in while they are off.
fn redact_all(conn: &mut Connection, who: &Actor) -> Result<Vec<SweepHit>, StoreError> {
    // Overwrite freed pages with zeros as they are freed: the old text is not left in free space.
    conn.pragma_update(None, "secure_delete", true)?;
    let tx = conn.transaction()?;
    let found = scan(&tx)?;
    let hits = found.hits();
    if hits.is_empty() {
        tx.commit()?;
        return Ok(hits);
    }
    tx.execute_batch("DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;")?;
    let mut done = std::collections::BTreeSet::new();
    for v in &found.values {
        // One row and column can hold several hits (several JSON keys): it is rewritten once.
        if !done.insert((v.table, v.column, v.rowid)) {
            continue;
        }
        let current: String =
            tx.query_row(&format!("SELECT {} FROM {} WHERE rowid = ?1", v.column, v.table), [v.rowid], |r| r.get(0))?;
        let masked = redact_value(&current, v.json);
        tx.execute(&format!("UPDATE {} SET {} = ?1 WHERE rowid = ?2", v.table, v.column), params![masked, v.rowid])?;
    }
    for b in &found.blobs {
        let rowid: i64 =
            tx.query_row("SELECT rowid FROM evidence_blobs WHERE sha256 = ?1", [&b.sha256], |r| r.get(0))?;
        let Some(bytes) = text_blob(&tx, rowid)? else { continue };
        let clean = redact_bytes(&bytes, &b.findings);
        let sha = hex::encode(Sha256::digest(&clean));
        tx.execute(
            "INSERT OR IGNORE INTO evidence_blobs (sha256, size, bytes) VALUES (?1, ?2, ?3)",
            params![sha, clean.len() as i64, clean],
        )?;
        tx.execute(
            "UPDATE evidence SET sha256 = ?1, size = ?2 WHERE sha256 = ?3",
            params![sha, clean.len() as i64, b.sha256],
        )?;
        tx.execute("DELETE FROM evidence_blobs WHERE sha256 = ?1", [&b.sha256])?;
        for (assessment, evidence_id, _) in &b.uses {
            audit::record(
                &tx,
                who,
                Change {
                    assessment: Some(assessment),
                    entity: "evidence",
                    entity_id: evidence_id,
                    field: "sha256",
                    old: Some(b.sha256.clone()),
                    new: Some(format!("{sha} (redacted by the sweep)")),
                },
            )?;
        }
    }
    tx.execute_batch(audit::APPEND_ONLY)?;
    for h in &hits {
        audit::record(
            &tx,
            who,
            Change {
                assessment: h.assessment_id.as_deref(),
                entity: "sweep",
                entity_id: &h.place,
                field: "redacted",
                old: None,
                new: Some(format!("{} replaced by its masked form", h.masked)),
            },
        )?;
    }
    tx.commit()?;
    Ok(hits)
}

/// Writes the whole database anew and empties its `-wal`, so that no earlier page image with the
/// old text survives in either file.
fn scrub_file(conn: &Connection) -> Result<(), StoreError> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Sweeps each SQLite file in `dir` (the backups SAQ Desk wrote), reading only unless `redact`.
fn sweep_backups(dir: &Path, redact: bool, who: Option<&Actor>) -> Vec<BackupSweep> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sqlite3") && p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let result = sweep_backup(&file, redact, who);
            match result {
                Ok((hits, redacted)) => BackupSweep { file, hits, redacted, error: None },
                Err(e) => BackupSweep { file, hits: Vec::new(), redacted: false, error: Some(e.to_string()) },
            }
        })
        .collect()
}

fn sweep_backup(file: &Path, redact: bool, who: Option<&Actor>) -> Result<(Vec<SweepHit>, bool), StoreError> {
    let flags = if redact { OpenFlags::SQLITE_OPEN_READ_WRITE } else { OpenFlags::SQLITE_OPEN_READ_ONLY };
    let mut conn = Connection::open_with_flags(file, flags)?;
    let version: i64 =
        conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase(file.to_path_buf()),
            _ => e.into(),
        })?;
    if version > super::migrations::LATEST {
        return Err(StoreError::NewerSchema {
            path: file.to_path_buf(),
            found: version,
            known: super::migrations::LATEST,
        });
    }
    match who {
        Some(who) if redact => {
            let hits = redact_all(&mut conn, who)?;
            scrub_file(&conn)?;
            Ok((hits, true))
        }
        _ => Ok((scan(&conn)?.hits(), false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_scanned_around_invalid_utf8() {
        let bytes = b"ok\n\xff\xfe 4111 1111 1111 1111\nend";
        let f = scan_bytes(bytes);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, 2);
        assert_eq!(redact_bytes(bytes, &f), b"ok\n\xff\xfe [card ending 1111]\nend".to_vec());
    }

    #[test]
    fn json_keeps_its_shape() {
        let v = r#"{"constraints":"none","validation":"tested with 4111-1111-1111-1111 2025"}"#;
        let out = redact_value(v, true);
        assert_eq!(out, r#"{"constraints":"none","validation":"tested with [card ending 1111] 2025"}"#);
        let found = findings_in(v, true);
        assert_eq!(found[0].0.as_deref(), Some("validation"));
    }
}
