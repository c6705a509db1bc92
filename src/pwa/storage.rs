//! The browser's storage as Marquee uses it: durable storage, usage and quota, the service
//! worker's image cache and how many items the user's database holds.
use leptos::prelude::*;
use rexie::{Rexie, TransactionMode};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, CacheStorage, StorageEstimate, StorageManager};

use crate::cache::{schema, STORE_ITEMS};
use crate::session::SessionCtx;

/// The service worker's image cache, named once in `image-cache-name.txt` (the build hook
/// writes it into sw.js; the e2e tests read the same file).
pub const IMAGE_CACHE: &str = include_str!("image-cache-name.txt").trim_ascii();

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

/// How many images the service worker keeps.
pub async fn cached_image_count() -> u32 {
    let Some(caches) = cache_storage() else {
        return 0;
    };
    // `open` would create the cache: look first.
    let exists = JsFuture::from(caches.has(IMAGE_CACHE))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if !exists {
        return 0;
    }
    let Ok(cache) = JsFuture::from(caches.open(IMAGE_CACHE)).await else {
        return 0;
    };
    let cache: Cache = cache.unchecked_into();
    JsFuture::from(cache.keys())
        .await
        .ok()
        .map(|keys| keys.unchecked_into::<js_sys::Array>().length())
        .unwrap_or(0)
}

/// Deletes every cached image (clear cache, log out). The app shell stays.
pub async fn delete_image_cache() {
    if let Some(caches) = cache_storage() {
        let _ = JsFuture::from(caches.delete(IMAGE_CACHE)).await;
    }
}

/// How many items the user's database holds, through a short-lived second connection.
pub async fn cached_item_count(database: &str) -> Option<u32> {
    let db = schema(Rexie::builder(database)).build().await.ok()?;
    let count = async {
        let tx = db
            .transaction(&[STORE_ITEMS], TransactionMode::ReadOnly)
            .ok()?;
        let store = tx.store(STORE_ITEMS).ok()?;
        let count = store.count(None).await.ok();
        drop(store);
        let _ = tx.done().await;
        count
    }
    .await;
    db.close();
    count
}
