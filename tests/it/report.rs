//! The evidence report and QSA bundle, checked with real tools: pdftotext, pdfinfo, pdffonts,
//! pdfimages, qpdf, and an unzip that re-hashes every file against the manifest.

use crate::common::*;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::process::Command;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} not installed ({e}); ./dev test installs poppler-utils and qpdf"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn png(path: &std::path::Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 180]));
    img.save(path).expect("png");
}

struct Fixture {
    env: Env,
    a: String,
    evidence_sha: Vec<String>,
}

/// A fully answered assessment with text and image evidence, a CCW, an N/A and a Not in Place.
fn fixture(saq_method: &str, saq: &str) -> Fixture {
    let env = Env::new();
    let m = env.ok(&[
        "merchant",
        "set",
        "--name",
        "Zoë Łódź Ærøskøbing — “quotes” € Ltd",
        "--dba",
        "Zoë’s Café",
        "--location",
        "Retail shop|2|Łódź, Poland",
        "--provider",
        "Stripe=Payment processing",
    ]);
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--method", saq_method]);
    env.complete(&a, saq);
    let ids = env.requirement_ids(saq);
    env.ok(&[
        "answer",
        &a,
        &ids[1],
        "--response",
        "not-applicable",
        "--explanation",
        "No paper records with account data are kept.",
    ]);
    env.ok(&[
        "answer",
        &a,
        &ids[2],
        "--response",
        "not-in-place",
        "--remediation-date",
        "2027-03-31",
        "--remediation-plan",
        "Introduce quarterly review",
    ]);
    let ccw = env.path("ccw.yaml");
    write(&ccw, "constraints: Vendor system cannot change\ndefinition: Isolated VLAN and jump host\nobjective: Limit access\nobjective_met: Access limited to the jump host\nidentified_risk: Lateral movement\nvalidation: Tested by internal audit\nmaintenance: Reviewed monthly\n");
    env.ok(&["answer", &a, &ids[3], "--response", "in-place-ccw", "--ccw-file", ccw.to_str().expect("utf8")]);
    let mut evidence_sha = Vec::new();
    let text = env.path("tls-report.txt");
    write(&text, "TLS 1.3 only. Grade A+.\n");
    let img = env.path("dashboard-roles.png");
    png(&img, 900, 600);
    let jpg = env.path("door.jpg");
    image::RgbImage::from_fn(320, 200, |x, _| image::Rgb([200, (x % 255) as u8, 40])).save(&jpg).expect("jpg");
    let broken = env.path("broken.png");
    std::fs::write(&broken, b"\x89PNG\r\n\x1a\nthis is not really a png").expect("broken");
    for f in [&text, &img, &jpg, &broken] {
        let v =
            env.json(&["evidence", "add", &a, &ids[0], f.to_str().expect("utf8"), "--effective-date", "2026-10-01"]);
        evidence_sha.push(v["sha256"].as_str().expect("sha").to_string());
    }
    Fixture { env, a, evidence_sha }
}

#[test]
fn saq_a_pdf_has_every_section_and_answer() {
    let f = fixture("elements", "A");
    let pdf = f.env.path("report.pdf");
    f.env.ok(&["export", &f.a, "--format", "pdf", "--out", pdf.to_str().expect("utf8")]);
    let text = tool("pdftotext", &["-layout", pdf.to_str().expect("utf8"), "-"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Zoë Łódź Ærøskøbing — “quotes” € Ltd"), "merchant name with accents");
    for section in [
        "Contents",
        "Section 1: Assessment information",
        "Part 1a. Merchant",
        "Part 2a. Payment channels and scoping",
        "Part 2f. Third-party service providers",
        "Part 2h. Eligibility",
        "Section 2: Self-assessment questionnaire",
        "Appendix B: Compensating Controls Worksheets",
        "Appendix C: Requirements Not Applicable",
        "Section 3: Validation and attestation",
        "Part 4. Action plan",
        "Evidence index",
        "Image evidence",
        "Audit trail summary",
        "Page 1 of",
        "DRAFT",
    ] {
        assert!(flat.contains(section), "missing {section}");
    }
    // The reduced forms print Appendix D only to say it is not used; Appendix A is on every form.
    let d = flat.rfind("Appendix D: Requirements Not Tested").expect("Appendix D heading");
    assert!(flat[d..d + 200].contains("does not offer the \"Not Tested\" response"), "{}", &flat[d..d + 200]);
    assert!(!flat.contains("What was not tested, and why"), "no Not Tested table outside SAQ D");
    assert!(flat.contains("Appendix A1, the extra requirements for multi-tenant service providers, never applies"));
    assert!(flat.contains(
        "Appendix A2, for point-of-sale terminals that still connect over SSL or early TLS, is not part of SAQ A"
    ));
    assert!(flat.contains("Designated Entities Supplemental Validation (DESV)"));
    assert!(!flat.contains("Extent of the assessment"), "Full/Partial is SAQ D's Part 3 only");
    for id in f.env.requirement_ids("A") {
        assert!(flat.contains(&id), "requirement {id} missing");
    }
    for r in ["In Place", "Not Applicable", "Not in Place", "In Place with CCW"] {
        assert!(flat.contains(r), "response {r} missing");
    }
    // SHA-256 may wrap inside its cell: read in content order and compare without whitespace.
    let compact: String = tool("pdftotext", &["-raw", pdf.to_str().expect("utf8"), "-"]).split_whitespace().collect();
    for sha in &f.evidence_sha {
        assert!(compact.contains(sha), "evidence hash {sha} missing");
    }
    assert!(flat.contains("could not be rendered"), "corrupt image becomes a line, not a failure");
    assert!(flat.contains("Stripe Elements"), "scoping method in Part 2a");

    let info = tool("pdfinfo", &[pdf.to_str().expect("utf8")]);
    let pages: usize =
        info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|v| v.trim().parse().ok()).expect("pages");
    assert!((8..60).contains(&pages), "{pages} pages");
    assert!(info.contains("Title:") && info.contains("SAQ A"), "{info}");
    let fonts = tool("pdffonts", &[pdf.to_str().expect("utf8")]);
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    for line in fonts.lines().skip(2) {
        assert!(line.contains(" yes "), "font not embedded: {line}");
    }
    let images = tool("pdfimages", &["-list", pdf.to_str().expect("utf8")]);
    assert!(images.lines().skip(2).filter(|l| l.contains("image")).count() >= 2, "{images}");
    tool("qpdf", &["--check", pdf.to_str().expect("utf8")]);
}

#[test]
fn saq_d_pdf_has_appendix_d_and_is_reproducible() {
    let f = fixture("direct-api", "D");
    let ids = f.env.requirement_ids("D");
    // Nothing Not Tested yet: Part 3 says the assessment is full.
    let full = f.env.path("full.pdf");
    f.env.ok(&["export", &f.a, "--out", full.to_str().expect("utf8")]);
    let flat_full =
        tool("pdftotext", &[full.to_str().expect("utf8"), "-"]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat_full.contains("Extent of the assessment: Full."), "Part 3 must say Full");
    // 12.5.2's own row is its eighth answer row; bullet 0 names it too.
    let saved = f.env.json(&["answer", &f.a, "12.5.2", "--bullet", "0=in-place"]);
    assert_eq!(saved["bullets"].as_array().map(Vec::len), Some(8), "{saved}");
    assert_eq!(saved["bullets"][7], "in-place");
    let e = f.env.fails(&["answer", &f.a, "12.5.2", "--bullet", "9=in-place"], 2);
    assert!(e.contains("its own row, number 8 (or 0)"), "{e}");
    f.env.ok(&[
        "answer",
        &f.a,
        &ids[10],
        "--response",
        "not-tested",
        "--explanation",
        "Excluded by the acquirer for this period.",
    ]);
    // 12.5.2 is answered per bullet: the PDF shows each bullet's response, and the appendices
    // name the bullet, not just the requirement.
    f.env.ok(&[
        "answer",
        &f.a,
        "12.5.2",
        "--bullet",
        "3=not-applicable",
        "--bullet",
        "5=not-in-place",
        "--explanation",
        "No account data is stored outside the CDE.",
        "--remediation-date",
        "2027-02-28",
    ]);
    let one = f.env.path("one.pdf");
    let two = f.env.path("two.pdf");
    f.env.ok(&["export", &f.a, "--out", one.to_str().expect("utf8"), "--now", "2026-11-30T09:00:00Z"]);
    f.env.ok(&["export", &f.a, "--out", two.to_str().expect("utf8"), "--now", "2026-11-30T09:00:00Z"]);
    let (b1, b2) = (std::fs::read(&one).expect("one"), std::fs::read(&two).expect("two"));
    assert!(b1 == b2, "same data and --now must give byte-identical PDFs");
    let text = tool("pdftotext", &[one.to_str().expect("utf8"), "-"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Appendix D: Requirements Not Tested") && flat.contains("Excluded by the acquirer"));
    for id in &ids {
        assert!(flat.contains(id.as_str()), "requirement {id} missing");
    }
    for needle in [
        "12.5.2 bullet 1 Card data flows are mapped",
        "12.5.2 bullet 3 All places where account data is kept",
        "12.5.2 bullet 7 Everything found above",
        // 12.5.2's own row has its own answer on the requirement's line, as on the form.
        "In Place (requirement row; with its 7 bullets overall: Not in Place)",
    ] {
        assert!(flat.contains(needle), "missing {needle:?}");
    }
    // Eight answer rows for 12.5.2: its own line plus seven bullets, and no eighth bullet.
    let own = flat.find("12.5.2 Scope is confirmed yearly").expect("12.5.2 row");
    let rows = flat[own..].split("12.6.1").next().unwrap_or_default();
    assert_eq!(rows.matches("12.5.2 bullet ").count(), 7, "{rows}");
    assert!(!rows.contains("12.5.2 bullet 8"), "{rows}");
    // Part 3 of SAQ D states the extent: Partial, because something is Not Tested.
    assert!(flat.contains("Extent of the assessment: Partial."), "Part 3 must say Partial");
    assert!(!flat.contains("Extent of the assessment: Full."));
    // The appendix statements the forms print.
    assert!(flat.contains("Appendix A1, the extra requirements for multi-tenant service providers, never applies"));
    assert!(flat.contains("its requirement A2.1.1 is answered in Section 2 above"));
    assert!(flat.contains("Designated Entities Supplemental Validation (DESV)"));
    assert!(flat.contains("12.5.2 bullet 5: "), "Part 4 names the bullet that is Not in Place");
    let appendix_c = flat.rfind("Appendix C: Requirements Not Applicable").expect("appendix C");
    assert!(
        flat[appendix_c..appendix_c + 400].contains("12.5.2 bullet 3 Scope is confirmed"),
        "Appendix C names the bullet: {}",
        &flat[appendix_c..appendix_c + 400]
    );
    let b3 = flat.find("12.5.2 bullet 3 All places").expect("bullet 3");
    assert!(flat[b3..b3 + 200].contains("Not Applicable"), "bullet 3's own response: {}", &flat[b3..b3 + 200]);
    let b5 = flat.find("12.5.2 bullet 5 Segmentation").expect("bullet 5");
    assert!(flat[b5..b5 + 200].contains("Not in Place"), "bullet 5's own response");
    // The table header repeats on every page a long table spans.
    assert!(flat.matches("Notes and owner").count() > 12, "table headers should repeat");
    tool("qpdf", &["--check", one.to_str().expect("utf8")]);
}

#[test]
fn attested_export_records_pdf_hash_and_drops_watermark() {
    let env = Env::new();
    let m = env.merchant("Signed Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    env.complete(&a, "A");
    env.ok(&["attest", &a, "--name", "Ana", "--title", "CEO"]);
    let pdf = env.path("signed.pdf");
    let out = env.json(&["export", &a, "--out", pdf.to_str().expect("utf8")]);
    let sha = hex::encode(Sha256::digest(std::fs::read(&pdf).expect("pdf")));
    assert_eq!(out["sha256"], sha.as_str());
    let stored: String =
        open_db(&env.db()).query_row("SELECT pdf_sha256 FROM attestations", [], |r| r.get(0)).expect("hash");
    assert_eq!(stored, sha);
    let text = tool("pdftotext", &[pdf.to_str().expect("utf8"), "-"]);
    assert!(!text.contains("DRAFT"), "no watermark once attested");
    assert!(text.contains("Ana"));
}

#[test]
fn bundle_round_trips_against_its_manifest() {
    let f = fixture("elements", "A");
    let zip_path = f.env.path("qsa.zip");
    f.env.ok(&["bundle", &f.a, "--out", zip_path.to_str().expect("utf8")]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("zip")).expect("archive");
    let manifest: serde_json::Value = {
        let mut s = String::new();
        zip.by_name("manifest.json").expect("manifest").read_to_string(&mut s).expect("read");
        serde_json::from_str(&s).expect("json")
    };
    let files = manifest["files"].as_array().expect("files");
    assert_eq!(files.len(), 1 + f.evidence_sha.len());
    for entry in files {
        let path = entry["path"].as_str().expect("path");
        assert!(!path.contains("..") && !path.starts_with('/'), "{path}");
        let mut bytes = Vec::new();
        zip.by_name(path).expect("entry").read_to_end(&mut bytes).expect("bytes");
        assert_eq!(hex::encode(Sha256::digest(&bytes)), entry["sha256"].as_str().expect("sha"), "{path}");
    }
    for sha in &f.evidence_sha {
        assert!(files.iter().any(|e| e["sha256"] == sha.as_str()), "evidence {sha} missing from bundle");
    }
    assert!(!f.env.dir.path().join(".qsa.zip.partial").exists());
}

#[test]
fn html_md_json_agree_with_pdf() {
    let f = fixture("elements", "A");
    let mut outputs = Vec::new();
    for fmt in ["html", "md", "json"] {
        let p = f.env.path(&format!("r.{fmt}"));
        f.env.ok(&["export", &f.a, "--format", fmt, "--out", p.to_str().expect("utf8")]);
        outputs.push(std::fs::read_to_string(&p).expect("read"));
    }
    for out in &outputs {
        assert!(out.contains("Ærøskøbing"), "merchant");
        for sha in &f.evidence_sha {
            assert!(out.contains(sha.as_str()), "hash");
        }
        for id in f.env.requirement_ids("A") {
            assert!(out.contains(&id), "{id}");
        }
    }
    let json: serde_json::Value = serde_json::from_str(&outputs[2]).expect("json");
    assert_eq!(json["assessment"]["saq"], "A");
    // Answer text that looks like a template is data, never executed.
    let e = Env::new();
    let m = e.merchant("Template Ltd");
    let a = e.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    e.ok(&[
        "answer",
        &a,
        "2.2.2",
        "--response",
        "in-place",
        "--note",
        "{{ merchant.legal_name }} {% raw %}<script>x</script>",
    ]);
    let p = e.path("t.html");
    e.ok(&["export", &a, "--format", "html", "--out", p.to_str().expect("utf8")]);
    let html = std::fs::read_to_string(&p).expect("html");
    assert!(
        html.contains("{{ merchant.legal_name }}") && html.contains("&lt;script&gt;"),
        "template text in answers must be shown, escaped, not run"
    );
}

#[test]
fn broken_template_names_file_and_line() {
    let env = Env::new();
    let m = env.merchant("Tpl Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    let dir = env.path("tpl");
    std::fs::create_dir_all(dir.join("pdf")).expect("mkdir");
    for e in std::fs::read_dir(root().join("templates/pdf")).expect("templates") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), dir.join("pdf").join(e.file_name())).expect("copy");
    }
    for n in ["report.html.tera", "report.md.tera"] {
        std::fs::copy(root().join("templates").join(n), dir.join(n)).expect("copy");
    }
    write(&dir.join("pdf/section1.txt.tera"), "Fine line\nBroken {% if %} here\n");
    let out = env.path("x.pdf");
    write(&out, "previous export");
    let e =
        env.fails(&["export", &a, "--out", out.to_str().expect("utf8"), "--templates", dir.to_str().expect("utf8")], 2);
    assert!(e.contains("section1.txt.tera") && e.contains("2:"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("kept"),
        "previous export",
        "a failed export leaves the previous file intact"
    );
}

/// Image evidence is drawn up to a fixed budget, so exporting never holds every image in memory;
/// the rest are named in the report and still travel byte for byte in the bundle.
#[test]
fn images_beyond_the_embedding_budget_are_listed_not_drawn() {
    let env = Env::new();
    let m = env.merchant("Budget Shop Ltd");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    let id = env.requirement_ids("A")[0].clone();
    // Small real PNGs padded after IEND (readers ignore the tail) stand in for big screenshots.
    let padded = |name: &str, mib: usize, shade: u8| {
        let p = env.path(name);
        image::RgbImage::from_fn(300, 200, |x, _| image::Rgb([shade, (x % 256) as u8, 90])).save(&p).expect("png");
        let mut bytes = std::fs::read(&p).expect("read");
        bytes.resize(bytes.len() + mib * 1024 * 1024, 0);
        std::fs::write(&p, bytes).expect("pad");
        p
    };
    for (i, f) in
        [padded("first.png", 40, 10), padded("too-big.png", 30, 20), padded("small.png", 0, 30)].iter().enumerate()
    {
        env.ok(&["--now", &format!("2026-11-23T10:00:0{i}Z"), "evidence", "add", &a, &id, f.to_str().expect("utf8")]);
    }
    let pdf = env.path("r.pdf");
    env.ok(&["export", &a, "--format", "pdf", "--out", pdf.to_str().expect("utf8")]);
    let text =
        tool("pdftotext", &["-raw", pdf.to_str().expect("utf8"), "-"]).split_whitespace().collect::<Vec<_>>().join(" ");
    // Evidence is numbered in the order it was added: first.png is E1, too-big.png E2.
    let skipped = "E2";
    assert!(text.contains("E2 too-big.png image/png 30.0 MiB"), "{text}");
    assert!(text.contains("1 image file(s) are not drawn here because they would take the images in this report past its 64 MiB limit: E2."), "{text}");
    let images = tool("pdfimages", &["-list", pdf.to_str().expect("utf8")]);
    assert_eq!(images.lines().skip(2).count(), 2, "first.png and small.png drawn, too-big.png not:\n{images}");
    let html = env.path("r.html");
    env.ok(&["export", &a, "--format", "html", "--out", html.to_str().expect("utf8")]);
    let html = std::fs::read_to_string(html).expect("html");
    assert_eq!(html.matches("<img ").count(), 2);
    assert!(html.contains(&format!("1 image file(s) are not shown here because they would take the images in this report past its size limit: {skipped}.")), "html names the skipped image");
    let bundle = env.path("q.zip");
    env.ok(&["bundle", &a, "--out", bundle.to_str().expect("utf8")]);
    let zip = zip::ZipArchive::new(std::fs::File::open(&bundle).expect("zip")).expect("archive");
    assert_eq!(zip.file_names().filter(|n| n.starts_with("evidence/")).count(), 3, "every image is in the bundle");
}
