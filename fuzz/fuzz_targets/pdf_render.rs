#![no_main]
// Answer text, file names and merchant names are arbitrary: the PDF layout must handle any of them.
use libfuzzer_sys::fuzz_target;
use saqdesk::report::document::*;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let parts: Vec<&str> = text.splitn(4, '\u{1}').collect();
    let get = |i: usize| parts.get(i).copied().unwrap_or("").to_string();
    let doc = Document {
        meta: Meta { title: get(0), author: get(1), subject: get(2), keywords: vec![get(3)], created: "2026-11-23T10:00:00Z".into() },
        header_left: get(0),
        header_right: get(1),
        watermark: Some("DRAFT".into()),
        blocks: vec![
            Block::Cover { title: get(0), subtitle: get(1), lines: vec![(get(2), get(3))] },
            Block::Toc,
            Block::Heading { level: 1, text: get(0), toc: true },
            Block::Paragraph { text: text.clone(), style: TextStyle::Normal },
            Block::Fields { rows: vec![(get(1), text.clone())] },
            Block::Table(Table {
                columns: vec![Column { title: get(2), weight: 1.0 }, Column { title: get(3), weight: 3.0 }],
                rows: vec![vec![Cell::bold(get(0)), Cell::mono(text.clone())], vec![Cell::text(get(1)), Cell::text(get(2)).tone("bad")]],
            }),
            Block::Image { bytes: data.to_vec(), caption: get(3) },
        ],
    };
    saqdesk::report::pdf::render_pdf(doc).expect("any text renders");
});
