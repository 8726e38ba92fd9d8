//! The sweep on a database written by release 0.1.0, whose guard let a card number through when
//! another number was written next to it (tests/fixtures/make-release-0.1.0.sh made the file).

use crate::common;

use crate::common::{open_db, Env};
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Every card number planted in the fixture, as it was written there.
const PLANTED: &[&str] = &[
    "4111111111111111",
    "5555555555554444",
    "4012-8888-8888-1881",
    "4012888888881881",
    "378282246310005",
    "6011 1111 1111 1117",
    "4111-1111-1111-1111",
];

fn fixture_env() -> Env {
    let env = Env::new();
    std::fs::copy(common::root().join("tests/fixtures/release-0.1.0.sqlite3"), env.db()).expect("copy fixture");
    env
}

/// Every file that holds this database's bytes: the file, its -wal and the backups beside it.
fn raw_files(env: &Env) -> Vec<std::path::PathBuf> {
    let mut v = vec![env.db(), env.path("saqdesk.sqlite3-wal")];
    if let Ok(d) = std::fs::read_dir(env.path("backups")) {
        v.extend(d.filter_map(|e| e.ok().map(|e| e.path())));
    }
    v.into_iter().filter(|p| p.is_file()).collect()
}

fn raw_holds(files: &[std::path::PathBuf], needle: &str) -> Vec<String> {
    files
        .iter()
        .filter(|f| std::fs::read(f).expect("read").windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|f| f.display().to_string())
        .collect()
}

type Rows = BTreeMap<String, Vec<Vec<Value>>>;

/// Every table, every row (by rowid), every column.
fn dump(db: &Path) -> Rows {
    let c = open_db(db);
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<Result<_, _>>()
        .expect("tables");
    let mut out = Rows::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM {t} ORDER BY rowid")).expect("select");
        let n = st.column_count();
        let rows = st
            .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<Result<Vec<_>, _>>())
            .expect("rows")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        out.insert(t, rows);
    }
    out
}

/// `sweep --json`, which exits 1 when it finds something.
fn sweep_json(env: &Env) -> serde_json::Value {
    let out = env.cmd().args(["sweep", "--json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn text(v: &Value) -> Option<&str> {
    match v {
        Value::Text(s) => Some(s),
        _ => None,
    }
}

#[test]
fn sweep_lists_every_place_without_the_number() {
    let env = fixture_env();
    let out = env.cmd().args(["sweep"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1), "found something: exit 1");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for place in [
        "2025 SAQ A, Zoë's Café Ltd — 12.8.1 notes: card ending 1111",
        "2025 SAQ A, Zoë's Café Ltd — 9.4.1 explanation: card ending 4444",
        "2025 SAQ A, Zoë's Café Ltd — AOC details: environment_description: card ending 1881",
        "2025 SAQ A, Zoë's Café Ltd — evidence providers.txt: content, line 3: card ending 1881",
        "2026 SAQ A-EP, Zoë's Café Ltd — 8.3.6 owner: card ending 0005",
        "2026 SAQ A-EP, Zoë's Café Ltd — 6.4.3 explanation: card ending 1117",
        "2026 SAQ A-EP, Zoë's Café Ltd — 8.4.2 compensating controls worksheet: validation: card ending 1111",
        "audit trail entry 75 (12.8.1 notes) new value: card ending 1111",
    ] {
        assert!(stdout.contains(place), "missing {place:?} in\n{stdout}");
    }
    for n in PLANTED {
        assert!(!stdout.contains(n), "the sweep printed the number {n}");
    }
    let json = sweep_json(&env);
    let hits = json["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 13, "{json:#}");
    assert!(hits.iter().all(|h| h["kind"] == "card-number"));
    // The clean merchant's assessment has nothing.
    assert!(!stdout.contains("Nordic Parts"), "{stdout}");
    // Reading changes nothing.
    let before = std::fs::read(env.db()).expect("db");
    env.cmd().args(["sweep"]).output().expect("run");
    assert_eq!(std::fs::read(env.db()).expect("db"), before, "a reading sweep wrote to the database");
}

#[test]
fn redact_masks_in_place_and_the_bytes_are_gone() {
    let env = fixture_env();
    // A backup the app itself writes before a deletion: it holds the same numbers.
    let ids = env.json(&["assessment", "list"]);
    let cvt = ids.as_array().expect("list").iter().find(|a| a["saq"] == "C-VT").expect("C-VT")["id"]
        .as_str()
        .expect("id")
        .to_string();
    env.ok(&["assessment", "delete", &cvt, "--yes"]);
    let files = raw_files(&env);
    assert!(files.iter().any(|f| f.parent().is_some_and(|p| p.ends_with("backups"))), "no backup written: {files:?}");
    for n in PLANTED {
        assert!(!raw_holds(&files, n).is_empty(), "fixture lost {n}");
    }
    let backup_found = sweep_json(&env);
    assert_eq!(backup_found["backups"][0]["hits"].as_array().map(Vec::len), Some(13), "{backup_found:#}");

    let before = dump(&env.db());
    let attested_before: String =
        open_db(&env.db()).query_row("SELECT status FROM assessments WHERE year = 2025", [], |r| r.get(0)).expect("s");
    let out = env.ok(&["sweep", "--redact"]);
    assert!(out.contains("Masked 13"), "{out}");
    for n in PLANTED {
        assert!(!out.contains(n), "printed {n}");
        let left = raw_holds(&raw_files(&env), n);
        assert!(left.is_empty(), "{n} is still in {left:?}");
    }
    // Clean now, in the database and the backup.
    let again = env.cmd().args(["sweep"]).output().expect("run");
    assert_eq!(again.status.code(), Some(0), "{}", String::from_utf8_lossy(&again.stdout));
    assert!(open_db(&env.db()).query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).expect("ic") == "ok");

    // Nothing else changed: same tables, same rows, same values, except each masked text, the
    // redacted file's hash and size, and the entries that record the sweep.
    let after = dump(&env.db());
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    let mut masked = 0;
    for (table, rows) in &before {
        let new_rows = &after[table];
        let appended = match table.as_str() {
            "audit" | "sweeps" => new_rows.len() - rows.len(),
            "evidence_blobs" => 0,
            _ => 0,
        };
        if table != "evidence_blobs" {
            assert_eq!(rows.len() + appended, new_rows.len(), "{table}: rows added or lost");
        }
        if table == "evidence_blobs" || table == "evidence" {
            continue; // checked below
        }
        for (old, new) in rows.iter().zip(new_rows) {
            for (o, n) in old.iter().zip(new) {
                if o == n {
                    continue;
                }
                let (o, n) = (text(o).expect("only text changes"), text(n).expect("only text changes"));
                assert_eq!(saqdesk::leak_guard::redact(o).0, n, "{table}: changed beyond the mask");
                masked += 1;
            }
        }
        if table == "audit" {
            let added: Vec<_> = new_rows[rows.len()..].iter().collect();
            assert!(added.iter().all(|r| text(&r[6]).is_some()), "sweep entries name a field");
            assert!(added.iter().any(|r| text(&r[4]) == Some("sweep")), "no audit entry for the sweep");
            for r in added {
                for v in r {
                    if let Some(s) = text(v) {
                        assert!(saqdesk::leak_guard::scan(s).is_empty(), "an audit entry holds a number: {s}");
                    }
                }
            }
        }
    }
    assert_eq!(masked, 12, "masked cells (the 13th hit is the evidence file)");
    // The evidence row points at the masked file; nothing else about it changed.
    let (old_ev, new_ev) = (&before["evidence"], &after["evidence"]);
    assert_eq!(old_ev.len(), new_ev.len());
    for (o, n) in old_ev.iter().zip(new_ev) {
        let changed: Vec<usize> = (0..o.len()).filter(|&i| o[i] != n[i]).collect();
        assert!(changed.is_empty() || changed == vec![4, 5], "evidence columns changed: {changed:?}");
    }
    let c = open_db(&env.db());
    let content: Vec<u8> = c
        .query_row(
            "SELECT b.bytes FROM evidence e JOIN evidence_blobs b ON b.sha256 = e.sha256 WHERE e.file_name = 'providers.txt'",
            [],
            |r| r.get(0),
        )
        .expect("blob");
    assert_eq!(
        String::from_utf8(content).expect("utf8"),
        "Provider list 2025\nStripe  PCI DSS Level 1  AOC 2025-03-01\ncard on file: [card ending 1881] 2025\n"
    );
    // The attested assessment is still attested, with its attestation unchanged.
    let attested_after: String =
        c.query_row("SELECT status FROM assessments WHERE year = 2025", [], |r| r.get(0)).expect("s");
    assert_eq!((attested_before.as_str(), attested_after.as_str()), ("attested", "attested"));
    assert_eq!(before["attestations"], after["attestations"]);
    let note: String = c
        .query_row(
            "SELECT notes FROM responses WHERE requirement_id = '12.8.1' AND notes LIKE 'Stripe listed%'",
            [],
            |r| r.get(0),
        )
        .expect("note");
    assert_eq!(note, "Stripe listed. Test payment with [card ending 1111] 12/25 123 on 2025-06-01");
}

#[test]
fn the_guard_now_refuses_what_release_0_1_0_let_in() {
    let env = fixture_env();
    let list = env.json(&["assessment", "list"]);
    let a = list.as_array().expect("list").iter().find(|a| a["saq"] == "A-EP").expect("A-EP")["id"]
        .as_str()
        .expect("id")
        .to_string();
    for (flag, text) in [
        ("--note", "4111111111111111 12/25 123"),
        ("--note", "4111-1111-1111-1111 2025"),
        ("--note", "5555555555554444 0925"),
        ("--note", "pay 4012888888881881 4012"),
        ("--owner", "Ana 378282246310005 0925"),
        ("--remediation-plan", "retest 6011 1111 1111 1117 2026"),
        ("--note", "webhook secret whsec_abcdefghijklmnopqrstu"),
    ] {
        let e = env.fails(&["answer", &a, "12.10.1", flag, text], 2);
        assert!(e.contains("refused"), "{text}: {e}");
        assert!(!e.contains(text.split(' ').find(|w| w.len() > 12).unwrap_or("~")), "echoed: {e}");
    }
    for ok in ["See 8.2.1 8.2.2 8.2.8 8.3.1 8.3.4 on 2026-01-15 2026-02-15", "IBAN DE89 3704 0044 0532 0130 00"] {
        env.ok(&["answer", &a, "12.10.1", "--note", ok]);
    }
}

#[test]
fn the_app_sweeps_once_after_the_upgrade_and_until_the_hits_are_gone() {
    use saqdesk::desk::Desk;
    use saqdesk::store::{Actor, GUARD_GENERATION};
    let env = fixture_env();
    let data = saqdesk::DataSet::open(&common::root().join("questionnaires")).expect("data");
    let who = Actor::new("officer", chrono::DateTime::parse_from_rfc3339(common::NOW).expect("t").to_utc());
    let mut desk = Desk::with_data(data, &env.db(), None).expect("open");
    let first = desk.sweep_after_upgrade(&who).expect("sweep").expect("findings after the upgrade");
    assert_eq!(first.hits.len(), 13);
    let recorded: (i64, i64) = open_db(&env.db())
        .query_row("SELECT generation, found FROM sweeps ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("recorded");
    assert_eq!(recorded, (GUARD_GENERATION, 13));
    // Shown again at the next start while the hits are still there.
    assert!(desk.sweep_after_upgrade(&who).expect("sweep").is_some());
    desk.sweep_redact(&who).expect("redact");
    assert!(desk.sweep_after_upgrade(&who).expect("sweep").is_none(), "nothing to say once redacted");

    // A database with nothing in it is swept once and then left alone.
    let clean = Env::new();
    clean.merchant("Clean Ltd");
    let data = saqdesk::DataSet::open(&common::root().join("questionnaires")).expect("data");
    let mut desk = Desk::with_data(data, &clean.db(), None).expect("open");
    assert!(desk.sweep_after_upgrade(&who).expect("sweep").is_none());
    let runs: i64 = open_db(&clean.db()).query_row("SELECT COUNT(*) FROM sweeps", [], |r| r.get(0)).expect("n");
    assert_eq!(runs, 1);
    assert!(desk.sweep_after_upgrade(&who).expect("sweep").is_none());
    let runs: i64 = open_db(&clean.db()).query_row("SELECT COUNT(*) FROM sweeps", [], |r| r.get(0)).expect("n");
    assert_eq!(runs, 1, "swept once per guard generation");
}
