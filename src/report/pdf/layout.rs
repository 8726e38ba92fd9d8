//! Measuring and wrapping text by glyph advances.

use super::fonts::{FontKind, Fonts};

/// One wrapped line and its measured width (points).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub width: f32,
}

/// Characters after which an overlong word (a path, a URL, a hash) may break before the
/// hard character-wise fallback is used.
fn is_soft_break(c: char) -> bool {
    matches!(c, '/' | '\\' | '-' | '_' | '.' | ',' | ';' | ':' | '=' | '&' | '?' | '|' | '+')
}

/// Word-wraps `text` (already sanitised for `font`) into lines no wider than `max_width`.
///
/// `\n` is a hard break; runs of spaces collapse. A word wider than the line is broken:
/// after a separator such as `/` or `-` when one falls in the back part of the line, else
/// between characters. Every line holds at least one character, so this always terminates
/// and never returns an empty vector (an empty text gives one empty line).
pub fn wrap(fonts: &Fonts, font: FontKind, size: f32, text: &str, max_width: f32) -> Vec<Line> {
    let max_width = if max_width.is_finite() { max_width.max(0.0) } else { 0.0 };
    let space = fonts.width(font, size, " ");
    let mut out = Vec::new();
    for hard in text.split('\n') {
        let mut cur = String::new();
        let mut cur_w = 0.0f32;
        let mut any = false;
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            any = true;
            let w = fonts.width(font, size, word);
            if !cur.is_empty() && cur_w + space + w <= max_width + 1e-3 {
                cur.push(' ');
                cur.push_str(word);
                cur_w += space + w;
                continue;
            }
            if !cur.is_empty() {
                out.push(Line { text: std::mem::take(&mut cur), width: cur_w });
                cur_w = 0.0;
            }
            if w <= max_width + 1e-3 {
                cur.push_str(word);
                cur_w = w;
            } else {
                let mut pieces = break_word(fonts, font, size, word, max_width);
                // The last piece stays open so following words can join it.
                if let Some(last) = pieces.pop() {
                    out.extend(pieces);
                    cur = last.text;
                    cur_w = last.width;
                }
            }
        }
        if !cur.is_empty() || !any {
            out.push(Line { text: cur, width: cur_w });
        }
    }
    if out.is_empty() {
        out.push(Line { text: String::new(), width: 0.0 });
    }
    out
}

/// Like [`wrap`], but for centred display text: keeps the line count of a plain wrap at
/// `max_width` while making the lines as even as possible (no short last line).
pub fn wrap_balanced(fonts: &Fonts, font: FontKind, size: f32, text: &str, max_width: f32) -> Vec<Line> {
    let plain = wrap(fonts, font, size, text, max_width);
    if plain.len() < 2 {
        return plain;
    }
    // Never narrower than the widest word, so balancing never breaks inside a word.
    let widest_word = text.split([' ', '\n']).map(|w| fonts.width(font, size, w)).fold(0.0f32, f32::max).min(max_width);
    let (mut lo, mut hi) = (widest_word, max_width);
    for _ in 0..16 {
        let mid = (lo + hi) / 2.0;
        if wrap(fonts, font, size, text, mid).len() <= plain.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap(fonts, font, size, text, hi)
}

/// Breaks one overlong word into pieces that each fit `max_width` (each at least one char).
fn break_word(fonts: &Fonts, font: FontKind, size: f32, word: &str, max_width: f32) -> Vec<Line> {
    let chars: Vec<(char, f32)> = word.chars().map(|c| (c, fonts.advance(font, c).unwrap_or(0.5) * size)).collect();
    let mut out = Vec::new();
    let mut start = 0usize;
    while start < chars.len() {
        // Longest run from `start` that fits.
        let mut w = 0.0f32;
        let mut end = start;
        while end < chars.len() && (end == start || w + chars[end].1 <= max_width + 1e-3) {
            w += chars[end].1;
            end += 1;
        }
        // Prefer to end the piece after a separator in its back 40 %.
        if end < chars.len() {
            let mut acc = 0.0f32;
            let mut best = None;
            for (i, (c, cw)) in chars[start..end].iter().enumerate() {
                acc += cw;
                if is_soft_break(*c) && acc >= max_width * 0.6 && start + i + 1 < end {
                    best = Some((start + i + 1, acc));
                }
            }
            if let Some((b, bw)) = best {
                end = b;
                w = bw;
            }
        }
        out.push(Line { text: chars[start..end].iter().map(|(c, _)| *c).collect(), width: w });
        start = end;
    }
    out
}

/// Shortens `text` with an ellipsis so that it fits `max_width` (for one-line slots such
/// as the running header).
pub fn ellipsize(fonts: &Fonts, font: FontKind, size: f32, text: &str, max_width: f32) -> String {
    if fonts.width(font, size, text) <= max_width {
        return text.to_string();
    }
    let ell = fonts.width(font, size, "…");
    let mut w = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        let cw = fonts.advance(font, c).unwrap_or(0.5) * size;
        if w + cw + ell > max_width {
            break;
        }
        w += cw;
        out.push(c);
    }
    let trimmed = out.trim_end().to_string();
    trimmed + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().unwrap()
    }

    #[test]
    fn wraps_words_within_width() {
        let f = fonts();
        let text = "The quick brown fox jumps over the lazy dog again and again and again";
        let lines = wrap(&f, FontKind::Regular, 10.0, text, 100.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 100.0 + 1e-3, "{l:?}");
            assert!((f.width(FontKind::Regular, 10.0, &l.text) - l.width).abs() < 0.01);
        }
        let joined: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn breaks_overlong_hex_character_wise() {
        let f = fonts();
        let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let lines = wrap(&f, FontKind::Mono, 8.0, hex, 80.0);
        assert!(lines.len() >= 3);
        for l in &lines {
            assert!(l.width <= 80.0 + 1e-3);
        }
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined, hex);
    }

    #[test]
    fn prefers_separators_in_long_paths() {
        let f = fonts();
        let path = "evidence/2025/network-diagrams/cardholder-data-environment-final-v3.png";
        let lines = wrap(&f, FontKind::Regular, 8.0, path, 120.0);
        assert!(lines.len() >= 2);
        assert!(lines[0].text.ends_with('/') || lines[0].text.ends_with('-'), "{lines:?}");
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined, path);
    }

    #[test]
    fn hard_breaks_and_degenerate_widths() {
        let f = fonts();
        let lines = wrap(&f, FontKind::Regular, 10.0, "a\n\nb", 100.0);
        assert_eq!(lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["a", "", "b"]);
        assert_eq!(wrap(&f, FontKind::Regular, 10.0, "", 100.0).len(), 1);
        // Zero width: one character per line, no endless loop.
        let lines = wrap(&f, FontKind::Regular, 10.0, "abc", 0.0);
        assert_eq!(lines.len(), 3);
        let lines = wrap(&f, FontKind::Regular, 10.0, "abc def", f32::NAN);
        assert!(!lines.is_empty());
    }

    #[test]
    fn balanced_wrap_evens_out_lines() {
        let f = fonts();
        let text = "PCI DSS v4.0.1 Self-Assessment — SAQ A";
        let plain = wrap(&f, FontKind::Bold, 26.0, text, 493.0);
        let even = wrap_balanced(&f, FontKind::Bold, 26.0, text, 493.0);
        assert_eq!(plain.len(), 2, "{plain:?}");
        assert_eq!(plain.len(), even.len());
        let spread = |v: &[Line]| {
            v.iter().map(|l| l.width).fold(0.0f32, f32::max) - v.iter().map(|l| l.width).fold(f32::MAX, f32::min)
        };
        assert!(spread(&even) < spread(&plain));
        assert!(even.iter().all(|l| l.width <= 493.0), "{even:?}");
    }

    #[test]
    fn ellipsize_fits() {
        let f = fonts();
        let s = ellipsize(&f, FontKind::Regular, 8.0, "A very long running header text indeed", 60.0);
        assert!(s.ends_with('…'));
        assert!(f.width(FontKind::Regular, 8.0, &s) <= 60.0);
        assert_eq!(ellipsize(&f, FontKind::Regular, 8.0, "short", 60.0), "short");
    }
}
