//! The embedded DejaVu faces: glyph metrics for layout (via `ttf-parser`) and, after layout,
//! per-document subsets of the faces for embedding (via `allsorts`, which printpdf already
//! depends on; printpdf itself only subsets with its `html` feature, which we keep off).

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{FontId, ParsedFont, PdfFont};
use sha2::{Digest, Sha256};

use super::PdfError;

/// The faces the drawer uses. The order is the order of embedding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FontKind {
    Regular,
    Bold,
    Italic,
    Mono,
    MonoBold,
}

impl FontKind {
    pub const ALL: [FontKind; 5] =
        [FontKind::Regular, FontKind::Bold, FontKind::Italic, FontKind::Mono, FontKind::MonoBold];

    fn index(self) -> usize {
        self as usize
    }

    /// The TrueType program, as shipped by the `dejavu` crate.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FontKind::Regular => dejavu::sans::regular(),
            FontKind::Bold => dejavu::sans::bold(),
            FontKind::Italic => dejavu::sans::oblique(),
            FontKind::Mono => dejavu::sans_mono::regular(),
            FontKind::MonoBold => dejavu::sans_mono::bold(),
        }
    }

    /// PostScript name of the face (shown by `pdffonts`).
    pub fn postscript_name(self) -> &'static str {
        match self {
            FontKind::Regular => "DejaVuSans",
            FontKind::Bold => "DejaVuSans-Bold",
            FontKind::Italic => "DejaVuSans-Oblique",
            FontKind::Mono => "DejaVuSansMono",
            FontKind::MonoBold => "DejaVuSansMono-Bold",
        }
    }

    /// Resource name in the page's /Font dictionary. Deliberately not `F1`..`F14`, the names
    /// printpdf reserves for the builtin fonts.
    pub fn resource_name(self) -> &'static str {
        match self {
            FontKind::Regular => "SDSans",
            FontKind::Bold => "SDSansBold",
            FontKind::Italic => "SDSansOblique",
            FontKind::Mono => "SDMono",
            FontKind::MonoBold => "SDMonoBold",
        }
    }

    pub fn font_id(self) -> FontId {
        FontId(self.resource_name().to_string())
    }
}

struct Face {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Advances of U+0000..U+00FF in em; negative when the face has no glyph.
    latin: [f32; 256],
    ascent: f32,
    descent: f32,
    cap_height: f32,
}

impl Face {
    fn load(kind: FontKind) -> Result<Face, PdfError> {
        let face = ttf_parser::Face::parse(kind.bytes(), 0)
            .map_err(|e| PdfError::Font(kind.postscript_name(), e.to_string()))?;
        let units_per_em = f32::from(face.units_per_em()).max(1.0);
        let mut latin = [-1.0f32; 256];
        for (cp, slot) in latin.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(cp as u32) {
                if let Some(gid) = face.glyph_index(c) {
                    *slot = f32::from(face.glyph_hor_advance(gid).unwrap_or(0)) / units_per_em;
                }
            }
        }
        let ascent = f32::from(face.ascender()) / units_per_em;
        let descent = -f32::from(face.descender()) / units_per_em;
        let cap_height = face.capital_height().map(|h| f32::from(h) / units_per_em).unwrap_or(0.73);
        Ok(Face { face, units_per_em, latin, ascent, descent, cap_height })
    }

    fn advance(&self, c: char) -> Option<f32> {
        let cp = c as u32;
        if cp < 256 {
            let w = self.latin[cp as usize];
            return (w >= 0.0).then_some(w);
        }
        let gid = self.face.glyph_index(c)?;
        Some(f32::from(self.face.glyph_hor_advance(gid).unwrap_or(0)) / self.units_per_em)
    }
}

/// Metrics of all faces; cheap to build (the TTF tables are parsed lazily by ttf-parser).
pub struct Fonts {
    faces: Vec<Face>,
}

impl Fonts {
    pub fn load() -> Result<Fonts, PdfError> {
        let faces = FontKind::ALL.iter().map(|k| Face::load(*k)).collect::<Result<Vec<_>, _>>()?;
        Ok(Fonts { faces })
    }

    fn face(&self, kind: FontKind) -> &Face {
        &self.faces[kind.index()]
    }

    /// Advance of `c` in em, or `None` when the face has no glyph for it.
    pub fn advance(&self, kind: FontKind, c: char) -> Option<f32> {
        self.face(kind).advance(c)
    }

    pub fn has_glyph(&self, kind: FontKind, c: char) -> bool {
        self.advance(kind, c).is_some()
    }

    /// Width of `text` in points at `size` (no kerning: printpdf draws without it too).
    pub fn width(&self, kind: FontKind, size: f32, text: &str) -> f32 {
        let face = self.face(kind);
        text.chars().map(|c| face.advance(c).unwrap_or(0.5)).sum::<f32>() * size
    }

    /// Ascender, in em (positive).
    pub fn ascent(&self, kind: FontKind) -> f32 {
        self.face(kind).ascent
    }

    /// Descender, in em (positive).
    pub fn descent(&self, kind: FontKind) -> f32 {
        self.face(kind).descent
    }

    pub fn cap_height(&self, kind: FontKind) -> f32 {
        self.face(kind).cap_height
    }

    /// Makes `text` drawable in `kind`: tabs become spaces, control and invisible formatting
    /// characters go, and a character the face lacks becomes U+FFFD (or `?`). Newlines stay
    /// (the wrapper treats them as hard breaks).
    pub fn sanitize(&self, kind: FontKind, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' => out.push('\n'),
                '\t' => out.push_str("    "),
                '\r' => {}
                '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
                c if c.is_control() => {}
                c if self.has_glyph(kind, c) => out.push(c),
                _ => {
                    if self.has_glyph(kind, '\u{FFFD}') {
                        out.push('\u{FFFD}')
                    } else {
                        out.push('?')
                    }
                }
            }
        }
        out
    }

    /// Builds the printpdf font for `kind`, subset to the characters in `used`. Falls back
    /// to embedding the whole face when subsetting fails (still deterministic).
    pub fn pdf_font(&self, kind: FontKind, used: &BTreeSet<char>) -> Result<PdfFont, PdfError> {
        let face = &self.face(kind).face;
        let mut gids: BTreeSet<u16> = BTreeSet::new();
        for c in used {
            if let Some(g) = face.glyph_index(*c) {
                gids.insert(g.0);
            }
        }
        gids.remove(&0);
        let mut glyph_ids = Vec::with_capacity(gids.len() + 1);
        glyph_ids.push(0u16);
        glyph_ids.extend(gids.iter().copied());

        let mut warnings = Vec::new();
        let (mut parsed, subset) = match subset_face(kind.bytes(), &glyph_ids)
            .and_then(|bytes| ParsedFont::from_bytes(&bytes, 0, &mut warnings))
        {
            Some(p) => (p, true),
            None => {
                warnings.clear();
                let p = ParsedFont::from_bytes(kind.bytes(), 0, &mut warnings)
                    .ok_or_else(|| PdfError::Font(kind.postscript_name(), format!("{warnings:?}")))?;
                (p, false)
            }
        };
        parsed.font_name = Some(if subset {
            format!("{}+{}", subset_tag(kind, &glyph_ids), kind.postscript_name())
        } else {
            kind.postscript_name().to_string()
        });
        Ok(PdfFont::new(parsed))
    }
}

fn subset_face(bytes: &[u8], glyph_ids: &[u16]) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    use allsorts::tag;

    let font_file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = font_file.table_provider(0).ok()?;
    let profile = SubsetProfile::Custom(vec![
        tag::CMAP,
        tag::HEAD,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::NAME,
        tag::OS_2,
        tag::POST,
        tag::CVT,
        tag::FPGM,
        tag::PREP,
    ]);
    subset(&provider, glyph_ids, &profile, CmapTarget::Unicode).ok()
}

/// The six-letter subset tag (ISO 32000-1 9.6.4), derived from the glyph set so the same
/// document always gets the same tag.
fn subset_tag(kind: FontKind, glyph_ids: &[u16]) -> String {
    let mut h = Sha256::new();
    h.update(kind.postscript_name().as_bytes());
    for g in glyph_ids {
        h.update(g.to_be_bytes());
    }
    h.finalize().iter().take(6).map(|b| char::from(b'A' + b % 26)).collect()
}

/// Characters drawn per face, collected while the page operations are generated.
#[derive(Default)]
pub struct UsedChars {
    pub map: BTreeMap<FontKind, BTreeSet<char>>,
}

impl UsedChars {
    pub fn record(&mut self, kind: FontKind, text: &str) {
        let set = self.map.entry(kind).or_default();
        set.extend(text.chars());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_faces_load_and_cover_the_accented_sample() {
        let fonts = Fonts::load().unwrap();
        for kind in [FontKind::Regular, FontKind::Bold, FontKind::Italic] {
            for c in "Zoë Łódź Ærøskøbing — “quotes” €".chars() {
                assert!(fonts.has_glyph(kind, c), "{kind:?} lacks {c:?}");
            }
        }
        // Mono is monospaced.
        let a = fonts.width(FontKind::Mono, 10.0, "iiii");
        let b = fonts.width(FontKind::Mono, 10.0, "WWWW");
        assert!((a - b).abs() < 1e-3);
        assert!(fonts.width(FontKind::Regular, 10.0, "WWWW") > fonts.width(FontKind::Regular, 10.0, "iiii"));
    }

    #[test]
    fn sanitize_drops_controls_and_replaces_missing_glyphs() {
        let fonts = Fonts::load().unwrap();
        assert_eq!(fonts.sanitize(FontKind::Regular, "a\tb\r\nc\u{0007}"), "a    b\nc");
        let s = fonts.sanitize(FontKind::Mono, "x\u{4E2D}y");
        assert_eq!(s.chars().count(), 3);
        assert!(s.chars().all(|c| fonts.has_glyph(FontKind::Mono, c)));
    }

    #[test]
    fn subset_keeps_the_used_characters() {
        let fonts = Fonts::load().unwrap();
        let used: BTreeSet<char> = "Zoë Łódź €".chars().collect();
        let f = fonts.pdf_font(FontKind::Regular, &used).unwrap();
        let name = f.parsed_font.font_name.clone().unwrap();
        assert!(name.ends_with("+DejaVuSans"), "{name}");
        assert!(f.parsed_font.original_bytes.len() < 60_000, "subset is small");
        for c in used {
            assert!(f.parsed_font.lookup_glyph_index(c as u32).is_some(), "{c:?} in subset cmap");
        }
        // Deterministic.
        let g = fonts.pdf_font(FontKind::Regular, &"Zoë Łódź €".chars().collect()).unwrap();
        assert_eq!(f.parsed_font.original_bytes, g.parsed_font.original_bytes);
    }
}
