//! `MemoryCache`: the cache contract in memory (tests, and a fallback when IndexedDB is
//! unavailable). Sorting on read is fine at the sizes it serves.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use super::{
    compare_for_library, letter_range, CacheError, CacheStore, CachedItem, CachedQuery, OutboxEntry,
};
use crate::model::{ItemKind, LibrarySort, QueryKey, SortOrder};
use crate::search::{ranked_matches, SearchQuery};

/// An in-memory [`CacheStore`].
#[derive(Debug, Default)]
pub struct MemoryCache {
    items: RefCell<BTreeMap<String, CachedItem>>,
    /// By the key's string form: ties in sweeps and eviction go in the order IndexedDB keeps.
    queries: RefCell<BTreeMap<String, CachedQuery>>,
    outbox: RefCell<BTreeMap<u64, OutboxEntry>>,
    last_seq: Cell<u64>,
    meta: RefCell<BTreeMap<String, String>>,
}

impl MemoryCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The items of a library, in ascending page order.
    fn library_items(&self, library_id: &str) -> Vec<CachedItem> {
        self.items
            .borrow()
            .values()
            .filter(|record| record.library_id.as_deref() == Some(library_id))
            .cloned()
            .collect()
    }
}

/// `usize` to `u32` for counts (saturating; nobody caches four billion items).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl CacheStore for MemoryCache {
    async fn get_item(&self, id: &str) -> Result<Option<CachedItem>, CacheError> {
        Ok(self.items.borrow().get(id).cloned())
    }

    async fn get_items(&self, ids: &[String]) -> Result<Vec<Option<CachedItem>>, CacheError> {
        let items = self.items.borrow();
        Ok(ids.iter().map(|id| items.get(id).cloned()).collect())
    }

    async fn put_items(&self, items: &[CachedItem]) -> Result<(), CacheError> {
        let mut stored = self.items.borrow_mut();
        for record in items {
            stored.insert(record.item.id.clone(), record.clone());
        }
        Ok(())
    }

    async fn delete_items(&self, ids: &[String]) -> Result<(), CacheError> {
        let mut stored = self.items.borrow_mut();
        for id in ids {
            stored.remove(id);
        }
        Ok(())
    }

    async fn get_query(&self, key: &QueryKey) -> Result<Option<CachedQuery>, CacheError> {
        Ok(self.queries.borrow().get(&key.to_string()).cloned())
    }

    async fn get_query_summary(&self, key: &QueryKey) -> Result<Option<CachedQuery>, CacheError> {
        Ok(self
            .queries
            .borrow()
            .get(&key.to_string())
            .map(|q| CachedQuery {
                ids: Vec::new(),
                ..q.clone()
            }))
    }

    async fn get_query_with_items(
        &self,
        key: &QueryKey,
    ) -> Result<Option<(CachedQuery, Vec<Option<CachedItem>>)>, CacheError> {
        let Some(query) = self.get_query(key).await? else {
            return Ok(None);
        };
        let items = self.get_items(&query.ids).await?;
        Ok(Some((query, items)))
    }

    async fn put_query(&self, query: &CachedQuery) -> Result<(), CacheError> {
        self.queries
            .borrow_mut()
            .insert(query.key.to_string(), query.clone());
        Ok(())
    }

    async fn delete_query(&self, key: &QueryKey) -> Result<(), CacheError> {
        self.queries.borrow_mut().remove(&key.to_string());
        Ok(())
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
        let mut page: Vec<CachedItem> = self
            .library_items(library_id)
            .into_iter()
            .filter(|record| record.item.kind == kind)
            .collect();
        page.sort_by(|a, b| compare_for_library(a, b, sort));
        if order == SortOrder::Desc {
            page.reverse();
        }
        Ok(page
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect())
    }

    async fn library_count(&self, library_id: &str) -> Result<u32, CacheError> {
        Ok(count(self.library_items(library_id).len()))
    }

    async fn library_letter_offset(
        &self,
        library_id: &str,
        letter: char,
        order: SortOrder,
    ) -> Result<u32, CacheError> {
        let (from, to) = letter_range(letter);
        let items = self.library_items(library_id);
        let before = items.iter().filter(|record| match order {
            SortOrder::Asc => record.sort.name < from,
            SortOrder::Desc => record.sort.name >= to,
        });
        Ok(count(before.count()))
    }

    async fn find_stale_items(
        &self,
        fetched_before: i64,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError> {
        let mut stale: Vec<CachedItem> = self
            .items
            .borrow()
            .values()
            .filter(|record| record.fetched_at < fetched_before)
            .cloned()
            .collect();
        stale.sort_by(|a, b| {
            a.fetched_at
                .cmp(&b.fetched_at)
                .then_with(|| a.item.id.cmp(&b.item.id))
        });
        stale.truncate(limit as usize);
        Ok(stale)
    }

    async fn find_stale_queries(
        &self,
        fetched_before: i64,
        limit: u32,
    ) -> Result<Vec<CachedQuery>, CacheError> {
        // The map is in key order and the sort is stable: ties stay in key order.
        let mut stale: Vec<CachedQuery> = self
            .queries
            .borrow()
            .values()
            .filter(|query| query.fetched_at < fetched_before)
            .map(|query| CachedQuery {
                ids: Vec::new(),
                ..query.clone()
            })
            .collect();
        stale.sort_by_key(|query| query.fetched_at);
        stale.truncate(limit as usize);
        Ok(stale)
    }

    async fn evict_queries_lru(
        &self,
        count_to_evict: u32,
        keep: &[QueryKey],
    ) -> Result<u32, CacheError> {
        let mut queries = self.queries.borrow_mut();
        let mut by_use: Vec<(i64, String)> = queries
            .iter()
            .filter(|(_, query)| !keep.contains(&query.key))
            .map(|(key, query)| (query.last_used_at, key.clone()))
            .collect();
        by_use.sort();
        let mut evicted = 0;
        for (_, key) in by_use.into_iter().take(count_to_evict as usize) {
            queries.remove(&key);
            evicted += 1;
        }
        Ok(evicted)
    }

    async fn touch_queries(&self, keys: &[QueryKey], now: i64) -> Result<(), CacheError> {
        let mut queries = self.queries.borrow_mut();
        for key in keys {
            if let Some(query) = queries.get_mut(&key.to_string()) {
                query.last_used_at = now;
            }
        }
        Ok(())
    }

    async fn outbox_push(
        &self,
        mut entry: OutboxEntry,
        items: &[CachedItem],
    ) -> Result<u64, CacheError> {
        self.put_items(items).await?;
        let seq = self.last_seq.get() + 1;
        self.last_seq.set(seq);
        entry.seq = Some(seq);
        self.outbox.borrow_mut().insert(seq, entry);
        Ok(seq)
    }

    async fn outbox_list(&self) -> Result<Vec<OutboxEntry>, CacheError> {
        Ok(self.outbox.borrow().values().cloned().collect())
    }

    async fn outbox_remove(&self, seqs: &[u64], items: &[CachedItem]) -> Result<(), CacheError> {
        self.put_items(items).await?;
        let mut outbox = self.outbox.borrow_mut();
        for seq in seqs {
            outbox.remove(seq);
        }
        Ok(())
    }

    async fn outbox_set_attempts(&self, seqs: &[u64], attempts: u32) -> Result<(), CacheError> {
        let mut outbox = self.outbox.borrow_mut();
        for seq in seqs {
            if let Some(entry) = outbox.get_mut(seq) {
                entry.attempts = attempts;
            }
        }
        Ok(())
    }

    async fn get_meta(&self, key: &str) -> Result<Option<String>, CacheError> {
        Ok(self.meta.borrow().get(key).cloned())
    }

    async fn put_meta(&self, key: &str, value: &str) -> Result<(), CacheError> {
        self.meta
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    async fn clear(&self) -> Result<(), CacheError> {
        self.items.borrow_mut().clear();
        self.queries.borrow_mut().clear();
        Ok(())
    }

    async fn search_items(
        &self,
        query: &SearchQuery,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError> {
        // A scan: the memory store holds what one session fetched, not a synced library.
        let items = self.items.borrow().values().cloned().collect::<Vec<_>>();
        Ok(ranked_matches(query, items, limit as usize))
    }
}

#[cfg(test)]
mod tests {
    use std::panic::{catch_unwind, AssertUnwindSafe};

    use super::*;
    use crate::cache::suite;
    use crate::test_support::block_on;

    #[test]
    fn passes_the_whole_suite_on_one_store() {
        block_on(suite::run_all(&MemoryCache::new()));
    }

    /// One test per case, each on a fresh store, so a failure names its rule.
    macro_rules! memory_case {
        ($case:ident) => {
            #[test]
            fn $case() {
                block_on(suite::$case(&MemoryCache::new()));
            }
        };
    }

    crate::cache_store_suite!(memory_case);

    /// A store with one deliberate bug, to prove the suite catches it.
    struct Faulty {
        inner: MemoryCache,
        fault: Fault,
        /// Each item's name when first written (for `SearchIgnoresRenames`).
        first_names: RefCell<BTreeMap<String, String>>,
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Fault {
        /// Pages in insertion (id) order, ignoring the sort.
        UnsortedPages,
        /// `clear` also empties the outbox.
        ClearDropsOutbox,
        /// Evicts the most recently used queries.
        EvictsNewest,
        /// Search finds items as first written: renames are not seen.
        SearchIgnoresRenames,
    }

    impl CacheStore for Faulty {
        async fn get_item(&self, id: &str) -> Result<Option<CachedItem>, CacheError> {
            self.inner.get_item(id).await
        }
        async fn get_items(&self, ids: &[String]) -> Result<Vec<Option<CachedItem>>, CacheError> {
            self.inner.get_items(ids).await
        }
        async fn put_items(&self, items: &[CachedItem]) -> Result<(), CacheError> {
            for record in items {
                self.first_names
                    .borrow_mut()
                    .entry(record.item.id.clone())
                    .or_insert_with(|| record.item.name.clone());
            }
            self.inner.put_items(items).await
        }
        async fn delete_items(&self, ids: &[String]) -> Result<(), CacheError> {
            self.inner.delete_items(ids).await
        }
        async fn get_query(&self, key: &QueryKey) -> Result<Option<CachedQuery>, CacheError> {
            self.inner.get_query(key).await
        }
        async fn get_query_summary(
            &self,
            key: &QueryKey,
        ) -> Result<Option<CachedQuery>, CacheError> {
            self.inner.get_query_summary(key).await
        }
        async fn get_query_with_items(
            &self,
            key: &QueryKey,
        ) -> Result<Option<(CachedQuery, Vec<Option<CachedItem>>)>, CacheError> {
            self.inner.get_query_with_items(key).await
        }
        async fn put_query(&self, query: &CachedQuery) -> Result<(), CacheError> {
            self.inner.put_query(query).await
        }
        async fn delete_query(&self, key: &QueryKey) -> Result<(), CacheError> {
            self.inner.delete_query(key).await
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
            if self.fault == Fault::UnsortedPages {
                let all = self.inner.library_items(library_id);
                let page = all.into_iter().filter(|r| r.item.kind == kind);
                return Ok(page.skip(offset as usize).take(limit as usize).collect());
            }
            self.inner
                .library_page(library_id, kind, sort, order, offset, limit)
                .await
        }
        async fn library_count(&self, library_id: &str) -> Result<u32, CacheError> {
            self.inner.library_count(library_id).await
        }
        async fn library_letter_offset(
            &self,
            library_id: &str,
            letter: char,
            order: SortOrder,
        ) -> Result<u32, CacheError> {
            self.inner
                .library_letter_offset(library_id, letter, order)
                .await
        }
        async fn find_stale_items(
            &self,
            before: i64,
            limit: u32,
        ) -> Result<Vec<CachedItem>, CacheError> {
            self.inner.find_stale_items(before, limit).await
        }
        async fn find_stale_queries(
            &self,
            before: i64,
            limit: u32,
        ) -> Result<Vec<CachedQuery>, CacheError> {
            self.inner.find_stale_queries(before, limit).await
        }
        async fn touch_queries(&self, keys: &[QueryKey], now: i64) -> Result<(), CacheError> {
            self.inner.touch_queries(keys, now).await
        }
        async fn evict_queries_lru(
            &self,
            count: u32,
            keep: &[QueryKey],
        ) -> Result<u32, CacheError> {
            if self.fault == Fault::EvictsNewest {
                let mut newest: Vec<(i64, String)> = self
                    .inner
                    .queries
                    .borrow()
                    .iter()
                    .filter(|(_, q)| !keep.contains(&q.key))
                    .map(|(key, q)| (q.last_used_at, key.clone()))
                    .collect();
                newest.sort_by(|a, b| b.cmp(a));
                newest.truncate(count as usize);
                for (_, key) in &newest {
                    self.inner.queries.borrow_mut().remove(key);
                }
                return Ok(newest.len() as u32);
            }
            self.inner.evict_queries_lru(count, keep).await
        }
        async fn outbox_push(
            &self,
            entry: OutboxEntry,
            items: &[CachedItem],
        ) -> Result<u64, CacheError> {
            self.inner.outbox_push(entry, items).await
        }
        async fn outbox_list(&self) -> Result<Vec<OutboxEntry>, CacheError> {
            self.inner.outbox_list().await
        }
        async fn outbox_remove(
            &self,
            seqs: &[u64],
            items: &[CachedItem],
        ) -> Result<(), CacheError> {
            self.inner.outbox_remove(seqs, items).await
        }
        async fn outbox_set_attempts(&self, seqs: &[u64], attempts: u32) -> Result<(), CacheError> {
            self.inner.outbox_set_attempts(seqs, attempts).await
        }
        async fn get_meta(&self, key: &str) -> Result<Option<String>, CacheError> {
            self.inner.get_meta(key).await
        }
        async fn put_meta(&self, key: &str, value: &str) -> Result<(), CacheError> {
            self.inner.put_meta(key, value).await
        }
        async fn clear(&self) -> Result<(), CacheError> {
            if self.fault == Fault::ClearDropsOutbox {
                self.inner.outbox.borrow_mut().clear();
            }
            self.first_names.borrow_mut().clear();
            self.inner.clear().await
        }
        async fn search_items(
            &self,
            query: &SearchQuery,
            limit: u32,
        ) -> Result<Vec<CachedItem>, CacheError> {
            if self.fault == Fault::SearchIgnoresRenames {
                // An index that is written once and never updated: items keep their first name.
                let first = self.first_names.borrow();
                let items: Vec<CachedItem> = self
                    .inner
                    .items
                    .borrow()
                    .values()
                    .map(|record| {
                        let mut record = record.clone();
                        if let Some(name) = first.get(&record.item.id) {
                            record.item.name = name.clone();
                        }
                        record
                    })
                    .collect();
                return Ok(ranked_matches(query, items, limit as usize));
            }
            self.inner.search_items(query, limit).await
        }
    }

    /// The panic message of running the whole suite against a faulty store.
    fn suite_failure(fault: Fault) -> String {
        let store = Faulty {
            inner: MemoryCache::new(),
            fault,
            first_names: RefCell::default(),
        };
        let panic = catch_unwind(AssertUnwindSafe(|| block_on(suite::run_all(&store))))
            .expect_err("the suite must fail on a faulty store");
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default()
    }

    #[test]
    fn the_suite_catches_broken_stores() {
        assert!(suite_failure(Fault::UnsortedPages).contains("library_page order"));
        assert!(suite_failure(Fault::ClearDropsOutbox).contains("outbox"));
        assert!(suite_failure(Fault::EvictsNewest).contains("after evicting 2"));
        assert!(suite_failure(Fault::SearchIgnoresRenames).contains("renamed"));
    }
}
