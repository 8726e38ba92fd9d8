//! Byte-level edits to `word/document.xml`: a field's state or result, a run written into an
//! empty paragraph, a copy of a table row. Each edit replaces a span of the original text; all
//! bytes outside the spans are kept as they are.

use super::error::FormError;
use super::fields::{self, FieldKind, Index, Span};
use super::xml::{escape_attr, escape_text};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub(crate) struct Edits {
    list: Vec<(usize, usize, usize, Vec<u8>)>,
}

impl Edits {
    pub fn replace(&mut self, span: Span, with: Vec<u8>) {
        let seq = self.list.len();
        self.list.push((span.0, span.1, seq, with));
    }

    pub fn insert(&mut self, at: usize, with: Vec<u8>) {
        self.replace((at, at), with);
    }

    pub fn apply(mut self, src: &[u8]) -> Result<Vec<u8>, FormError> {
        self.list.sort_by_key(|e| (e.0, e.2));
        let grow: usize = self.list.iter().map(|e| e.3.len()).sum();
        let mut out = Vec::with_capacity(src.len() + grow);
        let mut at = 0;
        for (start, end, _, with) in &self.list {
            if *start < at || *end > src.len() || end < start {
                return Err(FormError::Write(format!("overlapping edits at byte {start}")));
            }
            out.extend_from_slice(&src[at..*start]);
            out.extend_from_slice(with);
            at = *end;
        }
        out.extend_from_slice(&src[at..]);
        Ok(out)
    }
}

/// Ids and names for copied rows, so that no copy repeats a bookmark id, a field name or a
/// paragraph id of the document (Word repairs a document that does).
pub(crate) struct Ids {
    next_bookmark: i64,
    next_name: u32,
    next_para: u32,
    names: HashSet<String>,
    paras: HashSet<u32>,
}

impl Ids {
    pub fn new(idx: &Index) -> Ids {
        Ids {
            next_bookmark: idx.max_bookmark_id + 1,
            next_name: 1,
            next_para: 0x5344_0000,
            names: idx.names.clone(),
            paras: idx.para_ids.clone(),
        }
    }

    fn bookmark(&mut self) -> i64 {
        self.next_bookmark += 1;
        self.next_bookmark - 1
    }

    /// A form-field name: at most 20 characters, as Word requires.
    fn name(&mut self, prefix: &str) -> String {
        loop {
            let n = format!("{prefix}{}", self.next_name);
            self.next_name += 1;
            if self.names.insert(n.clone()) {
                return n;
            }
        }
    }

    /// A `w14:paraId`: eight hex digits below 0x80000000.
    fn para_id(&mut self) -> String {
        loop {
            let n = self.next_para;
            self.next_para = (self.next_para + 1) % 0x8000_0000;
            if self.paras.insert(n) {
                return format!("{n:08X}");
            }
        }
    }
}

fn rpr_bytes(src: &[u8], rpr: Option<Span>) -> &[u8] {
    rpr.map(|(s, e)| &src[s..e]).unwrap_or(b"")
}

/// The run content for `text`: line breaks as `w:br`, tabs as `w:tab`.
pub(crate) fn run_content(text: &str) -> String {
    let mut out = String::new();
    let norm = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in norm.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, seg) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !seg.is_empty() {
                out.push_str("<w:t xml:space=\"preserve\">");
                out.push_str(&escape_text(seg));
                out.push_str("</w:t>");
            }
        }
    }
    out
}

/// The new state of a check box, or `None` when it already is in that state.
pub(crate) fn set_checkbox(src: &[u8], idx: &Index, f: usize, on: bool) -> Result<Option<(Span, Vec<u8>)>, FormError> {
    let FieldKind::CheckBox { span, default, checked } = idx.fields[f].kind else {
        return Err(FormError::Write("not a check box".into()));
    };
    if checked.unwrap_or(default) == on && (checked.is_none() || checked == Some(on)) {
        return Ok(None);
    }
    let new_checked = match (on, default) {
        (true, _) => "<w:checked/>",
        (false, true) => "<w:checked w:val=\"0\"/>",
        (false, false) => "",
    };
    let old = &src[span.0..span.1];
    let mut out = Vec::with_capacity(old.len() + 16);
    if old.ends_with(b"/>") {
        out.extend_from_slice(&old[..old.len() - 2]);
        out.extend_from_slice(b"><w:sizeAuto/>");
        out.extend_from_slice(new_checked.as_bytes());
        out.extend_from_slice(b"</w:checkBox>");
        return Ok(Some((span, out)));
    }
    // Keep every child but `w:checked`, then add it last, where the schema puts it.
    let kept = without_children(old, &["w:checked"])?;
    let close = kept.len().checked_sub(b"</w:checkBox>".len()).ok_or_else(|| FormError::Write("check box".into()))?;
    out.extend_from_slice(&kept[..close]);
    out.extend_from_slice(new_checked.as_bytes());
    out.extend_from_slice(&kept[close..]);
    Ok(Some((span, out)))
}

/// `elem` (one element's text) without the named children, anywhere inside it.
fn without_children(elem: &[u8], drop: &[&str]) -> Result<Vec<u8>, FormError> {
    let bad = |e: quick_xml::Error| FormError::Write(format!("{e}"));
    let mut r = Reader::from_reader(elem);
    r.config_mut().trim_text(false);
    let mut out = Vec::with_capacity(elem.len());
    let mut skipping = 0usize;
    loop {
        let start = r.buffer_position() as usize;
        let ev = r.read_event().map_err(bad)?;
        let end = r.buffer_position() as usize;
        match &ev {
            Event::Eof => break,
            Event::Start(e) if skipping > 0 || drop.contains(&e.name().as_ref()) => {
                skipping += 1;
                continue;
            }
            Event::End(_) if skipping > 0 => {
                skipping -= 1;
                continue;
            }
            Event::Empty(e) if drop.contains(&e.name().as_ref()) => continue,
            _ if skipping > 0 => continue,
            _ => out.extend_from_slice(&elem[start..end]),
        }
    }
    Ok(out)
}

/// The new result of a text field.
pub(crate) fn set_text(src: &[u8], idx: &Index, f: usize, text: &str) -> Result<(Span, Vec<u8>), FormError> {
    let field = &idx.fields[f];
    if let Some(p) = &field.problem {
        return Err(FormError::Write(format!("form field {:?}: {p}", field.name)));
    }
    let FieldKind::Text { result, rpr, has_separate, keep, .. } = &field.kind else {
        return Err(FormError::Write("not a text field".into()));
    };
    let rpr = rpr_bytes(src, *rpr);
    let mut out = Vec::with_capacity(text.len() + rpr.len() * 2 + 64);
    if !has_separate {
        out.extend_from_slice(b"<w:r>");
        out.extend_from_slice(rpr);
        out.extend_from_slice(b"<w:fldChar w:fldCharType=\"separate\"/></w:r>");
    }
    out.extend_from_slice(b"<w:r>");
    out.extend_from_slice(rpr);
    out.extend_from_slice(run_content(text).as_bytes());
    out.extend_from_slice(b"</w:r>");
    for &(s, e) in keep {
        out.extend_from_slice(&src[s..e]);
    }
    Ok((*result, out))
}

/// Text written into a paragraph that has no form field, with the paragraph mark's formatting.
pub(crate) fn write_into_para(src: &[u8], idx: &Index, para: usize, text: &str) -> Result<(Span, Vec<u8>), FormError> {
    let p = &idx.paras[para];
    let rpr = match p.mark_rpr {
        // The paragraph mark's properties may carry revision marks a run's may not.
        Some((s, e)) => without_children(&src[s..e], &["w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange"])?,
        None => Vec::new(),
    };
    let mut run = b"<w:r>".to_vec();
    run.extend_from_slice(&rpr);
    run.extend_from_slice(run_content(text).as_bytes());
    run.extend_from_slice(b"</w:r>");
    match p.close_tag {
        Some(at) => Ok(((at, at), run)),
        None => {
            let tag = &src[p.span.0..p.span.1];
            let open = tag.strip_suffix(b"/>").ok_or_else(|| FormError::Write("paragraph".into()))?;
            let mut out = open.to_vec();
            out.push(b'>');
            out.extend_from_slice(&run);
            out.extend_from_slice(b"</w:p>");
            Ok((p.span, out))
        }
    }
}

/// A copy of `src[span]` (table rows, or a paragraph and a table) with fresh bookmark ids and
/// names, form-field names and paragraph ids. Bookmarks that start or end outside the span are
/// left out of the copy.
pub(crate) fn copy_fragment(src: &[u8], span: Span, ids: &mut Ids) -> Result<Vec<u8>, FormError> {
    let frag = &src[span.0..span.1];
    let bad = |e: quick_xml::Error| FormError::Write(format!("copying rows: {e}"));
    let (mut starts, mut ends) = (HashSet::new(), HashSet::new());
    let mut r = Reader::from_reader(frag);
    loop {
        match r.read_event().map_err(bad)? {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:bookmarkStart" => {
                    starts.insert(attr_raw(&e, "w:id"));
                }
                "w:bookmarkEnd" => {
                    ends.insert(attr_raw(&e, "w:id"));
                }
                _ => {}
            },
            _ => {}
        }
    }
    let mut id_map: HashMap<Vec<u8>, String> = HashMap::new();
    let mut field_names: HashMap<String, String> = HashMap::new();
    let mut in_ffdata = false;
    let mut out = Vec::with_capacity(frag.len() + 64);
    let mut r = Reader::from_reader(frag);
    r.config_mut().trim_text(false);
    loop {
        let start = r.buffer_position() as usize;
        let ev = r.read_event().map_err(bad)?;
        let end = r.buffer_position() as usize;
        let raw = &frag[start..end];
        match &ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.name().as_ref() {
                    "w:ffData" => {
                        in_ffdata = !empty;
                        out.extend_from_slice(raw);
                    }
                    "w:name" if in_ffdata => {
                        let old = attr_value(e, "w:val");
                        let new = ids.name("sqd");
                        field_names.insert(old, new.clone());
                        out.extend_from_slice(&retag(e, empty, &[("w:val", new)]));
                    }
                    "w:p" | "w:tr" if e.try_get_attribute("w14:paraId").ok().flatten().is_some() => {
                        // A copied paragraph or row needs its own id; its text id says "not
                        // yet tracked", as Word writes for new paragraphs.
                        let new = ids.para_id();
                        out.extend_from_slice(&retag(
                            e,
                            empty,
                            &[("w14:paraId", new), ("w14:textId", "77777777".into())],
                        ));
                    }
                    "w:bookmarkStart" => {
                        let id = attr_raw(e, "w:id");
                        if !ends.contains(&id) {
                            continue;
                        }
                        let new_id = ids.bookmark().to_string();
                        id_map.insert(id, new_id.clone());
                        let old_name = attr_value(e, "w:name");
                        let name = match field_names.get(&old_name) {
                            Some(n) => n.clone(),
                            None => ids.name("_sqd"),
                        };
                        out.extend_from_slice(&retag(e, empty, &[("w:id", new_id), ("w:name", name)]));
                    }
                    "w:bookmarkEnd" => {
                        let id = attr_raw(e, "w:id");
                        if !starts.contains(&id) {
                            continue;
                        }
                        let new_id = id_map.get(&id).cloned().unwrap_or_else(|| ids.bookmark().to_string());
                        id_map.insert(id, new_id.clone());
                        out.extend_from_slice(&retag(e, empty, &[("w:id", new_id)]));
                    }
                    _ => out.extend_from_slice(raw),
                }
            }
            Event::End(e) => {
                if e.name().as_ref() == "w:ffData" {
                    in_ffdata = false;
                }
                out.extend_from_slice(raw);
            }
            _ => out.extend_from_slice(raw),
        }
    }
    Ok(out)
}

fn attr_raw(e: &BytesStart<'_>, key: &str) -> Vec<u8> {
    e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.as_bytes().to_vec()).unwrap_or_default()
}

fn attr_value(e: &BytesStart<'_>, key: &str) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
        .unwrap_or_default()
}

/// The element's tag again with some attribute values replaced, the others kept as written.
fn retag(e: &BytesStart<'_>, empty: bool, set: &[(&str, String)]) -> Vec<u8> {
    let mut out = b"<".to_vec();
    out.extend_from_slice(e.name().as_ref().as_bytes());
    for a in e.attributes().flatten() {
        out.push(b' ');
        out.extend_from_slice(a.key.as_ref().as_bytes());
        out.extend_from_slice(b"=\"");
        match set.iter().find(|(k, _)| *k == a.key.as_ref()) {
            Some((_, v)) => out.extend_from_slice(escape_attr(v).as_bytes()),
            None => out.extend_from_slice(&escape_raw_quotes(a.value.as_bytes())),
        }
        out.push(b'"');
    }
    out.extend_from_slice(if empty { b"/>" } else { b">" });
    out
}

/// A raw attribute value re-quoted with double quotes (it may have been single-quoted).
fn escape_raw_quotes(v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    for &b in v {
        if b == b'"' {
            out.extend_from_slice(b"&quot;");
        } else {
            out.push(b);
        }
    }
    out
}

/// Scans a copied fragment so that its fields can be filled like the document's.
pub(crate) fn scan_fragment(frag: &[u8]) -> Result<Index, FormError> {
    fields::scan_fragment(frag)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CB: &str = "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Check1\"/><w:checkBox>\
                      <w:sizeAuto/><w:default w:val=\"DEF\"/>CHK</w:checkBox></w:ffData></w:fldChar></w:r><w:r>\
                      <w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>";

    fn toggled(default: &str, checked: &str, on: bool) -> Option<String> {
        let src = CB.replace("DEF", default).replace("CHK", checked);
        let idx = fields::scan(src.as_bytes()).expect("scan");
        let (span, bytes) = set_checkbox(src.as_bytes(), &idx, 0, on).expect("edit")?;
        let mut e = Edits::default();
        e.replace(span, bytes);
        let out = String::from_utf8(e.apply(src.as_bytes()).expect("apply")).expect("utf-8");
        let idx = fields::scan(out.as_bytes()).expect("rescan");
        match idx.fields[0].kind {
            FieldKind::CheckBox { default, checked, .. } => assert_eq!(checked.unwrap_or(default), on),
            _ => panic!("not a check box"),
        }
        Some(out)
    }

    #[test]
    fn check_boxes_change_state_only_when_needed() {
        assert_eq!(toggled("0", "", false), None);
        let on = toggled("0", "", true).expect("edited");
        assert!(on.contains("<w:default w:val=\"0\"/><w:checked/></w:checkBox>"), "{on}");
        let off = toggled("0", "<w:checked/>", false).expect("edited");
        assert!(!off.contains("w:checked"), "{off}");
        let off = toggled("1", "", false).expect("edited");
        assert!(off.contains("<w:checked w:val=\"0\"/>"), "{off}");
        assert_eq!(toggled("1", "", true), None);
    }

    #[test]
    fn text_becomes_runs_with_breaks_and_tabs() {
        assert_eq!(
            run_content("a & b\r\nc\td"),
            "<w:t xml:space=\"preserve\">a &amp; b</w:t><w:br/><w:t xml:space=\"preserve\">c</w:t><w:tab/>\
             <w:t xml:space=\"preserve\">d</w:t>"
        );
        assert_eq!(run_content("x\u{1}y"), "<w:t xml:space=\"preserve\">xy</w:t>");
    }

    #[test]
    fn overlapping_edits_are_refused() {
        let mut e = Edits::default();
        e.replace((2, 6), b"x".to_vec());
        e.replace((4, 8), b"y".to_vec());
        assert!(e.apply(b"0123456789").is_err());
        let mut e = Edits::default();
        e.insert(4, b"b".to_vec());
        e.replace((0, 4), b"A".to_vec());
        e.insert(4, b"c".to_vec());
        assert_eq!(e.apply(b"0123456789").expect("apply"), b"Abc456789");
    }

    #[test]
    fn copies_get_new_ids_and_lose_bookmarks_they_cut_in_half() {
        let src = "<w:tr><w:tc><w:p w14:paraId=\"00000001\" w14:textId=\"1234ABCD\"><w:bookmarkEnd w:id=\"3\"/>\
                   <w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Text22\"/><w:textInput/>\
                   </w:ffData></w:fldChar></w:r><w:bookmarkStart w:id=\"7\" w:name=\"Text22\"/><w:bookmarkStart \
                   w:id=\"8\" w:name=\"_Toc1\"/><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:bookmarkEnd \
                   w:id=\"7\"/></w:p></w:tc></w:tr>";
        let idx = fields::scan_fragment(src.as_bytes()).expect("scan");
        let mut ids = Ids::new(&idx);
        let copy =
            String::from_utf8(copy_fragment(src.as_bytes(), (0, src.len()), &mut ids).expect("copy")).expect("utf-8");
        assert!(!copy.contains("w:id=\"3\""), "an end without its start is dropped: {copy}");
        assert!(!copy.contains("_Toc1"), "a start without its end is dropped: {copy}");
        assert!(copy.contains("<w:name w:val=\"sqd1\"/>"), "{copy}");
        assert!(copy.contains("<w:bookmarkStart w:id=\"9\" w:name=\"sqd1\"/>"), "{copy}");
        assert!(copy.contains("<w:bookmarkEnd w:id=\"9\"/>"), "{copy}");
        assert!(copy.contains("w14:paraId=\"53440000\" w14:textId=\"77777777\""), "{copy}");
        let again =
            String::from_utf8(copy_fragment(src.as_bytes(), (0, src.len()), &mut ids).expect("copy")).expect("utf-8");
        assert!(again.contains("sqd2") && again.contains("w:id=\"10\"") && again.contains("53440001"), "{again}");
    }
}
