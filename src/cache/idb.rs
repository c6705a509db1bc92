//! Small helpers shared by every IndexedDB access: value conversion and error mapping.
use marquee_core::cache::CacheError;
use rexie::KeyRange;
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// Rust value -> plain JS object, as IndexedDB stores it. Going through JSON text is several
/// times faster than building the object field by field across the wasm boundary.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, CacheError> {
    let text = serde_json::to_string(value).map_err(|e| CacheError::Other(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| CacheError::Other("JSON.parse failed".into()))
}

/// Many values -> JS objects through one JSON text and one `JSON.parse`: a library page is
/// hundreds of items, and a call across the wasm boundary per item is most of the cost.
/// Item writes go through `search_index::to_js_indexed` (the same, plus index keys); the
/// benchmark's write without keys uses this.
#[cfg_attr(not(feature = "bench"), allow(dead_code))]
pub fn to_js_all<T: Serialize>(values: &[T]) -> Result<Vec<JsValue>, CacheError> {
    let text = serde_json::to_string(values).map_err(|e| CacheError::Other(e.to_string()))?;
    let array =
        js_sys::JSON::parse(&text).map_err(|_| CacheError::Other("JSON.parse failed".into()))?;
    Ok(js_sys::Array::from(&array).to_vec())
}

/// A stored JS object -> Rust value (through JSON text, for the same reason).
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, CacheError> {
    let text = js_sys::JSON::stringify(&value)
        .map_err(|_| CacheError::Other("JSON.stringify failed".into()))?;
    serde_json::from_str(&String::from(text)).map_err(|e| CacheError::Other(e.to_string()))
}

/// Maps rexie's errors onto what the store can act on (quota, a closed connection, ...).
pub fn cache_error(error: rexie::Error) -> CacheError {
    let text = format!("{error:?}");
    if text.contains("QuotaExceeded") {
        CacheError::QuotaExceeded
    } else if text.contains("InvalidStateError") || text.contains("closing") {
        CacheError::VersionChanged
    } else {
        CacheError::Other(format!("{error}: {text}"))
    }
}

/// Every string key from `prefix` to `prefix` followed by the last code unit: the keys that
/// start with it.
pub fn prefix_range(prefix: &str) -> Result<KeyRange, CacheError> {
    let upper = format!("{prefix}\u{ffff}");
    KeyRange::bound(
        &JsValue::from_str(prefix),
        &JsValue::from_str(&upper),
        Some(false),
        Some(false),
    )
    .map_err(|e| CacheError::Other(format!("bad key range: {e}")))
}
