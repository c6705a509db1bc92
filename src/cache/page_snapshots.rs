//! The last rendered picture of each recent page, which index.html paints before the app runs
//! (a warm start shows the page at once). Kept in localStorage, which a page reads at once:
//! opening IndexedDB took 20–50 ms of a 60–100 ms warm start. Each picture names the user and
//! server it belongs to; index.html paints one only when they are the ones signed in now
//! (`marquee:pictures:owner`, kept in step with the saved session by `session_db`), and logging
//! out deletes them all. The token is never part of one. Written in a few lines of JS: the same
//! in Rust costs the wasm kilobytes.
use marquee_core::cache::CacheError;
use wasm_bindgen::prelude::*;

use super::write_tx::error_from_js;
use crate::session::Session;

// The keys are index.html's. At most KEEP pages (a user comes back to a few; each is some
// kilobytes of HTML, Home about 85,000 characters), their paths most recent first under PATHS,
// and none past MAX_CHARS, so that pictures never take the origin's localStorage quota (about
// 5 million characters) from its other entries. A picture is its owner (user id and server, a
// line each), a line break, then the HTML.
#[wasm_bindgen(inline_js = r#"
const KEEP = 8;
const MAX_CHARS = 300000;
const OWNER = "marquee:pictures:owner";
const PATHS = "marquee:pictures:paths";
const PICTURE = "marquee:picture:";
function paths() {
  try {
    const list = JSON.parse(localStorage.getItem(PATHS));
    return Array.isArray(list) ? list : [];
  } catch (e) {
    return [];
  }
}
export function save_picture(owner, path, html) {
  if (html.length > MAX_CHARS) {
    localStorage.removeItem(PICTURE + path);
    throw new Error(`a picture of ${html.length} characters`);
  }
  const list = paths().filter((p) => p !== path);
  list.unshift(path);
  for (const old of list.splice(KEEP)) localStorage.removeItem(PICTURE + old);
  localStorage.setItem(PATHS, JSON.stringify(list));
  try {
    localStorage.setItem(PICTURE + path, owner + "\n" + html);
  } catch (e) {
    // Full: no picture rather than an older one of this page.
    localStorage.removeItem(PICTURE + path);
    throw e;
  }
}
export function set_owner(owner) {
  if (owner === undefined) localStorage.removeItem(OWNER);
  else if (localStorage.getItem(OWNER) !== owner) localStorage.setItem(OWNER, owner);
}
export function clear_pictures() {
  for (let n = localStorage.length - 1; n >= 0; n--) {
    const key = localStorage.key(n);
    if (key && key.startsWith(PICTURE)) localStorage.removeItem(key);
  }
  localStorage.removeItem(PATHS);
  localStorage.removeItem(OWNER);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn save_picture(owner: &str, path: &str, html: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn set_owner(owner: Option<String>) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn clear_pictures() -> Result<(), JsValue>;
}

/// Whose pictures a picture's first two lines name.
fn owner(session: &Session) -> String {
    format!("{}\n{}", session.user_id, session.server_url)
}

/// Keeps `html` as the picture of `path` for this session's user. A page whose HTML holds the
/// token (it never should) is not kept.
pub fn save(session: &Session, path: &str, html: &str) -> Result<(), CacheError> {
    if html.contains(&session.token) {
        return Err(CacheError::Other("the page holds the token".into()));
    }
    save_picture(&owner(session), path, html).map_err(error_from_js)
}

/// The user whose pictures may be painted: the one signed in now, or nobody.
pub fn signed_in(session: Option<&Session>) {
    if let Err(error) = set_owner(session.map(owner)) {
        let error = error_from_js(error);
        web_sys::console::warn_1(&format!("page pictures: {error}").into());
    }
}

/// Deletes every page picture (logging out).
pub fn clear() -> Result<(), CacheError> {
    clear_pictures().map_err(error_from_js)
}
