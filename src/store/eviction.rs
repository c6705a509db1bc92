//! A full disk. Chromium reports it when a write's transaction aborts (`QuotaExceededError`,
//! known by name in `cache/write_tx.rs`). Room is made from what matters least: query results
//! no page has read for longest (use is recorded when a page reads a query, not only when it is
//! fetched), then the service worker's images; the write is tried once more, and if it still
//! does not fit the user is told. The outbox, the session and what the open page shows are
//! never evicted.
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use marquee_core::cache::{CacheError, CacheStore};
use marquee_core::model::QueryKey;

use super::{now_ms, Store};

/// Query results evicted per full-disk event.
const EVICT_QUERIES: u32 = 50;
/// Images evicted per full-disk event.
const EVICT_IMAGES: u32 = 200;
/// Reads are recorded in one write a little later, off the page's first paint.
const FLUSH_USE_AFTER: Duration = Duration::from_secs(2);

pub(crate) const STORAGE_FULL: &str =
    "Storage is full: Marquee could not save new data. Free some space on this device, or clear Marquee's cache in Settings.";

/// Which queries the pages read, until the next flush records it in the cache.
#[derive(Default)]
pub(super) struct UseTracking {
    /// Query keys a page read since the last flush.
    keys: RefCell<BTreeSet<QueryKey>>,
    flush_armed: Cell<bool>,
}

impl Store {
    /// A page read `key`: remember it, so eviction knows it is in use.
    pub(crate) fn note_used(&self, key: &QueryKey) {
        let used = &self.0.use_tracking;
        used.keys.borrow_mut().insert(key.clone());
        if used.flush_armed.replace(true) {
            return;
        }
        let flush = self.weak_fn(|store| {
            let used = &store.0.use_tracking;
            used.flush_armed.set(false);
            let keys: Vec<QueryKey> = std::mem::take(&mut *used.keys.borrow_mut())
                .into_iter()
                .collect();
            let store = store.clone();
            leptos::task::spawn_local(async move {
                let _ = store.0.cache.touch_queries(&keys, now_ms()).await;
            });
        });
        let _ = set_timeout_with_handle(flush, FLUSH_USE_AFTER);
    }

    /// What the open page shows: every query this tab holds a signal for.
    fn shown_keys(&self) -> Vec<QueryKey> {
        self.0.queries.borrow().keys().cloned().collect()
    }

    /// Runs a cache write; on a full disk, makes room (least recently used query results, then
    /// images) and tries once more; if it still fails, tells the user.
    pub(crate) async fn write_with_eviction<'a, F, Fut>(
        &'a self,
        write: F,
    ) -> Result<(), CacheError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<(), CacheError>> + 'a,
    {
        match write().await {
            Err(CacheError::QuotaExceeded) => {
                self.make_room().await;
                let retried = write().await;
                if matches!(retried, Err(CacheError::QuotaExceeded)) {
                    self.0.storage_note.try_set(Some(STORAGE_FULL.into()));
                }
                retried
            }
            other => other,
        }
    }

    async fn make_room(&self) {
        let keep = self.shown_keys();
        let _ = self.0.cache.evict_queries_lru(EVICT_QUERIES, &keep).await;
        crate::pwa::storage::evict_oldest_images(EVICT_IMAGES).await;
    }
}
