//! Pull to refresh on touch screens: dragging down from the top of the page pulls an
//! indicator after the finger; letting go past the threshold runs `on_refresh`
//! (rules in `core::pull_gesture`). The browser's own pull-to-reload is turned off in CSS
//! (`overscroll-behavior-y`), so the pull refreshes the data, not the whole app.
use std::cell::RefCell;

use leptos::prelude::*;
use marquee_core::decimal::fixed;
use marquee_core::pull_gesture::PullGesture;
use wasm_bindgen::prelude::*;

const EVENTS: [&str; 4] = ["touchstart", "touchmove", "touchend", "touchcancel"];

#[component]
pub fn PullToRefresh(on_refresh: Callback<()>) -> impl IntoView {
    let offset = RwSignal::new(0.0f64);
    let armed = RwSignal::new(false);
    let gesture = RefCell::new(PullGesture::default());

    // One handler for the four touch events (the window's touch listeners are passive).
    let handler = Closure::<dyn FnMut(web_sys::TouchEvent)>::new(move |ev: web_sys::TouchEvent| {
        let y = ev.touches().get(0).map(|t| f64::from(t.client_y()));
        let mut g = gesture.borrow_mut();
        match (ev.type_().as_str(), y) {
            ("touchstart", Some(y)) => {
                let scroll_top = web_sys::window()
                    .and_then(|w| w.scroll_y().ok())
                    .unwrap_or(0.0);
                g.start(y, scroll_top);
            }
            ("touchmove", Some(y)) => {
                offset.try_set(g.moved(y));
                armed.try_set(g.armed());
            }
            ("touchend", _) | ("touchcancel", _) => {
                let refresh = g.end(ev.type_() == "touchcancel");
                offset.try_set(0.0);
                armed.try_set(false);
                if refresh {
                    on_refresh.run(());
                }
            }
            _ => {}
        }
    });
    let listen = |add: bool, f: &js_sys::Function| {
        if let Some(window) = web_sys::window() {
            for name in EVENTS {
                let _ = if add {
                    window.add_event_listener_with_callback(name, f)
                } else {
                    window.remove_event_listener_with_callback(name, f)
                };
            }
        }
    };
    listen(true, handler.as_ref().unchecked_ref());
    let handler = send_wrapper::SendWrapper::new(handler);
    on_cleanup(move || listen(false, handler.as_ref().unchecked_ref()));

    // The words come from CSS (`data-armed`): "Pull to refresh", "Release to refresh".
    view! {
        <div class="pull-indicator" aria-hidden="true"
            data-armed=move || armed.get().to_string()
            style=move || format!("--pull: {}px", fixed(offset.get(), 0))></div>
    }
}
