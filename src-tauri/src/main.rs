// The SAQ Desk window. All behaviour lives in the `saqdesk` core; see commands.rs.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::sync::Mutex;

/// Without a usable database there is nothing to show: say why, leave the file as it is.
fn cannot_start(why: &str) -> ! {
    eprintln!("SAQ Desk cannot start: {why}");
    std::process::exit(2);
}

fn main() {
    // The database opens (schema checked, questionnaires parsed) while GTK and WebKit start up;
    // `setup` waits for it, and no command is served before `setup` has run.
    let opening = std::thread::spawn(commands::AppState::open);
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
        .setup(move |app| {
            use tauri::Manager;
            let state = match opening.join() {
                Ok(Ok(state)) => state,
                Ok(Err(e)) => cannot_start(&e.message),
                Err(_) => cannot_start("opening the database failed unexpectedly"),
            };
            app.manage(Mutex::new(state));
            Ok(())
        })
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
