//! Small XML helpers shared by the scanner and the writer.

use super::error::FormError;
use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

/// Refuses a part whose prolog declares a DOCTYPE. Only the prolog is read: a DOCTYPE anywhere
/// else is not well-formed XML, which the full parse of `word/document.xml` rejects on its own.
pub(crate) fn refuse_doctype(part: &str, data: &[u8]) -> Result<(), FormError> {
    let mut r = Reader::from_reader(data);
    loop {
        match r.read_event() {
            Ok(Event::DocType(_)) => return Err(FormError::Doctype { part: part.to_string() }),
            Ok(Event::Start(_)) | Ok(Event::Empty(_)) | Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            // Malformed parts other than the document are copied untouched and judged by Word.
            Err(_) => {
                if contains_doctype(data) {
                    return Err(FormError::Doctype { part: part.to_string() });
                }
                return Ok(());
            }
        }
    }
}

fn contains_doctype(data: &[u8]) -> bool {
    data.windows(9).any(|w| w.eq_ignore_ascii_case(b"<!DOCTYPE"))
}

/// The text an entity or character reference stands for. Only the five XML entities exist in a
/// document without a DTD; anything else is an error.
pub(crate) fn resolve_ref(r: &BytesRef<'_>) -> Result<char, String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c);
    }
    match r.as_ref() {
        "amp" => Ok('&'),
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        other => Err(format!("unknown entity &{other};")),
    }
}

/// Escapes text for element content, dropping characters XML 1.0 cannot carry.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value (double-quoted).
pub(crate) fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}
