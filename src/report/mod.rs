//! What leaves the building: the evidence report (PDF, HTML, Markdown, JSON) and the QSA bundle,
//! all drawn from one report model.

pub mod compose;
pub mod document;
mod error;
pub mod export;
pub mod model;
pub mod office;
pub mod official;
pub mod pdf;
pub mod templates;

pub use error::ReportError;
pub use export::{BundleForm, ExportOutcome, Format, Reporter};
pub use templates::Templates;
