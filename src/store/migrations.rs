//! Schema steps, applied in order and counted in `PRAGMA user_version`. Each table's SQL lives in
//! the module that owns it; this list only fixes the order. Never edit a released step: add one.

use super::error::StoreError;
use rusqlite::Connection;
use std::path::Path;

const STEPS: &[&str] = &[
    super::merchant::MIGRATION_1,
    super::assessment::MIGRATION_1,
    super::response::MIGRATION_1,
    super::evidence::MIGRATION_1,
    super::attestation::MIGRATION_1,
    super::audit::MIGRATION_1,
    super::response::MIGRATION_2,
    super::sweep::MIGRATION_1,
    super::saqs::MIGRATION_1,
    super::response::MIGRATION_3,
    super::attestation::MIGRATION_2,
    super::forms::MIGRATION_1,
    super::schedule::MIGRATION_1,
];

pub const LATEST: i64 = STEPS.len() as i64;

pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > LATEST {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found: current, known: LATEST });
    }
    for (i, sql) in STEPS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
