//! The desktop door. `call` hands any core command to the dispatcher; the rest are the few
//! commands only a window can serve (its file dialogs, the desktop's file manager). No rule of the
//! product is decided here. The shell supplies what the core never reads itself: one clock reading
//! per command and the OS user.

use saqdesk::desk::{ApiError, Desk, DeskConfig, DeskError, ExportKind, FormFill, SaveRequest};
use saqdesk::ipc::{Done, PathRequest, SaveFormRequest, SaveReportRequest};
use saqdesk::report::ExportOutcome;
use saqdesk::store::Actor;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::State;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

pub struct AppState {
    desk: Desk,
}

type Shared<'a> = State<'a, Mutex<AppState>>;
type UiResult<T> = Result<T, ApiError>;

impl AppState {
    pub fn open() -> Result<Self, ApiError> {
        Ok(Self { desk: Desk::open(&DeskConfig::default()).map_err(ApiError::from)? })
    }
}

/// The user's local calendar day decides what is due or overdue.
fn who() -> Actor {
    Actor::new(saqdesk::store::os_user(), chrono::Utc::now()).on(chrono::Local::now().date_naive())
}

fn internal(message: &str) -> ApiError {
    ApiError::from(DeskError::Contract(message.to_string()))
}

fn lock<'a>(s: &'a Shared<'_>) -> UiResult<std::sync::MutexGuard<'a, AppState>> {
    // For the start-up benchmark (benches/app-startup): when the UI's first command arrives.
    static PROBE: std::sync::Once = std::sync::Once::new();
    PROBE.call_once(|| {
        if std::env::var_os("SAQDESK_STARTUP_PROBE").is_some() {
            let ms =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
            eprintln!("saqdesk-probe first-command-unix-ms={ms}");
        }
    });
    s.lock().map_err(|_| internal("the application state is unavailable after an earlier failure; restart SAQ Desk"))
}

/// Any command of the core's contract (`saqdesk::ipc`), by name.
#[tauri::command]
pub fn call(state: Shared<'_>, command: String, args: serde_json::Value) -> UiResult<serde_json::Value> {
    saqdesk::ipc::dispatch(&mut lock(&state)?.desk, &command, args, &who())
}

/// End-to-end tests only: WebDriver cannot drive the OS file dialogs, so with
/// `SAQDESK_E2E_DIALOGS` naming a JSON file (`{"pick_blank_form": "/path", "save_form": "/path"}`),
/// the blank-form dialogs answer from it instead of opening (a name it lacks is a cancel). The file
/// is read at each dialog, so a test can change its answers between steps. Unset, or in a release
/// build: real dialogs.
fn e2e_answer(dialog: &str) -> Option<Option<PathBuf>> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let file = std::env::var_os("SAQDESK_E2E_DIALOGS")?;
    let answers: serde_json::Value =
        std::fs::read(&file).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    Some(answers.get(dialog).and_then(|v| v.as_str()).map(PathBuf::from))
}

#[tauri::command]
pub async fn pick_evidence(app: tauri::AppHandle) -> UiResult<Vec<String>> {
    let picked = app.dialog().file().set_title("Attach evidence").blocking_pick_files().unwrap_or_default();
    Ok(picked.into_iter().filter_map(|p| p.into_path().ok()).map(|p| p.display().to_string()).collect())
}

/// Asks where to save, offering `suggested`; `None` when the user cancels.
fn ask_where(app: &tauri::AppHandle, title: &str, suggested: &str, filter: Option<(&str, &str)>) -> Option<PathBuf> {
    let mut dialog = app.dialog().file().set_title(title).set_file_name(suggested);
    if let Some((name, ext)) = filter {
        dialog = dialog.add_filter(name, &[ext]);
    }
    if let Some(docs) = dirs_documents() {
        dialog = dialog.set_directory(docs);
    }
    dialog.blocking_save_file().and_then(|p| p.into_path().ok())
}

/// Asks where to save (offering the core's file name), then exports; `None` when the user cancels.
#[tauri::command]
pub async fn save_report(
    app: tauri::AppHandle,
    state: Shared<'_>,
    args: SaveReportRequest,
) -> UiResult<Option<ExportOutcome>> {
    let out = match args.path {
        Some(p) => PathBuf::from(p),
        None => {
            let suggested = lock(&state)?
                .desk
                .suggested_file_name(&args.assessment, args.saq.as_deref(), args.kind)
                .map_err(ApiError::from)?;
            match ask_where(&app, "Export", &suggested, None) {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    let req = SaveRequest { assessment: args.assessment, saq: args.saq, kind: args.kind, out };
    lock(&state)?.desk.save(req, &who()).map(Some).map_err(ApiError::from)
}

/// Asks for a blank official form (.docx); `None` when the user cancels.
#[tauri::command]
pub async fn pick_blank_form(app: tauri::AppHandle) -> UiResult<Option<String>> {
    if let Some(answer) = e2e_answer("pick_blank_form") {
        return Ok(answer.map(|p| p.display().to_string()));
    }
    let picked = app
        .dialog()
        .file()
        .set_title("Blank official PCI SSC form")
        .add_filter("Word document", &["docx"])
        .blocking_pick_file();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// Asks where to save the filled official form, then fills it; `None` when the user cancels.
#[tauri::command]
pub async fn save_form(app: tauri::AppHandle, state: Shared<'_>, args: SaveFormRequest) -> UiResult<Option<FormFill>> {
    let out = match &args.path {
        Some(p) => PathBuf::from(p),
        None => {
            let suggested = lock(&state)?
                .desk
                .suggested_file_name(&args.assessment, args.saq.as_deref(), ExportKind::Form)
                .map_err(ApiError::from)?;
            let asked = match e2e_answer("save_form") {
                Some(answer) => answer,
                None => ask_where(&app, "Official PCI SSC form", &suggested, Some(("Word document", "docx"))),
            };
            match asked {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    lock(&state)?.desk.fill_form(args.fill(out), &who()).map(Some).map_err(ApiError::from)
}

fn dirs_documents() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from).map(|h| h.join("Documents")).filter(|p| p.is_dir())
}

#[tauri::command]
pub fn reveal(app: tauri::AppHandle, args: PathRequest) -> UiResult<Done> {
    app.opener().reveal_item_in_dir(&args.path).map_err(|e| io(&args.path, e))?;
    Ok(Done {})
}

#[tauri::command]
pub fn open_path(app: tauri::AppHandle, args: PathRequest) -> UiResult<Done> {
    app.opener().open_path(&args.path, None::<&str>).map_err(|e| io(&args.path, e))?;
    Ok(Done {})
}

fn io(path: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::from(DeskError::Io { path: path.into(), source: std::io::Error::other(e.to_string()) })
}
