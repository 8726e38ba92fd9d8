//! SAQ Desk core: everything the CLI and the desktop app do, without either of them.
//!
//! Read it top-down: [`questionnaire`] (the PCI DSS data) → [`scoping`] (which SAQ) →
//! [`store`] (the year's answers in SQLite) → [`report`] (what leaves the building).

pub mod checks;
pub mod dataset;
pub mod desk;
pub mod guidance;
pub mod leak_guard;
pub mod questionnaire;
pub mod report;
pub mod scoping;
pub mod store;

pub use dataset::DataSet;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The temp path beside `dest` that a file is written to before it is renamed into place.
pub(crate) fn temp_path_beside(dest: &std::path::Path) -> std::path::PathBuf {
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    dest.with_file_name(format!(".{name}.partial"))
}
