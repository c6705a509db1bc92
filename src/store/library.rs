//! A library grid's data: windows of items read from the IndexedDB indexes as the user scrolls,
//! so a 50,000-item library never sits in memory or in the DOM at once.
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use marquee_core::cache::CacheStore;
use marquee_core::downloads::downloaded_in_view;
use marquee_core::model::{page_of_answer, Item, LibraryView, PageRun, QueryKey, ServerWindows};
use marquee_core::tab_message::TabMessage;

use super::Store;

mod first_screen;

/// Items read per window: about two screens of posters.
pub const GRID_PAGE: u32 = 60;
/// How long the scrolling must rest before the windows on screen are asked of the server:
/// a fling past thousands of items asks only for where it stops.
const SERVER_WINDOW_REST: Duration = Duration::from_millis(120);

/// Where the rows of a grid come from.
enum Source {
    /// The library in a sort order, straight from its index.
    Index,
    /// A filtered or searched view: these ids, in order (computed locally or by the server).
    Ids(Rc<Vec<String>>),
    /// The library's sync is under way: what it has written of its own order is read by its
    /// ids, every other window of the view is asked of the server.
    Server,
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
    /// The latest `reload`: an earlier one that resolves later is dropped.
    reloads: Rc<Cell<u64>>,
    /// Server windows wanted and under way (`Source::Server`).
    windows: Rc<RefCell<ServerWindows>>,
    /// Pages shown from the server's answer: a sync page landing does not re-read them.
    from_server: Rc<RefCell<HashSet<u32>>>,
    /// The pending ask, until the scrolling rests.
    rest: Rc<Cell<Option<TimeoutHandle>>>,
    /// The first and last grid page on screen (the last `ensure`).
    on_screen: Rc<Cell<(u32, u32)>>,
    /// A never-opened library's first screen from the server (`first_screen`).
    first_screen: Rc<RefCell<first_screen::FirstScreen>>,
    /// False while that first screen is awaited.
    first_screen_state: RwSignal<bool>,
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
            reloads: Rc::default(),
            windows: Rc::default(),
            from_server: Rc::default(),
            rest: Rc::default(),
            on_screen: Rc::default(),
            first_screen: Rc::default(),
            first_screen_state: RwSignal::new(true),
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

    /// Makes sure the windows covering `start..end` are read: from the cache, or, while the
    /// library syncs, from the server once the scrolling rests there.
    pub fn ensure(&self, start: u32, end: u32) {
        let first = start / GRID_PAGE;
        let last = end.saturating_sub(1) / GRID_PAGE;
        self.on_screen.set((first, last));
        let server = matches!(*self.source.borrow(), Source::Server);
        let mut remote = Vec::new();
        let stand_ins = self.view.is_sync_order();
        for page in first..=last {
            let remote_page = server && !self.page_is_cached(page);
            if remote_page {
                remote.push(page);
                if !stand_ins {
                    continue;
                }
            }
            let known = self
                .pages
                .try_with_untracked(|p| p.contains_key(&page))
                .unwrap_or(true);
            if known || !self.loading.borrow_mut().insert(page) {
                continue;
            }
            let grid = self.clone();
            if remote_page {
                // What the cache holds there stands in until the server answers.
                super::spawn_started(async move { grid.read_stand_in(page).await });
            } else {
                super::spawn_started(async move { grid.read_page(page).await });
            }
        }
        if server {
            // Shown: answered by the server (a stand-in from the cache is still asked for).
            let from_server = self.from_server.borrow().clone();
            let pages = self.pages;
            self.windows.borrow_mut().want(remote, |p| {
                from_server.contains(&p)
                    || (!stand_ins
                        && pages
                            .try_with_untracked(|m| m.contains_key(&p))
                            .unwrap_or(true))
            });
            self.ask_when_rested();
        }
    }

    /// Reads page `page` of the index as it is now, unless the server's answer came first.
    /// Grid page `page` of the view's order, as the cache holds it (an unreadable cache: none).
    async fn cached_page(&self, page: u32) -> Vec<Item> {
        self.store
            .0
            .cache
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
            .collect()
    }

    async fn read_stand_in(&self, page: u32) {
        let generation = *self.generation.borrow();
        let items = self.cached_page(page).await;
        self.loading.borrow_mut().remove(&page);
        let answered = self.from_server.borrow().contains(&page);
        if generation == *self.generation.borrow() && !answered {
            self.pages.try_update(|p| {
                p.insert(page, items);
            });
        }
    }

    /// Whether this tab's sync of the library is queued or under way: its first page brings
    /// a plain view's total (asking for it too would fetch that page twice).
    fn sync_tells_total(&self) -> bool {
        let plain = QueryKey::Library(self.view.plain());
        self.view.is_plain()
            && self
                .store
                .0
                .runner
                .queue
                .borrow()
                .priority_of(&plain)
                .is_some()
    }

    /// Whether the cache answers page `page` now (`Source::Server` only asks the others).
    fn page_is_cached(&self, page: u32) -> bool {
        let progress = self.store.sync_progress(&self.view.library_id, false);
        let total = self.total.try_get_untracked().flatten().unwrap_or(0);
        let start = page * GRID_PAGE;
        let end = (start + GRID_PAGE).min(total).max(start);
        self.view.window_is_cached(progress, start, end)
    }

    /// (Re)starts the rest timer: the windows wanted when it fires are asked.
    fn ask_when_rested(&self) {
        if let Some(pending) = self.rest.take() {
            pending.clear();
        }
        if !self.windows.borrow().has_due() {
            return;
        }
        let grid = self.clone();
        let pending = set_timeout_with_handle(move || grid.ask_due(), SERVER_WINDOW_REST).ok();
        self.rest.set(pending);
    }

    /// Asks the server for the windows wanted now.
    fn ask_due(&self) {
        self.rest.set(None);
        let generation = *self.generation.borrow();
        let runs = self.windows.borrow_mut().due();
        for run in runs {
            let grid = self.clone();
            super::spawn_started(async move { grid.ask(run, generation).await });
        }
    }

    async fn ask(&self, run: PageRun, generation: u64) {
        let answer = self
            .store
            .library_window(&self.view, run.start(GRID_PAGE), run.limit(GRID_PAGE))
            .await;
        if generation != *self.generation.borrow() {
            return;
        }
        let window = match answer {
            Ok(window) => window,
            Err(_) => {
                // Asked again when the user scrolls there again.
                self.windows.borrow_mut().failed(run);
                return;
            }
        };
        let show = self.windows.borrow_mut().answered(run);
        if self.total.try_get_untracked().flatten() != Some(window.total) {
            self.total.try_set(Some(window.total));
        }
        if show.is_empty() {
            return;
        }
        self.from_server.borrow_mut().extend(show.iter().copied());
        self.pages.try_update(|p| {
            for page in show {
                p.insert(page, page_of_answer(&window.items, run, page, GRID_PAGE));
            }
        });
    }

    /// Starts reading the first window of a plain view before its size is known, beside the
    /// read of the library's record: a warm start then shows cards as soon as it knows how
    /// many rows to lay out. Filtered views wait for their ids.
    pub fn prefetch(&self) {
        // During this tab's first sync the index holds only part of the library (and server
        // windows out of its order): the source is resolved first.
        let first_sync = self.store.first_sync_ids(&self.view.library_id).is_some();
        if self.view.is_plain() && !first_sync {
            self.ensure(0, GRID_PAGE);
        }
    }

    /// Re-reads the source, the count and the windows already on screen (fresh data landed).
    /// `synced_total` is the plain library's size from its synced record, when the page has
    /// it: counting a 50,000-item index takes half a second, reading the record does not.
    pub fn reload(&self, synced_total: Option<u32>) {
        let first = !self.resolved.replace(true);
        let ticket = self.reloads.get() + 1;
        self.reloads.set(ticket);
        let grid = self.clone();
        leptos::task::spawn_local(async move {
            let (source, total) = grid.resolve_source(synced_total).await;
            if ticket != grid.reloads.get() {
                return;
            }
            let server = matches!(source, Source::Server);
            let was_server = matches!(*grid.source.borrow(), Source::Server);
            // A plain view's first reload finds the same index the windows read so far came
            // from (`prefetch`): keep them and the reads under way. Any later one means new
            // data, and a server view keeps what the server answered (it is still right).
            let keep_windows = first && grid.view.is_plain() && matches!(source, Source::Index);
            let keep_server_windows = server && was_server;
            if !keep_windows && !keep_server_windows {
                *grid.generation.borrow_mut() += 1;
                grid.loading.borrow_mut().clear();
                grid.windows.borrow_mut().clear();
                grid.from_server.borrow_mut().clear();
                if let Some(pending) = grid.rest.take() {
                    pending.clear();
                }
                // What was shown under another source is not this one's (the sync's own
                // order keeps it as stand-ins until the server answers).
                if server && !grid.view.is_sync_order() {
                    grid.pages.try_update(HashMap::clear);
                }
            }
            *grid.source.borrow_mut() = source;
            let cleared = !keep_windows && !keep_server_windows;
            let first_screen = grid.first_screen_after_reload(server, cleared);
            // A server view learns its size from its first window (or the first screen's).
            let total = match (synced_total, first_screen) {
                (None, Some(first)) => Some(first),
                _ => total,
            };
            let total = total.or_else(|| {
                keep_server_windows
                    .then(|| grid.total.try_get_untracked().flatten())
                    .flatten()
            });
            if grid.total.try_get_untracked().flatten() != total {
                grid.total.try_set(total);
            }
            if server && total.is_none() && !grid.sync_tells_total() {
                grid.windows.borrow_mut().want([0], |_| false);
                grid.ask_due();
            }
            if keep_windows {
                return;
            }
            // The windows read from the cache are read again near the screen; those the user
            // scrolled past are dropped, and read again if scrolled back to. (Re-reading every
            // window ever read, on every page a first sync writes, grew with the scrolling.)
            let from_server = grid.from_server.borrow().clone();
            let (first_shown, last_shown) = grid.on_screen.get();
            let near = first_shown.saturating_sub(1)..=last_shown + 1;
            // The page may be gone by now: nothing shown, nothing to read again.
            let (shown, scrolled_past): (Vec<u32>, Vec<u32>) = grid
                .pages
                .try_with_untracked(|p| {
                    p.keys()
                        .copied()
                        .filter(|page| !from_server.contains(page))
                        .partition(|page| near.contains(page))
                })
                .unwrap_or_default();
            if !scrolled_past.is_empty() {
                grid.pages.try_update(|p| {
                    for page in &scrolled_past {
                        p.remove(page);
                    }
                });
            }
            for page in shown {
                if server && !grid.page_is_cached(page) {
                    continue;
                }
                grid.read_page(page).await;
            }
        });
    }

    /// Offset of the first item filed under `letter` in this view (the A–Z jump bar).
    pub async fn letter_offset(&self, letter: char) -> Option<u32> {
        let server = matches!(*self.source.borrow(), Source::Server);
        if server {
            return self.store.server_letter_offset(&self.view, letter).await;
        }
        let ids = match &*self.source.borrow() {
            Source::Index | Source::Server => None,
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
        let plain = QueryKey::Library(self.view.plain());
        let complete = || async {
            cache
                .get_query_summary(&plain)
                .await
                .ok()
                .flatten()
                .is_some_and(|q| q.complete)
        };
        // While the library syncs (and the server can be reached), the server answers what
        // the sync has not written; offline, the cache shows what it has, as it can.
        let online = self.store.0.reachability.online.get_untracked();
        let syncing = !self.view.is_local_only() && online && {
            let complete = complete().await;
            self.store
                .note_library_synced(&self.view.library_id, complete);
            !complete
        };
        if syncing {
            // A plain view has the library's size: the sync's count, else (until its first
            // page) what the cache holds, as before the sync.
            let total = match synced_total {
                _ if !self.view.is_plain() => None,
                Some(total) => Some(total),
                None => cache.library_count(&self.view.library_id).await.ok(),
            };
            return (Source::Server, total);
        }
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
        if complete().await {
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
        let page_of = |ids: &[String]| {
            let start = ((page * GRID_PAGE) as usize).min(ids.len());
            let end = (start + GRID_PAGE as usize).min(ids.len());
            ids[start..end].to_vec()
        };
        let page_ids = match &*self.source.borrow() {
            Source::Index => None,
            Source::Ids(ids) => Some(page_of(ids)),
            // The part of the sync's order it has written, by its ids.
            Source::Server => Some(
                self.store
                    .first_sync_ids(&self.view.library_id)
                    .map(|ids| page_of(&ids.borrow()))
                    .unwrap_or_default(),
            ),
        };
        let cache = &self.store.0.cache;
        let items: Vec<Item> = match page_ids {
            None => self.cached_page(page).await,
            Some(ids) => cache
                .get_items(&ids)
                .await
                .unwrap_or_default()
                .into_iter()
                .flatten()
                .map(|c| c.item)
                .collect(),
        };
        self.loading.borrow_mut().remove(&page);
        // The same items again (a sync page that changed nothing here) re-render nothing.
        // A grid whose page was left meanwhile (its signals disposed) shows nothing more.
        let unchanged = self
            .pages
            .try_with_untracked(|p| p.get(&page).is_some_and(|shown| *shown == items))
            .unwrap_or(true);
        if generation == *self.generation.borrow() && !unchanged {
            self.pages.try_update(|p| {
                p.insert(page, items);
            });
        }
    }
}
