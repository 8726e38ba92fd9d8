//! How often a requirement asks for its activity: the catalog's `frequency` facts, the officer's
//! targeted-risk-analysis (TRA) choice, and the cadence the two resolve to.

use super::error::ScheduleError;
use crate::questionnaire::Requirement;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One recurring-period fact from a requirement's text, as the catalog YAML spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    /// Every three months.
    Quarterly,
    SixMonths,
    TwelveMonths,
    /// Event-driven: no periods, only a reminder. Combines with a periodic frequency.
    AfterSignificantChange,
    /// The merchant's targeted risk analysis sets the period; the officer enters it. Next to a
    /// fixed period (11.6.1: weekly, or as the TRA decides) the fixed one is the default.
    TargetedRiskAnalysis,
}

impl Frequency {
    pub const ALL: [Frequency; 8] = [
        Frequency::Daily,
        Frequency::Weekly,
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::SixMonths,
        Frequency::TwelveMonths,
        Frequency::AfterSignificantChange,
        Frequency::TargetedRiskAnalysis,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::SixMonths => "six-months",
            Frequency::TwelveMonths => "twelve-months",
            Frequency::AfterSignificantChange => "after-significant-change",
            Frequency::TargetedRiskAnalysis => "targeted-risk-analysis",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.slug() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Frequency::Daily => "at least once a day",
            Frequency::Weekly => "at least once a week",
            Frequency::Monthly => "at least once a month",
            Frequency::Quarterly => "at least once every three months",
            Frequency::SixMonths => "at least once every six months",
            Frequency::TwelveMonths => "at least once every twelve months",
            Frequency::AfterSignificantChange => "after every significant change",
            Frequency::TargetedRiskAnalysis => "as often as the targeted risk analysis decides",
        }
    }

    /// The interval of a frequency the requirement text fixes; `None` for the event and the TRA.
    pub fn fixed_interval(self) -> Option<Interval> {
        let (unit, count) = match self {
            Frequency::Daily => (Unit::Days, 1),
            Frequency::Weekly => (Unit::Days, 7),
            Frequency::Monthly => (Unit::Months, 1),
            Frequency::Quarterly => (Unit::Months, 3),
            Frequency::SixMonths => (Unit::Months, 6),
            Frequency::TwelveMonths => (Unit::Months, 12),
            Frequency::AfterSignificantChange | Frequency::TargetedRiskAnalysis => return None,
        };
        Some(Interval { unit, count })
    }
}

/// Whether a requirement's frequency set makes sense: no repeats, at most one fixed period, and
/// nothing but the event next to a lone TRA. The loader reports the message with file and line.
pub fn check_frequencies(set: &[Frequency]) -> Result<(), ScheduleError> {
    for (i, f) in set.iter().enumerate() {
        if set[..i].contains(f) {
            return Err(ScheduleError::Frequencies(format!("`{}` is listed twice", f.slug())));
        }
    }
    let fixed: Vec<&str> = set.iter().filter(|f| f.fixed_interval().is_some()).map(|f| f.slug()).collect();
    if fixed.len() > 1 {
        return Err(ScheduleError::Frequencies(format!(
            "names {} fixed periods ({}); a requirement has one, plus optionally after-significant-change \
             or targeted-risk-analysis",
            fixed.len(),
            fixed.join(", ")
        )));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Days,
    Months,
}

impl Unit {
    pub fn slug(self) -> &'static str {
        match self {
            Unit::Days => "days",
            Unit::Months => "months",
        }
    }

    pub fn from_slug(s: &str) -> Option<Self> {
        [Unit::Days, Unit::Months].into_iter().find(|u| u.slug() == s)
    }

    /// The range a TRA may choose: a day up to two years. Anything longer would outlast the
    /// yearly TRA review (12.3.1) twice over; zero would never end.
    fn range(self) -> (u32, u32) {
        match self {
            Unit::Days => (1, 730),
            Unit::Months => (1, 24),
        }
    }
}

/// A length of time in whole days or calendar months, e.g. the period a TRA chose. Stored as
/// `{"unit": "months", "count": 3}` (two columns: unit, count); out-of-range values do not
/// deserialize.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(try_from = "RawInterval", into = "RawInterval")]
pub struct Interval {
    unit: Unit,
    count: u32,
}

/// What a TRA period is: the interval the officer enters from the merchant's analysis.
pub type TraPeriod = Interval;

#[derive(Serialize, Deserialize)]
struct RawInterval {
    unit: Unit,
    count: u32,
}

impl TryFrom<RawInterval> for Interval {
    type Error = ScheduleError;
    fn try_from(r: RawInterval) -> Result<Self, ScheduleError> {
        Interval::new(r.unit, r.count)
    }
}

impl From<Interval> for RawInterval {
    fn from(i: Interval) -> Self {
        RawInterval { unit: i.unit, count: i.count }
    }
}

/// Intervals shorter than this are not checked one by one: a daily log review or a weekly file
/// comparison is shown by one record per month (a SIEM report, a sign-off sheet), since 365 rows
/// of "covered" would bury the gaps that matter.
const SHORTEST_CHECKED_DAYS: u32 = 14;

impl Interval {
    pub fn new(unit: Unit, count: u32) -> Result<Self, ScheduleError> {
        let (min, max) = unit.range();
        if count < min || count > max {
            return Err(ScheduleError::IntervalOutOfRange { unit: unit.slug(), count, min, max });
        }
        Ok(Interval { unit, count })
    }

    pub fn days(count: u32) -> Result<Self, ScheduleError> {
        Self::new(Unit::Days, count)
    }

    pub fn months(count: u32) -> Result<Self, ScheduleError> {
        Self::new(Unit::Months, count)
    }

    pub fn unit(self) -> Unit {
        self.unit
    }

    pub fn count(self) -> u32 {
        self.count
    }

    /// The stretch of time one piece of evidence has to fall in: the interval itself, or a month
    /// for anything shorter than two weeks (see [`SHORTEST_CHECKED_DAYS`]).
    pub fn checked_window(self) -> Interval {
        match self.unit {
            Unit::Days if self.count < SHORTEST_CHECKED_DAYS => Interval { unit: Unit::Months, count: 1 },
            _ => self,
        }
    }

    /// Roughly how many days the interval lasts, for choosing a reminder's lead time.
    pub fn approx_days(self) -> u32 {
        match self.unit {
            Unit::Days => self.count,
            Unit::Months => self.count.saturating_mul(30),
        }
    }

    pub fn describe(self) -> String {
        match (self.unit, self.count) {
            (Unit::Days, 1) => "every day".to_string(),
            (Unit::Days, 7) => "every week".to_string(),
            (Unit::Days, n) => format!("every {n} days"),
            (Unit::Months, 1) => "every month".to_string(),
            (Unit::Months, 3) => "every three months".to_string(),
            (Unit::Months, 6) => "every six months".to_string(),
            (Unit::Months, 12) => "every twelve months".to_string(),
            (Unit::Months, n) => format!("every {n} months"),
        }
    }
}

/// What a requirement's frequency facts and the officer's TRA entry resolve to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Cadence {
    /// The requirement text fixes the period.
    Fixed { frequency: Frequency, every: Interval },
    /// The merchant's targeted risk analysis chose the period; the officer entered it.
    RiskAnalysis { every: Interval },
    /// A TRA sets the period and the officer has not entered it yet: nothing can be checked.
    RiskAnalysisPending,
    /// Only a significant change calls for the activity: a reminder, never a period.
    EventOnly,
}

impl Cadence {
    /// How often the activity is due.
    pub fn every(&self) -> Option<Interval> {
        match self {
            Cadence::Fixed { every, .. } | Cadence::RiskAnalysis { every } => Some(*every),
            Cadence::RiskAnalysisPending | Cadence::EventOnly => None,
        }
    }

    /// The length of one checked period (see [`Interval::checked_window`]).
    pub fn window(&self) -> Option<Interval> {
        self.every().map(Interval::checked_window)
    }
}

/// One requirement's recurring activity, ready to be split into periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Recurrence {
    pub requirement: String,
    pub title: String,
    pub frequencies: Vec<Frequency>,
    pub cadence: Cadence,
    pub after_significant_change: bool,
}

impl Recurrence {
    /// `None` when the requirement sets no frequency. `tra` is the period the officer entered
    /// from the merchant's TRA; it is refused where no TRA decides the frequency.
    pub fn new(
        requirement: &str,
        title: &str,
        frequencies: &[Frequency],
        tra: Option<Interval>,
    ) -> Result<Option<Self>, ScheduleError> {
        check_frequencies(frequencies)
            .map_err(|e| ScheduleError::Frequencies(format!("requirement {requirement}: {e}")))?;
        if frequencies.is_empty() {
            return match tra {
                Some(_) => Err(ScheduleError::TraNotApplicable { requirement: requirement.to_string() }),
                None => Ok(None),
            };
        }
        let by_tra = frequencies.contains(&Frequency::TargetedRiskAnalysis);
        let fixed = frequencies.iter().find_map(|f| f.fixed_interval().map(|every| (*f, every)));
        let cadence = match (by_tra, tra, fixed) {
            (false, Some(_), _) => {
                return Err(ScheduleError::TraNotApplicable { requirement: requirement.to_string() });
            }
            (true, Some(every), _) => Cadence::RiskAnalysis { every },
            (_, None, Some((frequency, every))) => Cadence::Fixed { frequency, every },
            (true, None, None) => Cadence::RiskAnalysisPending,
            (false, None, None) => Cadence::EventOnly,
        };
        Ok(Some(Recurrence {
            requirement: requirement.to_string(),
            title: title.to_string(),
            frequencies: frequencies.to_vec(),
            cadence,
            after_significant_change: frequencies.contains(&Frequency::AfterSignificantChange),
        }))
    }

    pub fn for_requirement(req: &Requirement, tra: Option<Interval>) -> Result<Option<Self>, ScheduleError> {
        Self::new(&req.id, &req.title, &req.frequency, tra)
    }

    /// Every recurring requirement among `requirements` (e.g. an assessment's snapshot), in
    /// their order, with the officer's TRA periods by requirement ID. A TRA period for a
    /// requirement that is not in the list is ignored: a changed SAQ may have dropped it.
    pub fn all<'a>(
        requirements: impl IntoIterator<Item = &'a Requirement>,
        tra_periods: &BTreeMap<String, Interval>,
    ) -> Result<Vec<Self>, ScheduleError> {
        let mut out = Vec::new();
        for r in requirements {
            if let Some(rec) = Self::for_requirement(r, tra_periods.get(&r.id).copied())? {
                out.push(rec);
            }
        }
        Ok(out)
    }

    /// Whether the officer's TRA entry decides (or would decide) this requirement's period.
    pub fn takes_tra_period(&self) -> bool {
        self.frequencies.contains(&Frequency::TargetedRiskAnalysis)
    }

    /// How the schedule reads in one phrase, e.g. "every three months, and after every
    /// significant change".
    pub fn describe(&self) -> String {
        let base = match &self.cadence {
            Cadence::Fixed { frequency: Frequency::Daily, .. } => {
                "every day (checked as one record per month)".to_string()
            }
            Cadence::Fixed { frequency: Frequency::Weekly, .. } => {
                "every week (checked as one record per month)".to_string()
            }
            Cadence::Fixed { every, .. } => every.describe(),
            Cadence::RiskAnalysis { every } if every.checked_window() != *every => {
                format!("{} as the targeted risk analysis set (checked as one record per month)", every.describe())
            }
            Cadence::RiskAnalysis { every } => format!("{} as the targeted risk analysis set", every.describe()),
            Cadence::RiskAnalysisPending => {
                "at the interval of the targeted risk analysis (not entered yet)".to_string()
            }
            Cadence::EventOnly => return Frequency::AfterSignificantChange.label().to_string(),
        };
        if self.after_significant_change {
            format!("{base}, and {}", Frequency::AfterSignificantChange.label())
        } else {
            base
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_match_serde() {
        for f in Frequency::ALL {
            assert_eq!(Frequency::from_slug(f.slug()), Some(f));
            assert_eq!(serde_json::to_string(&f).expect("json"), format!("\"{}\"", f.slug()));
        }
        assert_eq!(Frequency::from_slug("fortnightly"), None);
    }

    #[test]
    fn frequency_sets_are_checked() {
        use Frequency::*;
        for ok in [
            &[][..],
            &[Quarterly],
            &[TwelveMonths, AfterSignificantChange],
            &[Weekly, TargetedRiskAnalysis],
            &[TargetedRiskAnalysis],
            &[AfterSignificantChange],
        ] {
            assert!(check_frequencies(ok).is_ok(), "{ok:?}");
        }
        let twice = check_frequencies(&[Quarterly, Quarterly]).expect_err("twice");
        assert_eq!(twice.to_string(), "`quarterly` is listed twice");
        let two = check_frequencies(&[Daily, TwelveMonths]).expect_err("two fixed");
        assert!(two.to_string().contains("2 fixed periods (daily, twelve-months)"), "{two}");
    }

    #[test]
    fn short_intervals_are_checked_per_month() {
        let month = Interval::months(1).expect("1");
        assert_eq!(Interval::days(1).expect("1").checked_window(), month);
        assert_eq!(Interval::days(13).expect("13").checked_window(), month);
        assert_eq!(Interval::days(14).expect("14").checked_window(), Interval::days(14).expect("14"));
        assert_eq!(Interval::months(3).expect("3").checked_window(), Interval::months(3).expect("3"));
        assert_eq!(Interval::days(7).expect("7").describe(), "every week");
        assert_eq!(Interval::months(4).expect("4").describe(), "every 4 months");
    }

    #[test]
    fn descriptions_name_the_event_too() {
        let r = Recurrence::new("11.4.3", "t", &[Frequency::TwelveMonths, Frequency::AfterSignificantChange], None)
            .expect("ok")
            .expect("some");
        assert_eq!(r.describe(), "every twelve months, and after every significant change");
        let e = Recurrence::new("6.5.2", "t", &[Frequency::AfterSignificantChange], None).expect("ok").expect("some");
        assert_eq!(e.describe(), "after every significant change");
        assert!(!e.takes_tra_period());
    }
}
