//! FormData onto the form: the edits for each part, and the report of what was filled.

use super::edit::{self, Edits, Ids};
use super::error::FormError;
use super::fields::{self, FieldKind, Index};
use super::layout::{Grid, Layout, Slot, YesNo};
use super::model::{principal_of, Extent, FormData, Response, Status};
use super::numbering::{Numbering, NUMBERING};
use super::package::{self, DOCUMENT};
use super::recognise::{self, Analysed};
use super::report::{FillReport, State};
use super::{FormInfo, FormKind, Saq};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A filled form.
#[derive(Debug, Clone)]
pub struct Filled {
    /// The filled .docx.
    pub bytes: Vec<u8>,
    pub info: FormInfo,
    pub report: FillReport,
}

pub fn fill(blank: &[u8], data: &FormData, expected: Saq) -> Result<Filled, FormError> {
    let a = recognise::analyse(blank)?;
    if a.info.saq != expected {
        return Err(FormError::WrongSaq { expected, found: a.info.title() });
    }
    check_data(data, &a)?;
    let src = a.package.get(DOCUMENT).unwrap_or_default();
    let mut f = Filler {
        src,
        idx: &a.index,
        layout: &a.layout,
        data,
        edits: Edits::default(),
        ids: Ids::new(&a.index),
        numbering: Numbering::read(a.package.get(NUMBERING))?,
        report: FillReport::default(),
    };
    f.part1()?;
    f.part2()?;
    let chosen = f.section2()?;
    f.summary(&chosen)?;
    f.appendices(&chosen)?;
    f.part3(&chosen)?;
    f.part4()?;
    let Filler { edits, report, numbering, .. } = f;
    let doc = edits.apply(src)?;
    // The result must parse as the blank did; a fault here is SAQ Desk's, and nothing is written.
    fields::scan(&doc).map_err(|e| FormError::Write(format!("the filled document does not parse: {e}")))?;
    let lists = match a.package.get(NUMBERING) {
        Some(xml) => numbering.write(xml)?,
        None => None,
    };
    let mut changed: Vec<(&str, &[u8])> = vec![(DOCUMENT, &doc)];
    if let Some(lists) = &lists {
        changed.push((NUMBERING, lists));
    }
    let bytes = package::rewrite(blank, &changed)?;
    Ok(Filled { bytes, info: a.info, report })
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// Refuses data the form cannot express, before anything is filled: it points at a mapping
/// fault upstream, and a half-filled attestation would hide it.
fn check_data(data: &FormData, a: &Analysed) -> Result<(), FormError> {
    let saq = a.info.saq;
    let columns = a.layout.columns;
    let uses_not_tested = |k: &BTreeSet<Response>| k.contains(&Response::NotTested);
    if columns < 5 {
        let mut bad: Vec<&str> =
            data.responses.iter().filter(|(_, ans)| uses_not_tested(&ans.kinds())).map(|(id, _)| id.as_str()).collect();
        bad.extend(data.summary.iter().filter(|(_, k)| uses_not_tested(k)).map(|(p, _)| p.as_str()));
        if !bad.is_empty() || !data.not_tested.is_empty() {
            return Err(FormError::Data(format!(
                "Not Tested is a response of SAQ D only, but SAQ {saq} data uses it ({})",
                if bad.is_empty() { "Appendix D rows".to_string() } else { bad.join(", ") }
            )));
        }
    }
    if let Some(q) = &a.layout.questionnaire {
        let mut bullets: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &q.rows {
            let n = bullets.entry(&r.requirement).or_default();
            *n = (*n).max(r.bullet.unwrap_or(0));
        }
        let unknown: Vec<&str> =
            data.responses.keys().map(String::as_str).filter(|id| !bullets.contains_key(id)).collect();
        if !unknown.is_empty() {
            return Err(FormError::Data(format!(
                "answers for requirements that are not on the SAQ {saq} form: {}",
                unknown.join(", ")
            )));
        }
        for (id, ans) in &data.responses {
            let on_form = bullets.get(id.as_str()).copied().unwrap_or(0);
            if ans.bullets.len() > on_form {
                return Err(FormError::Data(format!(
                    "{id} has {} bullet answers; the SAQ {saq} form has {on_form} bullet rows for it",
                    ans.bullets.len()
                )));
            }
        }
    }
    let principals: BTreeSet<&str> = a.layout.summary.iter().map(|(p, _)| p.as_str()).collect();
    let summary = data.summary_or_derived();
    let stray: Vec<&str> = summary.keys().map(String::as_str).filter(|p| !principals.contains(p)).collect();
    if !stray.is_empty() {
        return Err(FormError::Data(format!(
            "Part 2g responses for principal requirements not on the SAQ {saq} form: {}",
            stray.join(", ")
        )));
    }
    let part4: BTreeSet<&str> = a.layout.part4.iter().map(|r| r.principal.as_str()).collect();
    let stray: Vec<&str> =
        data.action_plan.iter().map(|i| i.principal.as_str()).filter(|p| !part4.contains(p)).collect();
    if !stray.is_empty() {
        return Err(FormError::Data(format!(
            "Part 4 rows for principal requirements not on the SAQ {saq} form: {}",
            stray.join(", ")
        )));
    }
    if data.eligibility.len() > a.layout.eligibility.len() {
        return Err(FormError::Data(format!(
            "{} eligibility answers; the SAQ {saq} form lists {} criteria",
            data.eligibility.len(),
            a.layout.eligibility.len()
        )));
    }
    Ok(())
}

/// The response recorded for each answer row, in row order.
type Chosen = Vec<(String, Option<usize>, Option<Response>)>;

struct Filler<'a> {
    src: &'a [u8],
    idx: &'a Index,
    layout: &'a Layout,
    data: &'a FormData,
    edits: Edits,
    ids: Ids,
    numbering: Numbering,
    report: FillReport,
}

impl<'a> Filler<'a> {
    fn put_text(&mut self, f: usize, value: &str) -> Result<bool, String> {
        match edit::set_text(self.src, self.idx, f, value) {
            Ok((span, bytes)) => {
                self.edits.replace(span, bytes);
                Ok(true)
            }
            Err(FormError::Write(why)) => Err(why),
            Err(e) => Err(e.to_string()),
        }
    }

    /// A text field, reported as filled or empty.
    fn text(&mut self, part: &str, label: &str, f: usize, value: &str) {
        if value.trim().is_empty() {
            self.clear(f, part, label);
            self.report.push(part, label, State::Empty);
            return;
        }
        match self.put_text(f, value) {
            Ok(_) => self.report.push(part, label, State::Filled),
            Err(why) => self.report.push(part, label, State::Left(why)),
        }
    }

    /// Puts a text field back to its blank state when it holds an earlier value, so that a form
    /// filled last year and used again as the blank cannot carry last year's answers.
    fn clear(&mut self, f: usize, part: &str, label: &str) {
        let field = &self.idx.fields[f];
        let FieldKind::Text { value, default, .. } = &field.kind else { return };
        if value.trim_matches(fields::is_blank).is_empty() || value == default || field.problem.is_some() {
            return;
        }
        let blank = if default.is_empty() { "\u{2002}".repeat(5) } else { default.clone() };
        if self.put_text(f, &blank).is_ok() {
            self.report.push(part, label, State::Note("an earlier value was cleared".into()));
        }
    }

    fn check(&mut self, f: usize, on: bool) -> Result<(), FormError> {
        if let Some((span, bytes)) = edit::set_checkbox(self.src, self.idx, f, on)? {
            self.edits.replace(span, bytes);
        }
        Ok(())
    }

    fn yes_no(&mut self, part: &str, label: &str, yn: YesNo, v: Option<bool>) -> Result<(), FormError> {
        self.check(yn.yes, v == Some(true))?;
        self.check(yn.no, v == Some(false))?;
        self.report.filled(part, label, v.is_some());
        Ok(())
    }

    /// Writes `rows` into a grid, adding copies of its last row when the form has too few.
    /// Writes `rows` into a grid. When the form has too few rows, copies of one of its rows are
    /// added before its last row, which often carries the borders that close the table; the
    /// values still read in order down the table.
    fn grid(&mut self, part: &str, label: &str, grid: &Grid, rows: &[Vec<String>]) -> Result<(), FormError> {
        let n = grid.rows.len();
        let extra = rows.len().saturating_sub(n);
        let clonable = |r: &&super::layout::GridRow| self.idx.rows[r.row].clonable;
        // Copies are made of a row with form fields, so that added rows can be edited like the
        // form's own; the last row is copied only when no other will do.
        let template = match extra {
            0 => None,
            _ => grid.rows[..n.saturating_sub(1)]
                .iter()
                .rev()
                .filter(clonable)
                .find(|r| r.slots.iter().all(|s| matches!(s, Slot::Field(_))))
                .or_else(|| grid.rows.last().filter(clonable)),
        };
        // With copies added before it, the last row takes the last value.
        let before_last = template.is_some_and(|t| Some(t.row) != grid.rows.last().map(|l| l.row));
        let value_of = |i: usize| -> Option<&Vec<String>> {
            if before_last && i + 1 == n {
                rows.last()
            } else {
                rows.get(i)
            }
        };
        for (i, row) in grid.rows.iter().enumerate() {
            let values = value_of(i).map(Vec::as_slice).unwrap_or(&[]);
            for (c, slot) in row.slots.iter().enumerate() {
                let v = values.get(c).map(String::as_str).unwrap_or("");
                if v.trim().is_empty() {
                    if let Slot::Field(f) = *slot {
                        self.clear(f, part, &format!("{label} row {}", i + 1));
                    }
                    continue;
                }
                match *slot {
                    Slot::Field(f) => {
                        if let Err(why) = self.put_text(f, v) {
                            self.report.push(part, format!("{label} row {}", i + 1), State::Left(why));
                        }
                    }
                    Slot::Empty(p) => {
                        let (span, bytes) = edit::write_into_para(self.src, self.idx, p, v)?;
                        self.edits.replace(span, bytes);
                    }
                }
            }
        }
        if extra > 0 {
            let Some(template) = template else {
                self.report.push(
                    part,
                    label,
                    State::Left(format!("{extra} of {} rows do not fit the form's table", rows.len())),
                );
                return Ok(());
            };
            let last = &grid.rows[n - 1];
            let at = if before_last { self.idx.rows[last.row].span.0 } else { self.idx.rows[last.row].span.1 };
            let span = self.idx.rows[template.row].span;
            let cells = &self.idx.rows[template.row].cells;
            let positions: Vec<usize> = template
                .slots
                .iter()
                .map(|s| match *s {
                    Slot::Field(f) => self.idx.paras[self.idx.fields[f].para].cell,
                    Slot::Empty(p) => self.idx.paras[p].cell,
                })
                .map(|c| c.and_then(|c| cells.iter().position(|&x| x == c)).unwrap_or(0))
                .collect();
            // When the last row itself is copied, the copies follow it and take the last values.
            let added_values = if before_last { &rows[n - 1..rows.len() - 1] } else { &rows[n..] };
            let mut added = Vec::new();
            for values in added_values {
                let copy = edit::copy_fragment(self.src, span, &mut self.ids)?;
                added.extend(fill_copied_row(&copy, &positions, values)?);
            }
            self.edits.insert(at, added);
            self.report.push(part, label, State::Note(format!("{extra} rows added to the form's table")));
        }
        if rows.is_empty() {
            self.report.push(part, label, State::Empty);
        } else {
            self.report.push(part, label, State::Filled);
        }
        Ok(())
    }

    /// Clears earlier values from a table the data leaves unused, without reporting it as empty.
    fn clear_grid(&mut self, grid: &Grid, part: &str, label: &str) {
        for (i, row) in grid.rows.iter().enumerate() {
            for slot in &row.slots {
                if let Slot::Field(f) = *slot {
                    self.clear(f, part, &format!("{label} row {}", i + 1));
                }
            }
        }
    }

    fn part1(&mut self) -> Result<(), FormError> {
        let p = &self.layout.part1;
        let m = &self.data.merchant;
        let a = [
            ("company name", &m.company_name),
            ("DBA (doing business as)", &m.dba),
            ("mailing address", &m.mailing_address),
            ("main website", &m.website),
            ("contact name", &m.contact_name),
            ("contact title", &m.contact_title),
            ("contact phone", &m.contact_phone),
            ("contact e-mail", &m.contact_email),
        ];
        for (i, (label, v)) in a.iter().enumerate() {
            self.text("Part 1a", label, p[i], v);
        }
        let na = self.data.not_applicable_text.clone();
        if self.data.isa_names.iter().any(|n| !n.trim().is_empty()) {
            let names = self.data.isa_names.iter().filter(|n| !n.trim().is_empty()).cloned().collect::<Vec<_>>();
            self.text("Part 1b", "ISA names", p[8], &names.join(", "));
        } else {
            self.text("Part 1b", "ISA names", p[8], &na);
        }
        let labels = [
            "QSA company name",
            "QSA mailing address",
            "QSA website",
            "QSA lead assessor",
            "QSA phone",
            "QSA e-mail",
            "QSA certificate number",
        ];
        match self.data.qsa.clone() {
            Some(q) => {
                let v = [
                    q.company_name,
                    q.mailing_address,
                    q.website,
                    q.lead_assessor,
                    q.phone,
                    q.email,
                    q.certificate_number,
                ];
                for (i, label) in labels.iter().enumerate() {
                    self.text("Part 1b", label, p[9 + i], &v[i]);
                }
            }
            None => {
                for (i, label) in labels.iter().enumerate() {
                    self.text("Part 1b", label, p[9 + i], &na);
                }
            }
        }
        Ok(())
    }

    fn part2(&mut self) -> Result<(), FormError> {
        let l = self.layout;
        let d = self.data;
        let ch = d.channels;
        for (f, on) in l.channels.iter().zip([ch.moto, ch.ecommerce, ch.card_present]) {
            self.check(*f, on)?;
        }
        self.report.filled("Part 2a", "payment channels", ch.moto || ch.ecommerce || ch.card_present);
        self.check(l.excluded.yes, d.channels_excluded.is_some())?;
        self.check(l.excluded.no, d.channels_excluded.is_none())?;
        match &d.channels_excluded {
            Some(why) => self.text("Part 2a", "channels not included and why", l.excluded_text, why),
            None => self.report.push("Part 2a", "channels not included", State::Filled),
        }
        let roles: Vec<Vec<String>> = d.channel_roles.iter().map(|r| vec![r.channel.clone(), r.how.clone()]).collect();
        self.grid("Part 2b", "channel roles", &l.roles, &roles)?;
        self.text("Part 2c", "environment description", l.environment, &d.environment);
        self.yes_no("Part 2c", "segmentation", l.segmentation, d.segmentation)?;
        let locations: Vec<Vec<String>> = d
            .locations
            .iter()
            .map(|x| vec![x.facility_type.clone(), x.count.to_string(), x.city_country.clone()])
            .collect();
        self.grid("Part 2d", "locations", &l.locations, &locations)?;
        let uses = d.uses_validated_products.or((!d.validated_products.is_empty()).then_some(true));
        self.yes_no("Part 2e", "uses validated products", l.products_used, uses)?;
        let products: Vec<Vec<String>> = d
            .validated_products
            .iter()
            .map(|x| {
                vec![x.name.clone(), x.version.clone(), x.standard.clone(), x.listing_reference.clone(), date(x.expiry)]
            })
            .collect();
        if uses != Some(false) || !products.is_empty() {
            self.grid("Part 2e", "validated products", &l.products, &products)?;
        } else {
            self.clear_grid(&l.products, "Part 2e", "validated products");
        }
        let r = d.provider_relations;
        self.yes_no("Part 2f", "providers handling account data", l.tpsp[0], r.handle_account_data)?;
        self.yes_no("Part 2f", "providers managing components", l.tpsp[1], r.manage_components)?;
        self.yes_no("Part 2f", "providers that could affect security", l.tpsp[2], r.could_affect_security)?;
        let providers: Vec<Vec<String>> =
            d.service_providers.iter().map(|p| vec![p.name.clone(), p.services.clone()]).collect();
        let none = [r.handle_account_data, r.manage_components, r.could_affect_security] == [Some(false); 3];
        if providers.is_empty() && none {
            self.clear_grid(&l.providers, "Part 2f", "service providers");
        } else {
            self.grid("Part 2f", "service providers", &l.providers, &providers)?;
        }
        for (i, &f) in l.eligibility.iter().enumerate() {
            let v = d.eligibility.get(i).copied();
            self.check(f, v == Some(true))?;
            let label = format!("eligibility criterion {}", i + 1);
            match v {
                Some(true) => self.report.push("Part 2h", label, State::Filled),
                Some(false) => self.report.push("Part 2h", label, State::Note("not confirmed".into())),
                None => self.report.push("Part 2h", label, State::Empty),
            }
        }
        Ok(())
    }

    fn section2(&mut self) -> Result<Chosen, FormError> {
        let Some(q) = self.layout.questionnaire.as_ref() else {
            if !self.data.responses.is_empty() {
                self.report.push(
                    "Section 2",
                    "responses",
                    State::Note("the separate AOC has no questionnaire; the responses fill Part 2g only".into()),
                );
            }
            return Ok(Vec::new());
        };
        self.text("Section 2", "completion date", q.completion_date, &date(self.data.completion_date));
        let columns = self.layout.columns;
        let mut chosen = Vec::with_capacity(q.rows.len());
        let mut answered = 0;
        for row in &q.rows {
            let answer = self.data.responses.get(&row.requirement);
            let resp = answer.and_then(|a| match row.bullet {
                None => a.response,
                Some(n) => a.bullet(n),
            });
            let col = resp.and_then(|r| r.column(columns));
            for (i, &b) in row.boxes.iter().enumerate() {
                self.check(b, col == Some(i))?;
            }
            match resp {
                Some(_) => answered += 1,
                None => {
                    let what = match row.bullet {
                        Some(n) => format!("{} bullet {n}", row.requirement),
                        None => row.requirement.clone(),
                    };
                    self.report.push("Section 2", what, State::Empty);
                }
            }
            chosen.push((row.requirement.clone(), row.bullet, resp));
        }
        self.report.push(
            "Section 2",
            "answer rows",
            if answered == q.rows.len() {
                State::Filled
            } else {
                State::Note(format!("{answered} of {} answered", q.rows.len()))
            },
        );
        Ok(chosen)
    }

    fn summary(&mut self, chosen: &Chosen) -> Result<(), FormError> {
        let from_rows = {
            let mut m: BTreeMap<String, BTreeSet<Response>> = BTreeMap::new();
            for (id, _, r) in chosen {
                if let Some(r) = r {
                    m.entry(principal_of(id).to_string()).or_default().insert(*r);
                }
            }
            m
        };
        let summary = if !self.data.summary.is_empty() {
            if !chosen.is_empty() && self.data.summary != from_rows {
                self.report.push(
                    "Part 2g",
                    "summary",
                    State::Note("the summary given differs from the responses checked in Section 2".into()),
                );
            }
            self.data.summary.clone()
        } else if !chosen.is_empty() {
            from_rows
        } else {
            self.data.summary_or_derived()
        };
        let columns = self.layout.columns;
        for (p, boxes) in &self.layout.summary {
            let used = summary.get(p);
            for (i, &b) in boxes.iter().enumerate() {
                let on = used.is_some_and(|u| u.iter().any(|r| r.column(columns) == Some(i)));
                self.check(b, on)?;
            }
            self.report.filled("Part 2g", format!("Requirement {p}"), used.is_some_and(|u| !u.is_empty()));
        }
        Ok(())
    }

    fn appendices(&mut self, chosen: &Chosen) -> Result<(), FormError> {
        let d = self.data;
        let Some(q) = self.layout.questionnaire.as_ref() else {
            if !d.ccws.is_empty() || !d.not_applicable.is_empty() || !d.not_tested.is_empty() {
                self.report.push(
                    "Appendices",
                    "B, C and D",
                    State::Left("the separate AOC has no appendices; they are in the SAQ".into()),
                );
            }
            return Ok(());
        };
        let answered = |kind: Response| -> BTreeSet<&str> {
            chosen.iter().filter(|(_, _, r)| *r == Some(kind)).map(|(id, _, _)| id.as_str()).collect()
        };
        let head = |s: &str| s.split_whitespace().next().unwrap_or("").to_string();

        // Appendix B: the first worksheet in the form's own, each further one in a copy of it.
        let ccw = &q.ccw;
        for (i, w) in d.ccws.iter().enumerate() {
            let values = ccw_values(w);
            if i == 0 {
                let fields = std::iter::once(ccw.requirement).chain(ccw.fields);
                for (f, (label, v)) in fields.zip(values.iter()) {
                    self.text("Appendix B", &format!("{} {label}", w.requirement), f, v);
                }
            } else {
                let copy = edit::copy_fragment(self.src, ccw.span, &mut self.ids)?;
                // Its rows are numbered 1 to 6 again, not 7 to 12.
                let copy = self.numbering.restart(&copy)?;
                let filled = fill_copied_fields(&copy, &values.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>())?;
                self.edits.insert(ccw.span.1, filled);
                for (label, v) in &values {
                    self.report.filled("Appendix B", format!("{} {label}", w.requirement), !v.trim().is_empty());
                }
            }
        }
        let with_ccw: BTreeSet<String> = d.ccws.iter().map(|w| head(&w.requirement)).collect();
        for id in answered(Response::InPlaceCcw) {
            if !with_ccw.contains(id) {
                self.report.push("Appendix B", format!("worksheet for {id}"), State::Empty);
            }
        }

        let na: Vec<Vec<String>> =
            d.not_applicable.iter().map(|n| vec![n.requirement.clone(), n.reason.clone()]).collect();
        if na.is_empty() && answered(Response::NotApplicable).is_empty() {
            self.clear_grid(&q.not_applicable, "Appendix C", "not applicable explanations");
        } else {
            self.grid("Appendix C", "not applicable explanations", &q.not_applicable, &na)?;
        }
        let explained: BTreeSet<String> = d.not_applicable.iter().map(|n| head(&n.requirement)).collect();
        for id in answered(Response::NotApplicable) {
            if !explained.contains(id) {
                self.report.push("Appendix C", format!("reason for {id}"), State::Empty);
            }
        }
        if let Some(grid) = &q.not_tested {
            let nt: Vec<Vec<String>> =
                d.not_tested.iter().map(|n| vec![n.requirement.clone(), n.what.clone(), n.why.clone()]).collect();
            if !nt.is_empty() || !answered(Response::NotTested).is_empty() {
                self.grid("Appendix D", "not tested explanations", grid, &nt)?;
            } else {
                self.clear_grid(grid, "Appendix D", "not tested explanations");
            }
            let explained: BTreeSet<String> = d.not_tested.iter().map(|n| head(&n.requirement)).collect();
            for id in answered(Response::NotTested) {
                if !explained.contains(id) {
                    self.report.push("Appendix D", format!("explanation for {id}"), State::Empty);
                }
            }
        }
        Ok(())
    }

    fn part3(&mut self, chosen: &Chosen) -> Result<(), FormError> {
        let l = self.layout;
        let d = self.data;
        let p3 = &l.part3;
        let completion = date(d.completion_date);
        if let Some(s2) = &l.aoc_section2 {
            self.text("Section 2", "completion date", s2.completion_date, &completion);
            let legal = d.status.as_ref().map(|s| matches!(s, Status::CompliantWithLegalException { .. }));
            self.yes_no("Section 2", "requirements not met due to a legal constraint", s2.legal_exception, legal)?;
        }
        self.text("Part 3", "completion date", p3.completion_date, &completion);
        if let Some([full, partial]) = p3.extent {
            let not_tested = chosen.iter().any(|(_, _, r)| *r == Some(Response::NotTested))
                || d.responses.values().any(|a| a.kinds().contains(&Response::NotTested));
            let derived = (!d.responses.is_empty()).then_some(if not_tested { Extent::Partial } else { Extent::Full });
            let extent = d.extent.or(derived);
            self.check(full, extent == Some(Extent::Full))?;
            self.check(partial, extent == Some(Extent::Partial))?;
            match (d.extent, extent) {
                (Some(_), _) => self.report.push("Part 3", "full or partial assessment", State::Filled),
                (None, Some(_)) => self.report.push(
                    "Part 3",
                    "full or partial assessment",
                    State::Note("worked out from the responses".into()),
                ),
                (None, None) => self.report.push("Part 3", "full or partial assessment", State::Empty),
            }
        }
        let draft = "a draft: the signatory asserts it when signing";
        if d.draft {
            for &b in p3.status.iter().chain(l.acknowledgements.iter()) {
                self.check(b, false)?;
            }
            for &f in &p3.names {
                self.clear(f, "Part 3", "merchant name in the status");
            }
            self.clear(p3.target_date, "Part 3", "target date for compliance");
            self.clear_grid(&p3.legal, "Part 3", "legal exceptions");
            self.report.push("Part 3", "compliance status", State::Left(draft.into()));
            self.report.push("Part 3a", "acknowledgements", State::Left(draft.into()));
        } else {
            let which = d.status.as_ref().map(|s| match s {
                Status::Compliant => 0,
                Status::NonCompliant { .. } => 1,
                Status::CompliantWithLegalException { .. } => 2,
            });
            for (i, &b) in p3.status.iter().enumerate() {
                self.check(b, which == Some(i))?;
            }
            self.report.filled("Part 3", "compliance status", which.is_some());
            for (i, &f) in p3.names.iter().enumerate() {
                if which == Some(i) {
                    let name = d.merchant.company_name.clone();
                    self.text("Part 3", "merchant name in the status", f, &name);
                } else {
                    self.clear(f, "Part 3", "merchant name in the status");
                }
            }
            if !matches!(d.status, Some(Status::NonCompliant { .. })) {
                self.clear(p3.target_date, "Part 3", "target date for compliance");
            }
            if !matches!(d.status, Some(Status::CompliantWithLegalException { .. })) {
                self.clear_grid(&p3.legal, "Part 3", "legal exceptions");
            }
            match &d.status {
                Some(Status::NonCompliant { target_date }) => {
                    self.text("Part 3", "target date for compliance", p3.target_date, &date(*target_date))
                }
                Some(Status::CompliantWithLegalException { exceptions }) => {
                    let rows: Vec<Vec<String>> =
                        exceptions.iter().map(|e| vec![e.requirement.clone(), e.details.clone()]).collect();
                    let grid = p3.legal.clone();
                    self.grid("Part 3", "legal exceptions", &grid, &rows)?;
                }
                _ => {}
            }
            for (i, (&b, &on)) in l.acknowledgements.iter().zip(d.acknowledgements.iter()).enumerate() {
                self.check(b, on)?;
                self.report.filled("Part 3a", format!("acknowledgement {}", i + 1), on);
            }
        }
        if d.draft {
            self.clear(l.signatory_date, "Part 3b", "date");
            self.report.push("Part 3b", "date", State::Left(draft.into()));
        } else {
            self.text("Part 3b", "date", l.signatory_date, &date(d.signatory.date));
        }
        self.text("Part 3b", "executive officer name", l.signatory_name, &d.signatory.name);
        self.text("Part 3b", "executive officer title", l.signatory_title, &d.signatory.title);
        self.report.push("Part 3b", "signature", State::Left("signed by hand".into()));

        let q = l.qsa;
        let inv = &d.qsa_involvement;
        self.check(q[0], inv.performed_testing)?;
        self.check(q[1], inv.other_assistance.is_some())?;
        let involved = inv.performed_testing || inv.other_assistance.is_some();
        match &d.qsa {
            None if !involved => {
                self.clear(q[2], "Part 3c", "QSA other assistance");
                self.report.push("Part 3c", "QSA acknowledgement", State::Left("no QSA took part".into()));
            }
            qsa => {
                match &inv.other_assistance {
                    Some(o) => self.text("Part 3c", "QSA other assistance", q[2], o),
                    None => self.clear(q[2], "Part 3c", "QSA other assistance"),
                }
                self.report.filled("Part 3c", "QSA role", involved);
                let (lead, company) =
                    qsa.as_ref().map(|q| (q.lead_assessor.clone(), q.company_name.clone())).unwrap_or_default();
                self.text("Part 3c", "lead QSA name", q[4], &lead);
                self.text("Part 3c", "QSA company", q[7], &company);
                self.report.push("Part 3c", "signatures, dates and officer name", State::Left("for the QSA".into()));
            }
        }
        let i = l.isa;
        let inv = &d.isa_involvement;
        self.check(i[0], inv.performed_testing)?;
        self.check(i[1], inv.other_assistance.is_some())?;
        match &inv.other_assistance {
            Some(o) => self.text("Part 3d", "ISA other assistance", i[2], o),
            None => self.clear(i[2], "Part 3d", "ISA other assistance"),
        }
        let involved = inv.performed_testing || inv.other_assistance.is_some();
        let isa = self.data.isa_names.iter().any(|n| !n.trim().is_empty());
        match (involved, isa) {
            (true, _) => self.report.push("Part 3d", "ISA role", State::Filled),
            (false, true) => self.report.push("Part 3d", "ISA role", State::Empty),
            (false, false) => self.report.push("Part 3d", "ISA role", State::Left("no ISA took part".into())),
        }
        Ok(())
    }

    fn part4(&mut self) -> Result<(), FormError> {
        if self.data.action_plan.is_empty() {
            self.report.push(
                "Part 4",
                "action plan",
                State::Left("completed only when the entity the AOC goes to asks for it".into()),
            );
            return Ok(());
        }
        for row in &self.layout.part4 {
            let item = self.data.action_plan.iter().find(|i| i.principal == row.principal);
            let compliant = item.and_then(|i| i.compliant);
            self.check(row.yes, compliant == Some(true))?;
            self.check(row.no, compliant == Some(false))?;
            let label = format!("Requirement {}", row.principal);
            match item {
                Some(i) if compliant == Some(false) => {
                    let text = match (i.remediation_date, i.actions.trim()) {
                        (Some(d), "") => date(Some(d)),
                        (Some(d), a) => format!("{}\n{a}", date(Some(d))),
                        (None, a) => a.to_string(),
                    };
                    self.text("Part 4", &label, row.text, &text);
                }
                Some(_) if compliant == Some(true) => {
                    self.clear(row.text, "Part 4", &label);
                    self.report.push("Part 4", label, State::Filled)
                }
                _ => {
                    self.clear(row.text, "Part 4", &label);
                    self.report.push("Part 4", label, State::Empty)
                }
            }
        }
        Ok(())
    }
}

fn ccw_values(w: &super::model::Ccw) -> Vec<(&'static str, String)> {
    let req = if w.definition_of_requirement.trim().is_empty() {
        w.requirement.clone()
    } else {
        format!("{} – {}", w.requirement, w.definition_of_requirement)
    };
    vec![
        ("requirement", req),
        ("constraints", w.constraints.clone()),
        ("definition", w.definition.clone()),
        ("objective", w.objective.clone()),
        ("objective met", w.objective_met.clone()),
        ("identified risk", w.identified_risk.clone()),
        ("validation", w.validation.clone()),
        ("maintenance", w.maintenance.clone()),
    ]
}

/// Fills a copied row: `positions` are the cells, in the row, that take `values`.
fn fill_copied_row(copy: &[u8], positions: &[usize], values: &[String]) -> Result<Vec<u8>, FormError> {
    let idx = edit::scan_fragment(copy)?;
    let mut edits = Edits::default();
    let row = idx.rows.first().ok_or_else(|| FormError::Write("copied row".into()))?;
    for (&pos, v) in positions.iter().zip(values) {
        if v.trim().is_empty() {
            continue;
        }
        let Some(&cell) = row.cells.get(pos) else { continue };
        let paras = &idx.cells[cell].paras;
        let field = paras.iter().flat_map(|&p| idx.paras[p].fields.iter().copied()).find(|&f| idx.fields[f].is_text());
        let (span, bytes) = match (field, paras.first()) {
            (Some(f), _) => edit::set_text(copy, &idx, f, v)?,
            (None, Some(&p)) => edit::write_into_para(copy, &idx, p, v)?,
            (None, None) => continue,
        };
        edits.replace(span, bytes);
    }
    edits.apply(copy)
}

/// Fills the text fields of a copied fragment in order.
fn fill_copied_fields(copy: &[u8], values: &[String]) -> Result<Vec<u8>, FormError> {
    let idx = edit::scan_fragment(copy)?;
    let mut edits = Edits::default();
    let texts: Vec<usize> = (0..idx.fields.len()).filter(|&f| idx.fields[f].is_text()).collect();
    for (&f, v) in texts.iter().zip(values) {
        if !v.trim().is_empty() {
            let (span, bytes) = edit::set_text(copy, &idx, f, v)?;
            edits.replace(span, bytes);
        }
    }
    edits.apply(copy)
}

impl FormKind {
    pub(crate) fn noun(self) -> &'static str {
        match self {
            FormKind::SaqWithAoc => "SAQ and AOC",
            FormKind::Aoc => "AOC",
        }
    }
}
