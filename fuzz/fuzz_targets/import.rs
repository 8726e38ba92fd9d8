#![no_main]
// Assessment files travel between machines: any bytes must be refused cleanly or imported whole.
// Odd first byte: the rest is `assessment.json`, wrapped in a well-formed zip beside one real
// evidence file, so mutations reach the JSON checks and the database writes, not just the zip
// reader. Even first byte: the rest is the whole file.
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use std::io::Write;

const EVIDENCE: &[u8] = b"evidence-bytes";

fn wrapped(json: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("assessment.json", opts).expect("entry");
    zip.write_all(json).expect("json");
    zip.start_file(format!("evidence/{}", hex::encode(Sha256::digest(EVIDENCE))), opts).expect("entry");
    zip.write_all(EVIDENCE).expect("evidence");
    zip.finish().expect("zip").into_inner()
}

fuzz_target!(|data: &[u8]| {
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
        let ids: Vec<String> = store.assessments().expect("list").into_iter().map(|a| a.id).collect();
        for id in ids {
            store.status(&id).expect("status of an imported assessment");
            store.export_assessment(&id, &dir.path().join("again.saqdesk")).expect("re-export");
        }
    }
    assert!(store.integrity_ok().unwrap_or(false));
});
