//! Turns laid-out pages into printpdf drawing operations, adding the page decoration:
//! watermark (beneath everything), running header, and the "Page N of M" footer.
//!
//! Per page the order is: watermark, fills, images, rules, then all text in one text
//! object (path operators are not allowed inside BT/ET, and text must sit on top of the
//! cell tints and grid), then link annotations.

use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, Line, LineCapStyle, LinePoint, LinkAnnotation, Mm, Op,
    PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use super::flow::{Item, Page};
use super::fonts::{FontKind, Fonts, UsedChars};
use super::layout::ellipsize;
use super::style::*;

/// Everything that decorates every page.
pub struct Decoration<'a> {
    pub header_left: &'a str,
    pub header_right: &'a str,
    pub watermark: Option<&'a str>,
}

pub fn image_id(index: usize) -> XObjectId {
    XObjectId(format!("Im{}", index + 1))
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb::new(c.0, c.1, c.2, None))
}

/// Text operations with font/colour state tracking, recording the characters used.
struct TextRun<'u> {
    ops: Vec<Op>,
    font: Option<(FontKind, f32)>,
    color: Option<Rgb>,
    used: &'u mut UsedChars,
}

impl<'u> TextRun<'u> {
    fn new(used: &'u mut UsedChars) -> Self {
        TextRun { ops: vec![Op::StartTextSection], font: None, color: None, used }
    }

    fn show(&mut self, x: f32, y: f32, font: FontKind, size: f32, c: Rgb, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.font != Some((font, size)) {
            self.ops.push(Op::SetFont { font: PdfFontHandle::External(font.font_id()), size: Pt(size) });
            self.font = Some((font, size));
        }
        if self.color != Some(c) {
            self.ops.push(Op::SetFillColor { col: color(c) });
            self.color = Some(c);
        }
        self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(y)) });
        self.ops.push(Op::ShowText { items: vec![TextItem::Text(text.to_string())] });
        self.used.record(font, text);
    }

    fn finish(mut self) -> Vec<Op> {
        self.ops.push(Op::EndTextSection);
        self.ops
    }
}

/// Builds the printpdf page for laid-out page `index` (0-based) of `total`.
pub fn render_page(
    page: &Page,
    index: usize,
    total: usize,
    deco: &Decoration<'_>,
    fonts: &Fonts,
    used: &mut UsedChars,
) -> PdfPage {
    let mut ops = Vec::with_capacity(page.items.len() + 32);

    if let Some(mark) = deco.watermark {
        watermark(&mut ops, mark, fonts, used);
    }

    // Fills.
    let mut fill: Option<Rgb> = None;
    for item in &page.items {
        if let Item::Fill { x, y, w, h, color: c } = item {
            if fill != Some(*c) {
                ops.push(Op::SetFillColor { col: color(*c) });
                fill = Some(*c);
            }
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(*y),
                    width: Pt(*w),
                    height: Pt(*h),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
    }

    // Images.
    for item in &page.items {
        if let Item::Image { index, x, y, w, h } = item {
            ops.push(Op::UseXobject {
                id: image_id(*index),
                transform: XObjectTransform {
                    translate_x: Some(Pt(*x)),
                    translate_y: Some(Pt(*y)),
                    rotate: None,
                    scale_x: Some(*w),
                    scale_y: Some(*h),
                    dpi: None,
                    no_auto_scale: true,
                },
            });
        }
    }

    // Rules (plus the header rule).
    let mut rules: Vec<(f32, f32, f32, f32, f32, Rgb)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule { x1, y1, x2, y2, width, color } => Some((*x1, *y1, *x2, *y2, *width, *color)),
            _ => None,
        })
        .collect();
    if !page.cover {
        rules.push((CONTENT_LEFT, HEADER_RULE_Y, CONTENT_RIGHT, HEADER_RULE_Y, 0.5, RULE));
    }
    if !rules.is_empty() {
        ops.push(Op::SetLineCapStyle { cap: LineCapStyle::ProjectingSquare });
    }
    let mut stroke: Option<(f32, Rgb)> = None;
    for (x1, y1, x2, y2, width, c) in rules {
        if stroke.map(|s| s.0) != Some(width) {
            ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        }
        if stroke.map(|s| s.1) != Some(c) {
            ops.push(Op::SetOutlineColor { col: color(c) });
        }
        stroke = Some((width, c));
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint { p: Point { x: Pt(x1), y: Pt(y1) }, bezier: false },
                    LinePoint { p: Point { x: Pt(x2), y: Pt(y2) }, bezier: false },
                ],
                is_closed: false,
            },
        });
    }

    // Text.
    let mut text = TextRun::new(used);
    for item in &page.items {
        if let Item::Text { x, y, font, size, color: c, text: s } = item {
            text.show(*x, *y, *font, *size, *c, s);
        }
    }
    if !page.cover {
        header(&mut text, deco, fonts);
    }
    let footer = format!("Page {} of {}", index + 1, total);
    let fw = fonts.width(FontKind::Regular, FOOTER_SIZE, &footer);
    text.show((PAGE_W - fw) / 2.0, FOOTER_BASELINE, FontKind::Regular, FOOTER_SIZE, MUTED, &footer);
    ops.extend(text.finish());

    for link in &page.links {
        ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                Rect {
                    x: Pt(link.x),
                    y: Pt(link.y),
                    width: Pt(link.w),
                    height: Pt(link.h),
                    mode: None,
                    winding_order: None,
                },
                Actions::Goto(Destination::Xyz {
                    page: link.page + 1,
                    left: Some(0.0),
                    top: Some((link.top + 8.0).min(PAGE_H)),
                    zoom: None,
                }),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                None,
            ),
        });
    }

    PdfPage::new(Mm(210.0), Mm(297.0), ops)
}

fn header(text: &mut TextRun<'_>, deco: &Decoration<'_>, fonts: &Fonts) {
    let font = FontKind::Regular;
    let right = fonts.sanitize(font, &deco.header_right.replace('\n', " "));
    let left = fonts.sanitize(font, &deco.header_left.replace('\n', " "));
    let gap = 12.0;
    let right = ellipsize(fonts, font, HEADER_SIZE, right.trim(), CONTENT_W * 0.45);
    let rw = fonts.width(font, HEADER_SIZE, &right);
    let left = ellipsize(fonts, font, HEADER_SIZE, left.trim(), CONTENT_W - rw - gap);
    text.show(CONTENT_LEFT, HEADER_BASELINE, font, HEADER_SIZE, MUTED, &left);
    text.show(CONTENT_RIGHT - rw, HEADER_BASELINE, font, HEADER_SIZE, MUTED, &right);
}

/// Large light-grey diagonal text across the page, centred, along the page diagonal.
fn watermark(ops: &mut Vec<Op>, mark: &str, fonts: &Fonts, used: &mut UsedChars) {
    let font = FontKind::Bold;
    let mark = fonts.sanitize(font, &mark.replace('\n', " "));
    let mark = mark.trim();
    if mark.is_empty() {
        return;
    }
    let width_em = fonts.width(font, 1.0, mark).max(0.01);
    let diagonal = (PAGE_W * PAGE_W + PAGE_H * PAGE_H).sqrt();
    let size = (diagonal * 0.6 / width_em).clamp(12.0, 160.0);
    let w = width_em * size;
    let cap = fonts.cap_height(font) * size;
    let angle = PAGE_H.atan2(PAGE_W);
    let (s, c) = angle.sin_cos();
    let (cx, cy) = (PAGE_W / 2.0, PAGE_H / 2.0);
    // Origin so that the middle of the text (half width, half cap height) is the centre.
    let x = cx - c * w / 2.0 + s * cap / 2.0;
    let y = cy - s * w / 2.0 - c * cap / 2.0;
    // Marked as an artifact: decoration, not content (for assistive technology).
    ops.push(Op::BeginMarkedContent { tag: "Artifact".to_string() });
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFont { font: PdfFontHandle::External(font.font_id()), size: Pt(size) });
    ops.push(Op::SetFillColor { col: color(WATERMARK) });
    ops.push(Op::SetTextMatrix { matrix: TextMatrix::Raw([c, s, -s, c, x, y]) });
    ops.push(Op::ShowText { items: vec![TextItem::Text(mark.to_string())] });
    ops.push(Op::EndTextSection);
    ops.push(Op::RestoreGraphicsState);
    ops.push(Op::EndMarkedContent);
    used.record(font, mark);
}
