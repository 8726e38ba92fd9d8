#![no_main]
// CSP policies and saved pages come from outside: parse and check anything.
use libfuzzer_sys::fuzz_target;
use saqdesk::checks::{csp, page};
use std::sync::OnceLock;

fn rules() -> &'static csp::CspRules {
    static R: OnceLock<csp::CspRules> = OnceLock::new();
    R.get_or_init(|| csp::CspRules::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../questionnaires/stripe-csp.yaml")).expect("rules"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = csp::Policy::parse(&text) {
        let _ = csp::check(rules(), &["elements".to_string(), "checkout".to_string()], &p);
    }
    let _ = page::inventory(&text, "https://shop.example");
});
