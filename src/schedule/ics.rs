//! The year's due items as an RFC 5545 calendar the officer imports into any calendar app.
//!
//! Every item becomes an all-day event on its date. Its UID is derived from the assessment ID,
//! the item's kind, what it is about (requirement or evidence) and its period start, so a later
//! export of the same assessment updates each event where it was imported instead of adding a
//! second copy — including when the date moves (a new validation date, a new target date).
//! DTSTAMP is the `now` passed in and nothing reads the clock or a random source, so the same
//! inputs always give the same bytes.

use super::due::{DueItem, DueKind};
use super::periods::fmt_date;
use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Alarm, Calendar, Component, EventLike, Property};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Fixed namespace for the v5 UIDs; changing it would duplicate every imported event.
const UID_NAMESPACE: Uuid = Uuid::from_u128(0x5a9d_e5c0_ca1e_4da7_9e0f_0b1e_c7a1_0001);
const UID_DOMAIN: &str = "saqdesk";
const PRODID: &str = "-//SAQ Desk//Compliance year//EN";

/// Periods shorter than this get a reminder the day before instead of a week before.
const SHORT_PERIOD_DAYS: u32 = 28;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarMeta {
    pub assessment_id: String,
    /// Calendar name as the calendar app shows it, e.g. "PCI DSS 2026 — Acme Ltd (SAQ D)".
    pub name: String,
    /// The export time, written as every event's DTSTAMP.
    pub now: DateTime<Utc>,
}

/// One event as written to the calendar; also the JSON form of the calendar for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CalendarEvent {
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    /// Days before the date on which a reminder pops up (at 09:00 local time).
    pub reminders_days_before: Vec<u32>,
    pub kind: DueKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    pub done: bool,
    pub overdue: bool,
}

/// The stable UID of `item` in assessment `assessment_id`'s calendar.
pub fn uid(assessment_id: &str, item: &DueItem) -> String {
    format!("{}@{UID_DOMAIN}", uid_stem(assessment_id, item))
}

fn uid_stem(assessment_id: &str, item: &DueItem) -> Uuid {
    let reference = item.requirement.as_deref().or(item.evidence.as_deref()).unwrap_or("-");
    let start = item.period_start.map(|d| d.to_string()).unwrap_or_else(|| "-".to_string());
    // Unit separators keep ("a", "b/c") and ("a/b", "c") apart.
    let key = [assessment_id, item.kind.slug(), reference, start.as_str()].join("\u{1f}");
    Uuid::new_v5(&UID_NAMESPACE, key.as_bytes())
}

/// When the reminders go off: none for done or overdue items (a reminder in the past would
/// fire the moment the file is imported), a week ahead normally, the day before for periods
/// under four weeks, and a month ahead as well for the validation deadline.
fn reminders(item: &DueItem) -> Vec<u32> {
    if item.done || item.overdue {
        return Vec::new();
    }
    match item.kind {
        DueKind::Validation => vec![30, 7],
        _ if item.period_days.is_some_and(|d| d < SHORT_PERIOD_DAYS) => vec![1],
        _ => vec![7],
    }
}

fn summary(item: &DueItem) -> String {
    let prefix = if item.done {
        "Done: "
    } else if item.overdue {
        "Overdue: "
    } else {
        match item.kind {
            DueKind::Validation | DueKind::Remediation | DueKind::Recurring => "Due: ",
            DueKind::EvidenceExpires | DueKind::EvidenceStale => "",
        }
    };
    format!("{prefix}{}", item.what)
}

pub fn events(items: &[DueItem], meta: &CalendarMeta) -> Vec<CalendarEvent> {
    items
        .iter()
        .map(|item| CalendarEvent {
            uid: uid(&meta.assessment_id, item),
            date: item.date,
            summary: summary(item),
            description: format!(
                "{}\n\n{} {}. From SAQ Desk, assessment {}.",
                item.detail,
                if item.done { "Was due" } else { "Due" },
                fmt_date(item.date),
                meta.assessment_id
            ),
            reminders_days_before: reminders(item),
            kind: item.kind,
            requirement: item.requirement.clone(),
            evidence: item.evidence.clone(),
            done: item.done,
            overdue: item.overdue,
        })
        .collect()
}

/// An RFC 5545 duration for 09:00 on the day `days` before an all-day event (which starts at
/// 00:00): "-P6DT15H" for seven days. Written by hand because chrono prints durations in seconds.
fn trigger(days: u32) -> String {
    match days {
        0 => "PT9H".to_string(),
        1 => "-PT15H".to_string(),
        n => format!("-P{}DT15H", n - 1),
    }
}

/// The calendar file for `items`, CRLF line endings as RFC 5545 requires.
pub fn write(items: &[DueItem], meta: &CalendarMeta) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", PRODID));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.name(&meta.name);
    for (ev, item) in events(items, meta).into_iter().zip(items) {
        let stem = uid_stem(&meta.assessment_id, item);
        let mut e = icalendar::Event::new();
        e.uid(&ev.uid)
            .timestamp(meta.now)
            .starts(ev.date)
            // All-day DTEND is exclusive: the event is the one day `date`.
            .ends(ev.date.checked_add_days(Days::new(1)).unwrap_or(ev.date))
            .summary(&ev.summary)
            .description(&ev.description)
            .add_property("TRANSP", "TRANSPARENT")
            .add_property("CATEGORIES", "PCI DSS");
        for (n, days) in ev.reminders_days_before.iter().enumerate() {
            let mut alarm = Alarm::display(&ev.summary, chrono::Duration::zero());
            alarm
                .add_property("TRIGGER", trigger(*days))
                // icalendar writes a random UID and the current time into any sub-component
                // lacking them; fixed values keep the output reproducible (UID in VALARM is
                // RFC 9074; the DTSTAMP line is removed below).
                .add_property("UID", format!("{stem}-alarm-{}@{UID_DOMAIN}", n + 1))
                .timestamp(meta.now);
            e.alarm(alarm);
        }
        cal.push(e.done());
    }
    refold(&strip_alarm_dtstamp(&cal.to_string()))
}

/// Longest content line, in octets, without its CRLF (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// Folds every content line again. icalendar lets a continuation line reach 76 octets (the
/// leading space plus 75), one over the limit; and a fold next to a space loses that space in
/// readers that trim lines, so folds are kept away from spaces.
fn refold(text: &str) -> String {
    let unfolded = text.replace("\r\n ", "");
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for line in unfolded.split_terminator("\r\n") {
        let mut rest = line;
        let mut limit = LINE_OCTETS;
        while rest.len() > limit {
            let cut = fold_point(rest, limit);
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            // The continuation's leading space counts towards its 75 octets.
            limit = LINE_OCTETS - 1;
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
}

/// The last char boundary at or before `limit` with no space on either side of it, else the
/// last char boundary (a run of 70-odd spaces is not worth a longer line).
fn fold_point(s: &str, limit: usize) -> usize {
    let boundaries = || (1..=limit).rev().filter(|&i| s.is_char_boundary(i));
    boundaries()
        .find(|&i| !s[..i].ends_with(' ') && !s[i..].starts_with(' '))
        .or_else(|| boundaries().next())
        .unwrap_or(limit)
}

/// DTSTAMP belongs to the event, not to VALARM (RFC 5545 §3.6.6 does not list it there).
fn strip_alarm_dtstamp(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_alarm = false;
    for line in text.split_inclusive("\r\n") {
        match line.trim_end() {
            "BEGIN:VALARM" => in_alarm = true,
            "END:VALARM" => in_alarm = false,
            l if in_alarm && l.starts_with("DTSTAMP:") => continue,
            _ => {}
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refold_keeps_lines_within_75_octets_and_away_from_spaces() {
        let long = format!("DESCRIPTION:{}", "word ".repeat(40) + "ünïcödé ".repeat(20).trim_end());
        let folded = refold(&format!("BEGIN:X\r\n{long}\r\nEND:X\r\n"));
        for l in folded.split_terminator("\r\n") {
            assert!(l.len() <= LINE_OCTETS, "{} octets: {l:?}", l.len());
            assert!(!l.ends_with(' '), "{l:?}");
        }
        assert!(folded.split_terminator("\r\n").skip(2).all(|l| !l.starts_with("  ")));
        assert_eq!(folded.replace("\r\n ", ""), format!("BEGIN:X\r\n{long}\r\nEND:X\r\n"));
    }
}
