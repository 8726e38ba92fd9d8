//! SAQ Desk core: everything the CLI and the desktop app do, without either of them.
//!
//! Read it top-down: [`questionnaire`] (the PCI DSS data) → [`scoping`] (which SAQ) →
//! [`store`] (the year's answers in SQLite) → [`report`] (what leaves the building).

pub mod checks;
pub mod dataset;
pub mod desk;
pub mod forms;
pub mod guidance;
pub mod ipc;
pub mod leak_guard;
pub mod questionnaire;
pub mod report;
pub mod schedule;
pub mod scoping;
pub mod store;

pub use dataset::DataSet;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Writes `dest` through a temp file beside it: `write` fills the temp path; on success it is
/// renamed into place, on failure removed. `dest` is always either the previous file or the
/// complete new one, never half-written.
pub(crate) fn write_via_temp<E>(
    dest: &std::path::Path,
    write: impl FnOnce(&std::path::Path) -> Result<(), E>,
    io_err: impl FnOnce(std::io::Error) -> E,
) -> Result<(), E> {
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dest.with_file_name(format!(".{name}.partial"));
    let _ = std::fs::remove_file(&tmp);
    if let Err(e) = write(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, dest).map_err(io_err)
}
