//! The fuzz cases, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/`) and by
//! `tests/fuzz_corpus.rs`, which replays the committed corpora and every past crash through the
//! same code on each `cargo test`. Each case panics only on a real bug.
#![allow(dead_code)] // each fuzz target uses one case

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use saqdesk::checks::{csp, page};
use saqdesk::report::document::*;
use sha2::{Digest, Sha256};

/// The repository root, from the fuzz crate (`fuzz/`) or from the main crate.
fn repo() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if dir.join("questionnaires").is_dir() {
        dir
    } else {
        dir.join("..")
    }
}

/// The leak guard sees every note a user types: it must never panic, hang or blow up.
pub fn leak_guard(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let found = saqdesk::leak_guard::scan(text);
        let mut end = 0;
        for f in &found {
            assert!(!f.masked.is_empty());
            // Findings are in order, do not overlap, and sit on character boundaries.
            assert!(f.span.start >= end && f.span.end <= text.len(), "{:?} after {end}", f.span);
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            assert!(!f.explain().contains(&text[f.span.clone()]) || f.span.len() < 4);
            end = f.span.end;
        }
        // What the sweep writes holds nothing the guard would refuse.
        let (redacted, n) = saqdesk::leak_guard::redact(text);
        assert_eq!(n, found.len());
        assert!(saqdesk::leak_guard::scan(&redacted).is_empty(), "redaction left a finding");
    }
    let _ = saqdesk::leak_guard::looks_like_text(data);
}

/// CSP policies and saved pages come from outside: parse and check anything.
pub fn csp(data: &[u8]) {
    static RULES: OnceLock<csp::CspRules> = OnceLock::new();
    let rules =
        RULES.get_or_init(|| csp::CspRules::load(&repo().join("questionnaires/stripe-csp.yaml")).expect("rules"));
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = csp::Policy::parse(&text) {
        let _ = csp::check(rules, &["elements".to_string(), "checkout".to_string()], &p);
    }
    let _ = page::inventory(&text, "https://shop.example");
}

/// Answer text, file names and merchant names are arbitrary: the PDF layout must handle any of
/// them. Fields are separated by U+0001; the whole input is also tried as an image.
pub fn pdf_render(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let parts: Vec<&str> = text.splitn(4, '\u{1}').collect();
    let get = |i: usize| parts.get(i).copied().unwrap_or("").to_string();
    let doc = Document {
        meta: Meta {
            title: get(0),
            author: get(1),
            subject: get(2),
            keywords: vec![get(3)],
            created: chrono::DateTime::from_timestamp(1_795_428_000, 0).unwrap_or_default(),
        },
        header_left: get(0),
        header_right: get(1),
        watermark: Some("DRAFT".into()),
        blocks: vec![
            Block::Cover { title: get(0), subtitle: get(1), lines: vec![(get(2), get(3))] },
            Block::Toc,
            Block::Heading { level: 1, text: get(0), toc: true },
            Block::Paragraph { text: text.clone(), style: TextStyle::Normal },
            Block::Fields { rows: vec![(get(1), text.clone())] },
            Block::Table(Table {
                columns: vec![Column { title: get(2), weight: 1.0 }, Column { title: get(3), weight: 3.0 }],
                rows: vec![
                    vec![Cell::bold(get(0)), Cell::mono(text.clone())],
                    vec![Cell::text(get(1)), Cell::text(get(2)).tone("bad")],
                ],
            }),
            Block::Image { bytes: data.to_vec(), caption: get(3) },
        ],
    };
    saqdesk::report::pdf::render_pdf(doc).expect("any text renders");
}

const QUESTIONNAIRE_TARGETS: [&str; 2] = ["pci-dss-v4.0.1/saqs/A.yaml", "pci-dss-v4.0.1/catalog/08.yaml"];

struct Questionnaires {
    dir: tempfile::TempDir,
    originals: Vec<Vec<u8>>,
}

// std::fs::copy can fail with EINTR under libFuzzer's timeout alarm, so files are copied
// through read/write (which retry), once per process rather than once per input.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("dir").flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::write(dest, std::fs::read(e.path()).expect("read")).expect("write");
        }
    }
}

/// A user may point the app at any questionnaire folder: a broken SAQ or catalog file must give
/// an error, never a crash. The first byte picks the file (SAQ A or catalog 08); the rest replaces it.
pub fn questionnaire(data: &[u8]) {
    static Q: OnceLock<std::sync::Mutex<Questionnaires>> = OnceLock::new();
    let q = Q.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tmp");
        copy_tree(&repo().join("questionnaires"), dir.path());
        let originals =
            QUESTIONNAIRE_TARGETS.iter().map(|t| std::fs::read(dir.path().join(t)).expect("read")).collect();
        std::sync::Mutex::new(Questionnaires { dir, originals })
    });
    // One folder per process: tests replaying corpora in parallel take turns.
    let q = q.lock().unwrap_or_else(|e| e.into_inner());
    let pick = usize::from(data.first().is_some_and(|b| b % 2 == 1));
    for (i, t) in QUESTIONNAIRE_TARGETS.iter().enumerate() {
        let bytes = if i == pick { data.get(1..).unwrap_or_default() } else { &q.originals[i] };
        std::fs::write(q.dir.path().join(t), bytes).expect("write");
    }
    let _ = saqdesk::DataSet::open(q.dir.path());
}

const IMPORT_EVIDENCE: &[u8] = b"evidence-bytes";

fn wrapped(json: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("assessment.json", opts).expect("entry");
    zip.write_all(json).expect("json");
    zip.start_file(format!("evidence/{}", hex::encode(Sha256::digest(IMPORT_EVIDENCE))), opts).expect("entry");
    zip.write_all(IMPORT_EVIDENCE).expect("evidence");
    zip.finish().expect("zip").into_inner()
}

/// Assessment files travel between machines: any bytes must be refused cleanly or imported whole.
/// Odd first byte: the rest is `assessment.json`, wrapped in a well-formed zip beside one real
/// evidence file, so mutations reach the JSON checks and the database writes, not just the zip
/// reader. Even first byte: the rest is the whole file.
pub fn import(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    let bytes = if mode % 2 == 1 { wrapped(rest) } else { rest.to_vec() };
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("in.saqdesk");
    std::fs::write(&file, bytes).expect("write");
    let mut store = saqdesk::store::Store::open(&dir.path().join("db.sqlite3")).expect("db");
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default();
    let who = saqdesk::store::Actor::new("fuzz", now);
    if store.import_assessment(&file, &who).is_ok() {
        // Whatever was accepted must read back and export again.
        let ids: Vec<saqdesk::store::AssessmentId> =
            store.assessments().expect("list").into_iter().map(|a| a.id).collect();
        for id in ids {
            store.status(&id, None).expect("status of an imported assessment");
            store.export_assessment(&id, &dir.path().join("again.saqdesk")).expect("re-export");
        }
    }
    assert!(store.integrity_ok().unwrap_or(false));
}
