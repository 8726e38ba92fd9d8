pub mod document;
pub mod pdf;
