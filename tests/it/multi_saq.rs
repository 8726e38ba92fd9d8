//! One assessment holding one SAQ per payment channel: answers given once count for every SAQ
//! that has the requirement, unless split; each SAQ is attested and exported on its own; the
//! assessment rolls forward and travels whole; databases from release 0.1.0 migrate.

use crate::common::{open_db, Env, NOW, PART_2E_2F};
use serde_json::Value;

/// A web shop on Elements and Terminal readers in a shop, kept apart: one assessment, SAQ A + C.
fn shop_and_terminal(env: &Env) -> (String, Value) {
    let m = env.merchant("Harbour Coffee Ltd");
    let a = env.json(&[
        "assessment",
        "new",
        "--merchant",
        &m,
        "--year",
        "2026",
        "--method",
        "elements",
        "--method",
        "terminal",
        "--answer",
        "channels-separated=yes",
    ]);
    (a["id"].as_str().expect("id").to_string(), a)
}

fn texts(v: &Value, key: &str) -> Vec<String> {
    v.as_array().expect("array").iter().map(|x| x[key].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn per_channel_route_makes_one_assessment_with_two_saqs() {
    let env = Env::new();
    let (a, created) = shop_and_terminal(&env);
    assert_eq!(texts(&created["saqs"], "saq"), vec!["A", "C"]);
    assert_eq!(created["saqs"][0]["channels"], serde_json::json!(["ecommerce"]));
    assert_eq!(created["saqs"][1]["channels"], serde_json::json!(["card-present"]));
    let list = env.json(&["assessment", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "one assessment, not two");
    assert_eq!(list[0]["saq"], "A + C");
    let db = open_db(&env.db());
    let parts: i64 =
        db.query_row("SELECT COUNT(*) FROM assessment_saqs WHERE assessment_id = ?1", [&a], |r| r.get(0)).expect("n");
    assert_eq!(parts, 2);

    // Without naming one, a per-SAQ command says which SAQs there are.
    let e = env.fails(&["status", &a, "--json"], 2);
    assert!(e.contains("SAQ A and SAQ C") && e.contains("\"field\":\"saq\""), "{e}");
    // The covering route is there too, for an acquirer that wants one form.
    let m2 = env.merchant("One Form Ltd");
    let covering = env.json(&[
        "assessment",
        "new",
        "--merchant",
        &m2,
        "--year",
        "2026",
        "--method",
        "elements",
        "--method",
        "terminal",
        "--answer",
        "channels-separated=yes",
        "--route",
        "covering",
    ]);
    assert_eq!(texts(&covering["saqs"], "saq"), vec!["D"]);
}

#[test]
fn a_shared_answer_counts_for_both_and_a_split_one_differs() {
    let env = Env::new();
    let (a, _) = shop_and_terminal(&env);
    let before_a = env.json(&["status", &a, "--saq", "A"]);
    let before_c = env.json(&["status", &a, "--saq", "C"]);
    // 8.2.1 is in both SAQs: answered once.
    env.ok(&["answer", &a, "8.2.1", "--response", "in-place", "--note", "Named accounts everywhere"]);
    let after_a = env.json(&["status", &a, "--saq", "A"]);
    let after_c = env.json(&["status", &a, "--saq", "C"]);
    assert_eq!(after_a["answered"].as_u64(), before_a["answered"].as_u64().map(|n| n + 1));
    assert_eq!(after_c["answered"].as_u64(), before_c["answered"].as_u64().map(|n| n + 1));
    let db = open_db(&env.db());
    let rows: Vec<(String, String)> = db
        .prepare("SELECT saq, response FROM responses WHERE assessment_id = ?1 AND requirement_id = '8.2.1'")
        .expect("q")
        .query_map([&a], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows, vec![(String::new(), "in-place".to_string())], "stored once, for every SAQ");

    // 9.4.1 differs by channel: no paper in the web shop, receipts kept in the shop.
    let e = env.json(&[
        "answer",
        &a,
        "9.4.1",
        "--saq",
        "A",
        "--response",
        "not-applicable",
        "--explanation",
        "The web shop keeps no paper",
    ]);
    assert_eq!(e["saq"], "A");
    env.ok(&["answer", &a, "9.4.1", "--saq", "C", "--response", "in-place", "--note", "Receipts in the safe"]);
    let e = env.fails(&["answer", &a, "9.4.1", "--note", "which one?"], 2);
    assert!(e.contains("answered separately for SAQ A and SAQ C"), "{e}");
    let view_of = |saq: &str| {
        let v = env.json(&["status", &a, "--saq", saq]);
        v["blockers"].as_array().expect("blockers").iter().any(|b| b["item"] == "9.4.1")
    };
    assert!(!view_of("A") && !view_of("C"), "each SAQ has its own complete answer");
    let rows: Vec<(String, String)> = open_db(&env.db())
        .prepare(
            "SELECT saq, response FROM responses WHERE assessment_id = ?1 AND requirement_id = '9.4.1' ORDER BY saq",
        )
        .expect("q")
        .query_map([&a], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows, vec![("A".to_string(), "not-applicable".to_string()), ("C".to_string(), "in-place".to_string())]);
    // Joined again, SAQ C's answer is the one answer.
    env.ok(&["join", &a, "9.4.1", "--keep", "C"]);
    let n: i64 = open_db(&env.db())
        .query_row("SELECT COUNT(*) FROM responses WHERE assessment_id = ?1 AND requirement_id = '9.4.1' AND saq = '' AND response = 'in-place'", [&a], |r| r.get(0))
        .expect("n");
    assert_eq!(n, 1);
    // A requirement only one SAQ has cannot be split.
    let only_c = env.fails(&["split", &a, "1.2.1"], 2);
    assert!(only_c.contains("one SAQ of this assessment only") || only_c.contains("not a requirement"), "{only_c}");
}

/// Answers every requirement of both SAQs In Place, confirms their criteria and fills Part 2.
fn complete_both(env: &Env, a: &str) {
    for saq in ["A", "C"] {
        for id in env.requirement_ids(saq) {
            env.ok(&["answer", a, &id, "--response", "in-place", "--owner", "Ops"]);
        }
        for c in env.criteria(saq) {
            env.ok(&["confirm", a, &c]);
        }
        env.ok(&[
            "assessment",
            "details",
            a,
            "--saq",
            saq,
            "--how-channels-handle-data",
            "Card data is entered in Stripe's fields or read by Stripe readers; none reaches our systems.",
            "--environment",
            "A web shop on a hosted platform; two readers on their own network in the shop.",
        ]);
        env.ok(&[&["assessment", "details", a, "--saq", saq][..], &PART_2E_2F[..]].concat());
    }
}

#[test]
fn each_saq_is_attested_and_exported_on_its_own() {
    let env = Env::new();
    let (a, _) = shop_and_terminal(&env);
    complete_both(&env, &a);
    let att = env.json(&["attest", &a, "--saq", "A", "--name", "Ruth Pascoe", "--title", "Director"]);
    assert_eq!(att["saq"], "A");
    let list = env.json(&["assessment", "list"]);
    assert_eq!(list[0]["saqs"][0]["status"], "attested");
    assert_ne!(list[0]["status"], "attested", "SAQ C is not signed yet");
    // SAQ A is frozen; a shared answer would change it, so it is refused with the way out.
    let e = env.fails(&["answer", &a, "8.2.1", "--note", "changed"], 2);
    assert!(e.contains("attested") && e.contains("8.2.1"), "{e}");
    env.ok(&["answer", &a, "8.2.1", "--saq", "C", "--note", "Reader accounts reviewed"]);
    // Evidence is shared the same way: a file for SAQ C alone may still be added, one that would
    // back an attested SAQ A requirement is refused, naming SAQ A.
    let file = env.path("pos-inventory.txt");
    crate::common::write(&file, "Terminal inventory: 2 readers, serials checked monthly\n");
    let c_only = "9.5.1";
    env.ok(&["evidence", "add", &a, c_only, file.to_str().expect("utf8")]);
    let e = env.fails(&["evidence", "add", &a, "8.2.1", file.to_str().expect("utf8")], 2);
    assert!(e.contains("SAQ A is attested") && e.contains("8.2.1"), "{e}");
    env.ok(&["attest", &a, "--saq", "C", "--name", "Ruth Pascoe", "--title", "Director"]);
    assert_eq!(env.json(&["assessment", "list"])[0]["status"], "attested");

    for saq in ["A", "C"] {
        let pdf = env.path(&format!("{saq}.pdf"));
        env.ok(&["export", &a, "--saq", saq, "--out", pdf.to_str().expect("utf8"), "--now", NOW]);
        let text = crate::common::pdf_text(&pdf);
        assert!(text.contains(&format!("SAQ {saq} (v4.0.1")), "{saq}");
        let other = if saq == "A" { "SAQ C" } else { "SAQ A" };
        assert!(text.contains(&format!("filed in {other} of this assessment")), "Part 2a names the other SAQ: {saq}");
    }
    let db = open_db(&env.db());
    let hashes: i64 = db
        .query_row("SELECT COUNT(*) FROM attestations WHERE assessment_id = ?1 AND pdf_sha256 IS NOT NULL", [&a], |r| {
            r.get(0)
        })
        .expect("n");
    assert_eq!(hashes, 2, "each SAQ's attestation records its own PDF");
}

#[test]
fn a_two_saq_assessment_rolls_forward_and_travels_whole() {
    let env = Env::new();
    let (a, _) = shop_and_terminal(&env);
    env.ok(&["answer", &a, "8.2.1", "--response", "in-place"]);
    env.ok(&["answer", &a, "9.4.1", "--saq", "A", "--response", "not-applicable", "--explanation", "No paper online"]);
    env.ok(&["answer", &a, "9.4.1", "--saq", "C", "--response", "in-place"]);
    let next = env.json(&["assessment", "new", "--from", &a]);
    let b = next["assessment"]["id"].as_str().expect("id").to_string();
    assert_eq!(texts(&next["assessment"]["saqs"], "saq"), vec!["A", "C"]);
    let rows: Vec<(String, String, bool)> = open_db(&env.db())
        .prepare("SELECT saq, requirement_id, review_needed FROM responses WHERE assessment_id = ?1 ORDER BY saq, requirement_id")
        .expect("q")
        .query_map([&b], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        rows,
        vec![
            (String::new(), "8.2.1".into(), true),
            ("A".into(), "9.4.1".into(), true),
            ("C".into(), "9.4.1".into(), true)
        ],
        "shared and split answers carried, each to review"
    );

    // Exported and imported elsewhere: both SAQs and the split answers arrive.
    let file = env.path("a.saqdesk");
    env.ok(&["export-assessment", &a, file.to_str().expect("utf8")]);
    let other = Env::new();
    let imported = other.json(&["import-assessment", file.to_str().expect("utf8")]);
    assert_eq!(texts(&imported["saqs"], "saq"), vec!["A", "C"]);
    let n: i64 = open_db(&other.db())
        .query_row("SELECT COUNT(*) FROM responses WHERE saq IN ('A', 'C') AND requirement_id = '9.4.1'", [], |r| {
            r.get(0)
        })
        .expect("n");
    assert_eq!(n, 2);
}

#[test]
fn a_format_2_file_still_imports_as_one_saq() {
    let env = Env::new();
    let m = env.merchant("Old File Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    env.ok(&["answer", &a, "8.2.1", "--response", "in-place"]);
    let file = env.path("a.saqdesk");
    env.ok(&["export-assessment", &a, file.to_str().expect("utf8")]);
    // Rewrite it as release 0.1.0 wrote it: format 2, no SAQ list, no per-SAQ answers.
    let entries = crate::hostile::zip_entries(&file);
    let raw = &entries.iter().find(|(n, _)| n == "assessment.json").expect("assessment.json").1;
    let mut json: Value = serde_json::from_slice(raw).expect("json");
    json["format"] = 2.into();
    json.as_object_mut().expect("object").remove("parts");
    json.as_object_mut().expect("object").remove("attestations");
    json["assessment"].as_object_mut().expect("a").remove("saqs");
    json["assessment"].as_object_mut().expect("a").remove("channels");
    let old = env.path("old.saqdesk");
    let rewritten = serde_json::to_vec(&json).expect("ser");
    crate::hostile::write_zip(
        &old,
        entries.into_iter().map(|(n, b)| if n == "assessment.json" { (n, rewritten.clone()) } else { (n, b) }),
    );
    let other = Env::new();
    let imported = other.json(&["import-assessment", old.to_str().expect("utf8")]);
    assert_eq!(texts(&imported["saqs"], "saq"), vec!["A"]);
    let st = other.json(&["status", &a]);
    assert_eq!(st["answered"], 1);
}

#[test]
fn a_database_from_release_0_1_0_migrates_with_nothing_lost() {
    let env = Env::new();
    std::fs::copy(crate::common::root().join("tests/fixtures/release-0.1.0.sqlite3"), env.db()).expect("fixture");
    let old = open_db(&env.db());
    type Row = (String, String, String, String, String);
    let before: Vec<Row> = old
        .prepare("SELECT id, saq, snapshot_json, details_json, status FROM assessments ORDER BY id")
        .expect("q")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let answers_before: Vec<(String, String, Option<String>, String)> = old
        .prepare("SELECT assessment_id, requirement_id, response, notes FROM responses ORDER BY assessment_id, requirement_id")
        .expect("q")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    drop(old);

    env.ok(&["assessment", "list"]);
    let db = open_db(&env.db());
    let v: i64 = db.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("v");
    assert_eq!(v, saqdesk::store::SCHEMA_VERSION);
    for (id, saq, snapshot, details, status) in &before {
        let part: (String, String, String, String) = db
            .query_row(
                "SELECT saq, snapshot_json, details_json, status FROM assessment_saqs WHERE assessment_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("one SAQ each");
        assert_eq!(&part, &(saq.clone(), snapshot.clone(), details.clone(), status.clone()), "{id}");
    }
    let answers_after: Vec<(String, String, Option<String>, String)> = db
        .prepare("SELECT assessment_id, requirement_id, response, notes FROM responses WHERE saq = '' ORDER BY assessment_id, requirement_id")
        .expect("q")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(answers_before, answers_after, "every answer kept, shared");
    let att: (String, String) = db
        .query_row("SELECT t.saq, a.status FROM attestations t JOIN assessments a ON a.id = t.assessment_id", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("attestation");
    assert_eq!(att, ("A".to_string(), "attested".to_string()));
    // And it still reads the same: the attested SAQ A exports, the drafts report their status.
    let attested = &before.iter().find(|b| b.4 == "attested").expect("attested").0;
    let pdf = env.path("a.pdf");
    env.ok(&["export", attested, "--out", pdf.to_str().expect("utf8")]);
    assert!(crate::common::pdf_text(&pdf).contains("Zoë"));
}

/// Release 0.1.0 kept AOC Part 1b as one line per assessor; this release reads it as the QSA's
/// company and the ISA's name, and the schema gains the tables for the official forms.
#[test]
fn part_1b_of_release_0_1_0_reads_as_the_qsa_company_and_the_isa() {
    let env = Env::new();
    std::fs::copy(crate::common::root().join("tests/fixtures/release-0.1.0.sqlite3"), env.db()).expect("fixture");
    let old = open_db(&env.db());
    let id: String = old
        .query_row("SELECT id FROM assessments WHERE status = 'draft' ORDER BY id LIMIT 1", [], |r| r.get(0))
        .expect("a draft");
    // What 0.1.0's `assessment details --qsa --isa` wrote.
    old.execute(
        "UPDATE assessments SET details_json = json_set(details_json, '$.qsa_involved', 'Assure QSA GmbH', '$.isa_involved', 'Ines Auditor') WHERE id = ?1",
        [&id],
    )
    .expect("0.1.0 details");
    drop(old);
    let view = env.json(&["assessment", "show", &id]);
    let details = &view["details"];
    assert_eq!(details["qsa"]["company_name"], "Assure QSA GmbH", "{details}");
    assert_eq!(details["isa_names"], serde_json::json!(["Ines Auditor"]));
    assert_eq!(details["qsa_involved"], "", "the one-line field is read into Part 1b, not kept twice");
    let db = open_db(&env.db());
    for table in ["blank_forms", "filled_forms"] {
        let n: i64 = db
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |r| r.get(0))
            .expect("schema");
        assert_eq!(n, 1, "{table}");
    }
}
