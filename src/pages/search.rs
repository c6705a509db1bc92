//! `/search?q=…`: results from the cache at once, then the server's, grouped by kind in the
//! same rows of cards as Home (one view for both keeps the wasm small); recent searches while
//! the field is empty.
use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use marquee_core::model::ItemKind;
use wasm_bindgen::JsCast;

use crate::components::{focus_search_field, result_links, ItemRow};
use crate::store::{use_search, use_store, QueryData, QueryState, QueryStatus, SearchState};

/// The groups, in the order shown: (`data-group`, heading, kind).
const GROUPS: [(&str, &str, ItemKind); 3] = [
    ("movies", "Movies", ItemKind::Movie),
    ("shows", "Shows", ItemKind::Series),
    ("episodes", "Episodes", ItemKind::Episode),
];

#[component]
pub fn SearchPage() -> impl IntoView {
    let store = use_store().expect("inside RequireStore");
    let images = store.images();
    let query = use_query_map();
    let typed = Signal::derive(move || query.read().get("q").unwrap_or_default());
    let search = use_search(typed);
    let results = search.results;
    let remember = search.remember;
    let recent = search.recent;
    let blank = move || typed.with(|t| t.trim().is_empty());
    let status = move || results.with(|r| r.status.clone());
    // Up and down move through the results (the first's up goes back to the field); opening
    // one keeps the search among the recent ones.
    let on_keydown = move |event: ev::KeyboardEvent| {
        let step: i32 = match event.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        let links = result_links();
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        let Some(at) = links
            .iter()
            .position(|link| Some(link.unchecked_ref::<web_sys::Element>()) == active.as_ref())
        else {
            return;
        };
        event.prevent_default();
        let next = at as i32 + step;
        if next < 0 {
            focus_search_field();
        } else if let Some(link) = links.get(next as usize) {
            let _ = link.focus();
        }
    };
    let on_click = move |event: ev::MouseEvent| {
        let on_result = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a.card").ok().flatten())
            .is_some();
        if on_result {
            remember.run(typed.get_untracked());
        }
    };
    let rows = GROUPS.map(|(id, label, kind)| {
        let state = Signal::derive(move || results.with(|r| group_state(r, kind)));
        let hidden = move || results.with(|r| !r.items.iter().any(|i| i.kind == kind));
        view! {
            <div class="search-group" data-group=id hidden=hidden>
                <ItemRow title=label id=id.to_string() state=state images=images.clone()/>
            </div>
        }
    });
    view! {
        <main class="page search" data-page="search" data-freshness=move || status().as_str()
            data-results-for=move || results.with(|r| r.query.clone())
            data-recent=move || if recent.with(Option::is_some) { "loaded" } else { "loading" }
            on:keydown=on_keydown on:click=on_click>
            <h1 class="search-heading">{move || if blank() { "Search".to_string() } else { format!("Results for “{}”", typed.get().trim()) }}</h1>
            <p class="search-status" role="status" aria-live="polite" data-state=move || status().as_str()>
                {move || if blank() { "Type to search films, shows and episodes.".to_string() } else { status_text(&results.get()) }}
            </p>
            <section class="recent-searches" aria-label="Recent searches" hidden=move || !blank() || recent.with(|r| r.as_ref().is_none_or(Vec::is_empty))>
                <h2>"Recent searches"</h2>
                <ul>
                    {move || recent.get().unwrap_or_default().into_iter().map(|q| {
                        let href = format!("/search?q={}", String::from(js_sys::encode_uri_component(&q)));
                        view! { <li><a data-recent="" href=href>{q}</a></li> }
                    }).collect_view()}
                </ul>
            </section>
            <div hidden=blank>{rows}</div>
            <section class="search-group" data-group="people" aria-label="People" hidden=move || blank() || results.with(|r| r.people.is_empty())>
                <h2>"People"</h2>
                <ul class="search-people">
                    {move || results.with(|r| r.people.iter().map(|p| {
                        view! { <li data-item-id=p.id.clone()>{p.name.clone()}</li> }
                    }).collect_view())}
                </ul>
            </section>
        </main>
    }
}

/// One group's results in the form a row of cards reads. Its freshness is the page's to say
/// (the status line), so the row's own note stays empty.
fn group_state(results: &SearchState, kind: ItemKind) -> QueryState {
    let items: Vec<_> = results
        .items
        .iter()
        .filter(|i| i.kind == kind)
        .cloned()
        .collect();
    QueryState {
        data: Some(QueryData {
            total: items.len() as u32,
            items,
        }),
        fetched_at: None,
        status: QueryStatus::Fresh,
    }
}

/// What the status line says about the results on screen.
fn status_text(state: &SearchState) -> String {
    let none = state.items.is_empty();
    match &state.status {
        QueryStatus::Loading => "Searching…".into(),
        QueryStatus::Refreshing if none => "Searching the server…".into(),
        QueryStatus::Refreshing => "Saved results; asking the server for more…".into(),
        QueryStatus::Offline => "Offline: showing saved results only".into(),
        QueryStatus::Failed(why) => {
            format!("Couldn't ask the server ({why}): showing saved results only")
        }
        QueryStatus::Fresh | QueryStatus::Stale if none => "No results".into(),
        QueryStatus::Fresh | QueryStatus::Stale => String::new(),
    }
}
