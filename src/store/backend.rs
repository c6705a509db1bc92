//! The store's cache: IndexedDB when it opens, memory otherwise (private mode, disabled storage).
use marquee_core::cache::memory::MemoryCache;
use marquee_core::cache::{
    CacheError, CacheStore, CachedQuery, OutboxEntry, UnreadableOutboxRecord,
};
use marquee_core::merge::CachedItem;
use marquee_core::model::{ItemKind, LibrarySort, QueryKey, SortOrder};
use marquee_core::search::SearchQuery;

use crate::cache::IdbCache;

pub enum CacheBackend {
    Idb(IdbCache),
    Memory(MemoryCache),
}

impl CacheBackend {
    pub fn is_persistent(&self) -> bool {
        matches!(self, CacheBackend::Idb(_))
    }

    /// Another tab changed items (the memory cache keeps no search between keystrokes).
    pub fn forget_search_memo(&self) {
        if let CacheBackend::Idb(cache) = self {
            cache.forget_search_memo();
        }
    }
}

macro_rules! delegate {
    ($self:ident, $cache:ident => $call:expr) => {
        match $self {
            CacheBackend::Idb($cache) => $call.await,
            CacheBackend::Memory($cache) => $call.await,
        }
    };
}

impl CacheStore for CacheBackend {
    async fn get_item(&self, id: &str) -> Result<Option<CachedItem>, CacheError> {
        delegate!(self, c => c.get_item(id))
    }
    async fn get_items(&self, ids: &[String]) -> Result<Vec<Option<CachedItem>>, CacheError> {
        delegate!(self, c => c.get_items(ids))
    }
    async fn put_items(&self, items: &[CachedItem]) -> Result<(), CacheError> {
        delegate!(self, c => c.put_items(items))
    }
    async fn delete_items(&self, ids: &[String]) -> Result<(), CacheError> {
        delegate!(self, c => c.delete_items(ids))
    }
    async fn get_query(&self, key: &QueryKey) -> Result<Option<CachedQuery>, CacheError> {
        delegate!(self, c => c.get_query(key))
    }
    async fn get_query_summary(&self, key: &QueryKey) -> Result<Option<CachedQuery>, CacheError> {
        delegate!(self, c => c.get_query_summary(key))
    }
    async fn get_query_with_items(
        &self,
        key: &QueryKey,
    ) -> Result<Option<(CachedQuery, Vec<Option<CachedItem>>)>, CacheError> {
        delegate!(self, c => c.get_query_with_items(key))
    }
    async fn put_query(&self, query: &CachedQuery) -> Result<(), CacheError> {
        delegate!(self, c => c.put_query(query))
    }
    async fn delete_query(&self, key: &QueryKey) -> Result<(), CacheError> {
        delegate!(self, c => c.delete_query(key))
    }
    async fn library_page(
        &self,
        library_id: &str,
        kind: ItemKind,
        sort: LibrarySort,
        order: SortOrder,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError> {
        delegate!(self, c => c.library_page(library_id, kind, sort, order, offset, limit))
    }
    async fn library_count(&self, library_id: &str) -> Result<u32, CacheError> {
        delegate!(self, c => c.library_count(library_id))
    }
    async fn library_letter_offset(
        &self,
        library_id: &str,
        letter: char,
        order: SortOrder,
    ) -> Result<u32, CacheError> {
        delegate!(self, c => c.library_letter_offset(library_id, letter, order))
    }
    async fn find_stale_items(
        &self,
        fetched_before: i64,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError> {
        delegate!(self, c => c.find_stale_items(fetched_before, limit))
    }
    async fn find_stale_queries(
        &self,
        fetched_before: i64,
        limit: u32,
    ) -> Result<Vec<CachedQuery>, CacheError> {
        delegate!(self, c => c.find_stale_queries(fetched_before, limit))
    }
    async fn evict_queries_lru(&self, count: u32, keep: &[QueryKey]) -> Result<u32, CacheError> {
        delegate!(self, c => c.evict_queries_lru(count, keep))
    }
    async fn touch_queries(&self, keys: &[QueryKey], now: i64) -> Result<(), CacheError> {
        delegate!(self, c => c.touch_queries(keys, now))
    }
    async fn outbox_push(
        &self,
        entry: OutboxEntry,
        items: &[CachedItem],
    ) -> Result<u64, CacheError> {
        delegate!(self, c => c.outbox_push(entry, items))
    }
    async fn outbox_list(&self) -> Result<Vec<OutboxEntry>, CacheError> {
        delegate!(self, c => c.outbox_list())
    }
    async fn outbox_unreadable(&self) -> Result<Vec<UnreadableOutboxRecord>, CacheError> {
        delegate!(self, c => c.outbox_unreadable())
    }
    async fn outbox_remove(&self, seqs: &[u64], items: &[CachedItem]) -> Result<(), CacheError> {
        delegate!(self, c => c.outbox_remove(seqs, items))
    }
    async fn outbox_set_attempts(&self, seqs: &[u64], attempts: u32) -> Result<(), CacheError> {
        delegate!(self, c => c.outbox_set_attempts(seqs, attempts))
    }
    async fn get_meta(&self, key: &str) -> Result<Option<String>, CacheError> {
        delegate!(self, c => c.get_meta(key))
    }
    async fn put_meta(&self, key: &str, value: &str) -> Result<(), CacheError> {
        delegate!(self, c => c.put_meta(key, value))
    }
    async fn clear(&self) -> Result<(), CacheError> {
        delegate!(self, c => c.clear())
    }
    async fn search_items(
        &self,
        query: &SearchQuery,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError> {
        delegate!(self, c => c.search_items(query, limit))
    }
}
