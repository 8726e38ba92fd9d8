//! Official-form benchmark: the PCI SSC's blank SAQ D for Merchants filled from a fully answered
//! assessment (every row and bullet, the appendices, the attestation) through `Desk::fill_form`,
//! the way the app and the CLI fill it. LibreOffice is not involved.
//!
//! `cargo bench --bench form_fill -- --form /path/to/PCIDSSv401SAQDMerchant.docx [--runs 20]`
//! (or set SAQDESK_PCI_FORMS to the folder of the blank forms). Numbers go to BENCHMARKS.md.

use chrono::{TimeZone, Utc};
use saqdesk::desk::*;
use saqdesk::questionnaire::ResponseKind;
use saqdesk::store::{Actor, AnswerInput, AttestInput, BulletAnswer};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let runs: usize = value("--runs").and_then(|v| v.parse().ok()).unwrap_or(20);
    let form = value("--form")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("SAQDESK_PCI_FORMS").map(|d| PathBuf::from(d).join("PCIDSSv401SAQDMerchant.docx")))
        .unwrap_or_else(|| {
            eprintln!("form_fill: give the blank SAQ D form with --form FILE or SAQDESK_PCI_FORMS=FOLDER");
            std::process::exit(2)
        });

    let dir = tempfile::tempdir().expect("temp dir");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = saqdesk::DataSet::open(&root.join("questionnaires")).expect("questionnaires");
    let mut desk =
        Desk::with_data(data, &dir.path().join("bench.sqlite3"), Some(root.join("templates"))).expect("desk");
    let who = Actor::new("bench", Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time"));

    let m = desk
        .set_merchant(MerchantPatch { legal_name: Some("Benchmark Merchant Ltd".into()), ..Default::default() }, &who)
        .expect("merchant");
    let a = desk
        .new_assessment(
            NewAssessmentRequest {
                merchant: m.id,
                year: 2026,
                saq: Some("D".into()),
                saqs: Vec::new(),
                scope: None,
                route: None,
            },
            &who,
        )
        .expect("assessment");
    let id = a.id.to_string();
    desk.set_details(
        DetailsPatch {
            assessment: id.clone(),
            how_channels_handle_data: Some("Card data entered in Stripe Elements only".into()),
            environment_description: Some("Web servers and staff laptops".into()),
            uses_validated_products: Some(Some(false)),
            providers_handle_account_data: Some(Some(true)),
            providers_manage_components: Some(Some(false)),
            providers_could_affect_security: Some(Some(false)),
            ..Default::default()
        },
        &who,
    )
    .expect("details");
    for req in &a.snapshot.requirements {
        let mut input = AnswerInput {
            response: Some(ResponseKind::InPlace),
            notes: Some(format!("Verified {} by review and interview.", req.id)),
            owner: Some("Security lead".into()),
            ..Default::default()
        };
        if !req.bullets.is_empty() {
            input.response = None;
            input.bullets = (1..=req.bullets.len())
                .map(|b| BulletAnswer { bullet: b, response: Some(ResponseKind::InPlace) })
                .collect();
        }
        desk.answer(AnswerRequest { assessment: id.clone(), requirement: req.id.clone(), input, saq: None }, &who)
            .expect("answer");
    }
    desk.attest(
        AttestRequest {
            assessment: id.clone(),
            input: AttestInput { name: "Bench Officer".into(), title: "CFO".into(), signed_on: None },
            saq: None,
        },
        &who,
    )
    .expect("attest");
    let kept = desk.add_blank_form(AddBlankFormRequest { path: form, saq: None }, &who).expect("blank SAQ D form");

    let out = dir.path().join("filled.docx");
    let mut times = Vec::new();
    for _ in 0..runs {
        let req = FillFormRequest {
            assessment: id.clone(),
            blank: Some(kept.form.sha256.clone()),
            out: out.clone(),
            ..Default::default()
        };
        let t = Instant::now();
        let filled = desk.fill_form(req, &who).expect("fill");
        times.push(t.elapsed().as_secs_f64());
        assert!(filled.missing.len() < 40 && !filled.draft);
    }
    times.sort_by(f64::total_cmp);
    let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "fill SAQ D ({} requirements, {} answer rows) into {} bytes: median {:.3} s, min {:.3} s, max {:.3} s over {runs} runs",
        a.snapshot.requirements.len(),
        kept.answer_rows,
        bytes,
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
