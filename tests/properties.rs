//! Property tests: the leak guard on every separator form, and lossless assessment export/import.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use saqdesk::leak_guard::{luhn_valid, scan, LeakKind};
use saqdesk::questionnaire::ResponseKind;
use saqdesk::store::{Actor, AnswerInput, BulletAnswer, EvidenceMeta, MerchantProfile, NewAssessment, Store};

/// Digits with the last one set so the whole number passes (or fails) the Luhn check.
fn with_check_digit(mut digits: Vec<u8>, valid: bool) -> Vec<u8> {
    let last = digits.len() - 1;
    for d in 0..10u8 {
        digits[last] = d;
        if luhn_valid(&digits) == valid {
            break;
        }
    }
    digits
}

fn render(digits: &[u8], seps: &[u8]) -> String {
    let mut s = String::new();
    for (i, d) in digits.iter().enumerate() {
        s.push(char::from(b'0' + d));
        if i + 1 < digits.len() {
            match seps[i % seps.len()] % 3 {
                1 => s.push(' '),
                2 => s.push('-'),
                _ => {}
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn luhn_valid_numbers_are_caught_in_any_separator_form(
        len in 13usize..=19,
        body in proptest::collection::vec(0u8..10, 19),
        seps in proptest::collection::vec(0u8..3, 1..19),
        prefix in "[a-zA-Z :]{0,12}",
    ) {
        let digits = with_check_digit(body[..len].to_vec(), true);
        prop_assume!(!digits.iter().all(|d| *d == digits[0]));
        let text = format!("{prefix}{} end", render(&digits, &seps));
        let found = scan(&text);
        prop_assert!(found.iter().any(|f| f.kind == LeakKind::CardNumber), "missed {text}");
    }

    #[test]
    fn non_luhn_numbers_pass(
        len in 13usize..=19,
        body in proptest::collection::vec(0u8..10, 19),
        seps in proptest::collection::vec(0u8..3, 1..19),
    ) {
        let digits = with_check_digit(body[..len].to_vec(), false);
        let text = format!("ref {} ok", render(&digits, &seps));
        prop_assert!(scan(&text).is_empty(), "false alarm on {text}");
    }
}

fn kind(i: u8) -> ResponseKind {
    [ResponseKind::InPlace, ResponseKind::InPlaceCcw, ResponseKind::NotApplicable, ResponseKind::NotInPlace]
        [(i % 4) as usize]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn export_then_import_is_lossless(
        answers in proptest::collection::vec((0usize..139, 0u8..4, "[\\PC]{0,80}"), 0..30),
        bullet_answers in proptest::collection::vec((0usize..4, 1usize..7, proptest::option::of(0u8..4)), 0..12),
        files in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..2000), 0..4),
        name in "[\\PC]{1,40}",
    ) {
        prop_assume!(scan(&name).is_empty() && !name.trim().is_empty());
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let data = saqdesk::DataSet::open(&root.join("questionnaires")).expect("data");
        let dir = tempfile::tempdir().expect("tmp");
        let who = Actor::new("prop", Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).single().expect("t"));
        let mut a_store = Store::open(&dir.path().join("a.sqlite3")).expect("a");
        let m = a_store.save_merchant(None, &MerchantProfile { legal_name: name.trim().to_string(), ..Default::default() }, &who).expect("merchant");
        let a = a_store.create_assessment(&data.questionnaire, &NewAssessment { merchant: m.id, year: 2026, saq: "A-EP".into(), period_start: None, period_end: None, scope: None }, &who).expect("assessment");
        for (idx, k, note) in &answers {
            let req = a.snapshot.requirements[*idx].id.clone();
            let input = AnswerInput { response: Some(kind(*k)), notes: Some(note.clone()), explanation: Some(note.clone()), ..Default::default() };
            // Notes that happen to look like card data are refused; that is the guard, not a loss.
            let _ = a_store.answer(&a.id, &req, &input, &who);
        }
        // SAQ A-EP's per-bullet requirements, some bullets left open.
        for (r, bullet, k) in &bullet_answers {
            let req = ["4.2.1", "6.2.4", "6.4.3", "11.6.1"][*r];
            let count = a.snapshot.requirement(req).expect("bulleted").bullets.len();
            let input = AnswerInput { bullets: vec![BulletAnswer { bullet: 1 + (bullet - 1) % count, response: k.map(kind) }], ..Default::default() };
            a_store.answer(&a.id, req, &input, &who).expect("bullet answer");
        }
        for (i, bytes) in files.iter().enumerate() {
            let _ = a_store.add_evidence_bytes(&a.id, &["12.8.1".to_string()], &format!("f{i}.bin"), bytes, &EvidenceMeta::default(), &who);
        }
        let file = dir.path().join("a.saqdesk");
        a_store.export_assessment(&a.id, &file).expect("export");
        let mut b_store = Store::open(&dir.path().join("b.sqlite3")).expect("b");
        b_store.import_assessment(&file, &who).expect("import");

        let before = a_store.portable(&a.id).expect("a");
        let after = b_store.portable(&a.id).expect("b");
        prop_assert_eq!(&before.merchant, &after.merchant);
        prop_assert_eq!(&before.assessment.snapshot, &after.assessment.snapshot);
        prop_assert_eq!(&before.responses, &after.responses);
        prop_assert_eq!(&before.evidence, &after.evidence);
        prop_assert_eq!(before.history.len() + 1, after.history.len(), "history plus the import entry");
        for e in &before.evidence {
            prop_assert_eq!(a_store.evidence_bytes(&e.sha256).expect("a"), b_store.evidence_bytes(&e.sha256).expect("b"));
        }
    }
}
