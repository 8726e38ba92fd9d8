//! Loading and validating a questionnaire folder (see questionnaires/README.md for the layout).

use super::error::QuestionnaireError;
use super::model::*;
use super::yaml::Source;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    name: String,
    version: String,
    principals: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalogFile {
    principal: String,
    title: String,
    sections: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    title: String,
    requirements: Vec<RawRequirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    id: String,
    title: String,
    description: String,
    testing: Vec<Testing>,
    future_dated: bool,
    #[serde(default)]
    future_dated_part: Option<String>,
    #[serde(default)]
    future_dated_bullets: Vec<usize>,
    evidence: Vec<String>,
    #[serde(default)]
    bullets: Vec<String>,
    #[serde(default)]
    frequency: Vec<Frequency>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSaq {
    saq: String,
    name: String,
    version: String,
    published: String,
    source: String,
    summary: String,
    channels: Vec<Channel>,
    responses: Vec<ResponseKind>,
    part4_rows: Vec<String>,
    eligibility: Vec<Criterion>,
    requirements: Vec<String>,
    #[serde(default)]
    notes: Vec<Note>,
    #[serde(default)]
    own_rows: Vec<OwnRow>,
}

/// Loads `dir` (e.g. `questionnaires/pci-dss-v4.0.1`): the manifest, every catalog file, every SAQ.
pub fn load(dir: &Path) -> Result<Questionnaire, QuestionnaireError> {
    let manifest_src = Source::read(&dir.join("questionnaire.yaml"))?;
    let manifest: RawManifest = manifest_src.parse()?;
    let catalog = load_catalog(&dir.join("catalog"), &manifest)?;
    let saqs = load_saqs(&dir.join("saqs"), &catalog)?;
    let views = saq_views(&catalog, &saqs);
    Ok(Questionnaire { name: manifest.name, version: manifest.version, catalog, saqs, views })
}

/// The requirements an SAQ answers differently from the catalog: its own rows become the last
/// answer row, so the store, status and report all count the form's rows without special cases.
fn saq_views(catalog: &Catalog, saqs: &[Saq]) -> HashMap<String, HashMap<String, Requirement>> {
    let mut views: HashMap<String, HashMap<String, Requirement>> = HashMap::new();
    for s in saqs {
        for own in &s.own_rows {
            if let Some(r) = catalog.get(&own.requirement) {
                let mut r = r.clone();
                r.bullets.push(own.text.trim().to_string());
                r.own_row = true;
                views.entry(s.id.clone()).or_default().insert(r.id.clone(), r);
            }
        }
    }
    views
}

fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, QuestionnaireError> {
    let entries =
        std::fs::read_dir(dir).map_err(|source| QuestionnaireError::Io { file: dir.to_path_buf(), source })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(QuestionnaireError::Invalid {
            file: dir.to_path_buf(),
            line: None,
            id: None,
            message: "folder holds no .yaml files".into(),
        });
    }
    Ok(files)
}

fn require_text(src: &Source, id: &str, field: &str, value: &str) -> Result<(), QuestionnaireError> {
    if value.trim().is_empty() {
        return Err(src.invalid(Some(id), 0, format!("field `{field}` is empty")));
    }
    Ok(())
}

fn load_catalog(dir: &Path, manifest: &RawManifest) -> Result<Catalog, QuestionnaireError> {
    let mut files: Vec<(usize, Source, RawCatalogFile)> = Vec::new();
    for path in yaml_files(dir)? {
        let src = Source::read(&path)?;
        let raw: RawCatalogFile = src.parse()?;
        let order = manifest.principals.iter().position(|p| *p == raw.principal).ok_or_else(|| {
            src.invalid(
                Some(&raw.principal),
                0,
                format!("unknown principal requirement; questionnaire.yaml allows {}", manifest.principals.join(", ")),
            )
        })?;
        if files.iter().any(|(o, _, _)| *o == order) {
            return Err(src.invalid(
                Some(&raw.principal),
                0,
                "principal requirement is declared by another catalog file too",
            ));
        }
        files.push((order, src, raw));
    }
    files.sort_by_key(|(o, _, _)| *o);

    let mut principals = Vec::new();
    let mut requirements: Vec<Requirement> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (_, src, raw) in files {
        require_text(&src, &raw.principal, "title", &raw.title)?;
        let mut sections = Vec::new();
        for sec in raw.sections {
            if sec.id.split('.').next() != Some(raw.principal.as_str()) {
                return Err(src.invalid(
                    Some(&sec.id),
                    0,
                    format!("section does not belong to principal requirement {}", raw.principal),
                ));
            }
            require_text(&src, &sec.id, "title", &sec.title)?;
            let mut ids = Vec::new();
            for r in sec.requirements {
                if !r.id.starts_with(&format!("{}.", sec.id)) {
                    return Err(src.invalid(Some(&r.id), 0, format!("requirement is not inside section {}", sec.id)));
                }
                if index.contains_key(&r.id) {
                    return Err(src.invalid(Some(&r.id), 1, "duplicate requirement ID in the catalog"));
                }
                require_text(&src, &r.id, "title", &r.title)?;
                require_text(&src, &r.id, "description", &r.description)?;
                if r.testing.is_empty() {
                    return Err(src.invalid(
                        Some(&r.id),
                        0,
                        "field `testing` needs at least one of examine, interview, observe",
                    ));
                }
                if (r.future_dated_part.is_some() || !r.future_dated_bullets.is_empty()) && !r.future_dated {
                    return Err(src.invalid(
                        Some(&r.id),
                        0,
                        "future_dated_part and future_dated_bullets need future_dated: true",
                    ));
                }
                if let Some(n) = r.future_dated_bullets.iter().find(|n| **n == 0 || **n > r.bullets.len()) {
                    return Err(src.invalid(
                        Some(&r.id),
                        0,
                        format!("future_dated_bullets names bullet {n}, but the requirement has {}", r.bullets.len()),
                    ));
                }
                if let Err(e) = crate::schedule::check_frequencies(&r.frequency) {
                    return Err(src.invalid(Some(&r.id), 0, format!("field `frequency`: {e}")));
                }
                index.insert(r.id.clone(), requirements.len());
                ids.push(r.id.clone());
                requirements.push(Requirement {
                    id: r.id,
                    principal: raw.principal.clone(),
                    section: sec.id.clone(),
                    title: r.title.trim().to_string(),
                    description: r.description.trim().to_string(),
                    testing: r.testing,
                    future_dated: r.future_dated,
                    future_dated_part: r.future_dated_part.map(|p| p.trim().to_string()),
                    future_dated_bullets: r.future_dated_bullets,
                    evidence: r.evidence,
                    bullets: r.bullets,
                    own_row: false,
                    frequency: r.frequency,
                });
            }
            sections.push(Section { id: sec.id, title: sec.title, requirements: ids });
        }
        principals.push(Principal { id: raw.principal, title: raw.title, sections });
    }
    Ok(Catalog { principals, requirements, index })
}

fn load_saqs(dir: &Path, catalog: &Catalog) -> Result<Vec<Saq>, QuestionnaireError> {
    let mut loaded: Vec<(Source, Saq)> = Vec::new();
    for path in yaml_files(dir)? {
        let src = Source::read(&path)?;
        let raw: RawSaq = src.parse()?;
        if loaded.iter().any(|(_, s)| s.id.eq_ignore_ascii_case(&raw.saq)) {
            return Err(src.invalid(Some(&raw.saq), 0, "SAQ type is declared by another file too"));
        }
        let saq = validate_saq(&src, raw, catalog)?;
        loaded.push((src, saq));
    }
    let known: Vec<String> = loaded.iter().map(|(_, s)| s.id.clone()).collect();
    for (src, saq) in &loaded {
        for c in &saq.eligibility {
            if let Some(to) = &c.on_decline.escalate_to {
                if !known.iter().any(|k| k == to) {
                    return Err(src.invalid(
                        Some(to),
                        0,
                        format!(
                            "criterion {} escalates to an SAQ that is not defined (known: {})",
                            c.id,
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
    }
    let mut saqs: Vec<Saq> = loaded.into_iter().map(|(_, s)| s).collect();
    saqs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(saqs)
}

fn validate_saq(src: &Source, raw: RawSaq, catalog: &Catalog) -> Result<Saq, QuestionnaireError> {
    let mut seen = HashSet::new();
    for id in &raw.requirements {
        if catalog.get(id).is_none() {
            return Err(src.invalid(
                Some(id),
                0,
                format!("unknown requirement ID in SAQ {} (not in the catalog)", raw.saq),
            ));
        }
        if !seen.insert(id.as_str()) {
            return Err(src.invalid(Some(id), 1, format!("requirement listed twice in SAQ {}", raw.saq)));
        }
    }
    let mut crit_ids = HashSet::new();
    for c in &raw.eligibility {
        if !crit_ids.insert(c.id.as_str()) {
            return Err(src.invalid(Some(&c.id), 1, "duplicate eligibility criterion ID"));
        }
        require_text(src, &c.id, "text", &c.text)?;
        require_text(src, &c.id, "on_decline.why", &c.on_decline.why)?;
    }
    for n in &raw.notes {
        if !seen.contains(n.requirement.as_str()) {
            return Err(src.invalid(
                Some(&n.requirement),
                0,
                format!("applicability note for a requirement that is not in SAQ {}", raw.saq),
            ));
        }
    }
    let mut own_seen = HashSet::new();
    for o in &raw.own_rows {
        if !seen.contains(o.requirement.as_str()) {
            return Err(src.invalid(
                Some(&o.requirement),
                0,
                format!("own_rows names a requirement that is not in SAQ {}", raw.saq),
            ));
        }
        if catalog.get(&o.requirement).is_some_and(|r| r.bullets.is_empty()) {
            return Err(src.invalid(
                Some(&o.requirement),
                0,
                "own_rows is for requirements answered per bullet; this one has no bullets",
            ));
        }
        if !own_seen.insert(o.requirement.as_str()) {
            return Err(src.invalid(Some(&o.requirement), 1, "own_rows lists the requirement twice"));
        }
        require_text(src, &o.requirement, "own_rows.text", &o.text)?;
    }
    for p in &raw.part4_rows {
        if catalog.principal(p).is_none() {
            return Err(src.invalid(Some(p), 0, "part4_rows names an unknown principal requirement"));
        }
    }
    if raw.requirements.is_empty() {
        return Err(src.invalid(Some(&raw.saq), 0, "SAQ lists no requirements"));
    }
    if raw.channels.is_empty() {
        return Err(src.invalid(Some(&raw.saq), 0, "SAQ names no payment channel"));
    }
    // Catalog order, whatever order the file used, so every view lists requirements the same way.
    let mut requirements = raw.requirements;
    requirements.sort_by_key(|id| catalog.position(id));
    Ok(Saq {
        id: raw.saq,
        name: raw.name,
        version: raw.version,
        published: raw.published,
        source: raw.source,
        summary: raw.summary,
        channels: raw.channels,
        responses: raw.responses,
        part4_rows: raw.part4_rows,
        eligibility: raw.eligibility,
        requirements,
        notes: raw.notes,
        own_rows: raw.own_rows,
    })
}
