//! Table-driven scoping: every Stripe method alone, every pair and triple of methods, each with
//! every follow-up answer and each answer to the channel-separation question, checked against an
//! expectation worked out here from a small table of Stripe's mapping (not from scoping.yaml).
//! Plus declined criteria, the monotonicity property, stored-record compatibility and the CLI.

use crate::common::*;
use saqdesk::questionnaire::Channel;
use saqdesk::scoping::{scope, RouteKind, ScopeInput, ScopeResult, YesNo};
use std::sync::OnceLock;

fn data() -> &'static saqdesk::DataSet {
    static DS: OnceLock<saqdesk::DataSet> = OnceLock::new();
    DS.get_or_init(|| saqdesk::DataSet::open(&root().join("questionnaires")).expect("data"))
}

fn run(methods: &[&str], answers: &[(&str, YesNo)], declined: &[&str]) -> ScopeResult {
    let ds = data();
    let input = ScopeInput {
        methods: methods.iter().map(|s| s.to_string()).collect(),
        answers: answers.iter().map(|(q, a)| (q.to_string(), *a)).collect(),
        declined: declined.iter().map(|s| s.to_string()).collect(),
    };
    scope(&ds.scoping, &ds.questionnaire, &input).expect("scope")
}

use Channel::{CardPresent, Ecommerce, Moto};
use YesNo::{No, Yes};

/// Stripe's mapping, restated for the test: method → (channel, SAQ).
const METHODS: [(&str, Channel, &str); 9] = [
    ("checkout", Ecommerce, "A"),
    ("elements", Ecommerce, "A"),
    ("mobile-sdk", Ecommerce, "A"),
    ("connect-platform", Ecommerce, "A"),
    ("connect-operator", Ecommerce, "A"),
    ("terminal", CardPresent, "C"),
    ("dashboard", Moto, "C-VT"),
    ("direct-api", Ecommerce, "D"),
    ("stripejs-v2", Ecommerce, "A-EP"),
];

/// What a set of follow-up answers does to the methods it concerns.
#[derive(Clone, Copy)]
enum Effect {
    Nothing,
    /// The method's own channel needs at least this SAQ.
    Raise(&'static str),
    /// The method also takes payments in this channel, with this SAQ.
    Add(Channel, &'static str),
}

struct Scenario {
    name: &'static str,
    answers: &'static [(&'static str, YesNo)],
    methods: &'static [&'static str],
    effect: Effect,
    ask_qsa: bool,
    /// The A-EP.5 interpretation warning appears.
    aep5_warning: bool,
}

const WEB: &[&str] = &["checkout", "elements", "mobile-sdk", "connect-platform", "connect-operator"];
const ALL_BUT_API: &[&str] = &[
    "checkout",
    "elements",
    "mobile-sdk",
    "connect-platform",
    "connect-operator",
    "terminal",
    "dashboard",
    "stripejs-v2",
];

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "no answers",
        answers: &[],
        methods: &[],
        effect: Effect::Nothing,
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "no third-party scripts",
        answers: &[("third-party-scripts", No)],
        methods: WEB,
        effect: Effect::Nothing,
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "scripts, inventoried and watched",
        answers: &[("third-party-scripts", Yes), ("scripts-managed", Yes)],
        methods: WEB,
        effect: Effect::Nothing,
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "scripts, provider confirmation held",
        answers: &[("third-party-scripts", Yes), ("scripts-managed", No), ("provider-script-confirmation", Yes)],
        methods: WEB,
        effect: Effect::Nothing,
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "scripts, neither control",
        answers: &[("third-party-scripts", Yes), ("scripts-managed", No), ("provider-script-confirmation", No)],
        methods: WEB,
        effect: Effect::Raise("A-EP"),
        ask_qsa: true,
        aep5_warning: true,
    },
    Scenario {
        name: "scripts, follow-ups left blank",
        answers: &[("third-party-scripts", Yes)],
        methods: WEB,
        effect: Effect::Raise("A-EP"),
        ask_qsa: true,
        aep5_warning: true,
    },
    Scenario {
        name: "staff key cards into the web checkout",
        answers: &[("staff-keyed-web", Yes)],
        methods: &["checkout", "elements"],
        effect: Effect::Add(Moto, "C-VT"),
        ask_qsa: true,
        aep5_warning: false,
    },
    Scenario {
        name: "staff key cards into the app",
        answers: &[("staff-keyed-mobile", Yes)],
        methods: &["mobile-sdk"],
        effect: Effect::Add(CardPresent, "C"),
        ask_qsa: true,
        aep5_warning: false,
    },
    Scenario {
        name: "own card code in the app",
        answers: &[("custom-mobile-card-code", Yes)],
        methods: &["mobile-sdk"],
        effect: Effect::Raise("D"),
        ask_qsa: true,
        aep5_warning: false,
    },
    Scenario {
        name: "terminal on a shared but segmented network",
        answers: &[("terminal-shared-network", Yes), ("terminal-segmented", Yes)],
        methods: &["terminal"],
        effect: Effect::Nothing,
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "terminal on a shared flat network",
        answers: &[("terminal-shared-network", Yes), ("terminal-segmented", No)],
        methods: &["terminal"],
        effect: Effect::Raise("D"),
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "terminal network linked to other sites",
        answers: &[("terminal-other-sites", Yes)],
        methods: &["terminal"],
        effect: Effect::Raise("D"),
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "dashboard computer connected",
        answers: &[("dashboard-computer-connected", Yes)],
        methods: &["dashboard"],
        effect: Effect::Raise("D"),
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "card reader on the dashboard computer",
        answers: &[("dashboard-card-reader", Yes)],
        methods: &["dashboard"],
        effect: Effect::Raise("D"),
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "cards held electronically to key later",
        answers: &[("dashboard-batch-entry", Yes)],
        methods: &["dashboard"],
        effect: Effect::Raise("D"),
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "paper notes only, keyed later",
        answers: &[("dashboard-batch-entry", No), ("dashboard-computer-connected", No), ("dashboard-card-reader", No)],
        methods: &["dashboard"],
        effect: Effect::Nothing,
        ask_qsa: false,
        aep5_warning: false,
    },
    Scenario {
        name: "card data stored",
        answers: &[("stores-card-data", Yes)],
        methods: ALL_BUT_API,
        effect: Effect::Raise("D"),
        ask_qsa: false,
        aep5_warning: false,
    },
];

/// SAQs within one channel, smallest first; the join of two is the later one.
fn join(a: &'static str, b: &'static str) -> &'static str {
    let order = ["A", "A-EP", "C", "C-VT", "D"];
    let rank = |s: &str| order.iter().position(|o| *o == s).expect("known SAQ");
    // C and C-VT never meet in one channel with these methods; A-EP and D only in e-commerce.
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}

struct Expected {
    per_channel: Vec<(Channel, &'static str)>,
    covering: &'static str,
    per_valid: bool,
    recommended: RouteKind,
    ask_qsa: bool,
    aep5_warning: bool,
}

fn expect(methods: &[&str], s: &Scenario, separated: Option<YesNo>) -> Expected {
    let mut per: Vec<(Channel, &'static str)> = Vec::new();
    let mut put = |c: Channel, saq: &'static str| match per.iter_mut().find(|(pc, _)| *pc == c) {
        Some(e) => e.1 = join(e.1, saq),
        None => per.push((c, saq)),
    };
    let mut hit = false;
    for m in methods {
        let (_, channel, saq) = METHODS.iter().find(|(id, _, _)| id == m).copied().expect("method");
        let concerned = s.methods.contains(m);
        hit |= concerned && !matches!(s.effect, Effect::Nothing);
        match (concerned, s.effect) {
            (true, Effect::Raise(to)) => put(channel, join(saq, to)),
            (true, Effect::Add(extra, to)) => {
                put(channel, saq);
                put(extra, to);
            }
            _ => put(channel, saq),
        }
    }
    per.sort_by_key(|(c, _)| *c);
    // With these methods only one SAQ admits two channels (A: e-commerce and MOTO), and no MOTO
    // method maps to A, so several channels always need SAQ D as the single form.
    let covering = if per.len() == 1 { per[0].1 } else { "D" };
    let several = per.len() > 1;
    let per_valid = !several || separated == Some(Yes);
    let distinct: Vec<&str> = per.iter().map(|(_, s)| *s).fold(Vec::new(), |mut v, s| {
        if !v.contains(&s) {
            v.push(s);
        }
        v
    });
    let same_forms = distinct == [covering];
    let recommended = if several && per_valid && !same_forms { RouteKind::PerChannel } else { RouteKind::Covering };
    Expected {
        per_channel: per,
        covering,
        per_valid,
        recommended,
        ask_qsa: hit && s.ask_qsa,
        aep5_warning: hit && s.aep5_warning,
    }
}

fn check(methods: &[&str], s: &Scenario, separated: Option<YesNo>) {
    let mut answers: Vec<(&str, YesNo)> = s.answers.to_vec();
    if let Some(a) = separated {
        answers.push(("channels-separated", a));
    }
    let r = run(methods, &answers, &[]);
    let e = expect(methods, s, separated);
    let ctx = format!("{methods:?} / {} / separated {separated:?}", s.name);
    let got: Vec<(Channel, &str)> = r.per_channel.iter().map(|c| (c.channel, c.saq.as_str())).collect();
    assert_eq!(got, e.per_channel, "per-channel SAQs: {ctx}");
    assert_eq!(r.saq, e.covering, "covering SAQ: {ctx}");
    assert_eq!(r.routes.len(), 2, "{ctx}");
    let per = r.route(RouteKind::PerChannel).expect("per-channel route");
    let cover = r.route(RouteKind::Covering).expect("covering route");
    let mut distinct: Vec<&str> = Vec::new();
    for (_, saq) in &e.per_channel {
        if !distinct.contains(saq) {
            distinct.push(saq);
        }
    }
    assert_eq!(per.saqs, distinct, "per-channel route SAQs: {ctx}");
    assert_eq!(per.valid, e.per_valid, "per-channel route valid: {ctx}");
    assert_eq!(cover.saqs, [e.covering], "covering route SAQ: {ctx}");
    assert!(cover.valid, "the covering route is always open: {ctx}");
    assert_eq!(r.recommended, e.recommended, "recommended route: {ctx}");
    assert!(per.who_asks.contains("Stripe") && per.who_asks.contains("PCI SSC"), "{ctx}");
    assert!(cover.who_asks.contains("single form"), "{ctx}");
    assert_eq!(r.ask_qsa, e.ask_qsa, "ask_qsa: {ctx}");
    let aep5 = r.warnings.iter().any(|w| w.contains("A-EP.5"));
    assert_eq!(aep5, e.aep5_warning, "A-EP.5 interpretation warning: {ctx}\n{:#?}", r.warnings);
    let operator = r.warnings.iter().any(|w| w.contains("service provider"));
    assert_eq!(operator, methods.contains(&"connect-operator"), "Connect operator warning: {ctx}");
    // The separation question is asked exactly when there are several channels.
    let several = e.per_channel.len() > 1;
    assert_eq!(r.asked.iter().any(|q| q == "channels-separated"), several, "{ctx}");
    assert_eq!(r.unanswered.iter().any(|q| q == "channels-separated"), several && separated.is_none(), "{ctx}");
    assert_eq!(per.pending.is_empty(), !several || separated.is_some(), "{ctx}");
    // Never attribute SAQ D to Stripe: its guide files methods separately.
    let text = r.rationale.join("\n");
    assert!(!text.contains("Stripe asks for a single SAQ"), "{ctx}: {text}");
    for u in &r.unanswered {
        assert!(r.asked.contains(u), "{ctx}: unanswered {u} was not asked");
    }
}

fn combinations(k: usize) -> Vec<Vec<&'static str>> {
    let ids: Vec<&str> = METHODS.iter().map(|(id, _, _)| *id).collect();
    let mut out = Vec::new();
    let n = ids.len();
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        out.push(idx.iter().map(|&i| ids[i]).collect());
        let Some(i) = (0..k).rev().find(|&i| idx[i] != i + n - k) else { break };
        idx[i] += 1;
        for j in i + 1..k {
            idx[j] = idx[j - 1] + 1;
        }
    }
    out
}

fn check_all(k: usize) {
    let sets = combinations(k);
    for methods in &sets {
        for s in SCENARIOS {
            for separated in [None, Some(Yes), Some(No)] {
                check(methods, s, separated);
            }
        }
    }
}

#[test]
fn every_single_method_with_every_answer() {
    assert_eq!(combinations(1).len(), 9);
    check_all(1);
}

#[test]
fn every_pair_of_methods_with_every_answer() {
    assert_eq!(combinations(2).len(), 36);
    check_all(2);
}

#[test]
fn every_triple_of_methods_with_every_answer() {
    assert_eq!(combinations(3).len(), 84);
    check_all(3);
}

#[test]
fn the_headline_mixes_follow_stripe() {
    // Web shop plus Terminal, and web shop plus phone orders in the Dashboard: Stripe's guide files
    // SAQ A and SAQ C (or C-VT) separately, so with the channels kept apart that is the route.
    for (methods, per) in [
        (&["elements", "terminal"][..], &["A", "C"][..]),
        (&["checkout", "dashboard"], &["A", "C-VT"]),
        (&["terminal", "dashboard"], &["C-VT", "C"]),
    ] {
        let r = run(methods, &[("channels-separated", Yes)], &[]);
        assert_eq!(r.saq, "D", "{methods:?}: the single covering form");
        assert_eq!(r.recommended, RouteKind::PerChannel, "{methods:?}");
        assert_eq!(r.route(RouteKind::PerChannel).expect("route").saqs, per);
        let text = r.rationale.join("\n");
        assert!(text.contains("one SAQ per channel") && text.contains("SAQ D"), "{text}");
        assert!(text.contains("Recommended: one SAQ per channel"), "{text}");
        let not_apart = run(methods, &[("channels-separated", No)], &[]);
        assert_eq!(not_apart.recommended, RouteKind::Covering);
        assert!(not_apart.rationale.join("\n").contains("not kept apart"));
        let open = run(methods, &[], &[]);
        assert_eq!(open.recommended, RouteKind::Covering);
        let text = open.rationale.join("\n");
        assert!(text.contains("Recommended for now") && text.contains("acquirer or a QSA"), "{text}");
        assert_eq!(open.route(RouteKind::PerChannel).expect("route").pending, ["channels-separated"]);
    }
}

#[test]
fn route_texts_quote_their_sources_fairly() {
    let r = run(&["elements", "terminal"], &[], &[]);
    let per = &r.route(RouteKind::PerChannel).expect("per").who_asks;
    for fact in ["SAQ A", "SAQ C", "SAQ C-VT", "segmented", "eligibility"] {
        assert!(per.contains(fact), "per-channel who_asks lacks {fact}: {per}");
    }
    let cover = &r.route(RouteKind::Covering).expect("covering").who_asks;
    // Stripe's "no need to upload several SAQs" sentence names no SAQ; the text must not either.
    assert!(cover.contains("does not say which SAQ"), "{cover}");
    assert!(!cover.contains("SAQ D"), "{cover}");
}

#[test]
fn per_channel_criteria_are_listed_per_channel() {
    let r = run(&["elements", "dashboard"], &[("channels-separated", Yes)], &[]);
    assert!(r.eligibility.is_empty(), "SAQ D, the covering SAQ, has no eligibility criteria");
    let ecom = &r.per_channel[0];
    assert_eq!(ecom.saq, "A");
    assert!(ecom.eligibility.iter().any(|c| c.id == "A.7"), "e-commerce criteria listed for the per-channel route");
    let moto = &r.per_channel[1];
    assert_eq!(moto.saq, "C-VT");
    assert!(moto.eligibility.iter().any(|c| c.id == "C-VT.3"));
    assert!(r.rationale.join("\n").contains("criteria listed with each channel"));
}

#[test]
fn follow_up_questions_are_asked_only_when_they_apply() {
    let r = run(&["elements"], &[], &[]);
    assert_eq!(r.asked, ["third-party-scripts", "staff-keyed-web", "stores-card-data"]);
    assert_eq!(r.unanswered, r.asked);
    let r = run(&["elements"], &[("third-party-scripts", Yes)], &[]);
    assert!(r.asked.contains(&"scripts-managed".to_string()));
    assert!(r.asked.contains(&"provider-script-confirmation".to_string()), "blank counts as no");
    let r = run(&["elements"], &[("third-party-scripts", Yes), ("scripts-managed", Yes)], &[]);
    assert!(!r.asked.contains(&"provider-script-confirmation".to_string()));
    let r = run(&["terminal"], &[], &[]);
    assert!(!r.asked.contains(&"terminal-segmented".to_string()));
    let r = run(&["terminal"], &[("terminal-shared-network", Yes), ("terminal-segmented", Yes)], &[]);
    assert!(r.asked.contains(&"terminal-segmented".to_string()));
    assert_eq!(r.saq, "C", "a segmented shared network keeps SAQ C");
    // Answers to questions that do not apply are ignored, not refused.
    let r = run(&["terminal"], &[("scripts-managed", No), ("provider-script-confirmation", No)], &[]);
    assert_eq!(r.saq, "C");
    let answered =
        run(&["elements"], &[("third-party-scripts", No), ("staff-keyed-web", No), ("stores-card-data", No)], &[]);
    assert!(answered.unanswered.is_empty());
}

#[test]
fn escalations_explain_themselves() {
    let r = run(&["mobile-sdk"], &[("custom-mobile-card-code", Yes)], &[]);
    assert_eq!(r.saq, "D");
    assert!(r.ask_qsa, "Stripe defers custom card code to a QSA");
    assert!(r.escalations[0].because.contains("SAQ A-EP"), "the QSA may land on A-EP");
    let r = run(&["mobile-sdk"], &[("staff-keyed-mobile", Yes)], &[]);
    let cp = r.per_channel.iter().find(|c| c.channel == CardPresent).expect("card-present channel");
    assert_eq!(cp.saq, "C", "a staff-operated device is POS-like: SAQ C is the usual outcome");
    assert!(r.ask_qsa);
    let r = run(&["elements"], &[("staff-keyed-web", Yes)], &[]);
    let moto = r.per_channel.iter().find(|c| c.channel == Moto).expect("MOTO channel");
    assert_eq!((moto.saq.as_str(), moto.methods.as_slice()), ("C-VT", &["elements".to_string()][..]));
    assert_eq!(r.saq, "D");
    let r = run(&["connect-operator", "elements"], &[], &[]);
    assert_eq!(r.saq, "A");
    assert!(r.warnings.iter().any(|w| w.contains("SAQ D for Service Providers")), "{:?}", r.warnings);
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
    // A-EP.5 against directly loaded scripts is an interpretation: declining it says so.
    let r = run(&["stripejs-v2"], &[], &["A-EP.5"]);
    assert_eq!(r.saq, "D");
    assert!(r.ask_qsa);
    // A declined criterion moves only its own channel on the per-channel route.
    let r = run(&["elements", "terminal"], &[("channels-separated", Yes)], &["C.2"]);
    let got: Vec<&str> = r.per_channel.iter().map(|c| c.saq.as_str()).collect();
    assert_eq!(got, ["A", "D"]);
    assert_eq!(r.recommended, RouteKind::PerChannel);
}

#[test]
fn adding_a_method_never_shrinks_the_saq() {
    let ds = data();
    let size = |s: &str| ds.questionnaire.saq(s).map(|x| x.requirements.len()).unwrap_or(0);
    let methods: Vec<&str> = METHODS.iter().map(|(id, _, _)| *id).collect();
    // With no answers, and with every answer that can enlarge a result.
    let worst: &[(&str, YesNo)] = &[
        ("third-party-scripts", Yes),
        ("staff-keyed-web", Yes),
        ("staff-keyed-mobile", Yes),
        ("terminal-shared-network", Yes),
        ("channels-separated", No),
    ];
    for answers in [&[][..], worst] {
        for mask in 1u32..(1 << methods.len()) {
            let set: Vec<&str> =
                methods.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, m)| *m).collect();
            let base = run(&set, answers, &[]);
            for extra in methods.iter().filter(|m| !set.contains(m)) {
                let mut more = set.clone();
                more.push(extra);
                let bigger = run(&more, answers, &[]);
                assert!(size(&bigger.saq) >= size(&base.saq), "{set:?} → {} but + {extra} → {}", base.saq, bigger.saq);
            }
        }
    }
}

#[test]
fn results_stored_before_routes_still_load() {
    // A ScopeRecord's result as older versions stored it: no routes, recommendation or warnings.
    let old = serde_json::json!({
        "saq": "D",
        "per_channel": [
            {"channel": "ecommerce", "methods": ["elements"], "saq": "A", "eligibility": []},
            {"channel": "card-present", "methods": ["terminal"], "saq": "C", "eligibility": []}
        ],
        "rationale": ["…"],
        "eligibility": [],
        "escalations": [],
        "ask_qsa": false,
        "unanswered": ["third-party-scripts"]
    });
    let r: ScopeResult = serde_json::from_value(old).expect("old result loads");
    assert!(r.routes.is_empty() && r.warnings.is_empty() && r.asked.is_empty());
    assert_eq!(r.recommended, RouteKind::Covering, "old results only had the covering SAQ");
    let round: ScopeResult = serde_json::from_value(serde_json::to_value(&r).expect("ser")).expect("de");
    assert_eq!(round, r);
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
        assert_eq!(v["recommended"], "covering", "{m}: one channel, one form");
    }
    let v = env.json(&["scope", "--method", "elements", "--method", "dashboard", "--answer", "third-party-scripts=no"]);
    assert_eq!(v["saq"], "D");
    assert_eq!(v["per_channel"].as_array().map(Vec::len), Some(2));
    let v = env.json(&["scope", "--method", "elements", "--method", "terminal", "--answer", "channels-separated=yes"]);
    assert_eq!(v["saq"], "D", "the covering SAQ keeps its field");
    assert_eq!(v["recommended"], "per-channel");
    assert_eq!(v["routes"][0]["kind"], "per-channel");
    assert_eq!(v["routes"][0]["saqs"], serde_json::json!(["A", "C"]));
    assert_eq!(v["routes"][0]["valid"], true);
    assert!(v["routes"][0]["who_asks"].as_str().is_some_and(|s| s.contains("Stripe")));
    assert!(v["routes"][0]["why"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(v["routes"][1]["kind"], "covering");
    assert_eq!(v["routes"][1]["saqs"], serde_json::json!(["D"]));
    let e = env.fails(&["scope", "--method", "paypal"], 2);
    assert!(e.contains("'paypal'") && e.contains("elements") && e.trim().lines().count() == 1, "{e}");
    let e = env.fails(&["scope", "--method", "elements", "--answer", "third-party-scripts=maybe"], 2);
    assert!(e.contains("maybe") && e.contains("yes or no"), "{e}");
    let e = env.fails(&["scope", "--method", "elements", "--answer", "nope=yes"], 2);
    assert!(e.contains("'nope'") && e.contains("third-party-scripts"), "{e}");
    env.fails(&["scope"], 2);
}
