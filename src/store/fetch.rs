//! One refresh: ask the server for a key, validate, merge into the cache, update signals.
use leptos::prelude::*;
use marquee_core::cache::{CacheStore, CachedQuery};
use marquee_core::events::CacheEvent;
use marquee_core::jellyfin::{BaseItemDto, ItemsResult};
use marquee_core::merge::{diff_ids, merge_item, CachedItem};
use marquee_core::model::{FieldLevel, Item, LibraryView, QueryKey};

use super::{now_ms, QueryData, Store};
use crate::net::NetError;

/// Items per request when syncing a whole library: big enough to be quick, small enough that
/// parsing and writing one page stays well under a frame budget.
const LIBRARY_PAGE: u32 = 500;
/// Results of a filtered library view fetched from the server before the library is cached.
const FILTERED_VIEW_LIMIT: u32 = 600;
/// Overlap for incremental sync, so a clock difference with the server cannot skip a change.
const INCREMENTAL_MARGIN_MS: i64 = 5 * 60 * 1000;

impl Store {
    /// Fetches `key` and records it. A failed or malformed response changes nothing in the cache.
    pub(crate) async fn fetch_and_store(&self, key: &QueryKey) -> Result<(), NetError> {
        let now = now_ms();
        match key {
            QueryKey::Library(view) if view.is_plain() => {
                return self.sync_library(key, view).await
            }
            _ => {}
        }
        // A filtered view asked of the server (the library is not all cached yet) gets its
        // first results only; the grid filters locally once the whole library is in.
        let page = matches!(key, QueryKey::Library(_)).then_some((0, FILTERED_VIEW_LIMIT));
        let request = key.request(&self.endpoints, page);
        let (dtos, total, level) = match key {
            QueryKey::Item { .. } => {
                let dto: BaseItemDto = self.client.send_json(&request).await?;
                (vec![dto], 1, FieldLevel::Full)
            }
            QueryKey::Latest { .. } => {
                let dtos: Vec<BaseItemDto> = self.client.send_json(&request).await?;
                let total = dtos.len() as u32;
                (dtos, total, FieldLevel::Thin)
            }
            _ => {
                let page: ItemsResult = self.client.send_json(&request).await?;
                (page.items, page.total_record_count, FieldLevel::Thin)
            }
        };
        self.online.try_set(true);
        let library_id = match key {
            QueryKey::Library(view) => Some(view.library_id.clone()),
            _ => None,
        };
        let items = to_items(dtos)?;
        let (merged, changed) = self.merge_into_cache(items, level, library_id, now).await;
        let ids: Vec<String> = merged.iter().map(|c| c.item.id.clone()).collect();
        let query = CachedQuery {
            key: key.to_string(),
            ids,
            total,
            fetched_at: now,
            etag: None,
            last_used_at: now,
            complete: true,
        };
        let data = QueryData {
            items: merged.into_iter().map(|c| c.item).collect(),
            total,
        };
        if let Err(e) = self.store_result(key, query, data).await {
            self.note_cache_error(&e);
        }
        match key {
            QueryKey::Item { id } => self.announce(&CacheEvent::ItemRefreshCompleted {
                item_id: id.clone(),
            }),
            QueryKey::ContinueWatching | QueryKey::NextUp | QueryKey::Latest { .. } => {
                self.announce(&CacheEvent::HomeSectionsRefreshed)
            }
            _ => {}
        }
        if changed {
            self.patch_live_queries(key).await;
        }
        Ok(())
    }

    /// Merges fetched items with what the cache has (never thinner, never older) and writes them.
    /// Returns the merged records in the order given and whether any visible field changed.
    pub(super) async fn merge_into_cache(
        &self,
        items: Vec<Item>,
        level: FieldLevel,
        library_id: Option<String>,
        now: i64,
    ) -> (Vec<CachedItem>, bool) {
        let mut items = items;
        self.keep_pending_actions(&mut items).await;
        let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
        let existing = self
            .cache
            .get_items(&ids)
            .await
            .unwrap_or_else(|_| vec![None; ids.len()]);
        let mut changed = false;
        let merged: Vec<CachedItem> = items
            .into_iter()
            .zip(existing)
            .map(|(item, old)| {
                let incoming = CachedItem::new(item, level, library_id.clone(), now);
                let result = merge_item(old.as_ref(), incoming);
                changed |= result.changed;
                result.item
            })
            .collect();
        if let Err(e) = self
            .write_with_eviction(|| self.cache.put_items(&merged))
            .await
        {
            self.note_cache_error(&e);
        }
        (merged, changed)
    }

    /// Other keys on screen may show items this refresh changed: re-read them from the cache.
    async fn patch_live_queries(&self, refreshed: &QueryKey) {
        let others: Vec<QueryKey> = self
            .live_keys()
            .into_iter()
            .filter(|k| k != refreshed)
            .collect();
        for key in others {
            self.reload_from_cache(&key).await;
        }
    }

    /// A whole library, first in full, afterwards incrementally: only what changed since the
    /// last sync (`MinDateLastSaved`, `MinDateLastSavedForUser`), with deletions found by ids.
    async fn sync_library(&self, key: &QueryKey, view: &LibraryView) -> Result<(), NetError> {
        let now = now_ms();
        let previous = self.cache.get_query(&key.to_string()).await.ok().flatten();
        let (ids, total, changed) = match previous.filter(|q| q.complete) {
            Some(previous) => self.sync_library_changes(view, &previous).await?,
            None => {
                let (ids, total) = self.sync_library_full(view, now).await?;
                (ids, total, true)
            }
        };
        self.online.try_set(true);
        let query = CachedQuery {
            key: key.to_string(),
            ids,
            total,
            fetched_at: now,
            etag: None,
            last_used_at: now,
            complete: true,
        };
        if let Err(e) = self
            .store_result(
                key,
                query,
                // The grid reads its windows from the indexes: the signal carries the count.
                QueryData {
                    items: Vec::new(),
                    total,
                },
            )
            .await
        {
            self.note_cache_error(&e);
        }
        self.announce(&CacheEvent::LibraryRefreshCompleted {
            library_id: view.library_id.clone(),
            changed,
        });
        Ok(())
    }

    async fn sync_library_full(
        &self,
        view: &LibraryView,
        now: i64,
    ) -> Result<(Vec<String>, u32), NetError> {
        let key = QueryKey::Library(view.clone());
        let mut ids = Vec::new();
        let mut start = 0u32;
        loop {
            let request = key.request(&self.endpoints, Some((start, LIBRARY_PAGE)));
            let page: ItemsResult = self.client.send_json(&request).await?;
            let count = page.items.len() as u32;
            let total = page.total_record_count;
            let items = to_items(page.items)?;
            let (merged, _) = self
                .merge_into_cache(items, FieldLevel::Thin, Some(view.library_id.clone()), now)
                .await;
            ids.extend(merged.into_iter().map(|c| c.item.id));
            self.announce(&CacheEvent::LibraryRefreshed {
                library_id: view.library_id.clone(),
            });
            start += count;
            if count == 0 || start >= total {
                return Ok((ids, total));
            }
        }
    }

    async fn sync_library_changes(
        &self,
        view: &LibraryView,
        previous: &CachedQuery,
    ) -> Result<(Vec<String>, u32, bool), NetError> {
        let now = now_ms();
        let since = previous.fetched_at - INCREMENTAL_MARGIN_MS;
        let mut changed = false;
        for for_user in [false, true] {
            let request = view.changed_since_request(&self.endpoints, since, for_user);
            let page: ItemsResult = self.client.send_json(&request).await?;
            let items = to_items(page.items)?;
            let (_, any) = self
                .merge_into_cache(items, FieldLevel::Thin, Some(view.library_id.clone()), now)
                .await;
            changed |= any;
        }
        // Deletions and additions: compare the server's id list with ours.
        let request = view.ids_request(&self.endpoints);
        let page: ItemsResult = self.client.send_json(&request).await?;
        let server_ids: Vec<String> = page.items.into_iter().map(|i| i.id).collect();
        let diff = diff_ids(&previous.ids, &server_ids);
        if !diff.removed.is_empty() {
            if let Err(e) = self.cache.delete_items(&diff.removed).await {
                self.note_cache_error(&e);
            }
        }
        if !diff.added.is_empty() {
            let request = view.ids_details_request(&self.endpoints, &diff.added);
            let page: ItemsResult = self.client.send_json(&request).await?;
            let items = to_items(page.items)?;
            self.merge_into_cache(items, FieldLevel::Thin, Some(view.library_id.clone()), now)
                .await;
        }
        changed |= !diff.added.is_empty() || !diff.removed.is_empty() || diff.moved;
        let total = server_ids.len() as u32;
        Ok((server_ids, total, changed))
    }

    pub(crate) fn live_keys(&self) -> Vec<QueryKey> {
        self.queries.borrow().keys().cloned().collect()
    }
}

/// Wire items -> app items. One bad item makes the whole answer bad data: nothing is written.
pub(super) fn to_items(dtos: Vec<BaseItemDto>) -> Result<Vec<Item>, NetError> {
    dtos.into_iter()
        .map(|dto| Item::from_dto(dto).map_err(|e| NetError::BadData(e.to_string())))
        .collect()
}
