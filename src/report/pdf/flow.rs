//! The page flow: lays the blocks of a [`Document`] out onto A4 pages as positioned items
//! (text runs, fills, rules, images). Page decoration (header, footer, watermark) is added
//! later by `page.rs`, once the page count is known.
//!
//! The table of contents needs the page numbers of headings that come after it, so the
//! document is laid out twice: the first pass learns where every heading lands, the second
//! draws the TOC with those numbers. The TOC's height does not depend on the numbers (they
//! sit in a fixed-width column), so the second pass paginates exactly like the first; the
//! loop below still checks that and runs one more pass if it ever did not.

use crate::report::document::{Block, Document, TextStyle};

use super::fonts::{FontKind, Fonts};
use super::layout::{wrap, wrap_balanced, Line};
use super::style::*;

/// Something drawn on a page, in PDF coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A line of text; `y` is the baseline.
    Text { x: f32, y: f32, font: FontKind, size: f32, color: Rgb, text: String },
    /// A filled rectangle; (`x`, `y`) is its lower-left corner.
    Fill { x: f32, y: f32, w: f32, h: f32, color: Rgb },
    /// A straight stroked line.
    Rule { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb },
    /// Image XObject number `index`, lower-left corner (`x`, `y`).
    Image { index: usize, x: f32, y: f32, w: f32, h: f32 },
}

/// A clickable area that jumps to a place in the document (TOC entries).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// 0-based page index of the target.
    pub page: usize,
    pub top: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    pub links: Vec<Link>,
    /// The cover gets no running header.
    pub cover: bool,
}

/// Where a heading landed.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingMark {
    pub level: u8,
    pub text: String,
    pub toc: bool,
    /// 0-based page index.
    pub page: usize,
    /// y of the top of the heading's first line.
    pub top: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    pub pages: Vec<Page>,
    pub headings: Vec<HeadingMark>,
}

/// What the flow needs to know about an `Image` block: the embedded XObject number and
/// its pixel size, or why it could not be decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageSlot {
    Ready { index: usize, width: u32, height: u32 },
    Failed(String),
}

/// Lays out `doc`. `images[i]` describes block `i` when it is an `Image` (else `None`).
pub fn layout(doc: &Document, fonts: &Fonts, images: &[Option<ImageSlot>]) -> Laid {
    let mut known: Option<Vec<HeadingMark>> = None;
    let mut laid = Flow::new(fonts, images, None).run(doc);
    if !doc.blocks.iter().any(|b| matches!(b, Block::Toc)) {
        return laid;
    }
    for _ in 0..3 {
        let marks = laid.headings.clone();
        if known.as_ref() == Some(&marks) {
            break;
        }
        known = Some(marks);
        laid = Flow::new(fonts, images, known.as_deref()).run(doc);
    }
    laid
}

/// The layout state while blocks are placed.
pub struct Flow<'a> {
    pub(super) fonts: &'a Fonts,
    images: &'a [Option<ImageSlot>],
    /// Heading positions from the previous pass (for TOC numbers and links).
    known: Option<&'a [HeadingMark]>,
    pub(super) pages: Vec<Page>,
    /// Current position: top of the free space on the current page.
    pub(super) y: f32,
    /// Nothing has been drawn on the current page yet.
    pub(super) fresh: bool,
    headings: Vec<HeadingMark>,
}

const EPS: f32 = 0.01;

impl<'a> Flow<'a> {
    fn new(fonts: &'a Fonts, images: &'a [Option<ImageSlot>], known: Option<&'a [HeadingMark]>) -> Self {
        Flow { fonts, images, known, pages: vec![Page::default()], y: CONTENT_TOP, fresh: true, headings: Vec::new() }
    }

    fn run(mut self, doc: &Document) -> Laid {
        let toc_entries: Vec<(u8, &str)> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text, toc: true } => Some((*level, text.as_str())),
                _ => None,
            })
            .collect();
        for (i, block) in doc.blocks.iter().enumerate() {
            match block {
                Block::Cover { title, subtitle, lines } => self.cover(title, subtitle, lines),
                Block::Toc => self.toc(&toc_entries),
                Block::Heading { level, text, toc } => self.heading(*level, text, *toc, &doc.blocks, i),
                Block::Paragraph { text, style } => self.paragraph(text, paragraph_spec(*style)),
                Block::Fields { rows } => {
                    let t = self.prepare_fields(rows);
                    self.table(&t);
                }
                Block::Table(table) => {
                    let t = self.prepare_table(table);
                    self.table(&t);
                }
                Block::Image { caption, .. } => match self.images.get(i).cloned().flatten() {
                    Some(ImageSlot::Ready { index, width, height }) => self.image(index, width, height, caption),
                    Some(ImageSlot::Failed(reason)) => self.notice(&failed_image_text(caption, &reason)),
                    None => self.notice(&failed_image_text(caption, "the image was not prepared")),
                },
                Block::Notice { text } => self.notice(text),
                Block::PageBreak => {
                    if !self.fresh {
                        self.new_page();
                    }
                }
                Block::Spacer { points } => {
                    if !self.fresh && points.is_finite() && *points > 0.0 {
                        self.y = (self.y - points).max(CONTENT_BOTTOM);
                    }
                }
            }
        }
        // A trailing page break leaves an empty last page: drop it.
        while self.pages.len() > 1 && self.fresh && self.pages.last().is_some_and(|p| p.items.is_empty()) {
            self.pages.pop();
            self.fresh = false;
        }
        Laid { pages: self.pages, headings: self.headings }
    }

    // ----- primitives -------------------------------------------------------------------

    pub(super) fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    pub(super) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = CONTENT_TOP;
        self.fresh = true;
    }

    /// Free height left on the current page.
    pub(super) fn remaining(&self) -> f32 {
        self.y - CONTENT_BOTTOM
    }

    /// Starts a new page unless `h` fits (or the page is still empty).
    pub(super) fn ensure(&mut self, h: f32) {
        if !self.fresh && h > self.remaining() + EPS {
            self.new_page();
        }
    }

    pub(super) fn push(&mut self, item: Item) {
        self.fresh = false;
        if let Some(p) = self.pages.last_mut() {
            p.items.push(item);
        }
    }

    /// Baseline for a line of `spec` whose line box starts at `top`.
    pub(super) fn baseline(&self, top: f32, font: FontKind, size: f32, leading: f32) -> f32 {
        let asc = self.fonts.ascent(font) * size;
        let desc = self.fonts.descent(font) * size;
        top - (leading - (asc + desc)) / 2.0 - asc
    }

    pub(super) fn text_at(&mut self, x: f32, top: f32, spec: TextSpec, text: &str) {
        if text.is_empty() {
            // Still occupies its line; nothing to draw.
            self.fresh = false;
            return;
        }
        let y = self.baseline(top, spec.font, spec.size, spec.leading);
        self.push(Item::Text { x, y, font: spec.font, size: spec.size, color: spec.color, text: text.to_string() });
    }

    pub(super) fn wrap(&self, spec: TextSpec, text: &str, width: f32) -> Vec<Line> {
        let clean = self.fonts.sanitize(spec.font, text);
        wrap(self.fonts, spec.font, spec.size, &clean, width)
    }

    // ----- blocks -----------------------------------------------------------------------

    fn cover(&mut self, title: &str, subtitle: &str, lines: &[(String, String)]) {
        if !(self.pages.len() == 1 && self.fresh) {
            self.new_page();
        }
        if let Some(p) = self.pages.last_mut() {
            p.cover = true;
        }
        // A band of colour along the top edge.
        self.push(Item::Fill { x: 0.0, y: PAGE_H - 9.0 * MM, w: PAGE_W, h: 9.0 * MM, color: ACCENT });

        self.y = PAGE_H - 88.0 * MM;
        let title_spec = TextSpec::new(FontKind::Bold, 26.0, 32.0, ACCENT);
        let clean = self.fonts.sanitize(title_spec.font, title);
        for line in wrap_balanced(self.fonts, title_spec.font, title_spec.size, &clean, CONTENT_W) {
            let x = CONTENT_LEFT + (CONTENT_W - line.width) / 2.0;
            let top = self.y;
            self.text_at(x, top, title_spec, &line.text);
            self.y -= title_spec.leading;
        }
        if !subtitle.trim().is_empty() {
            self.y -= 8.0;
            let sub_spec = TextSpec::new(FontKind::Regular, 13.5, 19.0, MUTED);
            for line in self.wrap(sub_spec, subtitle, CONTENT_W) {
                let x = CONTENT_LEFT + (CONTENT_W - line.width) / 2.0;
                let top = self.y;
                self.text_at(x, top, sub_spec, &line.text);
                self.y -= sub_spec.leading;
            }
        }
        self.y -= 16.0;
        let rule_w = 70.0 * MM;
        let x1 = CONTENT_LEFT + (CONTENT_W - rule_w) / 2.0;
        self.push(Item::Rule { x1, y1: self.y, x2: x1 + rule_w, y2: self.y, width: 1.2, color: ACCENT });
        self.y -= 26.0;

        let gap = 7.0;
        let mid = CONTENT_LEFT + CONTENT_W * 0.42;
        let label_spec = TextSpec::new(FontKind::Bold, 9.5, 14.0, MUTED);
        let value_spec = TextSpec::new(FontKind::Regular, 10.0, 14.0, INK);
        for (label, value) in lines {
            let labels = self.wrap(label_spec, label, mid - gap - CONTENT_LEFT);
            let values = self.wrap(value_spec, value, CONTENT_RIGHT - (mid + gap));
            let n = labels.len().max(values.len());
            let h = n as f32 * 14.0 + 5.0;
            if self.y - h < CONTENT_BOTTOM {
                self.new_page();
            }
            let top = self.y;
            for (k, l) in labels.iter().enumerate() {
                self.text_at(mid - gap - l.width, top - k as f32 * 14.0, label_spec, &l.text);
            }
            for (k, v) in values.iter().enumerate() {
                self.text_at(mid + gap, top - k as f32 * 14.0, value_spec, &v.text);
            }
            self.y -= h;
        }
        // A short statement may follow on the cover itself; the contents start a new page.
        self.fresh = false;
        self.y -= 22.0;
    }

    fn toc(&mut self, entries: &[(u8, &str)]) {
        if !self.fresh {
            self.new_page();
        }
        let (title_spec, _, after) = heading_spec(1);
        let top = self.y;
        self.text_at(CONTENT_LEFT, top, title_spec, "Contents");
        self.y -= title_spec.leading + 3.0;
        self.push(Item::Rule {
            x1: CONTENT_LEFT,
            y1: self.y,
            x2: CONTENT_RIGHT,
            y2: self.y,
            width: 0.8,
            color: ACCENT,
        });
        self.y -= after;

        let num_col = 32.0;
        let known: Vec<&HeadingMark> = self.known.map(|k| k.iter().filter(|h| h.toc).collect()).unwrap_or_default();
        for (k, (level, text)) in entries.iter().enumerate() {
            let level = (*level).clamp(1, 4);
            let spec = if level == 1 { BODY_BOLD } else { BODY };
            let indent = f32::from(level - 1) * 14.0;
            let x = CONTENT_LEFT + indent;
            let text_w = CONTENT_W - indent - num_col - 14.0;
            let lines = self.wrap(spec, text, text_w);
            let before = if level == 1 && k > 0 { 5.0 } else { 1.0 };
            let h = before + lines.len() as f32 * spec.leading;
            self.ensure(h);
            if !self.fresh {
                self.y -= before;
            }
            let entry_top = self.y;
            let n = lines.len();
            for (j, line) in lines.iter().enumerate() {
                let top = self.y;
                self.text_at(x, top, spec, &line.text);
                if j + 1 == n {
                    // The number (once known) sits right-aligned; the leaders run up to it.
                    let label = known.get(k).map(|mark| (mark.page + 1).to_string());
                    let num_w = label.as_deref().map(|l| self.fonts.width(spec.font, spec.size, l));
                    self.leaders(x + line.width, top, spec, CONTENT_RIGHT - num_w.unwrap_or(num_col) - 1.0);
                    if let (Some(label), Some(w)) = (label, num_w) {
                        self.text_at(CONTENT_RIGHT - w, top, spec, &label);
                    }
                }
                self.y -= spec.leading;
            }
            if let Some(mark) = known.get(k) {
                let (page, target) = (mark.page, mark.top);
                let link = Link { x, y: self.y, w: CONTENT_RIGHT - x, h: entry_top - self.y, page, top: target };
                if let Some(p) = self.pages.last_mut() {
                    p.links.push(link);
                }
            }
        }
        self.y -= PARAGRAPH_GAP * 2.0;
    }

    /// Dot leaders from `from` to `to` on the line at `top`, on a grid shared by all lines
    /// so the dots of successive entries line up.
    fn leaders(&mut self, from: f32, top: f32, spec: TextSpec, to: f32) {
        let unit = self.fonts.width(FontKind::Regular, spec.size, ". ");
        if unit <= 0.0 {
            return;
        }
        let first = ((from + 5.0 - CONTENT_LEFT) / unit).ceil();
        let last = ((to - 5.0 - CONTENT_LEFT) / unit).floor();
        if last <= first {
            return;
        }
        let count = (last - first) as usize;
        let dots = ". ".repeat(count);
        let leader = TextSpec { font: FontKind::Regular, color: MUTED, ..spec };
        self.text_at(CONTENT_LEFT + first * unit, top, leader, dots.trim_end());
    }

    fn heading(&mut self, level: u8, text: &str, toc: bool, blocks: &[Block], i: usize) {
        let (spec, before, after) = heading_spec(level);
        if level <= 1 && !self.fresh {
            self.new_page();
        }
        let lines = self.wrap(spec, text, CONTENT_W);
        let rule = if level <= 1 { 3.0 } else { 0.0 };
        let own = lines.len() as f32 * spec.leading + rule + after;
        if level >= 2 {
            let need = before + own + self.lead_of(blocks, i + 1, 0);
            if need > self.remaining() + EPS {
                self.ensure(need.min(CONTENT_H));
            }
        } else {
            self.ensure(own);
        }
        if !self.fresh {
            self.y -= before;
        }
        let top = self.y;
        self.headings.push(HeadingMark { level, text: text.to_string(), toc, page: self.page_index(), top });
        for line in &lines {
            if self.y - spec.leading < CONTENT_BOTTOM - EPS {
                self.new_page(); // only for absurdly long headings
            }
            let t = self.y;
            self.text_at(CONTENT_LEFT, t, spec, &line.text);
            self.y -= spec.leading;
        }
        if level <= 1 {
            self.y -= rule;
            self.push(Item::Rule {
                x1: CONTENT_LEFT,
                y1: self.y,
                x2: CONTENT_RIGHT,
                y2: self.y,
                width: 0.8,
                color: ACCENT,
            });
        }
        self.y -= after;
    }

    /// Height of what must stay on the same page as a heading placed before block `j`:
    /// the first lines of a paragraph, the header and first row of a table, and so on.
    fn lead_of(&self, blocks: &[Block], j: usize, depth: usize) -> f32 {
        if depth > 4 {
            return 0.0;
        }
        match blocks.get(j) {
            None => 0.0,
            // A short small-print line introduces what follows it (the line above a table), so
            // the heading keeps both.
            Some(Block::Paragraph { text, style: TextStyle::Small })
                if self.wrap(paragraph_spec(TextStyle::Small), text, CONTENT_W).len() <= 2 =>
            {
                let spec = paragraph_spec(TextStyle::Small);
                let n = self.wrap(spec, text, CONTENT_W).len();
                n as f32 * spec.leading + self.lead_of(blocks, j + 1, depth + 1)
            }
            Some(Block::Paragraph { text, style }) => {
                let spec = paragraph_spec(*style);
                let n = self.wrap(spec, text, CONTENT_W).len().min(2);
                n as f32 * spec.leading
            }
            Some(Block::Notice { text }) => {
                let n = self.wrap(NOTICE_TEXT, text, CONTENT_W).len().min(2);
                n as f32 * NOTICE_TEXT.leading
            }
            Some(Block::Fields { rows }) => {
                let first: Vec<(String, String)> = rows.iter().take(1).cloned().collect();
                let t = self.prepare_fields(&first);
                t.rows.first().map(|r| t.row_height(r, 0, r.lines)).unwrap_or(0.0)
            }
            Some(Block::Table(table)) => {
                let t = self.prepare_table_head(table, 1);
                let header = t.header.as_ref().map(|h| t.row_height(h, 0, h.lines)).unwrap_or(0.0);
                let first = t.rows.first().map(|r| t.row_height(r, 0, r.lines.min(3))).unwrap_or(0.0);
                header + first
            }
            Some(Block::Image { caption, .. }) => match self.images.get(j).cloned().flatten() {
                Some(ImageSlot::Ready { width, height, .. }) => {
                    let (_, h) = natural_size(width, height);
                    h.min(CONTENT_H * 0.35) + self.caption_height(caption)
                }
                _ => NOTICE_TEXT.leading,
            },
            Some(Block::Heading { level, text, .. }) if *level >= 2 => {
                let (spec, before, after) = heading_spec(*level);
                let n = self.wrap(spec, text, CONTENT_W).len();
                before + n as f32 * spec.leading + after + self.lead_of(blocks, j + 1, depth + 1)
            }
            Some(Block::Spacer { points }) if points.is_finite() && *points > 0.0 => {
                points + self.lead_of(blocks, j + 1, depth + 1)
            }
            _ => 0.0,
        }
    }

    fn paragraph(&mut self, text: &str, spec: TextSpec) {
        let lines = self.wrap(spec, text, CONTENT_W);
        // No lone first line at the bottom of a page.
        if lines.len() >= 2 && self.remaining() < 2.0 * spec.leading - EPS {
            self.ensure(2.0 * spec.leading);
        }
        let n = lines.len();
        for (k, line) in lines.iter().enumerate() {
            // No lone last line at the top of the next page either.
            let need = if n >= 3 && k + 2 == n { 2.0 * spec.leading } else { spec.leading };
            self.ensure(need);
            let top = self.y;
            self.text_at(CONTENT_LEFT, top, spec, &line.text);
            self.y -= spec.leading;
        }
        self.y -= if spec.size < BODY.size { PARAGRAPH_GAP * 0.7 } else { PARAGRAPH_GAP };
    }

    fn notice(&mut self, text: &str) {
        let lines = self.wrap(NOTICE_TEXT, text, CONTENT_W);
        for line in &lines {
            self.ensure(NOTICE_TEXT.leading);
            let top = self.y;
            self.text_at(CONTENT_LEFT, top, NOTICE_TEXT, &line.text);
            self.y -= NOTICE_TEXT.leading;
        }
        self.y -= PARAGRAPH_GAP;
    }

    fn caption_height(&self, caption: &str) -> f32 {
        if caption.trim().is_empty() {
            0.0
        } else {
            5.0 + self.wrap(CAPTION, caption, CONTENT_W).len() as f32 * CAPTION.leading
        }
    }

    fn image(&mut self, index: usize, width: u32, height: u32, caption: &str) {
        let (mut w, mut h) = natural_size(width, height);
        let cap_h = self.caption_height(caption);
        let avail = self.remaining() - cap_h;
        let fresh_avail = CONTENT_H - cap_h;
        if h > avail + EPS && !self.fresh {
            // Shrinking to the space left is fine if the image keeps most of its size;
            // otherwise it goes to the next page.
            let best = h.min(fresh_avail);
            if avail < best * 0.75 {
                self.new_page();
            }
        }
        let avail = (self.remaining() - cap_h).max(36.0);
        if h > avail {
            let s = avail / h;
            w *= s;
            h *= s;
        }
        let x = CONTENT_LEFT + (CONTENT_W - w) / 2.0;
        let y = self.y - h;
        self.push(Item::Image { index, x, y, w, h });
        // Hairline frame (screenshots often have white edges).
        for (x1, y1, x2, y2) in [(x, y, x + w, y), (x, y + h, x + w, y + h), (x, y, x, y + h), (x + w, y, x + w, y + h)]
        {
            self.push(Item::Rule { x1, y1, x2, y2, width: 0.4, color: SEPARATOR });
        }
        self.y = y;
        if cap_h > 0.0 {
            self.y -= 5.0;
            for line in self.wrap(CAPTION, caption, CONTENT_W) {
                let top = self.y;
                let lx = CONTENT_LEFT + (CONTENT_W - line.width) / 2.0;
                self.text_at(lx, top, CAPTION, &line.text);
                self.y -= CAPTION.leading;
            }
        }
        self.y -= PARAGRAPH_GAP * 1.5;
    }
}

/// Displayed size of an image at 96 dpi, shrunk to the text width.
fn natural_size(width: u32, height: u32) -> (f32, f32) {
    let w = width.max(1) as f32 * IMAGE_PT_PER_PX;
    let h = height.max(1) as f32 * IMAGE_PT_PER_PX;
    let s = (CONTENT_W / w).min(1.0);
    (w * s, h * s)
}

fn paragraph_spec(style: TextStyle) -> TextSpec {
    match style {
        TextStyle::Normal => BODY,
        TextStyle::Small => SMALL,
        TextStyle::Bold => BODY_BOLD,
        TextStyle::Italic => BODY_ITALIC,
    }
}

fn failed_image_text(caption: &str, reason: &str) -> String {
    let caption = caption.trim();
    if caption.is_empty() {
        format!("Image could not be rendered: {reason}")
    } else {
        format!("{caption} — could not be rendered: {reason}")
    }
}
