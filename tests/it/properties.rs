//! Property tests: the leak guard on every way a card number is written and wherever it sits, the
//! look-alikes it lets through, and lossless assessment export/import.

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

/// The ways people write a card number: unbroken, in fours with a shorter last group, and the
/// Amex (4-6-5), Diners (4-6-4) and 19-digit (4-4-4-4-3) layouts.
fn grouping(len: usize, form: u8) -> Vec<usize> {
    match (form % 3, len) {
        (0, _) => vec![len],
        (2, 15) => vec![4, 6, 5],
        (2, 14) => vec![4, 6, 4],
        _ => {
            let mut g = vec![4; len / 4];
            if !len.is_multiple_of(4) {
                g.push(len % 4);
            }
            g
        }
    }
}

/// A single separator: space, dash, dot, or the no-break space text copied from a web page has.
fn separator(i: u8) -> &'static str {
    [" ", "-", ".", "\u{a0}"][(i % 4) as usize]
}

fn render(digits: &[u8], groups: &[usize], seps: &[u8], mixed: bool) -> String {
    let mut s = String::new();
    let mut at = 0;
    for (n, g) in groups.iter().enumerate() {
        if n > 0 {
            s.push_str(separator(if mixed { seps[n % seps.len()] } else { seps[0] }));
        }
        s.extend(digits[at..at + g].iter().map(|d| char::from(b'0' + d)));
        at += g;
    }
    s
}

/// Words, punctuation and other digit groups, as they sit around a number pasted into a note.
fn surroundings() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        "[a-zA-Z]{1,8}",
        "[0-9]{1,6}",
        "[:;,()!?/#]",
        Just("12/25".to_string()),
        Just("exp".to_string()),
        Just("CVC".to_string()),
    ];
    proptest::collection::vec((token, 0u8..4), 0..6)
        .prop_map(|ts| ts.into_iter().map(|(t, sep)| format!("{t}{}", separator(sep))).collect::<String>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn luhn_valid_numbers_are_caught_wherever_they_sit(
        len in 13usize..=19,
        body in proptest::collection::vec(0u8..10, 19),
        form in 0u8..3,
        seps in proptest::collection::vec(0u8..4, 1..6),
        mixed in any::<bool>(),
        before in surroundings(),
        after in surroundings(),
        joint in proptest::collection::vec(0u8..4, 2),
        at_edges in any::<bool>(),
    ) {
        let digits = with_check_digit(body[..len].to_vec(), true);
        prop_assume!(!digits.iter().all(|d| *d == digits[0]));
        let number = render(&digits, &grouping(len, form), &seps, mixed);
        // Joined to its neighbours by one separator, so neighbouring digit groups are part of the
        // same run (the case the earlier guard missed), or alone at the start and end of a line.
        let text = if at_edges {
            format!("{number}\n{after}\n{before}{number}")
        } else {
            format!("{before}{}{number}{}{after}", separator(joint[0]), separator(joint[1]))
        };
        let found = scan(&text);
        prop_assert!(found.iter().any(|f| f.kind == LeakKind::CardNumber), "missed {text:?}");
        for f in &found {
            prop_assert!(!f.explain().contains(&number), "the refusal repeats the number");
        }
    }

    #[test]
    fn numbers_that_fail_luhn_pass_unbroken_or_in_fours(
        len in 13usize..=16,
        body in proptest::collection::vec(0u8..10, 19),
        form in 0u8..2,
        seps in proptest::collection::vec(0u8..4, 1..6),
        long_ref in "[1-9][0-9]{19,30}",
    ) {
        let digits = with_check_digit(body[..len].to_vec(), false);
        let text = format!("ref {} ok; order {long_ref}", render(&digits, &grouping(len, form), &seps, false));
        prop_assert!(scan(&text).is_empty(), "false alarm on {text}");
    }
}

/// Look-alikes of every kind the guard lets through: requirement IDs, dates, times, telephone
/// numbers, IPv4 addresses, UUIDs, IBANs, hex digests and masked card numbers.
fn look_alike(kind: u8, r: &[u32]) -> String {
    let hex = |n: usize| r.iter().cycle().take(n).map(|v| format!("{:x}", v % 16)).collect::<String>();
    match kind % 11 {
        0 => format!("{}.{}.{}", 1 + r[0] % 12, 1 + r[1] % 9, 1 + r[2] % 9),
        1 => format!("20{:02}-{:02}-{:02}", r[0] % 40, 1 + r[1] % 12, 1 + r[2] % 28),
        2 => format!("{:02}.{:02}.20{:02}", 1 + r[0] % 28, 1 + r[1] % 12, r[2] % 40),
        3 => format!("{:02}:{:02}:{:02}", r[0] % 24, r[1] % 60, r[2] % 60),
        4 => format!("+{} {} {} {}", 1 + r[0] % 99, 10 + r[1] % 90, 1000 + r[2] % 9000, 1000 + r[3] % 9000),
        5 => format!("{}-555-{:04}", 200 + r[0] % 800, r[1] % 10000),
        6 => format!("{}.{}.{}.{}", r[0] % 256, r[1] % 256, r[2] % 256, r[3] % 256),
        7 => format!("{}-{}-4{}-a{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12)),
        8 => iban(r),
        9 => format!("sha256 {}a", hex(63)),
        _ => format!(
            "{} {:04}",
            ["card ending", "••••", "XXXX-XXXX-XXXX-", "**** **** ****"][(r[0] % 4) as usize],
            r[1] % 10000
        ),
    }
}

/// A German IBAN with a correct check: "DE", two check digits, 18 digits, in groups of four.
fn iban(r: &[u32]) -> String {
    let bban: String = r.iter().cycle().take(18).map(|v| char::from(b'0' + (v % 10) as u8)).collect();
    // ISO 13616: the check digits make BBAN + "DE00" (D=13, E=14) leave 1 modulo 97.
    let rem = format!("{bban}131400").bytes().fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97);
    let plain = format!("DE{:02}{bban}", 98 - rem);
    plain.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Each kind in a space-separated list of its own kind (every gap a separator: the hardest
    /// case), and all kinds mixed in one note.
    #[test]
    fn look_alikes_pass(
        kind in 0u8..11,
        items in proptest::collection::vec(proptest::collection::vec(any::<u32>(), 20), 1..8),
    ) {
        let list = items.iter().map(|r| look_alike(kind, r)).collect::<Vec<_>>().join(" ");
        prop_assert!(scan(&list).is_empty(), "false alarm on {list:?}: {:?}", scan(&list));
        let mixed = items.iter().enumerate().map(|(i, r)| look_alike(i as u8, r)).collect::<Vec<_>>().join("; ");
        prop_assert!(scan(&mixed).is_empty(), "false alarm on {mixed:?}: {:?}", scan(&mixed));
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
        let a = a_store.create_assessment(&data.questionnaire, &NewAssessment { merchant: m.id, year: 2026, saqs: vec![saqdesk::store::NewPart::of("A-EP")], period_start: None, period_end: None, scope: None }, &who).expect("assessment");
        for (idx, k, note) in &answers {
            let req = a.snapshot.requirements[*idx].id.clone();
            let input = AnswerInput { response: Some(kind(*k)), notes: Some(note.clone()), explanation: Some(note.clone()), ..Default::default() };
            // Notes that happen to look like card data are refused; that is the guard, not a loss.
            let _ = a_store.answer(&a.id, &req, &input, None, &who);
        }
        // SAQ A-EP's per-bullet requirements, some bullets left open.
        for (r, bullet, k) in &bullet_answers {
            let req = ["4.2.1", "6.2.4", "6.4.3", "11.6.1"][*r];
            let count = a.snapshot.requirement(req).expect("bulleted").bullets.len();
            let input = AnswerInput { bullets: vec![BulletAnswer { bullet: 1 + (bullet - 1) % count, response: k.map(kind) }], ..Default::default() };
            a_store.answer(&a.id, req, &input, None, &who).expect("bullet answer");
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
