//! The shipped questionnaire loads, matches the official counts, and broken data is reported with
//! file and line.

use crate::common::*;
use saqdesk::questionnaire;
use std::path::Path;

const EXPECTED: [(&str, usize, usize); 5] =
    [("A", 27, 7), ("A-EP", 139, 8), ("C", 123, 5), ("C-VT", 54, 7), ("D", 233, 0)];

#[test]
fn shipped_data_loads_with_reference_counts() {
    let ds = saqdesk::DataSet::open(&root().join("questionnaires")).expect("shipped data loads");
    let q = &ds.questionnaire;
    assert_eq!(q.version, "v4.0.1");
    for (saq, count, criteria) in EXPECTED {
        let s = q.saq(saq).unwrap_or_else(|| panic!("SAQ {saq} missing"));
        assert_eq!(s.requirements.len(), count, "SAQ {saq} requirement count");
        assert_eq!(s.eligibility.len(), criteria, "SAQ {saq} eligibility criteria");
    }
    let a = q.saq("A").expect("A");
    // The January 2025 r1 revision took these three out of SAQ A.
    for gone in ["6.4.3", "11.6.1", "12.3.1"] {
        assert!(!a.contains(gone), "{gone} must not be in SAQ A r1");
    }
    assert!(q.saq("D").expect("D").allows(questionnaire::ResponseKind::NotTested));
    assert!(!a.allows(questionnaire::ResponseKind::NotTested));
    // Every SAQ is a subset of D; C-VT is not a subset of C (1.5.1).
    let d = q.saq("D").expect("D");
    for s in &q.saqs {
        assert!(s.requirements.iter().all(|r| d.contains(r)), "{} ⊄ D", s.id);
    }
    assert!(!q.saq("C").expect("C").contains("1.5.1"));
    assert!(q.saq("C-VT").expect("C-VT").contains("1.5.1"));
}

/// Where the shared reference lists are present (as in CI), the ID lists must match them exactly.
#[test]
fn id_lists_match_reference_when_available() {
    let reference = root().join("../shared/reference/saq-requirements.yaml");
    let Ok(text) = std::fs::read_to_string(&reference) else {
        eprintln!("reference not present; counts are still checked by shipped_data_loads_with_reference_counts");
        return;
    };
    let v: serde_yaml::Value = serde_yaml::from_str(&text).expect("reference yaml");
    let ds = saqdesk::DataSet::open(&root().join("questionnaires")).expect("data");
    for (saq, _, _) in EXPECTED {
        let ids: Vec<String> = v["saqs"][saq]["ids"]
            .as_sequence()
            .expect("ids")
            .iter()
            .map(|i| i.as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(ds.questionnaire.saq(saq).expect("saq").requirements, ids, "SAQ {saq} differs from the reference");
    }
}

#[test]
fn future_dated_flags_are_set() {
    let ds = saqdesk::DataSet::open(&root().join("questionnaires")).expect("data");
    let c = &ds.questionnaire.catalog;
    // The merchant-relevant requirements that were best practice until 2025-03-31, exactly.
    let expected = [
        "3.2.1",
        "3.3.2",
        "3.4.2",
        "3.5.1.1",
        "3.5.1.2",
        "4.2.1",
        "4.2.1.1",
        "5.2.3.1",
        "5.3.2.1",
        "5.3.3",
        "5.4.1",
        "6.3.2",
        "6.4.2",
        "6.4.3",
        "7.2.4",
        "7.2.5",
        "7.2.5.1",
        "8.3.6",
        "8.4.2",
        "8.5.1",
        "8.6.1",
        "8.6.2",
        "8.6.3",
        "9.5.1.2.1",
        "10.4.1.1",
        "10.4.2.1",
        "10.7.2",
        "10.7.3",
        "11.3.1.1",
        "11.3.1.2",
        "11.6.1",
        "12.3.1",
        "12.3.3",
        "12.3.4",
        "12.6.2",
        "12.6.3.1",
        "12.6.3.2",
        "12.10.4.1",
        "12.10.5",
        "12.10.7",
    ];
    let flagged: Vec<&str> = c.requirements.iter().filter(|r| r.future_dated).map(|r| r.id.as_str()).collect();
    assert_eq!(flagged, expected);

    // The requirements the forms answer once per bullet, with their bullet counts.
    let bulleted: Vec<(&str, usize)> =
        c.requirements.iter().filter(|r| !r.bullets.is_empty()).map(|r| (r.id.as_str(), r.bullets.len())).collect();
    assert_eq!(bulleted, [("4.2.1", 4), ("6.2.4", 6), ("6.4.3", 3), ("11.3.1.2", 3), ("11.6.1", 3), ("12.5.2", 7)]);
    // Answer rows as the official forms have them (rows with response boxes), once bullets count.
    // SAQ D answers 12.5.2's own row as well as its seven bullets: 233 IDs, 254 rows.
    let q = &ds.questionnaire;
    for (saq, want) in [("A", 27), ("A-EP", 151), ("C", 131), ("C-VT", 54), ("D", 254)] {
        let s = q.saq(saq).expect("saq");
        let rows: usize = q.saq_requirements(s).map(|r| r.bullets.len().max(1)).sum();
        assert_eq!(rows, want, "SAQ {saq} answer rows");
    }
    // Only one bullet was future-dated in 4.2.1, and only one element of 3.2.1 and 12.10.5.
    let partly: Vec<(&str, Vec<usize>, bool)> = c
        .requirements
        .iter()
        .filter(|r| r.future_dated_part.is_some() || !r.future_dated_bullets.is_empty())
        .map(|r| (r.id.as_str(), r.future_dated_bullets.clone(), r.future_dated_part.is_some()))
        .collect();
    assert_eq!(partly, [("3.2.1", vec![], true), ("4.2.1", vec![2], false), ("12.10.5", vec![], true)]);
    for r in &c.requirements {
        if let Some(label) = r.future_dated_label() {
            assert!(label.ends_with("mandatory since 31 March 2025"), "{}: {label}", r.id);
        }
    }
}

#[test]
fn saq_d_answers_the_own_row_of_12_5_2() {
    let ds = saqdesk::DataSet::open(&root().join("questionnaires")).expect("data");
    let q = &ds.questionnaire;
    let d = q.saq("D").expect("D");
    let r = q.requirement_in(d, "12.5.2").expect("12.5.2 in D");
    assert!(r.own_row, "the form gives 12.5.2's own row response boxes");
    assert_eq!(r.bullets.len(), 8, "own row plus seven bullets");
    assert_eq!(r.bullet_texts().len(), 7);
    assert_eq!(r.row_name(8), "requirement row");
    assert_eq!(r.row_name(3), "bullet 3");
    assert!(r.bullets[7].contains("every 12 months"), "{}", r.bullets[7]);
    // The catalog entry itself is unchanged, and no other SAQ answers 12.5.2 this way (or at all).
    let cat = q.catalog.get("12.5.2").expect("catalog");
    assert!(!cat.own_row && cat.bullets.len() == 7);
    for s in q.saqs.iter().filter(|s| s.id != "D") {
        assert!(!s.contains("12.5.2"), "12.5.2 is in SAQ {}", s.id);
        assert!(s.own_rows.is_empty(), "SAQ {}", s.id);
    }
    // Every other bulleted requirement keeps a header row without boxes.
    for s in &q.saqs {
        for r in q.saq_requirements(s) {
            assert_eq!(r.own_row, s.id == "D" && r.id == "12.5.2", "{} in {}", r.id, s.id);
        }
    }
}

#[test]
fn requirement_texts_carry_the_facts_in_force() {
    let ds = saqdesk::DataSet::open(&root().join("questionnaires")).expect("data");
    let q = &ds.questionnaire;
    let c = &q.catalog;
    let d641 = &c.get("6.4.1").expect("6.4.1").description;
    assert!(d641.contains("superseded by 6.4.2") && d641.contains("31 March 2025"), "{d641}");
    let d351 = &c.get("3.5.1").expect("3.5.1").description;
    assert!(d351.contains("keyed cryptographic hash") && d351.contains("plain"), "{d351}");
    assert!(!d351.contains("a strong one-way hash"), "plain hashing is no longer accepted: {d351}");

    // The applicability exemptions, in the SAQs whose forms print them.
    let has_note =
        |saq: &str, req: &str, needle: &str| q.saq(saq).expect("saq").notes_for(req).any(|n| n.text.contains(needle));
    let pos = "point-of-sale terminal that only ever reaches the card of the sale in progress";
    let all_pos = ["8.2.1", "8.2.2", "8.2.8", "8.3.1", "8.3.4", "8.3.6", "8.3.7", "8.3.9", "8.4.2"];
    let expected_pos: [(&str, &[&str]); 5] = [
        ("A", &["8.2.1", "8.2.2", "8.3.1", "8.3.6", "8.3.7", "8.3.9"]),
        ("A-EP", &all_pos),
        ("C", &all_pos),
        ("C-VT", &["8.2.1", "8.2.2", "8.3.1", "8.3.6"]),
        ("D", &all_pos),
    ];
    for (saq, reqs) in expected_pos {
        let s = q.saq(saq).expect("saq");
        let got: Vec<&str> = s.notes.iter().filter(|n| n.text.contains(pos)).map(|n| n.requirement.as_str()).collect();
        assert_eq!(got, reqs, "POS one-card notes in SAQ {saq}");
    }
    for saq in ["A-EP", "C", "D"] {
        assert!(has_note(saq, "8.4.2", "phishing-resistant"), "8.4.2 in {saq}");
    }
    for saq in ["C", "C-VT", "D"] {
        assert!(has_note(saq, "9.2.1", "Areas the public can walk into"), "9.2.1 in {saq}");
    }
    assert!(!has_note("A-EP", "9.2.1", "Areas the public can walk into"), "A-EP's form has no such note");
    for saq in ["A-EP", "D"] {
        for req in ["6.4.3", "11.6.1"] {
            assert!(has_note(saq, req, "are the provider's to manage"), "{req} in {saq}: iframe scripts");
            assert!(has_note(saq, req, "not applicable"), "{req} in {saq}: redirect-only merchants");
        }
    }
    assert!(has_note("A-EP", "4.2.1", "do not mark it not applicable"), "A-EP Requirement 4 scope");
    let d_note = q.saq("D").expect("D").notes_for("12.5.2").map(|n| n.text.clone()).collect::<String>();
    assert!(d_note.contains("eight answer rows"), "{d_note}");

    // Criteria: C.2 keeps its segmentation clause; A-EP.5 against third-party scripts is flagged.
    let c2 = q.saq("C").expect("C").criterion("C.2").expect("C.2");
    assert!(c2.text.contains("network segment"), "{}", c2.text);
    let aep5 = q.saq("A-EP").expect("A-EP").criterion("A-EP.5").expect("A-EP.5");
    assert!(aep5.on_decline.ask_qsa && aep5.on_decline.why.contains("interpretation"));
}

#[test]
fn stripe_guidance_says_only_what_stripe_says() {
    let ds = saqdesk::DataSet::open(&root().join("questionnaires")).expect("data");
    for g in &ds.guidance {
        // Stripe's hosted-fields sentence is not the script-attack confirmation of FAQ 1588.
        assert!(!g.evidence.iter().any(|e| e.contains("published statement")), "{:?}", g.items);
        assert!(!g.text.contains("Stripe says it designed"), "{:?}", g.items);
        // PA-DSS closed; it may be named only to say so.
        if g.text.contains("PA-DSS") {
            assert!(g.text.contains("retired"), "{:?}", g.items);
        }
        // Connect embedded components are for platforms that embed them.
        if g.text.contains("connect-js.stripe.com") {
            assert_eq!(g.methods, ["connect-operator"], "{:?}", g.items);
        }
        // Dashboard entry needs an isolated computer, not one used for nothing else.
        assert!(!g.text.contains("used for nothing else"), "{:?}", g.items);
    }
    let a7: Vec<&saqdesk::guidance::Guidance> =
        ds.guidance.iter().filter(|g| g.items.iter().any(|i| i == "A.7")).collect();
    assert!(a7.iter().any(|g| g.text.contains("does not give that confirmation")));
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).expect("copy");
        }
    }
}

/// A copy of the shipped data with one file changed by `edit`; returns the error message.
fn broken(file: &str, edit: impl Fn(&str) -> String) -> (questionnaire::QuestionnaireError, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&root().join("questionnaires"), tmp.path());
    let path = tmp.path().join("pci-dss-v4.0.1").join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, edit(&text)).expect("write");
    let err = match saqdesk::DataSet::open(tmp.path()) {
        Ok(_) => panic!("broken {file} loaded"),
        Err(e) => e,
    };
    let msg = err.to_string();
    (err, msg)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle") + 1
}

#[test]
fn unknown_id_in_saq_names_file_line_and_id() {
    let (err, msg) = broken("saqs/A.yaml", |t| t.replacen("\"9.4.6\"", "\"9.4.99\"", 1));
    assert!(msg.contains("saqs/A.yaml"), "{msg}");
    assert!(msg.contains("9.4.99"), "{msg}");
    assert_eq!(
        err.line(),
        Some(line_of(
            &std::fs::read_to_string(root().join("questionnaires/pci-dss-v4.0.1/saqs/A.yaml")).expect("a"),
            "\"9.4.6\""
        )),
        "{msg}"
    );
}

#[test]
fn duplicate_id_in_saq_is_reported() {
    let (err, msg) = broken("saqs/C-VT.yaml", |t| t.replacen("\"1.3.2\"", "\"1.3.1\"", 1));
    assert!(msg.contains("1.3.1") && msg.contains("twice"), "{msg}");
    assert!(err.line().is_some(), "{msg}");
}

#[test]
fn duplicate_id_in_catalog_is_reported() {
    let (err, msg) = broken("catalog/08.yaml", |t| t.replacen("id: \"8.2.2\"", "id: \"8.2.1\"", 1));
    assert!(msg.contains("catalog/08.yaml") && msg.contains("8.2.1") && msg.contains("duplicate"), "{msg}");
    assert!(err.line().is_some());
}

#[test]
fn missing_field_is_reported_with_line() {
    let (err, msg) = broken("catalog/01.yaml", |t| {
        let mut out = String::new();
        let mut dropped = false;
        for l in t.lines() {
            if !dropped && l.trim_start().starts_with("future_dated:") {
                dropped = true;
                continue;
            }
            out.push_str(l);
            out.push('\n');
        }
        out
    });
    assert!(msg.contains("catalog/01.yaml") && msg.contains("future_dated"), "{msg}");
    assert!(err.line().is_some(), "{msg}");
}

#[test]
fn unknown_principal_is_reported() {
    let (err, msg) = broken("catalog/12.yaml", |t| t.replacen("principal: \"12\"", "principal: \"13\"", 1));
    assert!(msg.contains("catalog/12.yaml") && msg.contains("13") && msg.contains("principal"), "{msg}");
    assert_eq!(
        err.line(),
        Some(line_of(
            &std::fs::read_to_string(root().join("questionnaires/pci-dss-v4.0.1/catalog/12.yaml")).expect("12"),
            "principal:"
        ))
    );
}

#[test]
fn yaml_syntax_error_has_file_and_line() {
    let (err, msg) = broken("saqs/D.yaml", |t| format!("{t}\n  - [unclosed\n"));
    assert!(msg.contains("saqs/D.yaml"), "{msg}");
    assert!(err.line().is_some(), "{msg}");
}

#[test]
fn broken_questionnaire_via_cli_exits_2_with_one_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&root().join("questionnaires"), tmp.path());
    let f = tmp.path().join("pci-dss-v4.0.1/saqs/A.yaml");
    let t = std::fs::read_to_string(&f).expect("read").replacen("\"2.2.2\"", "\"2.2.22\"", 1);
    std::fs::write(&f, t).expect("write");
    let env = Env::new();
    let stderr = env.fails(&["--questionnaires", tmp.path().to_str().expect("utf8"), "saq", "list"], 2);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("A.yaml:") && stderr.contains("2.2.22"), "{stderr}");
}

#[test]
fn cli_lists_all_five_saqs() {
    let env = Env::new();
    let v = env.json(&["saq", "list"]);
    let got: Vec<(String, u64)> = v
        .as_array()
        .expect("list")
        .iter()
        .map(|s| (s["saq"].as_str().unwrap_or_default().to_string(), s["requirements"].as_u64().unwrap_or(0)))
        .collect();
    let want: Vec<(String, u64)> = EXPECTED.iter().map(|(s, n, _)| (s.to_string(), *n as u64)).collect();
    assert_eq!(got, want);
    let stderr = env.fails(&["saq", "show", "Z"], 2);
    assert!(stderr.contains("unknown SAQ 'Z'") && stderr.contains("A-EP"), "{stderr}");
}

/// Every requirement whose text sets a recurring period, with the period as the text has it.
/// Thresholds (8.2.6, 8.3.9), retention times (9.2.1.1, 10.5.1) and per-finding deadlines (6.3.3,
/// 11.3.1.1) are not recurring activities and stay out; see questionnaires/README.md.
#[test]
fn recurring_frequencies_are_pinned() {
    use saqdesk::questionnaire::Frequency::{self, *};
    let ds = saqdesk::DataSet::open(&root().join("questionnaires")).expect("data");
    let got: Vec<(&str, Vec<Frequency>)> = ds
        .questionnaire
        .catalog
        .requirements
        .iter()
        .filter(|r| !r.frequency.is_empty())
        .map(|r| (r.id.as_str(), r.frequency.clone()))
        .collect();
    let want: Vec<(&str, Vec<Frequency>)> = vec![
        ("1.2.7", vec![SixMonths]),
        ("3.2.1", vec![Quarterly]),
        ("5.2.3.1", vec![TargetedRiskAnalysis]),
        ("5.3.2.1", vec![TargetedRiskAnalysis]),
        ("6.2.2", vec![TwelveMonths]),
        ("6.5.2", vec![AfterSignificantChange]),
        ("7.2.4", vec![SixMonths]),
        ("7.2.5.1", vec![TargetedRiskAnalysis]),
        ("8.6.3", vec![TargetedRiskAnalysis]),
        ("9.4.1.2", vec![TwelveMonths]),
        ("9.4.5.1", vec![TwelveMonths]),
        ("9.5.1.2.1", vec![TargetedRiskAnalysis]),
        ("10.4.1", vec![Daily]),
        ("10.4.2.1", vec![TargetedRiskAnalysis]),
        ("11.2.1", vec![Quarterly]),
        ("11.3.1", vec![Quarterly]),
        ("11.3.1.3", vec![AfterSignificantChange]),
        ("11.3.2", vec![Quarterly]),
        ("11.3.2.1", vec![AfterSignificantChange]),
        ("11.4.2", vec![TwelveMonths, AfterSignificantChange]),
        ("11.4.3", vec![TwelveMonths, AfterSignificantChange]),
        ("11.4.5", vec![TwelveMonths, AfterSignificantChange]),
        ("11.5.2", vec![Weekly]),
        ("11.6.1", vec![Weekly, TargetedRiskAnalysis]),
        ("12.1.2", vec![TwelveMonths]),
        ("12.3.1", vec![TwelveMonths]),
        ("12.3.3", vec![TwelveMonths]),
        ("12.3.4", vec![TwelveMonths]),
        ("12.5.2", vec![TwelveMonths, AfterSignificantChange]),
        ("12.6.2", vec![TwelveMonths]),
        ("12.6.3", vec![TwelveMonths]),
        ("12.8.4", vec![TwelveMonths]),
        ("12.10.2", vec![TwelveMonths]),
        ("12.10.4.1", vec![TargetedRiskAnalysis]),
    ];
    assert_eq!(got, want);
    // Every one is in SAQ D, and the SAQ A r1 ones are the ASV scans, retention check and
    // provider monitoring.
    let q = &ds.questionnaire;
    let d = q.saq("D").expect("D");
    assert!(want.iter().all(|(id, _)| d.contains(id)));
    let a: Vec<&str> = want.iter().map(|(id, _)| *id).filter(|id| q.saq("A").expect("A").contains(id)).collect();
    assert_eq!(a, ["3.2.1", "11.3.2", "11.3.2.1", "12.8.4"]);
    // Snapshots taken before the field existed still read, as "no period".
    let mut old = serde_json::to_value(q.catalog.get("11.3.2").expect("11.3.2")).expect("json");
    old.as_object_mut().expect("object").remove("frequency");
    let back: questionnaire::Requirement = serde_json::from_value(old).expect("old snapshot");
    assert!(back.frequency.is_empty());
}

#[test]
fn bad_frequencies_are_reported_with_file_and_line() {
    let file = "catalog/11.yaml";
    let text = std::fs::read_to_string(root().join("questionnaires/pci-dss-v4.0.1").join(file)).expect("11");
    let (err, msg) = broken(file, |t| t.replacen("frequency: [quarterly]", "frequency: [fortnightly]", 1));
    assert!(msg.contains("catalog/11.yaml") && msg.contains("fortnightly"), "{msg}");
    assert_eq!(err.line(), Some(line_of(&text, "frequency: [quarterly]")), "{msg}");

    let (err, msg) = broken(file, |t| t.replacen("frequency: [quarterly]", "frequency: [quarterly, weekly]", 1));
    assert!(msg.contains("11.2.1") && msg.contains("frequency") && msg.contains("fixed periods"), "{msg}");
    assert!(err.line().is_some(), "{msg}");

    let (_, msg) = broken(file, |t| t.replacen("frequency: [quarterly]", "frequency: [quarterly, quarterly]", 1));
    assert!(msg.contains("11.2.1") && msg.contains("twice"), "{msg}");
}
