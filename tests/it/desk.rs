//! Every command of the contract, called the way the desktop app calls it: by name, with JSON
//! arguments, through `ipc::dispatch` on a real database. The Tauri door is one line over this.

use crate::common::{self, Env};
use saqdesk::desk::{Desk, ErrorCode};
use saqdesk::store::Actor;
use serde_json::{json, Value};
use std::collections::BTreeSet;

struct Door {
    desk: Desk,
    who: Actor,
    called: BTreeSet<String>,
}

impl Door {
    fn open(env: &Env) -> Self {
        let data = saqdesk::DataSet::open(&common::root().join("questionnaires")).expect("data");
        let desk = Desk::with_data(data, &env.db(), Some(common::root().join("templates"))).expect("desk");
        let now = chrono::DateTime::parse_from_rfc3339(common::NOW).expect("now").to_utc();
        Door { desk, who: Actor::new("officer", now), called: BTreeSet::new() }
    }

    fn call(&mut self, command: &str, args: Value) -> Result<Value, saqdesk::desk::ApiError> {
        self.called.insert(command.to_string());
        saqdesk::ipc::dispatch(&mut self.desk, command, args, &self.who)
    }

    fn ok(&mut self, command: &str, args: Value) -> Value {
        self.call(command, args.clone()).unwrap_or_else(|e| panic!("{command} {args}: {e:?}"))
    }

    fn err(&mut self, command: &str, args: Value) -> saqdesk::desk::ApiError {
        match self.call(command, args.clone()) {
            Ok(v) => panic!("{command} {args} succeeded: {v}"),
            Err(e) => e,
        }
    }
}

#[test]
fn every_command_through_the_dispatcher() {
    let env = Env::new();
    let mut d = Door::open(&env);

    let info = d.ok("app_info", json!({}));
    assert_eq!(info["saqs"].as_array().map(Vec::len), Some(5));
    assert_eq!(info["read_only"], false);
    let rules = d.ok("scoping_rules", Value::Null);
    assert!(rules["methods"].as_array().is_some_and(|m| m.iter().any(|x| x["id"] == "elements")));
    let scoped = d.ok("scope", json!({ "methods": ["elements"], "answers": { "third-party-scripts": "no" } }));
    assert_eq!(scoped["saq"], "A");

    let m = d.ok("set_merchant", json!({ "legal_name": "Zoë Łódź Ærøskøbing GmbH", "contact_email": "z@example.com" }));
    let mid = m["id"].as_str().expect("id").to_string();
    // Without an ID the legal name finds the same merchant; only the fields given change.
    let again = d.ok("set_merchant", json!({ "legal_name": "Zoë Łódź Ærøskøbing GmbH", "dba": "Zoë" }));
    assert_eq!((again["id"].as_str(), again["contact_email"].as_str()), (Some(mid.as_str()), Some("z@example.com")));
    assert_eq!(d.ok("list_merchants", json!({})).as_array().map(Vec::len), Some(1));

    let a = d.ok("new_assessment", json!({ "merchant": mid, "year": 2026, "scope": { "methods": ["elements"] } }));
    assert_eq!((a["saq"].as_str(), a["status"].as_str()), (Some("A"), Some("draft")));
    let id = a["id"].as_str().expect("id").to_string();
    let view = d.ok("open_assessment", json!({ "assessment": &id[..8] }));
    assert_eq!(view["assessment"]["id"], id.as_str(), "a unique prefix names the assessment");
    assert_eq!(d.ok("list_assessments", json!({}))[0]["status"], "draft");

    let r = d.ok(
        "answer",
        json!({ "assessment": id, "requirement": "12.8.1", "input": { "response": "in-place", "notes": "Stripe listed" } }),
    );
    assert_eq!((r["response"]["response"].as_str(), r["status"]["answered"].as_u64()), (Some("in-place"), Some(1)));
    let e = d.err(
        "answer",
        json!({ "assessment": id, "requirement": "12.8.1", "input": { "notes": "paid 4111 1111 1111 1111 12/25" } }),
    );
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::LeakRefused, Some("notes")));
    assert!(!e.message.contains("4111 1111"), "{}", e.message);
    let e = d.err("answer", json!({ "assessment": id, "requirement": "99.9", "input": { "response": "in-place" } }));
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("requirement")));
    d.ok("review", json!({ "assessment": id, "requirement": "12.8.1" }));
    let c = d.ok("confirm", json!({ "assessment": id, "criterion": "A.7", "confirmed": false }));
    assert!(c["declined"]["message"].as_str().is_some_and(|s| s.contains("A.7: declined")), "{c}");
    assert!(c["status"]["blockers"].as_array().is_some_and(|b| !b.is_empty()));
    let c = d.ok("confirm", json!({ "assessment": id, "criterion": "A.7", "confirmed": true }));
    assert!(c["declined"].is_null());
    let s = d.ok("set_details", json!({ "assessment": id, "environment_description": "One web server" }));
    assert_eq!(s["details"]["environment_description"], "One web server");

    let file = env.path("providers.txt");
    common::write(&file, "Stripe, PCI DSS Level 1\n");
    let ev = d.ok(
        "add_evidence",
        json!({ "assessment": id, "items": ["12.8.1"], "path": file, "meta": { "effective_date": "2026-06-30" } }),
    );
    let eid = ev["id"].as_str().expect("id").to_string();
    let list = d.ok("list_evidence", json!({ "assessment": id }));
    assert_eq!(list[0]["stale"], false);
    let p = d.ok("evidence_preview", json!({ "evidence": eid }));
    assert_eq!((p["kind"].as_str(), p["data"].as_str()), (Some("text"), Some("Stripe, PCI DSS Level 1\n")));
    let linked = d.ok("link_evidence", json!({ "evidence": eid, "item": "12.8.2", "linked": true }));
    assert_eq!(linked["links"], json!(["12.8.1", "12.8.2"]));
    common::write(&file, "Stripe, PCI DSS Level 1, AOC 2026\n");
    let v2 = d.ok("replace_evidence", json!({ "evidence": eid, "path": file }));
    d.ok("remove_evidence", json!({ "evidence": v2["id"] }));
    assert_eq!(d.ok("list_evidence", json!({ "assessment": id })).as_array().map(Vec::len), Some(0));
    assert_eq!(d.ok("list_evidence", json!({ "assessment": id, "all": true })).as_array().map(Vec::len), Some(2));

    let st = d.ok("status", json!({ "assessment": id }));
    assert_eq!(st["status"], "draft");
    let e = d.err("attest", json!({ "assessment": id, "input": { "name": "Zoë", "title": "CEO" } }));
    assert_eq!(e.code, ErrorCode::Blocked);

    let name = d.ok("suggested_file_name", json!({ "assessment": id, "kind": "pdf" }));
    assert_eq!(name, "Zoë Łódź Ærøskøbing GmbH-SAQ-A-2026.pdf", "the merchant's letters are kept");
    let out = env.path(name.as_str().expect("name"));
    let x = d.ok("export", json!({ "assessment": id, "format": "pdf", "out": out }));
    assert!(x["bytes"].as_u64().is_some_and(|n| n > 10_000) && out.is_file());
    let zip = env.path("bundle.zip");
    d.ok("bundle", json!({ "assessment": id, "out": zip }));
    assert!(zip.is_file());
    // The official form: a blank kept once, filled as a draft, the fill recorded.
    let blank = env.path("blank-saq-a.docx");
    std::fs::write(&blank, crate::forms_synthetic::blank_saq_a()).expect("blank");
    // Given for another SAQ (the Export screen names the SAQ it shows): refused and not kept.
    let e = d.err("add_blank_form", json!({ "path": blank, "saq": "C" }));
    assert_eq!(e.code, ErrorCode::WrongForm, "{}", e.message);
    assert_eq!(d.ok("blank_forms", json!({})).as_array().map(Vec::len), Some(0));
    let kept = d.ok("add_blank_form", json!({ "path": blank, "saq": "A" }));
    assert_eq!(kept["form"]["saq"], "A");
    assert_eq!(d.ok("blank_forms", json!({})).as_array().map(Vec::len), Some(1));
    let filled_out = env.path("filled.docx");
    let f = d.ok("fill_form", json!({ "assessment": id, "out": filled_out }));
    assert_eq!(f["draft"], true);
    assert!(f["missing"].as_array().is_some_and(|m| !m.is_empty()) && filled_out.is_file());
    let e = d.err("fill_form", json!({ "assessment": id, "out": env.path("filled.pdf") }));
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("out")));
    let fills = d.ok("filled_forms", json!({ "assessment": id }));
    assert_eq!(fills[0]["sha256"], f["docx"]["sha256"]);
    d.ok("remove_blank_form", json!({ "sha256": &kept["form"]["sha256"].as_str().expect("sha")[..12] }));
    let e = d.err("fill_form", json!({ "assessment": id, "out": filled_out }));
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("form")));

    let e = d.err("export", json!({ "assessment": id, "format": "docx", "out": out }));
    assert_eq!(e.code, ErrorCode::Internal, "an argument outside the contract is the door's mistake");

    // The compliance year: the schedule, the due date, what is due, the calendar as events and as a file.
    let sch = d.ok("schedule", json!({ "assessment": id }));
    let asv = sch["requirements"].as_array().and_then(|r| r.iter().find(|x| x["requirement"] == "11.3.2")).cloned();
    assert_eq!(
        asv.map(|a| a["summary"].clone()),
        Some(json!("Q1 missing · Q2 missing · Q3 missing · Q4 due by 31 Dec 2026"))
    );
    let e = d.err(
        "set_tra_period",
        json!({ "assessment": id, "requirement": "11.3.2", "every": { "unit": "months", "count": 1 } }),
    );
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("requirement")));
    let e = d.err(
        "set_tra_period",
        json!({ "assessment": id, "requirement": "11.3.2", "every": { "unit": "months", "count": 30 } }),
    );
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("every.count")));
    let v = d.ok("set_validation_due", json!({ "assessment": id, "date": "2026-12-15", "reason": "Acquirer portal" }));
    assert_eq!((v["date"].as_str(), v["source"].as_str()), (Some("2026-12-15"), Some("officer")));
    let e = d.err("set_validation_due", json!({ "assessment": id, "reason": "no date" }));
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("reason")));
    let due = d.ok("due", json!({}));
    assert!(
        due["next_30_days"].as_array().is_some_and(|l| l.iter().any(|x| x["item"]["kind"] == "validation")),
        "{due}"
    );
    assert!(due["overdue"].as_array().is_some_and(|l| l.iter().any(|x| x["item"]["requirement"] == "11.3.2")), "{due}");
    let cal = d.ok("calendar", json!({ "assessment": id }));
    let ics = env.path("year.ics");
    let w = d.ok("export_calendar", json!({ "assessment": id, "out": ics }));
    assert_eq!(w["events"].as_u64(), cal["events"].as_array().map(|e| e.len() as u64));
    assert!(std::fs::read_to_string(&ics).is_ok_and(|t| t.starts_with("BEGIN:VCALENDAR\r\n")));
    // The Export screen's save (the doors' `save_report`) saves the calendar as one more kind.
    let name = d.ok("suggested_file_name", json!({ "assessment": id, "kind": "calendar" }));
    assert_eq!(name, "Zoë Łódź Ærøskøbing GmbH-SAQ-A-2026.ics");
    let saved = env.path(name.as_str().expect("name"));
    let req = saqdesk::desk::SaveRequest {
        assessment: id.clone(),
        saq: None,
        kind: saqdesk::desk::ExportKind::Calendar,
        out: saved.clone(),
    };
    let outcome = d.desk.save(req, &d.who).expect("save calendar");
    assert_eq!(std::fs::read(&saved).ok(), std::fs::read(&ics).ok(), "the same calendar: {outcome:?}");

    let h = d.ok("history", json!({ "assessment": id }));
    assert!(h.as_array().is_some_and(|h| h.iter().any(|e| e["field"] == "notes")));
    let rf = d.ok("roll_forward", json!({ "from": id }));
    assert_eq!(rf["assessment"]["year"], 2027);
    assert!(d.ok("sweep_on_start", json!({})).is_null(), "nothing to report on a clean database");
    let swept = d.ok("sweep_redact", json!({}));
    assert_eq!(swept["hits"].as_array().map(Vec::len), Some(0));
    let del = d.ok("delete_assessment", json!({ "assessment": rf["assessment"]["id"] }));
    assert!(del["backup"].as_str().is_some_and(|b| b.contains("backups")));

    // One assessment, one SAQ per channel: a shared requirement split and joined again.
    let two = d.ok(
        "new_assessment",
        json!({ "merchant": mid, "year": 2027, "route": "per-channel",
                "scope": { "methods": ["elements", "terminal"], "answers": { "channels-separated": "yes" } } }),
    );
    let tid = two["id"].as_str().expect("id").to_string();
    assert_eq!(two["saqs"].as_array().map(Vec::len), Some(2));
    let rows = d.ok("split", json!({ "assessment": tid, "requirement": "9.4.1" }));
    assert_eq!(
        rows.as_array().map(|r| r.iter().map(|x| x["saq"].clone()).collect::<Vec<_>>()),
        Some(vec![json!("A"), json!("C")])
    );
    let r = d.ok(
        "answer",
        json!({ "assessment": tid, "requirement": "9.4.1", "saq": "C", "input": { "response": "in-place" } }),
    );
    assert_eq!((r["response"]["saq"].as_str(), r["status"]["saq"].as_str()), (Some("C"), Some("C")));
    assert_eq!(r["statuses"].as_array().map(Vec::len), Some(2));
    let joined = d.ok("join", json!({ "assessment": tid, "requirement": "9.4.1", "keep": "C" }));
    assert!(joined["saq"].is_null() && joined["response"] == "in-place");
    // A TRA period for a requirement of SAQ C: the schedule returned is that SAQ's.
    let c = d.ok(
        "set_tra_period",
        json!({ "assessment": tid, "requirement": "5.2.3.1", "every": { "unit": "months", "count": 6 }, "reference": "TRA 2027-01" }),
    );
    assert_eq!(c["saq"], "C");
    let r = c["requirements"].as_array().and_then(|r| r.iter().find(|x| x["requirement"] == "5.2.3.1")).cloned();
    assert_eq!(r.map(|r| r["tra_period"]["every"].clone()), Some(json!({ "unit": "months", "count": 6 })));
    let view = d.ok("open_assessment", json!({ "assessment": tid }));
    assert_eq!(view["saqs"].as_array().map(Vec::len), Some(2));
    let e = d.err("status", json!({ "assessment": tid }));
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Invalid, Some("saq")));
    assert_eq!(d.ok("status", json!({ "assessment": tid, "saq": "C" }))["saq"], "C");

    let e = d.err("no_such_command", json!({}));
    assert_eq!(e.code, ErrorCode::Internal);
    let e = d.err("status", json!({ "assessment": 42 }));
    assert_eq!(e.code, ErrorCode::Internal);

    let missing: Vec<&&str> = saqdesk::ipc::COMMANDS.iter().filter(|c| !d.called.contains(**c)).collect();
    assert!(missing.is_empty(), "commands this test does not call: {missing:?}");
}
