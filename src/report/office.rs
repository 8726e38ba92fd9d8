//! A filled .docx as PDF, by LibreOffice when it is installed. The .docx is what the PCI SSC
//! publishes and what is filled; the PDF is a convenience for reading and uploading, so its
//! absence is reported, never an error that loses the .docx.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to get LibreOffice, for the message shown when it is missing.
pub const HOW_TO_INSTALL: &str = "install LibreOffice to get a PDF as well (Debian and Ubuntu: \
     sudo apt install libreoffice-writer-nogui; macOS and Windows: www.libreoffice.org/download); \
     the .docx was written and opens in Word or LibreOffice";

/// A large SAQ D converts in a few seconds; a LibreOffice that takes longer than this is stuck.
const TIMEOUT: Duration = Duration::from_secs(180);

#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error("LibreOffice was not found: {HOW_TO_INSTALL}")]
    NotInstalled,
    #[error("LibreOffice could not convert the form to PDF: {0}")]
    Failed(String),
}

/// The LibreOffice program, from the usual places.
pub fn find() -> Option<PathBuf> {
    let names = ["soffice", "libreoffice"];
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)));
    let known = [
        "/usr/bin/soffice",
        "/usr/lib/libreoffice/program/soffice",
        "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        "C:\\Program Files\\LibreOffice\\program\\soffice.exe",
    ]
    .into_iter()
    .map(PathBuf::from);
    on_path.chain(known).find(|p| p.is_file())
}

/// Converts `docx` to a PDF at `out` (written through a temporary file, so `out` is either
/// untouched or complete). LibreOffice runs headless with a profile of its own, so a copy the
/// user has open is neither used nor disturbed.
pub fn to_pdf(docx: &Path, out: &Path) -> Result<(), OfficeError> {
    let exe = find().ok_or(OfficeError::NotInstalled)?;
    let fail = |m: String| OfficeError::Failed(m);
    let work = tempfile::tempdir().map_err(|e| fail(e.to_string()))?;
    let input = work.path().join("form.docx");
    std::fs::copy(docx, &input).map_err(|e| fail(format!("{}: {e}", docx.display())))?;
    let profile = work.path().join("profile");
    let outdir = work.path().join("out");
    let mut child = Command::new(&exe)
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args(["--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf"])
        .arg("--outdir")
        .arg(&outdir)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(format!("{}: {e}", exe.display())))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|e| fail(e.to_string()))? {
            Some(s) => break s,
            None if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!("it did not finish within {} s", TIMEOUT.as_secs())));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let pdf = outdir.join("form.pdf");
    let is_pdf = std::fs::read(&pdf).map(|b| b.starts_with(b"%PDF")).unwrap_or(false);
    if !status.success() || !is_pdf {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        let err = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no PDF was produced").trim().to_string();
        return Err(fail(err));
    }
    crate::write_via_temp(
        out,
        |tmp| std::fs::copy(&pdf, tmp).map(|_| ()).map_err(|e| fail(format!("{}: {e}", tmp.display()))),
        |e| fail(format!("{}: {e}", out.display())),
    )
}

fn file_url(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let s = s.replace(' ', "%20");
    if s.starts_with('/') {
        format!("file://{s}")
    } else {
        format!("file:///{s}")
    }
}
