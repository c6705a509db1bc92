//! The browser's storage as Marquee uses it: durable storage, usage and quota, the service
//! worker's image cache.
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, CacheStorage, StorageEstimate, StorageManager};

use crate::session::SessionCtx;

/// The service worker's image cache (the same name as `IMAGES` in sw.js).
pub const IMAGE_CACHE: &str = "marquee-images-v1";

/// Bytes used by this origin and the most it may use, as the browser estimates them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageUse {
    pub used: f64,
    pub quota: f64,
}

fn storage_manager() -> Option<StorageManager> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &"storage".into())
        .unwrap_or(false)
        .then(|| navigator.storage())
}

fn cache_storage() -> Option<CacheStorage> {
    // `caches` is missing outside a secure context.
    web_sys::window()?.caches().ok()
}

/// Asks the browser not to evict Marquee's data under storage pressure. Returns whether it agreed.
pub async fn persist() -> bool {
    let Some(promise) = storage_manager().and_then(|s| s.persist().ok()) else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

pub async fn is_persisted() -> bool {
    let Some(promise) = storage_manager().and_then(|s| s.persisted().ok()) else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Asks for durable storage once a user is logged in (again after each new login).
pub fn persist_after_login(session: SessionCtx) {
    Effect::new(move |asked: Option<bool>| {
        let logged_in = session.current.with(|s| s.is_some());
        if logged_in && asked != Some(true) {
            leptos::task::spawn_local(async {
                if !is_persisted().await {
                    persist().await;
                }
            });
        }
        logged_in
    });
}

pub async fn estimate() -> Option<StorageUse> {
    let promise = storage_manager()?.estimate().ok()?;
    let estimate: StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some(StorageUse {
        used: estimate.get_usage().unwrap_or(0.0),
        quota: estimate.get_quota().unwrap_or(0.0),
    })
}

/// The service worker's image cache, if it exists (`open` would create it).
async fn image_cache() -> Option<Cache> {
    let caches = cache_storage()?;
    let exists = JsFuture::from(caches.has(IMAGE_CACHE))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if !exists {
        return None;
    }
    let cache = JsFuture::from(caches.open(IMAGE_CACHE)).await.ok()?;
    Some(cache.unchecked_into())
}

async fn image_keys(cache: &Cache) -> js_sys::Array {
    JsFuture::from(cache.keys())
        .await
        .ok()
        .map(|keys| keys.unchecked_into::<js_sys::Array>())
        .unwrap_or_default()
}

/// How many images the service worker keeps.
pub async fn cached_image_count() -> u32 {
    match image_cache().await {
        Some(cache) => image_keys(&cache).await.length(),
        None => 0,
    }
}

/// Frees room when the disk is full: deletes up to `count` images, least recently used first
/// (the worker keeps them in use order, see `touch` in sw.js). Returns how many went.
pub async fn evict_oldest_images(count: u32) -> u32 {
    let Some(cache) = image_cache().await else {
        return 0;
    };
    let mut evicted = 0;
    for request in image_keys(&cache).await.iter().take(count as usize) {
        let url = js_sys::Reflect::get(&request, &"url".into())
            .ok()
            .and_then(|u| u.as_string());
        if let Some(url) = url {
            if JsFuture::from(cache.delete_with_str(&url)).await.is_ok() {
                evicted += 1;
            }
        }
    }
    evicted
}

/// Deletes every cached image (clear cache, log out). The app shell stays.
pub async fn delete_image_cache() {
    if let Some(caches) = cache_storage() {
        let _ = JsFuture::from(caches.delete(IMAGE_CACHE)).await;
        let _ = JsFuture::from(caches.delete(PINNED_IMAGES)).await;
    }
}

/// The list of items whose images are never evicted (downloads; see `crate::files`).
const PINNED_IMAGES: &str = "marquee-pinned-v1";
