//! Page geometry, type sizes and colours. All lengths are PDF points (1/72 in); y grows
//! upwards from the bottom edge of the page, as in PDF.

use super::fonts::FontKind;

pub const MM: f32 = 72.0 / 25.4;

/// A4 portrait.
pub const PAGE_W: f32 = 210.0 * MM;
pub const PAGE_H: f32 = 297.0 * MM;

/// Side margins.
pub const MARGIN_X: f32 = 18.0 * MM;
/// Top of the text frame (below the running header).
pub const CONTENT_TOP: f32 = PAGE_H - 22.0 * MM;
/// Bottom of the text frame (above the footer).
pub const CONTENT_BOTTOM: f32 = 18.0 * MM;
pub const CONTENT_LEFT: f32 = MARGIN_X;
pub const CONTENT_RIGHT: f32 = PAGE_W - MARGIN_X;
pub const CONTENT_W: f32 = CONTENT_RIGHT - CONTENT_LEFT;
pub const CONTENT_H: f32 = CONTENT_TOP - CONTENT_BOTTOM;

/// Running header: baseline of its text and the rule under it.
pub const HEADER_BASELINE: f32 = PAGE_H - 12.5 * MM;
pub const HEADER_RULE_Y: f32 = PAGE_H - 14.5 * MM;
pub const HEADER_SIZE: f32 = 7.5;
/// Footer baseline.
pub const FOOTER_BASELINE: f32 = 10.0 * MM;
pub const FOOTER_SIZE: f32 = 7.5;

/// An RGB colour, components 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub const fn hex(v: u32) -> Rgb {
        Rgb(((v >> 16) & 0xff) as f32 / 255.0, ((v >> 8) & 0xff) as f32 / 255.0, (v & 0xff) as f32 / 255.0)
    }
}

pub const INK: Rgb = Rgb::hex(0x1b1f24);
pub const MUTED: Rgb = Rgb::hex(0x5b636e);
pub const ACCENT: Rgb = Rgb::hex(0x1f3a5f);
pub const RULE: Rgb = Rgb::hex(0xa7afba);
pub const GRID: Rgb = Rgb::hex(0x9aa3ad);
pub const SEPARATOR: Rgb = Rgb::hex(0xd5dae0);
pub const HEADER_FILL: Rgb = Rgb::hex(0xe3e8ef);
pub const NOTICE: Rgb = Rgb::hex(0x8a4b08);
pub const WATERMARK: Rgb = Rgb::hex(0xe6e6e6);
pub const TONE_OK: Rgb = Rgb::hex(0xdcefd8);
pub const TONE_WARN: Rgb = Rgb::hex(0xfcf0cc);
pub const TONE_BAD: Rgb = Rgb::hex(0xf6d5d8);

/// Background for a cell `tone` ("ok", "warn", "bad"; anything else: none).
pub fn tone_fill(tone: Option<&str>) -> Option<Rgb> {
    match tone.map(|t| t.trim().to_ascii_lowercase()) {
        Some(t) if t == "ok" => Some(TONE_OK),
        Some(t) if t == "warn" => Some(TONE_WARN),
        Some(t) if t == "bad" => Some(TONE_BAD),
        _ => None,
    }
}

/// A run of text: face, size, line height and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextSpec {
    pub font: FontKind,
    pub size: f32,
    pub leading: f32,
    pub color: Rgb,
}

impl TextSpec {
    pub const fn new(font: FontKind, size: f32, leading: f32, color: Rgb) -> TextSpec {
        TextSpec { font, size, leading, color }
    }
}

pub const BODY: TextSpec = TextSpec::new(FontKind::Regular, 9.5, 13.5, INK);
pub const BODY_BOLD: TextSpec = TextSpec::new(FontKind::Bold, 9.5, 13.5, INK);
pub const BODY_ITALIC: TextSpec = TextSpec::new(FontKind::Italic, 9.5, 13.5, INK);
pub const SMALL: TextSpec = TextSpec::new(FontKind::Regular, 8.0, 11.0, MUTED);
pub const NOTICE_TEXT: TextSpec = TextSpec::new(FontKind::Italic, 9.0, 12.5, NOTICE);
pub const CAPTION: TextSpec = TextSpec::new(FontKind::Italic, 8.0, 11.0, MUTED);

pub const PARAGRAPH_GAP: f32 = 6.0;

/// Headings by level: text, space before, space after.
pub fn heading_spec(level: u8) -> (TextSpec, f32, f32) {
    match level {
        0 | 1 => (TextSpec::new(FontKind::Bold, 17.0, 21.0, ACCENT), 0.0, 12.0),
        2 => (TextSpec::new(FontKind::Bold, 12.5, 16.0, ACCENT), 12.0, 5.0),
        _ => (TextSpec::new(FontKind::Bold, 10.5, 14.0, INK), 9.0, 4.0),
    }
}

/// Tables: cell text, padding.
pub const TABLE_SIZE: f32 = 8.0;
pub const TABLE_LEADING: f32 = 10.4;
pub const CELL_PAD_X: f32 = 4.0;
pub const CELL_PAD_Y: f32 = 3.2;
pub const GRID_WIDTH: f32 = 0.4;
pub const TABLE_GAP: f32 = 9.0;

/// Fields (label/value rows).
pub const FIELDS_SIZE: f32 = 9.0;
pub const FIELDS_LEADING: f32 = 12.5;
pub const FIELDS_LABEL_SHARE: f32 = 0.34;

/// Images.
pub const IMAGE_MAX_PX: u32 = 1600;
/// Pixels to points for images that are smaller than the text width (96 dpi screenshots).
pub const IMAGE_PT_PER_PX: f32 = 0.75;
