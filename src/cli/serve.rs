//! `saqdesk serve`: a development door for the browser. It serves the built UI and answers its
//! calls with the real core, so the UI can be looked at and screenshotted outside the desktop shell
//! with every rule exactly as the app has it. It listens on 127.0.0.1 only and is not part of the
//! installed app.

use super::output::CliError;
use super::Ctx;
use clap::Args;
use saqdesk::desk::{ApiError, DeskError, ExportKind, SaveRequest};
use saqdesk::ipc::{Done, PathRequest, SaveFormRequest, SaveReportRequest};
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one; the address is printed)
    #[arg(long, default_value_t = 8417)]
    port: u16,
    /// The built UI to serve
    #[arg(long, value_name = "DIR", default_value = "ui/dist")]
    ui: PathBuf,
    /// Files the "attach evidence" dialog offers (the browser has no file picker of the desktop's)
    #[arg(long, value_name = "DIR")]
    evidence_dir: Option<PathBuf>,
    /// The blank official form that "add blank form…" picks (the page cannot open a dialog)
    #[arg(long, value_name = "FILE")]
    blank_form: Option<PathBuf>,
    /// Where "save" writes exports (default: exports/ beside the database)
    #[arg(long, value_name = "DIR")]
    exports: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, a: ServeArgs) -> Result<i32, CliError> {
    let mut desk = ctx.desk()?;
    let exports = a.exports.clone().unwrap_or_else(|| {
        desk.db_path().parent().map(|p| p.join("exports")).unwrap_or_else(|| PathBuf::from("exports"))
    });
    let server = tiny_http::Server::http(("127.0.0.1", a.port))
        .map_err(|e| CliError::Usage(format!("cannot listen on 127.0.0.1:{}: {e}", a.port)))?;
    let addr = server.server_addr().to_ip().map(|s| s.to_string()).unwrap_or_default();
    println!("SAQ Desk UI on http://{addr}/?demo  (database {})", desk.db_path().display());
    for mut request in server.incoming_requests() {
        let url = request.url().to_string();
        let response = if request.method() == &tiny_http::Method::Post && url == "/call" {
            let mut body = String::new();
            let _ = std::io::Read::read_to_string(request.as_reader(), &mut body);
            let (status, json) = match call(&mut desk, &body, &a, &exports) {
                Ok(v) => (200, serde_json::json!({ "ok": v })),
                Err(e) => (400, serde_json::json!({ "error": e })),
            };
            json_response(status, &json)
        } else {
            file_response(&a.ui, &url)
        };
        let _ = request.respond(response);
    }
    Ok(0)
}

/// One call: the clock is read once, here, as the desktop door does.
fn call(
    desk: &mut saqdesk::desk::Desk,
    body: &str,
    a: &ServeArgs,
    exports: &Path,
) -> Result<serde_json::Value, ApiError> {
    #[derive(serde::Deserialize)]
    struct Call {
        command: String,
        #[serde(default)]
        args: serde_json::Value,
    }
    let c: Call = serde_json::from_str(body).map_err(|e| contract(format!("not a call: {e}")))?;
    let who =
        saqdesk::store::Actor::new(saqdesk::store::os_user(), chrono::Utc::now()).on(chrono::Local::now().date_naive());
    let args = |v: serde_json::Value| v;
    match c.command.as_str() {
        "pick_evidence" => {
            let dir = a.evidence_dir.as_deref();
            let mut files: Vec<String> = dir
                .and_then(|d| std::fs::read_dir(d).ok())
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .map(|p| p.display().to_string())
                .collect();
            files.sort();
            Ok(serde_json::json!(files.into_iter().take(1).collect::<Vec<_>>()))
        }
        "save_report" => {
            let r: SaveReportRequest = serde_json::from_value(args(c.args)).map_err(|e| contract(e.to_string()))?;
            std::fs::create_dir_all(exports)
                .map_err(|source| ApiError::from(DeskError::Io { path: exports.to_path_buf(), source }))?;
            let out = match r.path {
                Some(p) => PathBuf::from(p),
                None => exports
                    .join(desk.suggested_file_name(&r.assessment, r.saq.as_deref(), r.kind).map_err(ApiError::from)?),
            };
            let outcome = desk.save(SaveRequest { assessment: r.assessment, saq: r.saq, kind: r.kind, out }, &who);
            serde_json::to_value(outcome.map_err(ApiError::from)?).map_err(|e| contract(e.to_string()))
        }
        "pick_blank_form" => Ok(serde_json::json!(a.blank_form.as_ref().map(|p| p.display().to_string()))),
        "save_form" => {
            let r: SaveFormRequest = serde_json::from_value(args(c.args)).map_err(|e| contract(e.to_string()))?;
            std::fs::create_dir_all(exports)
                .map_err(|source| ApiError::from(DeskError::Io { path: exports.to_path_buf(), source }))?;
            let out = match &r.path {
                Some(p) => PathBuf::from(p),
                None => exports.join(
                    desk.suggested_file_name(&r.assessment, r.saq.as_deref(), ExportKind::Form)
                        .map_err(ApiError::from)?,
                ),
            };
            let filled = desk.fill_form(r.fill(out), &who).map_err(ApiError::from)?;
            serde_json::to_value(filled).map_err(|e| contract(e.to_string()))
        }
        "reveal" | "open_path" => {
            let _: PathRequest = serde_json::from_value(args(c.args)).map_err(|e| contract(e.to_string()))?;
            serde_json::to_value(Done {}).map_err(|e| contract(e.to_string()))
        }
        _ => saqdesk::ipc::dispatch(desk, &c.command, c.args, &who),
    }
}

fn contract(message: String) -> ApiError {
    ApiError::from(DeskError::Contract(message))
}

fn json_response(status: u16, v: &serde_json::Value) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let body = serde_json::to_vec(v).unwrap_or_default();
    tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "application/json"))
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| tiny_http::Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("static header"))
}

/// A file of the built UI; anything that is not one gets index.html (the UI routes itself).
fn file_response(ui: &Path, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/").trim_start_matches('/');
    let safe = !path.split('/').any(|p| p == ".." || p.starts_with('.'));
    let file = if safe && !path.is_empty() { ui.join(path) } else { ui.join("index.html") };
    let file = if file.is_file() { file } else { ui.join("index.html") };
    match std::fs::read(&file) {
        Ok(bytes) => {
            let kind = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
                "html" => "text/html; charset=utf-8",
                "js" => "text/javascript",
                "css" => "text/css",
                "svg" => "image/svg+xml",
                "png" => "image/png",
                "json" => "application/json",
                "woff2" => "font/woff2",
                _ => "application/octet-stream",
            };
            tiny_http::Response::from_data(bytes).with_header(header("Content-Type", kind))
        }
        Err(_) => tiny_http::Response::from_data(b"build the UI first: (cd ui && npm run build)".to_vec())
            .with_status_code(404),
    }
}
