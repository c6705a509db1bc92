use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use marquee_core::model::{
    LibraryItemType, LibrarySort, LibraryView, LibraryViewChange, QueryKey, SortOrder,
};
use marquee_core::refresh::RefreshPriority;

use crate::components::{FreshnessBadge, GridScroll, VirtualGrid};
use crate::perf::mark_when_ready;
use crate::store::{use_library_grid, use_store, ImageUrls, QueryData, QueryState, QueryStatus};

const LETTERS: &str = "#ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A library: a windowed poster grid with sort, filters, search and an A–Z jump bar.
/// The view lives in the URL, so reload and back restore it.
#[component]
pub fn LibraryPage() -> impl IntoView {
    let store = use_store().expect("inside RequireStore");
    let params = use_params_map();
    let query = use_query_map();
    let library_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let libraries = store.watch(QueryKey::Libraries, RefreshPriority::Normal);
    let images = store.images();
    let store = StoredValue::new_local(store);

    // The library's kind comes from its CollectionType (movies, tvshows).
    let library = Memo::new(move |_| {
        let id = library_id.get();
        libraries.with(|s| s.items().iter().find(|l| l.id == id).cloned())
    });
    // Until the list is read (a reload), the kind this browser saw last: the grid's reads
    // start now instead of after the list's. The list's answer wins once it is in.
    let item_type = Memo::new(move |_| {
        let kind = match library.get() {
            Some(l) => l.collection_type,
            None if libraries.with(|s| s.data.is_none()) => {
                store.with_value(|s| s.remembered_library_kind(&library_id.get()))
            }
            None => None,
        };
        kind.as_deref()
            .and_then(LibraryItemType::for_collection_type)
    });
    let view_state = Memo::new(move |_| {
        item_type.get().map(|t| {
            let pairs: Vec<(String, String)> = query
                .read()
                .clone()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            LibraryView::from_query_pairs(library_id.get(), t, pairs)
        })
    });
    // The letter only moves the scroll position: the grid stays when it changes.
    let grid_view = Memo::new(move |_| {
        view_state.get().map(|mut view| {
            view.letter = None;
            view
        })
    });
    let letter = Memo::new(move |_| view_state.get().and_then(|view| view.letter));
    // A never-synced library's first page leaves now, before the page is built.
    if let Some(view) = view_state.get_untracked() {
        if view.letter.is_none() && crate::components::saved_scroll().is_none() {
            store.with_value(|s| s.library_opening(&view));
        }
    }

    let title = Signal::derive(move || {
        library
            .get()
            .map(|l| l.name)
            .unwrap_or_else(|| "Library".into())
    });
    // The grid's own state, reported up to the page's root element.
    let freshness = RwSignal::new("refreshing");

    view! {
        <main
            data-page="library"
            data-freshness=move || if view_state.get().is_some() { freshness.get() } else { libraries.get().status.as_str() }
            class="page"
        >
            <Show
                when=move || view_state.get().is_some()
                fallback=move || view! {
                    <header class="page-header"><h1>{title}</h1><FreshnessBadge state=libraries/></header>
                    <div class="virtual-grid skeleton" aria-hidden="true"></div>
                }
            >
                {
                    let images = images.clone();
                    move || grid_view.get().map(|view| view! {
                        <LibraryGridView view=view letter=letter title=title store=store.get_value() images=images.clone() freshness=freshness/>
                    })
                }
            </Show>
        </main>
    }
}

#[allow(non_snake_case)]
#[component]
fn LibraryGridView(
    /// The view without its letter: what the grid lists.
    view: LibraryView,
    /// The letter in the URL, the place the grid scrolls to.
    letter: Memo<Option<char>>,
    /// The library's name: it may arrive after the grid (a reload reads the list beside it).
    title: Signal<String>,
    store: crate::store::Store,
    images: ImageUrls,
    freshness: RwSignal<&'static str>,
) -> impl IntoView {
    let grid = StoredValue::new_local(use_library_grid(view.clone()));
    // At the top of the list (not coming back to a scrolled place): its first cards now, from
    // the server when the library was never synced (asked before anything else), else from
    // the cache.
    let at_top = crate::components::saved_scroll().is_none() && letter.get_untracked().is_none();
    if at_top {
        grid.with_value(|g| g.await_first_screen());
    }
    // The whole library is synced under its plain key; letters only move the scroll position.
    let plain_key = QueryKey::Library(view.plain());
    let sync = store.watch(plain_key.clone(), RefreshPriority::High);
    // A view of downloads is this browser's own: the server is asked for the plain library only.
    let filtered_key =
        (!view.is_plain() && !view.is_local_only()).then(|| QueryKey::Library(view.clone()));
    let local_only = view.is_local_only();
    let queue = store.downloads().queue;
    let downloaded = Memo::new(move |_| local_only.then(|| queue.with(|q| q.complete_item_ids())));
    let filtered = filtered_key
        .clone()
        .map(|k| store.watch(k, RefreshPriority::High));

    let scroll = GridScroll::new();
    if at_top && grid.with_value(|g| g.first_screen_shown_untracked()) {
        grid.with_value(|g| g.prefetch());
    }
    let total = grid.with_value(|g| g.total);
    // Reload the windows when the library's items change (its revision: a sync page here or
    // in another tab), its size is known or changes, or the filtered answer changes; a sync
    // that changed nothing only settles the badge.
    let synced = Memo::new(move |_| {
        sync.with(|s| {
            // A first sync's pages may land before the cache read settles the status.
            let read = !matches!(s.status, QueryStatus::Loading) || s.data.is_some();
            (read, s.data.as_ref().map(|d| d.total))
        })
    });
    let revision = store.library_revision(&view.library_id);
    Effect::new(move |_| {
        let (read, synced_total) = synced.get();
        // Until the cache has been read the record's total may be on its way: wait for it.
        if !read {
            return;
        }
        revision.track();
        if let Some(f) = filtered {
            f.with(|s| s.fetched_at);
        }
        downloaded.track();
        grid.with_value(|g| g.reload(synced_total));
    });

    let page_state = Signal::derive(move || {
        let s = sync.get();
        let count = total.get();
        // A first screen from the server is content once its cards are in.
        let first_screen = grid.with_value(|g| g.first_screen_shown());
        QueryState {
            data: count
                .map(|total| QueryData {
                    items: Vec::new(),
                    total,
                })
                .filter(|_| first_screen && (s.data.is_some() || count.unwrap_or(0) > 0)),
            ..s
        }
    });
    mark_when_ready(page_state);
    Effect::new(move |_| freshness.set(page_state.get().status.as_str()));

    // Once the grid knows its size: back to where the user was on this URL (going back), else
    // to the letter in the URL.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || total.get().is_none() {
            return done.unwrap_or(false);
        }
        if let Some(y) = crate::components::saved_scroll() {
            // After this render, when the grid has its full height.
            let _ = set_timeout_with_handle(move || scroll_to_y(y), std::time::Duration::ZERO);
        } else if let Some(letter) = letter.get_untracked() {
            scroll_to_letter(grid, scroll, letter);
        }
        true
    });

    // Each control says what it changes; `update` applies it: the URL, where the view lives
    // (a new sort or search drops the letter, and a new view re-reads its grid), and, for a
    // letter, the scroll to it.
    let navigate = StoredValue::new_local(use_navigate());
    let shown = StoredValue::new_local(view.clone());
    let update = move |change: LibraryViewChange| {
        let jump = match change {
            LibraryViewChange::Letter(letter) => Some(letter),
            _ => None,
        };
        let current = LibraryView {
            letter: letter.get_untracked(),
            ..shown.get_value()
        };
        let url = library_url(&current.changed(change));
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate.with_value(|navigate| navigate(&url, options));
        // Same data, new anchor: the grid stays and scrolls now.
        if let Some(letter) = jump {
            scroll_to_letter(grid, scroll, letter);
        }
    };

    let played_value = match view.filter.played {
        Some(true) => "played",
        Some(false) => "unplayed",
        None => "all",
    };
    let sort_value = view.sort.as_str();
    let order_label = if view.order == SortOrder::Asc {
        "Ascending"
    } else {
        "Descending"
    };
    let sorts = [
        (LibrarySort::Name, "Name"),
        (LibrarySort::DateAdded, "Date added"),
        (LibrarySort::ReleaseDate, "Release date"),
        (LibrarySort::Rating, "Rating"),
        (LibrarySort::Year, "Year"),
    ];
    let refresh_keys = Signal::derive(move || {
        let mut keys = vec![plain_key.clone()];
        keys.extend(filtered_key.clone());
        keys
    });

    view! {
        <header class="page-header">
            <h1>{title}</h1>
            <FreshnessBadge state=page_state refresh=refresh_keys/>
        </header>
        <div class="library-controls">
            <form role="search" class="search" on:submit=move |ev| {
                ev.prevent_default();
                update(LibraryViewChange::Search(submitted_search(&ev)));
            }>
                <label class="visually-hidden" for="library-search">"Search by title"</label>
                <input id="library-search" name="q" type="search" placeholder="Search titles" value=view.search.clone().unwrap_or_default()/>
                <button type="submit">"Search"</button>
            </form>
            <div class="filters" role="group" aria-label="Sort and filter">
                <label>"Sort "
                    <select name="sort" on:change=move |ev| {
                        update(LibraryViewChange::Sort(LibrarySort::parse(&event_target_value(&ev)).unwrap_or_default()));
                    }>
                        {sorts.into_iter().map(|(s, label)| view! { <option value=s.as_str() selected=s.as_str() == sort_value>{label}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" name="order" on:click=move |_| update(LibraryViewChange::ToggleOrder) aria-label=format!("Order: {order_label}")>{order_label}</button>
                <label>"Show "
                    <select name="played" on:change=move |ev| update(LibraryViewChange::played(&event_target_value(&ev)))>
                        <option value="all" selected=played_value == "all">"All"</option>
                        <option value="played" selected=played_value == "played">"Played"</option>
                        <option value="unplayed" selected=played_value == "unplayed">"Unplayed"</option>
                    </select>
                </label>
                <label><input type="checkbox" name="fav" checked=view.filter.favorite on:change=move |ev| update(LibraryViewChange::Favorite(event_target_checked(&ev)))/>" Favorites"</label>
                <label><input type="checkbox" name="downloaded" checked=view.filter.downloaded on:change=move |ev| update(LibraryViewChange::Downloaded(event_target_checked(&ev)))/>" Downloaded"</label>
                <label>"Genre " <input name="genre" type="text" size="10" value=view.filter.genre.clone().unwrap_or_default() on:change=move |ev| update(LibraryViewChange::Genre(event_target_value(&ev)))/></label>
                <label>"Year " <input name="year" type="number" inputmode="numeric" min="1900" max="2100" value=view.filter.year.map(|y| y.to_string()).unwrap_or_default() on:change=move |ev| update(LibraryViewChange::Year(event_target_value(&ev)))/></label>
            </div>
        </div>
        <nav class="az-bar" aria-label="Jump to letter">
            {LETTERS.chars().map(|l| view! {
                <button type="button" data-letter=l.to_string() aria-current=move || (letter.get() == Some(l)).then_some("true") on:click=move |_| update(LibraryViewChange::Letter(l))>{l.to_string()}</button>
            }).collect_view()}
        </nav>
        <p class="result-count muted">{move || total.get().map(|t| format!("{t} titles")).unwrap_or_default()}</p>
        <VirtualGrid grid=grid images=images scroll=scroll/>
    }
}

fn scroll_to_y(y: f64) {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, y);
    }
}

/// Asks the grid to scroll to the first title filed under `letter`.
fn scroll_to_letter(
    grid: StoredValue<crate::store::LibraryGrid, LocalStorage>,
    scroll: GridScroll,
    letter: char,
) {
    leptos::task::spawn_local(async move {
        let Some(grid) = grid.try_get_value() else {
            return;
        };
        if let Some(offset) = grid.letter_offset(letter).await {
            scroll.to_index(offset);
        }
    });
}

/// The page URL of a view.
fn library_url(view: &LibraryView) -> String {
    let query = view.to_query_string();
    if query.is_empty() {
        format!("/library/{}", view.library_id)
    } else {
        format!("/library/{}?{query}", view.library_id)
    }
}

/// The text of the search form's `q` field.
fn submitted_search(ev: &leptos::ev::SubmitEvent) -> String {
    ev.target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(t).ok())
        .and_then(|f| f.elements().named_item("q"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok())
        .map(|i| i.value())
        .unwrap_or_default()
}
