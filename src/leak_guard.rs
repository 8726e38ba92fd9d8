//! The leak guard: SAQ Desk must never become a place where card data or API secrets live.
//!
//! Every free-text field and every text-like evidence file passes through [`scan`] before it is
//! written; a finding refuses the whole write and names the field. [`redact`] masks what an earlier
//! version let in (the sweep).
//!
//! How a card number is found: the text is cut into digit groups (unbroken runs of digits), and
//! groups joined by exactly one space, dash or dot (or their no-break and typographic forms) make a
//! chain. Every window of consecutive groups in a chain that is laid out like a written card
//! number — one unbroken group, groups of four with a shorter last group, or the Amex and Diners
//! layouts 4-6-5 and 4-6-4 — and holds 13–19 digits is Luhn-checked. So a number is found with its expiry date, security code, an amount or a second
//! number written next to it, at either end of a line, and beside letters or punctuation.
//!
//! What is deliberately let through, because it looks like a number but is not one: a single group
//! is taken whole (a 20-digit reference does not hide a card number); groups laid out otherwise
//! never make a window (requirement IDs such as 8.3.6, dates, times, versions, amounts, telephone
//! numbers, IP addresses, UUIDs); IBANs with a valid check digit and hex digests are set aside
//! before the search; and no window starts inside an international telephone number (`+44 20 7946
//! 0958`). A card number written in groups of other sizes (41 11 11…, 411 111…), or straight after
//! a `+` and a country code, is not found.

use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::OnceLock;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum LeakKind {
    CardNumber,
    StripeSecretKey,
    StripeRestrictedKey,
    StripeWebhookSecret,
}

impl LeakKind {
    pub fn describe(&self) -> &'static str {
        match self {
            LeakKind::CardNumber => "a card number (13–19 digits that pass the Luhn check)",
            LeakKind::StripeSecretKey => "a Stripe secret API key",
            LeakKind::StripeRestrictedKey => "a Stripe restricted API key",
            LeakKind::StripeWebhookSecret => "a Stripe webhook signing secret",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    pub kind: LeakKind,
    /// What was found, masked so the refusal message never repeats the secret.
    pub masked: String,
    /// 1-based line within the scanned text.
    pub line: usize,
    /// Where it sits in the scanned text (bytes), for redaction; never shown.
    #[serde(skip)]
    pub span: Range<usize>,
}

impl Finding {
    pub fn explain(&self) -> String {
        format!(
            "contains {}: {} on line {}. SAQ Desk never stores card data or API secrets — remove it or mask it (e.g. last four digits)",
            self.kind.describe(),
            self.masked,
            self.line
        )
    }

    /// What the sweep writes in place of the finding: the card's last four digits, or the key's
    /// prefix and last four characters. Neither can be scanned as a secret again.
    pub fn replacement(&self) -> String {
        match self.kind {
            LeakKind::CardNumber => format!("[card ending {}]", &self.masked[self.masked.len() - 4..]),
            _ => format!("[{}]", self.masked),
        }
    }
}

/// A Stripe secret starts a word or follows a digit or punctuation: `42sk_live_…` is a key pasted
/// after a number, `disk_test_…` is not a key.
fn key_pattern() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"(?:^|[^A-Za-z_])(?P<key>(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9]{8,})")
            .expect("static pattern")
    })
}

/// Things laid out like a card number's groups that are not one. Each match is checked further in
/// [`look_alikes`] before it is set aside, so a loose match cannot hide a card number. (Dates,
/// times, telephone numbers, IP addresses, UUIDs and requirement IDs need no pattern: their groups
/// are not laid out like a card number's.)
fn look_alike_pattern() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(concat!(
            // IBANs, plain or in groups of four: DE89 3704 0044 0532 0130 00.
            r"(?P<iban>(?-u:\b)[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?-u:\b))",
            // Hex digests (MD5 to SHA-512): the digit runs inside them are random.
            r"|(?P<hex>(?-u:\b)[0-9a-fA-F]{32,128}(?-u:\b))",
        ))
        .expect("static pattern")
    })
}

/// Byte ranges of `text` that hold look-alikes, in order.
fn look_alikes(text: &str) -> Vec<Range<usize>> {
    look_alike_pattern()
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let s = m.as_str();
            let keep = if c.name("iban").is_some() {
                iban_valid(s)
            } else {
                [32, 40, 56, 64, 96, 128].contains(&s.len()) && s.bytes().any(|b| b.is_ascii_alphabetic())
            };
            keep.then(|| m.range())
        })
        .collect()
}

/// ISO 13616: move the first four characters to the end, letters to 10–35, remainder 97 is 1.
fn iban_valid(s: &str) -> bool {
    let compact: Vec<u8> = s.bytes().filter(|b| *b != b' ').collect();
    if !(15..=34).contains(&compact.len()) {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in compact[4..].iter().chain(&compact[..4]) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

pub fn luhn_valid(digits: &[u8]) -> bool {
    luhn_valid_iter(digits.iter().copied())
}

fn luhn_valid_iter(digits: impl DoubleEndedIterator<Item = u8>) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.rev().enumerate() {
        let mut v = u32::from(d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// The length in bytes of a group separator starting at `rest`, if it starts with one: a single
/// space, dash or dot, or the no-break spaces and dashes that text copied from a web page or a
/// word processor carries instead.
fn separator_len(rest: &[u8]) -> Option<usize> {
    match rest {
        [b' ' | b'-' | b'.', ..] => Some(1),
        [0xC2, 0xA0, ..] => Some(2),                                   // no-break space
        [0xE2, 0x80, 0x89 | 0xAF | 0x90 | 0x91 | 0x93, ..] => Some(3), // thin/narrow spaces, hyphens, en dash
        _ => None,
    }
}

/// One unbroken run of digits.
#[derive(Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

impl Group {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// Chains of digit groups joined by single separators, with look-alikes taken out.
fn chains(text: &str, skip: &[Range<usize>]) -> Vec<Vec<Group>> {
    let b = text.as_bytes();
    let mut out: Vec<Vec<Group>> = Vec::new();
    let mut chain: Vec<Group> = Vec::new();
    let mut skip = skip.iter().peekable();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let g = Group { start, end: i };
        while skip.peek().is_some_and(|r| r.end <= g.start) {
            skip.next();
        }
        let skipped = skip.peek().is_some_and(|r| r.start < g.end);
        let joined = chain.last().is_some_and(|prev| separator_len(&b[prev.end..]) == Some(g.start - prev.end));
        if (!joined || skipped) && !chain.is_empty() {
            out.push(std::mem::take(&mut chain));
        }
        if !skipped {
            chain.push(g);
        }
    }
    if !chain.is_empty() {
        out.push(chain);
    }
    out
}

/// Every window of a chain written the way card numbers are, as (first group, last group): one
/// unbroken group, or groups of four with a last group of one to four (4-4-4-4, 4-4-4-1,
/// 4-4-4-4-3), or the Amex and Diners layouts 4-6-5 and 4-6-4.
fn card_windows(chain: &[Group], from: usize, out: &mut Vec<(usize, usize)>) {
    for i in from..chain.len() {
        let mut digits = chain[i].len();
        if (13..=19).contains(&digits) {
            out.push((i, i));
        }
        for j in i + 1..chain.len() {
            digits += chain[j].len();
            if digits > 19 {
                break;
            }
            // The body is every group but the last. Growing the window only lengthens it, so once
            // it fits no layout, stop.
            let body = &chain[i..j];
            let fours = body.iter().all(|g| g.len() == 4);
            let amex = body.len() == 2 && body[0].len() == 4 && body[1].len() == 6;
            if !fours && !amex {
                break;
            }
            let last = chain[j].len();
            if digits >= 13 && ((fours && last <= 4) || (amex && (4..=5).contains(&last))) {
                out.push((i, j));
            }
        }
    }
}

/// How many groups at the start of `chain` are an international telephone number: after a `+`, a
/// country code of one to three digits and the groups that bring it to ten digits (no number in
/// the E.164 plan is shorter once a national number is written out). No window starts in them, so
/// "+44 20 7946 0958 2026-01-15" is a call and a date; a number written after them still counts.
fn phone_groups(b: &[u8], chain: &[Group]) -> usize {
    let Some(first) = chain.first() else { return 0 };
    if first.start == 0 || b[first.start - 1] != b'+' || first.len() > 3 {
        return 0;
    }
    let mut digits = 0;
    for (n, g) in chain.iter().enumerate() {
        digits += g.len();
        if digits >= 10 {
            return if digits <= 15 { n + 1 } else { n };
        }
    }
    chain.len()
}

/// A Luhn-valid window: where it is and its digits.
struct Candidate {
    span: Range<usize>,
    digits: Vec<u8>,
}

impl Candidate {
    /// Which of several overlapping windows names the card: one of 16 or 15 digits (how nearly
    /// every card is written) before others, then the one that ends last.
    fn rank(&self) -> (bool, bool, usize) {
        (self.digits.len() == 16, self.digits.len() == 15, self.span.end)
    }
}

fn card_findings(text: &str, out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let skip = look_alikes(text);
    let mut windows = Vec::new();
    for chain in chains(text, &skip) {
        let phone = phone_groups(b, &chain);
        let mut cluster: Vec<Candidate> = Vec::new();
        let flush = |cluster: &mut Vec<Candidate>, out: &mut Vec<Finding>| {
            let Some(best) = cluster.iter().max_by_key(|c| c.rank()) else { return };
            let start = cluster.iter().map(|c| c.span.start).min().unwrap_or(best.span.start);
            let end = cluster.iter().map(|c| c.span.end).max().unwrap_or(best.span.end);
            out.push(Finding {
                kind: LeakKind::CardNumber,
                masked: mask_card(&best.digits),
                line: 0,
                span: start..end,
            });
            cluster.clear();
        };
        windows.clear();
        card_windows(&chain, phone, &mut windows);
        for &(i, j) in &windows {
            let digits = || chain[i..=j].iter().flat_map(|g| b[g.start..g.end].iter().map(|d| d - b'0'));
            if !luhn_valid_iter(digits()) || all_same(digits()) {
                continue;
            }
            let digits: Vec<u8> = digits().collect();
            let span = chain[i].start..chain[j].end;
            // Windows come in order of their first group: one that starts after the cluster's end
            // is a separate number.
            if cluster.iter().map(|c| c.span.end).max().is_some_and(|end| span.start >= end) {
                flush(&mut cluster, out);
            }
            cluster.push(Candidate { span, digits });
        }
        flush(&mut cluster, out);
    }
}

/// Every card number and Stripe secret in `text`, in order of appearance.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    // Cheap exit: most notes do not hold 13 digits in all.
    if b.iter().filter(|c| c.is_ascii_digit()).take(13).count() >= 13 {
        card_findings(text, &mut out);
    }
    if text.contains('_') {
        for m in key_pattern().captures_iter(text).filter_map(|c| c.name("key")) {
            let s = m.as_str();
            let kind = if s.starts_with("sk_") {
                LeakKind::StripeSecretKey
            } else if s.starts_with("rk_") {
                LeakKind::StripeRestrictedKey
            } else {
                LeakKind::StripeWebhookSecret
            };
            out.push(Finding { kind, masked: mask_key(s), line: 0, span: m.range() });
        }
    }
    out.sort_by_key(|f| f.span.start);
    // A key can hold a run of digits that is also a card number: one finding for the place, the
    // wider of the two, so redaction replaces each byte once.
    let mut merged: Vec<Finding> = Vec::with_capacity(out.len());
    for f in out {
        match merged.last_mut() {
            Some(prev) if f.span.start < prev.span.end => {
                let span = prev.span.start..prev.span.end.max(f.span.end);
                if f.span.len() > prev.span.len() {
                    *prev = f;
                }
                prev.span = span;
            }
            _ => merged.push(f),
        }
    }
    let mut out = merged;
    let mut line = 1;
    let mut at = 0;
    for f in &mut out {
        line += b[at..f.span.start].iter().filter(|&&c| c == b'\n').count();
        at = f.span.start;
        f.line = line;
    }
    out
}

/// `text` with every finding replaced by its masked form, and how many were replaced.
pub fn redact(text: &str) -> (String, usize) {
    let found = scan(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in &found {
        out.push_str(&text[at..f.span.start]);
        out.push_str(&f.replacement());
        at = f.span.end;
    }
    out.push_str(&text[at..]);
    (out, found.len())
}

fn all_same(mut d: impl Iterator<Item = u8>) -> bool {
    let Some(first) = d.next() else { return true };
    d.all(|x| x == first)
}

fn mask_card(d: &[u8]) -> String {
    let last4: String = d[d.len() - 4..].iter().map(|x| char::from(b'0' + x)).collect();
    format!("card ending {last4}")
}

/// Keeps the prefix and the last four characters, e.g. `sk_live_…Ab12`.
pub fn mask_key(key: &str) -> String {
    let prefix_end = key.rfind('_').map(|i| i + 1).unwrap_or(0);
    let tail = if key.len() >= prefix_end + 4 { &key[key.len() - 4..] } else { "" };
    format!("{}…{}", &key[..prefix_end], tail)
}

/// Evidence is scanned when it looks like text: the first bytes are valid UTF-8 and hold no NUL.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        // A multi-byte character cut at the 8 KiB boundary is still text.
        Err(e) => e.error_len().is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<LeakKind> {
        scan(s).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn finds_test_cards_in_every_common_form() {
        for s in [
            "4242424242424242",
            "card 4242 4242 4242 4242 used",
            "4242-4242-4242-4242",
            "amex 378282246310005",
            "3782 822463 10005",
            "5555555555554444.",
            "4242.4242.4242.4242",
            "4242\u{a0}4242\u{a0}4242\u{a0}4242",
            "card:4242424242424242;",
            "x4242424242424242y",
        ] {
            assert_eq!(kinds(s), vec![LeakKind::CardNumber], "{s}");
        }
    }

    #[test]
    fn finds_a_card_number_next_to_other_numbers() {
        for (s, last4) in [
            ("4111111111111111 12/25 123", "1111"),
            ("4111-1111-1111-1111 2025", "1111"),
            ("5555555555554444 0925", "4444"),
            ("pay 4012888888881881 4012", "1881"),
            ("2025 4012 8888 8888 1881", "1881"),
            ("ref 12 4012 8888 8888 1881 exp 09 27", "1881"),
            ("order 123456 5555 5555 5555 4444", "4444"),
            ("4222 2222 2222 2 99", "2222"),
            ("+1 415 555 0100 4111 1111 1111 1111", "1111"),
            ("+44 20 7946 0958 5555-5555-5555-4444", "4444"),
        ] {
            let f = scan(s);
            assert_eq!(f.len(), 1, "{s}: {f:?}");
            assert_eq!(f[0].masked, format!("card ending {last4}"), "{s}");
        }
        let two = scan("4111111111111111 5555555555554444");
        assert_eq!(two.len(), 2, "{two:?}");
    }

    #[test]
    fn lets_masked_numbers_and_non_luhn_runs_pass() {
        for s in [
            "4242 **** **** 4242",
            "card ending 4242",
            "disk_test_results_20261123 task_live_updates_enabled",
            "4242424242424241",
            "order 1234567890123",
            "invoice 2024-11-23 ref 12345",
            "phone +1 415 555 0100",
            "0000000000000000",
            "order 1234567890123456789",
            "ref 12345678901234567890123",
        ] {
            assert!(scan(s).is_empty(), "{s}: {:?}", scan(s));
        }
    }

    #[test]
    fn look_alikes_pass() {
        for s in [
            "See 8.2.1 8.2.2 8.2.8 8.3.1 8.3.4 8.3.6 8.3.7 8.3.9 8.4.2 8.4.3 10.2.1.1 12.10.4.1",
            "2026-01-15 2026-02-15 2026-03-15 2026-04-15",
            "15.01.2026 16.01.2026 17.01.2026",
            "2026-11-23T10:00:00.000Z 2026-11-24T10:00:00.000Z",
            "c56a4180-65aa-42ec-a945-5fd21dec0538",
            "12345678-1234-1234-1234-123456789012",
            "DE89 3704 0044 0532 0130 00",
            "DE89370400440532013000",
            "GB82 WEST 1234 5698 7654 32",
            "+1 415 555 0100 +1 415 555 0101",
            "+44 20 7946 0958",
            "Called +44 20 7946 0958 2026-01-15 and +1 415 555 0100 2026-01-16",
            "192.168.100.200 192.168.100.201 10.0.0.1",
            "sha256 a35ac42a8ca5e351409474c8ba74b790f284a7c1b48156c09c91eac30d5ab547",
            "pi_3MtwBwLkdIwHu7ix28a3tqPa ch_3MmlLrLkdIwHu7ix0snN0B15 acct_1032D82eZvKYlo2C",
            "pk_live_51HxAbCdEfGhIjKlMnOp",
            "card ending 4242, exp 12/27",
            "415-555-0100 415-555-0199 415.555.0142",
            "10:30:00 11:45:00 23:59:59.999",
            "PCI DSS 4.0.1 r1, SAQ A-EP 1.2.3.4.5.6.7.8.9.10.11.12.13",
            "Amount 1234.56 EUR, 99.95 EUR, 1,234,567.89 USD",
            "••••\u{a0}4242 XXXX-XXXX-XXXX-4242 ************4242",
        ] {
            assert!(scan(s).is_empty(), "{s}: {:?}", scan(s));
        }
    }

    #[test]
    fn finds_stripe_keys_and_masks_them() {
        let f = scan("key = sk_live_51HxAbCdEfGhIjKlMnOp\nother rk_test_abcdefgh12345678\nwhsec_abcdefghijklmnop");
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].kind, LeakKind::StripeSecretKey);
        assert_eq!(f[0].masked, "sk_live_…MnOp");
        assert_eq!(f[1].kind, LeakKind::StripeRestrictedKey);
        assert_eq!(f[1].line, 2);
        assert_eq!(f[2].kind, LeakKind::StripeWebhookSecret);
        assert_eq!(f[2].line, 3);
        assert!(!f[0].explain().contains("51HxAbCdEfGhIjKlMnOp"));
    }

    #[test]
    fn a_key_right_after_a_number_is_found() {
        let f = scan("ref 4242sk_live_51HxAbCdEfGhIjKlMnOp");
        assert_eq!(f.iter().map(|f| f.kind.clone()).collect::<Vec<_>>(), vec![LeakKind::StripeSecretKey]);
        // Redaction never makes a new finding appear (a mask next to a key used to give it a boundary).
        let (out, _) = redact("4242 4242 4242 4242sk_live_AHabcdefghij");
        assert!(scan(&out).is_empty(), "{out}");
    }

    #[test]
    fn publishable_keys_are_not_secrets() {
        assert!(scan("pk_live_51HxAbCdEfGhIjKlMnOp").is_empty());
        assert!(scan("sk_live_").is_empty());
    }

    #[test]
    fn redaction_keeps_the_last_four_and_everything_else() {
        let (out, n) = redact("Paid 4111 1111 1111 1111 12/25, key sk_live_51HxAbCdEfGhIjKlMnOp done");
        assert_eq!(n, 2);
        assert_eq!(out, "Paid [card ending 1111] 12/25, key [sk_live_…MnOp] done");
        assert!(scan(&out).is_empty());
    }

    #[test]
    fn a_key_holding_a_card_number_is_one_finding() {
        let text = "sk_live_4111111111111111abcd and 4111111111111111";
        let f = scan(text);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].kind, LeakKind::StripeSecretKey);
        assert_eq!(redact(text).0, "[sk_live_…abcd] and [card ending 1111]");
    }

    #[test]
    fn line_numbers_count_from_one() {
        let f = scan("a\nb\n\n4111111111111111");
        assert_eq!(f[0].line, 4);
    }

    #[test]
    fn binary_detection() {
        assert!(looks_like_text(b"hello\nworld"));
        assert!(!looks_like_text(b"\x89PNG\r\n\x1a\n\0\0\0"));
    }
}
