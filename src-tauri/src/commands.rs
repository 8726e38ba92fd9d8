//! Tauri commands: each one reads its arguments, calls the core, and returns the core's answer.
//! No rule of the product is decided here. The shell supplies the two things the core never
//! reads itself: the clock and the OS user.

use crate::error::{UiError, UiResult};
use base64::Engine;
use saqdesk::desk::{AssessmentView, Desk};
use saqdesk::report::{ExportOutcome, Format, Reporter, Templates};
use saqdesk::scoping::{ScopeInput, ScopeResult, ScopingRules};
use saqdesk::store::*;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::State;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

pub struct AppState {
    desk: Desk,
    templates: Templates,
}

type Shared<'a> = State<'a, Mutex<AppState>>;

impl AppState {
    pub fn open() -> Result<Self, UiError> {
        let data = saqdesk::DataSet::open_default()?;
        let desk = Desk::open(data, &default_db_path())?;
        let templates = Templates::load(&saqdesk::report::templates::default_dir())?;
        Ok(Self { desk, templates })
    }
}

fn who() -> Actor {
    let name = std::env::var("SAQDESK_USER")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    Actor::new(name, chrono::Utc::now())
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
    s.lock().map_err(|_| {
        UiError::new("internal", "the application state is unavailable after an earlier failure; restart SAQ Desk")
    })
}

#[derive(Serialize)]
pub struct SaqInfo {
    saq: String,
    name: String,
    requirements: usize,
    summary: String,
}

#[derive(Serialize)]
pub struct AppInfo {
    version: String,
    db_path: String,
    /// The database could only be opened for reading (write-protected file, folder or disk).
    read_only: bool,
    questionnaire: String,
    saqs: Vec<SaqInfo>,
}

#[tauri::command]
pub fn app_info(state: Shared<'_>) -> UiResult<AppInfo> {
    let s = lock(&state)?;
    let q = &s.desk.data.questionnaire;
    Ok(AppInfo {
        version: saqdesk::VERSION.into(),
        db_path: s.desk.store.path().display().to_string(),
        read_only: s.desk.store.is_read_only(),
        questionnaire: format!("{} {}", q.name, q.version),
        saqs: q
            .saqs
            .iter()
            .map(|x| SaqInfo {
                saq: x.id.clone(),
                name: x.name.clone(),
                requirements: x.requirements.len(),
                summary: x.summary.clone(),
            })
            .collect(),
    })
}

#[tauri::command]
pub fn scoping_rules(state: Shared<'_>) -> UiResult<ScopingRules> {
    Ok(lock(&state)?.desk.data.scoping.clone())
}

#[tauri::command]
pub fn scope(state: Shared<'_>, input: ScopeInput) -> UiResult<ScopeResult> {
    Ok(lock(&state)?.desk.scope(&input)?.result)
}

#[tauri::command]
pub fn list_merchants(state: Shared<'_>) -> UiResult<Vec<Merchant>> {
    Ok(lock(&state)?.desk.store.merchants()?)
}

#[tauri::command]
pub fn save_merchant(state: Shared<'_>, id: Option<String>, profile: MerchantProfile) -> UiResult<Merchant> {
    Ok(lock(&state)?.desk.store.save_merchant(id.as_deref(), &profile, &who())?)
}

#[tauri::command]
pub fn list_assessments(state: Shared<'_>) -> UiResult<Vec<AssessmentSummary>> {
    Ok(lock(&state)?.desk.store.assessments()?)
}

#[tauri::command]
pub fn create_assessment(
    state: Shared<'_>,
    merchant: String,
    year: i32,
    saq: Option<String>,
    scope: Option<ScopeInput>,
) -> UiResult<Assessment> {
    Ok(lock(&state)?.desk.new_assessment(&merchant, year, saq.as_deref(), scope.as_ref(), &who())?)
}

#[tauri::command]
pub fn open_assessment(state: Shared<'_>, id: String) -> UiResult<AssessmentView> {
    Ok(lock(&state)?.desk.open_assessment(&id, chrono::Utc::now().date_naive())?)
}

#[derive(Serialize)]
pub struct AnswerResult {
    response: Response,
    status: Status,
}

#[tauri::command]
pub fn answer(state: Shared<'_>, id: String, requirement: String, input: AnswerInput) -> UiResult<AnswerResult> {
    let mut s = lock(&state)?;
    let response = s.desk.store.answer(&id, &requirement, &input, &who())?;
    Ok(AnswerResult { response, status: s.desk.store.status(&id)? })
}

#[tauri::command]
pub fn review(state: Shared<'_>, id: String, requirement: String) -> UiResult<Status> {
    let mut s = lock(&state)?;
    s.desk.store.review(&id, &requirement, &who())?;
    Ok(s.desk.store.status(&id)?)
}

#[tauri::command]
pub fn confirm(state: Shared<'_>, id: String, criterion: String, confirmed: bool) -> UiResult<Status> {
    let mut s = lock(&state)?;
    s.desk.store.confirm(&id, &criterion, confirmed, &who())?;
    Ok(s.desk.store.status(&id)?)
}

#[tauri::command]
pub fn set_details(state: Shared<'_>, id: String, details: AssessmentDetails) -> UiResult<Assessment> {
    let mut s = lock(&state)?;
    s.desk.store.set_details(&id, &details, &who())?;
    Ok(s.desk.store.assessment(&id)?)
}

#[tauri::command]
pub async fn pick_evidence(app: tauri::AppHandle) -> UiResult<Vec<String>> {
    let picked = app.dialog().file().set_title("Attach evidence").blocking_pick_files().unwrap_or_default();
    Ok(picked.into_iter().filter_map(|p| p.into_path().ok()).map(|p| p.display().to_string()).collect())
}

#[tauri::command]
pub fn add_evidence(
    state: Shared<'_>,
    id: String,
    items: Vec<String>,
    path: String,
    meta: EvidenceMeta,
) -> UiResult<Evidence> {
    Ok(lock(&state)?.desk.store.add_evidence(&id, &items, &PathBuf::from(path), &meta, &who())?)
}

#[derive(Serialize)]
pub struct Preview {
    media_type: String,
    kind: &'static str,
    data: String,
}

/// Previews stop at a size the window can show comfortably.
const PREVIEW_TEXT_BYTES: usize = 64 * 1024;
const PREVIEW_IMAGE_BYTES: u64 = 8 * 1024 * 1024;

#[tauri::command]
pub fn evidence_preview(state: Shared<'_>, evidence_id: String) -> UiResult<Preview> {
    let s = lock(&state)?;
    let e = s.desk.store.evidence(&evidence_id)?;
    if e.is_image() && e.size <= PREVIEW_IMAGE_BYTES {
        let bytes = s.desk.store.evidence_bytes(&e.sha256)?;
        let data = format!("data:{};base64,{}", e.media_type, base64::engine::general_purpose::STANDARD.encode(bytes));
        return Ok(Preview { media_type: e.media_type, kind: "image", data });
    }
    if e.media_type.starts_with("text/") || e.media_type == "application/json" || e.media_type == "application/yaml" {
        let mut bytes = s.desk.store.evidence_bytes(&e.sha256)?;
        bytes.truncate(PREVIEW_TEXT_BYTES);
        return Ok(Preview {
            media_type: e.media_type,
            kind: "text",
            data: String::from_utf8_lossy(&bytes).into_owned(),
        });
    }
    Ok(Preview { media_type: e.media_type, kind: "none", data: String::new() })
}

#[tauri::command]
pub fn link_evidence(state: Shared<'_>, evidence_id: String, item: String, linked: bool) -> UiResult<Evidence> {
    Ok(lock(&state)?.desk.store.link_evidence(&evidence_id, &item, linked, &who())?)
}

#[tauri::command]
pub fn remove_evidence(state: Shared<'_>, evidence_id: String) -> UiResult<()> {
    Ok(lock(&state)?.desk.store.remove_evidence(&evidence_id, &who())?)
}

#[tauri::command]
pub fn replace_evidence(state: Shared<'_>, evidence_id: String, path: String) -> UiResult<Evidence> {
    Ok(lock(&state)?.desk.store.replace_evidence(&evidence_id, &PathBuf::from(path), &who())?)
}

#[tauri::command]
pub fn status(state: Shared<'_>, id: String) -> UiResult<Status> {
    Ok(lock(&state)?.desk.store.status(&id)?)
}

#[tauri::command]
pub fn attest(state: Shared<'_>, id: String, input: AttestInput) -> UiResult<Attestation> {
    Ok(lock(&state)?.desk.store.attest(&id, &input, &who())?)
}

/// Asks where to save when the UI gives no path; `None` when the user cancels.
fn save_path(app: &tauri::AppHandle, suggested: String, path: Option<String>) -> Option<PathBuf> {
    if let Some(p) = path {
        return Some(PathBuf::from(p));
    }
    let mut dialog = app.dialog().file().set_title("Export").set_file_name(&suggested);
    if let Some(docs) = dirs_documents() {
        dialog = dialog.set_directory(docs);
    }
    dialog.blocking_save_file().and_then(|p| p.into_path().ok())
}

fn dirs_documents() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from).map(|h| h.join("Documents")).filter(|p| p.is_dir())
}

fn suggested_name(s: &AppState, id: &str, ext: &str) -> UiResult<String> {
    let a = s.desk.store.assessment(id)?;
    let m = s.desk.store.merchant(&a.merchant_id)?;
    Ok(format!("{}-SAQ-{}-{}.{ext}", saqdesk::report::export::safe_name(&m.profile.legal_name), a.saq, a.year))
}

#[tauri::command]
pub async fn export_report(
    app: tauri::AppHandle,
    state: Shared<'_>,
    id: String,
    format: String,
    path: Option<String>,
) -> UiResult<Option<ExportOutcome>> {
    let format = Format::parse(&format)?;
    let suggested = suggested_name(&*lock(&state)?, &id, format.extension())?;
    let Some(out) = save_path(&app, suggested, path) else { return Ok(None) };
    let mut s = lock(&state)?;
    let AppState { desk, templates } = &mut *s;
    let reporter = Reporter { data: &desk.data, templates };
    Ok(Some(reporter.export(&mut desk.store, &id, format, &out, chrono::Utc::now(), &who())?))
}

#[tauri::command]
pub async fn export_bundle(
    app: tauri::AppHandle,
    state: Shared<'_>,
    id: String,
    path: Option<String>,
) -> UiResult<Option<ExportOutcome>> {
    let suggested = suggested_name(&*lock(&state)?, &id, "zip")?;
    let Some(out) = save_path(&app, suggested, path) else { return Ok(None) };
    let mut s = lock(&state)?;
    let AppState { desk, templates } = &mut *s;
    let reporter = Reporter { data: &desk.data, templates };
    Ok(Some(reporter.bundle(&mut desk.store, &id, &out, chrono::Utc::now(), &who())?))
}

#[tauri::command]
pub fn reveal(app: tauri::AppHandle, path: String) -> UiResult<()> {
    app.opener().reveal_item_in_dir(&path).map_err(|e| UiError::new("io", format!("cannot show {path}: {e}")))
}

#[tauri::command]
pub fn open_path(app: tauri::AppHandle, path: String) -> UiResult<()> {
    app.opener().open_path(&path, None::<&str>).map_err(|e| UiError::new("io", format!("cannot open {path}: {e}")))
}

#[tauri::command]
pub fn roll_forward(state: Shared<'_>, id: String, year: Option<i32>) -> UiResult<RollForward> {
    Ok(lock(&state)?.desk.roll_forward(&id, year, None, &who())?)
}

#[tauri::command]
pub fn delete_assessment(state: Shared<'_>, id: String) -> UiResult<String> {
    let mut s = lock(&state)?;
    let dir = s.desk.store.path().parent().map(|p| p.join("backups")).unwrap_or_else(|| PathBuf::from("backups"));
    Ok(s.desk.store.delete_assessment(&id, &dir, &who())?.display().to_string())
}

#[tauri::command]
pub fn history(state: Shared<'_>, id: String) -> UiResult<Vec<AuditEntry>> {
    Ok(lock(&state)?.desk.store.history(&id)?)
}

/// What the app found at start-up that an earlier version let in; `None` when nothing.
#[tauri::command]
pub fn sweep_on_start(state: Shared<'_>) -> UiResult<Option<SweepReport>> {
    Ok(lock(&state)?.desk.sweep_after_upgrade(&who())?)
}

#[tauri::command]
pub fn sweep_redact(state: Shared<'_>) -> UiResult<SweepReport> {
    Ok(lock(&state)?.desk.sweep_redact(&who())?)
}
