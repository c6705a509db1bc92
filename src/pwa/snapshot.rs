//! A warm start's first picture. index.html paints the page's last picture
//! (`cache::page_snapshots`) in a shadow root of its own before the app runs, so the app's
//! code and the tests never find its elements. The app renders beneath it, unseen
//! (`#marquee-snapshot ~ *` in base.css), and takes its place once its own content is there.
use std::cell::RefCell;

use leptos::prelude::GetUntracked;
use wasm_bindgen::prelude::*;

use crate::cache::page_snapshots;
use crate::session::SessionCtx;

#[wasm_bindgen(inline_js = r#"
export function page_html() {
  let html = "";
  for (const el of document.body.children) {
    if (el.id === "marquee-snapshot" || el.tagName === "SCRIPT") continue;
    html += el.outerHTML;
  }
  return html;
}
export function remove_snapshot() {
  const host = document.getElementById("marquee-snapshot");
  if (host) host.remove();
}
export function at_top() {
  return window.scrollY < 1;
}
"#)]
extern "C" {
    fn page_html() -> String;
    fn remove_snapshot();
    fn at_top() -> bool;
}

thread_local! {
    /// The URL whose page has shown its content (only a page with content is worth keeping).
    static SHOWN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Whose pictures these are (set by `keep_on_leave`).
    static SESSION: RefCell<Option<SessionCtx>> = const { RefCell::new(None) };
}

/// The page at `path` shows its own content: the picture gives way to it.
pub fn content_shown(path: &str) {
    remove_snapshot();
    SHOWN.with(|s| *s.borrow_mut() = Some(path.to_string()));
}

/// The page at `path` is fresh: keep its picture now (a tab may be closed without a last
/// `pagehide`), and again whenever the tab is hidden or left.
pub fn content_fresh(path: &str) {
    keep(path);
}

/// Keeps the pictures of pages left or hidden. Called once by `App`.
pub fn keep_on_leave(session: SessionCtx) {
    SESSION.with(|s| *s.borrow_mut() = Some(session));
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_leave = Closure::<dyn FnMut()>::new(move || {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
            if let Some(path) = SHOWN.with(|s| s.borrow().clone()) {
                keep(&path);
            }
        }
    });
    let _ = window.add_event_listener_with_callback("pagehide", on_leave.as_ref().unchecked_ref());
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_leave.as_ref().unchecked_ref(),
        );
    }
    on_leave.forget();
}

/// Saves the page as shown now as the picture of `path`, if it is still that page, at the top
/// (a grid scrolled away holds cards for another place), and not the player or the login.
fn keep(path: &str) {
    let current = SHOWN.with(|s| s.borrow().clone());
    if current.as_deref() != Some(path) || !worth_keeping(path) || !at_top() {
        return;
    }
    let Some(session) = SESSION
        .with(|s| *s.borrow())
        .and_then(|s| s.current.get_untracked())
    else {
        return;
    };
    let html = page_html();
    let path = path.to_string();
    leptos::task::spawn_local(async move {
        if let Err(error) = page_snapshots::save(&session, &path, &html).await {
            web_sys::console::warn_1(&format!("page picture not kept: {error}").into());
        }
    });
}

fn worth_keeping(path: &str) -> bool {
    !(path.starts_with("/play/") || path.starts_with("/login"))
}
