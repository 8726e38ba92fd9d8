//! Evidence files. The bytes live inside the SQLite file, keyed by SHA-256: one file to back up,
//! written in the same transaction as the row that points at it, and identical files stored once.
//! A replaced file becomes a new revision; nothing is overwritten or dropped.

use super::audit::{self, Actor, Change};
use super::error::StoreError;
use super::ids::{AssessmentId, AssessmentState};
use super::Assessment;
use super::Store;
use crate::leak_guard;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, MAIN_DB};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::Path;
use ts_rs::TS;

/// Evidence larger than this is refused before it is read (screenshots, policies and exports are
/// far smaller; a bigger file is almost always the wrong file).
pub const MAX_EVIDENCE_BYTES: u64 = 100 * 1024 * 1024;

pub const MIGRATION_1: &str = "
CREATE TABLE evidence_blobs (
    sha256  TEXT PRIMARY KEY,
    size    INTEGER NOT NULL,
    bytes   BLOB NOT NULL
);
CREATE TABLE evidence (
    id             TEXT PRIMARY KEY,
    assessment_id  TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    file_name      TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL REFERENCES evidence_blobs(sha256),
    added_at       TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    effective_date TEXT,
    expires        TEXT,
    description    TEXT NOT NULL DEFAULT '',
    revision_of    TEXT REFERENCES evidence(id),
    superseded_by  TEXT REFERENCES evidence(id),
    carried_from   TEXT,
    removed_at     TEXT
);
CREATE INDEX evidence_by_assessment ON evidence(assessment_id);
CREATE TABLE evidence_links (
    evidence_id  TEXT NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    item_id      TEXT NOT NULL,
    PRIMARY KEY (evidence_id, item_id)
);
";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct EvidenceMeta {
    /// The date or period end the file proves (not when it was uploaded).
    pub effective_date: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Evidence {
    pub id: String,
    pub assessment_id: AssessmentId,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
    pub effective_date: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
    pub description: String,
    pub revision_of: Option<String>,
    pub superseded_by: Option<String>,
    pub carried_from: Option<String>,
    pub removed_at: Option<DateTime<Utc>>,
    /// Requirement or eligibility-criterion IDs this file supports.
    pub links: Vec<String>,
}

impl Evidence {
    /// Images, PDFs and Office/zip files are compressed already: archives store them as they are,
    /// since deflating them again costs time and saves nothing.
    pub fn is_compressed_media(media_type: &str) -> bool {
        media_type.starts_with("image/")
            || media_type == "application/pdf"
            || media_type.contains("zip")
            || media_type.contains("openxmlformats")
    }

    pub fn is_current(&self) -> bool {
        self.superseded_by.is_none() && self.removed_at.is_none()
    }

    pub fn is_image(&self) -> bool {
        matches!(self.media_type.as_str(), "image/png" | "image/jpeg")
    }

    /// Older than 12 months at `today`, by its effective date (or, lacking one, when it was added).
    pub fn is_stale(&self, today: NaiveDate) -> bool {
        let proved = self.effective_date.unwrap_or_else(|| self.added_at.date_naive());
        proved.checked_add_months(chrono::Months::new(12)).is_some_and(|limit| limit < today)
    }
}

impl Store {
    /// Adds a file from disk as evidence for `items` (requirement or criterion IDs).
    pub fn add_evidence(
        &mut self,
        key: &str,
        items: &[String],
        path: &Path,
        meta: &EvidenceMeta,
        who: &Actor,
    ) -> Result<Evidence, StoreError> {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
            .ok_or_else(|| StoreError::invalid("file", format!("{}: not a file name", path.display())))?;
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        let md = std::fs::metadata(path).map_err(io)?;
        if !md.is_file() {
            return Err(StoreError::invalid("file", format!("{}: not a regular file", path.display())));
        }
        check_size(md.len(), &name)?;
        let (sha, size, head) = hash_file(path).map_err(io)?;
        if size != md.len() {
            return Err(StoreError::invalid("file", format!("{name}: changed while it was being read; try again")));
        }
        let source = BlobSource::File(path);
        self.insert_evidence(key, items, &name, &sha, size, &head, source, meta, None, who)
    }

    /// Adds generated content (a check report, a pasted text) as evidence.
    pub fn add_evidence_bytes(
        &mut self,
        key: &str,
        items: &[String],
        name: &str,
        bytes: &[u8],
        meta: &EvidenceMeta,
        who: &Actor,
    ) -> Result<Evidence, StoreError> {
        check_size(bytes.len() as u64, name)?;
        let sha = hex::encode(Sha256::digest(bytes));
        let head = bytes[..bytes.len().min(8192)].to_vec();
        self.insert_evidence(
            key,
            items,
            name,
            &sha,
            bytes.len() as u64,
            &head,
            BlobSource::Bytes(bytes),
            meta,
            None,
            who,
        )
    }

    /// Replaces a file with a new revision: same links, the old one kept and marked superseded.
    pub fn replace_evidence(&mut self, evidence_id: &str, path: &Path, who: &Actor) -> Result<Evidence, StoreError> {
        let old = self.evidence(evidence_id)?;
        if !old.is_current() {
            return Err(StoreError::invalid(
                "evidence",
                format!("{} was already replaced or removed; replace its newest revision", old.id),
            ));
        }
        let meta = EvidenceMeta {
            effective_date: old.effective_date,
            expires: old.expires,
            description: old.description.clone(),
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or(&old.file_name).to_string();
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        check_size(std::fs::metadata(path).map_err(io)?.len(), &name)?;
        let (sha, size, head) = hash_file(path).map_err(io)?;
        self.insert_evidence(
            &old.assessment_id,
            &old.links,
            &name,
            &sha,
            size,
            &head,
            BlobSource::File(path),
            &meta,
            Some(&old.id),
            who,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_evidence(
        &mut self,
        key: &str,
        items: &[String],
        name: &str,
        sha: &str,
        size: u64,
        head: &[u8],
        source: BlobSource<'_>,
        meta: &EvidenceMeta,
        revision_of: Option<&str>,
        who: &Actor,
    ) -> Result<Evidence, StoreError> {
        if items.is_empty() {
            return Err(StoreError::invalid("requirements", "link the evidence to at least one requirement"));
        }
        let a = self.open_for_items(key, items, "requirements")?;
        let name = sanitize_display_name(name);
        super::guard("file_name", &name)?;
        super::guard("description", &meta.description)?;
        if leak_guard::looks_like_text(head) {
            let text = match &source {
                BlobSource::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                BlobSource::File(p) => std::fs::read(p)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .map_err(|source| StoreError::Io { path: p.to_path_buf(), source })?,
            };
            super::guard(&format!("evidence file {name}"), &text)?;
        }
        let media = media_type(&name, head);
        let id = self.ids.next_id();
        let tx = self.conn.transaction()?;
        let have: bool =
            tx.query_row("SELECT EXISTS(SELECT 1 FROM evidence_blobs WHERE sha256 = ?1)", [sha], |r| r.get(0))?;
        if !have {
            tx.execute(
                "INSERT INTO evidence_blobs (sha256, size, bytes) VALUES (?1, ?2, zeroblob(?2))",
                params![sha, size as i64],
            )?;
            let rowid = tx.last_insert_rowid();
            let mut blob = tx.blob_open(MAIN_DB, c"evidence_blobs", c"bytes", rowid, false)?;
            let written = match source {
                BlobSource::Bytes(b) => {
                    blob.write_all(b).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    sha_of_written(b)
                }
                BlobSource::File(p) => {
                    std::fs::File::open(p)
                        .and_then(|f| copy_hashing(f, &mut blob))
                        .map_err(|source| StoreError::Io { path: p.to_path_buf(), source })?
                        .0
                }
            };
            drop(blob);
            if written != sha {
                return Err(StoreError::invalid(
                    "file",
                    format!("{name}: changed while it was being stored; try again"),
                ));
            }
        }
        tx.execute(
            "INSERT INTO evidence (id, assessment_id, file_name, media_type, size, sha256, added_at, added_by, effective_date, expires, description, revision_of)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                id,
                a.id,
                name,
                media,
                size as i64,
                sha,
                super::ts(&who.now),
                who.name,
                meta.effective_date.map(|d| d.to_string()),
                meta.expires.map(|d| d.to_string()),
                meta.description,
                revision_of
            ],
        )?;
        for item in items {
            tx.execute(
                "INSERT OR IGNORE INTO evidence_links (evidence_id, item_id) VALUES (?1, ?2)",
                params![id, item],
            )?;
        }
        if let Some(old) = revision_of {
            tx.execute("UPDATE evidence SET superseded_by = ?2 WHERE id = ?1", params![old, id])?;
        }
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&a.id),
                entity: "evidence",
                entity_id: &id,
                field: if revision_of.is_some() { "revision" } else { "added" },
                old: revision_of.map(str::to_string),
                new: Some(format!("{name} sha256:{sha} → {}", items.join(", "))),
            },
        )?;
        tx.execute("UPDATE assessments SET updated_at = ?2 WHERE id = ?1", params![a.id, super::ts(&who.now)])?;
        tx.commit()?;
        self.evidence(&id)
    }

    pub fn link_evidence(
        &mut self,
        evidence_id: &str,
        item: &str,
        linked: bool,
        who: &Actor,
    ) -> Result<Evidence, StoreError> {
        let ev = self.evidence(evidence_id)?;
        let touched: Vec<String> = ev.links.iter().cloned().chain([item.to_string()]).collect();
        let a = self.open_for_items(&ev.assessment_id, &touched, "requirement")?;
        if !linked && ev.links.len() == 1 && ev.links[0] == item {
            return Err(StoreError::invalid(
                "requirement",
                "evidence must stay linked to at least one requirement; remove the file instead",
            ));
        }
        let tx = self.conn.transaction()?;
        let n = if linked {
            tx.execute(
                "INSERT OR IGNORE INTO evidence_links (evidence_id, item_id) VALUES (?1, ?2)",
                params![ev.id, item],
            )?
        } else {
            tx.execute("DELETE FROM evidence_links WHERE evidence_id = ?1 AND item_id = ?2", params![ev.id, item])?
        };
        if n > 0 {
            audit::record(
                &tx,
                who,
                Change {
                    assessment: Some(&a.id),
                    entity: "evidence",
                    entity_id: &ev.id,
                    field: "link",
                    old: (!linked).then(|| item.to_string()),
                    new: linked.then(|| item.to_string()),
                },
            )?;
        }
        tx.commit()?;
        self.evidence(&ev.id)
    }

    /// Takes a file out of the assessment. The row and bytes stay, for history and audit.
    pub fn remove_evidence(&mut self, evidence_id: &str, who: &Actor) -> Result<(), StoreError> {
        let ev = self.evidence(evidence_id)?;
        let a = self.open_for_items(&ev.assessment_id, &ev.links, "evidence")?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE evidence SET removed_at = ?2 WHERE id = ?1 AND removed_at IS NULL",
            params![ev.id, super::ts(&who.now)],
        )?;
        audit::record(
            &tx,
            who,
            Change {
                assessment: Some(&a.id),
                entity: "evidence",
                entity_id: &ev.id,
                field: "removed",
                old: Some(ev.file_name.clone()),
                new: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn evidence(&self, key: &str) -> Result<Evidence, StoreError> {
        let mut st = self.conn.prepare(&format!("{SELECT_EVIDENCE} WHERE e.id = ?1 OR e.id LIKE ?2 LIMIT 3"))?;
        let pattern = format!("{}%", key.replace(['%', '_'], ""));
        let mut found: Vec<Evidence> =
            st.query_map(params![key, pattern], row_to_evidence)?.collect::<Result<_, _>>()?;
        match found.len() {
            0 => Err(StoreError::NotFound { what: "evidence", key: key.to_string() }),
            1 => {
                let mut e = found.remove(0);
                e.links = self.links(&e.id)?;
                Ok(e)
            }
            _ => Err(StoreError::Ambiguous {
                what: "evidence",
                key: key.to_string(),
                candidates: found.iter().map(|e| e.id.clone()).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// Every evidence row of an assessment (all revisions), in the order added.
    pub fn evidence_all(&self, assessment_id: &str) -> Result<Vec<Evidence>, StoreError> {
        let mut st =
            self.conn.prepare(&format!("{SELECT_EVIDENCE} WHERE e.assessment_id = ?1 ORDER BY e.added_at, e.id"))?;
        let mut out: Vec<Evidence> = st.query_map([assessment_id], row_to_evidence)?.collect::<Result<_, _>>()?;
        let mut lt = self.conn.prepare("SELECT l.evidence_id, l.item_id FROM evidence_links l JOIN evidence e ON e.id = l.evidence_id WHERE e.assessment_id = ?1")?;
        let links: Vec<(String, String)> =
            lt.query_map([assessment_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        for e in &mut out {
            e.links = links.iter().filter(|(id, _)| *id == e.id).map(|(_, item)| item.clone()).collect();
            e.links.sort();
        }
        Ok(out)
    }

    /// The current files of an assessment (no superseded or removed ones).
    pub fn evidence_current(&self, assessment_id: &str) -> Result<Vec<Evidence>, StoreError> {
        Ok(self.evidence_all(assessment_id)?.into_iter().filter(Evidence::is_current).collect())
    }

    fn links(&self, evidence_id: &str) -> Result<Vec<String>, StoreError> {
        let mut st = self.conn.prepare("SELECT item_id FROM evidence_links WHERE evidence_id = ?1 ORDER BY item_id")?;
        let v = st.query_map([evidence_id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// The assessment, when every item is a requirement or criterion of one of its SAQs and no
    /// SAQ that has one of them is attested. Evidence is shared by the SAQs of an assessment, so a
    /// file may change while each SAQ it backs is open; an attested SAQ's evidence is frozen with it.
    fn open_for_items(&self, key: &str, items: &[String], field: &str) -> Result<Assessment, StoreError> {
        let parts = self.parts(key)?;
        for item in items {
            let having: Vec<&Assessment> = parts
                .iter()
                .filter(|p| p.snapshot.requirement(item).is_some() || p.snapshot.saq.criterion(item).is_some())
                .collect();
            if having.is_empty() {
                let saqs: Vec<&str> = parts.iter().map(|p| p.saq.as_str()).collect();
                return Err(StoreError::invalid(
                    field,
                    format!(
                        "'{item}' is neither a requirement nor an eligibility criterion of SAQ {}",
                        saqs.join(" or SAQ ")
                    ),
                ));
            }
            if let Some(p) = having.iter().find(|p| p.status == AssessmentState::Attested) {
                if parts.len() > 1 {
                    return Err(StoreError::Frozen(format!(
                        "{} (SAQ {} is attested, and {item} is one of its items)",
                        p.id, p.saq
                    )));
                }
                return Err(StoreError::Frozen(p.id.to_string()));
            }
        }
        parts.into_iter().next().ok_or_else(|| StoreError::NotFound { what: "assessment", key: key.to_string() })
    }

    /// Streams a stored file's bytes into `out` without loading it whole.
    pub fn write_evidence_bytes(&self, sha256: &str, out: &mut dyn Write) -> Result<u64, StoreError> {
        let rowid: i64 = self
            .conn
            .query_row("SELECT rowid FROM evidence_blobs WHERE sha256 = ?1", [sha256], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound { what: "evidence file", key: sha256.to_string() })?;
        let mut blob = self.conn.blob_open(MAIN_DB, c"evidence_blobs", c"bytes", rowid, true)?;
        std::io::copy(&mut blob, out).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    pub fn evidence_bytes(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let mut v = Vec::new();
        self.write_evidence_bytes(sha256, &mut v)?;
        Ok(v)
    }
}

/// Copies an existing evidence row (not its bytes, which are shared by hash) under `id` into
/// `assessment_id`: used by roll-forward and import, which both re-create rows they did not add.
pub(crate) fn copy_row(
    conn: &rusqlite::Connection,
    id: &str,
    assessment_id: &str,
    e: &Evidence,
    carried_from: Option<&str>,
    links: &[&String],
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO evidence (id, assessment_id, file_name, media_type, size, sha256, added_at, added_by, effective_date, expires, description, carried_from, removed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            assessment_id,
            e.file_name,
            e.media_type,
            e.size as i64,
            e.sha256,
            super::ts(&e.added_at),
            e.added_by,
            e.effective_date.map(|d| d.to_string()),
            e.expires.map(|d| d.to_string()),
            e.description,
            carried_from,
            e.removed_at.map(|t| super::ts(&t))
        ],
    )?;
    for l in links {
        conn.execute("INSERT INTO evidence_links (evidence_id, item_id) VALUES (?1, ?2)", params![id, l])?;
    }
    Ok(())
}

const SELECT_EVIDENCE: &str = "SELECT e.id, e.assessment_id, e.file_name, e.media_type, e.size, e.sha256, e.added_at, e.added_by, e.effective_date, e.expires, e.description, e.revision_of, e.superseded_by, e.carried_from, e.removed_at FROM evidence e";

fn row_to_evidence(r: &rusqlite::Row<'_>) -> rusqlite::Result<Evidence> {
    let date = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
        Ok(r.get::<_, Option<String>>(i)?.and_then(|s| s.parse().ok()))
    };
    Ok(Evidence {
        id: r.get(0)?,
        assessment_id: r.get(1)?,
        file_name: r.get(2)?,
        media_type: r.get(3)?,
        size: r.get::<_, i64>(4)? as u64,
        sha256: r.get(5)?,
        added_at: super::parse_ts(&r.get::<_, String>(6)?),
        added_by: r.get(7)?,
        effective_date: date(8)?,
        expires: date(9)?,
        description: r.get(10)?,
        revision_of: r.get(11)?,
        superseded_by: r.get(12)?,
        carried_from: r.get(13)?,
        removed_at: r.get::<_, Option<String>>(14)?.map(|s| super::parse_ts(&s)),
        links: Vec::new(),
    })
}

enum BlobSource<'a> {
    File(&'a Path),
    Bytes(&'a [u8]),
}

fn check_size(size: u64, name: &str) -> Result<(), StoreError> {
    if size > MAX_EVIDENCE_BYTES {
        return Err(StoreError::invalid(
            "file",
            format!(
                "{name} is {} MiB; evidence files are limited to {} MiB (attach an excerpt or a summary instead)",
                size / (1024 * 1024),
                MAX_EVIDENCE_BYTES / (1024 * 1024)
            ),
        ));
    }
    if size == 0 {
        return Err(StoreError::invalid("file", format!("{name} is empty")));
    }
    Ok(())
}

fn hash_file(path: &Path) -> std::io::Result<(String, u64, Vec<u8>)> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut head = Vec::new();
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if head.len() < 8192 {
            head.extend_from_slice(&buf[..n.min(8192 - head.len())]);
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), total, head))
}

/// Copies `from` to `out` in 64 KiB pieces, returning the SHA-256 and length of what passed.
pub(super) fn copy_hashing(mut from: impl Read, out: &mut dyn Write) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        total += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), total))
}

fn sha_of_written(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Control characters and path separators have no place in a displayed file name.
pub fn sanitize_display_name(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_control() || c == '/' || c == '\\' { '_' } else { c }).collect();
    let trimmed = cleaned.trim().trim_start_matches('.').to_string();
    if trimmed.is_empty() {
        "evidence".to_string()
    } else {
        trimmed.chars().take(200).collect()
    }
}

/// The media type by file signature first (names lie), then by extension.
pub fn media_type(name: &str, head: &[u8]) -> String {
    let by_magic = if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if head.starts_with(b"PK\x03\x04")
        && !name.to_ascii_lowercase().ends_with(".docx")
        && !name.to_ascii_lowercase().ends_with(".xlsx")
    {
        Some("application/zip")
    } else {
        None
    };
    if let Some(m) = by_magic {
        return m.to_string();
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "json" => "application/json",
        "html" | "htm" => "text/html",
        "yaml" | "yml" => "application/yaml",
        "xml" => "application/xml",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ if leak_guard::looks_like_text(head) => "text/plain",
        _ => "application/octet-stream",
    }
    .to_string()
}
