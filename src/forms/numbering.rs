//! Numbered lists in copied fragments.
//!
//! Word numbers a paragraph by the list it belongs to (`w:numId`), across the whole document. The
//! Compensating Controls Worksheet labels its rows with such a list (1. Constraints … 6.
//! Maintenance), so a second worksheet that kept the blank's list would go on counting from 7.
//! Each copy gets a list of its own on the same list style, restarted — what Word writes for
//! "Restart at 1": a new `w:num` over the same `w:abstractNum` with a start override per level.

use super::error::FormError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::{BTreeMap, HashMap};

pub(crate) const NUMBERING: &str = "word/numbering.xml";

/// The document's lists, and the restarted copies made for copied fragments.
pub(crate) struct Numbering {
    /// `w:numId` → its `w:abstractNumId`.
    abstract_of: HashMap<u32, u32>,
    /// `w:abstractNumId` → the start value of each level it defines.
    starts: HashMap<u32, BTreeMap<u32, u32>>,
    next: u32,
    /// New lists: (numId, abstractNumId).
    added: Vec<(u32, u32)>,
}

fn bad(e: impl std::fmt::Display) -> FormError {
    FormError::Write(format!("reading the form's list numbering: {e}"))
}

fn attr_u32(e: &BytesStart<'_>, key: &str) -> Option<u32> {
    let a = e.attributes().flatten().find(|a| a.key.as_ref() == key)?;
    a.normalized_value(XmlVersion::Implicit1_0).ok()?.trim().parse().ok()
}

impl Numbering {
    /// The lists of `xml` (the package's `word/numbering.xml`; `None` when it has none).
    pub fn read(xml: Option<&[u8]>) -> Result<Numbering, FormError> {
        let mut n = Numbering { abstract_of: HashMap::new(), starts: HashMap::new(), next: 1, added: Vec::new() };
        let Some(xml) = xml else { return Ok(n) };
        let mut r = Reader::from_reader(xml);
        let (mut num, mut abs, mut lvl): (Option<u32>, Option<u32>, Option<u32>) = (None, None, None);
        loop {
            match r.read_event().map_err(bad)? {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    "w:num" => {
                        num = attr_u32(&e, "w:numId");
                        if let Some(id) = num {
                            n.next = n.next.max(id + 1);
                        }
                    }
                    "w:abstractNumId" => {
                        if let (Some(id), Some(a)) = (num, attr_u32(&e, "w:val")) {
                            n.abstract_of.insert(id, a);
                        }
                    }
                    "w:abstractNum" => abs = attr_u32(&e, "w:abstractNumId"),
                    "w:lvl" if num.is_none() => lvl = attr_u32(&e, "w:ilvl"),
                    "w:start" if num.is_none() => {
                        if let (Some(a), Some(l), Some(v)) = (abs, lvl, attr_u32(&e, "w:val")) {
                            n.starts.entry(a).or_default().insert(l, v);
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.name().as_ref() {
                    "w:num" => num = None,
                    "w:abstractNum" => abs = None,
                    "w:lvl" => lvl = None,
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(n)
    }

    /// `frag` with every list it uses replaced by a new list that starts again. Lists the
    /// numbering part does not define are left as they are.
    pub fn restart(&mut self, frag: &[u8]) -> Result<Vec<u8>, FormError> {
        let mut renamed: HashMap<u32, u32> = HashMap::new();
        let mut out = Vec::with_capacity(frag.len());
        let mut r = Reader::from_reader(frag);
        r.config_mut().trim_text(false);
        loop {
            let start = r.buffer_position() as usize;
            let ev = r.read_event().map_err(bad)?;
            let end = r.buffer_position() as usize;
            match &ev {
                Event::Eof => break,
                Event::Empty(e) if e.name().as_ref() == "w:numId" => {
                    let old = attr_u32(e, "w:val");
                    match old.and_then(|o| self.abstract_of.get(&o).map(|a| (o, *a))) {
                        Some((old, abs)) => {
                            let new = *renamed.entry(old).or_insert_with(|| {
                                let id = self.next;
                                self.next += 1;
                                self.added.push((id, abs));
                                id
                            });
                            out.extend_from_slice(format!("<w:numId w:val=\"{new}\"/>").as_bytes());
                        }
                        None => out.extend_from_slice(&frag[start..end]),
                    }
                }
                _ => out.extend_from_slice(&frag[start..end]),
            }
        }
        Ok(out)
    }

    /// `xml` with the new lists added after the last existing one, or `None` when no fragment
    /// needed one (the part then stays byte for byte as it was).
    pub fn write(&self, xml: &[u8]) -> Result<Option<Vec<u8>>, FormError> {
        if self.added.is_empty() {
            return Ok(None);
        }
        let at = find_last(xml, b"</w:num>")
            .map(|i| i + b"</w:num>".len())
            .ok_or_else(|| bad("no w:num element to add lists after"))?;
        let mut lists = String::new();
        for (id, abs) in &self.added {
            lists.push_str(&format!("<w:num w:numId=\"{id}\"><w:abstractNumId w:val=\"{abs}\"/>"));
            // Every level the style defines restarts, so nested items of a copy do too.
            let levels = self.starts.get(abs).cloned().unwrap_or_else(|| BTreeMap::from([(0, 1)]));
            for (l, v) in levels {
                lists.push_str(&format!(
                    "<w:lvlOverride w:ilvl=\"{l}\"><w:startOverride w:val=\"{v}\"/></w:lvlOverride>"
                ));
            }
            lists.push_str("</w:num>");
        }
        let mut out = Vec::with_capacity(xml.len() + lists.len());
        out.extend_from_slice(&xml[..at]);
        out.extend_from_slice(lists.as_bytes());
        out.extend_from_slice(&xml[at..]);
        Ok(Some(out))
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = concat!(
        r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="36"><w:lvl w:ilvl="0"><w:start w:val="1"/></w:lvl>"#,
        r#"<w:lvl w:ilvl="1"><w:start w:val="3"/></w:lvl></w:abstractNum>"#,
        r#"<w:num w:numId="17"><w:abstractNumId w:val="36"/></w:num>"#,
        r#"<w:num w:numId="4"><w:abstractNumId w:val="36"/></w:num><w:numIdMacAtCleanup w:val="17"/></w:numbering>"#
    );

    #[test]
    fn a_copy_gets_its_own_list_that_starts_again() {
        let mut n = Numbering::read(Some(XML.as_bytes())).expect("read");
        let frag = br#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="17"/></w:numPr></w:pPr></w:p><w:p><w:numId w:val="17"/></w:p>"#;
        let a = String::from_utf8(n.restart(frag).expect("restart")).expect("utf8");
        let b = String::from_utf8(n.restart(frag).expect("restart")).expect("utf8");
        assert_eq!(a.matches(r#"<w:numId w:val="18"/>"#).count(), 2, "{a}");
        assert_eq!(b.matches(r#"<w:numId w:val="19"/>"#).count(), 2, "{b}");
        assert!(a.starts_with("<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/>"), "the rest is kept: {a}");
        let out = String::from_utf8(n.write(XML.as_bytes()).expect("write").expect("changed")).expect("utf8");
        assert!(out.contains(concat!(
            r#"<w:num w:numId="4"><w:abstractNumId w:val="36"/></w:num>"#,
            r#"<w:num w:numId="18"><w:abstractNumId w:val="36"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>"#,
            r#"</w:lvlOverride><w:lvlOverride w:ilvl="1"><w:startOverride w:val="3"/></w:lvlOverride></w:num>"#,
            r#"<w:num w:numId="19">"#
        )));
        assert!(out.ends_with("</w:num><w:numIdMacAtCleanup w:val=\"17\"/></w:numbering>"), "{out}");
    }

    #[test]
    fn nothing_changes_without_a_known_list() {
        let mut n = Numbering::read(Some(XML.as_bytes())).expect("read");
        let frag = br#"<w:p><w:numId w:val="99"/><w:r><w:t>x</w:t></w:r></w:p>"#;
        assert_eq!(n.restart(frag).expect("restart"), frag.to_vec());
        assert!(n.write(XML.as_bytes()).expect("write").is_none());
        let mut none = Numbering::read(None).expect("no part");
        assert_eq!(none.restart(frag).expect("restart"), frag.to_vec());
    }
}
