//! What Settings asks of the store: how much is kept, refresh everything, clear the cache.
use marquee_core::cache::{CacheError, CacheStore};
use marquee_core::refresh::RefreshPriority;

use super::{CacheBackend, Store};
use crate::cache::library_kinds;
use crate::pwa::storage::{self, StorageUse};

/// Saved views "Refresh everything" queues at most (a big library is one view, not its items).
const REFRESH_ALL_LIMIT: u32 = 5_000;

/// What the storage section shows; read from the browser, not from the server.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StorageStats {
    pub usage: Option<StorageUse>,
    /// Items in the user's database; `None` when it is not available (memory only).
    pub items: Option<u32>,
    pub images: u32,
    pub persisted: bool,
}

impl Store {
    /// The storage figures Settings shows, through this store's own connection.
    pub async fn storage_stats(&self) -> StorageStats {
        let items = match &self.0.cache {
            CacheBackend::Idb(idb) => idb.item_count().await.ok(),
            CacheBackend::Memory(_) => None,
        };
        StorageStats {
            usage: storage::estimate().await,
            items,
            images: storage::cached_image_count().await,
            persisted: storage::is_persisted().await,
        }
    }

    /// Queues every saved view for a refresh (and what the page shows, at once); returns how
    /// many saved views were queued.
    pub async fn refresh_everything(&self) -> usize {
        let saved = self
            .0
            .cache
            .find_stale_queries(i64::MAX, REFRESH_ALL_LIMIT)
            .await
            .unwrap_or_default();
        let count = saved.len();
        for query in saved {
            self.request_refresh(query.key, RefreshPriority::Normal);
        }
        self.revalidate_visible(true);
        count
    }

    /// Forgets what was saved from the server, downloads aside: queries, items, the
    /// remembered library kinds and the cached images. The session stays.
    pub async fn clear_cache(&self) -> Result<(), CacheError> {
        let cleared = self.clear_cache_keeping_downloads().await;
        library_kinds::forget_all(&self.0.database_name);
        storage::delete_image_cache().await;
        cleared
    }
}
