//! Table-driven scoping: every Stripe method alone, mixed methods, follow-up answers and declined
//! criteria, plus the CLI contract.

mod common;
use common::*;
use saqdesk::scoping::{scope, ScopeInput, YesNo};

fn data() -> saqdesk::DataSet {
    saqdesk::DataSet::open(&root().join("questionnaires")).expect("data")
}

fn run(methods: &[&str], answers: &[(&str, YesNo)], declined: &[&str]) -> saqdesk::scoping::ScopeResult {
    let ds = data();
    let input = ScopeInput {
        methods: methods.iter().map(|s| s.to_string()).collect(),
        answers: answers.iter().map(|(q, a)| (q.to_string(), *a)).collect(),
        declined: declined.iter().map(|s| s.to_string()).collect(),
    };
    scope(&ds.scoping, &ds.questionnaire, &input).expect("scope")
}

#[test]
fn each_method_alone() {
    let cases = [
        ("checkout", "A"),
        ("elements", "A"),
        ("mobile-sdk", "A"),
        ("connect-platform", "A"),
        ("terminal", "C"),
        ("dashboard", "C-VT"),
        ("direct-api", "D"),
        ("stripejs-v2", "A-EP"),
    ];
    for (method, saq) in cases {
        let r = run(&[method], &[], &[]);
        assert_eq!(r.saq, saq, "{method}");
        assert_eq!(r.per_channel.len(), 1, "{method}");
        assert_eq!(r.per_channel[0].saq, saq);
        assert!(!r.rationale.is_empty());
    }
}

#[test]
fn mixed_methods() {
    // (methods, covering SAQ, per-channel SAQs in channel order ecommerce, moto, card-present)
    let cases: &[(&[&str], &str, &[&str])] = &[
        (&["checkout", "elements"], "A", &["A"]),
        (&["elements", "stripejs-v2"], "A-EP", &["A-EP"]),
        (&["elements", "dashboard"], "D", &["A", "C-VT"]),
        (&["elements", "terminal"], "D", &["A", "C"]),
        (&["terminal", "dashboard"], "D", &["C-VT", "C"]),
        (&["checkout", "direct-api"], "D", &["D"]),
        (&["mobile-sdk", "connect-platform", "checkout"], "A", &["A"]),
    ];
    for (methods, saq, per) in cases {
        let r = run(methods, &[], &[]);
        assert_eq!(r.saq, *saq, "{methods:?}");
        let got: Vec<&str> = r.per_channel.iter().map(|c| c.saq.as_str()).collect();
        assert_eq!(got, *per, "{methods:?}");
    }
}

#[test]
fn mixed_channels_explain_both_options() {
    let r = run(&["elements", "dashboard"], &[], &[]);
    let text = r.rationale.join("\n");
    assert!(text.contains("one SAQ per channel"), "{text}");
    assert!(text.contains("SAQ D"), "{text}");
    assert!(r.eligibility.is_empty(), "SAQ D has no eligibility criteria");
    let ecom = &r.per_channel[0];
    assert_eq!(ecom.saq, "A");
    assert!(ecom.eligibility.iter().any(|c| c.id == "A.7"), "e-commerce criteria listed for the per-channel option");
}

#[test]
fn follow_up_answers_escalate() {
    let cases: &[(&str, &str, &str, bool)] = &[
        ("elements", "third-party-scripts", "A-EP", true),
        ("mobile-sdk", "staff-keyed-mobile", "D", true),
        ("mobile-sdk", "custom-mobile-card-code", "D", false),
        ("terminal", "terminal-connected", "D", false),
        ("dashboard", "dashboard-shared-computer", "D", false),
        ("dashboard", "dashboard-batch-entry", "D", false),
        ("checkout", "stores-card-data", "D", false),
    ];
    for (method, question, saq, qsa) in cases {
        let r = run(&[method], &[(question, YesNo::Yes)], &[]);
        assert_eq!(r.saq, *saq, "{method} + {question}=yes");
        assert_eq!(r.ask_qsa, *qsa, "{method} + {question}");
        assert_eq!(r.escalations.len(), 1);
        let no = run(&[method], &[(question, YesNo::No)], &[]);
        assert_ne!(no.saq, *saq, "{method} + {question}=no must not escalate");
    }
}

#[test]
fn unanswered_questions_are_listed() {
    let r = run(&["elements"], &[], &[]);
    assert!(r.unanswered.contains(&"third-party-scripts".to_string()));
    assert!(r.unanswered.contains(&"stores-card-data".to_string()));
    let answered = run(&["elements"], &[("third-party-scripts", YesNo::No), ("stores-card-data", YesNo::No)], &[]);
    assert!(answered.unanswered.is_empty());
}

#[test]
fn declined_criteria_escalate_as_their_data_says() {
    let r = run(&["elements"], &[], &["A.7"]);
    assert_eq!(r.saq, "A-EP");
    assert!(r.ask_qsa, "A.7 asks for a QSA");
    let r = run(&["elements"], &[], &["A.3"]);
    assert_eq!(r.saq, "D");
    let r = run(&["terminal"], &[], &["C.2"]);
    assert_eq!(r.saq, "D");
    // A-EP's own criteria apply after the first escalation.
    let r = run(&["elements"], &[], &["A.7", "A-EP.3"]);
    assert_eq!(r.saq, "D");
}

#[test]
fn adding_a_method_never_shrinks_the_saq() {
    let ds = data();
    let size = |s: &str| ds.questionnaire.saq(s).map(|x| x.requirements.len()).unwrap_or(0);
    let methods = [
        "checkout",
        "elements",
        "mobile-sdk",
        "connect-platform",
        "terminal",
        "dashboard",
        "direct-api",
        "stripejs-v2",
    ];
    for mask in 1u32..(1 << methods.len()) {
        let set: Vec<&str> =
            methods.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, m)| *m).collect();
        let base = run(&set, &[], &[]);
        for extra in methods.iter().filter(|m| !set.contains(m)) {
            let mut more = set.clone();
            more.push(extra);
            let bigger = run(&more, &[], &[]);
            assert!(size(&bigger.saq) >= size(&base.saq), "{set:?} → {} but + {extra} → {}", base.saq, bigger.saq);
        }
    }
}

#[test]
fn cli_contract() {
    let env = Env::new();
    for (m, saq) in
        [("elements", "A"), ("stripejs-v2", "A-EP"), ("terminal", "C"), ("dashboard", "C-VT"), ("direct-api", "D")]
    {
        let v = env.json(&["scope", "--method", m]);
        assert_eq!(v["saq"], saq, "{m}");
        assert!(v["per_channel"][0]["methods"].as_array().is_some_and(|a| a.len() == 1));
        assert!(v["rationale"].as_array().is_some_and(|a| !a.is_empty()));
        assert!(v["eligibility"].is_array());
    }
    let v = env.json(&["scope", "--method", "elements", "--method", "dashboard", "--answer", "third-party-scripts=no"]);
    assert_eq!(v["saq"], "D");
    assert_eq!(v["per_channel"].as_array().map(Vec::len), Some(2));
    let e = env.fails(&["scope", "--method", "paypal"], 2);
    assert!(e.contains("'paypal'") && e.contains("elements") && e.trim().lines().count() == 1, "{e}");
    let e = env.fails(&["scope", "--method", "elements", "--answer", "third-party-scripts=maybe"], 2);
    assert!(e.contains("maybe") && e.contains("yes or no"), "{e}");
    let e = env.fails(&["scope", "--method", "elements", "--answer", "nope=yes"], 2);
    assert!(e.contains("'nope'") && e.contains("third-party-scripts"), "{e}");
    env.fails(&["scope"], 2);
}
