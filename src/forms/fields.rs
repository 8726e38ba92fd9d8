//! One streaming pass over `word/document.xml` that records where everything the filler needs
//! is, as byte spans into the original text: tables, rows, cells, paragraphs and the legacy form
//! fields (FORMCHECKBOX, FORMTEXT) with their states. Nothing is rebuilt from this index; the
//! writer splices new bytes into the original at these spans, so everything else stays as Word
//! wrote it.

use super::error::FormError;
use super::xml::resolve_ref;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::HashSet;

/// A byte range `[start, end)` in the scanned text.
pub(crate) type Span = (usize, usize);

#[derive(Debug, Default)]
pub(crate) struct Index {
    pub tables: Vec<Table>,
    pub rows: Vec<Row>,
    pub cells: Vec<Cell>,
    pub paras: Vec<Para>,
    pub fields: Vec<Field>,
    pub max_bookmark_id: i64,
    pub para_ids: HashSet<u32>,
    /// Form field and bookmark names in use, so that names given to added rows never collide.
    pub names: HashSet<String>,
    /// The root element's name (`w:document` for a document).
    pub root: String,
    /// The namespace the root binds to the `w` prefix.
    pub w_namespace: String,
}

#[derive(Debug)]
pub(crate) struct Table {
    pub span: Span,
    pub parent_cell: Option<usize>,
    pub rows: Vec<usize>,
}

#[derive(Debug)]
pub(crate) struct Row {
    pub span: Span,
    pub table: usize,
    pub cells: Vec<usize>,
    /// False when the row holds something whose ids cannot simply be renumbered in a copy
    /// (drawings, tracked changes, comments, nested tables…).
    pub clonable: bool,
}

#[derive(Debug)]
pub(crate) struct Cell {
    pub span: Span,
    pub row: usize,
    pub paras: Vec<usize>,
}

#[derive(Debug)]
pub(crate) struct Para {
    pub span: Span,
    pub cell: Option<usize>,
    /// Visible text, without form-field results.
    pub text: String,
    pub fields: Vec<usize>,
    /// The paragraph mark's run properties (`w:pPr/w:rPr`).
    pub mark_rpr: Option<Span>,
    /// Where `</w:p>` starts; `None` for an empty-element `<w:p/>`.
    pub close_tag: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Field {
    pub para: usize,
    pub begin: usize,
    pub name: String,
    pub kind: FieldKind,
    /// Why the field's result cannot be rewritten safely, if it cannot.
    pub problem: Option<String>,
}

#[derive(Debug)]
pub(crate) enum FieldKind {
    CheckBox {
        /// The `w:checkBox` element.
        span: Span,
        default: bool,
        checked: Option<bool>,
    },
    Text {
        /// Between the end of the `separate` run and the start of the `end` run.
        result: Span,
        /// Run properties to give the new result: the first result run's, else the separator's.
        rpr: Option<Span>,
        has_separate: bool,
        /// Bookmark boundaries inside the old result, kept in the new one.
        keep: Vec<Span>,
        default: String,
        value: String,
    },
    /// A drop-down or anything else that is not a check box or a text input.
    Other,
}

impl Field {
    pub fn is_checkbox(&self) -> bool {
        matches!(self.kind, FieldKind::CheckBox { .. })
    }

    pub fn is_text(&self) -> bool {
        matches!(self.kind, FieldKind::Text { .. })
    }
}

impl Index {
    pub fn row_text(&self, row: usize, cell: usize) -> &str {
        self.rows[row].cells.get(cell).map(|&c| self.cell_text(c)).unwrap_or("")
    }

    /// A cell's own text (paragraphs of nested tables excluded), trimmed.
    pub fn cell_text(&self, cell: usize) -> &str {
        match self.cells[cell].paras.as_slice() {
            [] => "",
            [p] => self.paras[*p].text.trim_matches(is_blank),
            // Cells the filler reads by text (IDs, principal numbers) have one paragraph; for
            // the rest the first non-empty one is enough to tell an empty cell from a label.
            ps => ps.iter().map(|&p| self.paras[p].text.trim_matches(is_blank)).find(|t| !t.is_empty()).unwrap_or(""),
        }
    }

    /// The innermost row a paragraph is in.
    pub fn para_row(&self, para: usize) -> Option<usize> {
        self.paras[para].cell.map(|c| self.cells[c].row)
    }
}

pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{2002}' || c == '\u{2003}'
}

struct RunState {
    start: usize,
    para: Option<usize>,
    rpr: Option<Span>,
    rpr_start: usize,
    fld: Option<&'static str>,
    content: bool,
}

#[derive(PartialEq)]
enum Stage {
    Code,
    Result,
}

struct OpenField {
    /// Index into `Index::fields` for a form field; `None` for any other field (PAGE, TOC…).
    id: Option<usize>,
    stage: Stage,
    code: String,
    sep_para: Option<usize>,
    sep_rpr: Option<Span>,
    result_start: usize,
    first_rpr: Option<Option<Span>>,
    keep: Vec<Span>,
    value: String,
    nested: bool,
}

#[derive(Default)]
struct FfData {
    name: String,
    kind: u8, // 0 none, 1 check box, 2 text, 3 other
    cb_span: (usize, usize),
    cb_default: bool,
    cb_checked: Option<bool>,
    text_default: String,
}

#[derive(Clone, Copy, PartialEq)]
enum El {
    Tbl,
    Tr,
    Tc,
    P,
    PPr,
    R,
    RPr,
    T,
    Instr,
    FldChar,
    FfData,
    CheckBox,
    TextInput,
    Other,
}

struct Scan<'a> {
    src: &'a [u8],
    idx: Index,
    stack: Vec<El>,
    tbl: Vec<usize>,
    row: Vec<usize>,
    cell: Vec<usize>,
    para: Vec<usize>,
    run: Vec<RunState>,
    fields: Vec<OpenField>,
    ff: Option<FfData>,
    fld_type: Option<&'static str>,
    mark_rpr_start: usize,
}

/// Scans a whole document.
pub(crate) fn scan(src: &[u8]) -> Result<Index, FormError> {
    scan_with(src, false)
}

/// Scans a fragment of a document: copied table rows (which then sit in an implicit table), or a
/// paragraph and a table. A fragment need not have a single root.
pub(crate) fn scan_fragment(src: &[u8]) -> Result<Index, FormError> {
    scan_with(src, true)
}

fn scan_with(src: &[u8], fragment: bool) -> Result<Index, FormError> {
    let mut s = Scan {
        src,
        idx: Index { max_bookmark_id: -1, ..Default::default() },
        stack: Vec::with_capacity(32),
        tbl: Vec::new(),
        row: Vec::new(),
        cell: Vec::new(),
        para: Vec::new(),
        run: Vec::new(),
        fields: Vec::new(),
        ff: None,
        fld_type: None,
        mark_rpr_start: 0,
    };
    if fragment {
        s.idx.tables.push(Table { span: (0, src.len()), parent_cell: None, rows: vec![] });
        s.tbl.push(0);
    }
    s.run_all().map_err(|e| FormError::xml(super::package::DOCUMENT, e))?;
    Ok(s.idx)
}

fn local(name: &str) -> El {
    match name {
        "w:tbl" => El::Tbl,
        "w:tr" => El::Tr,
        "w:tc" => El::Tc,
        "w:p" => El::P,
        "w:pPr" => El::PPr,
        "w:r" => El::R,
        "w:rPr" => El::RPr,
        "w:t" => El::T,
        "w:instrText" => El::Instr,
        "w:fldChar" => El::FldChar,
        "w:ffData" => El::FfData,
        "w:checkBox" => El::CheckBox,
        "w:textInput" => El::TextInput,
        _ => El::Other,
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        if a.key.as_ref() == key {
            return Ok(Some(a.normalized_value(XmlVersion::Implicit1_0).map_err(|e| e.to_string())?.into_owned()));
        }
    }
    Ok(None)
}

fn on_off(v: Option<String>) -> bool {
    !matches!(v.as_deref(), Some("0") | Some("false") | Some("off"))
}

/// Elements whose ids or relationships a copied row would duplicate.
const UNCLONABLE: &[&str] = &[
    "w:drawing",
    "w:pict",
    "w:object",
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:commentRangeStart",
    "w:commentReference",
    "w:footnoteReference",
    "w:endnoteReference",
    "w:sdt",
    "mc:AlternateContent",
];

impl<'a> Scan<'a> {
    fn run_all(&mut self) -> Result<(), String> {
        let mut r = Reader::from_reader(self.src);
        r.config_mut().check_end_names = true;
        r.config_mut().trim_text(false);
        loop {
            let start = r.buffer_position() as usize;
            let ev = r.read_event().map_err(|e| format!("{e} at byte {}", r.error_position()))?;
            let end = r.buffer_position() as usize;
            match ev {
                Event::Start(e) => {
                    let el = self.open(&e, start, end, false)?;
                    self.stack.push(el);
                }
                Event::Empty(e) => {
                    let el = self.open(&e, start, end, true)?;
                    self.close_el(el, start, end)?;
                }
                Event::End(_) => {
                    let el = self.stack.pop().ok_or("a closing tag without its opening tag")?;
                    self.close_el(el, start, end)?;
                }
                Event::Text(t) => {
                    let text = t.xml10_content();
                    self.text(&text);
                }
                Event::GeneralRef(g) => {
                    let c = resolve_ref(&g)?;
                    self.text(c.encode_utf8(&mut [0; 4]));
                }
                Event::CData(c) => {
                    let text = c.to_string();
                    self.text(&text);
                }
                Event::DocType(_) => return Err("a DOCTYPE declaration".into()),
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        if !enc.eq_ignore_ascii_case("utf-8") && !enc.eq_ignore_ascii_case("utf8") {
                            return Err(format!("encoding {enc} (Word writes UTF-8)"));
                        }
                    }
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => break,
            }
        }
        if !self.stack.is_empty() {
            return Err("the document ends inside an element".into());
        }
        for f in self.fields.drain(..) {
            if let Some(id) = f.id {
                self.idx.fields[id].problem = Some("the field never ends".into());
            }
        }
        Ok(())
    }

    fn text(&mut self, t: &str) {
        if self.stack.last() == Some(&El::Instr) {
            if let Some(f) = self.fields.last_mut() {
                f.code.push_str(t);
            }
            return;
        }
        if self.stack.last() != Some(&El::T) {
            return;
        }
        if let Some(r) = self.run.last_mut() {
            r.content = true;
        }
        match self.fields.last_mut() {
            Some(f) if f.stage == Stage::Result && f.id.is_some() => f.value.push_str(t),
            _ => {
                if let Some(&p) = self.para.last() {
                    self.idx.paras[p].text.push_str(t);
                }
            }
        }
    }

    fn para_char(&mut self, c: char) {
        match self.fields.last_mut() {
            Some(f) if f.stage == Stage::Result && f.id.is_some() => f.value.push(c),
            _ => {
                if let Some(&p) = self.para.last() {
                    self.idx.paras[p].text.push(c);
                }
            }
        }
    }

    fn open(&mut self, e: &BytesStart<'_>, start: usize, end: usize, empty: bool) -> Result<El, String> {
        let name = e.name();
        let el = local(name.as_ref());
        let parent = self.stack.last().copied();
        if parent.is_none() && self.idx.root.is_empty() {
            self.idx.root = name.as_ref().to_string();
            self.idx.w_namespace = attr(e, "xmlns:w")?.unwrap_or_default();
        }
        if UNCLONABLE.contains(&name.as_ref()) {
            for &r in &self.row {
                self.idx.rows[r].clonable = false;
            }
        }
        match el {
            El::Tbl => {
                for &r in &self.row {
                    self.idx.rows[r].clonable = false;
                }
                self.idx.tables.push(Table {
                    span: (start, end),
                    parent_cell: self.cell.last().copied(),
                    rows: vec![],
                });
                self.tbl.push(self.idx.tables.len() - 1);
            }
            El::Tr => {
                let table = *self.tbl.last().ok_or("a table row outside a table")?;
                self.idx.rows.push(Row { span: (start, end), table, cells: vec![], clonable: true });
                let id = self.idx.rows.len() - 1;
                self.idx.tables[table].rows.push(id);
                self.row.push(id);
                self.note_para_id(e)?;
            }
            El::Tc => {
                let row = *self.row.last().ok_or("a table cell outside a row")?;
                self.idx.cells.push(Cell { span: (start, end), row, paras: vec![] });
                let id = self.idx.cells.len() - 1;
                self.idx.rows[row].cells.push(id);
                self.cell.push(id);
            }
            El::P => {
                let cell = self.cell.last().copied();
                self.idx.paras.push(Para {
                    span: (start, end),
                    cell,
                    text: String::new(),
                    fields: vec![],
                    mark_rpr: None,
                    close_tag: None,
                });
                let id = self.idx.paras.len() - 1;
                if let Some(c) = cell {
                    self.idx.cells[c].paras.push(id);
                }
                self.para.push(id);
                self.note_para_id(e)?;
            }
            El::R => self.run.push(RunState {
                start,
                para: self.para.last().copied(),
                rpr: None,
                rpr_start: 0,
                fld: None,
                content: false,
            }),
            El::RPr => {
                if parent == Some(El::R) {
                    if let Some(r) = self.run.last_mut() {
                        r.rpr_start = start;
                        if empty {
                            r.rpr = Some((start, end));
                        }
                    }
                } else if parent == Some(El::PPr) {
                    self.mark_rpr_start = start;
                    if empty {
                        self.set_mark_rpr((start, end));
                    }
                }
            }
            El::FldChar => {
                let t = match attr(e, "w:fldCharType")?.as_deref() {
                    Some("begin") => "begin",
                    Some("separate") => "separate",
                    Some("end") => "end",
                    _ => "other",
                };
                if let Some(r) = self.run.last_mut() {
                    if r.fld.is_some() {
                        r.content = true;
                    }
                    r.fld = Some(t);
                }
                self.fld_type = Some(t);
                if t == "begin" {
                    self.ff = None;
                }
            }
            El::FfData => {
                if parent == Some(El::FldChar) {
                    self.ff = Some(FfData::default());
                }
            }
            El::CheckBox => {
                if let Some(ff) = self.ff.as_mut() {
                    ff.kind = 1;
                    ff.cb_span = (start, end);
                }
            }
            El::TextInput => {
                if let Some(ff) = self.ff.as_mut() {
                    ff.kind = 2;
                }
            }
            El::Other => self.open_other(e, name.as_ref(), parent, start, end)?,
            El::PPr | El::T | El::Instr => {}
        }
        Ok(el)
    }

    fn open_other(
        &mut self,
        e: &BytesStart<'_>,
        name: &str,
        parent: Option<El>,
        start: usize,
        end: usize,
    ) -> Result<(), String> {
        match (name, parent) {
            ("w:name", Some(El::FfData)) => {
                if let (Some(ff), Some(v)) = (self.ff.as_mut(), attr(e, "w:val")?) {
                    self.idx.names.insert(v.clone());
                    ff.name = v;
                }
            }
            ("w:ddList", Some(El::FfData)) => {
                if let Some(ff) = self.ff.as_mut() {
                    ff.kind = 3;
                }
            }
            ("w:default", Some(El::CheckBox)) => {
                if let Some(ff) = self.ff.as_mut() {
                    ff.cb_default = on_off(attr(e, "w:val")?);
                }
            }
            ("w:checked", Some(El::CheckBox)) => {
                if let Some(ff) = self.ff.as_mut() {
                    ff.cb_checked = Some(on_off(attr(e, "w:val")?));
                }
            }
            ("w:default", Some(El::TextInput)) => {
                if let (Some(ff), Some(v)) = (self.ff.as_mut(), attr(e, "w:val")?) {
                    ff.text_default = v;
                }
            }
            ("w:tab", Some(El::R)) => self.para_char('\t'),
            ("w:br", Some(El::R)) | ("w:cr", Some(El::R)) => self.para_char('\n'),
            ("w:noBreakHyphen", Some(El::R)) => self.para_char('-'),
            ("w:bookmarkStart", _) | ("w:bookmarkEnd", _) => {
                if let Some(id) = attr(e, "w:id")? {
                    if let Ok(n) = id.parse::<i64>() {
                        self.idx.max_bookmark_id = self.idx.max_bookmark_id.max(n);
                    }
                }
                if let Some(n) = attr(e, "w:name")? {
                    self.idx.names.insert(n);
                }
                if let Some(f) = self.fields.last_mut() {
                    if f.stage == Stage::Result && f.id.is_some() {
                        f.keep.push((start, end));
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Paragraphs and table rows share one space of `w14:paraId`s.
    fn note_para_id(&mut self, e: &BytesStart<'_>) -> Result<(), String> {
        if let Some(v) = attr(e, "w14:paraId")? {
            if let Ok(n) = u32::from_str_radix(&v, 16) {
                self.idx.para_ids.insert(n);
            }
        }
        Ok(())
    }

    fn set_mark_rpr(&mut self, span: Span) {
        if let Some(&p) = self.para.last() {
            self.idx.paras[p].mark_rpr = Some(span);
        }
    }

    fn close_el(&mut self, el: El, start: usize, end: usize) -> Result<(), String> {
        match el {
            El::Tbl => {
                let t = self.tbl.pop().ok_or("table")?;
                self.idx.tables[t].span.1 = end;
            }
            El::Tr => {
                let r = self.row.pop().ok_or("row")?;
                self.idx.rows[r].span.1 = end;
            }
            El::Tc => {
                let c = self.cell.pop().ok_or("cell")?;
                self.idx.cells[c].span.1 = end;
            }
            El::P => {
                let p = self.para.pop().ok_or("paragraph")?;
                let para = &mut self.idx.paras[p];
                para.span.1 = end;
                if end > para.span.0 && self.src.get(start..start + 2) == Some(b"</") {
                    para.close_tag = Some(start);
                }
            }
            El::RPr => {
                let parent = self.stack.last().copied();
                if parent == Some(El::R) {
                    if let Some(r) = self.run.last_mut() {
                        r.rpr = Some((r.rpr_start, end));
                    }
                } else if parent == Some(El::PPr) {
                    self.set_mark_rpr((self.mark_rpr_start, end));
                }
            }
            El::R => {
                let r = self.run.pop().ok_or("run")?;
                self.end_run(r, start, end)?;
            }
            El::CheckBox => {
                if let Some(ff) = self.ff.as_mut() {
                    ff.cb_span.1 = end;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end_run(&mut self, r: RunState, _start: usize, end: usize) -> Result<(), String> {
        let Some(kind) = r.fld else {
            if let Some(f) = self.fields.last_mut() {
                if f.stage == Stage::Result && f.first_rpr.is_none() {
                    f.first_rpr = Some(r.rpr);
                }
            }
            return Ok(());
        };
        let mixed = r.content;
        match kind {
            "begin" => {
                if let Some(f) = self.fields.last_mut() {
                    if f.stage == Stage::Result {
                        f.nested = true;
                    }
                }
                let ff = self.ff.take().filter(|ff| ff.kind != 0);
                let id = match (ff, r.para) {
                    (Some(ff), Some(para)) => {
                        let kind = match ff.kind {
                            1 => {
                                FieldKind::CheckBox { span: ff.cb_span, default: ff.cb_default, checked: ff.cb_checked }
                            }
                            2 => FieldKind::Text {
                                result: (end, end),
                                rpr: None,
                                has_separate: false,
                                keep: vec![],
                                default: ff.text_default,
                                value: String::new(),
                            },
                            _ => FieldKind::Other,
                        };
                        self.idx.fields.push(Field {
                            para,
                            begin: r.start,
                            name: ff.name,
                            kind,
                            problem: mixed.then(|| "field markers share a run with text".to_string()),
                        });
                        let id = self.idx.fields.len() - 1;
                        self.idx.paras[para].fields.push(id);
                        Some(id)
                    }
                    _ => None,
                };
                self.fields.push(OpenField {
                    id,
                    stage: Stage::Code,
                    code: String::new(),
                    sep_para: None,
                    sep_rpr: None,
                    result_start: end,
                    first_rpr: None,
                    keep: vec![],
                    value: String::new(),
                    nested: false,
                });
            }
            "separate" => {
                if let Some(f) = self.fields.last_mut() {
                    f.stage = Stage::Result;
                    f.result_start = end;
                    f.sep_para = r.para;
                    f.sep_rpr = r.rpr;
                    if mixed {
                        f.nested = true;
                    }
                }
            }
            "end" => {
                let f = self.fields.pop().ok_or("a field end without its beginning")?;
                if let Some(outer) = self.fields.last_mut() {
                    if outer.stage == Stage::Result {
                        outer.nested = true;
                    }
                }
                if let Some(id) = f.id {
                    self.finish_field(id, f, r, mixed);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish_field(&mut self, id: usize, f: OpenField, end_run: RunState, mixed: bool) {
        let field = &mut self.idx.fields[id];
        let code = f.code.trim().to_ascii_uppercase();
        let expected = match field.kind {
            FieldKind::CheckBox { .. } => "FORMCHECKBOX",
            FieldKind::Text { .. } => "FORMTEXT",
            FieldKind::Other => "",
        };
        if !expected.is_empty() && !code.starts_with(expected) {
            field.problem = Some(format!("its code is {code:?}, not {expected}"));
        }
        if mixed {
            field.problem = Some("field markers share a run with text".into());
        }
        if let FieldKind::Text { result, rpr, has_separate, keep, value, .. } = &mut field.kind {
            let separated = f.stage == Stage::Result;
            *has_separate = separated;
            *result = if separated { (f.result_start, end_run.start) } else { (end_run.start, end_run.start) };
            *rpr = match f.first_rpr {
                Some(first) => first.or(f.sep_rpr),
                None => f.sep_rpr,
            };
            *keep = f.keep;
            *value = f.value;
            if f.nested {
                field.problem = Some("another field sits inside its result".into());
            } else if separated && (f.sep_para != end_run.para || end_run.para != Some(field.para)) {
                field.problem = Some("its result runs over more than one paragraph".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_field(result: &str) -> String {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"T\"/><w:textInput><w:default \
             w:val=\"d\"/></w:textInput></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMTEXT </w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{result}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    }

    #[test]
    fn finds_fields_their_results_and_what_is_around_them() {
        let result = "<w:r><w:rPr><w:b/></w:rPr><w:t>old</w:t></w:r><w:bookmarkEnd w:id=\"4\"/>";
        let src = format!(
            "<w:document><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>4.2.1</w:t></w:r></w:p></w:tc><w:tc><w:p>\
             <w:pPr><w:rPr><w:i/></w:rPr></w:pPr><w:r><w:t xml:space=\"preserve\">Date: </w:t></w:r>{}</w:p></w:tc>\
             </w:tr></w:tbl><w:p/></w:body></w:document>",
            text_field(result)
        );
        let idx = scan(src.as_bytes()).expect("scan");
        assert_eq!(idx.root, "w:document");
        assert_eq!((idx.tables.len(), idx.rows.len(), idx.cells.len(), idx.paras.len()), (1, 1, 2, 3));
        assert_eq!(idx.row_text(0, 0), "4.2.1");
        assert_eq!(idx.row_text(0, 1), "Date:", "a field's result is not the cell's text");
        assert_eq!(idx.max_bookmark_id, 4);
        let f = &idx.fields[0];
        assert!(f.problem.is_none());
        let FieldKind::Text { result: span, rpr, keep, default, value, has_separate } = &f.kind else { panic!("text") };
        assert_eq!(&src[span.0..span.1], result);
        assert_eq!(&src[rpr.expect("rpr").0..rpr.expect("rpr").1], "<w:rPr><w:b/></w:rPr>");
        assert_eq!(keep.iter().map(|&(s, e)| &src[s..e]).collect::<Vec<_>>(), ["<w:bookmarkEnd w:id=\"4\"/>"]);
        assert_eq!((default.as_str(), value.as_str(), *has_separate), ("d", "old", true));
        let p = &idx.paras[f.para];
        assert_eq!(&src[p.mark_rpr.expect("mark").0..p.mark_rpr.expect("mark").1], "<w:rPr><w:i/></w:rPr>");
        assert!(src[p.close_tag.expect("close")..].starts_with("</w:p>"));
        assert_eq!(idx.paras[2].close_tag, None, "an empty <w:p/>");
    }

    #[test]
    fn a_result_that_cannot_be_rewritten_safely_is_flagged() {
        let split = text_field("<w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r>");
        let idx =
            scan(format!("<w:document><w:body><w:p>{split}</w:p></w:body></w:document>").as_bytes()).expect("scan");
        assert!(idx.fields[0].problem.as_deref().is_some_and(|p| p.contains("more than one paragraph")));
        let mixed = "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"T\"/><w:textInput/>\
                     </w:ffData></w:fldChar><w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>";
        let idx = scan(mixed.as_bytes()).expect("scan");
        assert!(idx.fields[0].problem.is_some());
        assert!(scan(b"<w:document><w:body><w:p></w:body></w:document>").is_err());
        assert!(scan(b"<!DOCTYPE x><w:document/>").is_err());
        assert!(scan(b"<w:document><w:t>&foo;</w:t></w:document>").is_err());
    }
}
