//! Writing reports and the QSA bundle to disk: always to a temp file renamed into place, so a
//! failure never leaves a half-written file or harms the previous export.

use super::compose::compose;
use super::error::ReportError;
use super::model::{self, ReportModel};
use super::templates::Templates;
use crate::store::{Actor, Store};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Html,
    Md,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Result<Self, ReportError> {
        match s.to_ascii_lowercase().as_str() {
            "pdf" => Ok(Format::Pdf),
            "html" | "htm" => Ok(Format::Html),
            "md" | "markdown" => Ok(Format::Md),
            "json" => Ok(Format::Json),
            _ => Err(ReportError::Format(s.to_string())),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Md => "md",
            Format::Json => "json",
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportOutcome {
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: u64,
}

/// What a report needs besides the store: the scoping labels and the wording.
pub struct Reporter<'a> {
    pub data: &'a crate::DataSet,
    pub templates: &'a Templates,
}

impl Reporter<'_> {
    pub fn model(
        &self,
        store: &Store,
        key: &str,
        saq: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<ReportModel, ReportError> {
        let mut m = model::build(store, key, saq, Some(&self.data.scoping), now)?;
        let a = store.part(key, saq)?;
        let methods: Vec<String> = a.scope.as_ref().map(|s| s.input.methods.clone()).unwrap_or_default();
        m.guidance = self
            .data
            .guidance_for(&a.snapshot, &methods)
            .into_iter()
            .map(|(item, lines)| model::GuidanceRow { item, lines })
            .collect();
        m.guidance.sort_by_key(|g| a.snapshot.requirements.iter().position(|r| r.id == g.item).unwrap_or(usize::MAX));
        Ok(m)
    }

    /// The report's bytes. The same data and `now` always give the same bytes.
    pub fn render(
        &self,
        store: &Store,
        key: &str,
        saq: Option<&str>,
        format: Format,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, ReportError> {
        let m = self.model(store, key, saq, now)?;
        self.render_model(store, &m, format)
    }

    /// The bytes of a report already gathered (a bundle gathers it once for the PDF and the manifest).
    pub fn render_model(&self, store: &Store, m: &ReportModel, format: Format) -> Result<Vec<u8>, ReportError> {
        match format {
            Format::Json => serde_json::to_vec_pretty(m).map_err(|e| ReportError::Pdf(e.to_string())),
            Format::Md => Ok(self
                .templates
                .render("report.md.tera", &tera::Context::from_serialize(m).map_err(ctx_err)?)?
                .into_bytes()),
            Format::Html => {
                let mut ctx = tera::Context::from_serialize(m).map_err(ctx_err)?;
                let mut images = Vec::new();
                for e in m.evidence.iter().filter(|e| e.is_image && e.embedded) {
                    let bytes = store.evidence_bytes(&e.sha256)?;
                    let data_url = format!(
                        "data:{};base64,{}",
                        e.media_type,
                        base64::engine::general_purpose::STANDARD.encode(bytes)
                    );
                    images.push(serde_json::json!({"data_url": data_url, "caption": format!("{} — {} — SHA-256 {}", e.reference, e.file_name, e.sha256)}));
                }
                ctx.insert("images", &images);
                Ok(self.templates.render("report.html.tera", &ctx)?.into_bytes())
            }
            Format::Pdf => {
                let load = |sha: &str| store.evidence_bytes(sha).map_err(|e| e.to_string());
                let doc = compose(m, self.templates, &load)?;
                super::pdf::render_pdf(doc).map_err(|e| ReportError::Pdf(e.to_string()))
            }
        }
    }

    /// Writes the report to `out`. For an attested assessment, the PDF's SHA-256 is recorded on the
    /// attestation.
    pub fn export(
        &self,
        store: &mut Store,
        key: &str,
        saq: Option<&str>,
        format: Format,
        out: &Path,
        who: &Actor,
    ) -> Result<ExportOutcome, ReportError> {
        let m = self.model(store, key, saq, who.now)?;
        let bytes = self.render_model(store, &m, format)?;
        let outcome = write_atomic(out, &bytes)?;
        if format == Format::Pdf {
            store.record_export_hash(&m.assessment.id, &m.assessment.saq, &outcome.sha256, who)?;
        }
        Ok(outcome)
    }

    /// The QSA bundle: the PDF, the filled official forms, every evidence file in its original
    /// bytes, and a manifest with each file's SHA-256. `notes` go in the manifest as they are.
    #[allow(clippy::too_many_arguments)]
    pub fn bundle(
        &self,
        store: &mut Store,
        key: &str,
        saq: Option<&str>,
        forms: &[BundleForm],
        notes: &[String],
        out: &Path,
        who: &Actor,
    ) -> Result<ExportOutcome, ReportError> {
        let m = self.model(store, key, saq, who.now)?;
        let pdf = self.render_model(store, &m, Format::Pdf)?;
        let pdf_sha = hex::encode(Sha256::digest(&pdf));
        let io = |source: std::io::Error| ReportError::Io { path: out.to_path_buf(), source };
        let zerr =
            |e: zip::result::ZipError| ReportError::Io { path: out.to_path_buf(), source: std::io::Error::other(e) };
        let write = |tmp: &Path| -> Result<(), ReportError> {
            let file = std::fs::File::create(tmp).map_err(io)?;
            let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .last_modified_time(zip::DateTime::default());
            let stored = opts.compression_method(zip::CompressionMethod::Stored);
            let mut files = Vec::new();
            let pdf_name = file_name(&m.merchant.legal_name, &m.assessment.saq, m.assessment.year, "pdf");
            zip.start_file(&pdf_name, stored).map_err(zerr)?;
            zip.write_all(&pdf).map_err(io)?;
            files.push(serde_json::json!({"path": pdf_name, "sha256": pdf_sha, "size": pdf.len(), "kind": "report"}));
            for f in forms {
                let name = format!("forms/{}", f.name);
                zip.start_file(&name, opts).map_err(zerr)?;
                zip.write_all(&f.bytes).map_err(io)?;
                files.push(serde_json::json!({"path": name, "sha256": hex::encode(Sha256::digest(&f.bytes)), "size": f.bytes.len(), "kind": "official-form", "form": f.title, "draft": f.draft}));
            }
            let mut used = std::collections::HashSet::new();
            for e in &m.evidence {
                let mut name = format!("evidence/{}-{}", e.reference, safe_name(&e.file_name));
                let mut n = 2;
                while !used.insert(name.to_ascii_lowercase()) {
                    name = format!("evidence/{}-{}-{n}", e.reference, safe_name(&e.file_name));
                    n += 1;
                }
                let method = if crate::store::Evidence::is_compressed_media(&e.media_type) { stored } else { opts };
                zip.start_file(&name, method.large_file(e.size > u32::MAX as u64)).map_err(zerr)?;
                let mut hashing = HashingWriter { inner: &mut zip, hasher: Sha256::new() };
                store.write_evidence_bytes(&e.sha256, &mut hashing)?;
                let got = hex::encode(hashing.hasher.finalize());
                if got != e.sha256 {
                    return Err(ReportError::Pdf(format!(
                        "stored evidence {} does not match its SHA-256; the database may be damaged",
                        e.reference
                    )));
                }
                files.push(serde_json::json!({"path": name, "sha256": e.sha256, "size": e.size, "kind": "evidence", "reference": e.reference, "evidence_id": e.id, "original_name": e.file_name, "requirements": e.links}));
            }
            let manifest = serde_json::json!({
                "format": "saqdesk-qsa-bundle/1",
                "generated_at": super::model::ts(&m.generated_at),
                "assessment_id": m.assessment.id,
                "merchant": m.merchant.legal_name,
                "saq": m.assessment.saq_name,
                "questionnaire": m.assessment.questionnaire,
                "status": m.assessment.status,
                "compliance": m.compliance.label,
                "files": files,
                "notes": notes,
            });
            zip.start_file("manifest.json", opts).map_err(zerr)?;
            zip.write_all(&serde_json::to_vec_pretty(&manifest).map_err(|e| ReportError::Pdf(e.to_string()))?)
                .map_err(io)?;
            let mut w = zip.finish().map_err(zerr)?;
            w.flush().map_err(io)?;
            w.get_ref().sync_all().map_err(io)?;
            Ok(())
        };
        crate::write_via_temp(out, write, io)?;
        store.record_export_hash(&m.assessment.id, &m.assessment.saq, &pdf_sha, who)?;
        let bytes = std::fs::metadata(out).map_err(io)?.len();
        Ok(ExportOutcome { path: out.to_path_buf(), sha256: sha_file(out).map_err(io)?, bytes })
    }
}

/// A filled official form that goes in the bundle, under `forms/NAME`.
pub struct BundleForm {
    pub name: String,
    pub title: String,
    pub bytes: Vec<u8>,
    pub draft: bool,
}

struct HashingWriter<'a, W: Write> {
    inner: &'a mut W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn ctx_err(e: tera::Error) -> ReportError {
    ReportError::Template { file: "context".into(), message: e.to_string() }
}

pub fn write_atomic(out: &Path, bytes: &[u8]) -> Result<ExportOutcome, ReportError> {
    let io = |source: std::io::Error| ReportError::Io { path: out.to_path_buf(), source };
    let write = |tmp: &Path| {
        let mut f = std::fs::File::create(tmp).map_err(io)?;
        f.write_all(bytes).map_err(io)?;
        f.sync_all().map_err(io)
    };
    crate::write_via_temp(out, write, io)?;
    Ok(ExportOutcome { path: out.to_path_buf(), sha256: hex::encode(Sha256::digest(bytes)), bytes: bytes.len() as u64 })
}

fn sha_file(p: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(p)?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)?;
    Ok(hex::encode(h.finalize()))
}

/// The name a report or bundle is offered under: the merchant's name as it is written (accents and
/// all), the SAQ and the year.
pub fn file_name(merchant: &str, saq: &str, year: i32, extension: &str) -> String {
    format!("{}-SAQ-{saq}-{year}.{extension}", safe_name(merchant))
}

/// A file name that is safe on every OS, keeping every letter of every script: only separators,
/// characters Windows forbids, control characters, leading dots and Windows device names change.
pub fn safe_name(name: &str) -> String {
    let mut s: String =
        name.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    while s.contains("..") {
        s = s.replace("..", "_.");
    }
    s = s.trim_start_matches(['.', '_', ' ']).trim_end_matches(['.', ' ']).to_string();
    let stem = s.split('.').next().unwrap_or("").trim().to_ascii_uppercase();
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
        "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if RESERVED.contains(&stem.as_str()) {
        s = format!("_{s}");
    }
    if s.is_empty() {
        s = "file".into();
    }
    s.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn safe_names() {
        assert_eq!(safe_name("../../etc/passwd"), "etc_passwd");
        assert_eq!(safe_name("CON.txt"), "_CON.txt");
        assert_eq!(safe_name("a\0b\nc.png"), "a_b_c.png");
        assert_eq!(safe_name("Zoë.pdf"), "Zoë.pdf");
        assert_eq!(safe_name("Zoë Łódź Ærøskøbing GmbH"), "Zoë Łódź Ærøskøbing GmbH");
        assert_eq!(safe_name("A/B: C*D?"), "A_B_ C_D_");
        assert_eq!(safe_name("..."), "file");
    }
}
