//! Secret-key scan (Stripe's API key guidance; 6.3, 8.6): Stripe secret keys, restricted keys and
//! webhook signing secrets in a source tree, by file and line, never printed whole.

use super::CheckError;
use crate::leak_guard::{self, LeakKind};
use serde::Serialize;
use std::io::Read;
use std::path::Path;

/// Larger files are build output or data, not source; they are listed as skipped.
pub const MAX_SCAN_BYTES: u64 = 2 * 1024 * 1024;

#[derive(Debug, Clone, Serialize)]
pub struct KeyHit {
    pub file: String,
    pub line: usize,
    pub kind: LeakKind,
    pub masked: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct KeyReport {
    pub root: String,
    pub files_scanned: usize,
    pub skipped_binary: usize,
    pub skipped_large: Vec<String>,
    pub hits: Vec<KeyHit>,
}

pub fn scan(root: &Path) -> Result<KeyReport, CheckError> {
    if !root.is_dir() {
        return Err(CheckError::Input(format!("{}: not a folder", root.display())));
    }
    let mut report = KeyReport { root: root.display().to_string(), ..Default::default() };
    // .gitignore is honoured even outside a git checkout; hidden files like .env are scanned.
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .require_git(false)
        .git_exclude(true)
        .parents(true)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    let mut entries: Vec<_> =
        walker.filter_map(Result::ok).filter(|e| e.file_type().is_some_and(|t| t.is_file())).collect();
    entries.sort_by(|a, b| a.path().cmp(b.path()));
    for e in entries {
        let path = e.path();
        let rel = path.strip_prefix(root).unwrap_or(path).display().to_string();
        let Ok(md) = e.metadata() else { continue };
        if md.len() > MAX_SCAN_BYTES {
            report.skipped_large.push(rel);
            continue;
        }
        let mut bytes = Vec::with_capacity(md.len() as usize);
        if std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).is_err() {
            continue;
        }
        if !leak_guard::looks_like_text(&bytes) {
            report.skipped_binary += 1;
            continue;
        }
        report.files_scanned += 1;
        let text = String::from_utf8_lossy(&bytes);
        for f in leak_guard::scan(&text).into_iter().filter(|f| f.kind != LeakKind::CardNumber) {
            report.hits.push(KeyHit { file: rel.clone(), line: f.line, kind: f.kind, masked: f.masked });
        }
    }
    Ok(report)
}

pub fn render(r: &KeyReport) -> String {
    let mut s = format!(
        "Stripe secret scan of {}: {} text files scanned, {} binary skipped, {} larger than {} MiB skipped\n\n",
        r.root,
        r.files_scanned,
        r.skipped_binary,
        r.skipped_large.len(),
        MAX_SCAN_BYTES / (1024 * 1024)
    );
    if r.hits.is_empty() {
        s.push_str("No Stripe secret keys, restricted keys or webhook secrets found.\n");
    }
    for h in &r.hits {
        s.push_str(&format!("{}:{}: {} {}\n", h.file, h.line, h.kind.describe(), h.masked));
    }
    if !r.hits.is_empty() {
        s.push_str("\nRoll every key found in the Stripe Dashboard, move keys to a secrets store, and add a pre-commit hook that blocks sk_/rk_/whsec_ strings.\n");
    }
    s
}
