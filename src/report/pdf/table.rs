//! Tables and label/value field lists: cell wrapping, row pagination with a repeated
//! header, grid lines and status tints.

use crate::report::document::Table;

use super::flow::{Flow, Item};
use super::fonts::FontKind;
use super::layout::{ellipsize, Line};
use super::style::*;

const EPS: f32 = 0.01;

#[derive(Debug, Clone)]
pub struct Cell {
    pub lines: Vec<Line>,
    pub spec: TextSpec,
    pub fill: Option<Rgb>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Number of text lines of the tallest cell (at least 1).
    pub lines: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Grid {
    /// Thin lines around every cell.
    Full,
    /// Only a light rule between rows (field lists).
    Rules,
}

#[derive(Debug, Clone)]
pub struct TableLayout {
    /// Column edges, `columns + 1` values from the left margin to the right margin.
    pub col_x: Vec<f32>,
    pub header: Option<Row>,
    pub rows: Vec<Row>,
    pub grid: Grid,
    pub leading: f32,
    pub pad_x: f32,
    pub pad_y: f32,
}

impl TableLayout {
    /// Height of lines `a..b` of `row`, padding included.
    pub fn row_height(&self, _row: &Row, a: usize, b: usize) -> f32 {
        2.0 * self.pad_y + b.saturating_sub(a) as f32 * self.leading
    }

    fn columns(&self) -> usize {
        self.col_x.len().saturating_sub(1)
    }
}

/// Column edges for `weights` spread over the text width. Weights that are not positive
/// finite numbers count as 1; the rest are clamped to 0.001..=10⁶.
pub fn column_edges(weights: &[f32]) -> Vec<f32> {
    let w: Vec<f32> =
        weights.iter().map(|w| if w.is_finite() && *w > 0.0 { w.clamp(1e-3, 1e6) } else { 1.0 }).collect();
    let sum: f32 = w.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    let mut edges = Vec::with_capacity(w.len() + 1);
    let mut x = CONTENT_LEFT;
    edges.push(x);
    for wi in &w {
        x += CONTENT_W * wi / sum;
        edges.push(x);
    }
    if let Some(last) = edges.last_mut() {
        *last = CONTENT_RIGHT;
    }
    edges
}

fn cell_spec(bold: bool, monospace: bool) -> TextSpec {
    let font = match (monospace, bold) {
        (true, true) => FontKind::MonoBold,
        (true, false) => FontKind::Mono,
        (false, true) => FontKind::Bold,
        (false, false) => FontKind::Regular,
    };
    // DejaVu Sans Mono sets large; a slightly smaller size matches the sans text optically.
    let size = if monospace { TABLE_SIZE - 0.5 } else { TABLE_SIZE };
    TextSpec::new(font, size, TABLE_LEADING, INK)
}

impl Flow<'_> {
    fn make_row(&self, col_x: &[f32], pad_x: f32, cells: Vec<(&str, TextSpec, Option<Rgb>)>) -> Row {
        let mut out = Vec::with_capacity(cells.len());
        let mut lines = 1;
        for (c, (text, spec, fill)) in cells.into_iter().enumerate() {
            let width = col_x.get(c + 1).zip(col_x.get(c)).map(|(r, l)| r - l).unwrap_or(0.0) - 2.0 * pad_x;
            let wrapped = self.wrap(spec, text, width);
            lines = lines.max(wrapped.len());
            out.push(Cell { lines: wrapped, spec, fill });
        }
        Row { cells: out, lines }
    }

    pub(super) fn prepare_table(&self, table: &Table) -> TableLayout {
        self.prepare_table_head(table, usize::MAX)
    }

    /// Lays out the header and at most `limit` rows.
    pub(super) fn prepare_table_head(&self, table: &Table, limit: usize) -> TableLayout {
        let ncols = if table.columns.is_empty() {
            table.rows.iter().map(|r| r.len()).max().unwrap_or(0).max(1)
        } else {
            table.columns.len()
        };
        let weights: Vec<f32> =
            if table.columns.is_empty() { vec![1.0; ncols] } else { table.columns.iter().map(|c| c.weight).collect() };
        let col_x = column_edges(&weights);
        let pad_x = CELL_PAD_X;
        let header_spec = TextSpec::new(FontKind::Bold, TABLE_SIZE, TABLE_LEADING, INK);
        let header = if table.columns.iter().any(|c| !c.title.trim().is_empty()) {
            let cells = table.columns.iter().map(|c| (c.title.as_str(), header_spec, Some(HEADER_FILL))).collect();
            Some(self.make_row(&col_x, pad_x, cells))
        } else {
            None
        };
        let rows = table
            .rows
            .iter()
            .take(limit)
            .map(|row| {
                let cells = (0..ncols)
                    .map(|c| match row.get(c) {
                        Some(cell) => {
                            (cell.text.as_str(), cell_spec(cell.bold, cell.monospace), tone_fill(cell.tone.as_deref()))
                        }
                        None => ("", cell_spec(false, false), None),
                    })
                    .collect();
                self.make_row(&col_x, pad_x, cells)
            })
            .collect();
        TableLayout { col_x, header, rows, grid: Grid::Full, leading: TABLE_LEADING, pad_x, pad_y: CELL_PAD_Y }
    }

    pub(super) fn prepare_fields(&self, rows: &[(String, String)]) -> TableLayout {
        let col_x = column_edges(&[FIELDS_LABEL_SHARE, 1.0 - FIELDS_LABEL_SHARE]);
        let label = TextSpec::new(FontKind::Bold, FIELDS_SIZE - 0.5, FIELDS_LEADING, MUTED);
        let value = TextSpec::new(FontKind::Regular, FIELDS_SIZE, FIELDS_LEADING, INK);
        let pad_x = 3.0;
        let rows = rows
            .iter()
            .map(|(l, v)| self.make_row(&col_x, pad_x, vec![(l.as_str(), label, None), (v.as_str(), value, None)]))
            .collect();
        TableLayout { col_x, header: None, rows, grid: Grid::Rules, leading: FIELDS_LEADING, pad_x, pad_y: 3.5 }
    }

    /// Places a prepared table: rows never split between lines unless a single row is
    /// taller than a page; the header is repeated at the top of every page.
    pub(super) fn table(&mut self, t: &TableLayout) {
        if t.rows.is_empty() && t.header.is_none() {
            return;
        }
        let header_h = t.header.as_ref().map(|h| t.row_height(h, 0, h.lines)).unwrap_or(0.0);
        let page_room = CONTENT_H - header_h;
        let first_need = t
            .rows
            .first()
            .map(|r| {
                let full = t.row_height(r, 0, r.lines);
                if full <= page_room {
                    full
                } else {
                    t.row_height(r, 0, r.lines.min(2))
                }
            })
            .unwrap_or(0.0);
        self.ensure(header_h + first_need);
        self.table_top(t);
        for row in &t.rows {
            let h = t.row_height(row, 0, row.lines);
            if h <= self.remaining() + EPS {
                self.table_segment(t, row, 0, row.lines);
                continue;
            }
            if h <= page_room + EPS {
                self.new_page();
                self.table_top(t);
                self.table_segment(t, row, 0, row.lines);
                continue;
            }
            // Taller than a page: split between lines.
            let mut a = 0;
            let mut just_started = false;
            while a < row.lines {
                let room = self.remaining() - 2.0 * t.pad_y + EPS;
                let mut fit = if room > 0.0 { (room / t.leading).floor() as usize } else { 0 };
                if just_started {
                    fit = fit.max(1);
                }
                if fit < 2.min(row.lines - a) {
                    self.new_page();
                    self.table_top(t);
                    just_started = true;
                    continue;
                }
                let b = (a + fit).min(row.lines);
                self.table_segment(t, row, a, b);
                a = b;
                if a < row.lines {
                    self.new_page();
                    self.table_top(t);
                    just_started = true;
                }
            }
        }
        self.y -= TABLE_GAP;
    }

    /// Top of a table on a page: the header row, or a top rule when there is none.
    fn table_top(&mut self, t: &TableLayout) {
        let (x1, x2) = (CONTENT_LEFT, CONTENT_RIGHT);
        let (width, color) = match t.grid {
            Grid::Full => (GRID_WIDTH, GRID),
            Grid::Rules => (GRID_WIDTH, SEPARATOR),
        };
        self.push(Item::Rule { x1, y1: self.y, x2, y2: self.y, width, color });
        if let Some(header) = &t.header {
            self.table_segment(t, header, 0, header.lines);
        }
    }

    /// Draws lines `a..b` of `row` at the current position and moves below it.
    fn table_segment(&mut self, t: &TableLayout, row: &super::table::Row, a: usize, b: usize) {
        let top = self.y;
        let h = t.row_height(row, a, b);
        let bottom = top - h;
        let n = t.columns();
        for (c, cell) in row.cells.iter().enumerate().take(n) {
            if let Some(color) = cell.fill {
                let (l, r) = (t.col_x[c], t.col_x[c + 1]);
                self.push(Item::Fill { x: l, y: bottom, w: r - l, h, color });
            }
        }
        for (c, cell) in row.cells.iter().enumerate().take(n) {
            let x = t.col_x[c] + t.pad_x;
            // A continued row repeats what identifies it (its first cell's first line),
            // when that cell has nothing left of its own to show.
            if a > 0 && c == 0 && cell.lines.len() <= a {
                if let Some(first) = cell.lines.first().filter(|l| !l.text.is_empty()) {
                    let text = first.text.clone();
                    self.text_at(x, top - t.pad_y, cell.spec, &text);
                    if b - a >= 2 {
                        let cont = TextSpec { font: FontKind::Italic, color: MUTED, ..cell.spec };
                        let width = t.col_x[1] - t.col_x[0] - 2.0 * t.pad_x;
                        let label = ellipsize(self.fonts, cont.font, cont.size, "(continued)", width);
                        self.text_at(x, top - t.pad_y - t.leading, cont, &label);
                    }
                }
                continue;
            }
            for k in a..b.min(cell.lines.len()) {
                let line_top = top - t.pad_y - (k - a) as f32 * t.leading;
                let text = &cell.lines[k].text;
                self.text_at(x, line_top, cell.spec, text);
            }
        }
        match t.grid {
            Grid::Full => {
                self.push(Item::Rule {
                    x1: CONTENT_LEFT,
                    y1: bottom,
                    x2: CONTENT_RIGHT,
                    y2: bottom,
                    width: GRID_WIDTH,
                    color: GRID,
                });
                for x in t.col_x.clone() {
                    self.push(Item::Rule { x1: x, y1: top, x2: x, y2: bottom, width: GRID_WIDTH, color: GRID });
                }
            }
            Grid::Rules => {
                self.push(Item::Rule {
                    x1: CONTENT_LEFT,
                    y1: bottom,
                    x2: CONTENT_RIGHT,
                    y2: bottom,
                    width: GRID_WIDTH,
                    color: SEPARATOR,
                });
            }
        }
        self.y = bottom;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_edges_span_the_text_width() {
        let e = column_edges(&[1.0, 3.0]);
        assert_eq!(e.len(), 3);
        assert!((e[0] - CONTENT_LEFT).abs() < 1e-3);
        assert!((e[2] - CONTENT_RIGHT).abs() < 1e-3);
        assert!(((e[1] - e[0]) * 3.0 - (e[2] - e[1])).abs() < 1e-2);
        // Bad weights count as 1.
        let e = column_edges(&[f32::NAN, -2.0, 0.0]);
        assert!(((e[1] - e[0]) - (e[2] - e[1])).abs() < 1e-2);
    }
}
