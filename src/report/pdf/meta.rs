//! Document-level finishing on the lopdf object tree that printpdf produces: the info
//! dictionary and XMP metadata, a nested outline (printpdf only writes a flat one), and a
//! file identifier derived from the document instead of printpdf's random one.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use crate::report::document::Meta;

use super::flow::HeadingMark;
use super::style::PAGE_H;
use super::PdfError;

pub const CREATOR: &str = "SAQ Desk";

pub fn producer() -> String {
    format!("SAQ Desk {} (printpdf 0.12.8)", crate::VERSION)
}

/// `D:YYYYMMDDHHmmSS+HH'mm'` (ISO 32000-1 7.9.4), keeping the given offset.
pub fn pdf_date(dt: &DateTime<FixedOffset>) -> String {
    let off = dt.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    format!("D:{}{}{:02}'{:02}'", dt.format("%Y%m%d%H%M%S"), sign, off / 3600, (off % 3600) / 60)
}

/// A PDF text string: literal when plain ASCII, else UTF-16BE with a byte-order mark.
pub fn text_string(s: &str) -> Object {
    if s.chars().all(|c| (' '..='~').contains(&c)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The document's identity: a hash of its title and creation time, so the same report
/// always gets the same /ID and XMP document id.
fn identity(meta: &Meta) -> [u8; 16] {
    let mut h = Sha256::new();
    h.update(b"saqdesk-pdf\0");
    h.update(meta.title.as_bytes());
    h.update(b"\0");
    h.update(meta.created.to_rfc3339_opts(SecondsFormat::Secs, true).as_bytes());
    let d = h.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&d[..16]);
    id
}

fn xmp(meta: &Meta, created: &DateTime<FixedOffset>, id: [u8; 16]) -> String {
    let date = created.to_rfc3339_opts(SecondsFormat::Secs, true);
    let uuid = uuid::Builder::from_random_bytes(id).into_uuid();
    let keywords: Vec<String> =
        meta.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()).map(xml_escape).collect();
    let bag: String = keywords.iter().map(|k| format!("<rdf:li>{k}</rdf:li>")).collect();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n\
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n\
<dc:subject><rdf:Bag>{bag}</rdf:Bag></dc:subject>\n\
<pdf:Keywords>{keywords}</pdf:Keywords>\n\
<pdf:Producer>{producer}</pdf:Producer>\n\
<xmp:CreatorTool>{creator}</xmp:CreatorTool>\n\
<xmp:CreateDate>{date}</xmp:CreateDate>\n\
<xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
<xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>\n\
<xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>\n\
</rdf:Description>\n\
</rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = xml_escape(&meta.title),
        author = xml_escape(&meta.author),
        subject = xml_escape(&meta.subject),
        keywords = keywords.join(", "),
        producer = xml_escape(&producer()),
        creator = CREATOR,
    )
}

/// Applies metadata, outline and identifier to the serialisable document.
pub fn finish(
    doc: &mut lopdf::Document,
    meta: &Meta,
    created: &DateTime<FixedOffset>,
    headings: &[HeadingMark],
) -> Result<(), PdfError> {
    let err = |e: lopdf::Error| PdfError::Serialize(e.to_string());
    doc.version = "1.7".to_string();
    let id = identity(meta);
    let date = pdf_date(created);

    // Info dictionary (replaces printpdf's, which has PDF/X leftovers and UTC-only dates).
    let keywords: Vec<&str> = meta.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()).collect();
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Author", text_string(&meta.author));
    info.set("Subject", text_string(&meta.subject));
    info.set("Keywords", text_string(&keywords.join(", ")));
    info.set("Creator", text_string(CREATOR));
    info.set("Producer", text_string(&producer()));
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date));
    let old_info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    match old_info {
        Some(oid) => {
            doc.objects.insert(oid, Object::Dictionary(info));
        }
        None => {
            let oid = doc.add_object(info);
            doc.trailer.set("Info", oid);
        }
    }

    // XMP (uncompressed, as readers and PDF/A expect).
    let xmp = Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        xmp(meta, created, id).into_bytes(),
    )
    .with_compression(false);
    let xmp_id = doc.add_object(xmp);

    let outline = outline(doc, headings);

    let catalog = doc.catalog_mut().map_err(err)?;
    catalog.set("Metadata", xmp_id);
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", prefs);
    if let Some(outline_id) = outline {
        catalog.set("Outlines", outline_id);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }

    // Same /ID for the same document: both halves from its identity.
    let id_obj = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id_obj.clone(), id_obj]));
    Ok(())
}

struct Node {
    level: u8,
    title: String,
    page: usize,
    top: f32,
    children: Vec<Node>,
}

/// Builds the outline: level-1 headings at the top, level-2 headings nested under the
/// preceding level 1 (or at the top when none precedes). Returns the /Outlines object.
fn outline(doc: &mut lopdf::Document, headings: &[HeadingMark]) -> Option<ObjectId> {
    let mut roots: Vec<Node> = Vec::new();
    for h in headings.iter().filter(|h| h.level <= 2) {
        let node =
            Node { level: h.level, title: h.text.trim().to_string(), page: h.page, top: h.top, children: Vec::new() };
        match roots.last_mut() {
            Some(parent) if node.level == 2 && parent.level <= 1 => parent.children.push(node),
            _ => roots.push(node),
        }
    }
    if roots.is_empty() {
        return None;
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root_id = doc.new_object_id();
    let (first, last, count) = write_level(doc, &pages, root_id, &roots);
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (first, last) {
        root.set("First", first);
        root.set("Last", last);
    }
    root.set("Count", count as i64);
    doc.objects.insert(root_id, Object::Dictionary(root));
    Some(root_id)
}

/// Writes `nodes` as siblings under `parent`; returns (first, last, visible descendants).
fn write_level(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    parent: ObjectId,
    nodes: &[Node],
) -> (Option<ObjectId>, Option<ObjectId>, usize) {
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let mut count = 0usize;
    for (i, node) in nodes.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&node.title));
        d.set("Parent", parent);
        if i > 0 {
            d.set("Prev", ids[i - 1]);
        }
        if let Some(next) = ids.get(i + 1) {
            d.set("Next", *next);
        }
        if let Some(page) = pages.get(node.page) {
            let top = (node.top + 8.0).min(PAGE_H);
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Integer(0),
                    Object::Real(top),
                    Object::Null,
                ]),
            );
        }
        let (first, last, sub) = write_level(doc, pages, ids[i], &node.children);
        if let (Some(first), Some(last)) = (first, last) {
            d.set("First", first);
            d.set("Last", last);
            d.set("Count", sub as i64);
        }
        count += 1 + sub;
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    (ids.first().copied(), ids.last().copied(), count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        assert_eq!(pdf_date(&at("2025-03-01T09:30:00+01:00")), "D:20250301093000+01'00'");
        assert_eq!(pdf_date(&at("2025-03-01T00:00:00Z")), "D:20250301000000+00'00'");
        assert_eq!(pdf_date(&at("2025-03-01T09:30:00-05:30")), "D:20250301093000-05'30'");
    }

    #[test]
    fn text_strings() {
        assert_eq!(text_string("abc"), Object::String(b"abc".to_vec(), StringFormat::Literal));
        match text_string("Zoë") {
            Object::String(b, StringFormat::Hexadecimal) => {
                assert_eq!(b, vec![0xFE, 0xFF, 0, b'Z', 0, b'o', 0, 0xEB])
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn xmp_is_escaped() {
        let meta = Meta {
            title: "A & B <C>".into(),
            author: "Zoë".into(),
            subject: "s".into(),
            keywords: vec!["PCI DSS".into(), "SAQ A".into()],
            created: DateTime::parse_from_rfc3339("2025-03-01T09:30:00Z").unwrap().to_utc(),
        };
        let dt = meta.created.fixed_offset();
        let x = xmp(&meta, &dt, identity(&meta));
        assert!(x.contains("A &amp; B &lt;C&gt;"));
        assert!(x.contains("<xmp:CreateDate>2025-03-01T09:30:00Z</xmp:CreateDate>"));
        assert!(x.contains("<rdf:li>SAQ A</rdf:li>"));
    }
}
