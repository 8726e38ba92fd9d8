//! A report as a list of layout blocks: what the PDF drawer lays out page by page. The report
//! builder fills it from the report model; the drawer knows nothing about PCI DSS.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub meta: Meta,
    /// Shown in the running header of every page (e.g. "Zoë Łódź Ltd · SAQ A").
    pub header_left: String,
    pub header_right: String,
    /// Diagonal watermark on every page (e.g. "DRAFT"), or none.
    pub watermark: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Goes into the PDF info dictionary and XMP. Never the wall clock: passed in.
    pub created: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub enum Block {
    /// Big centred title page content; always starts page 1.
    Cover {
        title: String,
        subtitle: String,
        lines: Vec<(String, String)>,
    },
    /// Table of contents: every Heading with `toc: true`, with its page number.
    Toc,
    /// `level` 1 starts a new page; 1 and 2 get a PDF bookmark (outline entry), nested by level.
    Heading {
        level: u8,
        text: String,
        toc: bool,
    },
    Paragraph {
        text: String,
        style: TextStyle,
    },
    /// Label/value rows (AOC fields), label column about a third of the width.
    Fields {
        rows: Vec<(String, String)>,
    },
    Table(Table),
    Image {
        bytes: Vec<u8>,
        caption: String,
    },
    /// A line instead of an image that could not be decoded.
    Notice {
        text: String,
    },
    PageBreak,
    Spacer {
        points: f32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TextStyle {
    Normal,
    Small,
    Bold,
    Italic,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Column headings, repeated at the top of every page the table spans.
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub title: String,
    /// Relative width; the drawer scales all columns to the text width.
    pub weight: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub text: String,
    pub bold: bool,
    pub monospace: bool,
    /// Optional background tint for status cells: one of "ok", "warn", "bad".
    pub tone: Option<String>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Self { text: s.into(), bold: false, monospace: false, tone: None }
    }
    pub fn bold(s: impl Into<String>) -> Self {
        Self { text: s.into(), bold: true, monospace: false, tone: None }
    }
    pub fn mono(s: impl Into<String>) -> Self {
        Self { text: s.into(), bold: false, monospace: true, tone: None }
    }
    pub fn tone(mut self, tone: &str) -> Self {
        self.tone = Some(tone.to_string());
        self
    }
}
