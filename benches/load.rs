//! Load benchmark: a database the size of a busy compliance team's (20 fully answered SAQ D
//! assessments, 5,000 evidence files, about 2 GB), then
//!
//! 1. how long the app's first reads take on it: opening the store, listing assessments, opening
//!    one assessment (the checklist view) and its status: in-process (what the app's commands
//!    run) and through the CLI (a whole process each time);
//! 2. how export time and peak memory grow with the evidence count: one SAQ D assessment with
//!    100, 1,000 and 5,000 evidence files (same mix and mean size), exported as the PDF, the QSA
//!    bundle and the portable assessment file, and imported again, each by the real CLI, its
//!    peak resident memory read from the kernel (`wait4`).
//!
//! Run with `./dev bench` or `cargo bench --bench load -- [--assessments N] [--evidence N]
//! [--mean-kib N] [--scaling 100,1000,5000] [--runs N] [--dir PATH]`. Figures go to BENCHMARKS.md.

use chrono::{DateTime, Utc};
use saqdesk::desk::Desk;
use saqdesk::questionnaire::ResponseKind;
use saqdesk::store::{Actor, AnswerInput, EvidenceMeta, Ids, MerchantProfile, NewAssessment, Store};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23T10:00:00Z";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let assessments: usize = arg(&args, "--assessments").unwrap_or(20);
    let evidence: usize = arg(&args, "--evidence").unwrap_or(5000);
    let mean_kib: usize = arg(&args, "--mean-kib").unwrap_or(400);
    let runs: usize = arg(&args, "--runs").unwrap_or(5);
    let scaling: Vec<usize> = arg::<String>(&args, "--scaling")
        .unwrap_or_else(|| "100,1000,5000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = arg::<String>(&args, "--dir").map(PathBuf::from).unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("work dir");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = || saqdesk::DataSet::open(&root.join("questionnaires")).expect("questionnaires");
    let now = DateTime::parse_from_rfc3339(NOW).expect("now").with_timezone(&Utc);

    // 1. The big database.
    let db = dir.join("load.sqlite3");
    let _ = std::fs::remove_file(&db);
    let t = Instant::now();
    let (ids, bytes) = populate(&db, &data(), assessments, evidence, mean_kib, now);
    println!(
        "setup: {assessments} SAQ D assessments, {evidence} evidence files, {:.2} GB of evidence, database {:.2} GB, built in {:.0?}",
        bytes as f64 / 1e9,
        std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e9,
        t.elapsed()
    );
    let middle = &ids[ids.len() / 2];
    println!("\n| operation on the {assessments}-assessment database | median of {runs} | slowest |");
    println!("|---|---|---|");
    report(
        "open the data set and the database (app start)",
        measure(runs, || drop(Desk::with_data(data(), &db, None).expect("open"))),
    );
    let desk = Desk::with_data(data(), &db, None).expect("open");
    let who = saqdesk::store::Actor::new("bench", now);
    report("list assessments", measure(runs, || assert_eq!(desk.assessments().expect("list").len(), assessments)));
    report(
        "open one assessment (checklist view, 233 requirements)",
        measure(runs, || drop(desk.open_assessment(middle, &who).expect("view"))),
    );
    report("status of one assessment", measure(runs, || drop(desk.status(middle, None, &who).expect("status"))));
    drop(desk);
    let cli = |a: &[&str]| cli_run(&db, a);
    report(
        "CLI `saqdesk assessment list` (whole process)",
        measure(runs, || {
            cli(&["assessment", "list"]);
        }),
    );
    report(
        "CLI `saqdesk status <id>` (whole process)",
        measure(runs, || {
            cli(&["status", middle]);
        }),
    );

    // 2. Export time and memory against the evidence count.
    println!("\n| evidence files | evidence bytes | PDF export | PDF peak RSS | PDF size | bundle | bundle peak RSS | portable export | import | import peak RSS |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for n in scaling {
        let db = dir.join(format!("scale-{n}.sqlite3"));
        let _ = std::fs::remove_file(&db);
        let (ids, bytes) = populate(&db, &data(), 1, n, mean_kib, now);
        let a = &ids[0];
        let pdf = dir.join(format!("scale-{n}.pdf"));
        let zip = dir.join(format!("scale-{n}-bundle.zip"));
        let file = dir.join(format!("scale-{n}.saqdesk"));
        let other = dir.join(format!("scale-{n}-imported.sqlite3"));
        let _ = std::fs::remove_file(&other);
        let (pdf_t, pdf_rss) = cli_run(&db, &["export", a, "--format", "pdf", "--out", &s(&pdf)]);
        let (zip_t, zip_rss) = cli_run(&db, &["bundle", a, "--out", &s(&zip)]);
        let (exp_t, _) = cli_run(&db, &["export-assessment", a, &s(&file)]);
        let (imp_t, imp_rss) = cli_run(&other, &["import-assessment", &s(&file)]);
        println!(
            "| {n} | {:.2} GB | {:.2} s | {} MiB | {:.1} MB | {:.1} s | {} MiB | {:.1} s | {:.1} s | {} MiB |",
            bytes as f64 / 1e9,
            pdf_t.as_secs_f64(),
            pdf_rss / 1024,
            len(&pdf) as f64 / 1e6,
            zip_t.as_secs_f64(),
            zip_rss / 1024,
            exp_t.as_secs_f64(),
            imp_t.as_secs_f64(),
            imp_rss / 1024
        );
        for f in [&db, &zip, &file, &other] {
            let _ = std::fs::remove_file(f);
        }
    }
}

/// Fills `db` with `assessments` fully answered SAQ D assessments sharing `evidence` files between
/// them; returns the assessment IDs and the evidence bytes stored.
fn populate(
    db: &Path,
    data: &saqdesk::DataSet,
    assessments: usize,
    evidence: usize,
    mean_kib: usize,
    now: DateTime<Utc>,
) -> (Vec<String>, u64) {
    let who = Actor::new("bench", now);
    let mut store = Store::open(db).expect("db").with_ids(Ids::seeded("load"));
    let mut ids = Vec::new();
    for k in 0..assessments {
        let profile =
            MerchantProfile { legal_name: format!("Load Test Merchant {:02} Ltd", k / 2), ..Default::default() };
        let existing =
            store.merchants().expect("merchants").into_iter().find(|m| m.profile.legal_name == profile.legal_name);
        let merchant = match existing {
            Some(m) => m,
            None => store.save_merchant(None, &profile, &who).expect("merchant"),
        };
        let new = NewAssessment {
            merchant: merchant.id,
            year: 2025 + (k % 2) as i32,
            saqs: vec![saqdesk::store::NewPart::of("D")],
            period_start: None,
            period_end: None,
            scope: None,
        };
        let a = store.create_assessment(&data.questionnaire, &new, &who).expect("assessment");
        for r in &a.snapshot.requirements {
            let input = AnswerInput {
                response: Some(ResponseKind::InPlace),
                notes: Some(format!(
                    "{} verified by configuration review and an interview with the system owner.",
                    r.id
                )),
                owner: Some("Security lead".into()),
                ..Default::default()
            };
            store.answer(&a.id, &r.id, &input, None, &who).expect("answer");
        }
        ids.push(a.id.to_string());
    }
    let reqs: Vec<String> =
        store.assessment(&ids[0]).expect("assessment").snapshot.requirements.iter().map(|r| r.id.clone()).collect();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut total = 0u64;
    for i in 0..evidence {
        let size = mean_kib * 1024 / 4 + rng.below(mean_kib * 1024 * 3 / 2);
        let (name, bytes) = evidence_file(i, size, &mut rng);
        total += bytes.len() as u64;
        let meta = EvidenceMeta {
            effective_date: now.date_naive().checked_sub_days(chrono::Days::new(30)),
            ..Default::default()
        };
        let a = &ids[i % ids.len()];
        store.add_evidence_bytes(a, &[reqs[i % reqs.len()].clone()], &name, &bytes, &meta, &who).expect("evidence");
    }
    (ids, total)
}

/// One evidence file of about `size` bytes: a tenth are PNG screenshots, six tenths PDF-like
/// documents (incompressible, as real PDFs mostly are), three tenths text logs.
fn evidence_file(i: usize, size: usize, rng: &mut Rng) -> (String, Vec<u8>) {
    match i % 10 {
        0 => (format!("screenshot-{i:05}.png"), screenshot(size, rng)),
        7..=9 => {
            let mut text = String::with_capacity(size + 200);
            let mut n = 0;
            while text.len() < size {
                text.push_str(&format!("2026-10-{:02}T{:02}:{:02}:11Z web-{} sshd: accepted publickey for deploy from 10.0.{}.{} port {}\n", n % 28 + 1, n % 24, n % 60, n % 7, n % 250, rng.below(250), 40000 + rng.below(20000)));
                n += 1;
            }
            (format!("access-log-{i:05}.txt"), text.into_bytes())
        }
        _ => {
            let mut b = b"%PDF-1.7\n".to_vec();
            b.resize(size, 0);
            rng.fill(&mut b[9..]);
            (format!("policy-{i:05}.pdf"), b)
        }
    }
}

/// A 1280×800 PNG: flat panels like a dashboard screenshot, plus a band of noise sized so the
/// file comes out near `size` bytes.
fn screenshot(size: usize, rng: &mut Rng) -> Vec<u8> {
    let (w, h) = (1280u32, 800u32);
    let noise_rows = (size / (w as usize * 3)).min(h as usize) as u32;
    let shade = rng.below(200) as u8;
    let mut img =
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb([shade + (x / 160) as u8, 240 - (y / 100) as u8, 200]));
    for y in 0..noise_rows {
        for x in 0..w {
            let v = rng.next().to_le_bytes();
            img.put_pixel(x, y, image::Rgb([v[0], v[1], v[2]]));
        }
    }
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("png");
    png
}

/// xorshift64*: reproducible filler without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn fill(&mut self, b: &mut [u8]) {
        for chunk in b.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

/// Runs the real CLI against `db`; returns its wall time and peak resident memory in KiB.
fn cli_run(db: &Path, args: &[&str]) -> (Duration, u64) {
    let t = Instant::now();
    #[allow(clippy::zombie_processes)] // reaped below by wait4, which also reports its peak memory
    let child = Command::new(env!("CARGO_BIN_EXE_saqdesk"))
        .args(args)
        .env("SAQDESK_DB", db)
        .env("SAQDESK_NOW", NOW)
        .env("SAQDESK_USER", "bench")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn saqdesk");
    let mut status = 0;
    // SAFETY: plain FFI; `usage` is a zeroed out-parameter the kernel fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = t.elapsed();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "saqdesk {args:?} failed (status {status})"
    );
    (elapsed, usage.ru_maxrss as u64)
}

fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[times.len() - 1])
}

fn report(what: &str, (median, max): (Duration, Duration)) {
    println!("| {what} | {} | {} |", ms(median), ms(max));
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn len(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok())
}
