//! How a `CachedQuery` sits in the `queries` store. A library's record lists every id, and
//! Chromium keeps a value that large apart from the database (a blob file): reading it took
//! 45 ms at 50,000 ids, on the path of every library page's first screen. So a long id list
//! is stored beside the record, under its own key, as one JSON text (one string copies far
//! faster than 50,000), and the record says so (`ids_apart`). A page reads the record alone
//! (total, age, completeness); the sync reads both. Records with the ids inline (short lists,
//! and every record written before) read as they are.
use js_sys::{Array, Reflect};
use marquee_core::cache::{CacheError, CachedQuery};
use marquee_core::model::QueryKey;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::idb::{from_js, to_js};

/// Longer id lists are stored apart (500 ids are about 17 KB).
const INLINE_IDS: usize = 500;
const IDS_APART: &str = "ids_apart";
const IDS_TEXT: &str = "ids_text";

/// The key of the record holding `key`'s ids when they are apart. It has neither
/// `fetched_at` nor `last_used_at`, so the store's indexes (stale sweeps, eviction) never see it.
pub fn ids_key(key: &str) -> String {
    format!("{key}\u{1}ids")
}

#[derive(Serialize)]
struct Record<'a> {
    /// Stored as its string form, the record's key.
    key: &'a QueryKey,
    ids: &'a [String],
    ids_apart: bool,
    total: u32,
    fetched_at: i64,
    etag: &'a Option<String>,
    last_used_at: i64,
    complete: bool,
}

#[derive(Serialize)]
struct IdsRecord<'a> {
    key: &'a str,
    ids_text: String,
}

/// The record to store, and the ids record when the list is long.
pub fn to_records(query: &CachedQuery) -> Result<(JsValue, Option<JsValue>), CacheError> {
    let apart = query.ids.len() > INLINE_IDS;
    let record = to_js(&Record {
        key: &query.key,
        ids: if apart { &[] } else { &query.ids },
        ids_apart: apart,
        total: query.total,
        fetched_at: query.fetched_at,
        etag: &query.etag,
        last_used_at: query.last_used_at,
        complete: query.complete,
    })?;
    let ids = if apart {
        let ids_text =
            serde_json::to_string(&query.ids).map_err(|e| CacheError::Other(e.to_string()))?;
        Some(to_js(&IdsRecord {
            key: &ids_key(&query.key.to_string()),
            ids_text,
        })?)
    } else {
        None
    };
    Ok((record, ids))
}

/// Whether a stored record keeps its ids apart.
pub fn has_ids_apart(record: &JsValue) -> bool {
    Reflect::get(record, &IDS_APART.into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// A stored record back to a query. `ids_record` is the record under `ids_key` when the ids
/// are apart and wanted; `with_ids: false` leaves them empty (a summary). A record whose ids
/// went missing reads as incomplete, so the next sync fetches the list again.
pub fn from_records(
    record: JsValue,
    with_ids: bool,
    ids_record: Option<JsValue>,
) -> Result<CachedQuery, CacheError> {
    let not_an_object = |_| CacheError::Other("a query record is not an object".into());
    let apart = has_ids_apart(&record);
    if !with_ids {
        // The rest of the record crosses into wasm without its ids.
        Reflect::set(&record, &"ids".into(), &Array::new()).map_err(not_an_object)?;
    }
    let mut query: CachedQuery = from_js(record)?;
    if with_ids && apart {
        let text = ids_record
            .and_then(|r| Reflect::get(&r, &IDS_TEXT.into()).ok())
            .and_then(|t| t.as_string());
        match text.map(|t| serde_json::from_str::<Vec<String>>(&t)) {
            Some(Ok(ids)) => query.ids = ids,
            _ => query.complete = false,
        }
    }
    Ok(query)
}
