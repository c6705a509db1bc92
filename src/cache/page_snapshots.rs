//! The last rendered picture of each recent page, which index.html paints before the app runs
//! (a warm start shows the page at once). Kept in the session's small database, beside the
//! session index.html reads already, under `snapshot:{path}`, with the user and server they
//! belong to: index.html paints one only for the same user and server, and logging out
//! deletes them all.
use marquee_core::cache::CacheError;
use rexie::{KeyRange, TransactionMode};
use wasm_bindgen::JsValue;

use super::idb::cache_error;
use super::session_db::{open, STORE};
use crate::session::Session;

/// index.html reads the same prefix.
const PREFIX: &str = "snapshot:";
/// The paths kept, most recent first (a key of its own, under the prefix so a clear takes it).
const PATHS_KEY: &str = "snapshot:/paths";
/// Pages kept: the few a user comes back to; each is some kilobytes of HTML.
const KEEP: usize = 8;

/// Keeps `html` as the picture of `path` for this session's user.
pub async fn save(session: &Session, path: &str, html: &str) -> Result<(), CacheError> {
    let record = js_sys::Object::new();
    for (field, value) in [
        ("user_id", session.user_id.as_str()),
        ("server_url", session.server_url.as_str()),
        ("html", html),
    ] {
        let _ = js_sys::Reflect::set(&record, &field.into(), &value.into());
    }
    let db = open().await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(cache_error)?;
    let store = tx.store(STORE).map_err(cache_error)?;
    let paths_key = JsValue::from_str(PATHS_KEY);
    let mut paths: Vec<String> = match store.get(paths_key.clone()).await.map_err(cache_error)? {
        Some(list) if js_sys::Array::is_array(&list) => js_sys::Array::from(&list)
            .iter()
            .filter_map(|p| p.as_string())
            .collect(),
        _ => Vec::new(),
    };
    paths.retain(|p| p != path);
    paths.insert(0, path.to_string());
    for old in paths.drain(KEEP.min(paths.len())..) {
        store
            .delete(JsValue::from_str(&format!("{PREFIX}{old}")))
            .await
            .map_err(cache_error)?;
    }
    let list: js_sys::Array = paths.iter().map(|p| JsValue::from_str(p)).collect();
    store
        .put(&list, Some(&paths_key))
        .await
        .map_err(cache_error)?;
    store
        .put(
            &record,
            Some(&JsValue::from_str(&format!("{PREFIX}{path}"))),
        )
        .await
        .map_err(cache_error)?;
    drop(store);
    tx.commit().await.map_err(cache_error)?;
    db.close();
    Ok(())
}

/// Deletes every page picture (logging out).
pub async fn clear() -> Result<(), CacheError> {
    let range = KeyRange::bound(
        &JsValue::from_str(PREFIX),
        &JsValue::from_str(&format!("{PREFIX}\u{ffff}")),
        Some(false),
        Some(false),
    )
    .map_err(|e| CacheError::Other(format!("bad key range: {e:?}")))?;
    let db = open().await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(cache_error)?;
    let store = tx.store(STORE).map_err(cache_error)?;
    store.delete(range.into()).await.map_err(cache_error)?;
    drop(store);
    tx.commit().await.map_err(cache_error)?;
    db.close();
    Ok(())
}
