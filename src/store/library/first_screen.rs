//! A never-opened library's first screen, straight from the server's first page: asked when
//! the grid is created, shown as soon as it is parsed, before the sync writes anything.
use leptos::prelude::*;
use marquee_core::jellyfin::BaseItemDto;
use marquee_core::model::{whole_windows, Item};

use super::{LibraryGrid, GRID_PAGE};
use crate::store::fetch::to_items;

/// Where the grid's first screen stands.
#[derive(Default)]
pub(super) enum FirstScreen {
    /// Not asked, or no longer needed: the grid reads its windows as usual.
    #[default]
    None,
    /// Shown from the server's first page: its windows and the library's size, kept while
    /// the library syncs (a reload of the grid before then puts them back).
    Shown {
        pages: Vec<(u32, Vec<Item>)>,
        total: u32,
    },
}

impl LibraryGrid {
    /// Shows the library's first page from the server when one was asked for this grid's
    /// library (a never-synced library, see `Store::library_opening`, which this asks first).
    /// Until it is shown (or failed), [`Self::first_screen_shown`] is false: the page's
    /// content is those cards.
    pub fn await_first_screen(&self) {
        self.store.library_opening(&self.view);
        if !self.view.is_sync_order() {
            return;
        }
        let Some(answer) = self.store.first_page_for_grid(&self.view.library_id) else {
            return;
        };
        self.first_screen_state.set(false);
        let grid = self.clone();
        leptos::task::spawn_local(async move {
            if let Ok(Ok((page, _))) = answer.await {
                grid.show_first_page(page.items, page.total_record_count);
            }
            grid.first_screen_state.try_set(true);
        });
    }

    /// False while the first page is awaited (reactive): the page marks its content once
    /// that page's cards are on screen, or it failed and the grid reads as usual.
    pub fn first_screen_shown(&self) -> bool {
        self.first_screen_state.get()
    }

    /// [`Self::first_screen_shown`], untracked: false when a first screen was asked.
    pub fn first_screen_shown_untracked(&self) -> bool {
        self.first_screen_state.get_untracked()
    }

    /// The server's first page as the grid's first windows and size, unless the library
    /// turned out synced meanwhile (the cache answers). Bad or empty data shows nothing.
    fn show_first_page(&self, dtos: Vec<BaseItemDto>, total: u32) {
        if self.store.library_synced(&self.view.library_id) == Some(true) {
            return;
        }
        // An empty page (`{}`, `Items: null`) says nothing of a library never synced.
        let Ok(items) = to_items(dtos) else {
            return;
        };
        if items.is_empty() {
            return;
        }
        let total = total.max(items.len() as u32);
        let pages = whole_windows(items, total, GRID_PAGE);
        self.put_first_screen(&pages, total);
        *self.first_screen.borrow_mut() = FirstScreen::Shown { pages, total };
    }

    /// After the grid re-resolved its source: while the library syncs (`server`), the first
    /// screen's windows (put back if `cleared`) and its size; once it is synced, they go.
    pub(super) fn first_screen_after_reload(&self, server: bool, cleared: bool) -> Option<u32> {
        if !server {
            *self.first_screen.borrow_mut() = FirstScreen::None;
            return None;
        }
        let first = self.first_screen.borrow();
        let FirstScreen::Shown { pages, total } = &*first else {
            return None;
        };
        if cleared {
            self.put_first_screen(pages, *total);
        }
        Some(*total)
    }

    fn put_first_screen(&self, pages: &[(u32, Vec<Item>)], total: u32) {
        self.from_server
            .borrow_mut()
            .extend(pages.iter().map(|(page, _)| *page));
        self.pages.try_update(|shown| {
            for (page, items) in pages {
                shown.insert(*page, items.clone());
            }
        });
        if self.total.get_untracked() != Some(total) {
            self.total.try_set(Some(total));
        }
    }
}
