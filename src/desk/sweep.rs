//! Card data that got in before: the sweep of what an earlier leak guard let through.

use super::{Desk, DeskError};
use crate::store::{Actor, SweepReport, GUARD_GENERATION};

impl Desk {
    /// Card numbers and Stripe secrets that an earlier version's guard let into the database or
    /// its backups. Reads only.
    pub fn sweep(&self) -> Result<SweepReport, DeskError> {
        Ok(self.store.sweep()?)
    }

    /// Masks every hit in place (last four digits kept), in the database and its backups.
    pub fn sweep_redact(&mut self, who: &Actor) -> Result<SweepReport, DeskError> {
        Ok(self.store.sweep_redact(who)?)
    }

    /// The sweep the app runs by itself: once after an upgrade to a guard that finds more, and
    /// again at each start while what it found is still there. `None` when there is nothing to say.
    pub fn sweep_after_upgrade(&mut self, who: &Actor) -> Result<Option<SweepReport>, DeskError> {
        let last = if self.store.is_read_only() { None } else { self.store.last_sweep()? };
        let due = match &last {
            None => true,
            Some(l) => l.generation < GUARD_GENERATION || (l.found > 0 && !l.redacted),
        };
        if !due {
            return Ok(None);
        }
        let report = self.store.sweep()?;
        if !self.store.is_read_only() {
            self.store.record_sweep(who, report.found(), false)?;
        }
        Ok((report.found() > 0).then_some(report))
    }
}
