//! Export benchmark: a fully answered SAQ D assessment with 1,000 evidence items (100 of them
//! images) exported to PDF by SAQ Desk, and the same report's HTML printed to PDF by headless
//! Chromium. Run with `./dev bench` (or `cargo bench --bench export`); numbers go to BENCHMARKS.md.

use chrono::{TimeZone, Utc};
use saqdesk::questionnaire::ResponseKind;
use saqdesk::report::{Format, Reporter, Templates};
use saqdesk::store::{Actor, AnswerInput, EvidenceMeta, Ids, MerchantProfile, NewAssessment, Store};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let evidence_total: usize = arg(&args, "--evidence").unwrap_or(1000);
    let images: usize = arg(&args, "--images").unwrap_or(100);
    let runs: usize = arg(&args, "--runs").unwrap_or(5);

    let dir = tempfile::tempdir().expect("temp dir");
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = saqdesk::DataSet::open(&root.join("questionnaires")).expect("questionnaires");
    let templates = Templates::load(&root.join("templates")).expect("templates");
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time");
    let who = Actor::new("bench", now);
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).expect("db").with_ids(Ids::seeded("bench"));

    let setup = Instant::now();
    let m = store
        .save_merchant(
            None,
            &MerchantProfile { legal_name: "Benchmark Merchant Ltd".into(), ..Default::default() },
            &who,
        )
        .expect("merchant");
    let a = store
        .create_assessment(
            &data.questionnaire,
            &NewAssessment {
                merchant: m.id,
                year: 2026,
                saqs: vec![saqdesk::store::NewPart::of("D")],
                period_start: None,
                period_end: None,
                scope: None,
            },
            &who,
        )
        .expect("assessment");
    let ids: Vec<String> = a.snapshot.requirements.iter().map(|r| r.id.clone()).collect();
    for id in &ids {
        let input = AnswerInput {
            response: Some(ResponseKind::InPlace),
            notes: Some(format!(
                "Control for {id} verified by review of configuration and interviews with the system owner."
            )),
            owner: Some("Security lead".into()),
            ..Default::default()
        };
        store.answer(&a.id, id, &input, None, &who).expect("answer");
    }
    for i in 0..evidence_total {
        let item = vec![ids[i % ids.len()].clone()];
        let meta = EvidenceMeta {
            effective_date: now.date_naive().checked_sub_days(chrono::Days::new(30)),
            ..Default::default()
        };
        if i < images {
            let img = image::RgbImage::from_fn(1200, 800, |x, y| {
                image::Rgb([((x + i as u32) % 256) as u8, ((y * 3) % 256) as u8, 120])
            });
            let mut png = Vec::new();
            img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("png");
            store
                .add_evidence_bytes(&a.id, &item, &format!("screenshot-{i:04}.png"), &png, &meta, &who)
                .expect("image");
        } else {
            let text = format!("Evidence record {i}\nChange ticket CHG-{i:05} approved and reviewed.\n");
            store
                .add_evidence_bytes(&a.id, &item, &format!("record-{i:04}.txt"), text.as_bytes(), &meta, &who)
                .expect("text");
        }
    }
    println!(
        "setup: SAQ D ({} requirements), {evidence_total} evidence items ({images} images) in {:.1?}",
        ids.len(),
        setup.elapsed()
    );

    let reporter = Reporter { data: &data, templates: &templates };
    let mut times = Vec::new();
    let mut pdf = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        pdf = reporter.render(&store, &a.id, None, Format::Pdf, now).expect("pdf");
        times.push(t.elapsed());
    }
    times.sort();
    let ours = times[times.len() / 2];
    let pdf_path = dir.path().join("report.pdf");
    std::fs::write(&pdf_path, &pdf).expect("write pdf");
    println!(
        "saqdesk PDF export: median {:.3?} of {runs} runs (min {:.3?}, max {:.3?}), {} bytes",
        ours,
        times[0],
        times[times.len() - 1],
        pdf.len()
    );

    let html = reporter.render(&store, &a.id, None, Format::Html, now).expect("html");
    let html_path = dir.path().join("report.html");
    std::fs::write(&html_path, &html).expect("write html");
    match chromium(&html_path, &dir.path().join("chromium.pdf")) {
        Some(theirs) => {
            println!("chromium --print-to-pdf of the HTML export: {:.3?}", theirs);
            println!("ratio: SAQ Desk is {:.1}x faster", theirs.as_secs_f64() / ours.as_secs_f64());
        }
        None => println!("chromium not found: install Debian's chromium to compare (./dev bench does)"),
    }
}

fn chromium(html: &std::path::Path, out: &std::path::Path) -> Option<Duration> {
    let bin = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok())?;
    let profile = tempfile::tempdir().ok()?;
    let t = Instant::now();
    let status = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .ok()?;
    let elapsed = t.elapsed();
    (status.status.success() && out.exists()).then_some(elapsed)
}

fn arg(args: &[String], name: &str) -> Option<usize> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok())
}
