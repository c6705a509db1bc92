//! A windowed poster grid: only the rows near the viewport exist in the DOM (a few hundred
//! nodes whatever the library size); a spacer keeps the scrollbar true to the whole library.
use leptos::html::Div;
use leptos::prelude::*;
use marquee_core::decimal::fixed;
use marquee_core::grid_layout::{neighbor_index, GridLayout};
use wasm_bindgen::prelude::*;

use super::ItemCard;
use crate::store::{ImageUrls, LibraryGrid};

/// Where the window was scrolled on this URL, kept per tab so that going back restores it.
fn scroll_key(window: &web_sys::Window) -> Option<String> {
    let location = window.location();
    Some(format!(
        "marquee:scroll:{}{}",
        location.pathname().ok()?,
        location.search().ok()?
    ))
}

fn save_scroll(window: &web_sys::Window) {
    if let (Some(key), Ok(Some(storage))) = (scroll_key(window), window.session_storage()) {
        let y = window.scroll_y().unwrap_or(0.0);
        let _ = storage.set_item(&key, &fixed(y, 0));
    }
}

/// The scroll position saved for the current URL, if any.
pub fn saved_scroll() -> Option<f64> {
    let window = web_sys::window()?;
    let storage = window.session_storage().ok()??;
    storage.get_item(&scroll_key(&window)?).ok()??.parse().ok()
}

/// Asks a [`VirtualGrid`] to bring an item to the top of the window: the page says which
/// index, the grid (which knows where it sits and how it lays out) scrolls there.
#[derive(Clone, Copy)]
pub struct GridScroll(RwSignal<Option<u32>>);

impl GridScroll {
    pub fn new() -> Self {
        Self(RwSignal::new(None))
    }

    /// Scrolls the grid's item `index` to the top (again, if asked twice).
    pub fn to_index(&self, index: u32) {
        self.0.try_set(Some(index));
    }
}

impl Default for GridScroll {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn VirtualGrid(
    grid: StoredValue<LibraryGrid, LocalStorage>,
    images: ImageUrls,
    /// Where the page asks the grid to scroll.
    #[prop(optional)]
    scroll: Option<GridScroll>,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(900.0f64);
    let width = RwSignal::new(1200.0f64);
    let total = grid.with_value(|g| g.total);

    // Track the window's scroll and size; the grid's own offset is measured on each event.
    let measure = move || {
        let Some(el) = container.get_untracked() else {
            return;
        };
        let window = web_sys::window().unwrap();
        let rect = el.get_bounding_client_rect();
        scroll_top.set((-rect.top()).max(0.0));
        viewport.set(
            window
                .inner_height()
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(900.0),
        );
        width.set(rect.width());
    };
    // The rows a scroll brings are made in a task of their own, not in the frame that
    // dispatches the scroll event: that frame only moves what is there (the overscan rows
    // cover the step), and the new rows' script and their rendering are two shorter tasks.
    let measure_pending = StoredValue::new(false);
    // Only a real scroll or resize records the position: the first measure after mounting
    // must not overwrite the place that going back restores.
    let on_event = move || {
        if let Some(window) = web_sys::window() {
            save_scroll(&window);
        }
        if measure_pending.get_value() {
            return;
        }
        measure_pending.set_value(true);
        set_timeout(
            move || {
                // Not after the grid is gone (its signals go with it).
                if measure_pending.try_set_value(false).is_none() {
                    measure();
                }
            },
            std::time::Duration::ZERO,
        );
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| on_event());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| on_event());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    Effect::new(move |_| {
        if container.get().is_some() {
            measure();
        }
    });
    if let Some(GridScroll(asked)) = scroll {
        Effect::new(move |_| {
            if let (Some(index), Some(el)) = (asked.get(), container.get_untracked()) {
                scroll_window_to(&el, index);
            }
        });
    }

    let layout = Memo::new(move |_| GridLayout::for_width(width.get()));
    let columns = Memo::new(move |_| layout.get().columns);
    let rows = Memo::new(move |_| layout.get().rows(total.get().unwrap_or(0)));
    // The first cards paint alone; the rows around them (overscan) follow once they are on
    // screen, so the first screen costs only what it shows.
    let first_painted = RwSignal::new(false);
    let range = Memo::new(move |_| {
        let l = layout.get();
        if first_painted.get() {
            l.visible_rows(scroll_top.get(), viewport.get(), rows.get())
        } else {
            l.rows_on_screen(scroll_top.get(), viewport.get(), rows.get())
        }
    });
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || range.with(|(start, end)| start == end) {
            return done.unwrap_or(false);
        }
        // After the frame that shows them: a timer started in the next animation frame.
        request_animation_frame(move || {
            set_timeout(
                move || {
                    first_painted.try_set(true);
                },
                std::time::Duration::ZERO,
            );
        });
        true
    });

    // Ask the store for the windows on screen.
    Effect::new(move |_| {
        let (start, end) = range.get();
        let cols = columns.get();
        let count = total.get().unwrap_or(0);
        if count > 0 {
            grid.with_value(|g| g.ensure(start * cols, (end * cols).min(count)));
        }
    });

    let indexes = move || {
        let (start, end) = range.get();
        let cols = columns.get();
        let count = total.get().unwrap_or(0);
        (start * cols..(end * cols).min(count)).collect::<Vec<u32>>()
    };

    // Arrow keys move between cards; the neighbor is always within the overscan rows.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(cell) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest(".grid-cell").ok().flatten())
        else {
            return;
        };
        let Some(index) = cell
            .get_attribute("data-index")
            .and_then(|i| i.parse().ok())
        else {
            return;
        };
        let count = total.get_untracked().unwrap_or(0);
        let Some(next) = neighbor_index(index, &ev.key(), columns.get_untracked(), count) else {
            return;
        };
        ev.prevent_default();
        let selector = format!(".grid-cell[data-index='{next}'] a.card");
        let target = container
            .get_untracked()
            .and_then(|c| c.query_selector(&selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(target) = target {
            let _ = target.focus();
        }
    };

    view! {
        <div
            node_ref=container
            on:keydown=on_keydown
            class="virtual-grid"
            role="list"
            data-total=move || total.get().unwrap_or(0).to_string()
            style=move || {
                let l = layout.get();
                format!(
                    "height: {}px; --columns: {}; --row-height: {}px; --poster-height: {}px",
                    fixed(f64::from(rows.get()) * l.row_height, 0),
                    l.columns,
                    fixed(l.row_height, 0),
                    fixed(l.poster_height, 0),
                )
            }
        >
            <div class="virtual-grid-window" style=move || format!("transform: translateY({}px)", fixed(f64::from(range.get().0) * layout.get().row_height, 0))>
                <For each=indexes key=|i| *i let:index>
                    <GridCell index=index grid=grid images=images.clone()/>
                </For>
            </div>
        </div>
    }
}

#[component]
fn GridCell(
    index: u32,
    grid: StoredValue<LibraryGrid, LocalStorage>,
    images: ImageUrls,
) -> impl IntoView {
    let item = Memo::new(move |_| grid.with_value(|g| g.item_at(index)));
    view! {
        <div class="grid-cell" role="listitem" data-index=index>
            {move || match item.get() {
                Some(item) => view! { <ItemCard item=item images=images.clone()/> }.into_any(),
                None => view! { <div class="card placeholder" aria-hidden="true"><div class="poster" data-shape="poster"></div></div> }.into_any(),
            }}
        </div>
    }
}

/// Scrolls the window so that item `index` of the grid `el` is at the top.
fn scroll_window_to(el: &web_sys::HtmlDivElement, index: u32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let rect = el.get_bounding_client_rect();
    let top = rect.top()
        + window.scroll_y().unwrap_or(0.0)
        + GridLayout::for_width(rect.width()).offset_of(index);
    window.scroll_to_with_x_and_y(0.0, top);
}
