//! Hostile inputs: each gets a clear error, and nothing already saved is harmed.

use crate::common;
use crate::common::*;
use std::io::{Read, Write};

/// Rewrites one entry of an assessment file (name, bytes) or drops it (`None`).
type EntryEdit = dyn Fn(&str, &[u8]) -> Option<Vec<u8>>;
/// An entry added to a rewritten assessment file: its name and bytes.
type ExtraEntry = (String, Vec<u8>);

fn copy_data() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(root().join("questionnaires/."))
        .arg(tmp.path())
        .status()
        .expect("cp");
    assert!(status.success());
    tmp
}

#[test]
fn yaml_alias_bomb_and_deep_nesting_are_refused_quickly() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n";
    let deep = format!("principal: {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    for (name, text) in [("bomb", bomb.to_string()), ("deep", deep)] {
        let tmp = copy_data();
        std::fs::write(tmp.path().join("pci-dss-v4.0.1/catalog/05.yaml"), text).expect("write");
        let env = Env::new();
        let t = std::time::Instant::now();
        let e = env.fails(&["--questionnaires", tmp.path().to_str().expect("utf8"), "saq", "list"], 2);
        assert!(e.contains("05.yaml"), "{name}: {e}");
        assert!(t.elapsed().as_secs() < 20, "{name} took {:?}", t.elapsed());
    }
}

fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    // A valid PNG signature and IHDR claiming a huge image, then a tiny IDAT: a decompression bomb
    // shape that must be refused by size before any pixel buffer is allocated.
    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        let mut crc_in = kind.to_vec();
        crc_in.extend_from_slice(data);
        c.extend_from_slice(&crc32(&crc_in).to_be_bytes());
        c
    }
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    out.extend(chunk(b"IEND", &[]));
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn image_bomb_and_hostile_file_names() {
    let env = Env::new();
    let m = env.merchant("Hostile Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    let bomb = env.path("bomb.png");
    std::fs::write(&bomb, png_header_only(60_000, 60_000)).expect("bomb");
    env.ok(&["evidence", "add", &a, "9.4.1", bomb.to_str().expect("utf8")]);
    // Names as an attacker would write them (the file system forbids some, so add them directly).
    let names = ["..%2F..%2Fetc%2Fpasswd", "CON.txt", "report\u{7}\u{1b}[31m.txt", "....", "aux"];
    for n in names {
        let p = env.path(n);
        std::fs::write(&p, "plain text\n").expect("write");
        env.ok(&["evidence", "add", &a, "12.8.1", p.to_str().expect("utf8")]);
    }
    let pdf = env.path("r.pdf");
    env.ok(&["export", &a, "--out", pdf.to_str().expect("utf8")]);
    let text =
        std::process::Command::new("pdftotext").args([pdf.to_str().expect("utf8"), "-"]).output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("could not be rendered"), "the bomb becomes a line in the PDF");
    let zip_path = env.path("b.zip");
    env.ok(&["bundle", &a, "--out", zip_path.to_str().expect("utf8")]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("zip")).expect("archive");
    for i in 0..zip.len() {
        let f = zip.by_index(i).expect("entry");
        let name = f.name().to_string();
        assert!(
            !name.contains("..") && !name.starts_with('/') && !name.chars().any(|c| c.is_control()),
            "unsafe name {name:?}"
        );
        let base = name.rsplit('/').next().unwrap_or("").to_ascii_uppercase();
        let stem = base.split('.').next().unwrap_or("");
        assert!(!["CON", "AUX", "NUL", "PRN"].contains(&stem), "reserved name {name}");
    }
    // The stored display name has no control characters either.
    let list = env.json(&["evidence", "list", &a]);
    for e in list.as_array().expect("list") {
        assert!(!e["file_name"].as_str().unwrap_or("").chars().any(|c| c.is_control()), "{e}");
    }
}

pub(crate) fn zip_entries(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut src = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    (0..src.len())
        .map(|i| {
            let mut e = src.by_index(i).expect("entry");
            let mut b = Vec::new();
            e.read_to_end(&mut b).expect("read");
            (e.name().to_string(), b)
        })
        .collect()
}

pub(crate) fn write_zip(path: &std::path::Path, entries: impl Iterator<Item = (String, Vec<u8>)>) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    for (n, b) in entries {
        w.start_file(n.as_str(), zip::write::SimpleFileOptions::default()).expect("start");
        w.write_all(&b).expect("write");
    }
    w.finish().expect("finish");
}

fn assessment_json(entries: &[(String, Vec<u8>)]) -> String {
    String::from_utf8(entries.iter().find(|(n, _)| n == "assessment.json").expect("assessment.json").1.clone())
        .expect("utf8")
}

/// Imports `file` into a fresh database expecting a refusal; checks nothing was imported and
/// returns the message.
fn refused_import(file: &std::path::Path) -> String {
    let other = Env::new();
    let e = other.fails(&["import-assessment", file.to_str().expect("utf8")], 2);
    assert!(other.ok(&["assessment", "list", "--json"]).trim() == "[]", "nothing imported: {e}");
    e
}

#[test]
fn tampered_assessment_files_are_refused_whole() {
    let env = Env::new();
    let m = env.merchant("Tamper Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    let f = env.path("policy.txt");
    write(&f, "our policy\n");
    env.ok(&["evidence", "add", &a, "12.8.1", f.to_str().expect("utf8")]);
    let file = env.path("a.saqdesk");
    env.ok(&["export-assessment", &a, file.to_str().expect("utf8")]);

    // Rewrite the zip with (1) altered evidence bytes, (2) a missing file, (3) a newer format.
    let entries = zip_entries(&file);
    let variants: Vec<(&str, Box<EntryEdit>)> = vec![
        (
            "does not match its SHA-256",
            Box::new(|n: &str, b: &[u8]| {
                Some(if n.starts_with("evidence/") { b"altered\n".to_vec() } else { b.to_vec() })
            }),
        ),
        ("is missing", Box::new(|n: &str, b: &[u8]| if n.starts_with("evidence/") { None } else { Some(b.to_vec()) })),
        (
            "newer SAQ Desk",
            Box::new(|n: &str, b: &[u8]| {
                Some(if n == "assessment.json" {
                    String::from_utf8_lossy(b)
                        .replacen(&format!("\"format\": {}", saqdesk::store::PORTABLE_FORMAT), "\"format\": 99", 1)
                        .into_bytes()
                } else {
                    b.to_vec()
                })
            }),
        ),
    ];
    for (expect, change) in variants {
        let bad = env.path("bad.saqdesk");
        write_zip(&bad, entries.iter().filter_map(|(n, b)| change(n, b).map(|nb| (n.clone(), nb))));
        let e = refused_import(&bad);
        assert!(e.contains(expect), "{expect}: {e}");
    }
}

/// A hand-made or altered assessment file is scanned like typed input: card data in any answer
/// field, in the AOC details or inside a text evidence file is refused, and nothing is imported.
#[test]
fn imported_files_get_the_leak_guard_too() {
    use sha2::{Digest, Sha256};
    let env = Env::new();
    let m = env.merchant("Smuggle Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A-EP"]);
    env.ok(&["answer", &a, "2.2.2", "--response", "in-place", "--owner", "IT lead"]);
    let ccw = env.path("ccw.yaml");
    write(&ccw, "constraints: Legacy till\ndefinition: Isolated VLAN\nobjective: Limit access\nobjective_met: Access limited to the jump host\nidentified_risk: Lateral movement\nvalidation: Audit\nmaintenance: Monthly review\n");
    env.ok(&["answer", &a, "1.2.1", "--response", "in-place-ccw", "--ccw-file", ccw.to_str().expect("utf8")]);
    env.ok(&["assessment", "details", &a, "--environment", "One web server"]);
    let f = env.path("policy.txt");
    write(&f, "our policy\n");
    env.ok(&["evidence", "add", &a, "12.8.1", f.to_str().expect("utf8")]);
    let file = env.path("a.saqdesk");
    env.ok(&["export-assessment", &a, file.to_str().expect("utf8")]);
    let entries = zip_entries(&file);
    let json = assessment_json(&entries);
    let old_sha = entries
        .iter()
        .find(|(n, _)| n.starts_with("evidence/"))
        .expect("evidence")
        .0
        .trim_start_matches("evidence/")
        .to_string();
    let card = "4242 4242 4242 4242";
    let leaky_text = format!("our policy\ntest payment with {card}\n");
    let new_sha = hex::encode(Sha256::digest(leaky_text.as_bytes()));

    let variants: Vec<(&str, String, Option<ExtraEntry>)> = vec![
        (
            "2.2.2 owner refused",
            json.replacen("\"owner\": \"IT lead\"", &format!("\"owner\": \"IT lead {card}\""), 1),
            None,
        ),
        ("1.2.1 ccw.objective refused", json.replacen("Limit access", &format!("Limit access {card}"), 1), None),
        (
            "details.environment_description refused",
            json.replacen("One web server", &format!("One web server {card}"), 1),
            None,
        ),
        (
            "evidence file policy.txt refused",
            json.replace(&old_sha, &new_sha),
            Some((format!("evidence/{new_sha}"), leaky_text.into_bytes())),
        ),
    ];
    for (expect, new_json, new_evidence) in variants {
        assert_ne!(new_json, json, "{expect}: the variant changed nothing");
        let bad = env.path("bad.saqdesk");
        write_zip(
            &bad,
            entries.iter().map(|(n, b)| match (n.as_str(), &new_evidence) {
                ("assessment.json", _) => (n.clone(), new_json.clone().into_bytes()),
                (e, Some(replacement)) if e.starts_with("evidence/") => replacement.clone(),
                _ => (n.clone(), b.clone()),
            }),
        );
        let e = refused_import(&bad);
        assert!(e.contains(expect) && e.contains("card number"), "{expect}: {e}");
    }
}

/// Bullet responses that contradict the requirement's response (or do not fit its bullets) are
/// refused: the report would otherwise show one answer in Section 2 and another per bullet.
#[test]
fn imported_bullets_must_agree_with_the_response() {
    let env = Env::new();
    let m = env.merchant("Bullets Import Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A-EP"]);
    env.ok(&["answer", &a, "6.4.3", "--response", "in-place"]);
    let file = env.path("a.saqdesk");
    env.ok(&["export-assessment", &a, file.to_str().expect("utf8")]);
    let entries = zip_entries(&file);
    let json = assessment_json(&entries);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    for (what, bullets) in [
        ("contradicts", serde_json::json!(["in-place", "not-in-place", "in-place"])),
        ("wrong count", serde_json::json!(["in-place", "in-place"])),
    ] {
        let mut v = v.clone();
        let r = v["responses"]
            .as_array_mut()
            .expect("responses")
            .iter_mut()
            .find(|r| r["requirement_id"] == "6.4.3")
            .expect("6.4.3");
        r["bullets"] = bullets;
        let bad = env.path("bad.saqdesk");
        write_zip(
            &bad,
            entries.iter().map(|(n, b)| {
                if n == "assessment.json" {
                    (n.clone(), serde_json::to_vec(&v).expect("json"))
                } else {
                    (n.clone(), b.clone())
                }
            }),
        );
        let e = refused_import(&bad);
        assert!(e.contains("6.4.3: its bullet responses do not match"), "{what}: {e}");
    }
    // The untouched file imports, bullets and all.
    let other = Env::new();
    other.ok(&["import-assessment", file.to_str().expect("utf8")]);
    let bullets: String = open_db(&other.db())
        .query_row("SELECT bullets_json FROM responses WHERE requirement_id = '6.4.3'", [], |r| r.get(0))
        .expect("row");
    assert_eq!(bullets, r#"["in-place","in-place","in-place"]"#);
}

#[cfg(unix)]
#[test]
fn disk_full_mid_export_keeps_the_previous_export() {
    let env = Env::new();
    let m = env.merchant("Full Disk Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "D"]);
    env.complete(&a, "D");
    let out = env.path("report.pdf");
    env.ok(&["export", &a, "--out", out.to_str().expect("utf8")]);
    let good = std::fs::read(&out).expect("first export");
    // A 64 KiB file-size limit makes the next write fail part-way, as a full disk would.
    let bin = assert_cmd::cargo::cargo_bin("saqdesk");
    let run = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 64; exec {} export {a} --out {} --now 2027-01-01T00:00:00Z",
            bin.display(),
            out.display()
        ))
        .env("SAQDESK_DB", env.db())
        .env("SAQDESK_QUESTIONNAIRES", common::root().join("questionnaires"))
        .env("SAQDESK_TEMPLATES", common::root().join("templates"))
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stderr));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("report.pdf"), "{err}");
    assert_eq!(std::fs::read(&out).expect("still there"), good, "the previous export is intact");
    assert!(!env.dir.path().join(".report.pdf.partial").exists(), "no half-written temp file left");
    // The database is unharmed.
    env.ok(&["status", &a]);
}

/// A write-protected database (file and folder): it can still be listed, checked and exported,
/// every change is refused with a message that says why, and the file stays byte for byte the
/// same. Permissions do not bind root, so a root test run drops to `nobody` for the locked part,
/// with the binary and data copied where that user can reach them.
#[test]
fn read_only_database_is_shown_and_exported_but_never_changed() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let m = env.merchant("Read Only Shop Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    let id = env.requirement_ids("A")[0].clone();
    env.ok(&["answer", &a, &id, "--response", "in-place", "--note", "Saved before the lock"]);

    let jail = tempfile::tempdir().expect("tmp");
    let mode =
        |p: &std::path::Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod");
    mode(jail.path(), 0o755);
    let bin = jail.path().join("saqdesk");
    let built = assert_cmd::cargo::cargo_bin("saqdesk");
    if std::fs::hard_link(&built, &bin).is_err() {
        std::fs::copy(&built, &bin).expect("copy binary");
    }
    for d in ["questionnaires", "templates"] {
        let ok = std::process::Command::new("cp").arg("-r").arg(root().join(d)).arg(jail.path()).status().expect("cp");
        assert!(ok.success());
        assert!(std::process::Command::new("chmod")
            .args(["-R", "a+rX"])
            .arg(jail.path().join(d))
            .status()
            .expect("chmod")
            .success());
    }
    let locked = jail.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    let db = locked.join("saqdesk.sqlite3");
    std::fs::copy(env.db(), &db).expect("copy db");
    let out = jail.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    mode(&out, 0o777);
    mode(&db, 0o444);
    mode(&locked, 0o555);
    let before = std::fs::read(&db).expect("read");

    let run = |args: &[&str]| {
        // SAFETY: plain getter with no preconditions.
        let root_user = unsafe { libc::geteuid() } == 0;
        let mut c = if root_user {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            c
        } else {
            std::process::Command::new(&bin)
        };
        c.args(args)
            .env("SAQDESK_DB", &db)
            .env("SAQDESK_QUESTIONNAIRES", jail.path().join("questionnaires"))
            .env("SAQDESK_TEMPLATES", jail.path().join("templates"))
            .env("SAQDESK_NOW", NOW)
            .env("SAQDESK_USER", "tester")
            .output()
            .expect("run saqdesk")
    };

    let refused = run(&[
        "--json",
        "answer",
        &a,
        &id,
        "--response",
        "not-in-place",
        "--remediation-date",
        "2027-01-31",
        "--remediation-plan",
        "x",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let err: serde_json::Value = serde_json::from_slice(&refused.stderr).expect("json error");
    assert_eq!(err["code"], "read_only", "{err}");
    assert!(
        err["message"].as_str().is_some_and(|m| m.contains("read-only") && m.contains("nothing was changed")),
        "{err}"
    );

    let status = run(&["status", &a]);
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(String::from_utf8_lossy(&status.stdout).contains("1 of 27 answered"));
    let pdf = out.join("report.pdf");
    let export = run(&["export", &a, "--format", "pdf", "--out", pdf.to_str().expect("utf8")]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
    assert!(String::from_utf8_lossy(&text.stdout).contains("Saved before the lock"));

    assert_eq!(std::fs::read(&db).expect("read"), before, "the database file changed");
    let names: Vec<String> = std::fs::read_dir(&locked)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["saqdesk.sqlite3"], "nothing was created beside the database");
    mode(&locked, 0o755);

    // Changes still waiting in the -wal file (the app was killed) cannot be read without write
    // access: refused with a message that says so, not shown out of date.
    mode(&db, 0o644);
    let conn = open_db(&db);
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE wal_probe(x); DROP TABLE wal_probe;",
    )
    .expect("write to the wal");
    std::mem::forget(conn); // no checkpoint on close: the -wal file stays, as after a crash
    let _ = std::fs::remove_file(locked.join("saqdesk.sqlite3-shm"));
    assert!(
        std::fs::metadata(locked.join("saqdesk.sqlite3-wal")).is_ok_and(|m| m.len() > 0),
        "the test needs a non-empty -wal"
    );
    mode(&db, 0o444);
    mode(&locked, 0o555);
    let pending = run(&["--json", "status", &a]);
    assert_eq!(pending.status.code(), Some(2), "{}", String::from_utf8_lossy(&pending.stderr));
    let err: serde_json::Value = serde_json::from_slice(&pending.stderr).expect("json error");
    assert_eq!(err["code"], "read_only", "{err}");
    assert!(err["message"].as_str().is_some_and(|m| m.contains("-wal file")), "{err}");
    mode(&locked, 0o755);
}
