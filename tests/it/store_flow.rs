//! The annual flow through the real binary on a real SQLite file: every rule, roll-forward,
//! export/import, the leak guard, and bad databases.

use crate::common::*;

#[test]
fn saq_a_full_flow_to_attestation() {
    let env = Env::new();
    let m = env.merchant("Zoë Łódź Ærøskøbing Ltd");
    let a = env.ok(&[
        "assessment",
        "new",
        "--merchant",
        &m,
        "--year",
        "2026",
        "--method",
        "elements",
        "--answer",
        "third-party-scripts=no",
    ]);
    let shown = env.json(&["assessment", "show", &a]);
    assert_eq!(shown["saq"], "A");
    assert_eq!(shown["scope"]["input"]["methods"][0], "elements");

    let st = env.json(&["status", &a]);
    assert_eq!(st["total"], 27);
    // 27 unanswered, 7 criteria unconfirmed, AOC Part 2b and 2c empty, 2e and 2f not answered.
    assert_eq!(st["blockers"].as_array().map(Vec::len), Some(27 + 7 + 4));
    let aoc: Vec<&str> = st["blockers"]
        .as_array()
        .expect("blockers")
        .iter()
        .filter(|b| b["code"] == "aoc_incomplete")
        .filter_map(|b| b["item"].as_str())
        .collect();
    assert_eq!(aoc, ["AOC-2b", "AOC-2c", "AOC-2e", "AOC-2f"]);
    // A Yes in Part 2e needs the product; a partly answered Part 2f names the questions left.
    env.ok(&["assessment", "details", &a, "--uses-validated-products", "yes", "--providers-handle-data", "yes"]);
    let st = env.json(&["status", &a]);
    let message = |item: &str| {
        st["blockers"]
            .as_array()
            .expect("blockers")
            .iter()
            .find(|b| b["item"] == item)
            .map(|b| b["message"].to_string())
    };
    assert!(message("AOC-2e").is_some_and(|m| m.contains("names none")), "{st}");
    let part_2f = message("AOC-2f").unwrap_or_default();
    assert!(
        part_2f.contains("manage system components") && !part_2f.contains("store, process or transmit"),
        "{part_2f}"
    );
    let stderr = env.fails(&["attest", &a, "--name", "Zoë", "--title", "CEO"], 2);
    assert!(stderr.contains("2.2.2") && stderr.contains("A.1"), "{stderr}");

    env.complete(&a, "A");
    env.ok(&[
        "answer",
        &a,
        "9.4.1",
        "--response",
        "not-applicable",
        "--explanation",
        "No paper media holds card data.",
    ]);
    env.ok(&[
        "answer",
        &a,
        "8.3.6",
        "--response",
        "not-in-place",
        "--remediation-date",
        "2027-02-01",
        "--remediation-plan",
        "Roll out passkeys",
    ]);
    let ev = env.path("ssl-test.txt");
    write(&ev, "TLS 1.3 only; grade A+\n");
    env.ok(&["evidence", "add", &a, "12.8.1", "12.8.2", ev.to_str().expect("utf8"), "--effective-date", "2026-10-01"]);

    let st = env.json(&["status", &a]);
    assert_eq!(st["blockers"].as_array().map(Vec::len), Some(0), "{st}");
    let details = env.json(&["assessment", "show", &a])["details"].clone();
    assert!(
        details["how_channels_handle_data"].as_str().is_some_and(|t| t.contains("Stripe-hosted fields")),
        "{details}"
    );
    assert_eq!(st["compliance"], "non-compliant");
    assert_eq!(st["status"], "ready");
    assert_eq!(env.json(&["assessment", "list"])[0]["status"], "ready", "the list says ready too");
    let att =
        env.json(&["attest", &a, "--name", "Zoë Ærø", "--title", "Chief Executive Officer", "--date", "2026-11-20"]);
    assert_eq!(att["compliance"], "non-compliant");

    // Frozen once attested.
    let e = env.fails(&["answer", &a, "2.2.2", "--note", "late change"], 2);
    assert!(e.contains("attested"), "{e}");

    // The real database holds it all.
    let db = open_db(&env.db());
    let n: i64 =
        db.query_row("SELECT COUNT(*) FROM responses WHERE assessment_id = ?1", [&a], |r| r.get(0)).expect("count");
    assert_eq!(n, 27);
    let status: String =
        db.query_row("SELECT status FROM assessments WHERE id = ?1", [&a], |r| r.get(0)).expect("status");
    assert_eq!(status, "attested");
    let audit: i64 = db
        .query_row("SELECT COUNT(*) FROM audit WHERE assessment_id = ?1 AND actor = 'tester'", [&a], |r| r.get(0))
        .expect("audit");
    assert!(audit > 27 + 7, "audit rows: {audit}");
    // Append-only even for someone with the file.
    assert!(db.execute("DELETE FROM audit", []).is_err());
    assert!(db.execute("UPDATE audit SET actor = 'x'", []).is_err());
}

#[test]
fn saq_d_flow_with_not_tested_and_ccw() {
    let env = Env::new();
    let m = env.merchant("Direct API Shop");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--method", "direct-api"]);
    assert_eq!(env.json(&["assessment", "show", &a])["saq"], "D");
    env.complete(&a, "D");
    env.ok(&["answer", &a, "11.4.1", "--response", "not-tested"]);
    env.ok(&["answer", &a, "3.5.1", "--response", "in-place-ccw"]);
    let st = env.json(&["status", &a]);
    let codes: Vec<(String, String)> = st["blockers"]
        .as_array()
        .expect("b")
        .iter()
        .map(|b| (b["item"].as_str().unwrap_or("").into(), b["code"].as_str().unwrap_or("").into()))
        .collect();
    assert!(codes.contains(&("11.4.1".into(), "explanation_missing".into())), "{codes:?}");
    assert!(codes.contains(&("3.5.1".into(), "ccw_incomplete".into())), "{codes:?}");
    env.ok(&["answer", &a, "11.4.1", "--explanation", "Penetration test scoped out by the acquirer for this period."]);
    let ccw = env.path("ccw.yaml");
    write(
        &ccw,
        "constraints: Legacy database cannot encrypt at rest\ndefinition: Field-level tokenisation before storage\nobjective: Stored PAN unreadable\nobjective_met: Tokens are useless without the vault\nidentified_risk: Disclosure of stored PAN\nvalidation: Reviewed by internal audit 2026-09\nmaintenance: Quarterly review\n",
    );
    env.ok(&["answer", &a, "3.5.1", "--ccw-file", ccw.to_str().expect("utf8")]);
    let st = env.json(&["status", &a]);
    assert_eq!(st["blockers"].as_array().map(Vec::len), Some(0), "{st}");
    assert_eq!(st["compliance"], "compliant");
    env.ok(&["attest", &a, "--name", "Pat Doe", "--title", "CFO"]);
}

#[test]
fn validation_rules() {
    let env = Env::new();
    let m = env.merchant("Rules Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    let e = env.fails(&["answer", &a, "2.2.2", "--response", "not-tested"], 2);
    assert!(e.contains("Not Tested") && e.contains("SAQ A"), "{e}");
    let e = env.fails(&["answer", &a, "1.1.1", "--response", "in-place"], 2);
    assert!(e.contains("'1.1.1' is not a requirement of SAQ A"), "{e}");
    let e = env.fails(&["answer", &a, "2.2.2", "--response", "maybe"], 2);
    assert!(e.contains("maybe") && e.contains("in-place-ccw"), "{e}");
    let e = env.fails(&["answer", &a, "2.2.2", "--response", "not-in-place", "--remediation-date", "next week"], 2);
    assert!(e.contains("next week"), "{e}");
    env.ok(&["answer", &a, "3.1.1", "--response", "not-applicable"]);
    env.ok(&["answer", &a, "3.2.1", "--response", "not-in-place"]);
    env.ok(&["answer", &a, "6.3.1", "--response", "in-place-ccw"]);
    let e = env.fails(&["confirm", &a, "C.1"], 2);
    assert!(e.contains("A.1"), "{e}");
    let st = env.json(&["status", &a]);
    let find = |item: &str| {
        st["blockers"]
            .as_array()
            .expect("b")
            .iter()
            .find(|b| b["item"] == item)
            .map(|b| b["code"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(find("3.1.1").as_deref(), Some("explanation_missing"));
    assert_eq!(find("3.2.1").as_deref(), Some("remediation_date_missing"));
    assert_eq!(find("6.3.1").as_deref(), Some("ccw_incomplete"));
    assert_eq!(find("A.1").as_deref(), Some("eligibility_unconfirmed"));
    assert_eq!(find("2.2.2").as_deref(), Some("unanswered"));
    // Unique prefixes work; unknown ones do not.
    env.ok(&["status", &a[..8]]);
    env.fails(&["status", "zzzz"], 2);
    env.fails(&["assessment", "new", "--merchant", "Nobody", "--year", "2026", "--saq", "A"], 2);
    env.fails(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "B"], 2);
}

#[test]
fn leak_guard_refuses_and_writes_nothing() {
    let env = Env::new();
    let m = env.merchant("Leaky Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    env.ok(&["answer", &a, "2.2.2", "--response", "in-place", "--note", "Hardened per CIS benchmark"]);
    let cases = [
        ("--note", "test card 4242424242424242"),
        ("--note", "amex 378282246310005 seen"),
        ("--note", "4242 4242 4242 4242"),
        ("--note", "4242-4242-4242-4242"),
        ("--explanation", "key sk_live_51HabcdefGHIJKLmnop in env"),
        ("--note", "restricted rk_test_abcdefgh12345678"),
    ];
    for (flag, text) in cases {
        let e = env.fails(&["answer", &a, "2.2.2", flag, text], 2);
        let field = flag.trim_start_matches("--").replace("note", "notes");
        assert!(e.contains(&format!("{field} refused")), "{text}: {e}");
        assert!(!e.contains("4242424242424242") && !e.contains("51HabcdefGHIJKLmnop"), "secret echoed: {e}");
    }
    for ok in ["card ending 4242", "4242 **** **** 4242", "order 1234567890123", "ref 4242424242424241"] {
        env.ok(&["answer", &a, "2.2.2", "--note", ok]);
    }
    let db = open_db(&env.db());
    let notes: String =
        db.query_row("SELECT notes FROM responses WHERE requirement_id = '2.2.2'", [], |r| r.get(0)).expect("notes");
    assert_eq!(notes, "ref 4242424242424241");
    let leaked: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE new_value LIKE '%4242424242424242%' OR new_value LIKE '%sk_live_%'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(leaked, 0);

    // Text-like evidence is scanned; binary evidence is not.
    let f = env.path("export.csv");
    write(&f, "date,card\n2026-01-01,5555 5555 5555 4444\n");
    let e = env.fails(&["evidence", "add", &a, "12.8.1", f.to_str().expect("utf8")], 2);
    assert!(e.contains("evidence file export.csv") && e.contains("line 2"), "{e}");
    let k = env.path("config.env");
    write(&k, "STRIPE_KEY=sk_test_abcdefghijklmnop1234\n");
    env.fails(&["evidence", "add", &a, "12.8.1", k.to_str().expect("utf8")], 2);
    let blobs: i64 =
        open_db(&env.db()).query_row("SELECT COUNT(*) FROM evidence_blobs", [], |r| r.get(0)).expect("blobs");
    assert_eq!(blobs, 0);
    // Merchant profile fields too.
    let e = env.fails(
        &["merchant", "set", "--name", "Leaky Ltd", "--business-description", "we keep 4111111111111111 on file"],
        2,
    );
    assert!(e.contains("business_description refused"), "{e}");
}

#[test]
fn evidence_revisions_and_limits() {
    let env = Env::new();
    let m = env.merchant("Evidence Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    let f = env.path("policy.txt");
    write(&f, "Policy v1\n");
    let id1 = env.ok(&["evidence", "add", &a, "12.8.1", f.to_str().expect("utf8")]);
    write(&f, "Policy v2\n");
    let id2 = env.ok(&["evidence", "replace", &id1, f.to_str().expect("utf8")]);
    assert_ne!(id1, id2);
    let all = env.json(&["evidence", "list", &a, "--all"]);
    assert_eq!(all.as_array().map(Vec::len), Some(2));
    let current = env.json(&["evidence", "list", &a]);
    assert_eq!(current.as_array().map(Vec::len), Some(1));
    assert_eq!(current[0]["links"][0], "12.8.1");
    assert_eq!(current[0]["revision_of"], serde_json::Value::String(id1.clone()));
    let out = env.path("got.txt");
    env.ok(&["evidence", "get", &id1, out.to_str().expect("utf8")]);
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "Policy v1\n");
    env.fails(&["evidence", "add", &a, "99.1", f.to_str().expect("utf8")], 2);
    env.fails(&["evidence", "add", &a, "12.8.1", env.path("missing.png").to_str().expect("utf8")], 1);
    // Over the size limit: refused from the file's size, before reading (sparse files: just over
    // the limit, and 2 GB), and the database does not grow.
    let before = std::fs::metadata(env.db()).expect("db").len();
    for (name, len) in
        [("just-over.bin", saqdesk::store::MAX_EVIDENCE_BYTES + 1), ("two-gigabytes.bin", 2 * 1024 * 1024 * 1024)]
    {
        let big = env.path(name);
        std::fs::File::create(&big).expect("create").set_len(len).expect("set_len");
        let t = std::time::Instant::now();
        let e = env.fails(&["evidence", "add", &a, "12.8.1", big.to_str().expect("utf8")], 2);
        assert!(e.contains("limited to") && e.contains(name), "{e}");
        assert!(t.elapsed().as_secs() < 10, "{name}: refused only after {:?}", t.elapsed());
    }
    assert_eq!(std::fs::metadata(env.db()).expect("db").len(), before, "nothing was written");
}

#[test]
fn roll_forward_carries_answers_for_review() {
    let env = Env::new();
    let m = env.merchant("Yearly Ltd");
    let a = env.ok(&[
        "--now",
        "2025-11-01T09:00:00Z",
        "assessment",
        "new",
        "--merchant",
        &m,
        "--year",
        "2025",
        "--saq",
        "A",
    ]);
    env.complete(&a, "A");
    let old = env.path("scan-2024.txt");
    write(&old, "ASV scan passed\n");
    env.ok(&["evidence", "add", &a, "11.3.2", old.to_str().expect("utf8"), "--effective-date", "2025-01-15"]);
    env.ok(&["attest", &a, "--name", "Sam", "--title", "CEO"]);

    let r = env.json(&["assessment", "new", "--from", &a]);
    let b = r["assessment"]["id"].as_str().expect("id").to_string();
    assert_eq!(r["assessment"]["year"], 2026);
    assert_eq!(r["carried_answers"], 27);
    assert_eq!(r["stale_evidence"].as_array().map(Vec::len), Some(1));
    assert_eq!(r["diff"]["added"].as_array().map(Vec::len), Some(0));
    let st = env.json(&["status", &b]);
    let review = st["blockers"].as_array().expect("b").iter().filter(|b| b["code"] == "review_needed").count();
    assert_eq!(review, 27);
    env.ok(&["review", &b, "2.2.2"]);
    let st = env.json(&["status", &b]);
    assert_eq!(st["blockers"].as_array().expect("b").iter().filter(|b| b["code"] == "review_needed").count(), 26);
    // Last year's assessment is untouched.
    let old_st = env.json(&["status", &a]);
    assert_eq!(old_st["status"], "attested");
    env.fails(&["assessment", "new", "--from", &a, "--year", "2024"], 2);
}

#[test]
fn export_import_round_trip_is_lossless() {
    let env = Env::new();
    let m = env.merchant("Portable Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--method", "terminal"]);
    env.complete(&a, "C");
    let png = env.path("shot.png");
    let bytes: Vec<u8> =
        b"\x89PNG\r\n\x1a\n".iter().copied().chain((0..5000u32).map(|i| (i * 7 % 251) as u8)).collect();
    std::fs::write(&png, &bytes).expect("png");
    env.ok(&["evidence", "add", &a, "9.5.1", png.to_str().expect("utf8")]);
    let before = env.json(&["status", &a]);
    let file = env.path("a.saqdesk");
    env.ok(&["export-assessment", &a, file.to_str().expect("utf8")]);

    let other = Env::new();
    let imported = other.cmd().args(["import-assessment", file.to_str().expect("utf8")]).output().expect("run");
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    assert_eq!(other.json(&["status", &a]), before);
    let ev = other.json(&["evidence", "list", &a]);
    let eid = ev[0]["id"].as_str().expect("id").to_string();
    let out = other.path("back.png");
    other.ok(&["evidence", "get", &eid, out.to_str().expect("utf8")]);
    assert_eq!(std::fs::read(&out).expect("read"), bytes, "evidence must be byte-identical");
    assert!(other.ok(&["history", &a]).contains("imported"));
    // Importing twice is refused, not duplicated.
    other.fails(&["import-assessment", file.to_str().expect("utf8")], 2);
    // A damaged file is refused whole.
    let junk = env.path("junk.saqdesk");
    write(&junk, "not a zip");
    let e = Env::new().fails(&["import-assessment", junk.to_str().expect("utf8")], 2);
    assert!(e.contains("not an SAQ Desk assessment file"), "{e}");
}

#[test]
fn bad_database_files_are_refused_and_untouched() {
    let env = Env::new();
    let f = env.path("notes.txt");
    write(&f, "my precious notes\n");
    let e = env.fails(&["--db", f.to_str().expect("utf8"), "assessment", "list"], 2);
    assert!(e.contains("not an SAQ Desk database"), "{e}");
    assert_eq!(std::fs::read_to_string(&f).expect("read"), "my precious notes\n");

    // A database from a newer version of the app is refused, not downgraded.
    env.merchant("Newer Ltd");
    open_db(&env.db()).pragma_update(None, "user_version", 99).expect("bump");
    let e = env.fails(&["assessment", "list"], 2);
    assert!(e.contains("newer SAQ Desk"), "{e}");
    let v: i64 = open_db(&env.db()).query_row("PRAGMA user_version", [], |r| r.get(0)).expect("v");
    assert_eq!(v, 99);
}

#[test]
fn backup_is_a_consistent_copy() {
    let env = Env::new();
    let m = env.merchant("Backup Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "C-VT"]);
    env.ok(&["answer", &a, "1.3.1", "--response", "in-place"]);
    let copy = env.path("copy.sqlite3");
    env.ok(&["backup", copy.to_str().expect("utf8")]);
    let db = open_db(&copy);
    let ok: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("check");
    assert_eq!(ok, "ok");
    let n: i64 = db.query_row("SELECT COUNT(*) FROM responses", [], |r| r.get(0)).expect("n");
    assert_eq!(n, 1);
}

#[test]
fn bulleted_requirements_are_answered_bullet_by_bullet() {
    let env = Env::new();
    let m = env.merchant("Bullets Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A-EP"]);
    let blocker = |req: &str| -> String {
        let s = env.json(&["status", &a]);
        let b = s["blockers"]
            .as_array()
            .expect("blockers")
            .iter()
            .filter(|b| b["item"] == req)
            .map(|b| b["message"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>();
        b.join(" | ")
    };

    // Half the bullets answered: the requirement is not answered yet, and says which are missing.
    let r = env.json(&["answer", &a, "4.2.1", "--bullet", "1=in-place", "--bullet", "2=in-place"]);
    assert_eq!(r["response"], serde_json::Value::Null);
    assert_eq!(r["bullets"], serde_json::json!(["in-place", "in-place", null, null]));
    assert_eq!(blocker("4.2.1"), "bullet 3, 4 of 4 has no response yet");

    // All answered: In Place overall even with one bullet N/A, which still needs Appendix C.
    let r = env.json(&["answer", &a, "4.2.1", "--bullet", "3=not-applicable", "--bullet", "4=in-place"]);
    assert_eq!(r["response"], "in-place");
    assert!(
        blocker("4.2.1").contains("Not Applicable needs an explanation (Appendix C) (bullet 3)"),
        "{}",
        blocker("4.2.1")
    );
    env.ok(&[
        "answer",
        &a,
        "4.2.1",
        "--explanation",
        "Certificates are pinned by the provider's SDK; no trust store is kept.",
    ]);
    assert_eq!(blocker("4.2.1"), "");

    // One bullet Not in Place makes the requirement Not in Place.
    let r = env.json(&["answer", &a, "4.2.1", "--bullet", "2=not-in-place"]);
    assert_eq!(r["response"], "not-in-place");
    assert!(blocker("4.2.1").contains("target date for remediation (bullet 2)"), "{}", blocker("4.2.1"));

    // --response answers every bullet at once.
    let r = env.json(&["answer", &a, "6.4.3", "--response", "in-place"]);
    assert_eq!(r["bullets"], serde_json::json!(["in-place", "in-place", "in-place"]));
    let text = env.ok(&["answer", &a, "6.4.3", "--bullet", "2=not-applicable"]);
    assert!(text.contains("bullet 2: Not Applicable"), "{text}");

    // Bad bullets are refused by name, and nothing is written.
    let e = env.fails(&["answer", &a, "4.2.1", "--bullet", "5=in-place"], 2);
    assert!(e.contains("4.2.1 has 4 bullets, numbered 1 to 4; there is no bullet 5"), "{e}");
    let e = env.fails(&["answer", &a, "1.2.1", "--bullet", "1=in-place"], 2);
    assert!(e.contains("1.2.1 is answered as a whole"), "{e}");
    let e = env.fails(&["answer", &a, "4.2.1", "--bullet", "2=not-tested"], 2);
    assert!(e.contains("Not Tested is not an option in SAQ A-EP"), "{e}");
    let e = env.fails(&["answer", &a, "4.2.1", "--bullet", "two"], 2);
    assert!(e.contains("is not NUMBER=RESPONSE"), "{e}");

    // The real database holds one row per requirement with its bullets alongside.
    let db = open_db(&env.db());
    let (resp, bullets): (String, String) = db
        .query_row(
            "SELECT response, bullets_json FROM responses WHERE assessment_id = ?1 AND requirement_id = '4.2.1'",
            [&a],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!(resp, "not-in-place");
    assert_eq!(bullets, r#"["in-place","not-in-place","not-applicable","in-place"]"#);
    let whole: Option<String> = db
        .query_row(
            "SELECT bullets_json FROM responses WHERE assessment_id = ?1 AND requirement_id = '6.4.3'",
            [&a],
            |r| r.get(0),
        )
        .expect("6.4.3");
    assert!(whole.is_some());
    drop(db);

    // The audit trail records each bullet's change.
    let h = env.ok(&["history", &a]);
    assert!(h.contains("1 In Place; 2 Not in Place; 3 Not Applicable; 4 In Place"), "{h}");

    // Rolled forward, the bullets come along for review.
    let next = env.json(&["assessment", "new", "--from", &a]);
    let next_id = next["assessment"]["id"].as_str().expect("id").to_string();
    let (bullets, review): (String, bool) = open_db(&env.db())
        .query_row(
            "SELECT bullets_json, review_needed FROM responses WHERE assessment_id = ?1 AND requirement_id = '4.2.1'",
            [&next_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("carried row");
    assert_eq!(bullets, r#"["in-place","not-in-place","not-applicable","in-place"]"#);
    assert!(review);
}

#[test]
fn answers_saved_before_bullets_existed_stand_for_every_bullet() {
    // A file written by release 0.1.0 (schema 7), taken back to the release before per-bullet
    // answers (schema 6): its answer to 11.6.1 was given to the whole requirement.
    let env = Env::new();
    std::fs::copy(crate::common::root().join("tests/fixtures/release-0.1.0.sqlite3"), env.db()).expect("fixture");
    let db = open_db(&env.db());
    let a: String =
        db.query_row("SELECT id FROM assessments WHERE saq = 'A-EP'", [], |r| r.get(0)).expect("A-EP assessment");
    db.execute_batch(&format!(
        "INSERT INTO responses (assessment_id, requirement_id, response, notes, updated_by, updated_at)
         VALUES ('{a}', '11.6.1', 'in-place', 'Page monitoring by a weekly job', 'officer', '2026-06-30T09:00:00.000Z');
         ALTER TABLE responses DROP COLUMN bullets_json; PRAGMA user_version = 6;"
    ))
    .expect("downgrade");
    drop(db);

    let s = env.json(&["status", &a]);
    assert!(!s["blockers"].as_array().expect("b").iter().any(|b| b["item"] == "11.6.1"), "the old answer still counts");
    let v: i64 = open_db(&env.db()).query_row("PRAGMA user_version", [], |r| r.get(0)).expect("v");
    assert!(v >= 7, "migrated to {v}");
    // Changing one bullet keeps the old answer for the others.
    let r = env.json(&["answer", &a, "11.6.1", "--bullet", "3=in-place-ccw"]);
    assert_eq!(r["bullets"], serde_json::json!(["in-place", "in-place", "in-place-ccw"]));
    assert_eq!(r["response"], "in-place-ccw");
    assert_eq!(r["notes"], "Page monitoring by a weekly job");
}
