// The SAQ Desk window. All behaviour lives in the `saqdesk` core; see commands.rs.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;

use std::sync::Mutex;

fn main() {
    let state = match commands::AppState::open() {
        Ok(s) => s,
        Err(e) => {
            // No window without a usable database: say why, leave the file as it is.
            eprintln!("SAQ Desk cannot start: {}", e.message);
            std::process::exit(2);
        }
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            use tauri::Manager;
            // A second launch focuses the running window instead of opening the database twice.
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Mutex::new(state))
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::scoping_rules,
            commands::scope,
            commands::list_merchants,
            commands::save_merchant,
            commands::list_assessments,
            commands::create_assessment,
            commands::open_assessment,
            commands::answer,
            commands::review,
            commands::confirm,
            commands::set_details,
            commands::pick_evidence,
            commands::add_evidence,
            commands::evidence_preview,
            commands::link_evidence,
            commands::remove_evidence,
            commands::replace_evidence,
            commands::status,
            commands::attest,
            commands::export_report,
            commands::export_bundle,
            commands::reveal,
            commands::open_path,
            commands::roll_forward,
            commands::delete_assessment,
            commands::history,
            commands::sweep_on_start,
            commands::sweep_redact,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("SAQ Desk stopped: {e}");
        std::process::exit(1);
    }
}
