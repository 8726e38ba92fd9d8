//! The form engine on small .docx forms built here, in code: the same shapes as the PCI SSC forms
//! (legacy FORMCHECKBOX and FORMTEXT fields in the same order of parts) with made-up text, so
//! these tests always run. Output is read back with roxmltree, not with the engine's own code.

use chrono::NaiveDate;
use saqdesk::forms::{self, *};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

// Requirement IDs of SAQ A v4.0.1 r1 and SAQ D for Merchants v4.0.1 (facts from the PCI SSC forms).
const IDS_A: &[&str] = &[
    "2.2.2", "3.1.1", "3.2.1", "6.3.1", "6.3.3", "8.2.1", "8.2.2", "8.2.5", "8.3.1", "8.3.5", "8.3.6", "8.3.7",
    "8.3.9", "9.4.1", "9.4.1.1", "9.4.2", "9.4.3", "9.4.4", "9.4.6", "11.3.2", "11.3.2.1", "12.8.1", "12.8.2",
    "12.8.3", "12.8.4", "12.8.5", "12.10.1",
];
const IDS_D: &[&str] = &[
    "1.1.1",
    "1.1.2",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "1.2.4",
    "1.2.5",
    "1.2.6",
    "1.2.7",
    "1.2.8",
    "1.3.1",
    "1.3.2",
    "1.3.3",
    "1.4.1",
    "1.4.2",
    "1.4.3",
    "1.4.4",
    "1.4.5",
    "1.5.1",
    "2.1.1",
    "2.1.2",
    "2.2.1",
    "2.2.2",
    "2.2.3",
    "2.2.4",
    "2.2.5",
    "2.2.6",
    "2.2.7",
    "2.3.1",
    "2.3.2",
    "3.1.1",
    "3.1.2",
    "3.2.1",
    "3.3.1",
    "3.3.1.1",
    "3.3.1.2",
    "3.3.1.3",
    "3.3.2",
    "3.4.1",
    "3.4.2",
    "3.5.1",
    "3.5.1.1",
    "3.5.1.2",
    "3.5.1.3",
    "3.6.1",
    "3.6.1.2",
    "3.6.1.3",
    "3.6.1.4",
    "3.7.1",
    "3.7.2",
    "3.7.3",
    "3.7.4",
    "3.7.5",
    "3.7.6",
    "3.7.7",
    "3.7.8",
    "4.1.1",
    "4.1.2",
    "4.2.1",
    "4.2.1.1",
    "4.2.1.2",
    "4.2.2",
    "5.1.1",
    "5.1.2",
    "5.2.1",
    "5.2.2",
    "5.2.3",
    "5.2.3.1",
    "5.3.1",
    "5.3.2",
    "5.3.2.1",
    "5.3.3",
    "5.3.4",
    "5.3.5",
    "5.4.1",
    "6.1.1",
    "6.1.2",
    "6.2.1",
    "6.2.2",
    "6.2.3",
    "6.2.3.1",
    "6.2.4",
    "6.3.1",
    "6.3.2",
    "6.3.3",
    "6.4.1",
    "6.4.2",
    "6.4.3",
    "6.5.1",
    "6.5.2",
    "6.5.3",
    "6.5.4",
    "6.5.5",
    "6.5.6",
    "7.1.1",
    "7.1.2",
    "7.2.1",
    "7.2.2",
    "7.2.3",
    "7.2.4",
    "7.2.5",
    "7.2.5.1",
    "7.2.6",
    "7.3.1",
    "7.3.2",
    "7.3.3",
    "8.1.1",
    "8.1.2",
    "8.2.1",
    "8.2.2",
    "8.2.4",
    "8.2.5",
    "8.2.6",
    "8.2.7",
    "8.2.8",
    "8.3.1",
    "8.3.2",
    "8.3.3",
    "8.3.4",
    "8.3.5",
    "8.3.6",
    "8.3.7",
    "8.3.8",
    "8.3.9",
    "8.3.11",
    "8.4.1",
    "8.4.2",
    "8.4.3",
    "8.5.1",
    "8.6.1",
    "8.6.2",
    "8.6.3",
    "9.1.1",
    "9.1.2",
    "9.2.1",
    "9.2.1.1",
    "9.2.2",
    "9.2.3",
    "9.2.4",
    "9.3.1",
    "9.3.1.1",
    "9.3.2",
    "9.3.3",
    "9.3.4",
    "9.4.1",
    "9.4.1.1",
    "9.4.1.2",
    "9.4.2",
    "9.4.3",
    "9.4.4",
    "9.4.5",
    "9.4.5.1",
    "9.4.6",
    "9.4.7",
    "9.5.1",
    "9.5.1.1",
    "9.5.1.2",
    "9.5.1.2.1",
    "9.5.1.3",
    "10.1.1",
    "10.1.2",
    "10.2.1",
    "10.2.1.1",
    "10.2.1.2",
    "10.2.1.3",
    "10.2.1.4",
    "10.2.1.5",
    "10.2.1.6",
    "10.2.1.7",
    "10.2.2",
    "10.3.1",
    "10.3.2",
    "10.3.3",
    "10.3.4",
    "10.4.1",
    "10.4.1.1",
    "10.4.2",
    "10.4.2.1",
    "10.4.3",
    "10.5.1",
    "10.6.1",
    "10.6.2",
    "10.6.3",
    "10.7.2",
    "10.7.3",
    "11.1.1",
    "11.1.2",
    "11.2.1",
    "11.2.2",
    "11.3.1",
    "11.3.1.1",
    "11.3.1.2",
    "11.3.1.3",
    "11.3.2",
    "11.3.2.1",
    "11.4.1",
    "11.4.2",
    "11.4.3",
    "11.4.4",
    "11.4.5",
    "11.5.1",
    "11.5.2",
    "11.6.1",
    "12.1.1",
    "12.1.2",
    "12.1.3",
    "12.1.4",
    "12.2.1",
    "12.3.1",
    "12.3.3",
    "12.3.4",
    "12.5.1",
    "12.5.2",
    "12.6.1",
    "12.6.2",
    "12.6.3",
    "12.6.3.1",
    "12.6.3.2",
    "12.7.1",
    "12.8.1",
    "12.8.2",
    "12.8.3",
    "12.8.4",
    "12.8.5",
    "12.10.1",
    "12.10.2",
    "12.10.3",
    "12.10.4",
    "12.10.4.1",
    "12.10.5",
    "12.10.6",
    "12.10.7",
    "A2.1.1",
];

const D_BULLETS: &[(&str, usize)] =
    &[("4.2.1", 4), ("6.2.4", 6), ("6.4.3", 3), ("11.3.1.2", 3), ("11.6.1", 3), ("12.5.2", 7)];
const D_NO_BOXES: &[&str] = &["3.3.3", "3.6.1.1", "8.2.3", "12.3.2", "12.5.2.1", "A2.1.2"];
const P_A: &[&str] = &["2", "3", "6", "8", "9", "11", "12"];
const P_D: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "A2"];

/// What to build.
#[derive(Clone)]
struct Spec {
    ids: Vec<&'static str>,
    bullets: Vec<(&'static str, usize)>,
    no_boxes: Vec<&'static str>,
    columns: usize,
    principals: Vec<&'static str>,
    criteria: usize,
    /// The Document Changes rows (version, revision); none for a separate AOC.
    changes: Vec<(&'static str, &'static str)>,
    aoc: bool,
    cover: Vec<&'static str>,
    /// Blank rows in each list table.
    grid_rows: usize,
    /// Rows of plain empty cells (no form fields) after the Part 2d rows.
    empty_cell_rows: usize,
}

fn saq_a() -> Spec {
    Spec {
        ids: IDS_A.to_vec(),
        bullets: vec![],
        no_boxes: vec![],
        columns: 4,
        principals: P_A.to_vec(),
        criteria: 7,
        changes: vec![("4.0", "2"), ("4.0.1", ""), ("4.0.1", "1")],
        aoc: false,
        cover: vec!["Synthetic questionnaire", "For PCI DSS 4.0.1", "Revision 1"],
        grid_rows: 2,
        empty_cell_rows: 2,
    }
}

fn saq_d() -> Spec {
    Spec {
        ids: IDS_D.to_vec(),
        bullets: D_BULLETS.to_vec(),
        no_boxes: D_NO_BOXES.to_vec(),
        columns: 5,
        principals: P_D.to_vec(),
        criteria: 0,
        changes: vec![("4.0", "1"), ("4.0.1", "")],
        aoc: false,
        cover: vec!["Synthetic questionnaire D", "For PCI DSS 4.0.1"],
        grid_rows: 2,
        empty_cell_rows: 0,
    }
}

fn aoc_d() -> Spec {
    Spec { aoc: true, changes: vec![], cover: vec!["Synthetic attestation", "PCI DSS 4.0.1"], ..saq_d() }
}

// ---------------------------------------------------------------------------------------------
// Building a .docx

struct X {
    n: u32,
}

const EN_SPACES: &str = "\u{2002}\u{2002}\u{2002}\u{2002}\u{2002}";

impl X {
    fn next(&mut self) -> u32 {
        self.n += 1;
        self.n
    }

    fn cb(&mut self) -> String {
        let n = self.next();
        format!(
            "<w:r><w:rPr><w:sz w:val=\"18\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Check1\"/>\
             <w:enabled/><w:calcOnExit w:val=\"0\"/><w:checkBox><w:sizeAuto/><w:default w:val=\"0\"/></w:checkBox></w:ffData>\
             </w:fldChar></w:r><w:bookmarkStart w:id=\"{n}\" w:name=\"Check{n}\"/><w:r><w:instrText xml:space=\"preserve\"> \
             FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:fldChar \
             w:fldCharType=\"end\"/></w:r><w:bookmarkEnd w:id=\"{n}\"/>"
        )
    }

    fn tx(&mut self, default: &str) -> String {
        let n = self.next();
        let shown = if default.is_empty() { EN_SPACES } else { default };
        format!(
            "<w:r><w:rPr><w:sz w:val=\"18\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Text22\"/>\
             <w:enabled/><w:calcOnExit w:val=\"0\"/><w:textInput><w:default w:val=\"{default}\"/></w:textInput></w:ffData>\
             </w:fldChar></w:r><w:bookmarkStart w:id=\"{n}\" w:name=\"Text{n}\"/><w:r><w:rPr><w:sz w:val=\"18\"/></w:rPr>\
             <w:instrText xml:space=\"preserve\"> FORMTEXT </w:instrText></w:r><w:r><w:rPr><w:sz w:val=\"18\"/></w:rPr>\
             <w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:rPr><w:b/><w:color w:val=\"123456\"/></w:rPr><w:t>{shown}</w:t>\
             </w:r><w:r><w:rPr><w:sz w:val=\"18\"/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r><w:bookmarkEnd w:id=\"{n}\"/>"
        )
    }

    fn p(&mut self, inner: &str) -> String {
        let id = 0x0100_0000 + self.next();
        format!(
            "<w:p w14:paraId=\"{id:08X}\" w14:textId=\"77777777\"><w:pPr><w:spacing w:before=\"40\"/><w:rPr>\
             <w:sz w:val=\"17\"/></w:rPr></w:pPr>{inner}</w:p>"
        )
    }
}

fn t(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

/// A cell of one paragraph of text.
fn tc(x: &mut X, text: &str) -> String {
    cell(&[x.p(&t(text))])
}

fn cell(paras: &[String]) -> String {
    format!("<w:tc><w:tcPr><w:tcW w:w=\"1200\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>", paras.concat())
}

fn row(cells: &[String]) -> String {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0x0200_0000);
    let id = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!(
        "<w:tr w14:paraId=\"{id:08X}\" w14:textId=\"77777777\"><w:trPr><w:cantSplit/></w:trPr>{}</w:tr>",
        cells.concat()
    )
}

fn table(rows: &[String]) -> String {
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"9000\" w:type=\"dxa\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"1200\"/></w:tblGrid>{}</w:tbl>",
        rows.concat()
    )
}

fn document(spec: &Spec) -> String {
    let mut x = X { n: 100 };
    let mut b = String::new();
    for line in &spec.cover {
        b += &x.p(&t(line));
    }
    if !spec.aoc {
        let mut rows = vec![row(&[tc(&mut x, "Date"), tc(&mut x, "Version"), tc(&mut x, "Rev"), tc(&mut x, "What")])];
        for (i, (v, r)) in spec.changes.iter().enumerate() {
            rows.push(row(&[
                tc(&mut x, &format!("Month {} 2024", i + 1)),
                tc(&mut x, v),
                tc(&mut x, r),
                tc(&mut x, "change"),
            ]));
        }
        b += &table(&rows);
    }
    // Part 1.
    let mut rows = vec![];
    for i in 0..16 {
        let f = x.tx("");
        rows.push(row(&[tc(&mut x, &format!("label {i}:")), cell(&[x.p(&f)])]));
    }
    b += &table(&rows);
    // Part 2a.
    let (c1, c2, c3) = (x.cb(), x.cb(), x.cb());
    let channels =
        cell(&[x.p(&t("channels")), x.p(&(c1 + &t(" one"))), x.p(&(c2 + &t(" two"))), x.p(&(c3 + &t(" three")))]);
    let (y, n, f) = (x.cb(), x.cb(), x.tx(""));
    let excluded = cell(&[x.p(&format!("{y}{}{n}{}", t(" yes "), t(" no"))), x.p(&f)]);
    b += &table(&[row(&[channels]), row(&[tc(&mut x, "excluded?"), excluded])]);
    // Part 2b.
    let mut rows = vec![row(&[tc(&mut x, "channel"), tc(&mut x, "how")])];
    for _ in 0..spec.grid_rows {
        let (a, c) = (x.tx(""), x.tx(""));
        rows.push(row(&[cell(&[x.p(&a)]), cell(&[x.p(&c)])]));
    }
    b += &table(&rows);
    // Part 2c.
    let f = x.tx("");
    let (y, n) = (x.cb(), x.cb());
    let r1 = row(&[tc(&mut x, "environment"), cell(&[x.p(&f)])]);
    let r2 = row(&[tc(&mut x, "segmentation"), cell(&[x.p(&(y + &n))])]);
    b += &table(&[r1, r2]);
    // Part 2d, with rows of plain empty cells after the form-field rows.
    let mut rows = vec![row(&[tc(&mut x, "type"), tc(&mut x, "count"), tc(&mut x, "where")])];
    for _ in 0..spec.grid_rows {
        let f: Vec<String> = (0..3).map(|_| x.tx("")).collect();
        rows.push(row(&f.iter().map(|f| cell(&[x.p(f)])).collect::<Vec<_>>()));
    }
    for _ in 0..spec.empty_cell_rows {
        rows.push(row(&[cell(&[x.p("")]), cell(&[x.p("")]), cell(&[x.p("")])]));
    }
    b += &table(&rows);
    // Part 2e.
    let (y, n) = (x.cb(), x.cb());
    let mut rows = vec![row(&[cell(&[x.p(&t("products?")), x.p(&(y + &n))])])];
    for _ in 0..spec.grid_rows {
        let f: Vec<String> = (0..5).map(|i| x.tx(if i == 4 { "YYYY-MM-DD" } else { "" })).collect();
        rows.push(row(&f.iter().map(|f| cell(&[x.p(f)])).collect::<Vec<_>>()));
    }
    b += &table(&rows);
    // Part 2f.
    let mut rows = vec![];
    for i in 0..3 {
        let (y, n) = (x.cb(), x.cb());
        rows.push(row(&[tc(&mut x, &format!("relation {i}")), cell(&[x.p(&(y + &n))])]));
    }
    rows.push(row(&[tc(&mut x, "name"), tc(&mut x, "services")]));
    for _ in 0..spec.grid_rows {
        let (a, c) = (x.tx(""), x.tx(""));
        rows.push(row(&[cell(&[x.p(&a)]), cell(&[x.p(&c)])]));
    }
    b += &table(&rows);
    // Part 2g.
    let mut rows = vec![];
    for p in &spec.principals {
        let label = if p.starts_with('A') { format!("Appendix {p}:") } else { format!("Req {p}:") };
        let mut cells = vec![tc(&mut x, &label)];
        for _ in 0..spec.columns {
            let c = x.cb();
            cells.push(cell(&[x.p(&c)]));
        }
        rows.push(row(&cells));
    }
    b += &table(&rows);
    // Part 2h.
    if spec.criteria > 0 {
        let mut rows = vec![];
        for i in 0..spec.criteria {
            let c = x.cb();
            rows.push(row(&[cell(&[x.p(&c)]), tc(&mut x, &format!("criterion {i}"))]));
        }
        b += &table(&rows);
    }
    if !spec.aoc {
        let f = x.tx("YYYY-MM-DD");
        b += &x.p(&(t("completion: ") + &f));
        let mut rows = vec![];
        let boxes = |x: &mut X, cells: &mut Vec<String>| {
            for _ in 0..spec.columns {
                let c = x.cb();
                cells.push(cell(&[x.p(&c)]));
            }
        };
        for id in &spec.ids {
            let bullets = spec.bullets.iter().find(|(b, _)| b == id).map(|(_, n)| *n);
            let mut cells = vec![tc(&mut x, id), tc(&mut x, "requirement text"), tc(&mut x, "testing")];
            if bullets.is_none() || *id == "12.5.2" {
                boxes(&mut x, &mut cells);
            }
            rows.push(row(&cells));
            for k in 1..=bullets.unwrap_or(0) {
                // A bullet row after a page break names its requirement again, "(cont.)".
                let first = if k == 2 { format!("{id} (cont.)") } else { String::new() };
                let mut cells = vec![tc(&mut x, &first), tc(&mut x, &format!("bullet {k}")), tc(&mut x, "")];
                boxes(&mut x, &mut cells);
                rows.push(row(&cells));
            }
        }
        for id in &spec.no_boxes {
            rows.push(row(&[tc(&mut x, id), tc(&mut x, "not for merchants")]));
        }
        b += &table(&rows);
        let f = x.tx("");
        b += &x.p(&(t("worksheet for: ") + &f));
        let mut rows = vec![row(&[tc(&mut x, ""), tc(&mut x, "asked"), tc(&mut x, "answer")])];
        for i in 0..7 {
            let f = x.tx("");
            rows.push(row(&[tc(&mut x, &format!("ccw {i}")), tc(&mut x, "what"), cell(&[x.p(&f)])]));
        }
        b += &table(&rows);
        let mut rows = vec![row(&[tc(&mut x, "requirement"), tc(&mut x, "reason")])];
        for _ in 0..spec.grid_rows {
            let (a, c) = (x.tx(""), x.tx(""));
            rows.push(row(&[cell(&[x.p(&a)]), cell(&[x.p(&c)])]));
        }
        b += &table(&rows);
        if spec.columns == 5 {
            let mut rows = vec![row(&[tc(&mut x, "requirement"), tc(&mut x, "what"), tc(&mut x, "why")])];
            for _ in 0..spec.grid_rows {
                let f: Vec<String> = (0..3).map(|_| x.tx("")).collect();
                rows.push(row(&f.iter().map(|f| cell(&[x.p(f)])).collect::<Vec<_>>()));
            }
            b += &table(&rows);
        }
    } else {
        let f = x.tx("YYYY-MM-DD");
        let (y, n) = (x.cb(), x.cb());
        let r1 = row(&[tc(&mut x, "completion"), cell(&[x.p(&f)])]);
        let r2 = row(&[tc(&mut x, "legal?"), cell(&[x.p(&(y + &n))])]);
        b += &table(&[r1, r2]);
    }
    // Part 3.
    let f = x.tx("YYYY-MM-DD");
    b += &x.p(&(t("based on the SAQ dated ") + &f));
    if spec.columns == 5 {
        let (c1, c2) = (x.cb(), x.cb());
        b += &x.p(&(c1 + &t(" full")));
        b += &x.p(&(c2 + &t(" partial")));
    }
    let mut rows = vec![];
    for i in 0..3 {
        let c = x.cb();
        let name = x.tx("(Merchant Company Name)");
        let mut paras = vec![x.p(&(t("status ") + &name + &t(" ends")))];
        if i == 1 {
            let d = x.tx("YYYY-MM-DD");
            paras.push(x.p(&(t("target: ") + &d)));
        }
        rows.push(row(&[cell(&[x.p(&c)]), cell(&paras)]));
    }
    rows.push(row(&[tc(&mut x, ""), tc(&mut x, ""), tc(&mut x, "affected"), tc(&mut x, "details"), tc(&mut x, "")]));
    for _ in 0..3 {
        let (a, c) = (x.tx(""), x.tx(""));
        let (p0, p1, p4) = (x.p(""), x.p(""), x.p(""));
        rows.push(row(&[cell(&[p0]), cell(&[p1]), cell(&[x.p(&a)]), cell(&[x.p(&c)]), cell(&[p4])]));
    }
    b += &table(&rows);
    // Part 3a.
    let mut rows = vec![];
    for i in 0..3 {
        let c = x.cb();
        rows.push(row(&[cell(&[x.p(&c)]), tc(&mut x, &format!("acknowledgement {i}"))]));
    }
    b += &table(&rows);
    // Part 3b.
    let (dt, nm, tl) = (x.tx("YYYY-MM-DD"), x.tx(""), x.tx(""));
    let r1 = row(&[tc(&mut x, "signature"), cell(&[x.p(&(t("Date: ") + &dt))])]);
    let r2 = row(&[cell(&[x.p(&(t("Name: ") + &nm))]), cell(&[x.p(&(t("Title: ") + &tl))])]);
    b += &table(&[r1, r2]);
    // Part 3c and 3d.
    for who in ["qsa", "isa"] {
        let (c1, c2, o) = (x.cb(), x.cb(), x.tx(""));
        let r1 = row(&[tc(&mut x, who), cell(&[x.p(&(c1 + &t(" tested")))])]);
        let r2 = row(&[tc(&mut x, ""), cell(&[x.p(&(c2 + &t(" other"))), x.p(&(t("describe: ") + &o))])]);
        b += &table(&[r1, r2]);
        if who == "qsa" {
            let (d1, n1, d2, n2, co) = (x.tx("YYYY-MM-DD"), x.tx(""), x.tx("YYYY-MM-DD"), x.tx(""), x.tx(""));
            let rows = [
                row(&[tc(&mut x, "lead signature"), cell(&[x.p(&(t("Date: ") + &d1))])]),
                row(&[cell(&[x.p(&(t("Lead: ") + &n1))])]),
                row(&[tc(&mut x, "officer signature"), cell(&[x.p(&(t("Date: ") + &d2))])]),
                row(&[cell(&[x.p(&(t("Officer: ") + &n2))]), cell(&[x.p(&(t("Company: ") + &co))])]),
            ];
            b += &table(&rows);
        }
    }
    // Part 4.
    let mut rows = vec![row(&[
        tc(&mut x, "req"),
        tc(&mut x, "description"),
        tc(&mut x, "yes"),
        tc(&mut x, "no"),
        tc(&mut x, "plan"),
    ])];
    for p in &spec.principals {
        let (y, n, f) = (x.cb(), x.cb(), x.tx(""));
        let label = if p.starts_with('A') { format!("Appendix {p}") } else { p.to_string() };
        rows.push(row(&[
            tc(&mut x, &label),
            tc(&mut x, "about it"),
            cell(&[x.p(&y)]),
            cell(&[x.p(&n)]),
            cell(&[x.p(&f)]),
        ]));
    }
    b += &table(&rows);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"><w:body>{b}<w:sectPr>\
         <w:headerReference w:type=\"default\" r:id=\"rId2\"/><w:pgSz w:w=\"12240\" w:h=\"15840\"/></w:sectPr></w:body></w:document>"
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Types \
    xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" \
    ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" \
    ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" \
    ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override \
    PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
    <Override PartName=\"/word/header1.xml\" \
    ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/></Types>";
const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships \
    xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" \
    Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" \
    Target=\"word/document.xml\"/></Relationships>";
const DOC_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships \
    xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" \
    Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
    <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" \
    Target=\"header1.xml\"/></Relationships>";
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:styles \
    xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr>\
    <w:sz w:val=\"20\"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:hdr \
    xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:r><w:t>Synthetic header</w:t></w:r>\
    </w:p></w:hdr>";

fn stamp() -> DateTime {
    DateTime::from_date_and_time(2024, 10, 10, 15, 42, 0).expect("date")
}

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut z = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        let opts = SimpleFileOptions::default()
            .compression_method(if name.ends_with(".png") {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            })
            .last_modified_time(stamp());
        z.start_file(*name, opts).expect("start");
        z.write_all(data).expect("write");
    }
    z.finish().expect("finish").into_inner()
}

fn package(document: &str) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", RELS.into()),
        ("word/document.xml", document.as_bytes().to_vec()),
        ("word/_rels/document.xml.rels", DOC_RELS.into()),
        ("word/styles.xml", STYLES.into()),
        ("word/header1.xml", HEADER.into()),
        ("word/media/image1.png", vec![0x89, b'P', b'N', b'G', 0, 1, 2, 3]),
    ])
}

fn build(spec: &Spec) -> Vec<u8> {
    package(&document(spec))
}

/// A blank SAQ A form with the real form's structure, for tests that need one whatever the
/// machine has (the dispatcher test).
pub fn blank_saq_a() -> Vec<u8> {
    build(&saq_a())
}

// ---------------------------------------------------------------------------------------------
// Reading the output back, independently (roxmltree).

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// What `Readback` gives as the "first cell" of a field in a paragraph outside any table.
const BODY: &str = "<body>";

fn entry(docx: &[u8], name: &str) -> Vec<u8> {
    let mut z = ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut f = z.by_name(name).expect("entry");
    let mut out = Vec::new();
    f.read_to_end(&mut out).expect("read");
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Check(bool),
    Text(String),
}

/// Every form field in document order, with the text of its row's first cell.
struct Readback {
    fields: Vec<(Val, String)>,
    /// For each field, the last requirement ID seen in a first cell at or before its row.
    headers: Vec<String>,
    xml: String,
}

fn is(n: &roxmltree::Node, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(W) && n.tag_name().name() == name
}

fn read(docx: &[u8]) -> Readback {
    let xml = String::from_utf8(entry(docx, "word/document.xml")).expect("utf-8");
    let tree = roxmltree::Document::parse(&xml).expect("well-formed");
    let mut fields: Vec<(Val, String)> = Vec::new();
    let mut capture: Vec<Option<usize>> = Vec::new();
    let mut in_result: Vec<bool> = Vec::new();
    let mut headers = Vec::new();
    let mut header = String::new();
    for n in tree.descendants() {
        if is(&n, "tr") {
            let first: String = n
                .children()
                .find(|c| is(c, "tc"))
                .map(|tc| tc.descendants().filter(|d| is(d, "t")).filter_map(|d| d.text()).collect())
                .unwrap_or_default();
            let first = first.trim();
            if !first.is_empty()
                && first
                    .split('.')
                    .all(|p| !p.is_empty() && p.trim_start_matches('A').bytes().all(|b| b.is_ascii_digit()))
                && first.contains('.')
            {
                header = first.to_string();
            }
        }
        if is(&n, "fldChar") {
            match n.attribute((W, "fldCharType")) {
                Some("begin") => {
                    let ff = n.children().find(|c| is(c, "ffData"));
                    let val = ff.and_then(|ff| {
                        if let Some(cb) = ff.children().find(|c| is(c, "checkBox")) {
                            let get = |name: &str| {
                                cb.children().find(|c| is(c, name)).map(|c| c.attribute((W, "val")) != Some("0"))
                            };
                            Some(Val::Check(get("checked").or(get("default")).unwrap_or(false)))
                        } else {
                            ff.children().find(|c| is(c, "textInput")).map(|_| Val::Text(String::new()))
                        }
                    });
                    let first = n
                        .ancestors()
                        .find(|a| is(a, "tr"))
                        .and_then(|tr| tr.children().find(|c| is(c, "tc")))
                        .map(|tc| tc.descendants().filter(|d| is(d, "t")).filter_map(|d| d.text()).collect::<String>())
                        .unwrap_or_else(|| BODY.to_string());
                    capture.push(val.map(|v| {
                        fields.push((v, first.trim().to_string()));
                        headers.push(header.clone());
                        fields.len() - 1
                    }));
                    in_result.push(false);
                }
                Some("separate") => {
                    if let Some(r) = in_result.last_mut() {
                        *r = true;
                    }
                }
                Some("end") => {
                    capture.pop();
                    in_result.pop();
                }
                _ => {}
            }
        } else if in_result.last() == Some(&true) {
            if let Some(Some(i)) = capture.last() {
                if let Val::Text(s) = &mut fields[*i].0 {
                    if is(&n, "t") {
                        s.push_str(n.text().unwrap_or(""));
                    } else if is(&n, "br") {
                        s.push('\n');
                    }
                }
            }
        }
    }
    Readback { fields, headers, xml }
}

impl Readback {
    fn texts(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter_map(|(v, _)| match v {
                Val::Text(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }

    /// Check boxes of the rows whose first cell is `first`, in order.
    fn boxes_of(&self, first: &str) -> Vec<bool> {
        self.fields
            .iter()
            .filter(|(_, f)| f == first)
            .filter_map(|(v, _)| match v {
                Val::Check(c) => Some(*c),
                _ => None,
            })
            .collect()
    }
}

fn contains_run(hay: &[String], needle: &[&str]) -> bool {
    hay.windows(needle.len()).any(|w| w.iter().zip(needle).all(|(a, b)| a == b))
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn one_hot(columns: usize, r: Response) -> Vec<bool> {
    Response::ALL.into_iter().filter(|k| columns == 5 || *k != Response::NotTested).map(|k| k == r).collect()
}

fn basic_data() -> FormData {
    FormData {
        merchant: Merchant {
            company_name: "Tiny Tea & Co <Ltd>".into(),
            dba: "Tiny Tea".into(),
            mailing_address: "1 Leaf Lane\nTeaville".into(),
            website: "https://tea.example".into(),
            contact_name: "Ada".into(),
            contact_title: "Owner".into(),
            contact_phone: "+44 1".into(),
            contact_email: "ada@tea.example".into(),
        },
        channels: Channels { moto: true, ecommerce: true, card_present: false },
        completion_date: Some(d("2026-11-02")),
        status: Some(Status::Compliant),
        acknowledgements: [true; 3],
        signatory: Signatory { name: "Ada".into(), title: "Owner".into(), date: Some(d("2026-11-03")) },
        ..FormData::default()
    }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn recognises_the_synthetic_forms() {
    let a = forms::recognise(&build(&saq_a())).expect("SAQ A");
    assert_eq!(
        (a.saq, a.kind, a.revision, a.answer_rows, a.response_columns),
        (Saq::A, FormKind::SaqWithAoc, 1, 27, 4)
    );
    assert_eq!(a.pci_dss_version, "4.0.1");
    let d = forms::recognise(&build(&saq_d())).expect("SAQ D");
    assert_eq!((d.saq, d.answer_rows, d.requirements, d.response_columns), (Saq::D, 254, 233, 5));
    let aoc = forms::recognise(&build(&aoc_d())).expect("AOC D");
    assert_eq!((aoc.saq, aoc.kind, aoc.answer_rows), (Saq::D, FormKind::Aoc, 0));
}

#[test]
fn checks_exactly_the_recorded_box_of_every_row_and_bullet() {
    let blank = build(&saq_d());
    let mut data = basic_data();
    data.responses.insert("1.1.1".into(), Answer::of(Response::InPlace));
    data.responses.insert("1.1.2".into(), Answer::of(Response::NotTested));
    data.responses.insert("A2.1.1".into(), Answer::of(Response::NotInPlace));
    // 4.2.1: one answer per bullet, bullet 3 left unanswered.
    data.responses.insert(
        "4.2.1".into(),
        Answer::per_bullet(vec![
            Some(Response::InPlace),
            Some(Response::InPlaceCcw),
            None,
            Some(Response::NotApplicable),
        ]),
    );
    // 12.5.2: its own row and its seven bullets.
    data.responses.insert(
        "12.5.2".into(),
        Answer { response: Some(Response::NotInPlace), bullets: vec![Some(Response::NotTested); 7] },
    );
    // 6.2.4: one answer for the whole requirement stands for each bullet.
    data.responses.insert("6.2.4".into(), Answer::of(Response::InPlaceCcw));
    let filled = forms::fill(&blank, &data, Saq::D).expect("fill");
    let r = read(&filled.bytes);
    assert_eq!(r.boxes_of("1.1.1"), one_hot(5, Response::InPlace));
    assert_eq!(r.boxes_of("1.1.2"), one_hot(5, Response::NotTested));
    assert_eq!(r.boxes_of("A2.1.1"), one_hot(5, Response::NotInPlace));
    assert_eq!(r.boxes_of("2.1.1"), vec![false; 5], "an unanswered row stays unchecked");
    assert!(r.boxes_of("3.3.3").is_empty(), "a row without boxes gets none");
    let row_of = |xml: &str, id: &str| -> String {
        let at = xml.find(&format!(">{id}<")).expect("row");
        let start = xml[..at].rfind("<w:tr ").expect("tr");
        let end = xml[at..].find("</w:tr>").expect("end") + at;
        xml[start..end].to_string()
    };
    let before = String::from_utf8(entry(&blank, "word/document.xml")).expect("utf-8");
    for id in D_NO_BOXES {
        assert_eq!(row_of(&before, id), row_of(&r.xml, id), "{id}: a row without boxes is left as it was");
    }
    // Bullet rows have an empty first cell, except the second, which says "(cont.)".
    let bullets_of = |id: &str, n: usize| -> Vec<Vec<bool>> {
        let all: Vec<bool> = r
            .fields
            .iter()
            .zip(&r.headers)
            .filter(|((_, first), header)| header.as_str() == id && first != id)
            .filter_map(|((v, _), _)| if let Val::Check(c) = v { Some(*c) } else { None })
            .collect();
        assert_eq!(all.len(), n * 5, "{id}: {n} bullet rows of 5 boxes");
        all.chunks(5).map(<[bool]>::to_vec).collect()
    };
    assert_eq!(
        bullets_of("4.2.1", 4),
        vec![
            one_hot(5, Response::InPlace),
            one_hot(5, Response::InPlaceCcw),
            vec![false; 5],
            one_hot(5, Response::NotApplicable)
        ]
    );
    assert_eq!(r.boxes_of("12.5.2"), one_hot(5, Response::NotInPlace), "12.5.2's own row");
    assert_eq!(bullets_of("12.5.2", 7), vec![one_hot(5, Response::NotTested); 7]);
    assert_eq!(bullets_of("6.2.4", 6), vec![one_hot(5, Response::InPlaceCcw); 6]);
    // Part 2g: every response used, per principal requirement.
    assert_eq!(r.boxes_of("Req 1:"), vec![true, false, false, true, false]);
    assert_eq!(r.boxes_of("Req 4:"), vec![true, true, true, false, false]);
    assert_eq!(r.boxes_of("Req 12:"), vec![false, false, false, true, true]);
    assert_eq!(r.boxes_of("Appendix A2:"), vec![false, false, false, false, true]);
    assert_eq!(r.boxes_of("Req 2:"), vec![false; 5]);
    // Full / Partial follows from the Not Tested answers.
    assert_eq!(r.boxes_of(BODY), vec![false, true], "Partial");
    let missing: Vec<String> = filled.report.missing().map(ToString::to_string).collect();
    assert!(missing.contains(&"Section 2 4.2.1 bullet 3: empty".to_string()), "{missing:?}");
    assert!(missing.contains(&"Section 2 2.1.1: empty".to_string()));
    assert!(missing.contains(&"Appendix B worksheet for 4.2.1: empty".to_string()), "{missing:?}");
    assert!(missing.contains(&"Appendix D explanation for 1.1.2: empty".to_string()), "{missing:?}");
}

#[test]
fn writes_text_results_with_the_forms_run_properties() {
    let blank = build(&saq_a());
    let filled = forms::fill(&blank, &basic_data(), Saq::A).expect("fill");
    let r = read(&filled.bytes);
    let texts = r.texts();
    assert_eq!(texts[0], "Tiny Tea & Co <Ltd>");
    assert_eq!(texts[2], "1 Leaf Lane\nTeaville", "line breaks become w:br");
    assert!(r.xml.contains("Tiny Tea &amp; Co &lt;Ltd&gt;"));
    assert!(r.xml.contains("<w:br/>"));
    // The first result run's properties are kept for the new text.
    let at = r.xml.find("Tiny Tea &amp;").expect("name");
    let run = &r.xml[r.xml[..at].rfind("<w:r>").expect("run")..at];
    assert!(run.contains("<w:b/><w:color w:val=\"123456\"/>"), "{run}");
    // Part 1b without assessors: what the form asks for.
    assert_eq!(&texts[8..16], &vec!["Not Applicable".to_string(); 8][..]);
    // Part 3: the merchant's name in the Compliant statement, the others untouched.
    assert!(contains_run(&texts, &["2026-11-02"]));
    let names: Vec<&String> = texts.iter().filter(|t| t.as_str() == "(Merchant Company Name)").collect();
    assert_eq!(names.len(), 2);
    assert!(contains_run(&texts, &["2026-11-03", "Ada", "Owner"]));
    let missing: Vec<String> = filled.report.missing().map(ToString::to_string).collect();
    assert!(missing.contains(&"Part 2c environment description: empty".to_string()), "{missing:?}");
}

#[test]
fn adds_rows_with_fresh_ids_and_writes_into_plain_empty_cells() {
    let blank = build(&saq_a());
    let mut data = basic_data();
    // 2 form-field rows + 2 plain rows in Part 2d, then 3 added rows.
    data.locations = (1..=7)
        .map(|i| Location { facility_type: format!("type {i}"), count: i, city_country: format!("town {i}") })
        .collect();
    data.service_providers =
        (1..=4).map(|i| ServiceProvider { name: format!("sp {i}"), services: format!("does {i}") }).collect();
    data.ccws = (1..=3)
        .map(|i| Ccw {
            requirement: format!("8.3.{i}"),
            constraints: format!("c{i}"),
            definition: format!("d{i}"),
            objective: format!("o{i}"),
            objective_met: format!("m{i}"),
            identified_risk: format!("r{i}"),
            validation: format!("v{i}"),
            maintenance: format!("k{i}"),
            ..Ccw::default()
        })
        .collect();
    let filled = forms::fill(&blank, &data, Saq::A).expect("fill");
    let r = read(&filled.bytes);
    let texts = r.texts();
    // The form's rows read in order down the table: its two form-field rows (1, 2), its first
    // plain row (3), the added rows (4 to 6), then its last row (7), which keeps closing the table.
    assert!(contains_run(
        &texts,
        &["type 1", "1", "town 1", "type 2", "2", "town 2", "type 4", "4", "town 4", "type 5", "5", "town 5", "type 6"]
    ));
    // Rows 3 and 7 went into the plain empty cells, as runs of their paragraphs.
    for v in ["type 3", "town 3", "type 7", "town 7"] {
        let run = format!("<w:r><w:rPr><w:sz w:val=\"17\"/></w:rPr><w:t xml:space=\"preserve\">{v}</w:t></w:r></w:p>");
        assert!(r.xml.contains(&run), "{v}");
    }
    let (p3, p4, p7) = (r.xml.find(">type 3<"), r.xml.find(">type 4<"), r.xml.find(">type 7<"));
    assert!(p3 < p4 && p4 < p7, "rows in order");
    assert!(contains_run(&texts, &["sp 1", "does 1", "sp 2", "does 2", "sp 3", "does 3", "sp 4", "does 4"]));
    for i in 1..=3 {
        let (req, c, m) = (format!("8.3.{i}"), format!("c{i}"), format!("m{i}"));
        let run = [
            req.as_str(),
            c.as_str(),
            &format!("d{i}"),
            &format!("o{i}"),
            m.as_str(),
            &format!("r{i}"),
            &format!("v{i}"),
            &format!("k{i}"),
        ];
        assert!(contains_run(&texts, &run), "worksheet {i}");
    }
    // Ids in the added rows are new: bookmark ids and names, field names, paragraph ids.
    let tree = roxmltree::Document::parse(&r.xml).expect("xml");
    let attrs = |el: &str, at: (&str, &str)| -> Vec<String> {
        tree.descendants().filter(|n| is(n, el)).filter_map(|n| n.attribute(at).map(str::to_string)).collect()
    };
    let ids = attrs("bookmarkStart", (W, "id"));
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len(), "bookmark ids repeat");
    let names = attrs("bookmarkStart", (W, "name"));
    assert_eq!(names.iter().collect::<BTreeSet<_>>().len(), names.len(), "bookmark names repeat");
    let ends = attrs("bookmarkEnd", (W, "id"));
    assert_eq!(ids.iter().collect::<BTreeSet<_>>(), ends.iter().collect::<BTreeSet<_>>());
    let mut paras = attrs("p", ("http://schemas.microsoft.com/office/word/2010/wordml", "paraId"));
    paras.extend(attrs("tr", ("http://schemas.microsoft.com/office/word/2010/wordml", "paraId")));
    assert_eq!(paras.iter().collect::<BTreeSet<_>>().len(), paras.len(), "paragraph ids repeat");
    let ff: Vec<String> = tree
        .descendants()
        .filter(|n| is(n, "ffData"))
        .filter_map(|n| n.children().find(|c| is(c, "name")).and_then(|c| c.attribute((W, "val"))).map(str::to_string))
        .collect();
    let added: Vec<&String> = ff.iter().filter(|n| !n.starts_with("Check") && !n.starts_with("Text")).collect();
    // 3 location rows × 3 + 2 provider rows × 2 + 2 worksheets × 8.
    assert_eq!(added.len(), 9 + 4 + 16, "{added:?}");
    assert_eq!(added.iter().collect::<BTreeSet<_>>().len(), added.len());
    assert!(added.iter().all(|n| n.len() <= 20));
    let begins =
        tree.descendants().filter(|n| is(n, "fldChar") && n.attribute((W, "fldCharType")) == Some("begin")).count();
    let ends =
        tree.descendants().filter(|n| is(n, "fldChar") && n.attribute((W, "fldCharType")) == Some("end")).count();
    assert_eq!(begins, ends);
    let notes: Vec<String> = filled.report.notes().map(ToString::to_string).collect();
    assert!(notes.contains(&"Part 2d locations: 3 rows added to the form's table".to_string()), "{notes:?}");
}

#[test]
fn leaves_every_other_part_byte_for_byte_and_is_reproducible() {
    let blank = build(&saq_a());
    let mut data = basic_data();
    data.locations =
        (1..=9).map(|i| Location { facility_type: format!("t{i}"), count: i, ..Location::default() }).collect();
    let one = forms::fill(&blank, &data, Saq::A).expect("fill").bytes;
    let two = forms::fill(&blank.clone(), &data, Saq::A).expect("fill").bytes;
    assert_eq!(one, two, "same inputs, same bytes");
    let mut a = ZipArchive::new(std::io::Cursor::new(&blank[..])).expect("zip");
    let mut b = ZipArchive::new(std::io::Cursor::new(&one[..])).expect("zip");
    assert_eq!(a.len(), b.len());
    for i in 0..a.len() {
        let mut x = a.by_index_raw(i).expect("raw");
        let mut y = b.by_index_raw(i).expect("raw");
        assert_eq!(x.name(), y.name(), "same entries in the same order");
        assert_eq!(x.last_modified(), y.last_modified(), "{}: the blank's timestamp", x.name());
        assert_eq!(x.compression(), y.compression());
        if x.name() != "word/document.xml" {
            let (mut rx, mut ry) = (Vec::new(), Vec::new());
            x.read_to_end(&mut rx).expect("raw");
            y.read_to_end(&mut ry).expect("raw");
            assert_eq!(rx, ry, "{}: same compressed bytes", x.name());
        }
    }
    // document.xml is edited, not rebuilt: before the first field and after the last, the bytes
    // are the blank's.
    let (before, after) = (entry(&blank, "word/document.xml"), entry(&one, "word/document.xml"));
    let first = before.windows(10).position(|w| w == b"<w:fldChar").expect("a field");
    assert_eq!(before[..first], after[..first]);
    let tail = before.len() - before.windows(10).rposition(|w| w == b"<w:fldChar").expect("a field");
    assert_eq!(before[before.len() - tail..], after[after.len() - tail..]);
    assert_ne!(before, after);
}

#[test]
fn a_filled_form_used_again_keeps_nothing_of_the_old_answers() {
    let blank = build(&saq_a());
    let mut first = basic_data();
    first.environment = "last year's environment".into();
    first.locations = vec![Location { facility_type: "old shop".into(), count: 1, city_country: "Oldtown".into() }];
    first.status = Some(Status::NonCompliant { target_date: Some(d("2025-01-01")) });
    first.responses.insert("8.3.6".into(), Answer::of(Response::NotInPlace));
    let filled = forms::fill(&blank, &first, Saq::A).expect("fill").bytes;
    let mut second = basic_data();
    second.responses.insert("8.3.6".into(), Answer::of(Response::InPlace));
    let again = forms::fill(&filled, &second, Saq::A).expect("refill");
    let r = read(&again.bytes);
    let texts = r.texts();
    for old in ["last year's environment", "old shop", "Oldtown", "2025-01-01"] {
        assert!(!texts.iter().any(|t| t == old), "{old} is still on the form");
    }
    assert_eq!(r.boxes_of("8.3.6"), one_hot(4, Response::InPlace));
    assert_eq!(texts.iter().filter(|t| t.as_str() == "(Merchant Company Name)").count(), 2);
}

#[test]
fn a_draft_leaves_the_attestation_for_the_signatory() {
    let blank = build(&saq_a());
    let mut data = basic_data();
    data.draft = true;
    let filled = forms::fill(&blank, &data, Saq::A).expect("fill");
    let r = read(&filled.bytes);
    let boxes = r.boxes_of("");
    assert!(boxes.len() >= 7 + 3 + 3, "eligibility, status and acknowledgement boxes: {}", boxes.len());
    assert!(boxes.iter().all(|b| !b), "no status, no acknowledgement");
    assert!(!r.texts().contains(&"2026-11-03".to_string()), "no signature date");
    assert!(r.texts().contains(&"Ada".to_string()), "the signatory's name is filled");
    let notes: Vec<String> = filled.report.notes().map(ToString::to_string).collect();
    assert!(notes.iter().any(|n| n.starts_with("Part 3 compliance status: left blank")), "{notes:?}");
}

#[test]
fn fill_file_writes_only_a_complete_file() {
    let dir = std::env::temp_dir().join(format!("saqdesk-forms-syn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (blank, out) = (dir.join("blank.docx"), dir.join("out.docx"));
    std::fs::write(&blank, build(&saq_a())).expect("write");
    let filled = forms::fill_file(&blank, &out, &basic_data(), Saq::A).expect("fill");
    assert_eq!(std::fs::read(&out).expect("out"), filled.bytes);
    std::fs::remove_file(&out).expect("rm");
    let err = forms::fill_file(&blank, &out, &basic_data(), Saq::D).expect_err("wrong SAQ");
    assert!(matches!(err, FormError::WrongSaq { expected: Saq::D, .. }), "{err}");
    assert!(!out.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Refusals: nothing is filled and the message says why.

fn refused(bytes: &[u8]) -> FormError {
    let e = forms::recognise(bytes).expect_err("refused");
    let f = forms::fill(bytes, &basic_data(), Saq::A).expect_err("refused too");
    assert_eq!(e.code(), f.code());
    e
}

#[test]
fn refuses_the_wrong_saq() {
    let err = forms::fill(&build(&saq_d()), &basic_data(), Saq::A).expect_err("wrong SAQ");
    assert!(matches!(err, FormError::WrongSaq { expected: Saq::A, .. }), "{err}");
    assert!(err.to_string().contains("SAQ D"), "{err}");
}

#[test]
fn refuses_the_superseded_saq_a_and_older_or_unknown_editions() {
    // SAQ A of October 2024: 6.4.3, 11.6.1 and 12.3.1 still in it, six criteria, no Revision 1.
    let mut old = saq_a();
    old.ids.extend(["6.4.3", "11.6.1", "12.3.1"]);
    old.criteria = 6;
    old.changes.pop();
    let err = refused(&build(&old));
    assert!(matches!(err, FormError::Superseded { .. }), "{err}");
    assert!(err.to_string().contains("Revision 1 (January 2025)"), "{err}");
    // The r1 structure with a change log that stops at October 2024.
    let mut mixed = saq_a();
    mixed.changes.pop();
    assert!(matches!(refused(&build(&mixed)), FormError::Superseded { .. }));
    // A v4.0 form.
    let mut v40 = saq_d();
    v40.changes = vec![("3.2.1", ""), ("4.0", "1")];
    let err = refused(&build(&v40));
    assert!(matches!(err, FormError::Superseded { .. }), "{err}");
    assert!(err.to_string().contains("v4.0 "), "{err}");
    // A later revision than SAQ Desk knows.
    let mut r1 = saq_d();
    r1.changes.push(("4.0.1", "1"));
    assert!(matches!(refused(&build(&r1)), FormError::UnknownRevision { .. }));
    let mut aoc = aoc_d();
    aoc.cover = vec!["Synthetic attestation", "PCI DSS 4.0.1", "Revisión 2"];
    assert!(matches!(refused(&build(&aoc)), FormError::UnknownRevision { .. }));
    // An unknown set of requirements.
    let mut odd = saq_a();
    odd.ids.pop();
    let err = refused(&build(&odd));
    assert!(matches!(err, FormError::Unrecognised(_)), "{err}");
    assert!(err.to_string().contains("12.10.1"), "the message names what is missing: {err}");
}

#[test]
fn refuses_a_form_whose_parts_are_out_of_order() {
    let doc = document(&saq_a());
    // Drop the first Part 1 row: Part 1 is then fifteen rows.
    let start = doc.find("label 0:").expect("row");
    let tr = doc[..start].rfind("<w:tr ").expect("tr");
    let end = doc[start..].find("</w:tr>").expect("end") + start + 7;
    let broken = format!("{}{}", &doc[..tr], &doc[end..]);
    let err = refused(&package(&broken));
    assert!(matches!(err, FormError::Unrecognised(_)), "{err}");
    assert!(err.to_string().contains("Part 1b"), "{err}");
    let err = refused(&package("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body/></w:document>"));
    assert!(matches!(err, FormError::Unrecognised(_)), "{err}");
}

#[test]
fn refuses_what_is_not_a_docx() {
    let err = refused(b"%PDF-1.7 not a zip at all");
    assert!(matches!(err, FormError::NotDocx(_)), "{err}");
    let err = refused(b"");
    assert!(matches!(err, FormError::NotDocx(_)), "{err}");
    let err = refused(b"PK\x03\x04 truncated");
    assert!(matches!(err, FormError::Damaged(_)), "{err}");
    // A zip, but not a Word document.
    let err = refused(&zip_of(&[("readme.txt", b"hello".to_vec())]));
    assert!(matches!(err, FormError::NotDocx(_)), "{err}");
    let err = refused(&zip_of(&[("[Content_Types].xml", CONTENT_TYPES.into()), ("word/styles.xml", STYLES.into())]));
    assert!(matches!(err, FormError::NotDocx(_)), "{err}");
    assert!(err.to_string().contains("word/document.xml"), "{err}");
    // document.xml that is not well-formed.
    let err = refused(&package("<w:document xmlns:w=\"x\"><w:body><w:p></w:body></w:document>"));
    assert!(matches!(err, FormError::Damaged(_)), "{err}");
    // Another XML vocabulary.
    let err = refused(&package("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    assert!(matches!(err, FormError::NotDocx(_)), "{err}");
}

#[test]
fn refuses_doctype_and_external_entities() {
    let doc = document(&saq_a());
    let body = doc.split_once("?>").map(|(_, b)| b).expect("decl");
    let xxe = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{}",
        body.replacen("label 0:", "&x;", 1)
    );
    let err = refused(&package(&xxe));
    assert!(matches!(err, FormError::Doctype { .. }), "{err}");
    assert!(err.to_string().contains("word/document.xml"));
    // A DOCTYPE in any other part is refused too, although the engine never reads that part.
    let mut entries = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("word/document.xml", doc.clone().into_bytes()),
        (
            "word/styles.xml",
            format!(
                "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaa\">]>{}",
                STYLES.split_once("?>").map(|x| x.1).unwrap_or("")
            )
            .into_bytes(),
        ),
    ];
    let err = refused(&zip_of(&entries));
    assert!(matches!(err, FormError::Doctype { ref part } if part == "word/styles.xml"), "{err}");
    // An undeclared entity in the document.
    entries[2] = ("word/styles.xml", STYLES.into());
    entries[1] = ("word/document.xml", doc.replacen("label 0:", "&ent;", 1).into_bytes());
    assert!(matches!(refused(&zip_of(&entries)), FormError::Damaged(_)));
}

#[test]
fn refuses_entry_names_that_leave_the_archive() {
    let base = || {
        vec![
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
            ("word/document.xml", document(&saq_a()).into_bytes()),
        ]
    };
    for bad in
        ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "\\windows\\evil", "C:/evil.xml", "word\\..\\..\\x"]
    {
        let mut entries = base();
        entries.push((bad, b"x".to_vec()));
        let err = refused(&zip_of(&entries));
        assert!(matches!(err, FormError::Hostile(_)), "{bad}: {err}");
    }
}

#[test]
fn refuses_duplicate_entry_names() {
    // Same name twice: written under distinct names, then renamed in the archive's bytes.
    let doc = document(&saq_a()).into_bytes();
    let zip = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("word/document.xml", doc.clone()),
        ("word/documenX.xml", doc.clone()),
    ]);
    let swapped: Vec<u8> = {
        let mut z = zip.clone();
        let pat = b"word/documenX.xml";
        let mut i = 0;
        while let Some(p) = z[i..].windows(pat.len()).position(|w| w == pat) {
            z[i + p + 12] = b't';
            i += p + pat.len();
        }
        z
    };
    let err = refused(&swapped);
    assert!(matches!(err, FormError::Hostile(_)), "{err}");
    // Names equal but for case are one part name in an Office package.
    let err = refused(&zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("word/document.xml", doc.clone()),
        ("WORD/Document.xml", doc),
    ]));
    assert!(matches!(err, FormError::Hostile(_)), "{err}");
}

#[test]
fn refuses_a_zip_bomb() {
    // 40 MB of one byte inflates from a few dozen kilobytes.
    let bomb = vec![b' '; 40 * 1024 * 1024];
    let zip = zip_of(&[("[Content_Types].xml", CONTENT_TYPES.into()), ("word/document.xml", bomb)]);
    assert!(zip.len() < 1024 * 1024);
    let err = refused(&zip);
    assert!(matches!(err, FormError::Hostile(_)), "{err}");
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

#[test]
fn refuses_a_huge_entry() {
    // 56 MB that compresses only about two to one: not a bomb by its ratio, but too large.
    let mut state: u32 = 0x2545_f491;
    let huge: Vec<u8> = (0..56 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            b'a' + (state % 16) as u8
        })
        .collect();
    let zip = zip_of(&[("[Content_Types].xml", CONTENT_TYPES.into()), ("word/media/big.bin", huge)]);
    assert!((zip.len() as u64) < MAX_FILE, "the archive itself is under the file limit");
    let err = refused(&zip);
    assert!(matches!(err, FormError::Hostile(_)), "{err}");
    assert!(err.to_string().contains("big.bin"), "{err}");
    assert!(!err.to_string().contains("zip bomb"), "{err}");
    // A file over the size limit is refused before it is opened.
    let mut too_big = vec![0u8; MAX_FILE as usize + 1];
    too_big[..2].copy_from_slice(b"PK");
    assert!(matches!(refused(&too_big), FormError::Hostile(_)));
}

#[test]
fn refuses_data_the_form_cannot_express() {
    let blank = build(&saq_a());
    let mut data = basic_data();
    data.responses.insert("2.2.2".into(), Answer::of(Response::NotTested));
    assert!(matches!(forms::fill(&blank, &data, Saq::A), Err(FormError::Data(_))));
    let mut data = basic_data();
    data.responses.insert("1.1.1".into(), Answer::of(Response::InPlace));
    let err = forms::fill(&blank, &data, Saq::A).expect_err("not in SAQ A");
    assert!(err.to_string().contains("1.1.1"), "{err}");
    let mut data = basic_data();
    data.responses.insert("2.2.2".into(), Answer::per_bullet(vec![Some(Response::InPlace)]));
    assert!(matches!(forms::fill(&blank, &data, Saq::A), Err(FormError::Data(_))));
    let mut data = basic_data();
    data.eligibility = vec![true; 8];
    assert!(matches!(forms::fill(&blank, &data, Saq::A), Err(FormError::Data(_))));
    let mut data = basic_data();
    data.action_plan = vec![ActionItem { principal: "1".into(), compliant: Some(true), ..ActionItem::default() }];
    assert!(matches!(forms::fill(&blank, &data, Saq::A), Err(FormError::Data(_))), "SAQ A has no Requirement 1 row");
}

#[test]
fn refuses_an_archive_too_large_in_all() {
    // Five entries of 40 MB that compress about 40 to one: each passes on its own, together they
    // inflate past the total limit.
    let mut state: u32 = 0x9e37_79b9;
    let mut part = vec![b' '; 40 * 1024 * 1024];
    for i in (0..part.len()).step_by(128) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        part[i] = state as u8;
    }
    let names = ["word/media/a.bin", "word/media/b.bin", "word/media/c.bin", "word/media/d.bin", "word/media/e.bin"];
    let mut entries = vec![("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec())];
    entries.extend(names.iter().map(|n| (*n, part.clone())));
    let zip = zip_of(&entries);
    assert!(zip.len() < 8 * 1024 * 1024);
    let err = refused(&zip);
    assert!(matches!(err, FormError::Hostile(_)), "{err}");
    assert!(err.to_string().contains("in all"), "{err}");
}
