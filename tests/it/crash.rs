//! Killing the process mid-write never corrupts the database or loses an acknowledged answer.
//!
//! A child `saqdesk answer` loop is SIGKILLed at varying moments; after each kill the file passes
//! `PRAGMA integrity_check`, every answer whose command exited 0 is stored whole, and no row is
//! half-written (each stored note matches the response saved with it).

use crate::common::*;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Duration;

#[cfg(unix)]
#[test]
fn sigkill_during_writes_loses_nothing_acknowledged() {
    let env = Env::new();
    let m = env.merchant("Crash Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "D"]);
    let ids = env.requirement_ids("D");
    let bin = assert_cmd::cargo::cargo_bin("saqdesk");
    let log = env.path("acked.log");
    // The shell records an answer only after saqdesk has exited 0 for it.
    let script = format!(
        "i=0; for id in {ids}; do i=$((i+1)); if {bin} --db {db} answer {a} $id --response in-place --note \"round $ROUND item $i\" >/dev/null 2>&1; then echo \"$id round $ROUND item $i\" >> {log}; fi; done",
        ids = ids.join(" "),
        bin = bin.display(),
        db = env.db().display(),
        log = log.display(),
    );
    let mut seed: u64 = 0x5eed;
    let mut interrupted = 0;
    for round in 0..12 {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&script)
            .env("ROUND", round.to_string())
            .env("SAQDESK_USER", "crash")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("spawn");
        // Deterministic pseudo-random delay, 30–400 ms.
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_millis(30 + (seed >> 33) % 370));
        // Kill the whole group: the shell and the saqdesk child writing at that moment.
        kill_group(child.id());
        let _ = child.wait();

        let db = open_db(&env.db());
        let check: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
        assert_eq!(check, "ok", "round {round}");
        let acked = std::fs::read_to_string(&log).unwrap_or_default();
        if acked.lines().filter(|l| l.contains(&format!(" round {round} "))).count() < ids.len() {
            interrupted += 1;
        }
        for line in acked.lines().filter(|l| l.contains(&format!(" round {round} "))) {
            let (id, note) = line.split_once(' ').expect("line");
            let stored: (Option<String>, String) = db
                .query_row(
                    "SELECT response, notes FROM responses WHERE assessment_id = ?1 AND requirement_id = ?2",
                    [&a, id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap_or_else(|e| panic!("acknowledged answer {id} missing after kill: {e}"));
            assert_eq!(stored.0.as_deref(), Some("in-place"), "{id}");
            // Later rounds may have overwritten it, but never with a torn value.
            assert!(stored.1 == note || stored.1.starts_with("round "), "{id}: {:?}", stored.1);
        }
        let torn: i64 = db
            .query_row("SELECT COUNT(*) FROM responses WHERE notes != '' AND response IS NULL", [], |r| r.get(0))
            .expect("torn");
        assert_eq!(torn, 0);
    }
    assert!(interrupted >= 10, "the kills must land mid-run (only {interrupted} of 12 did)");
    // The database still works normally afterwards.
    env.ok(&["status", &a]);
}

#[cfg(unix)]
fn kill_group(pid: u32) {
    // `--` so that the negative process-group ID is not read as an option.
    let _ = Command::new("kill").args(["-s", "KILL", "--", &format!("-{pid}")]).status();
}
