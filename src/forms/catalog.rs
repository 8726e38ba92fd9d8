//! The structural facts of the v4.0.1 merchant forms SAQ Desk fills: which requirement IDs carry
//! response boxes, which are answered per bullet, the principal requirements of Part 4 and how
//! many Part 2h criteria each form lists. Recognition compares a form against these facts, never
//! against its wording, so a translated edition with the same structure is recognised too.

use super::Saq;

/// One edition of one SAQ as the PCI SSC publishes it.
pub(crate) struct Edition {
    pub saq: Saq,
    pub version: &'static str,
    /// 0 for the first publication of a version, then 1, 2, … ("Revision 1").
    pub revision: u32,
    /// Requirement IDs answered on the form, in form order (a requirement answered per bullet
    /// counts once).
    pub ids: &'static [&'static str],
    /// Requirements answered once per bullet, with the number of bullets.
    pub bullets: &'static [(&'static str, usize)],
    /// Response boxes per answer row: In Place, In Place with CCW, Not Applicable, [Not Tested,]
    /// Not in Place.
    pub columns: usize,
    /// The principal requirements of Part 2g and Part 4, in form order.
    pub principals: &'static [&'static str],
    /// How many eligibility criteria Part 2h lists.
    pub criteria: usize,
    /// Publication month, for messages.
    pub published: &'static str,
}

impl Edition {
    pub fn answer_rows(&self) -> usize {
        self.ids.len() + self.bullets.iter().map(|(_, n)| n).sum::<usize>()
            - self.bullets.iter().filter(|(id, _)| !self.own_row(id)).count()
    }

    /// Whether a bulleted requirement also has boxes on its own row (only 12.5.2 in SAQ D).
    pub fn own_row(&self, id: &str) -> bool {
        self.saq == Saq::D && id == "12.5.2"
    }

    pub fn name(&self) -> String {
        let rev = if self.revision == 0 { String::new() } else { format!(" Revision {}", self.revision) };
        format!("SAQ {} v{}{rev} ({})", self.saq, self.version, self.published)
    }
}

const P_ALL: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];
const P_ALL_A2: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "A2"];

/// The forms in force: the ones SAQ Desk fills.
pub(crate) const CURRENT: [Edition; 5] = [
    Edition {
        saq: Saq::A,
        version: "4.0.1",
        revision: 1,
        ids: IDS_A,
        bullets: &[],
        columns: 4,
        principals: &["2", "3", "6", "8", "9", "11", "12"],
        criteria: 7,
        published: "January 2025",
    },
    Edition {
        saq: Saq::AEp,
        version: "4.0.1",
        revision: 0,
        ids: IDS_AEP,
        bullets: &[("4.2.1", 4), ("6.2.4", 6), ("6.4.3", 3), ("11.6.1", 3)],
        columns: 4,
        principals: P_ALL,
        criteria: 8,
        published: "October 2024",
    },
    Edition {
        saq: Saq::C,
        version: "4.0.1",
        revision: 0,
        ids: IDS_C,
        bullets: &[("4.2.1", 4), ("6.2.4", 6)],
        columns: 4,
        principals: P_ALL_A2,
        criteria: 5,
        published: "October 2024",
    },
    Edition {
        saq: Saq::CVt,
        version: "4.0.1",
        revision: 0,
        ids: IDS_CVT,
        bullets: &[],
        columns: 4,
        principals: &["1", "2", "3", "4", "5", "6", "7", "8", "9", "12"],
        criteria: 7,
        published: "October 2024",
    },
    Edition {
        saq: Saq::D,
        version: "4.0.1",
        revision: 0,
        ids: IDS_D,
        bullets: &[("4.2.1", 4), ("6.2.4", 6), ("6.4.3", 3), ("11.3.1.2", 3), ("11.6.1", 3), ("12.5.2", 7)],
        columns: 5,
        principals: P_ALL_A2,
        criteria: 0,
        published: "October 2024",
    },
];

/// SAQ A v4.0.1 of October 2024, replaced by Revision 1 in January 2025: it still had 6.4.3,
/// 11.6.1 and 12.3.1, and one e-commerce eligibility criterion fewer.
pub(crate) const SAQ_A_SUPERSEDED_EXTRA: &[&str] = &["6.4.3", "11.6.1", "12.3.1"];
pub(crate) const SAQ_A_SUPERSEDED_CRITERIA: usize = 6;

pub(crate) fn current(saq: Saq) -> &'static Edition {
    match saq {
        Saq::A => &CURRENT[0],
        Saq::AEp => &CURRENT[1],
        Saq::C => &CURRENT[2],
        Saq::CVt => &CURRENT[3],
        Saq::D => &CURRENT[4],
    }
}

const IDS_A: &[&str] = &[
    "2.2.2", "3.1.1", "3.2.1", "6.3.1", "6.3.3", "8.2.1", "8.2.2", "8.2.5", "8.3.1", "8.3.5", "8.3.6", "8.3.7",
    "8.3.9", "9.4.1", "9.4.1.1", "9.4.2", "9.4.3", "9.4.4", "9.4.6", "11.3.2", "11.3.2.1", "12.8.1", "12.8.2",
    "12.8.3", "12.8.4", "12.8.5", "12.10.1",
];
const IDS_AEP: &[&str] = &[
    "1.1.1", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.2.6", "1.2.7", "1.2.8", "1.3.1", "1.3.2", "1.3.3",
    "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.5.1", "2.1.1", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5",
    "2.2.6", "2.2.7", "3.1.1", "3.2.1", "3.3.1", "3.3.1.2", "3.3.1.3", "4.1.1", "4.2.1", "4.2.2", "5.1.1", "5.2.1",
    "5.2.2", "5.2.3", "5.2.3.1", "5.3.1", "5.3.2", "5.3.2.1", "5.3.3", "5.3.4", "5.3.5", "5.4.1", "6.1.1", "6.2.1",
    "6.2.2", "6.2.4", "6.3.1", "6.3.2", "6.3.3", "6.4.1", "6.4.2", "6.4.3", "6.5.1", "6.5.2", "7.2.2", "7.2.3",
    "7.2.4", "7.2.5", "8.1.1", "8.2.1", "8.2.2", "8.2.4", "8.2.5", "8.2.6", "8.2.7", "8.2.8", "8.3.1", "8.3.2",
    "8.3.3", "8.3.4", "8.3.5", "8.3.6", "8.3.7", "8.3.8", "8.3.9", "8.3.11", "8.4.1", "8.4.2", "8.4.3", "8.5.1",
    "8.6.1", "8.6.2", "8.6.3", "9.2.1", "9.4.1", "9.4.1.1", "9.4.2", "9.4.3", "9.4.4", "9.4.6", "10.2.1", "10.2.1.1",
    "10.2.1.2", "10.2.1.3", "10.2.1.4", "10.2.1.5", "10.2.1.6", "10.2.1.7", "10.2.2", "10.3.1", "10.3.2", "10.3.3",
    "10.3.4", "10.4.1", "10.4.1.1", "10.4.2", "10.4.2.1", "10.4.3", "10.5.1", "10.6.1", "10.6.2", "10.6.3", "11.3.2",
    "11.3.2.1", "11.4.1", "11.4.3", "11.4.4", "11.4.5", "11.5.1", "11.5.2", "11.6.1", "12.1.1", "12.1.2", "12.1.3",
    "12.1.4", "12.3.1", "12.6.1", "12.6.3.1", "12.8.1", "12.8.2", "12.8.3", "12.8.4", "12.8.5", "12.10.1", "12.10.3",
];
const IDS_C: &[&str] = &[
    "1.3.1", "1.3.2", "1.3.3", "2.1.1", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5", "2.2.6", "2.2.7", "2.3.1",
    "2.3.2", "3.1.1", "3.3.1", "3.3.1.2", "3.3.1.3", "3.4.1", "4.2.1", "4.2.1.2", "4.2.2", "5.1.1", "5.2.1", "5.2.2",
    "5.2.3", "5.2.3.1", "5.3.1", "5.3.2", "5.3.2.1", "5.3.3", "5.3.4", "5.3.5", "5.4.1", "6.2.1", "6.2.2", "6.2.3.1",
    "6.2.4", "6.3.1", "6.3.3", "6.5.1", "6.5.2", "7.2.2", "7.2.3", "7.2.4", "7.2.5", "8.1.1", "8.2.1", "8.2.2",
    "8.2.4", "8.2.5", "8.2.6", "8.2.7", "8.2.8", "8.3.1", "8.3.2", "8.3.3", "8.3.4", "8.3.5", "8.3.6", "8.3.7",
    "8.3.8", "8.3.9", "8.4.1", "8.4.2", "8.4.3", "8.5.1", "8.6.1", "8.6.2", "8.6.3", "9.1.1", "9.2.1", "9.2.1.1",
    "9.2.2", "9.4.1", "9.4.1.1", "9.4.2", "9.4.3", "9.4.4", "9.4.6", "9.5.1", "9.5.1.1", "9.5.1.2", "9.5.1.3",
    "10.1.1", "10.2.1.2", "10.2.1.4", "10.2.1.5", "10.2.2", "10.3.1", "10.3.2", "10.3.4", "10.4.1", "10.4.1.1",
    "10.4.2", "10.4.2.1", "10.4.3", "10.5.1", "10.6.1", "10.6.2", "10.6.3", "11.2.1", "11.2.2", "11.3.1", "11.3.1.3",
    "11.3.2", "11.3.2.1", "11.4.5", "11.5.2", "12.1.1", "12.1.2", "12.1.3", "12.2.1", "12.3.1", "12.6.1", "12.6.3.1",
    "12.8.1", "12.8.2", "12.8.3", "12.8.4", "12.8.5", "12.10.1", "12.10.3", "A2.1.1",
];
const IDS_CVT: &[&str] = &[
    "1.3.1", "1.3.2", "1.3.3", "1.5.1", "2.1.1", "2.2.2", "2.2.4", "2.2.5", "2.2.6", "2.2.7", "2.3.1", "2.3.2",
    "3.1.1", "3.3.1", "3.3.1.2", "3.4.1", "4.2.1.2", "5.2.1", "5.2.2", "5.3.1", "5.3.2", "5.3.3", "5.3.4", "5.3.5",
    "5.4.1", "6.3.1", "6.3.3", "7.2.2", "8.1.1", "8.2.1", "8.2.2", "8.2.4", "8.2.5", "8.3.1", "8.3.6", "8.4.1",
    "9.1.1", "9.2.1", "9.4.1", "9.4.1.1", "9.4.2", "9.4.3", "9.4.4", "9.4.6", "12.1.1", "12.1.2", "12.6.1", "12.6.3.1",
    "12.8.1", "12.8.2", "12.8.3", "12.8.4", "12.8.5", "12.10.1",
];
const IDS_D: &[&str] = &[
    "1.1.1",
    "1.1.2",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "1.2.4",
    "1.2.5",
    "1.2.6",
    "1.2.7",
    "1.2.8",
    "1.3.1",
    "1.3.2",
    "1.3.3",
    "1.4.1",
    "1.4.2",
    "1.4.3",
    "1.4.4",
    "1.4.5",
    "1.5.1",
    "2.1.1",
    "2.1.2",
    "2.2.1",
    "2.2.2",
    "2.2.3",
    "2.2.4",
    "2.2.5",
    "2.2.6",
    "2.2.7",
    "2.3.1",
    "2.3.2",
    "3.1.1",
    "3.1.2",
    "3.2.1",
    "3.3.1",
    "3.3.1.1",
    "3.3.1.2",
    "3.3.1.3",
    "3.3.2",
    "3.4.1",
    "3.4.2",
    "3.5.1",
    "3.5.1.1",
    "3.5.1.2",
    "3.5.1.3",
    "3.6.1",
    "3.6.1.2",
    "3.6.1.3",
    "3.6.1.4",
    "3.7.1",
    "3.7.2",
    "3.7.3",
    "3.7.4",
    "3.7.5",
    "3.7.6",
    "3.7.7",
    "3.7.8",
    "4.1.1",
    "4.1.2",
    "4.2.1",
    "4.2.1.1",
    "4.2.1.2",
    "4.2.2",
    "5.1.1",
    "5.1.2",
    "5.2.1",
    "5.2.2",
    "5.2.3",
    "5.2.3.1",
    "5.3.1",
    "5.3.2",
    "5.3.2.1",
    "5.3.3",
    "5.3.4",
    "5.3.5",
    "5.4.1",
    "6.1.1",
    "6.1.2",
    "6.2.1",
    "6.2.2",
    "6.2.3",
    "6.2.3.1",
    "6.2.4",
    "6.3.1",
    "6.3.2",
    "6.3.3",
    "6.4.1",
    "6.4.2",
    "6.4.3",
    "6.5.1",
    "6.5.2",
    "6.5.3",
    "6.5.4",
    "6.5.5",
    "6.5.6",
    "7.1.1",
    "7.1.2",
    "7.2.1",
    "7.2.2",
    "7.2.3",
    "7.2.4",
    "7.2.5",
    "7.2.5.1",
    "7.2.6",
    "7.3.1",
    "7.3.2",
    "7.3.3",
    "8.1.1",
    "8.1.2",
    "8.2.1",
    "8.2.2",
    "8.2.4",
    "8.2.5",
    "8.2.6",
    "8.2.7",
    "8.2.8",
    "8.3.1",
    "8.3.2",
    "8.3.3",
    "8.3.4",
    "8.3.5",
    "8.3.6",
    "8.3.7",
    "8.3.8",
    "8.3.9",
    "8.3.11",
    "8.4.1",
    "8.4.2",
    "8.4.3",
    "8.5.1",
    "8.6.1",
    "8.6.2",
    "8.6.3",
    "9.1.1",
    "9.1.2",
    "9.2.1",
    "9.2.1.1",
    "9.2.2",
    "9.2.3",
    "9.2.4",
    "9.3.1",
    "9.3.1.1",
    "9.3.2",
    "9.3.3",
    "9.3.4",
    "9.4.1",
    "9.4.1.1",
    "9.4.1.2",
    "9.4.2",
    "9.4.3",
    "9.4.4",
    "9.4.5",
    "9.4.5.1",
    "9.4.6",
    "9.4.7",
    "9.5.1",
    "9.5.1.1",
    "9.5.1.2",
    "9.5.1.2.1",
    "9.5.1.3",
    "10.1.1",
    "10.1.2",
    "10.2.1",
    "10.2.1.1",
    "10.2.1.2",
    "10.2.1.3",
    "10.2.1.4",
    "10.2.1.5",
    "10.2.1.6",
    "10.2.1.7",
    "10.2.2",
    "10.3.1",
    "10.3.2",
    "10.3.3",
    "10.3.4",
    "10.4.1",
    "10.4.1.1",
    "10.4.2",
    "10.4.2.1",
    "10.4.3",
    "10.5.1",
    "10.6.1",
    "10.6.2",
    "10.6.3",
    "10.7.2",
    "10.7.3",
    "11.1.1",
    "11.1.2",
    "11.2.1",
    "11.2.2",
    "11.3.1",
    "11.3.1.1",
    "11.3.1.2",
    "11.3.1.3",
    "11.3.2",
    "11.3.2.1",
    "11.4.1",
    "11.4.2",
    "11.4.3",
    "11.4.4",
    "11.4.5",
    "11.5.1",
    "11.5.2",
    "11.6.1",
    "12.1.1",
    "12.1.2",
    "12.1.3",
    "12.1.4",
    "12.2.1",
    "12.3.1",
    "12.3.3",
    "12.3.4",
    "12.5.1",
    "12.5.2",
    "12.6.1",
    "12.6.2",
    "12.6.3",
    "12.6.3.1",
    "12.6.3.2",
    "12.7.1",
    "12.8.1",
    "12.8.2",
    "12.8.3",
    "12.8.4",
    "12.8.5",
    "12.10.1",
    "12.10.2",
    "12.10.3",
    "12.10.4",
    "12.10.4.1",
    "12.10.5",
    "12.10.6",
    "12.10.7",
    "A2.1.1",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_catalog_holds_the_official_counts() {
        let rows: Vec<(Saq, usize, usize)> = CURRENT.iter().map(|e| (e.saq, e.ids.len(), e.answer_rows())).collect();
        assert_eq!(
            rows,
            [(Saq::A, 27, 27), (Saq::AEp, 139, 151), (Saq::C, 123, 131), (Saq::CVt, 54, 54), (Saq::D, 233, 254)]
        );
        let d: BTreeSet<&str> = IDS_D.iter().copied().collect();
        for e in &CURRENT {
            let ids: BTreeSet<&str> = e.ids.iter().copied().collect();
            assert_eq!(ids.len(), e.ids.len(), "{}: no repeats", e.saq);
            assert!(ids.is_subset(&d), "{}: every merchant SAQ is a subset of D", e.saq);
            assert!(e.bullets.iter().all(|(id, _)| ids.contains(id)));
        }
        assert!(SAQ_A_SUPERSEDED_EXTRA.iter().all(|id| !IDS_A.contains(id)));
    }

    /// The forms' structure and the questionnaire data state the same facts twice (the one to
    /// recognise a PCI SSC document, the other to ask the questions): they must agree, row for row.
    #[test]
    fn the_catalog_agrees_with_the_questionnaire_data() {
        let ds = crate::DataSet::open_default().expect("the shipped questionnaires");
        let q = &ds.questionnaire;
        for e in &CURRENT {
            let saq = q.saq(e.saq.code()).unwrap_or_else(|| panic!("SAQ {} in the data", e.saq));
            let ids: Vec<&str> = saq.requirements.iter().map(String::as_str).collect();
            assert_eq!(ids, e.ids, "SAQ {}: the same requirements in the same order", e.saq);
            let bulleted: Vec<(&str, usize)> = q
                .saq_requirements(saq)
                .filter(|r| !r.bullets.is_empty())
                // The data lists an own row (12.5.2 in SAQ D) as its last row; the form counts bullets.
                .map(|r| (r.id.as_str(), r.bullets.len() - usize::from(r.own_row)))
                .collect();
            assert_eq!(bulleted, e.bullets, "SAQ {}: the requirements answered per bullet", e.saq);
            for (id, _) in e.bullets {
                let own = q.saq_requirements(saq).find(|r| r.id == *id).is_some_and(|r| r.own_row);
                assert_eq!(own, e.own_row(id), "SAQ {}: {id} has its own row", e.saq);
            }
        }
    }
}
