//! The cache contract: what the app stores offline and how it reads it back.
//!
//! [`CacheStore`] is implemented over IndexedDB in the app and by [`memory::MemoryCache`] here;
//! both must pass `suite` (feature `testing`). Callers merge before writing ([`crate::merge`]): stores keep
//! records exactly as given.

mod cache_error;
mod cached_query;
mod library_order;
pub mod memory;
pub mod ops;
mod outbox;
#[cfg(any(test, feature = "testing"))]
pub mod suite;

pub use crate::merge::CachedItem;
pub use cache_error::CacheError;
pub use cached_query::CachedQuery;
pub use library_order::{compare_for_library, letter_range};
pub use outbox::{
    read_outbox_record, OutboxEntry, PlaybackIds, UnreadableOutboxRecord, UserAction, OUTBOX_FORMAT,
};

use crate::model::{ItemKind, LibrarySort, QueryKey, SortOrder};
use crate::search::SearchQuery;

/// The offline store: items, query results, the outbox and a little metadata.
///
/// Async without a `Send` bound: it runs on the browser's single thread.
#[allow(async_fn_in_trait)]
pub trait CacheStore {
    /// One item record.
    async fn get_item(&self, id: &str) -> Result<Option<CachedItem>, CacheError>;
    /// Several item records, in the order of `ids` (`None` where missing).
    async fn get_items(&self, ids: &[String]) -> Result<Vec<Option<CachedItem>>, CacheError>;
    /// Inserts or replaces records as given (the caller merges first).
    async fn put_items(&self, items: &[CachedItem]) -> Result<(), CacheError>;
    /// Deletes item records; missing ids are ignored.
    async fn delete_items(&self, ids: &[String]) -> Result<(), CacheError>;
    /// One query record.
    async fn get_query(&self, key: &QueryKey) -> Result<Option<CachedQuery>, CacheError>;
    /// One query record without its ids (left empty): its total, age and completeness. A
    /// library's record lists every id (50,000 of them); its page needs only the count.
    async fn get_query_summary(&self, key: &QueryKey) -> Result<Option<CachedQuery>, CacheError>;
    /// A query record and the items it lists, in its order (`None` where missing), read
    /// together: one transaction in IndexedDB, so a page's first read is one request round
    /// fewer than a record and then its items.
    async fn get_query_with_items(
        &self,
        key: &QueryKey,
    ) -> Result<Option<(CachedQuery, Vec<Option<CachedItem>>)>, CacheError>;
    /// Inserts or replaces a query record.
    async fn put_query(&self, query: &CachedQuery) -> Result<(), CacheError>;
    /// Deletes a query record; a missing key is ignored.
    async fn delete_query(&self, key: &QueryKey) -> Result<(), CacheError>;
    /// One indexed range read: items of `library_id` (whose `item.kind` matches `kind`)
    /// ordered by `sort`/`order` (see [`compare_for_library`]), skipping `offset`, at most
    /// `limit`.
    async fn library_page(
        &self,
        library_id: &str,
        kind: ItemKind,
        sort: LibrarySort,
        order: SortOrder,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError>;
    /// How many items are stored under `library_id` (every kind).
    async fn library_count(&self, library_id: &str) -> Result<u32, CacheError>;
    /// Position of the first item whose name sort key starts with `letter` or later (A–Z jump),
    /// in a name-sorted page of the whole library: see [`letter_range`].
    async fn library_letter_offset(
        &self,
        library_id: &str,
        letter: char,
        order: SortOrder,
    ) -> Result<u32, CacheError>;
    /// Items fetched before `fetched_before`, oldest first (ties by id), at most `limit`.
    async fn find_stale_items(
        &self,
        fetched_before: i64,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError>;
    /// Queries fetched before `fetched_before`, oldest first (ties by the key's string form),
    /// at most `limit`, as summaries (ids left empty): the sweep needs their keys and ages. A
    /// stored record whose key no longer parses (written by another build) is left out, never
    /// an error.
    async fn find_stale_queries(
        &self,
        fetched_before: i64,
        limit: u32,
    ) -> Result<Vec<CachedQuery>, CacheError>;
    /// Deletes up to `count` queries, least recently used first (ties by the key's string
    /// form), never one in
    /// `keep` (what the open page shows); returns how many went. Never touches the outbox.
    async fn evict_queries_lru(&self, count: u32, keep: &[QueryKey]) -> Result<u32, CacheError>;
    /// Records that a page read these queries at `now` (`last_used_at`), so eviction goes by
    /// use, not by fetch. Missing keys are ignored; nothing else in the record changes.
    async fn touch_queries(&self, keys: &[QueryKey], now: i64) -> Result<(), CacheError>;
    /// Appends an entry and returns its new `seq` (increasing, never reused; any `seq` in
    /// `entry` is ignored), writing `items` (the action's optimistic change) in the same
    /// transaction: both are kept or neither.
    async fn outbox_push(
        &self,
        entry: OutboxEntry,
        items: &[CachedItem],
    ) -> Result<u64, CacheError>;
    /// Every entry this build can read, in `seq` order. A record it cannot read (corrupt, or
    /// of a later format) is left out here, stays stored, and is listed by
    /// [`CacheStore::outbox_unreadable`]: one bad record never hides or blocks the others.
    async fn outbox_list(&self) -> Result<Vec<OutboxEntry>, CacheError>;
    /// The records [`CacheStore::outbox_list`] leaves out, for the user ("couldn't send").
    /// A store that only holds typed entries has none.
    async fn outbox_unreadable(&self) -> Result<Vec<UnreadableOutboxRecord>, CacheError> {
        Ok(Vec::new())
    }
    /// Removes entries (a missing `seq` is ignored) and writes `items` (the server's answer)
    /// in the same transaction.
    async fn outbox_remove(&self, seqs: &[u64], items: &[CachedItem]) -> Result<(), CacheError>;
    /// Records that sending these entries failed `attempts` times so far (a missing `seq` is
    /// ignored), so that their backoff goes on where it was after a reload.
    async fn outbox_set_attempts(&self, seqs: &[u64], attempts: u32) -> Result<(), CacheError>;
    /// A metadata value.
    async fn get_meta(&self, key: &str) -> Result<Option<String>, CacheError>;
    /// Sets a metadata value.
    async fn put_meta(&self, key: &str, value: &str) -> Result<(), CacheError>;
    /// Deletes every item and query; keeps the outbox (unsent user actions) and the metadata.
    async fn clear(&self) -> Result<(), CacheError>;
    /// The cached films, shows and episodes that match `query` (see [`crate::search`]), best
    /// first ([`crate::search::ranked_matches`]), at most `limit`. Every write path keeps it
    /// current: items put, overwritten, deleted or written with an outbox entry. IndexedDB
    /// answers from an index of title words, never by reading every item.
    async fn search_items(
        &self,
        query: &SearchQuery,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError>;
}
