// The SAQ Desk window. All behaviour lives in the `saqdesk` core; see commands.rs.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

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
            commands::call,
            commands::pick_evidence,
            commands::save_report,
            commands::pick_blank_form,
            commands::save_form,
            commands::reveal,
            commands::open_path,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("SAQ Desk stopped: {e}");
        std::process::exit(1);
    }
}
