//! Small helpers shared by every IndexedDB access: value conversion and error mapping.
use marquee_core::cache::CacheError;
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// Rust value -> plain JS object (maps as objects, u64 as numbers), as IndexedDB stores it.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, CacheError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| CacheError::Other(e.to_string()))
}

pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, CacheError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| CacheError::Other(e.to_string()))
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
