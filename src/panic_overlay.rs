//! A panic leaves the wasm app dead (release builds abort): instead of a page that no longer
//! answers, cover it with "Something went wrong · Reload". Built with plain DOM calls, since
//! nothing of the app can be trusted to run any more; the panic's text goes to the console
//! only, never into the page.
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

fn show_overlay() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id("panic-overlay").is_some() {
        return;
    }
    let build = || -> Option<web_sys::Element> {
        let overlay = document.create_element("div").ok()?;
        overlay.set_id("panic-overlay");
        overlay.set_class_name("panic-overlay");
        let _ = overlay.set_attribute("role", "alertdialog");
        let _ = overlay.set_attribute("aria-labelledby", "panic-title");
        let title = document.create_element("p").ok()?;
        title.set_id("panic-title");
        title.set_text_content(Some("Something went wrong"));
        // A link to this very page reloads it without needing any script to run.
        let reload = document.create_element("a").ok()?;
        reload.set_class_name("panic-reload");
        let href = web_sys::window()?.location().href().ok()?;
        let _ = reload.set_attribute("href", &href);
        reload.set_text_content(Some("Reload"));
        overlay.append_child(&title).ok()?;
        overlay.append_child(&reload).ok()?;
        Some(overlay)
    };
    if let Some(overlay) = build() {
        let _ = body.append_child(&overlay);
    }
}
