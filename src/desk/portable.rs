//! Moving data: a copy of the whole database, and one assessment with its evidence as one file.

use super::{Desk, DeskError};
use crate::store::{Actor, Assessment};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

#[derive(Debug, Clone, Deserialize, TS)]
pub struct PortableRequest {
    pub assessment: String,
    #[ts(type = "string")]
    pub file: PathBuf,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Written {
    pub path: String,
}

impl Desk {
    /// A consistent copy of the whole database, taken while the app may be writing.
    pub fn backup(&self, file: &std::path::Path) -> Result<Written, DeskError> {
        self.store.backup_to(file)?;
        Ok(Written { path: file.display().to_string() })
    }

    /// One assessment with all its evidence, in one file another SAQ Desk can import.
    pub fn export_assessment(&self, req: PortableRequest) -> Result<Written, DeskError> {
        self.store.export_assessment(&req.assessment, &req.file)?;
        Ok(Written { path: req.file.display().to_string() })
    }

    /// Reads an assessment file whole, or refuses it whole (tampered, newer, or holding card data).
    pub fn import_assessment(&mut self, file: &std::path::Path, who: &Actor) -> Result<Assessment, DeskError> {
        Ok(self.store.import_assessment(file, who)?)
    }
}
