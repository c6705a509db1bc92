//! What a library grid asks of the server while the library's first sync runs (rules in
//! `marquee_core::model::server_windows`): one window of a view, and where a letter starts.
//! Window items are real items: they are merged into the cache like any other.
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use marquee_core::jellyfin::ItemsResult;
use marquee_core::model::{FieldLevel, Item, LetterOffset, LibraryView, SyncProgress};

use super::fetch::to_items;
use super::{now_ms, Store};
use crate::net::NetError;

/// The ids each first sync under way in this tab has written, in its order (by name): the
/// grid reads that part of the sync's own order by these ids, so items that server windows
/// wrote out of order never shift it.
#[derive(Default)]
pub(super) struct FirstSyncs(RefCell<HashMap<String, Rc<RefCell<Vec<String>>>>>);

/// One window of a view, as the server answered it.
pub struct ServerWindow {
    /// Its items, in the view's order from the window's start.
    pub items: Vec<Item>,
    /// The view's size (`TotalRecordCount`).
    pub total: u32,
}

impl Store {
    /// A first sync of `library_id` starts here: its written ids, empty so far.
    pub(super) fn first_sync_started(&self, library_id: &str) -> Rc<RefCell<Vec<String>>> {
        let ids = Rc::new(RefCell::new(Vec::new()));
        self.0
            .first_syncs
            .0
            .borrow_mut()
            .insert(library_id.to_owned(), ids.clone());
        ids
    }

    /// The sync ended (its record now says whether it is complete).
    pub(super) fn first_sync_ended(&self, library_id: &str) {
        self.0.first_syncs.0.borrow_mut().remove(library_id);
    }

    /// The ids a first sync under way in this tab has written so far, in its order.
    pub(super) fn first_sync_ids(&self, library_id: &str) -> Option<Rc<RefCell<Vec<String>>>> {
        self.0.first_syncs.0.borrow().get(library_id).cloned()
    }

    /// How far the library's sync has got, as far as this tab knows (`complete` from its record).
    pub(super) fn sync_progress(&self, library_id: &str, complete: bool) -> SyncProgress {
        SyncProgress {
            complete,
            in_order: self
                .first_sync_ids(library_id)
                .map_or(0, |ids| ids.borrow().len() as u32),
        }
    }

    /// Items `start..start + limit` of `view`, from the server, merged into the cache.
    pub(super) async fn library_window(
        &self,
        view: &LibraryView,
        start: u32,
        limit: u32,
    ) -> Result<ServerWindow, NetError> {
        let request = view.window_request(&self.0.endpoints, start, limit);
        let page: ItemsResult = self.0.client.send_json(&request).await?;
        self.0.reachability.online.try_set(true);
        let total = page.total_record_count;
        let items = to_items(page.items)?;
        let merge = self
            .merge_into_cache(
                items,
                FieldLevel::Thin,
                Some(view.library_id.clone()),
                now_ms(),
            )
            .await;
        Ok(ServerWindow {
            items: merge.into_items(),
            total,
        })
    }

    /// Where `letter` starts in `view`, counted by the server; `None` when the view is not
    /// ordered by name or the server cannot be asked.
    pub(super) async fn server_letter_offset(
        &self,
        view: &LibraryView,
        letter: char,
    ) -> Option<u32> {
        match view.letter_offset_ask(letter, &self.0.endpoints) {
            LetterOffset::Known(offset) => Some(offset),
            LetterOffset::Unknown => None,
            LetterOffset::Ask(request) => {
                let count: ItemsResult = self.0.client.send_json(&request).await.ok()?;
                Some(count.total_record_count)
            }
        }
    }
}
