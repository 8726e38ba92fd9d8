//! The compliance year: periods, coverage at the boundaries, the In Place warning, due lists,
//! TRA periods, roll-forward, and the calendar file read back by a parser other than the writer.

use chrono::{DateTime, NaiveDate, Utc};
use saqdesk::questionnaire::ResponseKind;
use saqdesk::schedule::{
    self, coverage, due_items, ics, in_place_warning, periods, reminders, roll_forward, split_due, validation_due_date,
    AssessmentPeriod, Cadence, Coverage, DatedEvidence, DueInput, DueItem, DueKind, Frequency, Interval, PeriodState,
    Recurrence, ReminderKind, ScheduleError, Unit, WarningKind,
};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

fn year(start: &str, end: &str) -> AssessmentPeriod {
    AssessmentPeriod::new(d(start), d(end)).expect("assessment period")
}

fn ev(id: &str, effective: &str, links: &[&str]) -> DatedEvidence {
    DatedEvidence {
        id: id.to_string(),
        name: format!("{id}.pdf"),
        effective: d(effective),
        expires: None,
        links: links.iter().map(|s| s.to_string()).collect(),
    }
}

fn rec(id: &str, freq: &[Frequency], tra: Option<Interval>) -> Recurrence {
    Recurrence::new(id, &format!("Title of {id}"), freq, tra).expect("valid").expect("recurring")
}

fn asv() -> Recurrence {
    rec("11.3.2", &[Frequency::Quarterly], None)
}

/// (name, start, end) of each period, to compare in one assertion.
fn spans(c: &Coverage) -> Vec<(String, NaiveDate, NaiveDate)> {
    c.periods.iter().map(|p| (p.period.name.clone(), p.period.start, p.period.end)).collect()
}

fn states(c: &Coverage) -> Vec<PeriodState> {
    c.periods.iter().map(|p| p.state.clone()).collect()
}

fn covered(ids: &[&str]) -> PeriodState {
    PeriodState::Covered { evidence: ids.iter().map(|s| s.to_string()).collect() }
}

// ---------------------------------------------------------------------------------------------
// Periods and coverage

#[test]
fn calendar_year_quarters_and_evidence_on_the_boundaries() {
    let y = year("2026-01-01", "2026-12-31");
    let evidence = [
        ev("scan-q1", "2026-03-31", &["11.3.2"]), // last day of Q1
        ev("scan-q2", "2026-04-01", &["11.3.2"]), // first day of Q2
        ev("other", "2026-08-01", &["11.3.1"]),   // another requirement: ignored
        ev("early", "2025-12-31", &["11.3.2"]),   // before the assessment period
    ];
    let c = coverage(&asv(), &y, &evidence, d("2026-11-10")).expect("coverage");
    assert_eq!(
        spans(&c),
        [
            ("Q1".to_string(), d("2026-01-01"), d("2026-03-31")),
            ("Q2".to_string(), d("2026-04-01"), d("2026-06-30")),
            ("Q3".to_string(), d("2026-07-01"), d("2026-09-30")),
            ("Q4".to_string(), d("2026-10-01"), d("2026-12-31")),
        ]
    );
    assert_eq!(
        states(&c),
        [covered(&["scan-q1"]), covered(&["scan-q2"]), PeriodState::Missing, PeriodState::Due { by: d("2026-12-31") }]
    );
    assert_eq!(c.summary(), "Q1 ✓ · Q2 ✓ · Q3 missing · Q4 due by 31 Dec 2026");
    assert_eq!(c.missing().len(), 1);
}

#[test]
fn period_state_turns_on_its_last_day() {
    let y = year("2026-01-01", "2026-12-31");
    // On Q3's last day it is still due; the day after, it is missing.
    let on_last_day = coverage(&asv(), &y, &[], d("2026-09-30")).expect("coverage");
    assert_eq!(on_last_day.periods[2].state, PeriodState::Due { by: d("2026-09-30") });
    assert_eq!(on_last_day.periods[3].state, PeriodState::Upcoming);
    let next_day = coverage(&asv(), &y, &[], d("2026-10-01")).expect("coverage");
    assert_eq!(next_day.periods[2].state, PeriodState::Missing);
    assert_eq!(next_day.periods[3].state, PeriodState::Due { by: d("2026-12-31") });
    assert_eq!(next_day.summary(), "Q1 missing · Q2 missing · Q3 missing · Q4 due by 31 Dec 2026");
}

#[test]
fn assessment_starting_mid_month_aligns_quarters_to_its_start() {
    let y = year("2026-04-15", "2027-04-14");
    let evidence = [
        ev("a", "2026-07-14", &["11.3.2"]), // last day of Q1
        ev("b", "2026-07-15", &["11.3.2"]), // first day of Q2
        ev("c", "2027-01-14", &["11.3.2"]), // last day of Q3
    ];
    let c = coverage(&asv(), &y, &evidence, d("2027-02-01")).expect("coverage");
    assert_eq!(
        spans(&c),
        [
            ("Q1".to_string(), d("2026-04-15"), d("2026-07-14")),
            ("Q2".to_string(), d("2026-07-15"), d("2026-10-14")),
            ("Q3".to_string(), d("2026-10-15"), d("2027-01-14")),
            ("Q4".to_string(), d("2027-01-15"), d("2027-04-14")),
        ]
    );
    assert_eq!(
        states(&c),
        [covered(&["a"]), covered(&["b"]), covered(&["c"]), PeriodState::Due { by: d("2027-04-14") }]
    );
    assert!(c.periods.iter().all(|p| !p.period.beyond_assessment));
}

#[test]
fn leap_day_evidence_and_leap_day_starts() {
    // A 2028 calendar year: 29 Feb is inside Q1, and Q1 ends on 31 March as usual.
    let y = year("2028-01-01", "2028-12-31");
    let c = coverage(&asv(), &y, &[ev("leap", "2028-02-29", &["11.3.2"])], d("2028-05-01")).expect("coverage");
    assert_eq!(c.periods[0].state, covered(&["leap"]));
    assert_eq!(c.periods[1].state, PeriodState::Due { by: d("2028-06-30") });

    // An assessment starting on 29 Feb: every boundary counts from that day, clamped in short
    // months, and the twelve months end on 27 Feb 2029.
    let y = AssessmentPeriod::twelve_months_from(d("2028-02-29")).expect("twelve months");
    assert_eq!(y.end(), d("2029-02-27"));
    let ps = periods(&y, Interval::months(3).expect("3")).expect("periods");
    let got: Vec<(NaiveDate, NaiveDate)> = ps.iter().map(|p| (p.start, p.end)).collect();
    assert_eq!(
        got,
        [
            (d("2028-02-29"), d("2028-05-28")),
            (d("2028-05-29"), d("2028-08-28")),
            (d("2028-08-29"), d("2028-11-28")),
            (d("2028-11-29"), d("2029-02-27")),
        ]
    );
    let c = coverage(&asv(), &y, &[ev("e", "2028-05-28", &["11.3.2"])], d("2028-06-01")).expect("coverage");
    assert_eq!(c.periods[0].state, covered(&["e"]));
}

#[test]
fn several_files_in_one_period_are_all_named_oldest_first() {
    let y = year("2026-01-01", "2026-12-31");
    let evidence = [ev("rescan", "2026-02-20", &["11.3.2"]), ev("scan", "2026-02-01", &["11.3.2", "11.3.2.1"])];
    let c = coverage(&asv(), &y, &evidence, d("2026-03-01")).expect("coverage");
    assert_eq!(c.periods[0].state, covered(&["scan", "rescan"]));
}

#[test]
fn six_monthly_and_yearly_periods() {
    let y = year("2026-01-01", "2026-12-31");
    let rules = rec("1.2.7", &[Frequency::SixMonths], None);
    let c = coverage(&rules, &y, &[ev("r", "2026-06-30", &["1.2.7"])], d("2026-07-01")).expect("coverage");
    assert_eq!(
        spans(&c),
        [("H1".to_string(), d("2026-01-01"), d("2026-06-30")), ("H2".to_string(), d("2026-07-01"), d("2026-12-31"))]
    );
    assert_eq!(states(&c), [covered(&["r"]), PeriodState::Due { by: d("2026-12-31") }]);

    let policy = rec("12.1.2", &[Frequency::TwelveMonths], None);
    let c = coverage(&policy, &y, &[], d("2026-05-01")).expect("coverage");
    assert_eq!(spans(&c), [("Year 1".to_string(), d("2026-01-01"), d("2026-12-31"))]);
    assert_eq!(c.periods[0].state, PeriodState::Due { by: d("2026-12-31") });
}

#[test]
fn daily_and_weekly_activities_are_checked_per_month() {
    let y = year("2026-01-01", "2026-12-31");
    let logs = rec("10.4.1", &[Frequency::Daily], None);
    assert_eq!(logs.cadence.every(), Some(Interval::days(1).expect("1")));
    assert_eq!(logs.cadence.window(), Some(Interval::months(1).expect("1")));
    let c = coverage(
        &logs,
        &y,
        &[ev("jan", "2026-01-31", &["10.4.1"]), ev("mar", "2026-03-01", &["10.4.1"])],
        d("2026-03-15"),
    )
    .expect("coverage");
    assert_eq!(c.periods.len(), 12);
    assert_eq!(c.periods[1].period.name, "Month 2");
    assert_eq!((c.periods[1].period.start, c.periods[1].period.end), (d("2026-02-01"), d("2026-02-28")));
    assert_eq!(states(&c)[..4], [covered(&["jan"]), PeriodState::Missing, covered(&["mar"]), PeriodState::Upcoming]);
    assert!(logs.describe().contains("one record per month"), "{}", logs.describe());

    let fim = rec("11.5.2", &[Frequency::Weekly], None);
    assert_eq!(fim.cadence.window(), Some(Interval::months(1).expect("1")));
}

#[test]
fn event_only_requirements_have_no_periods_but_a_reminder() {
    let y = year("2026-01-01", "2026-12-31");
    let after_change = rec("11.3.2.1", &[Frequency::AfterSignificantChange], None);
    assert_eq!(after_change.cadence, Cadence::EventOnly);
    let c = coverage(&after_change, &y, &[ev("x", "2026-02-01", &["11.3.2.1"])], d("2026-06-01")).expect("coverage");
    assert!(c.periods.is_empty());
    assert!(in_place_warning(&c, Some(ResponseKind::InPlace)).is_none());

    let scope = rec("12.5.2", &[Frequency::TwelveMonths, Frequency::AfterSignificantChange], None);
    let c2 = coverage(&scope, &y, &[], d("2026-06-01")).expect("coverage");
    assert_eq!(c2.periods.len(), 1);
    let r = reminders(&[c, c2]);
    let got: Vec<(&str, ReminderKind)> = r.iter().map(|r| (r.requirement.as_str(), r.kind)).collect();
    assert_eq!(
        got,
        [("11.3.2.1", ReminderKind::AfterSignificantChange), ("12.5.2", ReminderKind::AfterSignificantChange)]
    );
    assert!(r[1].message.contains("significant change"), "{}", r[1].message);
}

// ---------------------------------------------------------------------------------------------
// Targeted risk analysis periods

#[test]
fn tra_period_in_months_sets_the_periods() {
    let y = year("2026-01-01", "2026-12-31");
    let inspections = rec("9.5.1.2.1", &[Frequency::TargetedRiskAnalysis], Some(Interval::months(2).expect("2")));
    assert_eq!(inspections.cadence, Cadence::RiskAnalysis { every: Interval::months(2).expect("2") });
    let c = coverage(&inspections, &y, &[ev("feb", "2026-02-28", &["9.5.1.2.1"])], d("2026-05-02")).expect("coverage");
    let got: Vec<(NaiveDate, NaiveDate)> = c.periods.iter().map(|p| (p.period.start, p.period.end)).collect();
    assert_eq!(got.len(), 6);
    assert_eq!(got[1], (d("2026-03-01"), d("2026-04-30")));
    assert_eq!(c.periods[0].period.name, "Period 1");
    assert_eq!(states(&c)[..3], [covered(&["feb"]), PeriodState::Missing, PeriodState::Due { by: d("2026-06-30") }]);
}

#[test]
fn tra_period_in_days_and_a_stub_past_the_assessment_end() {
    let y = year("2026-01-01", "2026-12-31");
    let every_60 = Interval::days(60).expect("60");
    let reviews = rec("10.4.2.1", &[Frequency::TargetedRiskAnalysis], Some(every_60));
    let c = coverage(&reviews, &y, &[], d("2026-03-02")).expect("coverage");
    // 365 days = six full 60-day periods and a seventh that runs into 2027.
    assert_eq!(c.periods.len(), 7);
    assert_eq!((c.periods[0].period.start, c.periods[0].period.end), (d("2026-01-01"), d("2026-03-01")));
    assert_eq!(c.periods[0].state, PeriodState::Missing);
    assert_eq!(c.periods[1].state, PeriodState::Due { by: d("2026-04-30") });
    let last = &c.periods[6].period;
    assert_eq!((last.start, last.end, last.beyond_assessment), (d("2026-12-27"), d("2027-02-24"), true));
    // A period that has not ended by the attestation is never reported missing within the year.
    let at_year_end = coverage(&reviews, &y, &[], d("2026-12-31")).expect("coverage");
    assert_eq!(at_year_end.periods[6].state, PeriodState::Due { by: d("2027-02-24") });

    // Under two weeks, a TRA interval is checked per month like a daily activity.
    let short = rec("10.4.2.1", &[Frequency::TargetedRiskAnalysis], Some(Interval::days(3).expect("3")));
    assert_eq!(short.cadence.window(), Some(Interval::months(1).expect("1")));
    let fortnight = rec("10.4.2.1", &[Frequency::TargetedRiskAnalysis], Some(Interval::days(14).expect("14")));
    assert_eq!(fortnight.cadence.window(), Some(Interval::days(14).expect("14")));
}

#[test]
fn weekly_or_tra_uses_the_weekly_default_until_a_period_is_entered() {
    let freq = [Frequency::Weekly, Frequency::TargetedRiskAnalysis];
    let default = rec("11.6.1", &freq, None);
    assert_eq!(default.cadence, Cadence::Fixed { frequency: Frequency::Weekly, every: Interval::days(7).expect("7") });
    let chosen = rec("11.6.1", &freq, Some(Interval::months(1).expect("1")));
    assert_eq!(chosen.cadence, Cadence::RiskAnalysis { every: Interval::months(1).expect("1") });
}

#[test]
fn tra_period_input_is_checked() {
    assert_eq!(Interval::days(0), Err(ScheduleError::IntervalOutOfRange { unit: "days", count: 0, min: 1, max: 730 }));
    assert!(Interval::months(25).is_err());
    assert!(Interval::months(24).is_ok());
    assert_eq!(Interval::new(Unit::Days, 30).expect("30").count(), 30);
    // The stored form is unit + count, and it is validated on the way back in.
    let json = serde_json::to_string(&Interval::months(3).expect("3")).expect("json");
    assert_eq!(json, r#"{"unit":"months","count":3}"#);
    assert!(serde_json::from_str::<Interval>(r#"{"unit":"days","count":0}"#).is_err());
    assert!(serde_json::from_str::<Interval>(r#"{"unit":"weeks","count":2}"#).is_err());

    // A TRA period is only taken where a TRA decides the frequency.
    let err = Recurrence::new("11.3.2", "ASV", &[Frequency::Quarterly], Some(Interval::months(1).expect("1")));
    assert_eq!(err, Err(ScheduleError::TraNotApplicable { requirement: "11.3.2".into() }));
    assert!(Recurrence::new("2.2.1", "x", &[], None).expect("no frequency").is_none());
    let twice = Recurrence::new("x", "x", &[Frequency::Quarterly, Frequency::Weekly], None);
    assert!(matches!(&twice, Err(ScheduleError::Frequencies(m)) if m.contains("2 fixed periods")), "{twice:?}");
}

#[test]
fn tra_not_entered_gives_no_periods_and_its_own_warning() {
    let y = year("2026-01-01", "2026-12-31");
    let pending = rec("12.10.4.1", &[Frequency::TargetedRiskAnalysis], None);
    assert_eq!(pending.cadence, Cadence::RiskAnalysisPending);
    let c = coverage(&pending, &y, &[], d("2026-09-01")).expect("coverage");
    assert!(c.periods.is_empty());
    let w = in_place_warning(&c, Some(ResponseKind::InPlace)).expect("warning");
    assert_eq!(w.kind, WarningKind::RiskAnalysisPeriodNotSet);
    assert!(w.message.contains("12.10.4.1") && w.message.contains("risk analysis"), "{}", w.message);
    let r = reminders(std::slice::from_ref(&c));
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, ReminderKind::RiskAnalysisPeriod);
}

// ---------------------------------------------------------------------------------------------
// The In Place warning

#[test]
fn in_place_with_an_uncovered_past_quarter_is_flagged_by_name() {
    let y = year("2026-01-01", "2026-12-31");
    let evidence = [ev("q1", "2026-02-10", &["11.3.2"]), ev("q2", "2026-05-10", &["11.3.2"])];
    let c = coverage(&asv(), &y, &evidence, d("2026-11-10")).expect("coverage");
    let w = in_place_warning(&c, Some(ResponseKind::InPlace)).expect("warning");
    assert_eq!(w.kind, WarningKind::UncoveredPeriods);
    assert_eq!(w.requirement, "11.3.2");
    let names: Vec<&str> = w.periods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Q3"], "the current quarter is due, not missing");
    assert!(w.message.contains("Q3 (1 Jul – 30 Sep 2026)"), "{}", w.message);
    assert!(w.message.contains("every three months"), "{}", w.message);
    assert!(!w.message.contains("Q4"), "{}", w.message);

    // Two gaps are both named.
    let c = coverage(&asv(), &y, &evidence[..1], d("2026-11-10")).expect("coverage");
    let w = in_place_warning(&c, Some(ResponseKind::InPlace)).expect("warning");
    assert!(w.message.contains("periods Q2 (1 Apr – 30 Jun 2026) and Q3 (1 Jul – 30 Sep 2026)"), "{}", w.message);

    // Other answers, no answer, or nothing past and uncovered: no flag.
    for answer in
        [None, Some(ResponseKind::NotInPlace), Some(ResponseKind::NotApplicable), Some(ResponseKind::InPlaceCcw)]
    {
        assert!(in_place_warning(&c, answer).is_none(), "{answer:?}");
    }
    let early = coverage(&asv(), &y, &[], d("2026-03-31")).expect("coverage");
    assert!(in_place_warning(&early, Some(ResponseKind::InPlace)).is_none(), "Q1 is still due on its last day");
    let full = [evidence.to_vec(), vec![ev("q3", "2026-09-30", &["11.3.2"])]].concat();
    let c = coverage(&asv(), &y, &full, d("2026-11-10")).expect("coverage");
    assert!(in_place_warning(&c, Some(ResponseKind::InPlace)).is_none());
}

// ---------------------------------------------------------------------------------------------
// Due dates

/// kind, date, requirement, evidence, overdue, done.
type Row<'a> = (DueKind, NaiveDate, Option<&'a str>, Option<&'a str>, bool, bool);

fn sample_due(today: NaiveDate, validation: NaiveDate) -> Vec<DueItem> {
    let y = year("2026-01-01", "2026-12-31");
    let evidence = vec![
        ev("scan-q1", "2026-02-10", &["11.3.2"]),
        ev("scan-q2", "2026-05-10", &["11.3.2"]),
        // A provider's AOC, valid for a year.
        DatedEvidence { expires: Some(d("2026-11-30")), ..ev("aoc", "2025-11-30", &["12.8.4"]) },
        // A policy document that will be a year old on 5 December.
        ev("policy", "2025-12-05", &["12.1.1"]),
        // A record of a recurring activity: its periods follow it, so it gets no stale date.
        ev("rules", "2026-06-20", &["1.2.7"]),
    ];
    let cov: Vec<Coverage> = [asv(), rec("1.2.7", &[Frequency::SixMonths], None)]
        .iter()
        .map(|r| coverage(r, &y, &evidence, today).expect("coverage"))
        .collect();
    let remediation = BTreeMap::from([("8.3.6".to_string(), d("2026-11-01")), ("6.3.3".to_string(), d("2027-03-01"))]);
    due_items(&DueInput {
        assessment: y,
        validation_due: validation,
        attested: false,
        remediation: &remediation,
        evidence: &evidence,
        coverage: &cov,
        today,
    })
}

#[test]
fn due_list_holds_every_dated_obligation() {
    let today = d("2026-11-10");
    let items = sample_due(today, d("2026-12-01"));
    let got: Vec<Row> = items
        .iter()
        .map(|i| (i.kind, i.date, i.requirement.as_deref(), i.evidence.as_deref(), i.overdue, i.done))
        .collect();
    use DueKind::*;
    assert_eq!(
        got,
        [
            (Recurring, d("2026-03-31"), Some("11.3.2"), None, false, true),
            (Recurring, d("2026-06-30"), Some("1.2.7"), None, false, true),
            (Recurring, d("2026-06-30"), Some("11.3.2"), None, false, true),
            (Recurring, d("2026-09-30"), Some("11.3.2"), None, true, false),
            (Remediation, d("2026-11-01"), Some("8.3.6"), None, true, false),
            (EvidenceExpires, d("2026-11-30"), None, Some("aoc"), false, false),
            (Validation, d("2026-12-01"), None, None, false, false),
            (EvidenceStale, d("2026-12-05"), None, Some("policy"), false, false),
            (Recurring, d("2026-12-31"), Some("1.2.7"), None, false, false),
            (Recurring, d("2026-12-31"), Some("11.3.2"), None, false, false),
            (Remediation, d("2027-03-01"), Some("6.3.3"), None, false, false),
        ],
        "remediation targets are listed whenever they fall; evidence dates only up to the year's end"
    );
    let q3 = &items[3];
    assert_eq!(q3.what, "11.3.2 Q3: Title of 11.3.2");
    assert_eq!(q3.period_start, Some(d("2026-07-01")));
    assert!(q3.detail.contains("Q3 (1 Jul – 30 Sep 2026)"), "{}", q3.detail);
    assert!(items[0].detail.contains("scan-q1"), "{}", items[0].detail);
}

#[test]
fn due_split_into_overdue_and_next_30_days() {
    let today = d("2026-11-10");
    let split = split_due(&sample_due(today, d("2026-12-01")), today);
    let overdue: Vec<(DueKind, NaiveDate)> = split.overdue.iter().map(|i| (i.kind, i.date)).collect();
    assert_eq!(overdue, [(DueKind::Recurring, d("2026-09-30")), (DueKind::Remediation, d("2026-11-01"))]);
    let soon: Vec<(DueKind, NaiveDate)> = split.next_30_days.iter().map(|i| (i.kind, i.date)).collect();
    // 10 Dec is the last day in the window: the stale policy (5 Dec) is in, the 31 Dec periods are not.
    assert_eq!(
        soon,
        [
            (DueKind::EvidenceExpires, d("2026-11-30")),
            (DueKind::Validation, d("2026-12-01")),
            (DueKind::EvidenceStale, d("2026-12-05"))
        ]
    );

    // The window's edges: an item dated today is due (not overdue); today + 30 is in, + 31 out.
    let on = |date: &str| DueItem {
        kind: DueKind::Remediation,
        date: d(date),
        what: String::new(),
        detail: String::new(),
        requirement: Some(date.into()),
        evidence: None,
        period_start: None,
        period_days: None,
        overdue: d(date) < today,
        done: false,
    };
    let edge = split_due(&[on("2026-11-09"), on("2026-11-10"), on("2026-12-10"), on("2026-12-11")], today);
    assert_eq!(edge.overdue.iter().map(|i| i.date).collect::<Vec<_>>(), [d("2026-11-09")]);
    assert_eq!(edge.next_30_days.iter().map(|i| i.date).collect::<Vec<_>>(), [d("2026-11-10"), d("2026-12-10")]);
}

#[test]
fn attested_assessment_marks_validation_done() {
    let y = year("2026-01-01", "2026-12-31");
    let items = due_items(&DueInput {
        assessment: y,
        validation_due: d("2026-12-01"),
        attested: true,
        remediation: &BTreeMap::new(),
        evidence: &[],
        coverage: &[],
        today: d("2026-12-20"),
    });
    assert_eq!(items.len(), 1);
    assert!(items[0].done && !items[0].overdue);
    assert!(split_due(&items, d("2026-12-20")).overdue.is_empty());
}

#[test]
fn validation_due_date_defaults() {
    let y = year("2026-01-01", "2026-12-31");
    assert_eq!(validation_due_date(Some(d("2025-11-20")), &y, None), d("2026-11-20"));
    assert_eq!(validation_due_date(Some(d("2024-02-29")), &y, None), d("2025-02-28"));
    assert_eq!(validation_due_date(None, &y, None), d("2026-12-31"));
    assert_eq!(validation_due_date(Some(d("2025-11-20")), &y, Some(d("2026-10-15"))), d("2026-10-15"));
}

// ---------------------------------------------------------------------------------------------
// Roll-forward

#[test]
fn roll_forward_gives_next_years_periods_and_last_years_gaps() {
    let last = year("2026-04-15", "2027-04-14");
    let next = AssessmentPeriod::twelve_months_from(d("2027-04-15")).expect("next");
    let tra = Interval::months(4).expect("4");
    let recs = [
        asv(),
        rec("7.2.5.1", &[Frequency::TargetedRiskAnalysis], Some(tra)),
        rec("6.5.2", &[Frequency::AfterSignificantChange], None),
    ];
    let evidence = [ev("a", "2026-05-01", &["11.3.2"]), ev("b", "2026-12-01", &["11.3.2"])];
    let cov: Vec<Coverage> = recs.iter().map(|r| coverage(r, &last, &evidence, d("2027-04-20")).expect("c")).collect();
    let rf = roll_forward(&cov, &next).expect("roll forward");
    assert_eq!(rf.next.len(), 3);
    let asv_next: Vec<(NaiveDate, NaiveDate)> = rf.next[0].periods.iter().map(|p| (p.start, p.end)).collect();
    assert_eq!(
        asv_next,
        [
            (d("2027-04-15"), d("2027-07-14")),
            (d("2027-07-15"), d("2027-10-14")),
            (d("2027-10-15"), d("2028-01-14")),
            (d("2028-01-15"), d("2028-04-14")),
        ]
    );
    assert_eq!(rf.next[1].periods.len(), 3, "the TRA's four months carry over");
    assert!(rf.next[2].periods.is_empty());
    assert_eq!(rf.tra_periods, BTreeMap::from([("7.2.5.1".to_string(), tra)]));
    let gaps: Vec<(&str, Vec<&str>)> = rf
        .last_year_gaps
        .iter()
        .map(|g| (g.requirement.as_str(), g.periods.iter().map(|p| p.name.as_str()).collect()))
        .collect();
    assert_eq!(gaps, [("11.3.2", vec!["Q2", "Q4"]), ("7.2.5.1", vec!["Period 1", "Period 2", "Period 3"])]);

    // Last year's record survives a store round trip unchanged.
    let json = serde_json::to_string(&cov).expect("json");
    let back: Vec<Coverage> = serde_json::from_str(&json).expect("back");
    assert_eq!(back, cov);
    let json = serde_json::to_string(&rf).expect("json");
    assert_eq!(serde_json::from_str::<schedule::YearRollForward>(&json).expect("back"), rf);
}

// ---------------------------------------------------------------------------------------------
// With the shipped catalog

#[test]
fn shipped_catalog_drives_the_schedule() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questionnaires");
    let ds = saqdesk::DataSet::open(&root).expect("data");
    let q = &ds.questionnaire;
    let a = q.saq("A").expect("SAQ A");
    let recs = Recurrence::all(q.saq_requirements(a), &BTreeMap::new()).expect("recurrences");
    let ids: Vec<&str> = recs.iter().map(|r| r.requirement.as_str()).collect();
    assert_eq!(ids, ["3.2.1", "11.3.2", "11.3.2.1", "12.8.4"]);
    let asv = &recs[1];
    assert_eq!(asv.title, q.catalog.get("11.3.2").expect("11.3.2").title);
    assert_eq!(asv.cadence, Cadence::Fixed { frequency: Frequency::Quarterly, every: Interval::months(3).expect("3") });

    let dsaq = q.saq("D").expect("SAQ D");
    let tra = BTreeMap::from([("9.5.1.2.1".to_string(), Interval::months(1).expect("1"))]);
    let recs = Recurrence::all(q.saq_requirements(dsaq), &tra).expect("recurrences");
    assert_eq!(recs.len(), 34);
    let pending: Vec<&str> =
        recs.iter().filter(|r| r.cadence == Cadence::RiskAnalysisPending).map(|r| r.requirement.as_str()).collect();
    assert_eq!(pending, ["5.2.3.1", "5.3.2.1", "7.2.5.1", "8.6.3", "10.4.2.1", "12.10.4.1"]);
    let bad = BTreeMap::from([("1.2.7".to_string(), Interval::months(1).expect("1"))]);
    assert!(Recurrence::all(q.saq_requirements(dsaq), &bad).is_err());
}

// ---------------------------------------------------------------------------------------------
// The calendar file, read back with the `ical` crate (the writer is `icalendar`)

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-10T08:30:00Z").expect("now").with_timezone(&Utc)
}

fn meta() -> ics::CalendarMeta {
    ics::CalendarMeta {
        assessment_id: "asmt-2026".into(),
        name: "PCI DSS 2026 — Example Ltd (SAQ A)".into(),
        now: now(),
    }
}

/// Name, parameters (name, values), value.
type Prop = (String, Vec<(String, Vec<String>)>, String);

pub(crate) struct ParsedEvent {
    props: Vec<Prop>,
    pub(crate) alarms: Vec<Vec<(String, String)>>,
}

impl ParsedEvent {
    pub(crate) fn get(&self, name: &str) -> &str {
        let hits: Vec<&str> = self.props.iter().filter(|p| p.0 == name).map(|p| p.2.as_str()).collect();
        assert_eq!(hits.len(), 1, "{name} appears {} times", hits.len());
        hits[0]
    }

    pub(crate) fn params(&self, name: &str) -> Vec<(String, Vec<String>)> {
        self.props.iter().find(|p| p.0 == name).map(|p| p.1.clone()).unwrap_or_default()
    }
}

pub(crate) fn parse(text: &str) -> (Vec<(String, String)>, Vec<ParsedEvent>) {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = parser.next().expect("one calendar").expect("parses");
    assert!(parser.next().is_none(), "exactly one VCALENDAR");
    let cal_props = cal.properties.iter().map(|p| (p.name.clone(), p.value.clone().unwrap_or_default())).collect();
    let events = cal
        .events
        .iter()
        .map(|e| ParsedEvent {
            props: e
                .properties
                .iter()
                .map(|p| (p.name.clone(), p.params.clone().unwrap_or_default(), p.value.clone().unwrap_or_default()))
                .collect(),
            alarms: e
                .alarms
                .iter()
                .map(|a| a.properties.iter().map(|p| (p.name.clone(), p.value.clone().unwrap_or_default())).collect())
                .collect(),
        })
        .collect();
    (cal_props, events)
}

/// RFC 5545 text un-escaping; the test parser leaves values as written.
pub(crate) fn unescape(v: &str) -> String {
    v.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
}

#[test]
fn calendar_file_reads_back_with_all_day_events_and_reminders() {
    let today = d("2026-11-10");
    let items = sample_due(today, d("2026-12-01"));
    let text = ics::write(&items, &meta());
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "lines are folded at 75 octets");

    let (cal, events) = parse(&text);
    let cal_get = |n: &str| cal.iter().find(|p| p.0 == n).map(|p| p.1.clone()).unwrap_or_default();
    assert_eq!(cal_get("VERSION"), "2.0");
    assert_eq!(cal_get("PRODID"), "-//SAQ Desk//Compliance year//EN");
    assert_eq!(cal_get("X-WR-CALNAME"), "PCI DSS 2026 — Example Ltd (SAQ A)");
    assert_eq!(events.len(), items.len());

    for (e, item) in events.iter().zip(&items) {
        let date = item.date.format("%Y%m%d").to_string();
        let next = item.date.succ_opt().expect("next day").format("%Y%m%d").to_string();
        assert_eq!(e.get("DTSTART"), date);
        assert_eq!(e.params("DTSTART"), [("VALUE".to_string(), vec!["DATE".to_string()])]);
        assert_eq!(e.get("DTEND"), next, "all-day DTEND is the next day (exclusive)");
        assert_eq!(e.params("DTEND"), [("VALUE".to_string(), vec!["DATE".to_string()])]);
        assert_eq!(e.get("DTSTAMP"), "20261110T083000Z");
        assert_eq!(e.get("UID"), ics::uid("asmt-2026", item));
        assert_eq!(e.get("TRANSP"), "TRANSPARENT");
        assert!(
            unescape(e.get("DESCRIPTION")).starts_with(&format!("{}\n\n", item.detail)),
            "{}",
            e.get("DESCRIPTION")
        );
        let summary = unescape(e.get("SUMMARY"));
        assert!(summary.ends_with(&item.what), "{summary}");
        let triggers: Vec<&str> = e
            .alarms
            .iter()
            .map(|a| {
                assert!(a.iter().any(|p| p == &("ACTION".to_string(), "DISPLAY".to_string())), "{a:?}");
                assert!(!a.iter().any(|p| p.0 == "DTSTAMP"), "no DTSTAMP inside VALARM: {a:?}");
                a.iter().find(|p| p.0 == "TRIGGER").map(|p| p.1.as_str()).unwrap_or("none")
            })
            .collect();
        let want: &[&str] = match (item.kind, item.done, item.overdue) {
            (_, true, _) | (_, _, true) => &[],
            (DueKind::Validation, ..) => &["-P29DT15H", "-P6DT15H"],
            _ => &["-P6DT15H"],
        };
        assert_eq!(triggers, want, "{}", item.what);
        match (item.done, item.overdue) {
            (true, _) => assert!(summary.starts_with("Done: "), "{summary}"),
            (_, true) => assert!(summary.starts_with("Overdue: "), "{summary}"),
            _ => {}
        }
    }
    let uids: std::collections::BTreeSet<&str> = events.iter().map(|e| e.get("UID")).collect();
    assert_eq!(uids.len(), events.len(), "every event has its own UID");
    let validation = events.iter().zip(&items).find(|(_, i)| i.kind == DueKind::Validation).expect("validation").0;
    assert_eq!(unescape(validation.get("SUMMARY")), "Due: Self-assessment and attestation of compliance");
    let alarm_uids: Vec<&str> =
        validation.alarms.iter().flat_map(|a| a.iter().filter(|p| p.0 == "UID").map(|p| p.1.as_str())).collect();
    let stem = validation.get("UID").trim_end_matches("@saqdesk");
    assert_eq!(alarm_uids, [format!("{stem}-alarm-1@saqdesk"), format!("{stem}-alarm-2@saqdesk")]);
}

#[test]
fn short_periods_get_a_reminder_the_day_before() {
    let y = year("2026-01-01", "2026-12-31");
    let r = rec("5.3.2.1", &[Frequency::TargetedRiskAnalysis], Some(Interval::days(14).expect("14")));
    let today = d("2026-01-02");
    let cov = [coverage(&r, &y, &[], today).expect("coverage")];
    let items = due_items(&DueInput {
        assessment: y,
        validation_due: d("2026-12-31"),
        attested: false,
        remediation: &BTreeMap::new(),
        evidence: &[],
        coverage: &cov,
        today,
    });
    let first = items.iter().find(|i| i.kind == DueKind::Recurring).expect("period");
    assert_eq!((first.date, first.period_days), (d("2026-01-14"), Some(14)));
    let (_, events) = parse(&ics::write(&items, &meta()));
    let e = events.iter().find(|e| e.get("DTSTART") == "20260114").expect("event");
    let triggers: Vec<&str> =
        e.alarms.iter().flat_map(|a| a.iter().filter(|p| p.0 == "TRIGGER").map(|p| p.1.as_str())).collect();
    assert_eq!(triggers, ["-PT15H"]);
}

#[test]
fn calendar_is_byte_reproducible_and_uids_survive_changes() {
    let today = d("2026-11-10");
    let items = sample_due(today, d("2026-12-01"));
    let first = ics::write(&items, &meta());
    let second = ics::write(&items, &meta());
    assert_eq!(first, second, "same inputs, same bytes");

    // A later export: a new validation date, the Q3 scan found, a day later, a new export time.
    let later_meta = ics::CalendarMeta { now: now() + chrono::Duration::days(1), ..meta() };
    let mut later = sample_due(d("2026-11-11"), d("2026-12-15"));
    let q3 = later.iter_mut().find(|i| i.period_start == Some(d("2026-07-01"))).expect("q3");
    q3.done = true;
    q3.overdue = false;
    let changed = ics::write(&later, &later_meta);
    assert_ne!(first, changed);

    let by_uid = |text: &str| -> BTreeMap<String, (String, String)> {
        parse(text)
            .1
            .iter()
            .map(|e| (e.get("UID").to_string(), (e.get("DTSTART").to_string(), unescape(e.get("SUMMARY")))))
            .collect()
    };
    let before = by_uid(&first);
    let after = by_uid(&changed);
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "the same events, by UID");
    let validation_uid = ics::uid("asmt-2026", items.iter().find(|i| i.kind == DueKind::Validation).expect("v"));
    assert_eq!(before[&validation_uid].0, "20261201");
    assert_eq!(after[&validation_uid].0, "20261215", "the moved deadline updates the same event");
    let q3_uid = ics::uid("asmt-2026", q3_item(&items));
    assert!(before[&q3_uid].1.starts_with("Overdue: "), "{}", before[&q3_uid].1);
    assert!(after[&q3_uid].1.starts_with("Done: "), "{}", after[&q3_uid].1);
    assert!(changed.contains("DTSTAMP:20261111T083000Z"));

    // Another assessment's calendar never collides with this one.
    let other = ics::uid("asmt-2027", q3_item(&items));
    assert_ne!(other, q3_uid);
    assert!(q3_uid.ends_with("@saqdesk"));
    // Pinned: a UID must not change between releases, or re-imports would duplicate events. It
    // depends on the assessment, kind, requirement and period start only, not on the date or text.
    assert_eq!(q3_uid, "f38db129-56d6-56a8-8dc8-4b1644fd8adb@saqdesk");
    let moved = DueItem { date: d("2030-01-01"), what: "other".into(), overdue: false, ..q3_item(&items).clone() };
    assert_eq!(ics::uid("asmt-2026", &moved), q3_uid);
    let other_period = DueItem { period_start: Some(d("2026-10-01")), ..q3_item(&items).clone() };
    assert_ne!(ics::uid("asmt-2026", &other_period), q3_uid);
}

fn q3_item(items: &[DueItem]) -> &DueItem {
    items
        .iter()
        .find(|i| i.requirement.as_deref() == Some("11.3.2") && i.period_start == Some(d("2026-07-01")))
        .expect("q3")
}

#[test]
fn calendar_json_matches_the_file() {
    let items = sample_due(d("2026-11-10"), d("2026-12-01"));
    let events = ics::events(&items, &meta());
    let json = serde_json::to_value(&events).expect("json");
    let arr = json.as_array().expect("array");
    assert_eq!(arr.len(), items.len());
    let (_, parsed) = parse(&ics::write(&items, &meta()));
    for (j, p) in arr.iter().zip(&parsed) {
        assert_eq!(j["uid"].as_str(), Some(p.get("UID")));
        assert_eq!(j["date"].as_str().map(|s| s.replace('-', "")), Some(p.get("DTSTART").to_string()));
        assert_eq!(j["reminders_days_before"].as_array().map(Vec::len), Some(p.alarms.len()));
    }
    // Due items themselves round-trip through JSON for the UI and the store.
    let back: Vec<DueItem> = serde_json::from_value(serde_json::to_value(&items).expect("json")).expect("back");
    assert_eq!(back, items);
}

#[test]
fn text_with_special_characters_survives() {
    let item = DueItem {
        kind: DueKind::EvidenceExpires,
        date: d("2026-12-24"),
        what: "Evidence expires: AOC, provider; \"Acme\" \\ v2".into(),
        detail: "Line one.\nLine two, with a comma; and a semicolon.".into(),
        requirement: None,
        evidence: Some("ev-9".into()),
        period_start: None,
        period_days: None,
        overdue: false,
        done: false,
    };
    let (_, events) = parse(&ics::write(std::slice::from_ref(&item), &meta()));
    assert_eq!(unescape(events[0].get("SUMMARY")), item.what);
    assert!(unescape(events[0].get("DESCRIPTION")).starts_with("Line one.\nLine two, with a comma; and a semicolon."));
}
