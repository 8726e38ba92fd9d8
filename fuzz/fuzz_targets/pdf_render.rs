#![no_main]
// The case itself is in ../cases.rs, shared with tests/fuzz_corpus.rs.
#[path = "../cases.rs"]
mod cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cases::pdf_render(data));
