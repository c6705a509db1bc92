//! The store the way a page asks it, shaped as leptos-use shapes its hooks: `use_query(key)`
//! returns a struct with the query's state and what the page may do with it.
use leptos::prelude::*;
use marquee_core::model::{LibraryView, QueryKey};
use marquee_core::query_state::QueryState;
use marquee_core::refresh::RefreshPriority;

use super::{use_store, LibraryGrid, Store};

/// How a page asks for a query.
#[derive(Clone, Copy, Debug)]
pub struct UseQueryOptions {
    /// The page on screen asks at High priority; what it links to, at Normal.
    pub priority: RefreshPriority,
}

impl Default for UseQueryOptions {
    fn default() -> Self {
        Self {
            priority: RefreshPriority::High,
        }
    }
}

/// What `use_query` gives a page.
pub struct UseQueryReturn {
    /// Memory first, then IndexedDB, then the refreshes; it never waits on the network.
    pub state: ReadSignal<QueryState>,
    key: QueryKey,
    store: Store,
}

impl UseQueryReturn {
    /// Asks the server now ("Refresh now"), through the queue at High priority.
    pub fn refresh(&self) {
        self.store.refresh_now(vec![self.key.clone()]);
    }
}

/// The state of `key` for the page on screen.
pub fn use_query(key: QueryKey) -> UseQueryReturn {
    use_query_with_options(key, UseQueryOptions::default())
}

pub fn use_query_with_options(key: QueryKey, options: UseQueryOptions) -> UseQueryReturn {
    let store = use_store().expect("use_query inside RequireStore");
    let state = store.watch(key.clone(), options.priority);
    UseQueryReturn { state, key, store }
}

/// A library's windowed grid, read from the IndexedDB indexes.
pub fn use_library_grid(view: LibraryView) -> LibraryGrid {
    use_store()
        .expect("use_library_grid inside RequireStore")
        .library_grid(view)
}
