//! The .docx package: read it defensively, write it back with only `word/document.xml` (and, for
//! restarted lists, `word/numbering.xml`) changed.
//!
//! A form comes from wherever the user downloaded it, so the archive is treated as hostile until
//! proven otherwise: sizes are measured while inflating (headers can lie), names are checked
//! before anything trusts them, and the central directory is walked here as well because the
//! `zip` crate silently keeps only one of two entries with the same name.

use super::error::FormError;
use std::collections::HashSet;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub(crate) const DOCUMENT: &str = "word/document.xml";
pub(crate) const CONTENT_TYPES: &str = "[Content_Types].xml";

/// The largest .docx accepted. The biggest official form is under 0.5 MB.
pub const MAX_FILE: u64 = 32 * 1024 * 1024;
/// Largest uncompressed entry (SAQ D's document.xml is about 5 MB).
pub const MAX_ENTRY: u64 = 48 * 1024 * 1024;
/// Largest total uncompressed size of all entries.
pub const MAX_TOTAL: u64 = 160 * 1024 * 1024;
/// Highest compression ratio accepted for entries over [`RATIO_FLOOR`]; Word's XML compresses
/// about 20:1, zip bombs thousands to one.
pub const MAX_RATIO: u64 = 100;
pub const RATIO_FLOOR: u64 = 1024 * 1024;
pub const MAX_ENTRIES: usize = 4096;

/// One entry of the blank package, fully inflated and checked.
pub(crate) struct Entry {
    pub name: String,
    pub data: Vec<u8>,
}

pub(crate) struct Package {
    pub entries: Vec<Entry>,
}

impl Package {
    pub fn read(bytes: &[u8]) -> Result<Package, FormError> {
        if bytes.len() as u64 > MAX_FILE {
            return Err(FormError::Hostile(format!(
                "the file is {} MB; no PCI SSC form is larger than {} MB",
                bytes.len() / (1024 * 1024),
                MAX_FILE / (1024 * 1024)
            )));
        }
        if !bytes.starts_with(b"PK") {
            return Err(FormError::NotDocx(
                "it is not a zip archive; a .docx saved by Word is one, a .doc, a .pdf or a password-protected \
                 document is not"
                    .into(),
            ));
        }
        let raw_names = central_directory_names(bytes)?;
        check_names(&raw_names)?;
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| FormError::Damaged(format!("{e}")))?;
        if zip.len() != raw_names.len() {
            return Err(FormError::Hostile("the archive lists the same entry name twice".into()));
        }
        let mut entries = Vec::with_capacity(zip.len());
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).map_err(|e| FormError::Damaged(format!("entry {i}: {e}")))?;
            let name = f.name().to_string();
            if f.encrypted() {
                return Err(FormError::NotDocx(format!("{name} is encrypted; save the form without a password")));
            }
            if f.size() > MAX_ENTRY {
                return Err(FormError::Hostile(format!("{name} would inflate to {} bytes", f.size())));
            }
            let ratio_cap = f.compressed_size().saturating_mul(MAX_RATIO).max(RATIO_FLOOR);
            let cap = MAX_ENTRY.min(ratio_cap).min(MAX_TOTAL - total);
            let mut data = Vec::with_capacity(f.size().min(cap) as usize);
            (&mut f)
                .take(cap + 1)
                .read_to_end(&mut data)
                .map_err(|e| FormError::Damaged(format!("{name} cannot be inflated ({e})")))?;
            let n = data.len() as u64;
            if n > cap {
                let why = if cap == ratio_cap {
                    format!("{name} inflates more than {MAX_RATIO} times its compressed size (a zip bomb)")
                } else if cap == MAX_ENTRY {
                    format!("{name} inflates to more than {MAX_ENTRY} bytes")
                } else {
                    format!("the archive inflates to more than {MAX_TOTAL} bytes in all")
                };
                return Err(FormError::Hostile(why));
            }
            if n != f.size() {
                return Err(FormError::Damaged(format!("{name}: size {n} does not match the archive's {}", f.size())));
            }
            total += n;
            entries.push(Entry { name, data });
        }
        let pkg = Package { entries };
        if pkg.get(CONTENT_TYPES).is_none() {
            return Err(FormError::NotDocx(
                "it is a zip archive but not a Word document ([Content_Types].xml is missing)".into(),
            ));
        }
        if pkg.get(DOCUMENT).is_none() {
            return Err(FormError::NotDocx("it is a zip archive but has no word/document.xml".into()));
        }
        for e in &pkg.entries {
            if is_xml(&e.name) {
                super::xml::refuse_doctype(&e.name, &e.data)?;
            }
        }
        Ok(pkg)
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.entries.iter().find(|e| e.name == name).map(|e| e.data.as_slice())
    }
}

fn is_xml(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels") || lower.ends_with(".vml")
}

/// Writes `blank` again with the entries of `changed` (name, new bytes) replaced. Every other
/// entry keeps its compressed bytes, and every entry keeps its name, place and timestamp, so the
/// same inputs give the same file.
pub(crate) fn rewrite(blank: &[u8], changed: &[(&str, &[u8])]) -> Result<Vec<u8>, FormError> {
    let w = |e: zip::result::ZipError| FormError::Write(format!("{e}"));
    let mut zip = ZipArchive::new(Cursor::new(blank)).map_err(|e| FormError::Damaged(format!("{e}")))?;
    let grow: usize = changed.iter().map(|(_, d)| d.len() / 8).sum();
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(blank.len() + grow)));
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(w)?;
        let time = f.last_modified().filter(|t| t.is_valid()).unwrap_or_default();
        let mode = f.unix_mode();
        if let Some((_, document)) = changed.iter().find(|(n, _)| *n == f.name()) {
            let name = f.name().to_string();
            drop(f);
            let mut opts = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(6))
                .last_modified_time(time)
                .large_file(document.len() as u64 > u32::MAX as u64 / 2);
            if let Some(m) = mode {
                opts = opts.unix_permissions(m);
            }
            out.start_file(name, opts).map_err(w)?;
            out.write_all(document).map_err(|e| FormError::Write(format!("{e}")))?;
        } else {
            out.raw_copy_file_touch(f, time, mode).map_err(w)?;
        }
    }
    Ok(out.finish().map_err(w)?.into_inner())
}

/// Names as the central directory lists them, read without the `zip` crate so that duplicate
/// names are seen.
fn central_directory_names(b: &[u8]) -> Result<Vec<Vec<u8>>, FormError> {
    let damaged = |what: &str| FormError::Damaged(format!("the zip directory is damaged ({what})"));
    let u16_at = |i: usize| -> Option<u64> { b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]]) as u64) };
    let u32_at =
        |i: usize| -> Option<u64> { b.get(i..i + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as u64) };
    let u64_at =
        |i: usize| -> Option<u64> { b.get(i..i + 8).and_then(|s| <[u8; 8]>::try_from(s).ok()).map(u64::from_le_bytes) };
    if b.len() < 22 {
        return Err(damaged("too short"));
    }
    let lowest = b.len().saturating_sub(22 + 65535);
    let eocd = (lowest..=b.len() - 22)
        .rev()
        .find(|&i| b[i..i + 4] == [0x50, 0x4b, 0x05, 0x06] && u16_at(i + 20) == Some((b.len() - i - 22) as u64))
        .ok_or_else(|| damaged("no end-of-directory record"))?;
    let mut count = u16_at(eocd + 10).ok_or_else(|| damaged("count"))?;
    let mut size = u32_at(eocd + 12).ok_or_else(|| damaged("size"))?;
    let mut offset = u32_at(eocd + 16).ok_or_else(|| damaged("offset"))?;
    if (count == 0xFFFF || offset == 0xFFFF_FFFF || size == 0xFFFF_FFFF) && eocd >= 20 {
        let loc = eocd - 20;
        if b[loc..loc + 4] == [0x50, 0x4b, 0x06, 0x07] {
            let z = u64_at(loc + 8).ok_or_else(|| damaged("zip64 locator"))? as usize;
            if b.get(z..z + 4) != Some(&[0x50, 0x4b, 0x06, 0x06]) {
                return Err(damaged("zip64 record"));
            }
            count = u64_at(z + 32).ok_or_else(|| damaged("zip64 count"))?;
            size = u64_at(z + 40).ok_or_else(|| damaged("zip64 size"))?;
            offset = u64_at(z + 48).ok_or_else(|| damaged("zip64 offset"))?;
        }
    }
    if count as usize > MAX_ENTRIES {
        return Err(FormError::Hostile(format!("the archive has {count} entries; a .docx has a few dozen")));
    }
    // Data prepended to the archive shifts every offset; the directory then ends where the
    // end record starts.
    let mut at = offset as usize;
    if b.get(at..at + 4) != Some(&[0x50, 0x4b, 0x01, 0x02]) {
        at = (eocd as u64).checked_sub(size).ok_or_else(|| damaged("directory offset"))? as usize;
    }
    let mut names = Vec::with_capacity(count as usize);
    for _ in 0..count {
        if b.get(at..at + 4) != Some(&[0x50, 0x4b, 0x01, 0x02]) {
            return Err(damaged("entry header"));
        }
        let name_len = u16_at(at + 28).ok_or_else(|| damaged("name"))? as usize;
        let extra = u16_at(at + 30).ok_or_else(|| damaged("extra"))? as usize;
        let comment = u16_at(at + 32).ok_or_else(|| damaged("comment"))? as usize;
        let name = b.get(at + 46..at + 46 + name_len).ok_or_else(|| damaged("name"))?;
        names.push(name.to_vec());
        at += 46 + name_len + extra + comment;
    }
    Ok(names)
}

fn check_names(names: &[Vec<u8>]) -> Result<(), FormError> {
    let mut seen = HashSet::new();
    for raw in names {
        let name =
            std::str::from_utf8(raw).map_err(|_| FormError::Hostile("an entry name is not valid UTF-8".into()))?;
        let shown: String = name.chars().take(80).collect();
        if name.is_empty() || name.contains('\0') || name.chars().any(char::is_control) {
            return Err(FormError::Hostile(format!("an entry has an unusable name ({shown:?})")));
        }
        let bytes = name.as_bytes();
        if name.starts_with('/') || name.starts_with('\\') || (bytes.len() > 1 && bytes[1] == b':') {
            return Err(FormError::Hostile(format!("the entry {shown:?} has an absolute path")));
        }
        if name.split(['/', '\\']).any(|c| c == "..") {
            return Err(FormError::Hostile(format!("the entry {shown:?} climbs out of the archive ('..')")));
        }
        // Part names in an Office package are compared without regard to case.
        if !seen.insert(name.to_lowercase()) {
            return Err(FormError::Hostile(format!("the archive lists {shown:?} twice")));
        }
    }
    Ok(())
}

/// Reads a file the user named, refusing anything too large before reading it all.
pub(crate) fn read_file(path: &std::path::Path) -> Result<Vec<u8>, FormError> {
    let io = |source| FormError::Io { path: path.to_path_buf(), source };
    let f = std::fs::File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    if len > MAX_FILE {
        return Err(FormError::Hostile(format!(
            "{} is {} MB; no PCI SSC form is larger than {} MB",
            path.display(),
            len / (1024 * 1024),
            MAX_FILE / (1024 * 1024)
        )));
    }
    let mut data = Vec::with_capacity(len as usize);
    f.take(MAX_FILE + 1).read_to_end(&mut data).map_err(io)?;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Result<(), FormError> {
        check_names(&list.iter().map(|n| n.as_bytes().to_vec()).collect::<Vec<_>>())
    }

    #[test]
    fn entry_names_stay_inside_the_archive() {
        assert!(names(&["[Content_Types].xml", "word/document.xml", "customXml/item1.xml"]).is_ok());
        for bad in ["../x", "a/../../x", "/x", "\\x", "C:x", "a\\..\\x", "", "a\u{0}b", "a\nb"] {
            assert!(matches!(names(&["ok.xml", bad]), Err(FormError::Hostile(_))), "{bad:?}");
        }
        assert!(matches!(names(&["word/a.xml", "WORD/A.XML"]), Err(FormError::Hostile(_))));
        assert!(matches!(check_names(&[vec![0xff, 0xfe]]), Err(FormError::Hostile(_))));
    }

    #[test]
    fn the_central_directory_is_read_without_the_zip_crate() {
        let mut z = ZipWriter::new(Cursor::new(Vec::new()));
        for n in ["a.xml", "b/c.xml"] {
            z.start_file(n, SimpleFileOptions::default()).expect("start");
            z.write_all(b"<x/>").expect("write");
        }
        let bytes = z.finish().expect("finish").into_inner();
        assert_eq!(central_directory_names(&bytes).expect("names"), vec![b"a.xml".to_vec(), b"b/c.xml".to_vec()]);
        // Data before the archive (a self-extractor stub) shifts the offsets.
        let mut shifted = b"stub".to_vec();
        shifted.extend_from_slice(&bytes);
        assert_eq!(central_directory_names(&shifted).expect("names").len(), 2);
        assert!(central_directory_names(&bytes[..bytes.len() - 10]).is_err());
    }
}
