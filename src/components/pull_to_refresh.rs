//! Pull to refresh on touch screens: dragging down from the top of the page pulls an
//! indicator after the finger; letting go past the threshold runs `on_refresh`
//! (rules in `core::pull_gesture`). The browser's own pull-to-reload is turned off in CSS
//! (`overscroll-behavior-y`), so the pull refreshes the data, not the whole app.
use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use marquee_core::decimal::fixed;
use marquee_core::pull_gesture::PullGesture;
use wasm_bindgen::prelude::*;

type TouchHandler = Closure<dyn FnMut(web_sys::TouchEvent)>;

fn first_touch_y(ev: &web_sys::TouchEvent) -> Option<f64> {
    ev.touches().get(0).map(|t| f64::from(t.client_y()))
}

/// Adds (or removes) the handlers on the window; the end handler also takes touchcancel.
fn listen(add: bool, handlers: &[(&'static str, TouchHandler)]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    for (name, handler) in handlers {
        let f: &js_sys::Function = handler.as_ref().unchecked_ref();
        let names: &[&str] = if *name == "touchend" {
            &["touchend", "touchcancel"]
        } else {
            std::slice::from_ref(name)
        };
        for name in names {
            let _ = if add {
                window.add_event_listener_with_callback(name, f)
            } else {
                window.remove_event_listener_with_callback(name, f)
            };
        }
    }
}

#[component]
pub fn PullToRefresh(on_refresh: Callback<()>) -> impl IntoView {
    let offset = RwSignal::new(0.0f64);
    let armed = RwSignal::new(false);
    let gesture = Rc::new(RefCell::new(PullGesture::default()));

    let on_start: TouchHandler = {
        let gesture = gesture.clone();
        Closure::new(move |ev: web_sys::TouchEvent| {
            let scroll_top = web_sys::window()
                .and_then(|w| w.scroll_y().ok())
                .unwrap_or(0.0);
            if let Some(y) = first_touch_y(&ev) {
                gesture.borrow_mut().start(y, scroll_top);
            }
        })
    };
    let on_move: TouchHandler = {
        let gesture = gesture.clone();
        Closure::new(move |ev: web_sys::TouchEvent| {
            if let Some(y) = first_touch_y(&ev) {
                let mut g = gesture.borrow_mut();
                offset.try_set(g.moved(y));
                armed.try_set(g.armed());
            }
        })
    };
    // touchcancel ends the gesture too, without a refresh.
    let on_end: TouchHandler = Closure::new(move |ev: web_sys::TouchEvent| {
        let refresh = gesture.borrow_mut().end(ev.type_() == "touchcancel");
        offset.try_set(0.0);
        armed.try_set(false);
        if refresh {
            on_refresh.run(());
        }
    });
    let handlers = [
        ("touchstart", on_start),
        ("touchmove", on_move),
        ("touchend", on_end),
    ];
    listen(true, &handlers);
    let handlers = send_wrapper::SendWrapper::new(handlers);
    on_cleanup(move || listen(false, &handlers[..]));

    view! {
        <div class="pull-indicator" aria-hidden="true"
            data-armed=move || armed.get().to_string()
            style=move || format!("--pull: {}px", fixed(offset.get(), 0))>
            {move || if armed.get() { "Release to refresh" } else { "Pull to refresh" }}
        </div>
    }
}
