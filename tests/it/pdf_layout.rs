//! End-to-end checks of the PDF drawer with the real poppler and qpdf tools.
//!
//! Set `SAQDESK_PDF_OUT=/some/file.pdf` to keep the rendered sample for a look.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use saqdesk::report::document::{Block, Cell, Column, Document, Meta, Table, TextStyle};
use saqdesk::report::pdf::render_pdf;

const ACCENTED: &str = "Zoë Łódź Ærøskøbing — “quotes” €";
const ROWS: usize = 400;

fn sha_like(i: usize) -> String {
    // 64 hex chars, different per row.
    let mut s = String::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15 ^ (i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d);
    while s.len() < 64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push_str(&format!("{x:016x}"));
    }
    s.truncate(64);
    s
}

fn small_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(240, 120, |x, y| {
        if (x / 20 + y / 20) % 2 == 0 {
            image::Rgb([31, 58, 95])
        } else {
            image::Rgb([230, 236, 244])
        }
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn sample() -> Document {
    let mut blocks = vec![
        Block::Cover {
            title: "PCI DSS v4.0.1 Self-Assessment — SAQ A".into(),
            subtitle: format!("Evidence report for {ACCENTED}"),
            lines: vec![
                ("Merchant".into(), "Zoë Łódź Ltd".into()),
                ("Assessment period".into(), "2025-01-01 to 2025-12-31".into()),
                ("Prepared by".into(), "SAQ Desk".into()),
            ],
        },
        Block::Toc,
        Block::Heading { level: 1, text: "Summary".into(), toc: true },
        Block::Paragraph {
            text: format!(
                "This report was prepared for {ACCENTED}. It lists every requirement of the \
                 questionnaire with its answer and the evidence that supports it. Long words such \
                 as evidence/2025/network/cardholder-data-environment-diagram-final-v3-approved.png \
                 must wrap without running into the margin."
            ),
            style: TextStyle::Normal,
        },
        Block::Paragraph { text: "A small print note.".into(), style: TextStyle::Small },
        Block::Paragraph { text: "A bold statement.".into(), style: TextStyle::Bold },
        Block::Paragraph { text: "An italic remark.".into(), style: TextStyle::Italic },
        Block::Heading { level: 2, text: "Merchant details".into(), toc: true },
        Block::Fields {
            rows: vec![
                ("Company name".into(), "Zoë Łódź Ltd".into()),
                (
                    "Address".into(),
                    "1 Ærøskøbing Street, a rather long address line that has to wrap inside the value column".into(),
                ),
                ("Contact".into(), "zoe@example.com".into()),
            ],
        },
        Block::Heading { level: 1, text: "Requirements".into(), toc: true },
        Block::Heading { level: 2, text: "Answers and evidence".into(), toc: true },
    ];
    let mut rows: Vec<Vec<Cell>> = (0..ROWS)
        .map(|i| {
            let tone = ["ok", "warn", "bad"][i % 3];
            vec![
                Cell::bold(format!("ROW-{i:04}")),
                Cell::text(format!(
                    "Requirement text number {i}: {}",
                    "the entity maintains documented policies and procedures that are kept current. ".repeat(i % 4 + 1)
                )),
                Cell::mono(sha_like(i)),
                Cell::text(["In place", "Not tested", "Not in place"][i % 3]).tone(tone),
            ]
        })
        .collect();
    // One row taller than a page: it has to split between lines.
    let tall: String = (1..=90).map(|n| format!("Log line {n}: access review completed\n")).collect();
    rows.insert(
        200,
        vec![
            Cell::bold("ROW-TALL"),
            Cell::text(tall),
            Cell { text: "MONO-BOLD".into(), bold: true, monospace: true, tone: None },
            Cell::text("In place").tone("ok"),
        ],
    );
    blocks.push(Block::Table(Table {
        columns: vec![
            Column { title: "Req. ID".into(), weight: 1.2 },
            Column { title: "Requirement".into(), weight: 4.0 },
            Column { title: "Evidence SHA-256".into(), weight: 2.2 },
            Column { title: "Status".into(), weight: 1.2 },
        ],
        rows,
    }));
    blocks.push(Block::Heading { level: 1, text: "Evidence".into(), toc: true });
    blocks.push(Block::Image { bytes: small_png(), caption: "Figure 1: network diagram (test pattern)".into() });
    blocks.push(Block::Image {
        bytes: b"\x89PNG\r\n\x1a\nthis is not really a png".to_vec(),
        caption: "Figure 2: broken".into(),
    });
    blocks.push(Block::Notice { text: "Attachment policy.docx could not be rendered: unsupported format".into() });
    blocks.push(Block::Spacer { points: 12.0 });
    blocks.push(Block::Paragraph { text: format!("Closing line: {ACCENTED}"), style: TextStyle::Normal });
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading { level: 3, text: "Appendix note".into(), toc: false });
    blocks.push(Block::Paragraph { text: "End.".into(), style: TextStyle::Normal });

    Document {
        meta: Meta {
            title: "SAQ A report — Zoë Łódź Ltd".into(),
            author: "SAQ Desk".into(),
            subject: "PCI DSS v4.0.1 SAQ A".into(),
            keywords: vec!["PCI DSS".into(), "SAQ A".into()],
            created: at("2025-03-01T09:30:00+01:00"),
        },
        header_left: "Zoë Łódź Ltd · SAQ A".into(),
        header_right: "Draft for QSA review".into(),
        watermark: Some("DRAFT".into()),
        blocks,
    }
}

fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("running {cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write_pdf(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn renders_a_complete_report_that_real_tools_accept() {
    let doc = sample();
    let started = Instant::now();
    let bytes = render_pdf(doc.clone()).expect("render");
    let elapsed = started.elapsed();
    eprintln!("rendered {} bytes in {elapsed:?}", bytes.len());
    let (_dir, path) = write_pdf(&bytes);
    if let Ok(keep) = std::env::var("SAQDESK_PDF_OUT") {
        std::fs::write(keep, &bytes).unwrap();
    }

    // Text.
    let text = tool("pdftotext", &["-layout", s(&path), "-"]);
    assert!(text.contains(ACCENTED), "accented string missing");
    assert!(text.contains("Page 1 of"));
    assert!(text.contains("Contents"));
    assert!(text.contains("Zoë Łódź Ltd · SAQ A"), "running header");
    assert!(text.contains("Draft for QSA review"));
    assert!(text.contains("could not be rendered"), "notice for the corrupt image");
    assert!(text.contains("Figure 1: network diagram"));
    let header_count = text.matches("Evidence SHA-256").count();
    assert!(header_count > 1, "table header repeated, seen {header_count} times");
    for i in 0..ROWS {
        let id = format!("ROW-{i:04}");
        assert!(text.contains(&id), "{id} missing");
    }
    for n in 1..=90 {
        assert!(text.contains(&format!("Log line {n}: access review completed")), "tall row line {n}");
    }

    // Page count and metadata.
    let info = tool("pdfinfo", &[s(&path)]);
    let pages: usize =
        info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|v| v.trim().parse().unwrap()).expect("Pages line");
    assert!((10..200).contains(&pages), "{pages} pages");
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    assert!(info.lines().any(|l| l.starts_with("Title:") && l.contains("SAQ A report — Zoë Łódź Ltd")), "{info}");
    assert!(info.lines().any(|l| l.starts_with("Author:") && l.contains("SAQ Desk")));
    assert!(info.lines().any(|l| l.starts_with("Subject:") && l.contains("PCI DSS v4.0.1 SAQ A")));
    assert!(info.lines().any(|l| l.starts_with("Keywords:") && l.contains("SAQ A")));
    assert!(info.contains("Page size:") && info.contains("595.2"), "A4: {info}");
    let meta = tool("pdfinfo", &["-isodates", s(&path)]);
    assert!(meta.lines().any(|l| l.starts_with("CreationDate:") && l.contains("2025-03-01T08:30:00")), "{meta}");
    let xmp = tool("pdfinfo", &["-meta", s(&path)]);
    assert!(xmp.contains("<xmp:CreateDate>2025-03-01T08:30:00Z</xmp:CreateDate>"), "{xmp}");

    // Fonts: embedded (and subset).
    let fonts = tool("pdffonts", &[s(&path)]);
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(rows.len() >= 4, "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID
        let n = cols.len();
        assert_eq!(cols[n - 5], "yes", "embedded: {row}");
        assert_eq!(cols[n - 3], "yes", "unicode map: {row}");
        assert!(cols[0].contains("DejaVu"), "{row}");
    }
    for face in ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSansMono"] {
        assert!(
            rows.iter().any(|r| r.split_whitespace().next().is_some_and(|n| n.ends_with(&format!("+{face}")))),
            "{face} in {fonts}"
        );
    }

    // The image.
    let images = tool("pdfimages", &["-list", s(&path)]);
    let image_rows: Vec<&str> = images.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(image_rows.len(), 1, "{images}");
    assert!(image_rows[0].contains(" 240 ") && image_rows[0].contains(" 120 "), "{images}");

    // Structure.
    tool("qpdf", &["--check", s(&path)]);

    // Outline: level 1 and 2 headings, nested.
    let outline = tool("qpdf", &["--json", "--json-key=outlines", s(&path)]);
    for title in ["Summary", "Merchant details", "Requirements", "Answers and evidence", "Evidence"] {
        assert!(outline.contains(&format!("\"title\": \"{title}\"")), "outline {title}: {outline}");
    }
    assert!(!outline.contains("Appendix note"), "level 3 has no bookmark");

    // Same document, same bytes.
    let again = render_pdf(doc.clone()).expect("render again");
    assert!(again == bytes, "two renders differ");
}

#[test]
fn pages_render_with_poppler() {
    let bytes = render_pdf(sample()).expect("render");
    let (dir, path) = write_pdf(&bytes);
    let prefix = dir.path().join("p");
    // Rasterise a few pages; poppler complains on stderr about broken fonts or content.
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "30", "-f", "1", "-l", "4", s(&path), s(&prefix)])
        .output()
        .expect("pdftoppm");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.trim().is_empty(), "pdftoppm complained: {stderr}");
    let pngs = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "png"))
        .count();
    assert_eq!(pngs, 4);
}

#[test]
fn large_document_renders_quickly() {
    // ~300 pages of table. The bound is loose for debug builds on a small machine; the
    // release build is far faster (see the module notes in src/report/pdf/mod.rs).
    let rows = (0..7800)
        .map(|i| {
            vec![
                Cell::text(format!("{i}")),
                Cell::text("A requirement description that is long enough to wrap onto a second line of the cell in most cases."),
                Cell::mono(sha_like(i)),
            ]
        })
        .collect();
    let doc = Document {
        meta: Meta {
            title: "Big".into(),
            author: "a".into(),
            subject: "s".into(),
            keywords: vec![],
            created: at("2025-03-01T00:00:00Z"),
        },
        header_left: "Left".into(),
        header_right: "Right".into(),
        watermark: Some("DRAFT".into()),
        blocks: vec![
            Block::Toc,
            Block::Heading { level: 1, text: "Table".into(), toc: true },
            Block::Table(Table {
                columns: vec![
                    Column { title: "#".into(), weight: 0.6 },
                    Column { title: "Text".into(), weight: 4.0 },
                    Column { title: "Hash".into(), weight: 2.5 },
                ],
                rows,
            }),
        ],
    };
    let started = Instant::now();
    let bytes = render_pdf(doc.clone()).expect("render");
    let elapsed = started.elapsed();
    let (_dir, path) = write_pdf(&bytes);
    let info = tool("pdfinfo", &[s(&path)]);
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    eprintln!("{pages} pages, {} bytes in {elapsed:?}", bytes.len());
    assert!(pages >= 250, "{pages}");
    assert!(elapsed.as_secs_f32() < 20.0, "{elapsed:?}");
}

/// A creation time given with any offset; the document keeps it in UTC.
fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s).expect("RFC 3339").to_utc()
}
