//! The fuzzers' findings as regression tests: every input that ever crashed a target
//! (`fuzz/regressions/<target>/`) and the committed corpora (`fuzz/corpus/<target>/`), replayed
//! through the same cases the fuzz targets run (`fuzz/cases.rs`). A fixed crash stays fixed.

#[path = "../../fuzz/cases.rs"]
mod cases;

use std::path::PathBuf;

/// Every file of `fuzz/<kind>/<target>/`, in name order.
fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(kind).join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    // A fuzzer running on the same checkout may replace corpus files while we read.
    files.into_iter().filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b))).collect()
}

/// Replays past crashes, then at most `budget` corpus inputs spread evenly over the corpus
/// (the slow targets' corpora are large; the fuzzer itself replays them whole).
fn replay(target: &str, case: fn(&[u8]), budget: usize) {
    let corpus = inputs("corpus", target);
    assert!(!corpus.is_empty(), "fuzz/corpus/{target} is empty: the corpus is part of the repository");
    let step = corpus.len().div_ceil(budget).max(1);
    for (path, bytes) in inputs("regressions", target).iter().chain(corpus.iter().step_by(step)) {
        if let Err(e) = std::panic::catch_unwind(|| case(bytes)) {
            std::panic::resume_unwind(Box::new(format!("{target}: {} panicked: {e:?}", path.display())));
        }
    }
}

#[test]
fn leak_guard_inputs() {
    replay("leak_guard", cases::leak_guard, usize::MAX);
}

#[test]
fn csp_and_page_inputs() {
    replay("csp", cases::csp, 4000);
}

#[test]
fn questionnaire_inputs() {
    replay("questionnaire", cases::questionnaire, 400);
}

#[test]
fn import_inputs() {
    replay("import", cases::import, 400);
}

#[test]
fn pdf_render_inputs() {
    replay("pdf_render", cases::pdf_render, 150);
}
