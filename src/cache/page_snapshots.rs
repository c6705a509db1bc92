//! The last rendered picture of each recent page, which index.html paints before the app runs
//! (a warm start shows the page at once). Kept in the session's small database, beside the
//! session index.html reads already, under `snapshot:{path}`, with the user and server they
//! belong to: index.html paints one only for the same user and server, and logging out
//! deletes them all. Written in a few lines of JS: the same in Rust costs the wasm kilobytes.
use marquee_core::cache::CacheError;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::session::Session;

// The database, store and key prefix are session_db.rs's and index.html's. At most KEEP pages
// (a user comes back to a few; each is some kilobytes of HTML), their paths most recent first
// under `snapshot:/paths`, a key under the prefix so that a clear takes it too. The HTML is
// kept as UTF-8 bytes: a string with one character past Latin-1 is stored at two bytes a
// character, and a value past 64 KB is kept out of line, in a file of its own, slower to read
// on the warm start that needs it at once.
#[wasm_bindgen(inline_js = r#"
const KEEP = 8;
const PREFIX = "snapshot:";
const PATHS = "snapshot:/paths";
function withStore(work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("marquee-session", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("kv");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      try {
        const tx = db.transaction("kv", "readwrite");
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onerror = tx.onabort = () => { db.close(); reject(tx.error); };
        work(tx.objectStore("kv"));
      } catch (e) {
        db.close();
        reject(e);
      }
    };
  });
}
export function save_picture(user_id, server_url, path, html) {
  return withStore((kv) => {
    const list = kv.get(PATHS);
    list.onsuccess = () => {
      const paths = (Array.isArray(list.result) ? list.result : []).filter((p) => p !== path);
      paths.unshift(path);
      for (const old of paths.splice(KEEP)) kv.delete(PREFIX + old);
      kv.put(paths, PATHS);
      kv.put({ user_id, server_url, html: new TextEncoder().encode(html) }, PREFIX + path);
    };
  });
}
export function clear_pictures() {
  return withStore((kv) => kv.delete(IDBKeyRange.bound(PREFIX, PREFIX + "\uffff")));
}
"#)]
extern "C" {
    fn save_picture(user_id: &str, server_url: &str, path: &str, html: &str) -> js_sys::Promise;
    fn clear_pictures() -> js_sys::Promise;
}

/// Keeps `html` as the picture of `path` for this session's user.
pub async fn save(session: &Session, path: &str, html: &str) -> Result<(), CacheError> {
    let written = save_picture(&session.user_id, &session.server_url, path, html);
    JsFuture::from(written).await.map(drop).map_err(failed)
}

/// Deletes every page picture (logging out).
pub async fn clear() -> Result<(), CacheError> {
    JsFuture::from(clear_pictures())
        .await
        .map(drop)
        .map_err(failed)
}

fn failed(error: JsValue) -> CacheError {
    CacheError::Unavailable(format!("page pictures: {error:?}"))
}
