#![no_main]
// A user may point the app at any questionnaire folder: a broken SAQ file must give an error.
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const TARGETS: [&str; 2] = ["pci-dss-v4.0.1/saqs/A.yaml", "pci-dss-v4.0.1/catalog/08.yaml"];

// std::fs::copy can fail with EINTR under libFuzzer's timeout alarm, so files are copied
// through read/write (which retry), once per process rather than once per input.
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("dir").flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy(&e.path(), &dest);
        } else {
            std::fs::write(dest, std::fs::read(e.path()).expect("read")).expect("write");
        }
    }
}

struct Fixture {
    dir: tempfile::TempDir,
    originals: Vec<Vec<u8>>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tmp");
        copy(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../questionnaires"), dir.path());
        let originals = TARGETS.iter().map(|t| std::fs::read(dir.path().join(t)).expect("read")).collect();
        Fixture { dir, originals }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let pick = usize::from(data.first().is_some_and(|b| b % 2 == 1));
    for (i, t) in TARGETS.iter().enumerate() {
        let bytes = if i == pick { data.get(1..).unwrap_or_default() } else { &f.originals[i] };
        std::fs::write(f.dir.path().join(t), bytes).expect("write");
    }
    let _ = saqdesk::DataSet::open(f.dir.path());
});
