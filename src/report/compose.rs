//! Model → layout blocks for the PDF: the SAQ/AOC order a QSA expects. Wording comes from the
//! templates; this file decides structure only.

use super::document::*;
use super::error::ReportError;
use super::model::ReportModel;
use super::templates::Templates;
use crate::questionnaire::FUTURE_DATED_SINCE;
use crate::store::AssessmentState;

/// Loads an image's bytes by SHA-256 (from the store), so only the images drawn are read.
pub type ImageSource<'a> = &'a dyn Fn(&str) -> Result<Vec<u8>, String>;

pub fn compose(m: &ReportModel, t: &Templates, images: ImageSource<'_>) -> Result<Document, ReportError> {
    let ctx = tera::Context::from_serialize(m)
        .map_err(|e| ReportError::Template { file: "context".into(), message: e.to_string() })?;
    let p = Prose { t, ctx };
    let mut b: Vec<Block> = Vec::new();
    cover(m, &p, &mut b)?;
    section1(m, &p, &mut b)?;
    section2(m, &p, &mut b)?;
    guidance_and_appendices(m, &p, &mut b)?;
    section3(m, &p, &mut b)?;
    recurring(m, &p, &mut b)?;
    evidence(m, &p, images, &mut b)?;
    audit(m, &p, &mut b)?;
    let a = &m.assessment;
    Ok(Document {
        meta: Meta {
            title: format!("{} — {} {} evidence report", m.merchant.legal_name, a.saq_name, a.year),
            author: m.merchant.legal_name.clone(),
            subject: format!("PCI DSS {} self-assessment, {} to {}", a.saq_name, a.period_start, a.period_end),
            keywords: vec!["PCI DSS".into(), a.questionnaire.clone(), a.saq_name.clone(), a.id.clone()],
            created: m.generated_at,
        },
        header_left: if m.merchant.dba.is_empty() {
            m.merchant.legal_name.clone()
        } else {
            format!("{} (DBA {})", m.merchant.legal_name, m.merchant.dba)
        },
        header_right: format!("{} · {} · {}", a.saq_name, a.questionnaire, a.year),
        watermark: (!m.attested).then(|| "DRAFT".to_string()),
        blocks: b,
    })
}

/// The report's own prose, from the `pdf/*.txt.tera` templates.
struct Prose<'a> {
    t: &'a Templates,
    ctx: tera::Context,
}

impl Prose<'_> {
    fn get(&self, name: &str) -> Result<Vec<Block>, ReportError> {
        Ok(paragraphs(&self.t.render(&format!("pdf/{name}.txt.tera"), &self.ctx)?))
    }
}

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        s.to_string()
    }
}

/// The cover page and the table of contents.
fn cover(m: &ReportModel, p: &Prose<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    let a = &m.assessment;
    b.push(Block::Cover {
        title: format!("PCI DSS Self-Assessment Questionnaire {}", a.saq),
        subtitle: "Evidence report and Attestation of Compliance".into(),
        lines: vec![
            ("Merchant".into(), m.merchant.legal_name.clone()),
            ("Doing business as".into(), dash(&m.merchant.dba)),
            ("SAQ".into(), format!("{} ({})", a.saq_name, a.saq_version)),
            ("Standard".into(), a.questionnaire.clone()),
            ("Assessment period".into(), format!("{} to {}", a.period_start, a.period_end)),
            (
                "Status".into(),
                if m.attested {
                    format!("Attested — {}", m.compliance.label)
                } else {
                    format!("{} — answers so far indicate {}", status_label(&a.status), m.compliance.label)
                },
            ),
            ("Generated".into(), super::model::ts(&m.generated_at)),
            ("Assessment ID".into(), a.id.clone()),
        ],
    });
    b.extend(p.get("cover")?);
    b.push(Block::Toc);

    Ok(())
}

/// Section 1: the AOC parts 1 and 2.
fn section1(m: &ReportModel, p: &Prose<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    part1(m, p, b)?;
    part2a_to_2f(m, p, b)?;
    part2g_2h(m, b)
}

/// Part 1: the merchant and the assessor.
fn part1(m: &ReportModel, p: &Prose<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    b.push(h1("Section 1: Assessment information"));
    b.extend(p.get("section1")?);
    b.push(h2("Part 1a. Merchant"));
    let mp = &m.merchant;
    b.push(Block::Fields {
        rows: vec![
            ("Company name".into(), mp.legal_name.clone()),
            ("DBA (doing business as)".into(), dash(&mp.dba)),
            ("Mailing address".into(), dash(&mp.address)),
            ("Main website".into(), dash(&mp.website)),
            ("Contact name".into(), dash(&mp.contact_name)),
            ("Contact title".into(), dash(&mp.contact_title)),
            ("Contact phone".into(), dash(&mp.contact_phone)),
            ("Contact e-mail".into(), dash(&mp.contact_email)),
            ("Business description".into(), dash(&mp.business_description)),
        ],
    });
    b.push(h2("Part 1b. Assessor"));
    // The QSA and ISAs as the AOC details hold them since 0.2 (`qsa`, `isa_names`); details
    // saved by 0.1 are read into those fields when they load.
    let d = &m.details;
    let mut rows: Vec<(String, String)> = if d.qsa.is_empty() {
        vec![("QSA company".into(), "Not applicable: no QSA took part".into())]
    } else {
        let q = &d.qsa;
        vec![
            ("QSA company".into(), q.company_name.clone()),
            ("Lead QSA".into(), dash(&q.lead_assessor)),
            ("QSA certificate number".into(), dash(&q.certificate_number)),
            ("QSA mailing address".into(), dash(&q.mailing_address)),
            ("QSA website".into(), dash(&q.website)),
            ("QSA phone".into(), dash(&q.phone)),
            ("QSA e-mail".into(), dash(&q.email)),
        ]
    };
    let isas: Vec<&str> = d.isa_names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect();
    rows.push((
        "ISA names".into(),
        if isas.is_empty() { "Not applicable: no ISA took part".into() } else { isas.join(", ") },
    ));
    b.push(Block::Fields { rows });
    Ok(())
}

/// Part 2a to 2f: channels, scoping, the environment, locations, products and providers.
fn part2a_to_2f(m: &ReportModel, p: &Prose<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    let mp = &m.merchant;
    b.push(h2("Part 2a. Payment channels and scoping"));
    b.push(Block::Fields {
        rows: vec![
            ("Channels in this SAQ".into(), m.channels.join(", ")),
            (
                "Channels not covered".into(),
                if m.channels_not_covered.is_empty() { "None".into() } else { m.channels_not_covered.clone() },
            ),
        ],
    });
    b.extend(p.get("scope")?);
    if let Some(s) = &m.scope {
        b.push(table(
            &[("Stripe integration method", 3.0), ("Channel", 2.0), ("SAQ", 1.0)],
            s.methods.iter().map(|r| vec![Cell::text(&r.label), Cell::text(&r.channel), Cell::bold(&r.saq)]).collect(),
        ));
        if !s.answers.is_empty() {
            b.push(table(
                &[("Follow-up question", 4.0), ("Answer", 1.0)],
                s.answers.iter().map(|(q, a)| vec![Cell::mono(q), Cell::text(a)]).collect(),
            ));
        }
        b.push(Block::Heading { level: 3, text: "Why this SAQ".into(), toc: false });
        for (i, r) in s.rationale.iter().enumerate() {
            b.push(Block::Paragraph { text: format!("{}. {}", i + 1, r), style: TextStyle::Normal });
        }
    }
    b.push(h2("Part 2b–2c. Account data and environment"));
    b.push(Block::Fields {
        rows: vec![
            ("How each channel stores, processes or transmits account data".into(), channel_roles(&m.details)),
            ("Description of the environment".into(), dash(&m.details.environment_description)),
            (
                "Segmentation used to reduce scope".into(),
                if m.details.segmentation_used { "Yes".into() } else { "No".into() },
            ),
        ],
    });
    b.push(h2("Part 2d. Locations"));
    if mp.locations.is_empty() {
        b.push(para("No locations recorded."));
    } else {
        b.push(table(
            &[("Facility type", 3.0), ("Number", 1.0), ("City and country", 3.0)],
            mp.locations
                .iter()
                .map(|l| {
                    vec![Cell::text(&l.facility_type), Cell::text(l.count.to_string()), Cell::text(&l.city_country)]
                })
                .collect(),
        ));
    }
    b.push(h2("Part 2e. PCI SSC validated products and solutions"));
    let d = &m.details;
    if !d.products.is_empty() {
        b.push(table(
            &[
                ("Product or solution", 3.0),
                ("Version", 1.0),
                ("Standard", 1.5),
                ("Listing reference", 2.0),
                ("Expiry", 1.5),
            ],
            d.products
                .iter()
                .map(|p| {
                    vec![
                        Cell::bold(&p.name),
                        Cell::text(&p.version),
                        Cell::text(&p.standard),
                        Cell::mono(&p.listing_reference),
                        Cell::text(p.expiry.map(|e| e.to_string()).unwrap_or_default()),
                    ]
                })
                .collect(),
        ));
    } else if !d.validated_products.is_empty() {
        b.push(para(&d.validated_products));
    } else if d.uses_validated_products == Some(false) {
        b.push(para("None used."));
    } else {
        b.push(para("None recorded."));
    }
    b.push(h2("Part 2f. Third-party service providers"));
    if mp.service_providers.is_empty() {
        b.push(para("No service providers recorded."));
    } else {
        b.push(table(
            &[("Service provider", 2.0), ("Services provided", 5.0)],
            mp.service_providers.iter().map(|p| vec![Cell::bold(&p.name), Cell::text(&p.services)]).collect(),
        ));
    }
    Ok(())
}

/// Part 2b: the table channel by channel when it is kept, else the one description of earlier
/// releases.
fn channel_roles(d: &crate::store::AssessmentDetails) -> String {
    let rows: Vec<String> = d
        .channel_roles
        .iter()
        .filter(|r| !r.how.trim().is_empty())
        .map(|r| format!("{}: {}", r.channel.trim(), r.how.trim()))
        .collect();
    if rows.is_empty() {
        dash(&d.how_channels_handle_data)
    } else {
        rows.join("\n")
    }
}

/// Part 2g and 2h: the summary of responses and the eligibility criteria.
fn part2g_2h(m: &ReportModel, b: &mut Vec<Block>) -> Result<(), ReportError> {
    let a = &m.assessment;
    b.push(h2("Part 2g. Summary of responses"));
    let mut cols = vec![("Requirement", 4.0), ("In Place", 1.0), ("With CCW", 1.0), ("N/A", 1.0)];
    if m.not_tested_allowed {
        cols.push(("Not Tested", 1.0));
    }
    cols.extend([("Not in Place", 1.0), ("Open", 1.0)]);
    b.push(table(
        &cols,
        m.summary
            .iter()
            .map(|s| {
                let n = |v: usize| Cell::text(if v == 0 { String::new() } else { v.to_string() });
                let mut row = vec![
                    Cell::text(format!("{}. {}", s.principal, s.title)),
                    n(s.in_place),
                    n(s.in_place_ccw),
                    n(s.not_applicable),
                ];
                if m.not_tested_allowed {
                    row.push(n(s.not_tested));
                }
                row.push(if s.not_in_place > 0 { n(s.not_in_place).tone("bad") } else { n(0) });
                row.push(if s.unanswered > 0 { n(s.unanswered).tone("warn") } else { n(0) });
                row
            })
            .collect(),
    ));
    b.push(h2("Part 2h. Eligibility to complete this SAQ"));
    if m.eligibility.is_empty() {
        b.push(para(&format!(
            "{} has no eligibility criteria: it applies to any merchant not eligible for a shorter SAQ.",
            a.saq_name
        )));
    } else {
        b.push(table(
            &[("ID", 0.8), ("Criterion", 5.0), ("Confirmation", 2.2)],
            m.eligibility
                .iter()
                .map(|e| {
                    let who =
                        if e.by.is_empty() { e.state.clone() } else { format!("{}\n{}, {}", e.state, e.by, e.at) };
                    let tone = if e.state == "Confirmed" { "ok" } else { "bad" };
                    vec![Cell::mono(&e.id), Cell::text(&e.text), Cell::text(who).tone(tone)]
                })
                .collect(),
        ));
    }

    Ok(())
}

/// Section 2: every requirement, and every bullet where the form answers per bullet.
fn section2(m: &ReportModel, p: &Prose<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    // Section 2
    let tone = |slug: &str| match slug {
        "in-place" | "in-place-ccw" | "not-applicable" => "ok",
        "not-in-place" => "bad",
        _ => "warn",
    };
    b.push(h1("Section 2: Self-assessment questionnaire"));
    b.extend(p.get("section2")?);
    for p in &m.principals {
        b.push(Block::Heading { level: 2, text: format!("Requirement {}: {}", p.id, p.title), toc: true });
        b.push(table(
            &[
                ("ID", 1.1),
                ("Requirement", 3.6),
                ("Testing", 1.5),
                ("Response", 1.5),
                ("Notes and owner", 3.2),
                ("Evidence", 1.0),
            ],
            p.requirements
                .iter()
                .flat_map(|r| {
                    let mut title = r.title.clone();
                    if let Some(label) = &r.future_dated_label {
                        title.push_str(&format!("\n({label})"));
                    }
                    for n in &r.applicability {
                        title.push_str(&format!("\nApplicability: {n}"));
                    }
                    let mut notes = r.notes.clone();
                    if !r.owner.is_empty() {
                        notes = if notes.is_empty() {
                            format!("Owner: {}", r.owner)
                        } else {
                            format!("{notes}\nOwner: {}", r.owner)
                        };
                    }
                    if r.review_needed {
                        notes.push_str("\n(carried forward, not yet reviewed)");
                    }
                    if let Some(rec) = m.recurring.requirements.iter().find(|x| x.requirement == r.id) {
                        // Monthly checks would fill the narrow column; their periods are counted
                        // here and listed in the recurring-activities section.
                        let line = if rec.periods.len() > 4 {
                            let n = |state: &str| rec.periods.iter().filter(|p| p.state == state).count();
                            format!(
                                "Periods: {} of {} covered, {} missing (see Recurring activities)",
                                n("covered"),
                                rec.periods.len(),
                                n("missing")
                            )
                        } else {
                            format!("Periods: {}", rec.summary)
                        };
                        notes = if notes.is_empty() { line } else { format!("{notes}\n{line}") };
                    }
                    // Where the form gives the requirement's own line boxes, that line shows its own
                    // answer; the requirement as a whole still follows from every row.
                    let (response, slug) = match &r.own_row {
                        Some(own) => (
                            format!(
                                "{}\n(requirement row; with its {} bullets overall: {})",
                                own.response,
                                r.bullets.len(),
                                r.response
                            ),
                            own.response_slug.as_str(),
                        ),
                        None if !r.bullets.is_empty() && r.response_slug != "unanswered" => (
                            format!("{}\n(from its {} bullets)", r.response, r.bullets.len()),
                            r.response_slug.as_str(),
                        ),
                        None => (r.response.clone(), r.response_slug.as_str()),
                    };
                    let row = vec![
                        Cell::bold(&r.id),
                        Cell::text(title),
                        Cell::text(&r.testing),
                        Cell::text(response).tone(tone(slug)),
                        Cell::text(notes),
                        Cell::text(r.evidence_refs.join(", ")),
                    ];
                    // The form answers these requirements once per bullet: each gets its own row.
                    std::iter::once(row).chain(r.bullets.iter().map(|bl| {
                        let text = if bl.future_dated {
                            format!("{}\n(future-dated; mandatory since {})", bl.text, FUTURE_DATED_SINCE)
                        } else {
                            bl.text.clone()
                        };
                        vec![
                            Cell::text(format!("{} bullet {}", r.id, bl.number)),
                            Cell::text(text),
                            Cell::text(""),
                            Cell::text(&bl.response).tone(tone(&bl.response_slug)),
                            Cell::text(""),
                            Cell::text(""),
                        ]
                    }))
                })
                .collect(),
        ));
    }
    Ok(())
}

/// Stripe's guidance, then Appendices A to D.
fn guidance_and_appendices(m: &ReportModel, p: &Prose<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    if !m.guidance.is_empty() {
        b.push(h1("Stripe-specific guidance"));
        b.extend(p.get("guidance")?);
        b.push(table(
            &[("Item", 1.0), ("What it means with the Stripe methods in scope, and the evidence that shows it", 7.0)],
            m.guidance.iter().map(|g| vec![Cell::bold(&g.item), Cell::text(g.lines.join("\n\n"))]).collect(),
        ));
    }
    b.push(h1("Appendix A: Additional PCI DSS requirements"));
    b.extend(p.get("appendix_a")?);
    b.push(h1("Appendix B: Compensating Controls Worksheets"));
    b.extend(p.get("appendix_b")?);
    for c in &m.ccws {
        b.push(Block::Heading { level: 3, text: format!("Requirement {}: {}", c.requirement, c.title), toc: false });
        b.push(Block::Fields { rows: c.fields.iter().map(|(k, v)| (k.clone(), dash(v))).collect() });
    }
    b.push(h1("Appendix C: Requirements Not Applicable"));
    b.extend(p.get("appendix_c")?);
    if !m.not_applicable.is_empty() {
        b.push(explain_table(&m.not_applicable, "Reason the requirement does not apply"));
    }
    // Every form prints Appendix D; the reduced ones only to say it is not used.
    b.push(h1("Appendix D: Requirements Not Tested"));
    b.extend(p.get("appendix_d")?);
    if m.not_tested_allowed && !m.not_tested.is_empty() {
        b.push(explain_table(&m.not_tested, "What was not tested, and why"));
    }

    Ok(())
}

/// Section 3: compliance status, attestation and the action plan.
fn section3(m: &ReportModel, p: &Prose<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    // Section 3
    b.push(h1("Section 3: Validation and attestation"));
    b.push(h2("Part 3. Compliance status"));
    b.extend(p.get("section3")?);
    if !m.legal_exceptions.is_empty() {
        b.push(table(
            &[("Requirement", 1.2), ("Legal constraint", 5.0), ("Target date", 1.4)],
            m.legal_exceptions
                .iter()
                .map(|e| vec![Cell::bold(&e.requirement), Cell::text(&e.text), Cell::text(&e.date)])
                .collect(),
        ));
    }
    b.push(h2("Part 3a–3b. Acknowledgements and signature"));
    for (i, ack) in m.acknowledgements.iter().enumerate() {
        let mark = if m.attested { "[x]" } else { "[ ]" };
        b.push(Block::Paragraph { text: format!("{mark} {}. {ack}", i + 1), style: TextStyle::Normal });
    }
    b.push(Block::Fields {
        rows: match &m.attestation {
            Some(t) => vec![
                ("Merchant executive officer".into(), t.name.clone()),
                ("Title".into(), t.title.clone()),
                ("Date".into(), t.signed_on.clone()),
                ("Status attested".into(), t.compliance.clone()),
            ],
            None => vec![("Signature".into(), "Not signed yet".into())],
        },
    });
    b.push(h2("Part 4. Action plan for non-compliant requirements"));
    b.extend(p.get("part4")?);
    b.push(table(
        &[("Principal requirement", 4.0), ("Compliant", 1.2), ("Target date", 1.4), ("Remediation actions", 4.0)],
        m.action_plan
            .iter()
            .map(|r| {
                vec![
                    Cell::text(format!("{}. {}", r.principal, r.title)),
                    if r.compliant { Cell::text("Yes").tone("ok") } else { Cell::bold("No").tone("bad") },
                    Cell::text(&r.remediation_date),
                    Cell::text(&r.actions),
                ]
            })
            .collect(),
    ));

    Ok(())
}

/// The evidence index and the images drawn from it.
fn evidence(m: &ReportModel, p: &Prose<'_>, images: ImageSource<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    // Evidence
    b.push(h1("Evidence index"));
    b.extend(p.get("evidence")?);
    if !m.evidence.is_empty() {
        b.push(table(
            &[
                ("Ref", 0.7),
                ("File", 2.2),
                ("Type / size", 1.6),
                ("SHA-256", 2.6),
                ("Effective / added", 1.7),
                ("Requirements (period covered)", 1.6),
            ],
            m.evidence
                .iter()
                .map(|e| {
                    let dates = format!(
                        "{}\nadded {}{}",
                        if e.effective_date.is_empty() {
                            "effective: not given".into()
                        } else {
                            format!("effective {}", e.effective_date)
                        },
                        &e.added_at[..10.min(e.added_at.len())],
                        if e.stale { "\nolder than 12 months" } else { "" }
                    );
                    vec![
                        Cell::bold(&e.reference),
                        Cell::text(&e.file_name),
                        Cell::text(format!("{}\n{}", e.media_type, e.size_label)),
                        Cell::mono(&e.sha256),
                        if e.stale { Cell::text(dates).tone("warn") } else { Cell::text(dates) },
                        Cell::text(links_with_periods(&e.links, &e.covers)),
                    ]
                })
                .collect(),
        ));
    }
    let imgs: Vec<_> = m.evidence.iter().filter(|e| e.is_image).collect();
    if !imgs.is_empty() {
        b.push(h1("Image evidence"));
        let skipped: Vec<&str> = imgs.iter().filter(|e| !e.embedded).map(|e| e.reference.as_str()).collect();
        if !skipped.is_empty() {
            b.push(Block::Notice {
                text: format!(
                    "{} image file(s) are not drawn here because they would take the images in this report past its {} MiB limit: {}. Each is listed in the evidence index with its SHA-256 and is in the QSA bundle.",
                    skipped.len(),
                    super::model::IMAGE_EMBED_BUDGET / (1024 * 1024),
                    skipped.join(", ")
                ),
            });
        }
        for e in imgs.into_iter().filter(|e| e.embedded) {
            let caption = format!("{} — {} — SHA-256 {}", e.reference, e.file_name, e.sha256);
            match images(&e.sha256) {
                Ok(bytes) => b.push(Block::Image { bytes, caption }),
                Err(reason) => b.push(Block::Notice { text: format!("{caption}: could not be rendered: {reason}") }),
            }
        }
    }
    Ok(())
}

/// "11.3.2 (Q2), 11.3.2.1": each link, with the period of a recurring requirement the file's
/// effective date falls in.
fn links_with_periods(links: &[String], covers: &[String]) -> String {
    links
        .iter()
        .map(|l| {
            let periods: Vec<&str> =
                covers.iter().filter_map(|c| c.strip_prefix(l.as_str()).and_then(|p| p.strip_prefix(' '))).collect();
            if periods.is_empty() {
                l.clone()
            } else {
                format!("{l} ({})", periods.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The compliance year: per recurring requirement, each period of the assessment and the dated
/// evidence that covers it, so a QSA can see a record for every quarter, half-year or year.
fn recurring(m: &ReportModel, p: &Prose<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    let y = &m.recurring;
    if y.requirements.is_empty() {
        return Ok(());
    }
    b.push(h1("Recurring activities: evidence per period"));
    // Optional, so a template folder from an earlier release still renders.
    if p.t.has("pdf/recurring.txt.tera") {
        b.extend(p.get("recurring")?);
    }
    b.push(Block::Fields {
        rows: vec![
            ("Periods as of".into(), y.as_of.clone()),
            ("Validation due".into(), y.validation_due.clone()),
            (
                "Periods checked".into(),
                format!(
                    "{} covered, {} missing, {} due now, across {} recurring requirements",
                    y.covered,
                    y.missing,
                    y.due,
                    y.requirements.len()
                ),
            ),
        ],
    });
    for w in &y.warnings {
        b.push(Block::Notice { text: format!("Warning: {w}") });
    }
    for r in &y.requirements {
        b.push(Block::Heading { level: 3, text: format!("{} {}", r.requirement, r.title), toc: false });
        let mut about = format!("Frequency: {}. Response: {}.", r.schedule, r.response);
        if !r.tra.is_empty() {
            about.push_str(&format!(" {}.", r.tra));
        }
        b.push(Block::Paragraph { text: about, style: TextStyle::Small });
        if r.periods.is_empty() {
            b.push(para(&format!("No periods to check: {}.", r.summary)));
            continue;
        }
        b.push(table(
            &[("Period", 1.1), ("Dates", 2.1), ("State", 2.1), ("Dated evidence in the period", 4.0)],
            r.periods
                .iter()
                .map(|x| {
                    let tone = match x.state.as_str() {
                        "covered" => Some("ok"),
                        "missing" => Some("bad"),
                        "due" => Some("warn"),
                        _ => None,
                    };
                    let state = Cell::text(&x.state_label);
                    vec![
                        Cell::bold(&x.name),
                        Cell::text(&x.dates),
                        match tone {
                            Some(t) => state.tone(t),
                            None => state,
                        },
                        Cell::text(if x.evidence.is_empty() { "—".to_string() } else { x.evidence.join("\n") }),
                    ]
                })
                .collect(),
        ));
    }
    if !y.reminders.is_empty() {
        b.push(Block::Heading { level: 3, text: "Without a date".into(), toc: false });
        for r in &y.reminders {
            b.push(para(r));
        }
    }
    Ok(())
}

/// Who changed what, in sum.
fn audit(m: &ReportModel, p: &Prose<'_>, b: &mut Vec<Block>) -> Result<(), ReportError> {
    b.push(h1("Audit trail summary"));
    b.extend(p.get("audit")?);
    if !m.audit.by_actor.is_empty() {
        b.push(table(
            &[("Changed by", 3.0), ("Changes", 1.0), ("Last change", 2.5)],
            m.audit
                .by_actor
                .iter()
                .map(|r| vec![Cell::text(&r.actor), Cell::text(r.changes.to_string()), Cell::text(&r.last_change)])
                .collect(),
        ));
        b.push(table(
            &[("What changed", 3.0), ("Changes", 1.0)],
            m.audit.by_entity.iter().map(|(k, n)| vec![Cell::text(k), Cell::text(n.to_string())]).collect(),
        ));
    }

    Ok(())
}

fn status_label(s: &AssessmentState) -> &'static str {
    match s {
        AssessmentState::Attested => "Attested",
        AssessmentState::Ready => "Ready to attest",
        AssessmentState::Draft => "Draft",
    }
}

fn h1(text: &str) -> Block {
    Block::Heading { level: 1, text: text.into(), toc: true }
}

fn h2(text: &str) -> Block {
    Block::Heading { level: 2, text: text.into(), toc: true }
}

fn para(text: &str) -> Block {
    Block::Paragraph { text: text.into(), style: TextStyle::Normal }
}

fn paragraphs(text: &str) -> Vec<Block> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| para(&p.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

fn table(cols: &[(&str, f32)], rows: Vec<Vec<Cell>>) -> Block {
    Block::Table(Table {
        columns: cols.iter().map(|(t, w)| Column { title: t.to_string(), weight: *w }).collect(),
        rows,
    })
}

fn explain_table(rows: &[super::model::ExplainRow], what: &str) -> Block {
    table(
        &[("Requirement", 1.2), ("Title", 2.5), (what, 4.5)],
        rows.iter().map(|r| vec![Cell::bold(&r.requirement), Cell::text(&r.title), Cell::text(&r.text)]).collect(),
    )
}
