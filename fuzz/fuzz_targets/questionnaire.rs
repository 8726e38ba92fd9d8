#![no_main]
// A user may point the app at any questionnaire folder: a broken SAQ file must give an error.
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("dir").flatten() {
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).expect("copy");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("tmp");
    copy(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../questionnaires"), dir.path());
    let target = if data.first().is_some_and(|b| b % 2 == 0) { "pci-dss-v4.0.1/saqs/A.yaml" } else { "pci-dss-v4.0.1/catalog/08.yaml" };
    std::fs::write(dir.path().join(target), data.get(1..).unwrap_or_default()).expect("write");
    let _ = saqdesk::DataSet::open(dir.path());
});
