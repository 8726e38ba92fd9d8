//! Report wording lives in tera templates under `templates/`, editable without recompiling.

use super::error::ReportError;
use std::path::{Path, PathBuf};

/// The shipped templates folder (or `SAQDESK_TEMPLATES`), found the same way as the questionnaires.
pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("SAQDESK_TEMPLATES").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    let exe_dir = std::env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf));
    [
        exe_dir.as_ref().map(|d| d.join("templates")),
        exe_dir.as_ref().map(|d| d.join("../share/saqdesk/templates")),
        exe_dir.as_ref().map(|d| d.join("../lib/saq-desk/templates")),
        exe_dir.as_ref().map(|d| d.join("../lib/SAQ Desk/templates")),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.join("report.html.tera").is_file())
    .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates"))
}

pub struct Templates {
    tera: tera::Tera,
    dir: PathBuf,
}

impl Templates {
    /// Loads every `*.tera` file below `dir`; a syntax error names the file and its line.
    pub fn load(dir: &Path) -> Result<Self, ReportError> {
        let mut tera = tera::Tera::default();
        let mut files = Vec::new();
        collect(dir, dir, &mut files)
            .map_err(|e| ReportError::Template { file: dir.to_path_buf(), message: e.to_string() })?;
        if files.is_empty() {
            return Err(ReportError::Template { file: dir.to_path_buf(), message: "no .tera templates found".into() });
        }
        files.sort();
        for (name, path) in &files {
            let text = std::fs::read_to_string(path)
                .map_err(|e| ReportError::Template { file: path.clone(), message: e.to_string() })?;
            tera.add_raw_template(name, &text)
                .map_err(|e| ReportError::Template { file: path.clone(), message: chain(&e) })?;
        }
        // HTML is escaped; Markdown and plain text are not (they are not parsed as markup by us).
        tera.autoescape_on(vec![".html.tera"]);
        Ok(Self { tera, dir: dir.to_path_buf() })
    }

    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, ReportError> {
        self.tera.render(name, ctx).map_err(|e| ReportError::Template { file: self.dir.join(name), message: chain(&e) })
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect(root, &p, out)?;
        } else if p.extension().is_some_and(|x| x == "tera") {
            let name = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            out.push((name, p));
        }
    }
    Ok(())
}

/// tera keeps the useful part (with the line and column) in the error's source chain.
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ").replace('\n', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}
