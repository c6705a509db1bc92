//! A library grid's data: windows of items read from the IndexedDB indexes as the user scrolls,
//! so a 50,000-item library never sits in memory or in the DOM at once.
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use leptos::prelude::*;
use marquee_core::cache::CacheStore;
use marquee_core::downloads::downloaded_in_view;
use marquee_core::model::{Item, LibraryView, QueryKey};
use marquee_core::tab_message::TabMessage;

use super::Store;

/// Items read per window: about two screens of posters.
pub const GRID_PAGE: u32 = 60;

/// Where the rows of a grid come from.
enum Source {
    /// The library in a sort order, straight from its index.
    Index,
    /// A filtered or searched view: these ids, in order (computed locally or by the server).
    Ids(Rc<Vec<String>>),
}

/// The data behind one library grid view. Cheap to clone; pages read `total` and `item_at`.
#[derive(Clone)]
pub struct LibraryGrid {
    store: Store,
    pub view: LibraryView,
    pub total: RwSignal<Option<u32>>,
    pages: RwSignal<HashMap<u32, Vec<Item>>>,
    source: Rc<RefCell<Source>>,
    loading: Rc<RefCell<HashSet<u32>>>,
    generation: Rc<RefCell<u64>>,
    /// Whether `reload` has run: the first one only learns the size (see `reload`).
    resolved: Rc<Cell<bool>>,
}

/// Each library's data revision (`Store::library_revision`).
#[derive(Default)]
pub(super) struct LibraryRevisions(RefCell<HashMap<String, RwSignal<u64>>>);

impl Store {
    /// A library's data revision: it moves when the library's items change (a sync page here
    /// or in another tab, a completed sync that changed something), and its grid re-reads.
    pub fn library_revision(&self, library_id: &str) -> RwSignal<u64> {
        *self
            .0
            .library_revisions
            .0
            .borrow_mut()
            .entry(library_id.to_string())
            .or_insert_with(|| self.0.owner.with(|| RwSignal::new(0)))
    }

    /// Tells the other tabs about this tab's library sync, and acts on it here too.
    pub(crate) fn announce_library(&self, message: TabMessage) {
        self.announce(&message);
        if let Some(library_id) = message.library_changed() {
            self.library_revision(library_id).update(|r| *r += 1);
        }
    }

    pub fn library_grid(&self, view: LibraryView) -> LibraryGrid {
        LibraryGrid {
            store: self.clone(),
            view,
            total: RwSignal::new(None),
            pages: RwSignal::new(HashMap::new()),
            source: Rc::new(RefCell::new(Source::Index)),
            loading: Rc::default(),
            generation: Rc::default(),
            resolved: Rc::default(),
        }
    }
}

impl LibraryGrid {
    /// The item at `index`, if its window has been read (reactive).
    pub fn item_at(&self, index: u32) -> Option<Item> {
        let page = index / GRID_PAGE;
        self.pages.with(|pages| {
            pages
                .get(&page)
                .and_then(|items| items.get((index % GRID_PAGE) as usize).cloned())
        })
    }

    /// Makes sure the windows covering `start..end` are read.
    pub fn ensure(&self, start: u32, end: u32) {
        let first = start / GRID_PAGE;
        let last = end.saturating_sub(1) / GRID_PAGE;
        for page in first..=last {
            let known = self.pages.with_untracked(|p| p.contains_key(&page));
            if known || !self.loading.borrow_mut().insert(page) {
                continue;
            }
            let grid = self.clone();
            super::spawn_started(async move { grid.read_page(page).await });
        }
    }

    /// Starts reading the first window of a plain view before its size is known, beside the
    /// read of the library's record: a warm start then shows cards as soon as it knows how
    /// many rows to lay out. Filtered views wait for their ids.
    pub fn prefetch(&self) {
        if self.view.is_plain() {
            self.ensure(0, GRID_PAGE);
        }
    }

    /// Re-reads the source, the count and the windows already on screen (fresh data landed).
    /// `synced_total` is the plain library's size from its synced record, when the page has
    /// it: counting a 50,000-item index takes half a second, reading the record does not.
    pub fn reload(&self, synced_total: Option<u32>) {
        // A plain view's first reload finds the same index the windows read so far came from
        // (`prefetch`): keep them and the reads under way. Any later one means new data.
        let keep_windows = !self.resolved.replace(true) && self.view.is_plain();
        if !keep_windows {
            *self.generation.borrow_mut() += 1;
            self.loading.borrow_mut().clear();
        }
        let grid = self.clone();
        leptos::task::spawn_local(async move {
            let generation = *grid.generation.borrow();
            let (source, total) = grid.resolve_source(synced_total).await;
            if generation != *grid.generation.borrow() {
                return;
            }
            *grid.source.borrow_mut() = source;
            grid.total.try_set(total);
            if keep_windows {
                return;
            }
            let shown: Vec<u32> = grid.pages.with_untracked(|p| p.keys().copied().collect());
            for page in shown {
                grid.read_page(page).await;
            }
        });
    }

    /// Offset of the first item filed under `letter` in this view (the A–Z jump bar).
    pub async fn letter_offset(&self, letter: char) -> Option<u32> {
        let ids = match &*self.source.borrow() {
            Source::Index => None,
            Source::Ids(ids) => Some(ids.clone()),
        };
        match ids {
            None => self
                .store
                .0
                .cache
                .library_letter_offset(&self.view.library_id, letter, self.view.order)
                .await
                .ok(),
            Some(ids) => {
                // Filtered views are small enough to look up item by item.
                let items = self.store.0.cache.get_items(&ids).await.ok()?;
                items
                    .iter()
                    .position(|c| {
                        c.as_ref()
                            .map(|c| c.sort.first_letter() == letter)
                            .unwrap_or(false)
                    })
                    .map(|p| p as u32)
            }
        }
    }

    async fn resolve_source(&self, synced_total: Option<u32>) -> (Source, Option<u32>) {
        let cache = &self.store.0.cache;
        if self.view.is_plain() {
            let count = match synced_total {
                Some(total) => Some(total),
                None => cache.library_count(&self.view.library_id).await.ok(),
            };
            return (Source::Index, count);
        }
        if self.view.is_local_only() {
            // Downloads are cached and kept: listed from their own records.
            let downloaded = self.store.downloaded_item_ids_untracked();
            let items: Vec<_> = cache
                .get_items(&downloaded)
                .await
                .unwrap_or_default()
                .into_iter()
                .flatten()
                .collect();
            let ids = downloaded_in_view(&self.view, &items);
            let total = ids.len() as u32;
            return (Source::Ids(Rc::new(ids)), Some(total));
        }
        let plain = QueryKey::Library(self.view.plain());
        let complete = cache
            .get_query_summary(&plain)
            .await
            .ok()
            .flatten()
            .map(|q| q.complete)
            .unwrap_or(false);
        if complete {
            // The whole library is cached: filter it here, no network needed.
            let all = cache
                .library_page(
                    &self.view.library_id,
                    self.view.item_type.item_kind(),
                    self.view.sort,
                    self.view.order,
                    0,
                    u32::MAX,
                )
                .await
                .unwrap_or_default();
            let ids: Vec<String> = all
                .into_iter()
                .filter(|c| self.view.matches(&c.item))
                .map(|c| c.item.id)
                .collect();
            let total = ids.len() as u32;
            return (Source::Ids(Rc::new(ids)), Some(total));
        }
        // Not all cached yet: the server's answer for this view, once the store has it.
        match cache.get_query(&QueryKey::Library(self.view.clone())).await {
            Ok(Some(query)) => {
                let total = query.ids.len() as u32;
                (Source::Ids(Rc::new(query.ids)), Some(total))
            }
            _ => (Source::Ids(Rc::new(Vec::new())), None),
        }
    }

    async fn read_page(&self, page: u32) {
        let generation = *self.generation.borrow();
        let source_ids = match &*self.source.borrow() {
            Source::Index => None,
            Source::Ids(ids) => Some(ids.clone()),
        };
        let cache = &self.store.0.cache;
        let items: Vec<Item> = match source_ids {
            None => cache
                .library_page(
                    &self.view.library_id,
                    self.view.item_type.item_kind(),
                    self.view.sort,
                    self.view.order,
                    page * GRID_PAGE,
                    GRID_PAGE,
                )
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|c| c.item)
                .collect(),
            Some(ids) => {
                let start = ((page * GRID_PAGE) as usize).min(ids.len());
                let end = (start + GRID_PAGE as usize).min(ids.len());
                cache
                    .get_items(&ids[start..end])
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .flatten()
                    .map(|c| c.item)
                    .collect()
            }
        };
        self.loading.borrow_mut().remove(&page);
        if generation == *self.generation.borrow() {
            self.pages.try_update(|p| {
                p.insert(page, items);
            });
        }
    }
}
