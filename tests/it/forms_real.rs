//! The form engine against the PCI SSC's own v4.0.1 Word forms.
//!
//! The forms are PCI SSC copyright and are not in the repository. Download them from the PCI SSC
//! document library and set SAQDESK_PCI_FORMS to their folder; SAQDESK_PCI_FORMS=skip skips these
//! tests (and says so loudly). Every filled form is read back here with roxmltree, by code that
//! shares nothing with the writer.

use chrono::NaiveDate;
use saqdesk::forms::{self, *};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

const HOW_TO: &str = "
The real-form tests need the official PCI SSC v4.0.1 Word forms, which are not in the repository
(they are PCI SSC copyright). Download them from the PCI SSC document library
(https://www.pcisecuritystandards.org/document_library/, filter on SAQ):
  PCIDSSv4_0_1SAQAr1.docx, PCIDSSv401SAQAEP.docx, PCIDSSv401SAQC.docx, PCIDSSv401SAQCVT.docx,
  PCIDSSv401SAQDMerchant.docx and PCIDSSv401AOCforSAQAr1.docx, PCIDSSv401AOCforSAQAEP.docx,
  PCIDSSv401AOCforSAQC.docx, PCIDSSv401AOCforSAQCVT.docx, PCIDSSv401AOCforSAQDMerchant.docx
put them in one folder and run the tests with SAQDESK_PCI_FORMS=/that/folder.
To run without them, set SAQDESK_PCI_FORMS=skip (the real-form tests are then NOT run).
";

/// Writes past the test harness's output capture, so that the message shows in every run.
fn shout(msg: &str) {
    use std::io::Write;
    let _ =
        writeln!(std::io::stderr(), "\n{}\n*** {msg} ***\n{}\n", "*".repeat(msg.len() + 8), "*".repeat(msg.len() + 8));
}

fn forms_dir() -> Option<PathBuf> {
    static SKIPPED: std::sync::Once = std::sync::Once::new();
    match std::env::var("SAQDESK_PCI_FORMS") {
        Ok(v) if v == "skip" => {
            SKIPPED.call_once(|| shout("SAQDESK_PCI_FORMS=skip: the real PCI SSC form tests DID NOT RUN"));
            None
        }
        Ok(v) => Some(PathBuf::from(v)),
        Err(_) => panic!("SAQDESK_PCI_FORMS is not set.{HOW_TO}"),
    }
}

fn load(dir: &Path, name: &str) -> Vec<u8> {
    let p = dir.join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {} ({e}).{HOW_TO}", p.display()))
}

struct Official {
    file: &'static str,
    saq: Saq,
    kind: FormKind,
    revision: u32,
    rows: usize,
    requirements: usize,
    columns: usize,
    criteria: usize,
    /// The SAQ form whose answer rows the AOC's data is built from.
    saq_file: &'static str,
}

const SAQ_A: &str = "PCIDSSv4_0_1SAQAr1.docx";
const SAQ_AEP: &str = "PCIDSSv401SAQAEP.docx";
const SAQ_C: &str = "PCIDSSv401SAQC.docx";
const SAQ_CVT: &str = "PCIDSSv401SAQCVT.docx";
const SAQ_D: &str = "PCIDSSv401SAQDMerchant.docx";

fn official() -> Vec<Official> {
    let saq = |file, saq, revision, rows, requirements, columns, criteria| Official {
        file,
        saq,
        kind: FormKind::SaqWithAoc,
        revision,
        rows,
        requirements,
        columns,
        criteria,
        saq_file: file,
    };
    let aoc = |file, saq, revision, columns, criteria, saq_file| Official {
        file,
        saq,
        kind: FormKind::Aoc,
        revision,
        rows: 0,
        requirements: 0,
        columns,
        criteria,
        saq_file,
    };
    vec![
        saq(SAQ_A, Saq::A, 1, 27, 27, 4, 7),
        saq(SAQ_AEP, Saq::AEp, 0, 151, 139, 4, 8),
        saq(SAQ_C, Saq::C, 0, 131, 123, 4, 5),
        saq(SAQ_CVT, Saq::CVt, 0, 54, 54, 4, 7),
        saq(SAQ_D, Saq::D, 0, 254, 233, 5, 0),
        aoc("PCIDSSv401AOCforSAQAr1.docx", Saq::A, 1, 4, 7, SAQ_A),
        aoc("PCIDSSv401AOCforSAQAEP.docx", Saq::AEp, 0, 4, 8, SAQ_AEP),
        aoc("PCIDSSv401AOCforSAQC.docx", Saq::C, 0, 4, 5, SAQ_C),
        aoc("PCIDSSv401AOCforSAQCVT.docx", Saq::CVt, 0, 4, 7, SAQ_CVT),
        aoc("PCIDSSv401AOCforSAQDMerchant.docx", Saq::D, 0, 5, 0, SAQ_D),
    ]
}

// ---------------------------------------------------------------------------------------------
// An independent reader: roxmltree over word/document.xml.

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Check(bool),
    Text { value: String, default: String },
}

#[derive(Debug, Clone)]
struct F {
    val: Val,
}

#[derive(Debug, Default)]
struct Row {
    texts: Vec<String>,
    /// Field indices per cell (fields of nested tables belong to their own rows).
    cells: Vec<Vec<usize>>,
}

#[derive(Debug, Default)]
struct Doc {
    fields: Vec<F>,
    rows: Vec<Row>,
    begins: usize,
    separates: usize,
    ends: usize,
    bookmark_starts: Vec<String>,
    bookmark_ends: Vec<String>,
    para_ids: Vec<String>,
    ff_names: Vec<String>,
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";

fn is(n: &roxmltree::Node, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(W) && n.tag_name().name() == name
}

fn wattr<'a>(n: &roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

fn entry(docx: &[u8], name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut f = z.by_name(name).expect("entry");
    let mut out = Vec::new();
    f.read_to_end(&mut out).expect("inflate");
    out
}

/// For each numbered "Constraints" row of Appendix B (one per worksheet): its list's numId, that
/// list's style (abstractNumId) and its level-0 start override.
fn worksheet_lists(docx: &[u8]) -> Vec<(String, String, Option<String>)> {
    let xml = String::from_utf8(entry(docx, "word/document.xml")).expect("utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml parses");
    let num = String::from_utf8(entry(docx, "word/numbering.xml")).expect("utf-8");
    let numbering = roxmltree::Document::parse(&num).expect("numbering.xml parses");
    let text =
        |p: &roxmltree::Node| -> String { p.descendants().filter(|n| is(n, "t")).filter_map(|n| n.text()).collect() };
    doc.descendants()
        .filter(|p| is(p, "p") && text(p).trim() == "Constraints")
        .filter_map(|p| p.descendants().find(|n| is(n, "numId")).and_then(|n| wattr(&n, "val")))
        .map(|id| {
            let list = numbering
                .descendants()
                .find(|n| is(n, "num") && wattr(n, "numId") == Some(id))
                .unwrap_or_else(|| panic!("list {id} is defined"));
            let style = list.children().find(|c| is(c, "abstractNumId")).and_then(|c| wattr(&c, "val"));
            let start = list
                .children()
                .find(|c| is(c, "lvlOverride") && wattr(c, "ilvl") == Some("0"))
                .and_then(|l| l.children().find(|c| is(c, "startOverride")))
                .and_then(|c| wattr(&c, "val"));
            (id.to_string(), style.unwrap_or_default().to_string(), start.map(str::to_string))
        })
        .collect()
}

fn read_doc(docx: &[u8]) -> Doc {
    let xml = String::from_utf8(entry(docx, "word/document.xml")).expect("utf-8");
    let tree = roxmltree::Document::parse(&xml).expect("document.xml parses");
    let mut doc = Doc::default();
    let mut row_of: std::collections::HashMap<roxmltree::NodeId, usize> = std::collections::HashMap::new();
    for tr in tree.descendants().filter(|n| is(n, "tr")) {
        row_of.insert(tr.id(), doc.rows.len());
        let cells: Vec<roxmltree::Node> = tr.children().filter(|n| is(n, "tc")).collect();
        let texts = cells
            .iter()
            .map(|tc| {
                tc.descendants()
                    .filter(|t| is(t, "t"))
                    .filter(|t| t.ancestors().find(|a| is(a, "tc")).map(|a| a.id()) == Some(tc.id()))
                    .filter_map(|t| t.text())
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .collect();
        doc.rows.push(Row { texts, cells: vec![Vec::new(); cells.len()] });
    }
    // Fields: begin / separate / end markers in document order.
    struct Open {
        id: Option<usize>,
        result: bool,
    }
    let mut open: Vec<Open> = Vec::new();
    for n in tree.descendants() {
        if is(&n, "fldChar") {
            match wattr(&n, "fldCharType") {
                Some("begin") => {
                    doc.begins += 1;
                    let ff = n.children().find(|c| is(c, "ffData"));
                    let id = ff.and_then(|ff| {
                        if let Some(name) = ff.children().find(|c| is(c, "name")).and_then(|c| wattr(&c, "val")) {
                            doc.ff_names.push(name.to_string());
                        }
                        let val = if let Some(cb) = ff.children().find(|c| is(c, "checkBox")) {
                            let checked = cb.children().find(|c| is(c, "checked"));
                            let default = cb.children().find(|c| is(c, "default"));
                            let on = |v: Option<&str>| !matches!(v, Some("0") | Some("false"));
                            Val::Check(match checked {
                                Some(c) => on(wattr(&c, "val")),
                                None => default.map(|d| on(wattr(&d, "val"))).unwrap_or(false),
                            })
                        } else if let Some(ti) = ff.children().find(|c| is(c, "textInput")) {
                            let default = ti
                                .children()
                                .find(|c| is(c, "default"))
                                .and_then(|d| wattr(&d, "val"))
                                .unwrap_or("")
                                .to_string();
                            Val::Text { value: String::new(), default }
                        } else {
                            return None;
                        };
                        let tr = n.ancestors().find(|a| is(a, "tr"));
                        let tc = n.ancestors().find(|a| is(a, "tc"));
                        let row = tr.and_then(|tr| row_of.get(&tr.id()).copied());
                        let cell = match (tr, tc) {
                            (Some(tr), Some(tc)) => {
                                tr.children().filter(|c| is(c, "tc")).position(|c| c.id() == tc.id()).unwrap_or(0)
                            }
                            _ => 0,
                        };
                        doc.fields.push(F { val });
                        let id = doc.fields.len() - 1;
                        if let Some(r) = row {
                            doc.rows[r].cells[cell].push(id);
                        }
                        Some(id)
                    });
                    open.push(Open { id, result: false });
                }
                Some("separate") => {
                    doc.separates += 1;
                    if let Some(o) = open.last_mut() {
                        o.result = true;
                    }
                }
                Some("end") => {
                    doc.ends += 1;
                    open.pop();
                }
                _ => {}
            }
            continue;
        }
        let target = open.last().filter(|o| o.result).and_then(|o| o.id);
        if let Some(id) = target {
            let add = if is(&n, "t") {
                n.text().unwrap_or("").to_string()
            } else if is(&n, "br") {
                "\n".to_string()
            } else if is(&n, "tab") && n.parent().is_some_and(|p| is(&p, "r")) {
                "\t".to_string()
            } else {
                String::new()
            };
            if let Val::Text { value, .. } = &mut doc.fields[id].val {
                value.push_str(&add);
            }
        }
        if is(&n, "bookmarkStart") {
            doc.bookmark_starts.push(wattr(&n, "id").unwrap_or("").to_string());
        }
        if is(&n, "bookmarkEnd") {
            doc.bookmark_ends.push(wattr(&n, "id").unwrap_or("").to_string());
        }
        if is(&n, "p") || is(&n, "tr") {
            if let Some(p) = n.attribute((W14, "paraId")) {
                doc.para_ids.push(p.to_string());
            }
        }
    }
    doc
}

impl Doc {
    fn checked(&self, f: usize) -> bool {
        matches!(self.fields[f].val, Val::Check(true))
    }

    fn text(&self, f: usize) -> &str {
        match &self.fields[f].val {
            Val::Text { value, .. } => value,
            _ => "",
        }
    }

    fn texts(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter_map(|f| match &f.val {
                Val::Text { value, .. } => Some(value.clone()),
                _ => None,
            })
            .collect()
    }

    fn is_check(&self, f: usize) -> bool {
        matches!(self.fields[f].val, Val::Check(_))
    }

    /// Section 2 answer rows: `columns` single-box cells ending a row whose first cell names a
    /// requirement (or carries on the one above, for a bullet).
    fn answer_rows(&self, columns: usize) -> Vec<(String, Option<usize>, Vec<bool>)> {
        let mut out = Vec::new();
        let mut header: Option<String> = None;
        let mut bullet = 0;
        for row in &self.rows {
            let first = row.texts.first().cloned().unwrap_or_default();
            if is_id(&first) && header.as_deref() != Some(&first) {
                header = Some(first.clone());
                bullet = 0;
            }
            let n = row.cells.len();
            if n <= columns {
                continue;
            }
            let tail = &row.cells[n - columns..];
            let boxes = tail.iter().all(|c| c.len() == 1 && self.is_check(c[0]))
                && row.cells[..n - columns].iter().all(|c| c.is_empty());
            if !boxes || header.is_none() {
                continue;
            }
            let states: Vec<bool> = tail.iter().map(|c| self.checked(c[0])).collect();
            if is_id(&first) {
                out.push((first, None, states));
            } else if first.is_empty() || first.starts_with(header.as_deref().unwrap_or("")) {
                bullet += 1;
                out.push((header.clone().unwrap_or_default(), Some(bullet), states));
            }
        }
        out
    }

    /// Part 2g rows: a principal requirement's label, then `columns` single boxes.
    fn summary_rows(&self, columns: usize) -> Vec<(String, Vec<bool>)> {
        self.rows
            .iter()
            .filter(|r| r.cells.len() == columns + 1 && r.cells[0].is_empty())
            .filter(|r| r.cells[1..].iter().all(|c| c.len() == 1 && self.is_check(c[0])))
            .filter(|r| !is_id(&r.texts[0]))
            .filter_map(|r| {
                principal(&r.texts[0]).map(|p| (p, r.cells[1..].iter().map(|c| self.checked(c[0])).collect()))
            })
            .collect()
    }

    /// Part 4 rows: principal, description, YES, NO, remediation text.
    fn part4_rows(&self) -> Vec<(String, bool, bool, String)> {
        self.rows
            .iter()
            .filter(|r| r.cells.len() == 5 && r.cells[0].is_empty() && r.cells[1].is_empty())
            .filter(|r| r.cells[2].len() == 1 && r.cells[3].len() == 1 && r.cells[4].len() == 1)
            .filter(|r| self.is_check(r.cells[2][0]) && self.is_check(r.cells[3][0]))
            .filter_map(|r| {
                principal(&r.texts[0]).map(|p| {
                    (p, self.checked(r.cells[2][0]), self.checked(r.cells[3][0]), self.text(r.cells[4][0]).to_string())
                })
            })
            .collect()
    }

    /// Rows of one box in the first cell and a statement beside it: Part 2h, then Part 3a.
    fn statement_boxes(&self) -> Vec<bool> {
        self.rows
            .iter()
            .filter(|r| r.cells.len() == 2 && r.cells[0].len() == 1 && r.cells[1].is_empty())
            .filter(|r| self.is_check(r.cells[0][0]) && !r.texts[1].is_empty())
            .map(|r| self.checked(r.cells[0][0]))
            .collect()
    }

    /// Part 3 status rows: a box, then the statement with the merchant-name field (a text field
    /// with a default) and, for Non-Compliant, the target date.
    fn status_rows(&self) -> Vec<(bool, Vec<String>)> {
        self.rows
            .iter()
            .filter(|r| r.cells.len() == 2 && r.cells[0].len() == 1 && self.is_check(r.cells[0][0]))
            .filter(|r| {
                r.cells[1].first().is_some_and(|&f| matches!(&self.fields[f].val, Val::Text { default, .. } if !default.is_empty() && !default.starts_with("YYYY")))
            })
            .map(|r| (self.checked(r.cells[0][0]), r.cells[1].iter().map(|&f| self.text(f).to_string()).collect()))
            .collect()
    }

    /// The cell with the three Part 2a channel boxes.
    fn channel_boxes(&self) -> Vec<bool> {
        let r = self.rows.iter().find(|r| r.cells.len() == 1 && r.cells[0].len() == 3).expect("Part 2a channel cell");
        r.cells[0].iter().map(|&f| self.checked(f)).collect()
    }
}

fn is_id(t: &str) -> bool {
    let body = t.strip_prefix('A').unwrap_or(t);
    let parts: Vec<&str> = body.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn principal(label: &str) -> Option<String> {
    let words: Vec<&str> = label.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words
        .iter()
        .find(|w| w.len() == 2 && w.starts_with('A') && w.as_bytes()[1].is_ascii_digit())
        .or_else(|| words.iter().find(|w| w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit())))
        .map(|w| w.to_string())
}

fn contains_run(hay: &[String], needle: &[String]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// A fully answered assessment, built from the answer rows of the blank SAQ form.

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

struct Built {
    data: FormData,
    /// (requirement, bullet) → response recorded.
    expected: Vec<((String, Option<usize>), Response)>,
}

fn kinds(columns: usize) -> Vec<Response> {
    Response::ALL.into_iter().filter(|r| columns == 5 || *r != Response::NotTested).collect()
}

fn build(
    rows: &[(String, Option<usize>)],
    columns: usize,
    criteria: usize,
    principals: &[String],
    status: Status,
) -> Built {
    let kinds = kinds(columns);
    let mut data = FormData {
        merchant: Merchant {
            company_name: "Acme Widgets Ltd".into(),
            dba: "Acme Online".into(),
            mailing_address: "1 Harbour Road\nBristol BS1 4XX\nUnited Kingdom".into(),
            website: "https://acme.example".into(),
            contact_name: "Jo Bloggs".into(),
            contact_title: "Head of Compliance".into(),
            contact_phone: "+44 117 496 0000".into(),
            contact_email: "jo@acme.example".into(),
        },
        isa_names: vec!["Sam Internal".into()],
        qsa: Some(Qsa {
            company_name: "Assure & Co <QSA>".into(),
            mailing_address: "2 Audit Lane, Leeds".into(),
            website: "https://assure.example".into(),
            lead_assessor: "Alex Lead".into(),
            phone: "+44 113 496 0001".into(),
            email: "alex@assure.example".into(),
            certificate_number: "QSA-0042".into(),
        }),
        channels: Channels { moto: false, ecommerce: true, card_present: true },
        channels_excluded: Some("MOTO: handled by a separate entity".into()),
        channel_roles: vec![
            ChannelRole { channel: "E-commerce".into(), how: "Stripe Checkout; no card data on our servers".into() },
            ChannelRole { channel: "Card-present".into(), how: "Stripe Terminal readers".into() },
        ],
        environment: "Web shop on a managed host.\nPayments by Stripe.".into(),
        segmentation: Some(false),
        locations: (1..=10)
            .map(|i| Location { facility_type: format!("Shop {i}"), count: i, city_country: format!("City {i}, UK") })
            .collect(),
        uses_validated_products: Some(true),
        validated_products: vec![ValidatedProduct {
            name: "Reader S700".into(),
            version: "1.2".into(),
            standard: "PTS POI".into(),
            listing_reference: "4-12345".into(),
            expiry: Some(d("2027-04-30")),
        }],
        provider_relations: ProviderRelations {
            handle_account_data: Some(true),
            manage_components: Some(false),
            could_affect_security: Some(true),
        },
        service_providers: (1..=12)
            .map(|i| ServiceProvider { name: format!("Provider {i}"), services: format!("Service {i}") })
            .collect(),
        eligibility: (0..criteria).map(|i| i % 3 != 2).collect(),
        completion_date: Some(d("2026-11-20")),
        status: Some(status),
        acknowledgements: [true, true, true],
        signatory: Signatory { name: "Pat Chief".into(), title: "CEO".into(), date: Some(d("2026-11-30")) },
        qsa_involvement: Involvement { performed_testing: false, other_assistance: Some("Scoping workshop".into()) },
        isa_involvement: Involvement { performed_testing: true, other_assistance: None },
        ..FormData::default()
    };
    let mut expected = Vec::new();
    for (i, (id, bullet)) in rows.iter().enumerate() {
        let k = kinds[i % kinds.len()];
        let a = data.responses.entry(id.clone()).or_default();
        match bullet {
            None => a.response = Some(k),
            Some(b) => {
                if a.bullets.len() < *b {
                    a.bullets.resize(*b, None);
                }
                a.bullets[b - 1] = Some(k);
            }
        }
        expected.push(((id.clone(), *bullet), k));
        let label = match bullet {
            Some(b) => format!("{id} bullet {b}"),
            None => id.clone(),
        };
        match k {
            Response::InPlaceCcw => data.ccws.push(Ccw {
                requirement: label.clone(),
                definition_of_requirement: format!("definition of {label}"),
                constraints: format!("constraints for {label}"),
                definition: format!("controls for {label}"),
                objective: format!("objective of {label}"),
                objective_met: format!("objective met for {label}"),
                identified_risk: format!("risk for {label}"),
                validation: format!("validation of {label}"),
                maintenance: format!("maintenance of {label}"),
            }),
            Response::NotApplicable => data
                .not_applicable
                .push(NotApplicable { requirement: label.clone(), reason: format!("why {label} is N/A") }),
            Response::NotTested => data.not_tested.push(NotTested {
                requirement: label.clone(),
                what: format!("what of {label}"),
                why: format!("why {label} was excluded"),
            }),
            _ => {}
        }
    }
    let open: BTreeSet<&str> = expected
        .iter()
        .filter(|(_, k)| *k == Response::NotInPlace)
        .map(|((id, _), _)| id.split('.').next().unwrap_or(""))
        .collect();
    data.action_plan = principals
        .iter()
        .map(|p| ActionItem {
            principal: p.clone(),
            compliant: Some(!open.contains(p.as_str())),
            remediation_date: (open.contains(p.as_str())).then(|| d("2027-03-31")),
            actions: if open.contains(p.as_str()) { format!("fix requirement {p}") } else { String::new() },
        })
        .collect();
    Built { data, expected }
}

fn status_for(saq: Saq) -> Status {
    match saq {
        Saq::A | Saq::CVt => Status::Compliant,
        Saq::AEp | Saq::D => Status::NonCompliant { target_date: Some(d("2027-06-30")) },
        Saq::C => Status::CompliantWithLegalException {
            exceptions: (1..=4)
                .map(|i| LegalException { requirement: format!("10.{i}.1"), details: format!("law {i} forbids it") })
                .collect(),
        },
    }
}

/// The blank SAQ's answer rows, as the independent reader sees them.
fn rows_of(blank: &[u8], columns: usize) -> Vec<(String, Option<usize>)> {
    read_doc(blank).answer_rows(columns).into_iter().map(|(id, b, _)| (id, b)).collect()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn recognises_every_official_form() {
    let Some(dir) = forms_dir() else { return };
    for o in official() {
        let info = forms::recognise(&load(&dir, o.file)).unwrap_or_else(|e| panic!("{}: {e}", o.file));
        assert_eq!(info.saq, o.saq, "{}", o.file);
        assert_eq!(info.kind, o.kind, "{}", o.file);
        assert_eq!(info.pci_dss_version, "4.0.1", "{}", o.file);
        assert_eq!(info.revision, o.revision, "{}", o.file);
        assert_eq!(info.answer_rows, o.rows, "{}", o.file);
        assert_eq!(info.rows.len(), o.rows, "{}", o.file);
        let reader: Vec<(String, Option<usize>)> = rows_of(&load(&dir, o.file), o.columns);
        let engine: Vec<(String, Option<usize>)> =
            info.rows.iter().map(|r| (r.requirement.clone(), r.bullet)).collect();
        assert_eq!(engine, reader, "{}: the engine's rows are the independent reader's", o.file);
        assert_eq!(info.requirements, o.requirements, "{}", o.file);
        assert_eq!(info.response_columns, o.columns, "{}", o.file);
        assert_eq!(info.eligibility_criteria, o.criteria, "{}", o.file);
    }
}

fn check_form(o: &Official) {
    let Some(dir) = forms_dir() else { return };
    let blank = load(&dir, o.file);
    let saq_blank = load(&dir, o.saq_file);
    let rows = rows_of(&saq_blank, o.columns);
    if o.kind == FormKind::SaqWithAoc {
        assert_eq!(rows.len(), o.rows, "{}: the reader's answer rows", o.file);
    }
    let before = read_doc(&blank);
    let principals: Vec<String> = before.part4_rows().into_iter().map(|r| r.0).collect();
    assert!(!principals.is_empty(), "{}: Part 4 rows", o.file);
    let status = status_for(o.saq);
    let built = build(&rows, o.columns, o.criteria, &principals, status.clone());
    let filled = forms::fill(&blank, &built.data, o.saq).unwrap_or_else(|e| panic!("{}: {e}", o.file));
    assert_eq!(filled.info.saq, o.saq);
    // To look at the filled forms: SAQDESK_FORMS_DUMP=/some/folder.
    if let Ok(out) = std::env::var("SAQDESK_FORMS_DUMP") {
        std::fs::write(Path::new(&out).join(o.file), &filled.bytes).expect("dump");
        std::fs::write(Path::new(&out).join(format!("{}.report.txt", o.file)), filled.report.to_string())
            .expect("dump");
    }
    let doc = read_doc(&filled.bytes);
    let texts = doc.texts();
    let data = &built.data;

    // Fields stay balanced and bookmark ids unique after rows and worksheets were added.
    assert_eq!(doc.begins, doc.ends, "{}: field begins and ends", o.file);
    assert!(doc.separates <= doc.begins);
    let starts: BTreeSet<&String> = doc.bookmark_starts.iter().collect();
    assert_eq!(starts.len(), doc.bookmark_starts.len(), "{}: duplicate bookmark ids", o.file);
    let ends: BTreeSet<&String> = doc.bookmark_ends.iter().collect();
    assert_eq!(starts, ends, "{}: every bookmark start has its end", o.file);
    let paras: BTreeSet<&String> = doc.para_ids.iter().collect();
    let blank_paras: BTreeSet<&String> = before.para_ids.iter().collect();
    assert_eq!(paras.len() - blank_paras.len(), doc.para_ids.len() - before.para_ids.len(), "{}: paraIds", o.file);
    let new_names: Vec<&String> = doc.ff_names.iter().filter(|n| !before.ff_names.contains(n)).collect();
    let unique: BTreeSet<&&String> = new_names.iter().collect();
    assert_eq!(unique.len(), new_names.len(), "{}: names of added fields repeat", o.file);

    // Part 1, in order: 1a, ISA names, QSA.
    let q = data.qsa.clone().unwrap_or_default();
    let m = &data.merchant;
    let part1: Vec<String> = [
        &m.company_name,
        &m.dba,
        &m.mailing_address,
        &m.website,
        &m.contact_name,
        &m.contact_title,
        &m.contact_phone,
        &m.contact_email,
        &data.isa_names[0],
        &q.company_name,
        &q.mailing_address,
        &q.website,
        &q.lead_assessor,
        &q.phone,
        &q.email,
        &q.certificate_number,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(&texts[..16], &part1[..], "{}: Part 1", o.file);

    // Part 2.
    assert_eq!(doc.channel_boxes(), vec![false, true, true], "{}: Part 2a", o.file);
    assert!(texts.contains(&"MOTO: handled by a separate entity".to_string()));
    let roles: Vec<String> = data.channel_roles.iter().flat_map(|r| [r.channel.clone(), r.how.clone()]).collect();
    assert!(contains_run(&texts, &roles), "{}: Part 2b", o.file);
    assert!(texts.contains(&data.environment), "{}: Part 2c", o.file);
    let locs: Vec<String> = data
        .locations
        .iter()
        .flat_map(|l| [l.facility_type.clone(), l.count.to_string(), l.city_country.clone()])
        .collect();
    assert!(contains_run(&texts, &locs), "{}: Part 2d with added rows", o.file);
    let p = &data.validated_products[0];
    let prod =
        vec![p.name.clone(), p.version.clone(), p.standard.clone(), p.listing_reference.clone(), "2027-04-30".into()];
    assert!(contains_run(&texts, &prod), "{}: Part 2e", o.file);
    let provs: Vec<String> = data.service_providers.iter().flat_map(|s| [s.name.clone(), s.services.clone()]).collect();
    assert!(contains_run(&texts, &provs), "{}: Part 2f with added rows", o.file);

    // Part 2g: every response used in each principal requirement, from the recorded answers.
    let mut used: BTreeMap<String, BTreeSet<Response>> = BTreeMap::new();
    for ((id, _), k) in &built.expected {
        used.entry(id.split('.').next().unwrap_or("").to_string()).or_default().insert(*k);
    }
    let summary = doc.summary_rows(o.columns);
    assert_eq!(summary.len(), principals.len(), "{}: Part 2g rows", o.file);
    let cols = kinds(o.columns);
    for (p, states) in &summary {
        let want: Vec<bool> = cols.iter().map(|k| used.get(p).is_some_and(|u| u.contains(k))).collect();
        assert_eq!(states, &want, "{}: Part 2g requirement {p}", o.file);
    }

    // Part 2h then Part 3a.
    let boxes = doc.statement_boxes();
    assert_eq!(boxes.len(), o.criteria + 3, "{}: Part 2h and 3a boxes", o.file);
    assert_eq!(&boxes[..o.criteria], &data.eligibility[..], "{}: Part 2h", o.file);
    assert_eq!(&boxes[o.criteria..], &data.acknowledgements[..], "{}: Part 3a", o.file);

    // Section 2: exactly the recorded box of every answer row; and the appendices.
    if o.kind == FormKind::SaqWithAoc {
        let got = doc.answer_rows(o.columns);
        assert_eq!(got.len(), built.expected.len(), "{}: answer rows", o.file);
        for ((id, b, states), ((eid, eb), k)) in got.iter().zip(&built.expected) {
            assert_eq!((id, b), (eid, eb), "{}: row order", o.file);
            let want: Vec<bool> = cols.iter().map(|c| c == k).collect();
            assert_eq!(states, &want, "{}: {id} {b:?} should be {}", o.file, k.label());
        }
        assert!(texts.contains(&"2026-11-20".to_string()), "{}: completion date", o.file);
        for w in &data.ccws {
            let run = vec![
                format!("{} – {}", w.requirement, w.definition_of_requirement),
                w.constraints.clone(),
                w.definition.clone(),
                w.objective.clone(),
                w.objective_met.clone(),
                w.identified_risk.clone(),
                w.validation.clone(),
                w.maintenance.clone(),
            ];
            assert!(contains_run(&texts, &run), "{}: Appendix B worksheet for {}", o.file, w.requirement);
        }
        // Each worksheet numbers its rows from 1: every copy is on a list of its own, of the same
        // style, restarted; the blank's lists are kept as they were.
        let lists = worksheet_lists(&filled.bytes);
        assert_eq!(lists.len(), data.ccws.len(), "{}: one numbered worksheet per CCW", o.file);
        assert!(data.ccws.len() > 1, "{}: the data has worksheet copies to number", o.file);
        let ids: BTreeSet<&String> = lists.iter().map(|l| &l.0).collect();
        assert_eq!(ids.len(), lists.len(), "{}: a list per worksheet: {lists:?}", o.file);
        assert_eq!(worksheet_lists(&blank)[0], lists[0], "{}: the first worksheet keeps the blank's list", o.file);
        for l in &lists[1..] {
            assert_eq!((&l.1, l.2.as_deref()), (&lists[0].1, Some("1")), "{}: copy restarts at 1: {l:?}", o.file);
        }
        let (nb, nf) = (entry(&blank, "word/numbering.xml"), entry(&filled.bytes, "word/numbering.xml"));
        let added = nf.len() - nb.len();
        let at = (0..nb.len()).find(|&i| nb[i] != nf[i]).unwrap_or(nb.len());
        assert_eq!([&nf[..at], &nf[at + added..]].concat(), nb, "{}: numbering.xml only gains lists", o.file);
        let na: Vec<String> =
            data.not_applicable.iter().flat_map(|n| [n.requirement.clone(), n.reason.clone()]).collect();
        assert!(contains_run(&texts, &na), "{}: Appendix C", o.file);
        let nt: Vec<String> =
            data.not_tested.iter().flat_map(|n| [n.requirement.clone(), n.what.clone(), n.why.clone()]).collect();
        assert!(contains_run(&texts, &nt), "{}: Appendix D", o.file);
        if o.saq == Saq::D {
            assert!(!nt.is_empty());
        }
    }

    // Part 3: exactly the asserted status, with the merchant's name (and the target date).
    let status_rows = doc.status_rows();
    assert_eq!(status_rows.len(), 3, "{}: Part 3 status rows", o.file);
    let which = match status {
        Status::Compliant => 0,
        Status::NonCompliant { .. } => 1,
        Status::CompliantWithLegalException { .. } => 2,
    };
    for (i, (checked, values)) in status_rows.iter().enumerate() {
        assert_eq!(*checked, i == which, "{}: Part 3 status {i}", o.file);
        if i == which {
            assert_eq!(values[0], m.company_name, "{}: Part 3 merchant name", o.file);
        }
    }
    if let Status::NonCompliant { .. } = status {
        assert_eq!(status_rows[1].1[1], "2027-06-30", "{}: target date", o.file);
    }
    if let Status::CompliantWithLegalException { exceptions } = &status {
        let legal: Vec<String> = exceptions.iter().flat_map(|e| [e.requirement.clone(), e.details.clone()]).collect();
        assert!(contains_run(&texts, &legal), "{}: legal exceptions with an added row", o.file);
    }
    assert!(contains_run(&texts, &["2026-11-30".into(), "Pat Chief".into(), "CEO".into()]), "{}: Part 3b", o.file);
    assert!(texts.contains(&"Scoping workshop".to_string()), "{}: Part 3c", o.file);

    // Part 4.
    let p4 = doc.part4_rows();
    for (p, yes, no, text) in &p4 {
        let item = data.action_plan.iter().find(|i| &i.principal == p).expect("action item");
        assert_eq!(
            (*yes, *no),
            (item.compliant == Some(true), item.compliant == Some(false)),
            "{}: Part 4 {p}",
            o.file
        );
        if item.compliant == Some(false) {
            assert_eq!(text, &format!("2027-03-31\nfix requirement {p}"), "{}: Part 4 {p}", o.file);
        } else {
            assert!(text.trim_matches('\u{2002}').trim().is_empty(), "{}: Part 4 {p} text {text:?}", o.file);
        }
    }

    // SAQ D's rows without response boxes (service-provider, issuer and customized-approach
    // requirements) are left exactly as they were.
    if o.saq == Saq::D && o.kind == FormKind::SaqWithAoc {
        let xml = |b: &[u8]| String::from_utf8(entry(b, "word/document.xml")).expect("utf-8");
        let (a, b) = (xml(&blank), xml(&filled.bytes));
        let row_of = |x: &str, id: &str| -> String {
            let at = x.find(&format!(">{id}<")).unwrap_or_else(|| panic!("{id} not found"));
            let start = x[..at].rfind("<w:tr ").expect("tr");
            let end = x[at..].find("</w:tr>").expect("end") + at;
            x[start..end].to_string()
        };
        for id in [
            "3.6.1.1", "3.7.9", "8.2.3", "8.3.10", "8.3.10.1", "10.7.1", "11.4.6", "11.4.7", "11.5.1.1", "12.4.1",
            "12.4.2", "12.4.2.1", "12.5.2.1", "12.5.3", "12.9.1", "12.9.2", "A2.1.2", "A2.1.3", "12.3.2",
        ] {
            assert_eq!(row_of(&a, id), row_of(&b, id), "{id} is left alone");
            assert!(!built.data.responses.contains_key(id));
        }
    }

    // Every other part of the package is the blank's, byte for byte.
    same_other_parts(&blank, &filled.bytes);
    // And the same inputs give the same bytes.
    let again = forms::fill(&blank, &built.data, o.saq).expect("second fill");
    assert_eq!(again.bytes, filled.bytes, "{}: reproducible", o.file);
    assert!(filled.report.complete(), "{}: report lists missing items: {}", o.file, filled.report);
}

fn same_other_parts(blank: &[u8], filled: &[u8]) {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(blank)).expect("blank");
    let mut b = zip::ZipArchive::new(std::io::Cursor::new(filled)).expect("filled");
    assert_eq!(a.len(), b.len());
    for i in 0..a.len() {
        let (mut x, mut y) = (a.by_index_raw(i).expect("raw"), b.by_index_raw(i).expect("raw"));
        assert_eq!(x.name(), y.name(), "entry order");
        assert_eq!(x.last_modified(), y.last_modified(), "{} timestamp", x.name());
        // Filled, and given a list per copied worksheet (checked in `check_form`).
        if x.name() == "word/document.xml" || x.name() == "word/numbering.xml" {
            continue;
        }
        let (mut rx, mut ry) = (Vec::new(), Vec::new());
        x.read_to_end(&mut rx).expect("raw bytes");
        y.read_to_end(&mut ry).expect("raw bytes");
        assert!(rx == ry, "{} differs from the blank's", x.name());
    }
}

#[test]
fn fills_saq_a() {
    check_form(&official()[0]);
}

#[test]
fn fills_saq_a_ep() {
    check_form(&official()[1]);
}

#[test]
fn fills_saq_c() {
    check_form(&official()[2]);
}

#[test]
fn fills_saq_c_vt() {
    check_form(&official()[3]);
}

#[test]
fn fills_saq_d() {
    check_form(&official()[4]);
}

#[test]
fn fills_aoc_a() {
    check_form(&official()[5]);
}

#[test]
fn fills_aoc_a_ep() {
    check_form(&official()[6]);
}

#[test]
fn fills_aoc_c() {
    check_form(&official()[7]);
}

#[test]
fn fills_aoc_c_vt() {
    check_form(&official()[8]);
}

#[test]
fn fills_aoc_d() {
    check_form(&official()[9]);
}

#[test]
fn a_draft_leaves_the_attestation_blank_and_reports_what_is_missing() {
    let Some(dir) = forms_dir() else { return };
    let blank = load(&dir, SAQ_A);
    let data = FormData {
        merchant: Merchant { company_name: "Draft Shop".into(), ..Merchant::default() },
        status: Some(Status::Compliant),
        acknowledgements: [true; 3],
        signatory: Signatory { name: "Pat".into(), title: "CEO".into(), date: Some(d("2026-12-01")) },
        draft: true,
        ..FormData::default()
    };
    let filled = forms::fill(&blank, &data, Saq::A).expect("fill");
    let doc = read_doc(&filled.bytes);
    assert!(doc.status_rows().iter().all(|(c, _)| !c), "no status box in a draft");
    let boxes = doc.statement_boxes();
    assert!(boxes.iter().all(|b| !b), "no eligibility or acknowledgement boxes");
    assert!(doc.answer_rows(4).iter().all(|(_, _, s)| s.iter().all(|b| !b)), "unanswered rows stay unchecked");
    assert!(!doc.texts().contains(&"2026-12-01".to_string()), "no signature date in a draft");
    let missing: Vec<String> = filled.report.missing().map(|i| i.to_string()).collect();
    assert!(missing.contains(&"Part 1b QSA e-mail: empty".to_string()) || data.qsa.is_none());
    assert!(missing.contains(&"Part 1a contact e-mail: empty".to_string()), "{missing:?}");
    assert!(missing.iter().any(|m| m == "Section 2 2.2.2: empty"), "{missing:?}");
    // No QSA: the form's instruction is followed.
    assert_eq!(doc.texts()[9], "Not Applicable");
}

#[test]
fn refuses_another_saqs_form_and_writes_nothing() {
    let Some(dir) = forms_dir() else { return };
    let out = std::env::temp_dir().join(format!("saqdesk-forms-{}-wrong.docx", std::process::id()));
    let _ = std::fs::remove_file(&out);
    let err = forms::fill_file(&dir.join(SAQ_C), &out, &FormData::default(), Saq::A).expect_err("refused");
    assert!(matches!(err, FormError::WrongSaq { expected: Saq::A, .. }), "{err}");
    assert!(err.to_string().contains("SAQ C"), "{err}");
    assert!(!out.exists(), "nothing is written");
    let err = forms::fill(&load(&dir, "PCIDSSv401AOCforSAQDMerchant.docx"), &FormData::default(), Saq::C)
        .expect_err("refused");
    assert!(matches!(err, FormError::WrongSaq { expected: Saq::C, .. }), "{err}");
    // A response the form cannot express is refused before anything is filled.
    let mut data = FormData::default();
    data.responses.insert("2.2.2".into(), Answer::of(Response::NotTested));
    let err = forms::fill(&load(&dir, SAQ_A), &data, Saq::A).expect_err("refused");
    assert!(matches!(err, FormError::Data(_)), "{err}");
    let mut data = FormData::default();
    data.responses.insert("6.4.3".into(), Answer::of(Response::InPlace));
    let err = forms::fill(&load(&dir, SAQ_A), &data, Saq::A).expect_err("6.4.3 is not in SAQ A r1");
    assert!(err.to_string().contains("6.4.3"), "{err}");
}

/// Rewrites word/document.xml of a real form (in memory), to make the editions the library does
/// not hold: the superseded October 2024 SAQ A, a v4.0 form, a future revision.
fn mutate(docx: &[u8], f: impl Fn(String) -> String) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut e = z.by_index(i).expect("entry");
        let name = e.name().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).expect("read");
        if name == "word/document.xml" {
            data = f(String::from_utf8(data).expect("utf-8")).into_bytes();
        }
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, opts).expect("start");
        std::io::Write::write_all(&mut out, &data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// Removes the last row of the first table (the Document Changes table).
fn drop_last_change(xml: String) -> String {
    let tbl_end = xml.find("</w:tbl>").expect("a table");
    let row_start = xml[..tbl_end].rfind("<w:tr ").or_else(|| xml[..tbl_end].rfind("<w:tr>")).expect("a row");
    format!("{}{}", &xml[..row_start], &xml[tbl_end..])
}

#[test]
fn refuses_superseded_older_and_unknown_revisions() {
    let Some(dir) = forms_dir() else { return };
    let a = load(&dir, SAQ_A);
    // SAQ A as it stood in October 2024 (its change log ends before Revision 1).
    let old = mutate(&a, drop_last_change);
    let err = forms::recognise(&old).expect_err("superseded");
    assert!(matches!(err, FormError::Superseded { .. }), "{err}");
    assert!(err.to_string().contains("Revision 1"), "{err}");
    // The same, with 6.4.3, 11.6.1 and 12.3.1 still in it: refused from its requirement list alone.
    let with_old_ids = mutate(&a, |x| x.replacen(">6.3.3<", ">6.4.3<", 1).replacen(">12.10.1<", ">12.3.1<", 1));
    assert!(forms::recognise(&with_old_ids).is_err());
    // A v4.0 form.
    let d = load(&dir, SAQ_D);
    let v40 = mutate(&d, |x| {
        let t = x.find("</w:tbl>").expect("table");
        let i = x[..t].rfind(">4.0.1<").expect("version cell");
        format!("{}>4.0<{}", &x[..i], &x[i + 7..])
    });
    let err = forms::recognise(&v40).expect_err("v4.0");
    assert!(matches!(err, FormError::Superseded { .. }), "{err}");
    // A revision newer than SAQ Desk knows, on a separate AOC's cover.
    let aoc = load(&dir, "PCIDSSv401AOCforSAQAr1.docx");
    let r2 = mutate(&aoc, |x| x.replacen(">Revision 1<", ">Revision 2<", 1));
    let err = forms::recognise(&r2).expect_err("unknown revision");
    assert!(matches!(err, FormError::UnknownRevision { .. }), "{err}");
    // The AOC for the October 2024 SAQ A: one e-commerce criterion fewer.
    let old_aoc = mutate(&aoc, |x| {
        let i = x.rfind("Check12").expect("last criterion");
        let tr = x[..i].rfind("<w:tr ").expect("row");
        let end = x[i..].find("</w:tr>").expect("row end") + i + 7;
        format!("{}{}", &x[..tr], &x[end..])
    });
    let err = forms::recognise(&old_aoc).expect_err("superseded AOC");
    assert!(matches!(err, FormError::Superseded { .. } | FormError::Unrecognised(_)), "{err}");
}

#[test]
fn renders_in_libreoffice() {
    let Some(dir) = forms_dir() else { return };
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| std::process::Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(soffice) = soffice else {
        shout("LibreOffice (soffice) is not installed: the rendering check DID NOT RUN");
        return;
    };
    let blank = load(&dir, SAQ_A);
    let rows = rows_of(&blank, 4);
    let built = build(&rows, 4, 7, &["2".into(), "3".into()], Status::Compliant);
    let filled = forms::fill(&blank, &built.data, Saq::A).expect("fill");
    let work = std::env::temp_dir().join(format!("saqdesk-forms-lo-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("dir");
    let docx = work.join("filled.docx");
    std::fs::write(&docx, &filled.bytes).expect("write");
    let status = std::process::Command::new(soffice)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&work)
        .arg(&docx)
        .env("HOME", &work)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice: {}", String::from_utf8_lossy(&status.stderr));
    let pdf = work.join("filled.pdf");
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Acme Widgets Ltd"), "the merchant's name is on the rendered form");
    assert!(text.contains("Provider 12"), "an added provider row is on the rendered form");
    // Every worksheet, the copies too, numbers its rows from 1 as rendered.
    let layout = std::process::Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().expect("pdftotext");
    let layout = String::from_utf8_lossy(&layout.stdout);
    let labels: Vec<&str> = layout
        .lines()
        .map(str::trim_start)
        .filter(|l| l.split_whitespace().nth(1) == Some("Constraints"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(built.data.ccws.len() > 1, "the data has worksheet copies");
    assert_eq!(labels, vec!["1."; built.data.ccws.len()], "worksheet row numbers as rendered");
    let _ = std::fs::remove_dir_all(&work);
}

// ---------------------------------------------------------------------------------------------
// From the store: an assessment answered through the Desk, filled through the Desk, read back.

mod from_the_store {
    use super::*;
    use crate::common;
    use saqdesk::desk::*;
    use saqdesk::questionnaire::ResponseKind;
    use saqdesk::store::{Actor, AnswerInput, AttestInput, BulletAnswer, Ccw, Location, ServiceProvider};

    fn response(k: ResponseKind) -> Response {
        match k {
            ResponseKind::InPlace => Response::InPlace,
            ResponseKind::InPlaceCcw => Response::InPlaceCcw,
            ResponseKind::NotApplicable => Response::NotApplicable,
            ResponseKind::NotTested => Response::NotTested,
            ResponseKind::NotInPlace => Response::NotInPlace,
        }
    }

    fn input(k: ResponseKind, id: &str) -> AnswerInput {
        AnswerInput {
            response: Some(k),
            notes: Some(format!("note for {id}")),
            owner: Some("Compliance lead".into()),
            explanation: matches!(k, ResponseKind::NotApplicable | ResponseKind::NotTested)
                .then(|| format!("reason for {id}")),
            remediation_plan: (k == ResponseKind::NotInPlace).then(|| format!("plan for {id}")),
            remediation_date: (k == ResponseKind::NotInPlace).then_some(Some(d("2027-03-31"))),
            ccw: (k == ResponseKind::InPlaceCcw).then(|| {
                Some(Ccw {
                    constraints: format!("constraint of {id}"),
                    definition: format!("control for {id}"),
                    objective: format!("objective of {id}"),
                    objective_met: format!("met for {id}"),
                    identified_risk: format!("risk of {id}"),
                    validation: format!("validated {id}"),
                    maintenance: format!("maintained {id}"),
                })
            }),
            ..Default::default()
        }
    }

    /// A full assessment of `saq` through the Desk: every row answered, the kinds cycling so that
    /// each appears, every criterion confirmed, the AOC details given, signed.
    fn answered(desk: &mut Desk, saq: &str, who: &Actor) -> (String, BTreeMap<(String, Option<usize>), Response>) {
        let m = desk
            .set_merchant(
                MerchantPatch {
                    legal_name: Some("Zoë Łódź Ærøskøbing GmbH".into()),
                    dba: Some("Zoë's Shop".into()),
                    address: Some("Hauptstraße 1, 10115 Berlin".into()),
                    website: Some("https://zoe.example".into()),
                    contact_name: Some("Zoë Kowalska".into()),
                    contact_title: Some("Chief Financial Officer".into()),
                    contact_email: Some("zoe@zoe.example".into()),
                    contact_phone: Some("+49 30 1234 5678".into()),
                    locations: Some(vec![Location {
                        facility_type: "Head office".into(),
                        count: 1,
                        city_country: "Berlin, Germany".into(),
                    }]),
                    service_providers: Some(vec![ServiceProvider {
                        name: "Stripe Payments Europe".into(),
                        services: "Payment processing".into(),
                    }]),
                    ..Default::default()
                },
                who,
            )
            .expect("merchant");
        let a = desk
            .new_assessment(
                NewAssessmentRequest {
                    merchant: m.id,
                    year: 2026,
                    saq: Some(saq.into()),
                    saqs: Vec::new(),
                    scope: None,
                    route: None,
                },
                who,
            )
            .expect("assessment");
        let id = a.id.to_string();
        desk.set_details(
            DetailsPatch {
                assessment: id.clone(),
                channel_roles: Some(vec![saqdesk::store::ChannelRole {
                    channel: "E-commerce".into(),
                    how: "Card data is entered in Stripe's fields only".into(),
                }]),
                environment_description: Some("One web server and staff laptops".into()),
                segmentation_used: Some(false),
                uses_validated_products: Some(Some(false)),
                providers_handle_account_data: Some(Some(true)),
                providers_manage_components: Some(Some(false)),
                providers_could_affect_security: Some(Some(true)),
                isa_names: Some(vec!["Ines Auditor".into()]),
                qsa: Some(AssessorPatch {
                    company_name: Some("Assure QSA GmbH".into()),
                    mailing_address: Some("Ring 2, Munich".into()),
                    website: Some("https://qsa.example".into()),
                    lead_assessor: Some("Quentin Sachs".into()),
                    phone: Some("+49 89 000".into()),
                    email: Some("q@qsa.example".into()),
                    certificate_number: Some("QSA-4711".into()),
                }),
                qsa_performed_testing: Some(true),
                isa_assistance: Some("Reviewed the scoping with the officer".into()),
                ..Default::default()
            },
            who,
        )
        .expect("details");
        let view = desk.open_assessment(&id, who).expect("view");
        let snap = view.assessment.snapshot.clone();
        let kinds: Vec<ResponseKind> = ResponseKind::ALL.into_iter().filter(|k| snap.saq.allows(*k)).collect();
        let mut expected = BTreeMap::new();
        for (i, req) in snap.requirements.iter().enumerate() {
            let k = kinds[i % kinds.len()];
            let mut inp = input(k, &req.id);
            if req.bullets.is_empty() {
                expected.insert((req.id.clone(), None), response(k));
            } else {
                // Each bullet its own kind, so a wrong row would show.
                for j in 0..req.bullets.len() {
                    let bk = kinds[(i + j) % kinds.len()];
                    inp.bullets.push(BulletAnswer { bullet: j + 1, response: Some(bk) });
                    let row = if req.own_row && j + 1 == req.bullets.len() { None } else { Some(j + 1) };
                    expected.insert((req.id.clone(), row), response(bk));
                }
                let all: Vec<ResponseKind> = (0..req.bullets.len()).map(|j| kinds[(i + j) % kinds.len()]).collect();
                let merged = input(ResponseKind::InPlaceCcw, &req.id);
                inp.ccw = merged.ccw;
                inp.explanation = Some(format!("reason for {}", req.id));
                if all.contains(&ResponseKind::NotInPlace) {
                    inp.remediation_plan = Some(format!("plan for {}", req.id));
                    inp.remediation_date = Some(Some(d("2027-03-31")));
                }
                inp.response = None;
            }
            desk.answer(
                AnswerRequest { assessment: id.clone(), requirement: req.id.clone(), input: inp, saq: None },
                who,
            )
            .unwrap_or_else(|e| panic!("SAQ {saq} {}: {e}", req.id));
        }
        for c in &snap.saq.eligibility {
            desk.confirm(ConfirmRequest { assessment: id.clone(), criterion: c.id.clone(), confirmed: true }, who)
                .expect("confirm");
        }
        desk.attest(
            AttestRequest {
                assessment: id.clone(),
                input: AttestInput {
                    name: "Zoë Kowalska".into(),
                    title: "Chief Financial Officer".into(),
                    signed_on: Some(d("2026-11-30")),
                },
                saq: None,
            },
            who,
        )
        .unwrap_or_else(|e| {
            let st = desk.status(&id, None, who).map(|s| format!("{:?}", s.blockers)).unwrap_or_default();
            panic!("SAQ {saq}: attest: {e}\n{st}")
        });
        (id, expected)
    }

    fn check(saq: &str, file: &str, aoc: &str, columns: usize) {
        let Some(dir) = forms_dir() else { return };
        let env = common::Env::new();
        let data = saqdesk::DataSet::open(&common::root().join("questionnaires")).expect("data");
        let mut desk = Desk::with_data(data, &env.db(), Some(common::root().join("templates"))).expect("desk");
        let who = Actor::new("tester", chrono::DateTime::parse_from_rfc3339(common::NOW).expect("now").to_utc());
        let (id, expected) = answered(&mut desk, saq, &who);
        let out = env.path("filled.docx");
        let filled = desk
            .fill_form(
                FillFormRequest {
                    assessment: id.clone(),
                    form: Some(dir.join(file)),
                    out: out.clone(),
                    ..Default::default()
                },
                &who,
            )
            .unwrap_or_else(|e| panic!("SAQ {saq}: {e}"));
        assert!(!filled.draft, "SAQ {saq}: an attested SAQ is not a draft");
        assert!(
            filled.missing.is_empty(),
            "SAQ {saq}: an attested, fully described SAQ fills completely: {:?}",
            filled.missing
        );
        let bytes = std::fs::read(&out).expect("filled form");
        if let Ok(dump) = std::env::var("SAQDESK_FORMS_DUMP") {
            std::fs::write(Path::new(&dump).join(format!("store-{saq}.docx")), &bytes).expect("dump");
        }
        let doc = read_doc(&bytes);
        let texts = doc.texts();

        // Section 2: every answer row, exactly the box of the stored answer.
        let rows = doc.answer_rows(columns);
        assert_eq!(rows.len(), expected.len(), "SAQ {saq}: answer rows on the form and answers stored");
        let cols = kinds(columns);
        for (req, bullet, states) in &rows {
            let want = expected
                .get(&(req.clone(), *bullet))
                .unwrap_or_else(|| panic!("SAQ {saq}: the form has a row {req} {bullet:?} the store does not"));
            let boxes: Vec<bool> = cols.iter().map(|k| k == want).collect();
            assert_eq!(states, &boxes, "SAQ {saq}: {req} {bullet:?} should be {want:?}");
        }

        // Part 1 from the merchant profile and the AOC details.
        let part1 = [
            "Zoë Łódź Ærøskøbing GmbH",
            "Zoë's Shop",
            "Hauptstraße 1, 10115 Berlin",
            "https://zoe.example",
            "Zoë Kowalska",
            "Chief Financial Officer",
            "+49 30 1234 5678",
            "zoe@zoe.example",
            "Ines Auditor",
            "Assure QSA GmbH",
            "Ring 2, Munich",
            "https://qsa.example",
            "Quentin Sachs",
            "+49 89 000",
            "q@qsa.example",
            "QSA-4711",
        ];
        assert_eq!(&texts[..16], &part1.map(String::from)[..], "SAQ {saq}: Part 1");

        // Part 2g from the answers used.
        let mut used: BTreeMap<String, BTreeSet<Response>> = BTreeMap::new();
        for ((id, _), k) in &expected {
            used.entry(id.split('.').next().unwrap_or("").to_string()).or_default().insert(*k);
        }
        for (p, states) in doc.summary_rows(columns) {
            let want: Vec<bool> = cols.iter().map(|k| used.get(&p).is_some_and(|u| u.contains(k))).collect();
            assert_eq!(states, want, "SAQ {saq}: Part 2g requirement {p}");
        }

        // Appendices B and C from the explanations; Part 2f and 3.
        let ccw = expected.iter().find(|(_, k)| **k == Response::InPlaceCcw).map(|((id, _), _)| id.clone());
        let ccw = ccw.expect("a CCW answer");
        for t in [format!("constraint of {ccw}"), format!("met for {ccw}"), format!("maintained {ccw}")] {
            assert!(texts.contains(&t), "SAQ {saq}: Appendix B holds {t}");
        }
        let na = expected.iter().find(|(_, k)| **k == Response::NotApplicable).map(|((id, _), _)| id.clone());
        assert!(texts.contains(&format!("reason for {}", na.expect("an N/A answer"))), "SAQ {saq}: Appendix C");
        assert!(texts.contains(&"Stripe Payments Europe".to_string()), "SAQ {saq}: Part 2f");
        let status: Vec<bool> = doc.status_rows().iter().map(|(on, _)| *on).collect();
        assert_eq!(status, vec![false, true, false], "SAQ {saq}: Part 3 says Non-Compliant");
        assert!(texts.contains(&"2027-03-31".to_string()), "SAQ {saq}: the Non-Compliant target date");
        let boxes = doc.statement_boxes();
        assert!(boxes.iter().all(|b| *b), "SAQ {saq}: every criterion and acknowledgement ticked: {boxes:?}");

        // The separate AOC fills from the same data; the bundle carries both forms with their hashes.
        let aoc_out = env.path("aoc.docx");
        desk.fill_form(
            FillFormRequest {
                assessment: id.clone(),
                form: Some(dir.join(aoc)),
                out: aoc_out.clone(),
                ..Default::default()
            },
            &who,
        )
        .unwrap_or_else(|e| panic!("SAQ {saq} AOC: {e}"));
        let aoc_doc = read_doc(&std::fs::read(&aoc_out).expect("aoc"));
        assert_eq!(&aoc_doc.texts()[..16], &part1.map(String::from)[..], "SAQ {saq}: AOC Part 1");

        let bundle = env.path("bundle.zip");
        desk.bundle(BundleRequest { assessment: id.clone(), saq: None, out: bundle.clone() }, &who).expect("bundle");
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle).expect("zip")).expect("zip");
        let manifest: serde_json::Value = {
            let mut s = String::new();
            zip.by_name("manifest.json").expect("manifest").read_to_string(&mut s).expect("read");
            serde_json::from_str(&s).expect("json")
        };
        let forms: Vec<&serde_json::Value> =
            manifest["files"].as_array().expect("files").iter().filter(|f| f["kind"] == "official-form").collect();
        assert_eq!(forms.len(), 2, "SAQ {saq}: the SAQ and the separate AOC in the bundle: {manifest}");
        let recorded = desk.filled_forms(&id, None).expect("filled forms");
        for f in forms {
            let path = f["path"].as_str().expect("path");
            assert!(path.starts_with("forms/Zoë Łódź Ærøskøbing GmbH-SAQ-"), "{path}");
            let mut bytes = Vec::new();
            zip.by_name(path).expect("entry").read_to_end(&mut bytes).expect("read");
            let sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
            assert_eq!(f["sha256"].as_str(), Some(sha.as_str()), "SAQ {saq}: {path} hash in the manifest");
            assert!(
                recorded.iter().any(|r| r.sha256 == sha && r.attested),
                "SAQ {saq}: the attestation's record holds the bundled form's hash"
            );
        }
    }

    #[test]
    fn fills_saq_a_from_an_assessment() {
        check("A", SAQ_A, "PCIDSSv401AOCforSAQAr1.docx", 4);
    }

    #[test]
    fn fills_saq_a_ep_from_an_assessment() {
        check("A-EP", SAQ_AEP, "PCIDSSv401AOCforSAQAEP.docx", 4);
    }

    #[test]
    fn fills_saq_c_from_an_assessment() {
        check("C", SAQ_C, "PCIDSSv401AOCforSAQC.docx", 4);
    }

    #[test]
    fn fills_saq_c_vt_from_an_assessment() {
        check("C-VT", SAQ_CVT, "PCIDSSv401AOCforSAQCVT.docx", 4);
    }

    #[test]
    fn fills_saq_d_from_an_assessment() {
        check("D", SAQ_D, "PCIDSSv401AOCforSAQDMerchant.docx", 5);
    }
}

/// The command line as an officer uses it: the blank given once, a draft filled with what is
/// missing listed, the PDF by LibreOffice, another SAQ's form refused with nothing written.
#[test]
fn cli_fills_a_draft_keeps_the_blank_and_refuses_another_saqs_form() {
    let Some(dir) = forms_dir() else { return };
    let env = crate::common::Env::new();
    let m = env.merchant("Zoë Łódź Ærøskøbing GmbH");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--saq", "A", "--year", "2026"]);
    env.ok(&["answer", &a, "2.2.2", "--response", "in-place"]);

    let wrong = env.path("wrong.docx");
    let err = env.fails(
        &[
            "form",
            "fill",
            &a,
            "--form",
            dir.join(SAQ_C).to_str().expect("utf8"),
            "--out",
            wrong.to_str().expect("utf8"),
        ],
        2,
    );
    assert!(err.contains("SAQ C") && err.contains("use the SAQ A form"), "{err}");
    assert!(!wrong.exists(), "nothing written for another SAQ's form");
    assert!(env.ok(&["form", "list"]).contains("no blank forms kept"), "another SAQ's form is not kept");

    let out = env.path("Zoë-SAQ-A.docx");
    let printed = env.ok(&[
        "form",
        "fill",
        &a,
        "--form",
        dir.join(SAQ_A).to_str().expect("utf8"),
        "--out",
        out.to_str().expect("utf8"),
        "--pdf",
    ]);
    assert!(printed.contains("draft: not attested yet"), "{printed}");
    assert!(printed.contains("missing: Part 3b executive officer name"), "{printed}");
    let pdf = out.with_extension("pdf");
    assert!(pdf.exists(), "the PDF beside the .docx: {printed}");
    let text = crate::common::pdf_text(&pdf);
    assert!(text.contains("Zoë Łódź Ærøskøbing GmbH"), "the merchant in the PDF LibreOffice drew");
    let doc = read_doc(&std::fs::read(&out).expect("filled"));
    let rows = doc.answer_rows(4);
    let first = rows.iter().find(|r| r.0 == "2.2.2").expect("2.2.2 row");
    assert_eq!(first.2, vec![true, false, false, false], "2.2.2 In Place");
    assert!(rows.iter().filter(|r| r.0 != "2.2.2").all(|r| r.2.iter().all(|b| !b)), "unanswered rows stay blank");

    // Next time the kept blank is used without naming it; the same data gives the same bytes.
    let listed = env.ok(&["form", "list"]);
    assert!(listed.contains("SAQ A v4.0.1 Revision 1 (SAQ and AOC)"), "{listed}");
    let again = env.path("again.docx");
    env.ok(&["form", "fill", &a, "--out", again.to_str().expect("utf8")]);
    assert_eq!(std::fs::read(&again).expect("again"), std::fs::read(&out).expect("first"), "reproducible");
    let err = env.fails(&["form", "fill", &a, "--aoc", "--out", env.path("aoc.docx").to_str().expect("utf8")], 2);
    assert!(err.contains("AOC"), "{err}");
}
