//! What a fill did: each thing the form asks, and whether the data had it. A draft fills "as far
//! as it goes"; this is how the UI and the CLI show how far that is.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Filled,
    /// The form asks it; the data has nothing for it.
    Empty,
    /// Deliberately left blank, for the reason given (a signature, a draft's attestation…).
    Left(String),
    /// Filled, with something the reader should know (derived, truncated, inconsistent…).
    Note(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// "Part 1a", "Section 2", "Appendix B"…
    pub part: String,
    /// What the form asks, in SAQ Desk's words: "company name", "8.3.6", "row 3".
    pub field: String,
    pub state: State,
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.state {
            State::Filled => write!(f, "{} {}: filled", self.part, self.field),
            State::Empty => write!(f, "{} {}: empty", self.part, self.field),
            State::Left(why) => write!(f, "{} {}: left blank ({why})", self.part, self.field),
            State::Note(n) => write!(f, "{} {}: {n}", self.part, self.field),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FillReport {
    pub items: Vec<Item>,
}

impl FillReport {
    pub(crate) fn push(&mut self, part: &str, field: impl Into<String>, state: State) {
        self.items.push(Item { part: part.to_string(), field: field.into(), state });
    }

    pub(crate) fn filled(&mut self, part: &str, field: impl Into<String>, filled: bool) {
        self.push(part, field, if filled { State::Filled } else { State::Empty });
    }

    /// What the form asked that the data did not have.
    pub fn missing(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.state == State::Empty)
    }

    pub fn notes(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| matches!(i.state, State::Note(_) | State::Left(_)))
    }

    pub fn filled_count(&self) -> usize {
        self.items.iter().filter(|i| matches!(i.state, State::Filled | State::Note(_))).count()
    }

    /// True when nothing the form asks was missing.
    pub fn complete(&self) -> bool {
        self.missing().next().is_none()
    }
}

impl fmt::Display for FillReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in self.items.iter().filter(|i| i.state != State::Filled) {
            writeln!(f, "{i}")?;
        }
        write!(f, "{} filled, {} empty", self.filled_count(), self.missing().count())
    }
}
