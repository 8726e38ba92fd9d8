//! Leak-guard throughput: how many MB of officer-written notes per second `scan` gets through.
//! The corpus is what notes and text evidence look like — prose, requirement IDs, dates, times,
//! amounts, phone numbers, IP addresses, order numbers, hashes — with no card number in it, so
//! every byte goes the whole way through the search, and every finding is a false alarm. Run with `cargo bench --bench leak_guard`.

use saqdesk::leak_guard::scan;
use std::time::Instant;

fn corpus(bytes: usize) -> String {
    // A fixed linear congruential generator: the same corpus on every machine and run.
    let mut x: u64 = 0x5eed;
    let mut next = move |n: u64| {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (x >> 33) % n
    };
    let words = [
        "Reviewed",
        "firewall",
        "rules",
        "with",
        "the",
        "IT",
        "lead",
        "see",
        "ticket",
        "evidence",
        "quarterly",
        "ASV",
        "scan",
        "passed",
        "on",
        "and",
        "Stripe",
        "AOC",
        "dated",
        "requirement",
        "owner",
        "call",
        "order",
        "total",
        "EUR",
        "host",
        "hash",
        "invoice",
        "page",
        "scripts",
        "inventoried",
    ];
    let mut s = String::with_capacity(bytes + 200);
    while s.len() < bytes {
        match next(12) {
            0 => s.push_str(&format!("{}.{}.{} ", 1 + next(12), 1 + next(9), 1 + next(9))),
            1 => s.push_str(&format!("2026-{:02}-{:02} ", 1 + next(12), 1 + next(28))),
            2 => s.push_str(&format!("{:02}:{:02}:{:02} ", next(24), next(60), next(60))),
            3 => s.push_str(&format!("{}.{:02} ", next(100000), next(100))),
            4 => s.push_str(&format!("+44 20 {} {} ", 1000 + next(9000), 1000 + next(9000))),
            5 => s.push_str(&format!("10.{}.{}.{} ", next(256), next(256), next(256))),
            6 => s.push_str(&format!("ORD-{} ", 100000 + next(900000))),
            7 => s.push_str(&format!("{:016x}{:016x} ", next(u64::MAX), next(u64::MAX))),
            8 => s.push('\n'),
            _ => {
                s.push_str(words[next(words.len() as u64) as usize]);
                s.push(' ');
            }
        }
    }
    s
}

fn main() {
    let text = corpus(8 * 1024 * 1024);
    if std::env::var_os("DUMP").is_some() {
        debug_dump(&text);
        return;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    let mut best = f64::MAX;
    let mut found = 0;
    for _ in 0..5 {
        let t = Instant::now();
        found = scan(&text).len();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("leak_guard/whole-text  {mb:.1} MB in {:.3} s  →  {:.0} MB/s (best of 5)", best, mb / best);
    // The corpus holds no card number: anything found is a false alarm.
    println!("leak_guard/false-alarms {found}");
    // Notes arrive one field at a time: the per-call cost matters as much as raw speed.
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        for l in &lines {
            std::hint::black_box(scan(l));
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("leak_guard/per-line    {} lines in {:.3} s  →  {:.0} MB/s (best of 5)", lines.len(), best, mb / best);
}
#[allow(dead_code)]
fn debug_dump(text: &str) {
    for f in scan(text).iter().take(15) {
        let s = f.span.start.saturating_sub(30);
        let e = (f.span.end + 30).min(text.len());
        eprintln!("{:?}", &text[s..e]);
    }
}
