//! Which form a .docx is, decided from structure: the requirement IDs that carry response boxes,
//! the bullet rows, the number of response columns, the Part 2h criteria count and the principal
//! requirements of Part 4. The version and revision come from the Document Changes table (its
//! version and revision columns are numbers in every language) or, for a separate AOC, from the
//! version number and the "Revision N" line on its cover.

use super::catalog::{self, Edition, CURRENT, SAQ_A_SUPERSEDED_CRITERIA, SAQ_A_SUPERSEDED_EXTRA};
use super::error::FormError;
use super::fields::{self, Index};
use super::layout::{self, Layout};
use super::package::{Package, DOCUMENT};
use super::{FormInfo, FormKind, RowRef, Saq};
use std::collections::{BTreeMap, BTreeSet};

/// A blank form, read and understood.
pub(crate) struct Analysed {
    pub package: Package,
    pub index: Index,
    pub layout: Layout,
    pub info: FormInfo,
}

pub(crate) fn analyse(bytes: &[u8]) -> Result<Analysed, FormError> {
    let package = Package::read(bytes)?;
    let doc = package.get(DOCUMENT).unwrap_or_default();
    let index = fields::scan(doc)?;
    // The engine reads and writes WordprocessingML under the `w` prefix, as Word and
    // LibreOffice both write it (transitional or strict).
    const W: [&str; 2] = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ];
    if index.root != "w:document" || !W.contains(&index.w_namespace.as_str()) {
        return Err(FormError::NotDocx("word/document.xml is not a WordprocessingML document".into()));
    }
    let layout = layout::read(&index)?;
    let info = identify(&index, &layout)?;
    Ok(Analysed { package, index, layout, info })
}

fn identify(idx: &Index, layout: &Layout) -> Result<FormInfo, FormError> {
    let principals: Vec<String> = layout.part4.iter().map(|r| r.principal.clone()).collect();
    let criteria = layout.eligibility.len();
    let columns = layout.columns;
    let (edition, kind, answer_rows, requirements) = match &layout.questionnaire {
        Some(q) => {
            let mut ids: Vec<&str> = Vec::new();
            let mut bullets: BTreeMap<&str, usize> = BTreeMap::new();
            for r in &q.rows {
                if !ids.contains(&r.requirement.as_str()) {
                    ids.push(&r.requirement);
                }
                if let Some(b) = r.bullet {
                    bullets.insert(&r.requirement, b);
                }
            }
            let e = by_requirements(&ids, criteria)?;
            let want: BTreeMap<&str, usize> = e.bullets.iter().copied().collect();
            if bullets != want {
                return Err(FormError::Unrecognised(format!(
                    "its requirement IDs are those of {}, but its bullet rows differ ({})",
                    e.name(),
                    differences(&want, &bullets)
                )));
            }
            if q.rows.len() != e.answer_rows() {
                return Err(FormError::Unrecognised(format!(
                    "its requirement IDs are those of {}, but it has {} answer rows, not {}",
                    e.name(),
                    q.rows.len(),
                    e.answer_rows()
                )));
            }
            (e, FormKind::SaqWithAoc, q.rows.len(), ids.len())
        }
        None => (by_aoc(&principals, columns, criteria)?, FormKind::Aoc, 0, 0),
    };
    let what = |e: &Edition| format!("the {} {}", e.name(), kind.noun());
    if columns != edition.columns || criteria != edition.criteria || principals != edition.principals {
        return Err(FormError::Unrecognised(format!(
            "it looks like {} but has {columns} response columns, {criteria} eligibility criteria and Part 4 rows \
             {principals:?} (expected {}, {} and {:?})",
            what(edition),
            edition.columns,
            edition.criteria,
            edition.principals
        )));
    }
    let declared = document_changes(idx).or_else(|| cover(idx));
    let Some((version, revision)) = declared else {
        return Err(FormError::Unrecognised(format!(
            "it is laid out like {} but shows no PCI DSS version number on its cover",
            what(edition)
        )));
    };
    if version != edition.version || revision != edition.revision {
        let found = format!(
            "SAQ {} for PCI DSS v{version}{}",
            edition.saq,
            if revision > 0 { format!(" Revision {revision}") } else { String::new() }
        );
        let newer = version_key(&version) > version_key(edition.version)
            || (version == edition.version && revision > edition.revision);
        return Err(if newer {
            FormError::UnknownRevision { found, known: edition.name() }
        } else {
            FormError::Superseded { found, current: edition.name() }
        });
    }
    Ok(FormInfo {
        saq: edition.saq,
        kind,
        pci_dss_version: version,
        revision,
        published: edition.published.to_string(),
        answer_rows,
        rows: layout
            .questionnaire
            .iter()
            .flat_map(|q| q.rows.iter())
            .map(|r| RowRef { requirement: r.requirement.clone(), bullet: r.bullet })
            .collect(),
        requirements,
        response_columns: columns,
        eligibility_criteria: criteria,
        principal_requirements: principals,
    })
}

fn by_requirements(ids: &[&str], criteria: usize) -> Result<&'static Edition, FormError> {
    let have: BTreeSet<&str> = ids.iter().copied().collect();
    if let Some(e) = CURRENT.iter().find(|e| e.ids.iter().copied().collect::<BTreeSet<_>>() == have) {
        return Ok(e);
    }
    let a = catalog::current(Saq::A);
    let old_a: BTreeSet<&str> = a.ids.iter().chain(SAQ_A_SUPERSEDED_EXTRA).copied().collect();
    if have == old_a {
        return Err(FormError::Superseded {
            found: format!(
                "SAQ A v4.0.1 of October 2024 (with 6.4.3, 11.6.1 and 12.3.1; {criteria} eligibility criteria)"
            ),
            current: a.name(),
        });
    }
    let (best, missing, extra) = CURRENT
        .iter()
        .map(|e| {
            let want: BTreeSet<&str> = e.ids.iter().copied().collect();
            let missing: Vec<&str> = want.difference(&have).copied().collect();
            let extra: Vec<&str> = have.difference(&want).copied().collect();
            (e, missing, extra)
        })
        .min_by_key(|(_, m, x)| m.len() + x.len())
        .ok_or_else(|| FormError::Unrecognised("no known forms".into()))?;
    Err(FormError::Unrecognised(format!(
        "its {} answerable requirements match no v4.0.1 merchant SAQ; the nearest is {} (missing {}, extra {})",
        have.len(),
        best.name(),
        list(&missing),
        list(&extra)
    )))
}

fn by_aoc(principals: &[String], columns: usize, criteria: usize) -> Result<&'static Edition, FormError> {
    let p: Vec<&str> = principals.iter().map(String::as_str).collect();
    if let Some(e) = CURRENT.iter().find(|e| e.principals == p && e.columns == columns && e.criteria == criteria) {
        return Ok(e);
    }
    let a = catalog::current(Saq::A);
    if a.principals == p && columns == a.columns && criteria == SAQ_A_SUPERSEDED_CRITERIA {
        return Err(FormError::Superseded {
            found: "the AOC for SAQ A v4.0.1 of October 2024 (6 eligibility criteria)".into(),
            current: format!("the AOC for {}", a.name()),
        });
    }
    Err(FormError::Unrecognised(format!(
        "an Attestation of Compliance with Part 4 rows {p:?}, {columns} response columns and {criteria} \
         eligibility criteria matches no v4.0.1 merchant SAQ"
    )))
}

fn list(v: &[&str]) -> String {
    match v.len() {
        0 => "none".into(),
        n if n <= 8 => v.join(", "),
        n => format!("{} and {} more", v[..8].join(", "), n - 8),
    }
}

fn differences(want: &BTreeMap<&str, usize>, have: &BTreeMap<&str, usize>) -> String {
    let keys: BTreeSet<&&str> = want.keys().chain(have.keys()).collect();
    keys.into_iter()
        .filter(|k| want.get(**k) != have.get(**k))
        .map(|k| format!("{k}: {} bullets, expected {}", have.get(*k).unwrap_or(&0), want.get(*k).unwrap_or(&0)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn is_version(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

fn version_key(v: &str) -> Vec<u32> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The last row of the Document Changes table: the first table whose second column holds
/// version numbers.
fn document_changes(idx: &Index) -> Option<(String, u32)> {
    let table = idx.tables.iter().find(|t| {
        t.parent_cell.is_none()
            && t.rows.iter().filter(|&&r| idx.rows[r].cells.len() >= 4 && is_version(idx.row_text(r, 1))).count() >= 2
    })?;
    let last = *table.rows.iter().rev().find(|&&r| idx.rows[r].cells.len() >= 4 && is_version(idx.row_text(r, 1)))?;
    let version = idx.row_text(last, 1).to_string();
    let rev = idx.row_text(last, 2);
    let revision = if rev.is_empty() { 0 } else { rev.parse().ok()? };
    Some((version, revision))
}

/// The cover of a separate AOC: a version number in one of the paragraphs before the first
/// table, and an optional line of one word and a number ("Revision 1") after it.
fn cover(idx: &Index) -> Option<(String, u32)> {
    let first_table = idx.tables.first().map(|t| t.span.0).unwrap_or(usize::MAX);
    let paras: Vec<&str> =
        idx.paras.iter().filter(|p| p.cell.is_none() && p.span.0 < first_table).map(|p| p.text.as_str()).collect();
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| c.is_whitespace() || c == ',' || c == ':' || c == '(' || c == ')')
            .map(|w| w.trim_end_matches('.').to_string())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (at, version) =
        paras.iter().enumerate().find_map(|(i, p)| words(p).into_iter().find(|w| is_version(w)).map(|v| (i, v)))?;
    let revision = paras[at + 1..paras.len().min(at + 3)]
        .iter()
        .map(|p| words(p))
        .find(|w| w.len() == 2 && w[0].chars().all(char::is_alphabetic) && w[1].chars().all(|c| c.is_ascii_digit()))
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(0);
    Some((version, revision))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbers() {
        assert!(is_version("4.0.1") && is_version("4.0") && is_version("3.2.1"));
        assert!(!is_version("4") && !is_version("4.0.1.2") && !is_version("v4.0") && !is_version("4..1"));
        assert!(version_key("4.0.1") > version_key("4.0"));
        assert!(version_key("4.1") > version_key("4.0.1"));
    }

    #[test]
    fn the_cover_gives_version_and_revision_in_any_language() {
        let doc = |lines: &[&str]| {
            let body: String = lines.iter().map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>")).collect();
            fields::scan(format!("<w:document><w:body>{body}<w:tbl/></w:body></w:document>").as_bytes()).expect("scan")
        };
        assert_eq!(
            cover(&doc(&["Title", "Para uso con PCI DSS versión 4.0.1", "Revisión 1", "Fecha: enero 2025"])),
            Some(("4.0.1".into(), 1))
        );
        assert_eq!(
            cover(&doc(&["Title", "For use with PCI DSS Version 4.0.1", "Publication Date: October 2024"])),
            Some(("4.0.1".into(), 0))
        );
        assert_eq!(cover(&doc(&["Title only"])), None);
    }
}
