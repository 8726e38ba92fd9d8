#![no_main]
// The leak guard sees every note a user types: it must never panic, hang or blow up.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for f in saqdesk::leak_guard::scan(text) {
            assert!(!f.masked.is_empty());
        }
    }
    let _ = saqdesk::leak_guard::looks_like_text(data);
});
