//! A never-opened library's first page, asked of the server the moment its page opens (the
//! click on its link, else the page's first line): nothing waits before it (no refresh queue,
//! lock, record or count), its grid shows it as soon as it is parsed, and the library's first
//! sync takes the same answer as its own first page instead of asking again.
//!
//! Whether a library is synced is learnt ahead, in memory: when the library list is read (on
//! Home, before any library is opened), each library's sync record is read from the cache,
//! which costs a few milliseconds and no request.
use std::cell::RefCell;
use std::collections::HashMap;

use futures::channel::oneshot;
use leptos::prelude::*;
use marquee_core::cache::CacheStore;
use marquee_core::jellyfin::request::ApiRequest;
use marquee_core::jellyfin::ItemsResult;
use marquee_core::model::{Item, LibraryItemType, LibraryView, QueryKey};

use super::{now_ms, QueryData, Store};
use crate::net::NetError;

/// The server's first page of a library, with its clock (as the sync's requests give it).
pub(super) type Answer = Result<(ItemsResult, Option<i64>), NetError>;

/// Items in the first page: the same first request a sync makes (a screen of cards and more).
pub(super) const FIRST_PAGE: u32 = 100;
/// A first page older than this is not handed to a sync: it asks again.
const KEEP_FOR_SYNC_MS: i64 = 30_000;

/// What this tab knows of each library's sync, and the first pages asked and not yet taken.
#[derive(Default)]
pub(super) struct FirstPages {
    /// Library id -> whether its whole-library record is complete (read from the cache).
    synced: RefCell<HashMap<String, bool>>,
    /// Library id -> its first page, asked or answered, until its sync takes it.
    pages: RefCell<HashMap<String, FirstPage>>,
}

struct FirstPage {
    /// The whole library's key: a sync of another key never takes this page.
    key: QueryKey,
    asked_at: i64,
    answer: Option<Answer>,
    /// The grid and the sync, waiting for the answer.
    waiting: Vec<oneshot::Sender<Answer>>,
    grid_took: bool,
    sync_took: bool,
}

impl FirstPage {
    fn recent(&self, now: i64) -> bool {
        now - self.asked_at < KEEP_FOR_SYNC_MS
    }

    /// A receiver of the answer: at once if it is in, else when it comes.
    fn receiver(&mut self) -> oneshot::Receiver<Answer> {
        let (tx, rx) = oneshot::channel();
        match &self.answer {
            Some(answer) => {
                let _ = tx.send(answer.clone());
            }
            None => self.waiting.push(tx),
        }
        rx
    }
}

impl Store {
    /// The library list was read: learn which libraries are synced, so that opening one that
    /// is not asks for its first page at once.
    pub(super) fn learn_library_syncs(&self, key: &QueryKey, data: &QueryData) {
        if *key != QueryKey::Libraries {
            return;
        }
        for library in &data.items {
            let Some(item_type) = library
                .collection_type
                .as_deref()
                .and_then(LibraryItemType::for_collection_type)
            else {
                continue;
            };
            if self.library_synced(&library.id).is_some() {
                continue;
            }
            let store = self.clone();
            let key = QueryKey::Library(LibraryView::new(library.id.clone(), item_type));
            let id = library.id.clone();
            super::spawn_started(async move {
                if let Ok(record) = store.0.cache.get_query_summary(&key).await {
                    let complete = record.is_some_and(|q| q.complete);
                    // What the grid found since is newer.
                    if store.library_synced(&id).is_none() {
                        store.note_library_synced(&id, complete);
                    }
                }
            });
        }
    }

    /// Whether the library's whole-library record is complete, as this tab last read it.
    pub(super) fn library_synced(&self, library_id: &str) -> Option<bool> {
        self.0.first_pages.synced.borrow().get(library_id).copied()
    }

    pub(super) fn note_library_synced(&self, library_id: &str, complete: bool) {
        self.0
            .first_pages
            .synced
            .borrow_mut()
            .insert(library_id.to_owned(), complete);
    }

    /// A library's page is opening on `view` (a link was followed, the page is being built):
    /// if the library was never synced and the view is the sync's own order, its first page
    /// is asked now, once, before anything else. Its grid and its sync take the answer.
    pub fn library_opening(&self, view: &LibraryView) {
        let wanted = view.is_sync_order()
            && self.0.reachability.online.get_untracked()
            && self.library_synced(&view.library_id) == Some(false);
        if wanted {
            self.ask_first_page(view);
        }
    }

    /// A link to `library` (an item of the library list) was followed: its page opens on the
    /// plain view, whose first page leaves now if the library was never synced.
    pub fn library_link_followed(&self, library: &Item) {
        let item_type = library
            .collection_type
            .as_deref()
            .and_then(LibraryItemType::for_collection_type);
        if let Some(item_type) = item_type {
            self.library_opening(&LibraryView::new(library.id.clone(), item_type));
        }
    }

    /// Asks the server for `view`'s first page now, unless it was asked lately or a sync of
    /// this library already runs in this tab (it asks for its own).
    fn ask_first_page(&self, view: &LibraryView) {
        let key = QueryKey::Library(view.plain());
        let now = now_ms();
        {
            let mut pages = self.0.first_pages.pages.borrow_mut();
            if self.first_sync_ids(&view.library_id).is_some()
                || self.0.runner.queue.borrow().is_in_flight(&key)
                || pages.get(&view.library_id).is_some_and(|p| p.recent(now))
            {
                return;
            }
            pages.insert(
                view.library_id.clone(),
                FirstPage {
                    key: key.clone(),
                    asked_at: now,
                    answer: None,
                    waiting: Vec::new(),
                    grid_took: false,
                    sync_took: false,
                },
            );
        }
        let request = key.request(&self.0.endpoints, Some((0, FIRST_PAGE)));
        let store = self.clone();
        let library_id = view.library_id.clone();
        super::spawn_started(async move {
            let answer = store.0.client.send_json_dated(&request).await;
            store.first_page_answered(&library_id, answer);
        });
    }

    fn first_page_answered(&self, library_id: &str, answer: Answer) {
        if answer.is_ok() {
            self.0.reachability.online.try_set(true);
        }
        let waiting = {
            let mut pages = self.0.first_pages.pages.borrow_mut();
            let Some(page) = pages.get_mut(library_id) else {
                return;
            };
            page.answer = Some(answer.clone());
            let waiting = std::mem::take(&mut page.waiting);
            if page.sync_took {
                pages.remove(library_id);
            }
            waiting
        };
        // The grid asked first: the user waits for it.
        for waiter in waiting {
            let _ = waiter.send(answer.clone());
        }
    }

    /// The first page a library's grid shows, if one was asked lately for its library and no
    /// grid took it yet.
    pub(super) fn first_page_for_grid(
        &self,
        library_id: &str,
    ) -> Option<oneshot::Receiver<Answer>> {
        let mut pages = self.0.first_pages.pages.borrow_mut();
        let page = pages.get_mut(library_id)?;
        if page.grid_took || !page.recent(now_ms()) {
            return None;
        }
        page.grid_took = true;
        Some(page.receiver())
    }

    /// The first page of `key` for the library's sync: the one asked for its grid, when it
    /// is recent and of this key, else asked now with `request`.
    pub(super) async fn first_page_for_sync(&self, key: &QueryKey, request: &ApiRequest) -> Answer {
        let taken = match key {
            QueryKey::Library(view) => self.take_first_page(&view.library_id, key),
            _ => None,
        };
        let answer = match taken {
            Some(waiting) => waiting.await.ok(),
            None => None,
        };
        match answer {
            Some(Ok(answer)) => Ok(answer),
            // A failed first page is asked again: the sync reaches its own verdict.
            _ => self.0.client.send_json_dated(request).await,
        }
    }

    fn take_first_page(
        &self,
        library_id: &str,
        key: &QueryKey,
    ) -> Option<oneshot::Receiver<Answer>> {
        let mut pages = self.0.first_pages.pages.borrow_mut();
        let page = pages.get_mut(library_id)?;
        if page.key != *key || !page.recent(now_ms()) {
            pages.remove(library_id);
            return None;
        }
        page.sync_took = true;
        let answer = page.receiver();
        if page.answer.is_some() {
            pages.remove(library_id);
        }
        Some(answer)
    }
}
