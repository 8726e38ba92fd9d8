//! The compliance year end to end: coverage shown by `saqdesk schedule`, the In Place warning in
//! `saqdesk status`, TRA periods and the validation due date in the real SQLite file, the due list
//! across assessments, the calendar file read back by the `ical` crate (not the writer), the
//! evidence PDF read by pdftotext, roll-forward, assessment files, the sweep, and a database
//! written by release 0.1.0.

use crate::common::{self, open_db, pdf_text, Env};
use crate::schedule::{parse, unescape};
use serde_json::Value;
use std::collections::BTreeMap;

/// Writes a small evidence file with its own bytes (identical files would be stored once).
fn file(env: &Env, name: &str) -> String {
    let p = env.path(name);
    common::write(&p, &format!("{name}: scan report\n"));
    p.to_str().expect("utf8").to_string()
}

/// Adds evidence for `items`, effective `date`; returns its ID.
fn evidence(env: &Env, a: &str, items: &[&str], name: &str, date: &str) -> String {
    let f = file(env, name);
    let mut args = vec!["evidence", "add", a];
    args.extend_from_slice(items);
    args.extend_from_slice(&[f.as_str(), "--effective-date", date]);
    env.ok(&args)
}

fn new_assessment(env: &Env, merchant: &str, year: &str, saq: &str) -> String {
    let m = env.merchant(merchant);
    env.ok(&["assessment", "new", "--merchant", &m, "--year", year, "--saq", saq])
}

/// The requirement `id` of a `schedule --json` answer.
fn recurring<'a>(s: &'a Value, id: &str) -> &'a Value {
    s["requirements"].as_array().expect("requirements").iter().find(|r| r["requirement"] == id).expect(id)
}

/// (name, start, end, state, evidence IDs) of each period.
fn periods(r: &Value) -> Vec<(String, String, String, String, Vec<String>)> {
    r["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| {
            (
                p["period"]["name"].as_str().unwrap_or_default().to_string(),
                p["period"]["start"].as_str().unwrap_or_default().to_string(),
                p["period"]["end"].as_str().unwrap_or_default().to_string(),
                p["state"]["state"].as_str().unwrap_or_default().to_string(),
                p["evidence"]
                    .as_array()
                    .expect("ev")
                    .iter()
                    .map(|e| e["id"].as_str().unwrap_or_default().into())
                    .collect(),
            )
        })
        .collect()
}

fn p(name: &str, start: &str, end: &str, state: &str, ev: &[&str]) -> (String, String, String, String, Vec<String>) {
    (name.into(), start.into(), end.into(), state.into(), ev.iter().map(|s| s.to_string()).collect())
}

#[test]
fn coverage_around_period_boundaries_and_the_officers_day() {
    let env = Env::new();
    let a = new_assessment(&env, "Boundary Shop Ltd", "2026", "A");
    let q1 = evidence(&env, &a, &["11.3.2"], "asv-q1.pdf", "2026-03-31"); // Q1's last day
    let q2 = evidence(&env, &a, &["11.3.2", "11.3.2.1"], "asv-q2.pdf", "2026-04-01"); // Q2's first day
    evidence(&env, &a, &["11.3.2"], "asv-2025.pdf", "2025-12-31"); // before the assessment period
    let undated = file(&env, "undated.pdf");
    env.ok(&["evidence", "add", &a, "11.3.2", &undated]); // no date: shows no period

    let s = env.json(&["schedule", &a]);
    assert_eq!(s["today"], "2026-11-23");
    assert_eq!((s["period"]["start"].as_str(), s["period"]["end"].as_str()), (Some("2026-01-01"), Some("2026-12-31")));
    let asv = recurring(&s, "11.3.2");
    assert_eq!(asv["cadence"]["kind"], "fixed");
    assert_eq!(
        periods(asv),
        [
            p("Q1", "2026-01-01", "2026-03-31", "covered", &[&q1]),
            p("Q2", "2026-04-01", "2026-06-30", "covered", &[&q2]),
            p("Q3", "2026-07-01", "2026-09-30", "missing", &[]),
            p("Q4", "2026-10-01", "2026-12-31", "due", &[]),
        ]
    );
    assert_eq!(asv["periods"][3]["state"]["by"], "2026-12-31");
    assert_eq!(asv["periods"][0]["evidence"][0]["name"], "asv-q1.pdf");
    // 11.3.2.1 runs after each significant change: no periods, a reminder instead.
    assert_eq!(recurring(&s, "11.3.2.1")["periods"].as_array().map(Vec::len), Some(0));
    assert!(s["reminders"].as_array().expect("r").iter().any(|r| r["requirement"] == "11.3.2.1"), "{s}");

    let text = env.ok(&["schedule", &a]);
    assert!(
        text.contains(
            "11.3.2 External ASV scans are passed at least quarterly: Q1 ✓ · Q2 ✓ · Q3 missing · Q4 due by 31 Dec 2026"
        ),
        "{text}"
    );
    assert!(text.contains("Q1: asv-q1.pdf (2026-03-31)"), "{text}");
    assert!(text.contains("Validation due: 31 Dec 2026 (the end of the assessment period)"), "{text}");

    // Dates are calendar dates where the officer is: 23:30 in New York on 30 September is
    // already 1 October in UTC, yet Q3 is still open; half past midnight in Berlin on 1 October
    // is still 30 September in UTC, yet Q3 is over.
    let ny = env.json(&["--now", "2026-09-30T23:30:00-04:00", "schedule", &a]);
    assert_eq!(ny["today"], "2026-09-30");
    assert_eq!(
        recurring(&ny, "11.3.2")["periods"][2]["state"],
        serde_json::json!({"state": "due", "by": "2026-09-30"})
    );
    let berlin = env.json(&["--now", "2026-10-01T00:30:00+02:00", "schedule", &a]);
    assert_eq!(berlin["today"], "2026-10-01");
    assert_eq!(recurring(&berlin, "11.3.2")["periods"][2]["state"]["state"], "missing");
}

#[test]
fn in_place_with_a_gap_is_a_warning_in_status_never_a_blocker() {
    let env = Env::new();
    let a = new_assessment(&env, "Gap Shop Ltd", "2026", "A");
    env.complete(&a, "A");
    evidence(&env, &a, &["11.3.2"], "asv-q1.pdf", "2026-02-10");
    evidence(&env, &a, &["11.3.2"], "asv-q2.pdf", "2026-05-10");
    for (q, d) in [("1", "2026-03-01"), ("2", "2026-06-01"), ("3", "2026-09-01")] {
        evidence(&env, &a, &["3.2.1"], &format!("retention-q{q}.pdf"), d);
    }

    let text = env.ok(&["status", &a]);
    assert!(text.contains("Nothing blocks attestation."), "{text}");
    assert!(text.contains("1 warning(s) that do not block attestation"), "{text}");
    let line = text.lines().find(|l| l.trim_start().starts_with("11.3.2 ")).expect("warning line");
    assert!(line.contains("no dated evidence covers the period Q3 (1 Jul – 30 Sep 2026)"), "{line}");
    assert!(line.contains("every three months"), "{line}");

    let s = env.json(&["status", &a]);
    assert_eq!(s["ready"], true);
    assert_eq!(s["blockers"], serde_json::json!([]));
    let w = s["warnings"].as_array().expect("warnings");
    assert_eq!(w.len(), 1, "{s}");
    assert_eq!((w[0]["requirement"].as_str(), w[0]["kind"].as_str()), (Some("11.3.2"), Some("uncovered-periods")));
    assert_eq!(w[0]["periods"][0]["name"], "Q3");
    // The open-assessment view (what the checklist reads) carries the same warning.
    let view = saqdesk_view(&env, &a);
    assert_eq!(view["status"]["warnings"][0]["requirement"], "11.3.2");

    // The Q3 record settles it; taking it out again brings the warning back.
    let q3 = evidence(&env, &a, &["11.3.2"], "asv-q3.pdf", "2026-08-20");
    assert_eq!(env.json(&["status", &a])["warnings"], serde_json::json!([]));
    env.ok(&["evidence", "remove", &q3]);
    assert_eq!(env.json(&["status", &a])["warnings"].as_array().map(Vec::len), Some(1));

    // A warning does not stop the signature, and the attested record keeps saying it.
    env.ok(&["attest", &a, "--name", "Gail Gap", "--title", "Director"]);
    let after = env.ok(&["status", &a]);
    assert!(after.contains("attested") && after.contains("1 warning(s)"), "{after}");
}

/// `open_assessment` as the app calls it, through the dispatcher.
fn saqdesk_view(env: &Env, a: &str) -> Value {
    let data = saqdesk::DataSet::open(&common::root().join("questionnaires")).expect("data");
    let mut desk =
        saqdesk::desk::Desk::with_data(data, &env.db(), Some(common::root().join("templates"))).expect("desk");
    let now = chrono::DateTime::parse_from_rfc3339(common::NOW).expect("now").to_utc();
    let who = saqdesk::store::Actor::new("officer", now);
    saqdesk::ipc::dispatch(&mut desk, "open_assessment", serde_json::json!({ "assessment": a }), &who).expect("view")
}

#[test]
fn tra_periods_and_the_due_date_are_stored_audited_and_refused_when_wrong() {
    let env = Env::new();
    let a = new_assessment(&env, "Risk Based Ltd", "2026", "A-EP");
    let before = env.json(&["schedule", &a]);
    assert_eq!(recurring(&before, "5.2.3.1")["cadence"]["kind"], "risk-analysis-pending");
    assert_eq!(recurring(&before, "5.2.3.1")["summary"], "period not entered from the targeted risk analysis");

    let out =
        env.ok(&["tra", "set", &a, "5.2.3.1", "--every", "6-months", "--reference", "TRA-2026-01, signed 12 Jan"]);
    assert!(out.contains("5.2.3.1") && out.contains("every six months as the targeted risk analysis set"), "{out}");
    let (unit, count, reference, by): (String, i64, String, String) = open_db(&env.db())
        .query_row(
            "SELECT unit, count, reference, set_by FROM tra_periods WHERE assessment_id = ?1 AND requirement_id = '5.2.3.1'",
            [&a],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("row");
    assert_eq!(
        (unit.as_str(), count, reference.as_str(), by.as_str()),
        ("months", 6, "TRA-2026-01, signed 12 Jan", "tester")
    );
    let s = env.json(&["schedule", &a]);
    let r = recurring(&s, "5.2.3.1");
    assert_eq!(r["cadence"], serde_json::json!({"kind": "risk-analysis", "every": {"unit": "months", "count": 6}}));
    assert_eq!(
        periods(r),
        [p("H1", "2026-01-01", "2026-06-30", "missing", &[]), p("H2", "2026-07-01", "2026-12-31", "due", &[])]
    );
    assert_eq!(r["tra_period"]["reference"], "TRA-2026-01, signed 12 Jan");
    // Two weeks are entered as fourteen days.
    env.ok(&["tra", "set", &a, "5.3.2.1", "--every", "2-weeks"]);
    let r = env.json(&["schedule", &a]);
    assert_eq!(recurring(&r, "5.3.2.1")["cadence"]["every"], serde_json::json!({"unit": "days", "count": 14}));

    // Refused, naming the field: a requirement whose text fixes its period, a period out of range,
    // something that is not a period, a card number in the reference.
    let err = |args: &[&str]| -> Value {
        let mut v = args.to_vec();
        v.push("--json");
        serde_json::from_str(env.fails(&v, 2).trim()).expect("error json")
    };
    let e = err(&["tra", "set", &a, "11.3.2", "--every", "1-month"]);
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("invalid"), Some("requirement")));
    assert!(e["message"].as_str().is_some_and(|m| m.contains("every three months") && m.contains("5.2.3.1")), "{e}");
    let e = err(&["tra", "set", &a, "5.2.3.1", "--every", "0-months"]);
    assert_eq!(e["field"], "every.count");
    let e = err(&["tra", "set", &a, "5.2.3.1", "--every", "fortnightly"]);
    assert_eq!(e["field"], "every");
    let e = err(&["tra", "set", &a, "5.2.3.1", "--every", "3-months", "--reference", "paid 4111 1111 1111 1111 12/25"]);
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("leak_refused"), Some("reference")));
    assert!(!e["message"].as_str().unwrap_or_default().contains("4111 1111"), "{e}");

    env.ok(&["tra", "clear", &a, "5.2.3.1"]);
    let n: i64 = open_db(&env.db())
        .query_row("SELECT count(*) FROM tra_periods WHERE requirement_id = '5.2.3.1'", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0);

    // The due date: the default, the officer's date with its reason, refusals, and back.
    assert_eq!(
        env.ok(&["assessment", "due-date", &a]),
        "Validation due: 31 Dec 2026 (the end of the assessment period)"
    );
    let v = env.json(&["assessment", "due-date", &a, "2027-03-31", "--reason", "Acquirer's letter of 3 March"]);
    assert_eq!(
        (v["date"].as_str(), v["source"].as_str(), v["default_date"].as_str()),
        (Some("2027-03-31"), Some("officer"), Some("2026-12-31"))
    );
    let (due, reason): (String, String) = open_db(&env.db())
        .query_row("SELECT due_on, reason FROM validation_due WHERE assessment_id = ?1", [&a], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("row");
    assert_eq!((due.as_str(), reason.as_str()), ("2027-03-31", "Acquirer's letter of 3 March"));
    assert_eq!(err(&["assessment", "due-date", &a, "2025-12-31"])["field"], "date");
    assert_eq!(err(&["assessment", "due-date", &a, "2207-03-31"])["field"], "date");
    assert_eq!(err(&["assessment", "due-date", &a, "31/03/2027"])["code"], "invalid");
    let v = env.json(&["assessment", "due-date", &a, "--default"]);
    assert_eq!((v["date"].as_str(), v["source"].as_str()), (Some("2026-12-31"), Some("period-end")));

    // Every change is in the audit trail, old and new.
    let h = env.json(&["history", &a]);
    let changes: Vec<(String, Option<String>, Option<String>)> = h
        .as_array()
        .expect("history")
        .iter()
        .filter(|e| e["entity"] == "tra_period" || e["field"].as_str().is_some_and(|f| f.starts_with("validation_due")))
        .map(|e| {
            let what = if e["entity"] == "tra_period" { e["entity_id"].as_str() } else { Some("assessment") };
            (
                format!("{} {}", what.unwrap_or_default(), e["field"].as_str().unwrap_or_default()),
                e["old_value"].as_str().map(str::to_string),
                e["new_value"].as_str().map(str::to_string),
            )
        })
        .collect();
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        changes,
        [
            ("5.2.3.1 every".into(), None, s("every six months")),
            ("5.2.3.1 reference".into(), None, s("TRA-2026-01, signed 12 Jan")),
            ("5.3.2.1 every".into(), None, s("every 14 days")),
            ("5.2.3.1 every".into(), s("every six months"), None),
            ("5.2.3.1 reference".into(), s("TRA-2026-01, signed 12 Jan"), None),
            ("assessment validation_due".into(), s("2026-12-31 (default)"), s("2027-03-31")),
            ("assessment validation_due_reason".into(), None, s("Acquirer's letter of 3 March")),
            ("assessment validation_due".into(), s("2027-03-31"), s("2026-12-31 (default)")),
            ("assessment validation_due_reason".into(), s("Acquirer's letter of 3 March"), None),
        ]
    );
}

#[test]
fn due_list_across_assessments_splits_overdue_and_the_next_30_days() {
    let env = Env::new();
    let a = new_assessment(&env, "Alpha Cards Ltd", "2026", "A");
    evidence(&env, &a, &["11.3.2"], "asv-q1.pdf", "2026-02-01");
    evidence(&env, &a, &["11.3.2"], "asv-q2.pdf", "2026-05-01");
    env.ok(&["answer", &a, "12.8.1", "--response", "not-in-place", "--remediation-date", "2026-12-10"]);
    env.ok(&["assessment", "due-date", &a, "2026-12-15", "--reason", "Acquirer portal"]);
    // A second merchant: an old year rolled forward drops out (the new year holds the work).
    let b_old = new_assessment(&env, "Beta Terminals GmbH", "2025", "C-VT");
    let b = env.json(&["assessment", "new", "--from", &b_old])["assessment"]["id"].as_str().expect("id").to_string();

    let d = env.json(&["due"]);
    assert_eq!(d["today"], "2026-11-23");
    assert_eq!(d["assessments"], 2, "{d}");
    let rows = |list: &Value| -> Vec<(String, String, String, Option<String>)> {
        list.as_array()
            .expect("list")
            .iter()
            .map(|e| {
                (
                    e["merchant"].as_str().unwrap_or_default().to_string(),
                    e["item"]["date"].as_str().unwrap_or_default().to_string(),
                    e["item"]["kind"].as_str().unwrap_or_default().to_string(),
                    e["item"]["requirement"].as_str().map(str::to_string),
                )
            })
            .collect()
    };
    let alpha = |date: &str, kind: &str, req: Option<&str>| {
        ("Alpha Cards Ltd".to_string(), date.to_string(), kind.to_string(), req.map(str::to_string))
    };
    assert_eq!(
        rows(&d["overdue"]),
        [
            alpha("2026-03-31", "recurring", Some("3.2.1")),
            alpha("2026-06-30", "recurring", Some("3.2.1")),
            alpha("2026-09-30", "recurring", Some("11.3.2")),
            alpha("2026-09-30", "recurring", Some("3.2.1")),
        ],
        "{d:#}"
    );
    assert_eq!(
        rows(&d["next_30_days"]),
        [alpha("2026-12-10", "remediation", Some("12.8.1")), alpha("2026-12-15", "validation", None)],
        "the 31 December periods are beyond 23 December; Beta's 2026 work falls due later: {d:#}"
    );
    assert!(d["overdue"].as_array().expect("o").iter().all(|e| e["assessment_id"] == a.as_str()));
    let b_items = env.json(&["calendar", &b]);
    assert!(b_items["events"].as_array().is_some_and(|e| !e.is_empty()), "Beta's new year has its calendar");
    assert!(!d.to_string().contains(&b_old), "the rolled-forward year is not listed");

    let text = env.ok(&["due"]);
    assert!(text.contains("Overdue (4):"), "{text}");
    assert!(
        text.contains(
            "2026-09-30  Alpha Cards Ltd 2026 SAQ A  11.3.2 Q3: External ASV scans are passed at least quarterly"
        ),
        "{text}"
    );
    assert!(text.contains("Due in the next 30 days, to 23 Dec 2026 (2):"), "{text}");
    assert!(
        text.contains("2026-12-15  Alpha Cards Ltd 2026 SAQ A  Self-assessment and attestation of compliance"),
        "{text}"
    );
}

/// (UID, DTSTART, SUMMARY, alarm triggers) by UID, from the calendar file.
fn ics_events(path: &std::path::Path) -> BTreeMap<String, (String, String, Vec<String>)> {
    let text = std::fs::read_to_string(path).expect("ics");
    let (cal, events) = parse(&text);
    assert!(
        cal.iter().any(|(k, v)| k == "X-WR-CALNAME" && v.starts_with("PCI DSS 2026 — Cal Shop Ltd (SAQ A)")),
        "{cal:?}"
    );
    events
        .iter()
        .map(|e| {
            assert_eq!(e.params("DTSTART"), [("VALUE".to_string(), vec!["DATE".to_string()])]);
            let triggers = e
                .alarms
                .iter()
                .map(|a| a.iter().find(|(k, _)| k == "TRIGGER").map(|(_, v)| v.clone()).unwrap_or_default())
                .collect();
            (e.get("UID").to_string(), (e.get("DTSTART").to_string(), unescape(e.get("SUMMARY")), triggers))
        })
        .collect()
}

#[test]
fn calendar_file_reads_back_with_stable_uids_that_follow_a_changed_date() {
    let env = Env::new();
    let a = new_assessment(&env, "Cal Shop Ltd", "2026", "A");
    evidence(&env, &a, &["11.3.2"], "asv-q1.pdf", "2026-02-01");
    env.ok(&["answer", &a, "12.8.1", "--response", "not-in-place", "--remediation-date", "2027-01-31"]);
    let ics = env.path("year.ics");
    let out = env.ok(&["calendar", &a, "--ics", ics.to_str().expect("utf8")]);
    assert!(out.contains("year.ics") && out.contains("events"), "{out}");
    assert!(!env.path(".year.ics.partial").exists(), "the temp file was renamed into place");
    let first = std::fs::read(&ics).expect("ics");
    let events = ics_events(&ics);

    // The JSON event list is the file's, event for event.
    let json = env.json(&["calendar", &a]);
    let listed: BTreeMap<String, String> = json["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (e["uid"].as_str().unwrap_or_default().to_string(), e["date"].as_str().unwrap_or_default().replace('-', ""))
        })
        .collect();
    assert_eq!(listed, events.iter().map(|(u, (d, _, _))| (u.clone(), d.clone())).collect::<BTreeMap<_, _>>());

    let find = |evs: &BTreeMap<String, (String, String, Vec<String>)>, summary: &str| {
        evs.iter().find(|(_, (_, s, _))| s.contains(summary)).map(|(u, v)| (u.clone(), v.clone())).expect(summary)
    };
    let (validation_uid, validation) = find(&events, "Self-assessment and attestation");
    assert_eq!(
        validation,
        (
            "20261231".into(),
            "Due: Self-assessment and attestation of compliance".into(),
            vec!["-P29DT15H".into(), "-P6DT15H".into()]
        )
    );
    let (_, q1) = find(&events, "11.3.2 Q1");
    assert!(q1.1.starts_with("Done: ") && q1.2.is_empty(), "covered, no reminder: {q1:?}");
    let (q3_uid, q3) = find(&events, "11.3.2 Q3");
    assert_eq!((q3.0.as_str(), q3.1.starts_with("Overdue: "), q3.2.len()), ("20260930", true, 0), "{q3:?}");
    let (_, q4) = find(&events, "11.3.2 Q4");
    assert_eq!((q4.0.as_str(), q4.2.clone()), ("20261231", vec!["-P6DT15H".to_string()]), "a week ahead, at 09:00");
    let (_, fix) = find(&events, "12.8.1: remediation target date");
    assert_eq!(fix.0, "20270131");

    // The same data and time: the same bytes.
    env.ok(&["calendar", &a, "--ics", ics.to_str().expect("utf8")]);
    assert_eq!(std::fs::read(&ics).expect("ics"), first);

    // A new deadline and the Q3 scan, exported a day later: the same events, updated in place.
    env.ok(&["assessment", "due-date", &a, "2027-02-28"]);
    evidence(&env, &a, &["11.3.2"], "asv-q3.pdf", "2026-08-15");
    env.ok(&["--now", "2026-11-24T10:00:00Z", "calendar", &a, "--ics", ics.to_str().expect("utf8")]);
    let later = ics_events(&ics);
    assert_eq!(later.keys().collect::<Vec<_>>(), events.keys().collect::<Vec<_>>(), "no event added or lost");
    assert_eq!(later[&validation_uid].0, "20270228", "the moved deadline updates its own event");
    assert!(later[&q3_uid].1.starts_with("Done: "), "{:?}", later[&q3_uid]);
    assert!(std::fs::read_to_string(&ics).expect("ics").contains("DTSTAMP:20261124T100000Z"));

    let e = env.fails(&["calendar", &a, "--ics", env.path("year.txt").to_str().expect("utf8"), "--json"], 2);
    let e: Value = serde_json::from_str(e.trim()).expect("json");
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("invalid"), Some("out")));
}

#[test]
fn evidence_pdf_lists_each_period_and_the_index_names_the_period_each_file_covers() {
    let env = Env::new();
    let a = new_assessment(&env, "Report Shop Ltd", "2026", "A");
    // Added one after the other, so the evidence index numbers them E1, E2.
    for (i, (items, name, date)) in
        [(&["11.3.2"][..], "asv-q1.pdf", "2026-03-14"), (&["11.3.2", "12.8.4"][..], "asv-q2.pdf", "2026-05-02")]
            .into_iter()
            .enumerate()
    {
        let f = file(&env, name);
        let now = format!("2026-11-2{}T10:00:00Z", i + 1);
        let mut args = vec!["--now", now.as_str(), "evidence", "add", &a];
        args.extend_from_slice(items);
        args.extend_from_slice(&[f.as_str(), "--effective-date", date]);
        env.ok(&args);
    }
    env.ok(&["answer", &a, "11.3.2", "--response", "in-place"]);
    let pdf = env.path("r.pdf");
    env.ok(&["export", &a, "--format", "pdf", "--out", pdf.to_str().expect("utf8")]);
    // -raw keeps each table cell's text together, in drawing order.
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", pdf.to_str().expect("utf8"), "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(pdf_text(&pdf).contains("Recurring activities: evidence per period"));
    assert!(flat.contains("Recurring activities: evidence per period"), "{text}");
    assert!(flat.contains("Validation due 31 Dec 2026 (the end of the assessment period)"), "{flat}");
    assert!(flat.contains("Frequency: every three months. Response: In Place."), "{flat}");
    for needle in [
        "Q1 1 Jan – 31 Mar 2026 Covered E1 asv-q1.pdf, effective 2026-03-14",
        "Q2 1 Apr – 30 Jun 2026 Covered E2 asv-q2.pdf, effective 2026-05-02",
        "Q3 1 Jul – 30 Sep 2026 Missing —",
        "Q4 1 Oct – 31 Dec 2026 Due by 31 Dec 2026 —",
        "Warning: 11.3.2 is answered In Place, but no dated evidence covers the period Q3 (1 Jul – 30 Sep 2026).",
        "Periods: Q1 ✓ · Q2 ✓ · Q3 missing · Q4 due by 31 Dec 2026",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in\n{text}");
    }
    // The evidence index: which period each file covers, per requirement.
    assert!(flat.contains("11.3.2 (Q1)"), "{flat}");
    assert!(flat.contains("11.3.2 (Q2), 12.8.4 (Year 1)"), "{flat}");
    // Byte for byte the same for the same data and time.
    let again = env.path("r2.pdf");
    env.ok(&["export", &a, "--format", "pdf", "--out", again.to_str().expect("utf8")]);
    assert_eq!(std::fs::read(&pdf).expect("pdf"), std::fs::read(&again).expect("pdf"));
    let check =
        std::process::Command::new("qpdf").args(["--check", pdf.to_str().expect("utf8")]).output().expect("qpdf");
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    // The JSON export carries the same section.
    let json = env.path("r.json");
    env.ok(&["export", &a, "--format", "json", "--out", json.to_str().expect("utf8")]);
    let m: Value = serde_json::from_str(&std::fs::read_to_string(json).expect("json")).expect("model");
    assert_eq!(m["recurring"]["requirements"][1]["periods"][2]["state"], "missing", "{}", m["recurring"]);
}

#[test]
fn roll_forward_moves_the_due_date_and_periods_and_keeps_last_years_record() {
    let env = Env::new();
    let a = new_assessment(&env, "Yearly Ltd", "2026", "A");
    env.complete(&a, "A");
    evidence(&env, &a, &["11.3.2"], "asv-q1.pdf", "2026-02-01");
    evidence(&env, &a, &["11.3.2"], "asv-q2.pdf", "2026-05-01");
    env.ok(&["attest", &a, "--name", "Yves Yearly", "--title", "CEO", "--date", "2026-11-20"]);
    let later = |args: &[&str]| {
        let mut v = vec!["--now", "2027-01-10T09:00:00Z"];
        v.extend_from_slice(args);
        env.json(&v)
    };
    let last_before = later(&["schedule", &a]);
    let db_before = rows_of(&env, &a);

    let rf = later(&["assessment", "new", "--from", &a]);
    let b = rf["assessment"]["id"].as_str().expect("id").to_string();
    let cal = &rf["calendar"];
    assert_eq!(cal["validation_due"]["date"], "2027-11-20", "twelve months after the attestation: {cal}");
    assert_eq!(
        (cal["validation_due"]["source"].as_str(), cal["validation_due"]["previous_attestation"].as_str()),
        (Some("previous-attestation"), Some("2026-11-20"))
    );
    assert_eq!(cal["recurring"], 4);
    let gaps: Vec<(&str, Vec<&str>)> = cal["last_year_gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| {
            (
                g["requirement"].as_str().unwrap_or_default(),
                g["periods"].as_array().expect("p").iter().map(|p| p["name"].as_str().unwrap_or_default()).collect(),
            )
        })
        .collect();
    assert_eq!(
        gaps,
        [("3.2.1", vec!["Q1", "Q2", "Q3", "Q4"]), ("11.3.2", vec!["Q3", "Q4"]), ("12.8.4", vec!["Year 1"])]
    );

    let next = later(&["schedule", &b]);
    assert_eq!(next["period"], serde_json::json!({"start": "2027-01-01", "end": "2027-12-31"}));
    assert_eq!(next["validation_due"]["date"], "2027-11-20");
    // Last year's scans were carried into the new assessment, but they cover none of its periods.
    assert_eq!(
        periods(recurring(&next, "11.3.2")),
        [
            p("Q1", "2027-01-01", "2027-03-31", "due", &[]),
            p("Q2", "2027-04-01", "2027-06-30", "upcoming", &[]),
            p("Q3", "2027-07-01", "2027-09-30", "upcoming", &[]),
            p("Q4", "2027-10-01", "2027-12-31", "upcoming", &[]),
        ]
    );
    // Last year's record is untouched: the same schedule, the same rows in the file.
    assert_eq!(later(&["schedule", &a]), last_before);
    assert_eq!(rows_of(&env, &a), db_before);
    assert_eq!(later(&["schedule", &a])["attested"], true);
    assert_eq!(recurring(&last_before, "11.3.2")["periods"][0]["state"]["state"], "covered");

    // TRA periods go with the year (an unattested A-EP this time: the default is the period end).
    let c = new_assessment(&env, "Yearly Ltd", "2026", "A-EP");
    env.ok(&["tra", "set", &c, "10.4.2.1", "--every", "1-month", "--reference", "TRA logs v3"]);
    let rf = later(&["assessment", "new", "--from", &c]);
    let d = rf["assessment"]["id"].as_str().expect("id").to_string();
    assert_eq!(rf["calendar"]["validation_due"]["date"], "2027-12-31");
    assert_eq!(rf["calendar"]["tra_periods"][0]["requirement"], "10.4.2.1");
    let (unit, count, reference): (String, i64, String) = open_db(&env.db())
        .query_row("SELECT unit, count, reference FROM tra_periods WHERE assessment_id = ?1", [&d], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("carried row");
    assert_eq!((unit.as_str(), count, reference.as_str()), ("months", 1, "TRA logs v3"));
    let next = later(&["schedule", &d]);
    let logs = recurring(&next, "10.4.2.1");
    assert_eq!(logs["periods"].as_array().map(Vec::len), Some(12));
    assert_eq!(logs["periods"][0]["period"]["start"], "2027-01-01");
    let text =
        env.cmd().args(["--now", "2027-01-10T09:00:00Z", "assessment", "new", "--from", &d]).output().expect("run");
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(stderr.contains("TRA period carried: 10.4.2.1 every month (12.3.1: review the analysis"), "{stderr}");
}

/// Every row of every table that belongs to assessment `id`, as text.
fn rows_of(env: &Env, id: &str) -> Vec<String> {
    let db = open_db(&env.db());
    let mut out = Vec::new();
    for (table, key) in [
        ("assessments", "id"),
        ("assessment_saqs", "assessment_id"),
        ("responses", "assessment_id"),
        ("evidence", "assessment_id"),
        ("attestations", "assessment_id"),
        ("eligibility", "assessment_id"),
        ("tra_periods", "assessment_id"),
        ("validation_due", "assessment_id"),
    ] {
        let mut st = db.prepare(&format!("SELECT * FROM {table} WHERE {key} = ?1 ORDER BY rowid")).expect("q");
        let n = st.column_count();
        let rows = st
            .query_map([id], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("rows");
        for r in rows {
            out.push(format!("{table}: {}", r.expect("row").join(" | ")));
        }
    }
    out
}

#[test]
fn assessment_files_carry_the_calendar_and_older_formats_still_import() {
    let env = Env::new();
    let a = new_assessment(&env, "Portable Ltd", "2026", "A-EP");
    env.ok(&["tra", "set", &a, "5.2.3.1", "--every", "3-months", "--reference", "TRA anti-malware 2026"]);
    env.ok(&["assessment", "due-date", &a, "2027-02-15", "--reason", "Acquirer deadline"]);
    let file = env.path("a.saqdesk");
    env.ok(&["export-assessment", &a, file.to_str().expect("utf8")]);

    let json = read_zip_json(&file);
    assert_eq!(json["format"], 4);
    assert_eq!(json["tra_periods"][0]["every"], serde_json::json!({"unit": "months", "count": 3}));
    assert_eq!(json["validation_due"]["date"], "2027-02-15");

    let other = Env::new();
    other.ok(&["import-assessment", file.to_str().expect("utf8")]);
    let s = other.json(&["schedule", &a]);
    assert_eq!(recurring(&s, "5.2.3.1")["tra_period"]["reference"], "TRA anti-malware 2026");
    assert_eq!(
        (s["validation_due"]["date"].as_str(), s["validation_due"]["source"].as_str()),
        (Some("2027-02-15"), Some("officer"))
    );
    assert_eq!(s["validation_due"]["set"]["reason"], "Acquirer deadline");

    // The same file as format 3 wrote it: no calendar in it, so the defaults apply.
    let mut old = json.clone();
    old["format"] = 3.into();
    old.as_object_mut().expect("object").remove("tra_periods");
    old.as_object_mut().expect("object").remove("validation_due");
    let old_file = env.path("old.saqdesk");
    rewrite_zip_json(&file, &old_file, &old);
    let third = Env::new();
    third.ok(&["import-assessment", old_file.to_str().expect("utf8")]);
    let s = third.json(&["schedule", &a]);
    assert!(recurring(&s, "5.2.3.1")["tra_period"].is_null());
    assert_eq!(s["validation_due"]["source"], "period-end");

    // A file claiming a TRA period where no TRA decides the period is refused whole.
    let mut bad = json.clone();
    bad["tra_periods"][0]["requirement"] = "11.3.2".into();
    let bad_file = env.path("bad.saqdesk");
    rewrite_zip_json(&file, &bad_file, &bad);
    let e = Env::new().fails(&["import-assessment", bad_file.to_str().expect("utf8")], 2);
    assert!(e.contains("11.3.2"), "{e}");
}

fn read_zip_json(file: &std::path::Path) -> Value {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).expect("zip")).expect("archive");
    let mut text = String::new();
    zip.by_name("assessment.json").expect("entry").read_to_string(&mut text).expect("read");
    serde_json::from_str(&text).expect("json")
}

/// A copy of assessment file `src` with `assessment.json` replaced.
fn rewrite_zip_json(src: &std::path::Path, dest: &std::path::Path, json: &Value) {
    use std::io::Write;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(src).expect("zip")).expect("archive");
    let mut out = zip::ZipWriter::new(std::fs::File::create(dest).expect("create"));
    for i in 0..zip.len() {
        let entry = zip.by_index(i).expect("entry");
        let name = entry.name().to_string();
        if name == "assessment.json" {
            out.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
            out.write_all(serde_json::to_string(json).expect("json").as_bytes()).expect("write");
        } else {
            out.raw_copy_file(entry).expect("copy");
        }
    }
    out.finish().expect("finish");
}

#[test]
fn the_sweep_covers_the_new_text_columns() {
    let env = Env::new();
    let a = new_assessment(&env, "Sweep Me Ltd", "2026", "A-EP");
    env.ok(&["tra", "set", &a, "5.2.3.1", "--every", "3-months", "--reference", "clean"]);
    env.ok(&["assessment", "due-date", &a, "2027-01-31", "--reason", "clean"]);
    // What an older guard could have let in, written straight to the file.
    open_db(&env.db())
        .execute_batch(
            "UPDATE tra_periods SET reference = 'TRA by phone, card 4111111111111111 12/25';
             UPDATE validation_due SET reason = 'acquirer asked, ref 5555555555554444 0925';",
        )
        .expect("plant");
    let out = env.cmd().args(["sweep", "--json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let places: Vec<&str> =
        report["hits"].as_array().expect("hits").iter().map(|h| h["place"].as_str().unwrap_or_default()).collect();
    assert!(places.contains(&"5.2.3.1 TRA period: where the analysis is documented"), "{places:?}");
    assert!(places.contains(&"validation due date: reason"), "{places:?}");
    env.ok(&["sweep", "--redact"]);
    let (reference, reason): (String, String) = open_db(&env.db())
        .query_row(
            "SELECT t.reference, v.reason FROM tra_periods t JOIN validation_due v USING (assessment_id)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("rows");
    assert_eq!(reference, "TRA by phone, card [card ending 1111] 12/25");
    assert_eq!(reason, "acquirer asked, ref [card ending 4444] 0925");
}

#[test]
fn a_database_from_release_0_1_0_gains_the_calendar_with_nothing_lost() {
    let env = Env::new();
    std::fs::copy(common::root().join("tests/fixtures/release-0.1.0.sqlite3"), env.db()).expect("fixture");
    let count = |table: &str| -> i64 {
        open_db(&env.db()).query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect(table)
    };
    let before: Vec<(&str, i64)> =
        ["merchants", "assessments", "responses", "evidence", "evidence_blobs", "attestations", "eligibility", "audit"]
            .into_iter()
            .map(|t| (t, count(t)))
            .collect();
    let list = env.json(&["assessment", "list"]);
    let db = open_db(&env.db());
    let v: i64 = db.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("v");
    assert_eq!(v, saqdesk::store::SCHEMA_VERSION);
    for (table, n) in &before {
        assert_eq!(count(table), *n, "{table}: nothing lost, nothing written by reading");
    }
    for table in ["tra_periods", "validation_due"] {
        assert_eq!(count(table), 0, "{table}: created, empty");
    }
    let id_of = |saq: &str| -> String {
        list.as_array()
            .expect("list")
            .iter()
            .find(|a| a["saq"] == saq)
            .and_then(|a| a["id"].as_str())
            .expect(saq)
            .to_string()
    };
    let (a2025, aep, cvt) = (id_of("A"), id_of("A-EP"), id_of("C-VT"));

    // The due dates default sensibly: the 2026 A-EP twelve months after the merchant's 2025 SAQ A
    // was attested (on 30 June 2026); the other merchant's first year at the period's end.
    let due = |id: &str| env.json(&["assessment", "due-date", id]);
    let d = due(&aep);
    assert_eq!(
        (d["date"].as_str(), d["source"].as_str(), d["previous_attestation"].as_str()),
        (Some("2027-06-30"), Some("previous-attestation"), Some("2026-06-30"))
    );
    assert_eq!((due(&cvt)["date"].as_str(), due(&cvt)["source"].as_str()), (Some("2026-12-31"), Some("period-end")));

    // Snapshots of 0.1.0 hold no frequencies; they are read with the catalog's, the file unchanged.
    let raw: String = db
        .query_row("SELECT snapshot_json FROM assessment_saqs WHERE assessment_id = ?1", [&aep], |r| r.get(0))
        .expect("snapshot");
    assert!(!raw.contains("\"frequency\""), "the stored snapshot is left as it was");
    let s = env.json(&["schedule", &aep]);
    assert_eq!(s["requirements"].as_array().map(Vec::len), Some(19));
    assert_eq!(recurring(&s, "11.3.2")["summary"], "Q1 missing · Q2 missing · Q3 missing · Q4 due by 31 Dec 2026");
    assert_eq!(recurring(&s, "5.2.3.1")["cadence"]["kind"], "risk-analysis-pending");
    let old = env.json(&["schedule", &a2025]);
    assert_eq!(old["attested"], true);
    assert_eq!(recurring(&old, "11.3.2")["periods"][0]["period"]["start"], "2025-01-01");
    // The attested year stays frozen; the draft takes a TRA period and a due date.
    env.fails(&["tra", "set", &a2025, "11.3.2", "--every", "1-month"], 2);
    let e = env.fails(&["assessment", "due-date", &a2025, "2026-01-31"], 2);
    assert!(e.contains("attested"), "{e}");
    env.ok(&["tra", "set", &aep, "5.2.3.1", "--every", "6-months"]);
    env.ok(&["assessment", "due-date", &aep, "2027-03-31"]);
    assert_eq!(count("tra_periods"), 1);
    assert_eq!(due(&aep)["date"], "2027-03-31");
    assert!(
        open_db(&env.db()).query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).expect("check") == "ok"
    );
}
