//! A panic leaves the wasm app dead (release builds abort): instead of a page that no longer
//! answers, cover it with "Something went wrong · Reload". Plain DOM, since nothing of the app
//! can be trusted to run any more; the panic's text goes to the console only, never the page.
use std::sync::Once;

static INSTALL: Once = Once::new();

/// Logs panics to the console (as before) and then shows the overlay. Idempotent.
pub fn install() {
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            show_overlay();
        }));
    });
}

/// Constant markup only (no panic text, nothing from the server). An empty `href` is this
/// very page: following it reloads without needing any script to run.
const OVERLAY: &str = r#"<div id="panic-overlay" class="panic-overlay" role="alertdialog" aria-labelledby="panic-title"><p id="panic-title">Something went wrong</p><a class="panic-reload" href="">Reload</a></div>"#;

fn show_overlay() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("panic-overlay").is_some() {
        return;
    }
    if let Some(body) = document.body() {
        let _ = body.insert_adjacent_html("beforeend", OVERLAY);
    }
}
