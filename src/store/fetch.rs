//! One refresh: ask the server for a key, validate, merge into the cache, update signals.
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use futures::future::{join_all, LocalBoxFuture, MaybeDone};
use leptos::prelude::*;
use marquee_core::cache::{CacheStore, CachedQuery};
use marquee_core::jellyfin::{BaseItemDto, ItemsResult};
use marquee_core::merge::{
    count_confirms, diff_ids, merge_item, shrink_needs_confirmation, CachedItem,
};
use marquee_core::model::{
    changes_since, FieldLevel, IdListPages, IdsPage, Item, LibraryView, QueryKey, IDS_PAGE,
};
use marquee_core::tab_message::TabMessage;

use super::first_page::FIRST_PAGE;
use super::{now_ms, QueryData, Store};
use crate::cache::next_task;
use crate::net::NetError;

/// Items per request when syncing a whole library: big enough to be quick, small enough that
/// parsing and writing one page stays well under a frame budget.
const LIBRARY_PAGE: u32 = 500;
/// Requests of a library's id list in flight at once (pages of [`IDS_PAGE`]).
const IDS_IN_FLIGHT: usize = 4;
/// Pages of a library's first sync asked ahead while one is written.
const SYNC_IN_FLIGHT: u32 = 3;
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
        let request = key.request(&self.0.endpoints, page);
        let (dtos, total, level) = match key {
            QueryKey::Item { .. } => {
                let dto: BaseItemDto = self.0.client.send_json(&request).await?;
                (vec![dto], 1, FieldLevel::Full)
            }
            QueryKey::Latest { library_id } => {
                let dtos: Vec<BaseItemDto> = self.0.client.send_json(&request).await?;
                // A bare array, so `[]` has the right shape: an emptied row is only believed
                // when the library, counted, is empty too.
                if dtos.is_empty() {
                    self.confirm_emptied(key, library_id).await?;
                }
                let total = dtos.len() as u32;
                (dtos, total, FieldLevel::Thin)
            }
            _ => {
                let page: ItemsResult = self.0.client.send_json(&request).await?;
                (page.items, page.total_record_count, FieldLevel::Thin)
            }
        };
        self.0.reachability.online.try_set(true);
        let library_id = match key {
            QueryKey::Library(view) => Some(view.library_id.clone()),
            _ => None,
        };
        let items = to_items(dtos)?;
        let Merge {
            items: merged,
            changed,
            written,
        } = self.merge_into_cache(items, level, library_id, now).await;
        let ids: Vec<String> = merged.iter().map(|c| c.item.id.clone()).collect();
        // The libraries whose grids show a changed item re-read their windows, in every tab: a
        // grid whose own sync runs later finds the cache already current and changes nothing.
        let mut changed_libraries: Vec<String> = Vec::new();
        if changed && written && !matches!(key, QueryKey::Library(_)) {
            for library_id in merged.iter().filter_map(|c| c.library_id.clone()) {
                if !changed_libraries.contains(&library_id) {
                    changed_libraries.push(library_id);
                }
            }
        }
        let query = CachedQuery {
            key: key.clone(),
            ids,
            total,
            fetched_at: now,
            etag: None,
            last_used_at: now,
            // Items that could not be written are not held: the record does not vouch for them.
            complete: written,
        };
        let data = QueryData {
            items: merged.into_iter().map(|c| c.item).collect(),
            total,
        };
        if let Err(e) = self.store_result(key, query, data).await {
            self.note_cache_error(&e);
        }
        if changed {
            self.patch_live_queries(key).await;
        }
        for library_id in changed_libraries {
            self.announce_library(TabMessage::LibraryRefreshed { library_id });
        }
        Ok(())
    }

    /// Merges fetched items with what the cache has (never thinner, never older) and writes them.
    /// Returns the merged records in the order given, whether any visible field changed, and
    /// whether they were written (a record must not list ids the cache does not hold).
    pub(super) async fn merge_into_cache(
        &self,
        items: Vec<Item>,
        level: FieldLevel,
        library_id: Option<String>,
        now: i64,
    ) -> Merge {
        let mut items = items;
        self.keep_pending_actions(&mut items).await;
        let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
        let existing = self
            .0
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
        let written = match self
            .write_with_eviction(|| self.0.cache.put_items(&merged))
            .await
        {
            Ok(()) => true,
            Err(e) => {
                self.note_cache_error(&e);
                false
            }
        };
        Merge {
            items: merged,
            changed,
            written,
        }
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
    /// The record is marked complete only when every item it lists was written: otherwise the
    /// next sync is a full one again.
    async fn sync_library(&self, key: &QueryKey, view: &LibraryView) -> Result<(), NetError> {
        let now = now_ms();
        let previous = self.0.cache.get_query(key).await.ok().flatten();
        let sync = match previous.filter(|q| q.complete) {
            Some(previous) => self.sync_library_changes(key, view, &previous).await?,
            None => {
                let cached = self
                    .0
                    .cache
                    .library_count(&view.library_id)
                    .await
                    .unwrap_or(0);
                let sync = self.sync_library_full(view, cached as usize, now).await;
                if sync.is_err() {
                    self.first_sync_ended(&view.library_id);
                }
                sync?
            }
        };
        self.0.reachability.online.try_set(true);
        if let Some(server_time) = sync.server_time {
            let _ = self
                .0
                .cache
                .put_meta(&server_time_key(key), &server_time.to_string())
                .await;
        }
        let total = sync.ids.len() as u32;
        let query = CachedQuery {
            key: key.clone(),
            ids: sync.ids,
            total,
            fetched_at: now,
            etag: None,
            last_used_at: now,
            complete: sync.complete,
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
        self.first_sync_ended(&view.library_id);
        self.announce_library(TabMessage::LibraryRefreshCompleted {
            library_id: view.library_id.clone(),
            changed: sync.changed,
        });
        Ok(())
    }

    /// The first sync of a library. The first page is small, so the first screen shows one
    /// round trip after the page opens, with the total from `TotalRecordCount` (the grid is
    /// laid out at its full height at once); the rest comes in order, [`SYNC_IN_FLIGHT`] pages
    /// always asked ahead of the one being written, and the grid re-reads its windows after each.
    async fn sync_library_full(
        &self,
        view: &LibraryView,
        cached: usize,
        now: i64,
    ) -> Result<LibrarySync, NetError> {
        let key = QueryKey::Library(view.clone());
        let mut ids = Vec::new();
        let mut complete = true;
        let request = key.request(&self.0.endpoints, Some((0, FIRST_PAGE)));
        // The grid may have asked for it already (a never-opened library's first screen).
        let (first, server_time) = self.first_page_for_sync(&key, &request).await?;
        let total = first.total_record_count;
        let count = first.items.len() as u32;
        if shrink_needs_confirmation(cached, total.max(count) as usize) {
            self.confirm_shrink(view, cached, total.max(count) as usize)
                .await?;
        }
        let mut pages = vec![first];
        // Nothing more to ask when the first page came back empty.
        let mut next = if count == 0 { total } else { count };
        // The next pages are asked while one is written: the network and the writes overlap.
        let mut asked: VecDeque<AskedPage<'_>> = VecDeque::new();
        // The grid reads the written part of this order by these ids; the rest it asks of
        // the server. A page that failed to write ends the part it can read.
        let in_order = self.first_sync_started(&view.library_id);
        loop {
            while asked.len() < SYNC_IN_FLIGHT as usize && next < total {
                let request = key.request(&self.0.endpoints, Some((next, LIBRARY_PAGE)));
                let client = &self.0.client;
                let answer: LocalBoxFuture<'_, _> =
                    Box::pin(async move { client.send_json::<ItemsResult>(&request).await });
                asked.push_back(MaybeDone::Future(answer));
                next += LIBRARY_PAGE;
            }
            for page in pages.drain(..) {
                // Each page in a task of its own: not after the last one's commit and render.
                alongside(next_task(), &mut asked).await;
                let items = to_items(page.items)?;
                let merge = alongside(
                    self.merge_into_cache(
                        items,
                        FieldLevel::Thin,
                        Some(view.library_id.clone()),
                        now,
                    ),
                    &mut asked,
                )
                .await;
                complete &= merge.written;
                let page_ids: Vec<String> = merge.items.into_iter().map(|c| c.item.id).collect();
                if complete {
                    in_order.borrow_mut().extend(page_ids.iter().cloned());
                }
                ids.extend(page_ids);
                self.show_synced_part(&key, total);
                self.announce_library(TabMessage::LibraryRefreshed {
                    library_id: view.library_id.clone(),
                });
            }
            // The pages in order; an error anywhere fails the sync (the next is a full one).
            let Some(mut answer) = asked.pop_front() else {
                return Ok(LibrarySync {
                    ids,
                    changed: true,
                    complete,
                    server_time,
                });
            };
            alongside(&mut answer, &mut asked).await;
            let page = Pin::new(&mut answer)
                .take_output()
                .expect("an awaited page has its answer")?;
            if page.items.is_empty() {
                // The library shrank meanwhile: what was listed is all there is.
                asked.clear();
                next = total;
            }
            pages.push(page);
        }
    }

    /// While a library's first sync goes on, its grid shows what is written so far: the total
    /// is the server's count, the windows are read from the indexes again after each page.
    fn show_synced_part(&self, key: &QueryKey, total: u32) {
        if let Some(signal) = self.signal_of(key) {
            signal.try_update(|s| {
                s.data = Some(QueryData {
                    items: Vec::new(),
                    total,
                })
            });
        }
    }

    async fn sync_library_changes(
        &self,
        key: &QueryKey,
        view: &LibraryView,
        previous: &CachedQuery,
    ) -> Result<LibrarySync, NetError> {
        let now = now_ms();
        let last_server_time = self
            .0
            .cache
            .get_meta(&server_time_key(key))
            .await
            .ok()
            .flatten()
            .and_then(|v| v.parse::<i64>().ok());
        let since = changes_since(last_server_time, previous.fetched_at, INCREMENTAL_MARGIN_MS);
        let mut changed = false;
        let mut complete = true;
        let mut server_time = None;
        for for_user in [false, true] {
            let request = view.changed_since_request(&self.0.endpoints, since, for_user);
            let (page, date): (ItemsResult, _) = self.0.client.send_json_dated(&request).await?;
            server_time = server_time.or(date);
            let items = to_items(page.items)?;
            let merge = self
                .merge_into_cache(items, FieldLevel::Thin, Some(view.library_id.clone()), now)
                .await;
            changed |= merge.changed;
            complete &= merge.written;
        }
        // Deletions and additions: compare the server's id list with ours.
        let server_ids = self.library_ids(view).await?;
        if shrink_needs_confirmation(previous.ids.len(), server_ids.len()) {
            self.confirm_shrink(view, previous.ids.len(), server_ids.len())
                .await?;
        }
        let diff = diff_ids(&previous.ids, &server_ids);
        if !diff.removed.is_empty() {
            if let Err(e) = self.0.cache.delete_items(&diff.removed).await {
                self.note_cache_error(&e);
            }
        }
        for request in view.ids_details_requests(&self.0.endpoints, &diff.added) {
            let page: ItemsResult = self.0.client.send_json(&request).await?;
            let items = to_items(page.items)?;
            let merge = self
                .merge_into_cache(items, FieldLevel::Thin, Some(view.library_id.clone()), now)
                .await;
            complete &= merge.written;
        }
        if !diff.added.is_empty() {
            // Every new id must now be held, or the record does not vouch for the list.
            let held = self
                .0
                .cache
                .get_items(&diff.added)
                .await
                .unwrap_or_default();
            complete &= held.len() == diff.added.len() && held.iter().all(Option::is_some);
        }
        changed |= !diff.added.is_empty() || !diff.removed.is_empty() || diff.moved;
        Ok(LibrarySync {
            ids: server_ids,
            changed,
            complete,
            server_time,
        })
    }

    /// Every id of the library, in sync order, asked in pages of [`IDS_PAGE`] a few at once:
    /// each answer is parsed in a task of its own (the whole list of a 50,000-item library in
    /// one answer took a quarter-second task). Pages that do not add up (the library changed
    /// between two of them) are asked again once; twice is bad data, and nothing is deleted.
    async fn library_ids(&self, view: &LibraryView) -> Result<Vec<String>, NetError> {
        let mut why = String::new();
        for _ in 0..2 {
            let ask = |start: u32| {
                let request = view.ids_request(&self.0.endpoints, start, IDS_PAGE);
                async move { (start, self.0.client.send_json::<IdsPage>(&request).await) }
            };
            let mut list = IdListPages::new(IDS_PAGE);
            let (_, first) = ask(0).await;
            list.add(0, first?);
            loop {
                let starts = list.next_starts(IDS_IN_FLIGHT);
                if starts.is_empty() {
                    break;
                }
                for (start, page) in join_all(starts.into_iter().map(ask)).await {
                    list.add(start, page?);
                }
            }
            match list.finish() {
                Ok(ids) => return Ok(ids),
                Err(e) => why = e,
            }
        }
        Err(NetError::BadData(why))
    }

    /// `key` came back empty: if it held items, the server must count nothing below
    /// `parent_id` for the empty list to replace them.
    async fn confirm_emptied(&self, key: &QueryKey, parent_id: &str) -> Result<(), NetError> {
        let cached = self
            .0
            .cache
            .get_query_summary(key)
            .await
            .ok()
            .flatten()
            .map_or(0, |q| q.total as usize);
        if !shrink_needs_confirmation(cached, 0) {
            return Ok(());
        }
        let count: ItemsResult = self
            .0
            .client
            .send_json(&self.0.endpoints.count_below(parent_id))
            .await?;
        if count_confirms(0, count.total_record_count) {
            Ok(())
        } else {
            Err(NetError::BadData(format!(
                "the list came back empty, but the server counts {} items",
                count.total_record_count
            )))
        }
    }

    /// A library list that emptied or lost more than half of what is cached is only believed
    /// when the server, asked to count, agrees; otherwise the answer is bad data and the cache
    /// stays as it is.
    async fn confirm_shrink(
        &self,
        view: &LibraryView,
        cached: usize,
        fetched: usize,
    ) -> Result<(), NetError> {
        let count: ItemsResult = self
            .0
            .client
            .send_json(&view.count_request(&self.0.endpoints))
            .await?;
        if count_confirms(fetched, count.total_record_count) {
            Ok(())
        } else {
            Err(NetError::BadData(format!(
                "the library went from {cached} to {fetched} items, but the server counts {}",
                count.total_record_count
            )))
        }
    }

    pub(crate) fn live_keys(&self) -> Vec<QueryKey> {
        self.0.queries.borrow().keys().cloned().collect()
    }
}

/// Fetched items merged into the cache.
pub(super) struct Merge {
    items: Vec<CachedItem>,
    changed: bool,
    /// They were written; `false` if the write failed (they are not held).
    written: bool,
}

impl Merge {
    /// The merged items, in the order given.
    pub(super) fn into_items(self) -> Vec<Item> {
        self.items.into_iter().map(|c| c.item).collect()
    }
}

/// What one library sync found.
struct LibrarySync {
    /// The library's ids, in sync order.
    ids: Vec<String>,
    changed: bool,
    /// Every listed item was written.
    complete: bool,
    /// The server's clock at the sync's first request, for the next incremental window.
    server_time: Option<i64>,
}

/// A page of a first sync asked ahead: its request goes on while earlier pages are written.
type AskedPage<'a> = MaybeDone<LocalBoxFuture<'a, Result<ItemsResult, NetError>>>;

/// Runs `work` while the pages asked ahead keep being received (each is polled along with it,
/// so its request is sent at once and its answer read as it comes).
async fn alongside<T>(work: impl Future<Output = T>, asked: &mut VecDeque<AskedPage<'_>>) -> T {
    let mut work = std::pin::pin!(work);
    std::future::poll_fn(|cx| {
        for answer in asked.iter_mut() {
            let _ = Pin::new(answer).poll(cx);
        }
        work.as_mut().poll(cx)
    })
    .await
}

/// The meta key of a library record's last server time.
fn server_time_key(key: &QueryKey) -> String {
    format!("server-time:{key}")
}

/// Wire items -> app items. One bad item makes the whole answer bad data: nothing is written.
pub(super) fn to_items(dtos: Vec<BaseItemDto>) -> Result<Vec<Item>, NetError> {
    dtos.into_iter()
        .map(|dto| Item::from_dto(dto).map_err(|e| NetError::BadData(e.to_string())))
        .collect()
}
