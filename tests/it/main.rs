//! Every integration test, in one test binary (one link instead of one per file). They drive the
//! real CLI on real SQLite files and check what it writes with independent readers.

mod checks;
mod common;
mod compliance_year;
mod contract;
mod crash;
mod desk;
mod forms_real;
mod forms_synthetic;
mod fuzz_corpus;
mod hostile;
mod multi_saq;
mod pdf_layout;
mod properties;
mod questionnaire_data;
mod report;
mod schedule;
mod scoping;
mod store_flow;
mod sweep;
