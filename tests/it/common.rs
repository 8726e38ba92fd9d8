#![allow(dead_code)]
//! Helpers shared by the integration tests: the real binary against a real SQLite file.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub const NOW: &str = "2026-11-23T10:00:00Z";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("saqdesk.sqlite3")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("saqdesk").expect("binary");
        c.env("SAQDESK_DB", self.db()).env("SAQDESK_USER", "tester").env("SAQDESK_NOW", NOW);
        // The source folders, not the copies the Tauri build leaves next to the binary (which
        // lag behind an edit until the app crate is rebuilt).
        c.env("SAQDESK_QUESTIONNAIRES", root().join("questionnaires"))
            .env("SAQDESK_TEMPLATES", root().join("templates"));
        c
    }

    /// Runs and returns stdout, failing the test with stderr when the command fails.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run");
        assert!(out.status.success(), "saqdesk {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Runs expecting exit code `code`; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd().args(args).output().expect("run");
        assert_eq!(
            out.status.code(),
            Some(code),
            "saqdesk {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).to_string()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.ok(&a)).expect("json output")
    }

    pub fn merchant(&self, name: &str) -> String {
        self.ok(&[
            "merchant",
            "set",
            "--name",
            name,
            "--contact-email",
            "officer@example.com",
            "--provider",
            "Stripe=Payment processing (PCI DSS Level 1)",
        ])
    }

    pub fn requirement_ids(&self, saq: &str) -> Vec<String> {
        let v = self.json(&["saq", "show", saq]);
        v["requirements"]
            .as_array()
            .expect("requirements")
            .iter()
            .map(|r| r["id"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    pub fn criteria(&self, saq: &str) -> Vec<String> {
        let v = self.json(&["saq", "show", saq]);
        v["saq"]["eligibility"]
            .as_array()
            .expect("eligibility")
            .iter()
            .map(|c| c["id"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Answers every requirement In Place and confirms every criterion.
    pub fn complete(&self, a: &str, saq: &str) {
        for id in self.requirement_ids(saq) {
            self.ok(&["answer", a, &id, "--response", "in-place", "--owner", "IT lead"]);
        }
        for c in self.criteria(saq) {
            self.ok(&["confirm", a, &c]);
        }
        self.ok(&[
            "assessment",
            "details",
            a,
            "--how-channels-handle-data",
            "E-commerce: customers enter card data in Stripe-hosted fields; no card data reaches our servers.",
            "--environment",
            "One web server hosting the shop front end; staff laptops with Dashboard access.",
        ]);
        self.ok(&[&["assessment", "details", a][..], &PART_2E_2F[..]].concat());
    }
}

/// AOC Part 2e and 2f answered as a Stripe merchant without listed products would answer them.
pub const PART_2E_2F: [&str; 8] = [
    "--uses-validated-products",
    "no",
    "--providers-handle-data",
    "yes",
    "--providers-manage-components",
    "yes",
    "--providers-affect-security",
    "no",
];

pub fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write fixture");
}

pub fn open_db(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("open db")
}

/// The text of a PDF, as `pdftotext -layout` reads it (an independent reader of what we write).
pub fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().expect("utf8"), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext not installed ({e}); ./dev test installs poppler-utils"));
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
