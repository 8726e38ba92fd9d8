//! Where each answer goes, found from the form's structure alone.
//!
//! Every form field is grouped with the others of its table row (or body paragraph) into a
//! *unit*, and a unit's shape is the list of its cells' fields: `["T"]` for a label and one text
//! field, `["C", "C", "C", "C"]` for a row of four check boxes, `["CCT"]` for one cell holding two
//! boxes and a text field. The SAQ and AOC forms lay their parts out in a fixed order of such
//! shapes, so the parts are read in that order here — Part 1 is sixteen one-text rows, Part 2a a
//! cell of three channel boxes, and so on — without reading a word of the form's text. A form
//! whose shapes do not follow that order is refused rather than guessed at.

use super::error::FormError;
use super::fields::{FieldKind, Index, Span};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy)]
pub(crate) struct YesNo {
    pub yes: usize,
    pub no: usize,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot {
    Field(usize),
    /// An empty cell without a form field: text goes into this paragraph.
    Empty(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct GridRow {
    pub row: usize,
    pub slots: Vec<Slot>,
}

/// A table of blank rows to write a list into (locations, products, providers, appendices…).
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone)]
pub(crate) struct AnswerRow {
    pub requirement: String,
    /// 1-based bullet number for a row answering one bullet of a requirement.
    pub bullet: Option<usize>,
    pub boxes: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Ccw {
    pub requirement: usize,
    /// Constraints, definition, objective, objective met, identified risk, validation, maintenance.
    pub fields: [usize; 7],
    /// From the requirement paragraph to the end of the worksheet table: what a second
    /// worksheet copies.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub(crate) struct Questionnaire {
    pub completion_date: usize,
    pub rows: Vec<AnswerRow>,
    pub ccw: Ccw,
    pub not_applicable: Grid,
    pub not_tested: Option<Grid>,
}

#[derive(Debug, Clone)]
pub(crate) struct AocSection2 {
    pub completion_date: usize,
    pub legal_exception: YesNo,
}

#[derive(Debug, Clone)]
pub(crate) struct Part3 {
    pub completion_date: usize,
    /// Full / Partial (SAQ D).
    pub extent: Option<[usize; 2]>,
    /// Compliant, Non-Compliant, Compliant but with Legal exception.
    pub status: [usize; 3],
    /// The merchant name in each of the three status statements.
    pub names: [usize; 3],
    pub target_date: usize,
    pub legal: Grid,
}

#[derive(Debug, Clone)]
pub(crate) struct Part4Row {
    pub principal: String,
    pub yes: usize,
    pub no: usize,
    pub text: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Part 1a (8 fields) then Part 1b (ISA names, then the QSA's 7 fields).
    pub part1: Vec<usize>,
    pub channels: [usize; 3],
    pub excluded: YesNo,
    pub excluded_text: usize,
    pub roles: Grid,
    pub environment: usize,
    pub segmentation: YesNo,
    pub locations: Grid,
    pub products_used: YesNo,
    pub products: Grid,
    pub tpsp: [YesNo; 3],
    pub providers: Grid,
    pub summary: Vec<(String, Vec<usize>)>,
    pub columns: usize,
    pub eligibility: Vec<usize>,
    pub questionnaire: Option<Questionnaire>,
    pub aoc_section2: Option<AocSection2>,
    pub part3: Part3,
    pub acknowledgements: [usize; 3],
    pub signatory_date: usize,
    pub signatory_name: usize,
    pub signatory_title: usize,
    /// Performed testing, other assistance, its description, lead QSA signature date, lead QSA
    /// name, officer signature date, officer name, QSA company.
    pub qsa: [usize; 8],
    /// Performed testing, other assistance, its description.
    pub isa: [usize; 3],
    pub part4: Vec<Part4Row>,
}

#[derive(Debug)]
struct Unit {
    row: Option<usize>,
    para: Option<usize>,
    pos: usize,
    /// Fields per cell (one entry for a body paragraph).
    cells: Vec<Vec<usize>>,
}

struct Cursor<'a> {
    idx: &'a Index,
    units: Vec<Unit>,
    at: usize,
}

fn letter(idx: &Index, f: usize) -> char {
    match idx.fields[f].kind {
        FieldKind::CheckBox { .. } => 'C',
        FieldKind::Text { .. } => 'T',
        FieldKind::Other => 'D',
    }
}

impl<'a> Cursor<'a> {
    fn sig(&self, u: &Unit) -> Vec<String> {
        u.cells.iter().filter(|c| !c.is_empty()).map(|c| c.iter().map(|&f| letter(self.idx, f)).collect()).collect()
    }

    fn peek_sig(&self, ahead: usize) -> Option<Vec<String>> {
        self.units.get(self.at + ahead).map(|u| self.sig(u))
    }

    fn describe(&self) -> String {
        match self.units.get(self.at) {
            Some(u) => {
                format!("found a {} shaped {:?}", if u.row.is_some() { "row" } else { "paragraph" }, self.sig(u))
            }
            None => "the form ends there".into(),
        }
    }

    fn fail(&self, part: &str, wanted: &str) -> FormError {
        FormError::Unrecognised(format!(
            "{part} is not laid out as in the PCI SSC forms (expected {wanted}; {})",
            self.describe()
        ))
    }

    /// Takes the next unit if its shape is `want`, returning its fields in order.
    fn take(&mut self, part: &str, want: &[&str]) -> Result<Vec<usize>, FormError> {
        match self.units.get(self.at) {
            Some(u) if self.sig(u) == want => {
                self.at += 1;
                Ok(u.cells.iter().flatten().copied().collect())
            }
            _ => Err(self.fail(part, &format!("{want:?}"))),
        }
    }

    fn next_is(&self, want: &[&str]) -> bool {
        self.peek_sig(0).is_some_and(|s| s == want)
    }

    /// A table of blank rows: the next unit must be a row of `cols` text cells; every later row of
    /// the same table with the same cells (blank, or one text field each) belongs to it too.
    fn grid(&mut self, part: &str, cols: usize) -> Result<Grid, FormError> {
        let want: Vec<&str> = vec!["T"; cols];
        let first = match self.units.get(self.at) {
            Some(u) if self.sig(u) == want && u.row.is_some() => u,
            _ => return Err(self.fail(part, &format!("a table row of {cols} text fields"))),
        };
        let idx = self.idx;
        let row0 = first.row.unwrap_or_default();
        let positions: Vec<usize> =
            first.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()).map(|(i, _)| i).collect();
        let ncells = idx.rows[row0].cells.len();
        let table = &idx.tables[idx.rows[row0].table];
        let mut rows = Vec::new();
        let by_row: HashMap<usize, &Unit> =
            self.units[self.at..].iter().filter_map(|u| u.row.map(|r| (r, u))).collect();
        for &r in table.rows.iter().skip_while(|&&r| r != row0) {
            if idx.rows[r].cells.len() != ncells {
                break;
            }
            let unit = by_row.get(&r);
            let mut slots = Vec::with_capacity(cols);
            let mut ok = true;
            for (ci, &cell) in idx.rows[r].cells.iter().enumerate() {
                let fields: &[usize] = unit.map(|u| u.cells[ci].as_slice()).unwrap_or(&[]);
                if positions.contains(&ci) {
                    match fields {
                        [f] if idx.fields[*f].is_text() => slots.push(Slot::Field(*f)),
                        [] if idx.cell_text(cell).is_empty() && idx.cells[cell].paras.len() == 1 => {
                            slots.push(Slot::Empty(idx.cells[cell].paras[0]))
                        }
                        _ => ok = false,
                    }
                } else if !fields.is_empty() {
                    ok = false;
                }
            }
            if !ok {
                break;
            }
            rows.push(GridRow { row: r, slots });
        }
        let taken: Vec<usize> = rows.iter().map(|g| g.row).collect();
        while self.units.get(self.at).and_then(|u| u.row).is_some_and(|r| taken.contains(&r)) {
            self.at += 1;
        }
        Ok(Grid { rows })
    }

    fn yes_no(&mut self, part: &str, want: &[&str]) -> Result<YesNo, FormError> {
        let f = self.take(part, want)?;
        Ok(YesNo { yes: f[0], no: f[1] })
    }
}

/// The principal requirement a Part 2g or Part 4 row is about, from its first cell: "2", "12" or
/// "A2", whatever words surround it.
pub(crate) fn principal_token(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| !(c.is_ascii_alphanumeric())).filter(|w| !w.is_empty()).collect();
    if let Some(w) =
        words.iter().find(|w| w.len() == 2 && w.starts_with('A') && w[1..].chars().all(|c| c.is_ascii_digit()))
    {
        return Some(w.to_string());
    }
    words.iter().find(|w| w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit())).map(|w| w.to_string())
}

/// A PCI DSS requirement ID such as "8.3.6" or "A2.1.1".
pub(crate) fn requirement_id(text: &str) -> Option<&str> {
    let t = text.trim_matches(super::fields::is_blank);
    let body = match t.strip_prefix('A') {
        Some(rest) => rest,
        None => t,
    };
    let parts: Vec<&str> = body.split('.').collect();
    let ok = parts.len() >= 2
        && parts.len() <= 5
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
    ok.then_some(t)
}

fn units(idx: &Index) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut by_row: HashMap<usize, usize> = HashMap::new();
    let mut by_para: HashMap<usize, usize> = HashMap::new();
    for (f, field) in idx.fields.iter().enumerate() {
        let para = field.para;
        match idx.para_row(para) {
            Some(row) => {
                let u = *by_row.entry(row).or_insert_with(|| {
                    units.push(Unit {
                        row: Some(row),
                        para: None,
                        pos: field.begin,
                        cells: vec![Vec::new(); idx.rows[row].cells.len()],
                    });
                    units.len() - 1
                });
                let cell = idx.paras[para].cell.unwrap_or_default();
                if let Some(ci) = idx.rows[row].cells.iter().position(|&c| c == cell) {
                    units[u].cells[ci].push(f);
                }
            }
            None => {
                let u = *by_para.entry(para).or_insert_with(|| {
                    units.push(Unit { row: None, para: Some(para), pos: field.begin, cells: vec![Vec::new()] });
                    units.len() - 1
                });
                units[u].cells[0].push(f);
            }
        }
    }
    units.sort_by_key(|u| u.pos);
    units
}

pub(crate) fn read(idx: &Index) -> Result<Layout, FormError> {
    let mut c = Cursor { idx, units: units(idx), at: 0 };
    if c.units.is_empty() {
        return Err(FormError::Unrecognised("the document has no form fields at all".into()));
    }
    let mut part1 = Vec::with_capacity(16);
    for i in 0..16 {
        let part = if i < 8 { "Part 1a" } else { "Part 1b" };
        part1.extend(c.take(part, &["T"])?);
    }
    let ch = c.take("Part 2a", &["CCC"])?;
    let ex = c.take("Part 2a", &["CCT"])?;
    let roles = c.grid("Part 2b", 2)?;
    let environment = c.take("Part 2c", &["T"])?[0];
    let segmentation = c.yes_no("Part 2c", &["CC"])?;
    let locations = c.grid("Part 2d", 3)?;
    let products_used = c.yes_no("Part 2e", &["CC"])?;
    let products = c.grid("Part 2e", 5)?;
    let tpsp = [c.yes_no("Part 2f", &["CC"])?, c.yes_no("Part 2f", &["CC"])?, c.yes_no("Part 2f", &["CC"])?];
    let providers = c.grid("Part 2f", 2)?;

    let mut summary = Vec::new();
    let mut columns = 0;
    while let Some(u) = c.units.get(c.at) {
        let sig = c.sig(u);
        let row = match u.row {
            Some(r) if (sig.len() == 4 || sig.len() == 5) && sig.iter().all(|s| s == "C") && u.cells[0].is_empty() => r,
            _ => break,
        };
        let label = idx.row_text(row, 0);
        let Some(p) = principal_token(label) else { break };
        if columns != 0 && columns != sig.len() {
            return Err(c.fail("Part 2g", "the same number of response columns in every row"));
        }
        columns = sig.len();
        summary.push((p, u.cells.iter().flatten().copied().collect()));
        c.at += 1;
    }
    if summary.is_empty() {
        return Err(c.fail("Part 2g", "rows of one principal requirement and four or five response boxes"));
    }
    let mut eligibility = Vec::new();
    while let Some(u) = c.units.get(c.at) {
        if c.sig(u) == ["C"] && u.row.is_some() && u.cells[0].len() == 1 && u.cells.len() >= 2 {
            eligibility.push(u.cells[0][0]);
            c.at += 1;
        } else {
            break;
        }
    }

    let (questionnaire, aoc_section2) = if c.next_is(&["T"]) && c.peek_sig(1).is_some_and(|s| s == ["CC"]) {
        let completion_date = c.take("Section 2", &["T"])?[0];
        let legal_exception = c.yes_no("Section 2", &["CC"])?;
        (None, Some(AocSection2 { completion_date, legal_exception }))
    } else {
        (Some(questionnaire(&mut c, columns)?), None)
    };

    let completion_date = c.take("Part 3", &["T"])?[0];
    let extent = if c.next_is(&["C"]) && c.peek_sig(1).is_some_and(|s| s == ["C"]) {
        Some([c.take("Part 3", &["C"])?[0], c.take("Part 3", &["C"])?[0]])
    } else {
        None
    };
    let compliant = c.take("Part 3", &["C", "T"])?;
    let non_compliant = c.take("Part 3", &["C", "TT"])?;
    let legal = c.take("Part 3", &["C", "T"])?;
    let legal_grid = c.grid("Part 3 (legal exceptions)", 2)?;
    let part3 = Part3 {
        completion_date,
        extent,
        status: [compliant[0], non_compliant[0], legal[0]],
        names: [compliant[1], non_compliant[1], legal[1]],
        target_date: non_compliant[2],
        legal: legal_grid,
    };
    let acknowledgements =
        [c.take("Part 3a", &["C"])?[0], c.take("Part 3a", &["C"])?[0], c.take("Part 3a", &["C"])?[0]];
    let signatory_date = c.take("Part 3b", &["T"])?[0];
    let names = c.take("Part 3b", &["T", "T"])?;
    let q1 = c.take("Part 3c", &["C"])?;
    let q2 = c.take("Part 3c", &["CT"])?;
    let q3 = c.take("Part 3c", &["T"])?;
    let q4 = c.take("Part 3c", &["T"])?;
    let q5 = c.take("Part 3c", &["T"])?;
    let q6 = c.take("Part 3c", &["T", "T"])?;
    let qsa = [q1[0], q2[0], q2[1], q3[0], q4[0], q5[0], q6[0], q6[1]];
    let i1 = c.take("Part 3d", &["C"])?;
    let i2 = c.take("Part 3d", &["CT"])?;
    let isa = [i1[0], i2[0], i2[1]];
    let mut part4 = Vec::new();
    while let Some(u) = c.units.get(c.at) {
        let row = match u.row {
            Some(r) if c.sig(u) == ["C", "C", "T"] && u.cells[0].is_empty() => r,
            _ => break,
        };
        let Some(p) = principal_token(idx.row_text(row, 0)) else { break };
        let f: Vec<usize> = u.cells.iter().flatten().copied().collect();
        part4.push(Part4Row { principal: p, yes: f[0], no: f[1], text: f[2] });
        c.at += 1;
    }
    if part4.is_empty() {
        return Err(c.fail("Part 4", "rows of one principal requirement, YES and NO boxes and a text field"));
    }
    if c.at < c.units.len() {
        return Err(c.fail("the end of the form", "nothing after Part 4"));
    }
    Ok(Layout {
        part1,
        channels: [ch[0], ch[1], ch[2]],
        excluded: YesNo { yes: ex[0], no: ex[1] },
        excluded_text: ex[2],
        roles,
        environment,
        segmentation,
        locations,
        products_used,
        products,
        tpsp,
        providers,
        summary,
        columns,
        eligibility,
        questionnaire,
        aoc_section2,
        part3,
        acknowledgements,
        signatory_date,
        signatory_name: names[0],
        signatory_title: names[1],
        qsa,
        isa,
        part4,
    })
}

/// Section 2 and its appendices. The answer rows are read from every table row between the
/// completion date and the first worksheet, not only from rows with fields, because a
/// requirement answered per bullet has its ID on a row without boxes.
fn questionnaire(c: &mut Cursor<'_>, columns: usize) -> Result<Questionnaire, FormError> {
    let idx = c.idx;
    let completion_date = c.take("Section 2", &["T"])?[0];
    let from = idx.fields[completion_date].begin;
    let ccw_at = c.units[c.at..]
        .iter()
        .position(|u| u.para.is_some())
        .map(|i| c.at + i)
        .ok_or_else(|| c.fail("Appendix B", "a requirement paragraph with a text field"))?;
    let until = c.units[ccw_at].pos;

    let mut rows = Vec::new();
    let mut header: Option<String> = None;
    let mut bullet = 0;
    for (r, row) in idx.rows.iter().enumerate() {
        if row.span.0 <= from || row.span.0 >= until {
            continue;
        }
        let per_cell: Vec<Vec<usize>> = row
            .cells
            .iter()
            .map(|&cell| {
                idx.cells[cell]
                    .paras
                    .iter()
                    .flat_map(|&p| idx.paras[p].fields.iter().copied())
                    .filter(|&f| idx.para_row(idx.fields[f].para) == Some(r))
                    .collect()
            })
            .collect();
        let first = idx.row_text(r, 0);
        let id = requirement_id(first);
        if let Some(id) = id {
            if header.as_deref() != Some(id) {
                header = Some(id.to_string());
                bullet = 0;
            }
        }
        let nfields: usize = per_cell.iter().map(Vec::len).sum();
        if nfields == 0 {
            continue;
        }
        let n = per_cell.len();
        let boxes_ok = n > columns
            && per_cell[n - columns..].iter().all(|c| c.len() == 1 && idx.fields[c[0]].is_checkbox())
            && per_cell[..n - columns].iter().all(Vec::is_empty);
        let near = header.as_deref().unwrap_or("the start of Section 2");
        if !boxes_ok {
            return Err(FormError::Unrecognised(format!(
                "Section 2 has a row near {near} whose fields are not {columns} response boxes"
            )));
        }
        let boxes: Vec<usize> = per_cell[n - columns..].iter().map(|c| c[0]).collect();
        match (id, header.as_deref()) {
            (Some(id), _) => rows.push(AnswerRow { requirement: id.to_string(), bullet: None, boxes }),
            (None, Some(h)) if first.is_empty() || continues(first, h) => {
                bullet += 1;
                rows.push(AnswerRow { requirement: h.to_string(), bullet: Some(bullet), boxes });
            }
            _ => {
                return Err(FormError::Unrecognised(format!(
                    "Section 2 has response boxes near {near} on a row that names no requirement"
                )))
            }
        }
    }
    c.at = ccw_at;
    let requirement = c.take("Appendix B", &["T"])?[0];
    let mut fields = [0; 7];
    for f in fields.iter_mut() {
        *f = c.take("Appendix B", &["T"])?[0];
    }
    let table = idx.para_row(idx.fields[fields[6]].para).map(|r| idx.rows[r].table);
    let end = table.map(|t| idx.tables[t].span.1).unwrap_or_default();
    let start = idx.paras[idx.fields[requirement].para].span.0;
    let not_applicable = c.grid("Appendix C", 2)?;
    let not_tested = if columns == 5 { Some(c.grid("Appendix D", 3)?) } else { None };
    if rows.is_empty() {
        return Err(FormError::Unrecognised("Section 2 has no requirement rows with response boxes".into()));
    }
    Ok(Questionnaire {
        completion_date,
        rows,
        ccw: Ccw { requirement, fields, span: (start, end) },
        not_applicable,
        not_tested,
    })
}

/// "6.2.4 (cont.)": a row that carries on the requirement above it after a page break.
fn continues(text: &str, header: &str) -> bool {
    text.strip_prefix(header).is_some_and(|rest| rest.chars().next().is_some_and(|c| !c.is_ascii_digit() && c != '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_ids_and_principals_are_read_from_digits_alone() {
        assert_eq!(requirement_id(" 12.5.2\u{a0}"), Some("12.5.2"));
        assert_eq!(requirement_id("A2.1.1"), Some("A2.1.1"));
        for not in ["12", "12.5.2 (cont.)", "Requirement 3.5.1", "1..2", "123.4", ""] {
            assert_eq!(requirement_id(not), None, "{not}");
        }
        assert_eq!(principal_token("Requirement 12:").as_deref(), Some("12"));
        assert_eq!(principal_token("Requisito 3:").as_deref(), Some("3"));
        assert_eq!(principal_token("Appendix A2:").as_deref(), Some("A2"));
        assert_eq!(principal_token("Anhang A2").as_deref(), Some("A2"));
        assert_eq!(principal_token("Requirement"), None);
        assert!(continues("6.2.4 (cont.)", "6.2.4"));
        assert!(continues("12.5.2(cont.)", "12.5.2"));
        assert!(!continues("6.2.4.1", "6.2.4"));
        assert!(!continues("6.2.41", "6.2.4"));
    }
}
