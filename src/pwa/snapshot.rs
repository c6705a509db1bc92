//! A warm start's first picture. index.html paints the page's last picture
//! (`cache::page_snapshots`) in a shadow root of its own before the app runs, so the app's
//! code and the tests never find its elements. The app renders beneath it, unseen
//! (`#marquee-snapshot ~ *` in base.css), and takes its place once its own content is there.
use std::cell::RefCell;

use leptos::prelude::GetUntracked;
use wasm_bindgen::prelude::*;

use crate::cache::page_snapshots;
use crate::session::SessionCtx;

// A page is settled when its own content is in place: no skeleton, no placeholder card.
#[wasm_bindgen(inline_js = r#"
function settled() {
  const main = document.querySelector("main[data-page]");
  return !!main && !main.querySelector(".skeleton, .placeholder");
}
// What lies past the first screen is left out of the picture: it is never seen before the
// app's own page replaces it, and every node of it costs the next start parsing and layout.
// A copy of each element is trimmed where the live one shows where things are. The copy
// belongs to a document of its own, without a window: a copy in this document would load its
// images, in the way of the page being left or reloaded.
function first_screen(el) {
  const clone = document.implementation.createHTMLDocument("").importNode(el, true);
  const width = innerWidth, height = innerHeight;
  const pairs = sel => [el.querySelectorAll(sel), clone.querySelectorAll(sel)];
  // Both lists are taken before anything is removed, so their indexes keep matching.
  const [live_parts, clone_parts] = pairs("main > *");
  const [live_rows, clone_rows] = pairs(".row-items");
  const [live_cells, clone_cells] = pairs(".virtual-grid-window > *");
  const gone = [];
  const below = (live, copies) => live.forEach((node, i) => {
    if (node.getBoundingClientRect().top > height) gone.push(copies[i]);
  });
  below(live_parts, clone_parts);
  // A grid's window holds rows past the screen's edge, made ahead for scrolling.
  below(live_cells, clone_cells);
  live_rows.forEach((row, i) => {
    const cards = clone_rows[i].children;
    Array.from(row.children).forEach((card, j) => {
      if (card.getBoundingClientRect().left > width) gone.push(cards[j]);
    });
  });
  for (const node of gone) node.remove();
  return clone.outerHTML;
}
// Whether the document changed since the last picture was taken: a reload of a page already
// kept then spends nothing on it while the page is left. The observer stops at the first
// change (a scrolling grid would otherwise queue a record for every node it makes).
let changed = true;
const watch = new MutationObserver(() => { changed = true; watch.disconnect(); });
export function changed_since_taken() {
  return changed;
}
export function taken() {
  changed = false;
  watch.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}
export function settled_html() {
  if (!settled() || window.scrollY >= 1) return undefined;
  let html = "";
  for (const el of document.body.children) {
    if (el.id === "marquee-snapshot" || el.tagName === "SCRIPT") continue;
    html += first_screen(el);
  }
  return html;
}
export function reveal_when_settled() {
  const host = document.getElementById("marquee-snapshot");
  if (!host) return;
  const since = performance.now();
  const step = () => {
    if (!host.isConnected) return;
    if (settled() || performance.now() - since > 1000) host.remove();
    else requestAnimationFrame(step);
  };
  step();
}
export function location_path() {
  return location.pathname + location.search;
}
"#)]
extern "C" {
    /// The page's HTML when it is settled and at the top (a grid scrolled away holds cards
    /// for another place); `None` otherwise.
    fn settled_html() -> Option<String>;
    /// Removes the picture once the app's page is settled (at most a second from now), so
    /// that no skeleton shows between the two.
    fn reveal_when_settled();
    #[wasm_bindgen(js_name = location_path)]
    fn location() -> String;
    /// Whether the document changed since `taken` (true before the first picture).
    fn changed_since_taken() -> bool;
    /// The picture was taken now: watch for the next change.
    fn taken();
}

thread_local! {
    /// The URL whose page has shown its content (only a page with content is worth keeping).
    static SHOWN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The last picture this tab kept: its user, path and HTML.
    static KEPT: RefCell<Option<(String, String, String)>> = const { RefCell::new(None) };
    /// Whose pictures these are (set by `keep_on_leave`).
    static SESSION: RefCell<Option<SessionCtx>> = const { RefCell::new(None) };
}

/// The page at `path` shows its own content: the picture gives way to it.
pub fn content_shown(path: &str) {
    reveal_when_settled();
    SHOWN.with(|s| *s.borrow_mut() = Some(path.to_string()));
}

/// The page at `path` is fresh: keep its picture once it is settled (a tab that crashes or
/// is killed has no last chance), and again whenever the tab is hidden or left.
pub fn content_fresh(path: &str) {
    keep_when_settled(path.to_string(), FRESH_TRIES);
}

/// Tries to keep a fresh page's picture every quarter second, for two seconds.
const FRESH_TRIES: u32 = 8;

fn keep_when_settled(path: String, tries: u32) {
    if keep(&path) || tries == 0 {
        return;
    }
    leptos::prelude::set_timeout(
        move || keep_when_settled(path, tries - 1),
        std::time::Duration::from_millis(250),
    );
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
    // `visibilitychange` to hidden also comes first when the page is left or reloaded: one
    // listener keeps one picture (a `pagehide` one would keep it twice, in the way of the next
    // page's start).
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_leave.as_ref().unchecked_ref(),
        );
    }
    on_leave.forget();
}

/// Saves the page as shown now as the picture of `path`, if it is still that page and it is
/// settled, and not the player or the login. False when there was nothing to keep yet.
fn keep(path: &str) -> bool {
    let shown = SHOWN.with(|s| s.borrow().clone());
    // The page shown now is the one that marked its content (not a page without marks that
    // the user went on to).
    if shown.as_deref() != Some(path) || location() != path || !worth_keeping(path) {
        return true;
    }
    let Some(session) = SESSION
        .with(|s| *s.borrow())
        .and_then(|s| s.current.get_untracked())
    else {
        return true;
    };
    // The page as kept already: a reload's leaving would write it again, in the way of the
    // next page's start.
    let same_page = KEPT.with(|k| {
        k.borrow()
            .as_ref()
            .is_some_and(|(user, kept_path, _)| *user == session.user_id && kept_path == path)
    });
    if same_page && !changed_since_taken() {
        return true;
    }
    let Some(html) = settled_html() else {
        return false;
    };
    taken();
    let kept = (session.user_id.clone(), path.to_string(), html.clone());
    if KEPT.with(|k| k.borrow().as_ref() == Some(&kept)) {
        return true;
    }
    match page_snapshots::save(&session, path, &html) {
        Ok(()) => KEPT.with(|k| *k.borrow_mut() = Some(kept)),
        Err(error) => web_sys::console::warn_1(&format!("page picture not kept: {error}").into()),
    }
    true
}

fn worth_keeping(path: &str) -> bool {
    !(path.starts_with("/play/") || path.starts_with("/login"))
}
