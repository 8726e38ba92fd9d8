//! The leak guard: SAQ Desk must never become a place where card data or API secrets live.
//!
//! Every free-text field and every text-like evidence file passes through [`scan`] before it is
//! written; a finding refuses the whole write and names the field.

use serde::Serialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: LeakKind,
    /// What was found, masked so the refusal message never repeats the secret.
    pub masked: String,
    /// 1-based line within the scanned text.
    pub line: usize,
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
}

fn card_pattern() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    // A maximal digit run where single spaces or dashes may separate digits: how people paste
    // card numbers. The whole run is the candidate, so a longer number never hides a shorter one.
    RE.get_or_init(|| regex::Regex::new(r"\d(?:[ \-]?\d)*").expect("static pattern"))
}

fn key_pattern() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"\b(sk_live|sk_test|rk_live|rk_test|whsec)_[A-Za-z0-9]{8,}").expect("static pattern")
    })
}

pub fn luhn_valid(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(*d);
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

/// Every card number and Stripe secret in `text`, in order of appearance.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let line_at = |pos: usize| text[..pos].bytes().filter(|&b| b == b'\n').count() + 1;
    for m in card_pattern().find_iter(text) {
        let digits: Vec<u8> = m.as_str().bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        if (13..=19).contains(&digits.len()) && luhn_valid(&digits) && !all_same(&digits) {
            out.push(Finding { kind: LeakKind::CardNumber, masked: mask_card(&digits), line: line_at(m.start()) });
        }
    }
    for m in key_pattern().find_iter(text) {
        let s = m.as_str();
        let kind = if s.starts_with("sk_") {
            LeakKind::StripeSecretKey
        } else if s.starts_with("rk_") {
            LeakKind::StripeRestrictedKey
        } else {
            LeakKind::StripeWebhookSecret
        };
        out.push(Finding { kind, masked: mask_key(s), line: line_at(m.start()) });
    }
    out.sort_by_key(|f| f.line);
    out
}

fn all_same(d: &[u8]) -> bool {
    d.iter().all(|x| *x == d[0])
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
        ] {
            assert_eq!(kinds(s), vec![LeakKind::CardNumber], "{s}");
        }
    }

    #[test]
    fn lets_masked_numbers_and_non_luhn_runs_pass() {
        for s in [
            "4242 **** **** 4242",
            "card ending 4242",
            "4242424242424241",
            "order 1234567890123",
            "invoice 2024-11-23 ref 12345",
            "phone +1 415 555 0100",
            "0000000000000000",
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
        assert!(!f[0].explain().contains("51HxAbCdEfGhIjKlMnOp"));
    }

    #[test]
    fn publishable_keys_are_not_secrets() {
        assert!(scan("pk_live_51HxAbCdEfGhIjKlMnOp").is_empty());
        assert!(scan("sk_live_").is_empty());
    }

    #[test]
    fn binary_detection() {
        assert!(looks_like_text(b"hello\nworld"));
        assert!(!looks_like_text(b"\x89PNG\r\n\x1a\n\0\0\0"));
    }
}
