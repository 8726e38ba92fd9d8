//! The PDF drawer: lays a [`Document`] out on A4 pages and writes it with printpdf's
//! drawing operations.
//!
//! - `fonts`: the embedded DejaVu faces, glyph metrics, per-document subsetting;
//! - `layout`: measuring and wrapping text by glyph advances;
//! - `flow`: the page flow of blocks (cover, TOC, headings, paragraphs, images, …);
//! - `table`: tables and field lists (repeated header, row pagination, tints);
//! - `page`: page decoration (watermark, running header, "Page N of M") and the ops;
//! - `meta`: info dictionary, XMP, nested outline and a deterministic file /ID;
//! - `images`: evidence images as image XObjects (JPEG/PNG passthrough, else decoded,
//!   downscaled and re-encoded), prepared in parallel.
//!
//! The output is a pure function of the [`Document`]: no clock, no random identifiers, so
//! the same document always gives the same bytes.

mod flow;
mod fonts;
mod images;
mod layout;
mod meta;
mod page;
mod style;
mod table;

use printpdf::{PdfDocument, PdfSaveOptions};

use crate::report::document::{Block, Document};

use flow::ImageSlot;
use fonts::{FontKind, Fonts, UsedChars};

/// Why a document could not be rendered. Bad images are not errors (they become a notice
/// line in the report).
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("font {0} could not be loaded: {1}")]
    Font(&'static str, String),
    #[error("could not write the PDF: {0}")]
    Serialize(String),
}

/// Renders `doc` as a PDF file. Takes the document so that the images' original bytes can be
/// freed once they are prepared, before the PDF objects (which hold the prepared copies) are built.
pub fn render_pdf(mut doc: Document) -> Result<Vec<u8>, PdfError> {
    let created = doc.meta.created.fixed_offset();
    let fonts = Fonts::load()?;

    // Prepare every image once, before layout (which may run more than once), on all
    // cores; the results come back in block order, so numbering stays deterministic.
    let originals: Vec<Vec<u8>> = doc
        .blocks
        .iter_mut()
        .filter_map(|b| match b {
            Block::Image { bytes, .. } => Some(std::mem::take(bytes)),
            _ => None,
        })
        .collect();
    let inputs: Vec<&[u8]> = originals.iter().map(Vec::as_slice).collect();
    let prepared_all = images::prepare_all(&inputs);
    drop(inputs);
    drop(originals);
    let mut prepared_results = prepared_all.into_iter();
    let mut prepared = Vec::new();
    let slots: Vec<Option<ImageSlot>> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Image { .. } => Some(match prepared_results.next() {
                Some(Ok(img)) => {
                    let slot = ImageSlot::Ready { index: prepared.len(), width: img.width, height: img.height };
                    prepared.push(img);
                    slot
                }
                Some(Err(reason)) => ImageSlot::Failed(reason),
                None => ImageSlot::Failed("the image was not prepared".into()),
            }),
            _ => None,
        })
        .collect();

    let laid = flow::layout(&doc, &fonts, &slots);

    let deco = page::Decoration {
        header_left: &doc.header_left,
        header_right: &doc.header_right,
        watermark: doc.watermark.as_deref(),
    };
    let total = laid.pages.len();
    let mut used = UsedChars::default();
    let pages =
        laid.pages.iter().enumerate().map(|(i, p)| page::render_page(p, i, total, &deco, &fonts, &mut used)).collect();

    let mut pdf = PdfDocument::new(&doc.meta.title);
    for kind in FontKind::ALL {
        if let Some(chars) = used.map.get(&kind).filter(|c| !c.is_empty()) {
            pdf.resources.fonts.map.insert(kind.font_id(), fonts.pdf_font(kind, chars)?);
        }
    }
    for (i, img) in prepared.into_iter().enumerate() {
        pdf.resources.xobjects.map.insert(page::image_id(i), img.into_xobject());
    }
    pdf.pages = pages;

    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        // Images are embedded as ready-made streams (see `images`).
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    // The lopdf tree holds its own copy of every image stream; free the printpdf one first.
    drop(pdf);
    meta::finish(&mut lo, &doc.meta, &created, &laid.headings)?;
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| PdfError::Serialize(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::document::{Cell, Column, Meta, Table, TextStyle};

    fn meta() -> Meta {
        Meta {
            title: "Test report".into(),
            author: "Tester".into(),
            subject: "Unit".into(),
            keywords: vec!["a".into()],
            created: chrono::DateTime::parse_from_rfc3339("2025-03-01T09:30:00Z").unwrap().to_utc(),
        }
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document { meta: meta(), header_left: "Left".into(), header_right: "Right".into(), watermark: None, blocks }
    }

    fn laid(d: &Document) -> flow::Laid {
        let fonts = Fonts::load().unwrap();
        let slots: Vec<Option<ImageSlot>> = d
            .blocks
            .iter()
            .map(|b| match b {
                Block::Image { .. } => Some(ImageSlot::Ready { index: 0, width: 800, height: 600 }),
                _ => None,
            })
            .collect();
        flow::layout(d, &fonts, &slots)
    }

    fn texts(p: &flow::Page) -> Vec<String> {
        p.items
            .iter()
            .filter_map(|i| match i {
                flow::Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    fn para(s: &str) -> Block {
        Block::Paragraph { text: s.into(), style: TextStyle::Normal }
    }

    fn heading(level: u8, s: &str) -> Block {
        Block::Heading { level, text: s.into(), toc: true }
    }

    #[test]
    fn empty_document_renders_one_page() {
        let bytes = render_pdf(doc(vec![])).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        assert_eq!(laid(&doc(vec![])).pages.len(), 1);
    }

    #[test]
    fn level1_headings_start_pages_and_toc_knows_them() {
        let d = doc(vec![
            Block::Cover { title: "T".into(), subtitle: "S".into(), lines: vec![("A".into(), "B".into())] },
            Block::Toc,
            heading(1, "One"),
            para("x"),
            heading(1, "Two"),
            heading(2, "Two.a"),
            para("y"),
        ]);
        let l = laid(&d);
        assert!(l.pages[0].cover);
        let pages: Vec<usize> = l.headings.iter().map(|h| h.page).collect();
        assert_eq!(pages, vec![2, 3, 3]);
        // TOC on page 2 (index 1) shows the numbers 3, 4, 4.
        let toc = texts(&l.pages[1]);
        assert!(toc.contains(&"Contents".to_string()));
        assert_eq!(toc.iter().filter(|t| *t == "4").count(), 2, "{toc:?}");
        assert!(toc.contains(&"3".to_string()));
        assert_eq!(l.pages[1].links.len(), 3);
    }

    #[test]
    fn long_toc_spans_pages_and_numbers_account_for_it() {
        let mut blocks = vec![Block::Toc];
        for i in 0..120 {
            blocks.push(heading(1, &format!("Section {i}")));
        }
        let l = laid(&doc(blocks));
        // TOC takes several pages; the first section follows it.
        let toc_pages = l.headings[0].page;
        assert!(toc_pages >= 2, "toc pages: {toc_pages}");
        for (i, h) in l.headings.iter().enumerate() {
            assert_eq!(h.page, toc_pages + i);
        }
        let all: Vec<String> = l.pages[..toc_pages].iter().flat_map(texts).collect();
        assert!(all.contains(&(toc_pages + 1).to_string()));
        assert!(all.contains(&(toc_pages + 120).to_string()));
    }

    #[test]
    fn heading_is_never_alone_at_page_bottom() {
        // Slide a level-2/level-3 heading pair over the page bottom one filler line at a time.
        for fillers in 40..=60 {
            let mut blocks = Vec::new();
            for _ in 0..fillers {
                blocks.push(Block::Paragraph { text: "filler line".into(), style: TextStyle::Small });
            }
            blocks.push(heading(2, "Kept with next"));
            blocks.push(heading(3, "Sub heading"));
            blocks.push(para("The paragraph after the heading, long enough to take a couple of lines when it is wrapped to the text width of an A4 page."));
            let l = laid(&doc(blocks));
            let h = &l.headings[0];
            let t = texts(&l.pages[h.page]);
            let pos = t.iter().position(|s| s == "Kept with next").unwrap();
            assert_eq!(t.get(pos + 1).map(String::as_str), Some("Sub heading"), "fillers={fillers}");
            assert!(t.get(pos + 2).is_some_and(|s| s.starts_with("The paragraph")), "fillers={fillers}: {t:?}");
        }
    }

    fn big_table(rows: usize) -> Table {
        Table {
            columns: vec![
                Column { title: "ID".into(), weight: 1.0 },
                Column { title: "Description".into(), weight: 4.0 },
                Column { title: "Status".into(), weight: 1.0 },
            ],
            rows: (0..rows)
                .map(|i| {
                    vec![
                        Cell::mono(format!("R-{i:04}")),
                        Cell::text("word ".repeat(i % 40 + 1)),
                        Cell::bold("ok").tone("ok"),
                    ]
                })
                .collect(),
        }
    }

    #[test]
    fn table_header_repeats_and_rows_are_not_split() {
        let l = laid(&doc(vec![Block::Table(big_table(200))]));
        assert!(l.pages.len() > 3);
        for p in &l.pages {
            let t = texts(p);
            assert_eq!(t.first().map(String::as_str), Some("ID"), "header first on every page");
        }
        // Every row id appears exactly once.
        let all: Vec<String> = l.pages.iter().flat_map(texts).collect();
        for i in 0..200 {
            let id = format!("R-{i:04}");
            assert_eq!(all.iter().filter(|t| **t == id).count(), 1, "{id}");
        }
        // Nothing below the bottom margin or beyond the right margin.
        for p in &l.pages {
            for item in &p.items {
                if let flow::Item::Text { y, x, text, size, font, .. } = item {
                    assert!(*y >= style::CONTENT_BOTTOM - 1.0, "{text} at {y}");
                    let fonts = Fonts::load().unwrap();
                    let w = fonts.width(*font, *size, text);
                    assert!(x + w <= style::CONTENT_RIGHT + 0.5, "{text} overflows");
                }
            }
        }
    }

    #[test]
    fn a_row_taller_than_a_page_splits_between_lines() {
        let t = Table {
            columns: vec![Column { title: "Text".into(), weight: 1.0 }, Column { title: "More".into(), weight: 2.0 }],
            rows: vec![vec![Cell::text("first"), Cell::text("line\n".repeat(150))], vec![Cell::text("after")]],
        };
        let l = laid(&doc(vec![Block::Table(t)]));
        assert!(l.pages.len() >= 3);
        let all: Vec<String> = l.pages.iter().flat_map(texts).collect();
        assert_eq!(all.iter().filter(|t| *t == "line").count(), 150);
        assert!(texts(&l.pages[1]).contains(&"(continued)".to_string()));
        assert!(all.contains(&"after".to_string()));
        for p in &l.pages {
            assert_eq!(texts(p).first().map(String::as_str), Some("Text"));
        }
    }

    #[test]
    fn big_image_goes_to_next_page_when_little_room_is_left() {
        let mut blocks = Vec::new();
        for _ in 0..45 {
            blocks.push(para("filler"));
        }
        blocks.push(Block::Image { bytes: vec![], caption: "Figure".into() });
        let l = laid(&doc(blocks));
        let img_page =
            l.pages.iter().position(|p| p.items.iter().any(|i| matches!(i, flow::Item::Image { .. }))).unwrap();
        assert_eq!(img_page, 1);
        let (w, h) = l.pages[1]
            .items
            .iter()
            .find_map(|i| match i {
                flow::Item::Image { w, h, .. } => Some((*w, *h)),
                _ => None,
            })
            .unwrap();
        assert!((w / h - 800.0 / 600.0).abs() < 0.01, "aspect kept");
        assert!(w <= style::CONTENT_W + 0.01);
    }

    #[test]
    fn tall_image_is_scaled_to_the_page_height() {
        let d = doc(vec![heading(1, "Evidence"), Block::Image { bytes: vec![], caption: "Tall".into() }]);
        let fonts = Fonts::load().unwrap();
        let slots = vec![None, Some(ImageSlot::Ready { index: 0, width: 600, height: 3000 })];
        let l = flow::layout(&d, &fonts, &slots);
        assert_eq!(l.pages.len(), 1);
        let (y, w, h) = l.pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                flow::Item::Image { y, w, h, .. } => Some((*y, *w, *h)),
                _ => None,
            })
            .unwrap();
        assert!(y >= style::CONTENT_BOTTOM, "inside the frame");
        assert!((h / w - 5.0).abs() < 0.01, "aspect kept");
        let texts = texts(&l.pages[0]);
        assert!(texts.contains(&"Tall".to_string()), "caption on the same page");
    }

    #[test]
    fn failed_image_becomes_a_notice() {
        let d = doc(vec![Block::Image { bytes: b"junk".to_vec(), caption: "Diagram".into() }]);
        let bytes = render_pdf(d.clone()).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        let fonts = Fonts::load().unwrap();
        let slots = vec![Some(ImageSlot::Failed("not a PNG or JPEG image".into()))];
        let l = flow::layout(&d, &fonts, &slots);
        let t = texts(&l.pages[0]).join(" ");
        assert!(t.contains("Diagram — could not be rendered: not a PNG or JPEG image"), "{t}");
    }

    fn encoded(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    /// A photo-like test picture (smooth colour field with a disc).
    fn photo(w: u32, h: u32) -> image::RgbImage {
        image::RgbImage::from_fn(w, h, |x, y| {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let d = ((fx - 0.6).powi(2) + (fy - 0.4).powi(2)).sqrt();
            if d < 0.2 {
                image::Rgb([230, (180.0 * (1.0 - d * 4.0)) as u8, 40])
            } else {
                image::Rgb([(60.0 + 120.0 * fx) as u8, (110.0 + 90.0 * fy) as u8, 200])
            }
        })
    }

    #[test]
    fn images_are_embedded_as_jpeg_or_png_predictor_streams() {
        use image::{DynamicImage, ImageFormat};
        let jpeg = encoded(DynamicImage::ImageRgb8(photo(640, 480)), ImageFormat::Jpeg);
        let grey = encoded(
            DynamicImage::ImageLuma8(image::GrayImage::from_fn(320, 240, |x, y| image::Luma([((x + y) % 256) as u8]))),
            ImageFormat::Jpeg,
        );
        let screenshot = encoded(
            DynamicImage::ImageRgb8(image::RgbImage::from_fn(800, 500, |x, y| {
                if y < 40 {
                    image::Rgb([31, 58, 95])
                } else if (y % 24) < 10 && (x % 90) < 70 && x > 20 && x < 700 {
                    image::Rgb([40, 40, 40])
                } else {
                    image::Rgb([250, 250, 250])
                }
            })),
            ImageFormat::Png,
        );
        let alpha = encoded(
            DynamicImage::ImageRgba8(image::RgbaImage::from_fn(400, 200, |x, _| {
                image::Rgba([0, 120, 60, if x < 200 { 255 } else { 64 }])
            })),
            ImageFormat::Png,
        );
        let big = encoded(DynamicImage::ImageRgb8(photo(2400, 1600)), ImageFormat::Jpeg);
        let mut corrupt = jpeg.clone();
        corrupt.truncate(300);
        let image = |bytes: &Vec<u8>, caption: &str| Block::Image { bytes: bytes.clone(), caption: caption.into() };
        let d = doc(vec![
            heading(1, "Images"),
            image(&jpeg, "Photo (JPEG, passed through)"),
            image(&grey, "Grey JPEG (passed through)"),
            image(&screenshot, "Screenshot (PNG, passed through)"),
            image(&alpha, "Transparent PNG (flattened, lossless)"),
            image(&big, "Large JPEG (downscaled, re-encoded)"),
            image(&corrupt, "Truncated JPEG"),
        ]);
        let bytes = render_pdf(d.clone()).unwrap();
        if let Ok(out) = std::env::var("SAQDESK_PDF_IMAGES_OUT") {
            std::fs::write(out, &bytes).unwrap();
        }
        assert!(bytes == render_pdf(d.clone()).unwrap(), "two renders differ");

        let lo = lopdf::Document::load_mem(&bytes).unwrap();
        // (width, height, filter, content, has DecodeParms)
        type Found = (i64, i64, Vec<u8>, Vec<u8>, bool);
        let mut found: Vec<Found> = lo
            .objects
            .values()
            .filter_map(|o| match o {
                lopdf::Object::Stream(s) if s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Image") => {
                    let int = |k: &[u8]| s.dict.get(k).unwrap().as_i64().unwrap();
                    let filter = s.dict.get(b"Filter").unwrap().as_name().unwrap().to_vec();
                    Some((int(b"Width"), int(b"Height"), filter, s.content.clone(), s.dict.has(b"DecodeParms")))
                }
                _ => None,
            })
            .collect();
        found.sort_by_key(|f| (f.0, f.1));
        let summary: Vec<(i64, i64, &[u8], bool)> = found.iter().map(|f| (f.0, f.1, f.2.as_slice(), f.4)).collect();
        assert_eq!(
            summary,
            [
                (320, 240, &b"DCTDecode"[..], false),
                (400, 200, &b"FlateDecode"[..], true),
                (640, 480, &b"DCTDecode"[..], false),
                (800, 500, &b"FlateDecode"[..], true),
                (1600, 1067, &b"DCTDecode"[..], false),
            ]
        );
        assert!(found[0].3 == grey && found[2].3 == jpeg, "JPEGs passed through");
        let t = laid_with_images(&d);
        assert!(t.contains("Truncated JPEG — could not be rendered:"), "{t}");
    }

    fn laid_with_images(d: &Document) -> String {
        let fonts = Fonts::load().unwrap();
        let inputs: Vec<&[u8]> = d
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Image { bytes, .. } => Some(bytes.as_slice()),
                _ => None,
            })
            .collect();
        let mut prepared = images::prepare_all(&inputs).into_iter().enumerate();
        let slots: Vec<Option<ImageSlot>> = d
            .blocks
            .iter()
            .map(|b| match b {
                Block::Image { .. } => Some(match prepared.next().unwrap() {
                    (i, Ok(p)) => ImageSlot::Ready { index: i, width: p.width, height: p.height },
                    (_, Err(e)) => ImageSlot::Failed(e),
                }),
                _ => None,
            })
            .collect();
        let l = flow::layout(d, &fonts, &slots);
        l.pages.iter().flat_map(texts).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn output_is_deterministic() {
        let d = doc(vec![
            Block::Cover { title: "Zoë Łódź".into(), subtitle: "€".into(), lines: vec![] },
            Block::Toc,
            heading(1, "One"),
            Block::Table(big_table(30)),
        ]);
        let a = render_pdf(d.clone()).unwrap();
        let b = render_pdf(d.clone()).unwrap();
        assert_eq!(a, b);
    }
}
