//! `/search?q=…`: results from the cache at once, then the server's, grouped by kind; recent
//! searches while the field is empty.
use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use marquee_core::model::{Item, ItemKind};
use wasm_bindgen::JsCast;

use crate::components::{focus_search_field, item_href, result_links, Poster};
use crate::store::{use_search, use_store, QueryStatus, SearchState};

/// The groups, in the order shown.
const GROUPS: [(&str, &str, ItemKind); 3] = [
    ("movies", "Movies", ItemKind::Movie),
    ("shows", "Shows", ItemKind::Series),
    ("episodes", "Episodes", ItemKind::Episode),
];

#[component]
pub fn SearchPage() -> impl IntoView {
    let store = use_store().expect("inside RequireStore");
    let base_url = StoredValue::new(store.client.base_url().to_string());
    let query = use_query_map();
    let typed = Signal::derive(move || query.read().get("q").unwrap_or_default());
    let search = use_search(typed);
    let results = search.results;
    let remember = search.remember;
    let blank = move || typed.with(|t| t.trim().is_empty());
    let status = move || results.with(|r| r.status.clone());
    // Up and down move through the results (the first's up goes back to the field).
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
    view! {
        <main class="page search" data-page="search" data-freshness=move || status().as_str()
            data-recent=move || if search.recent.with(Option::is_some) { "loaded" } else { "loading" } on:keydown=on_keydown>
            <h1 class="search-heading">{move || if blank() { "Search".to_string() } else { format!("Results for “{}”", typed.get().trim()) }}</h1>
            <Show when=blank>
                <RecentSearches recent=search.recent/>
            </Show>
            <Show when=move || !blank()>
                <p class="search-status" role="status" aria-live="polite" data-state=move || status().as_str()>
                    {move || status_text(&results.get())}
                </p>
                {GROUPS.map(|(id, label, kind)| {
                    let members = Memo::new(move |_| results.with(|r| {
                        r.items.iter().filter(|i| i.kind == kind).cloned().collect::<Vec<Item>>()
                    }));
                    view! {
                        <Show when=move || members.with(|m| !m.is_empty())>
                            <section class="search-group" data-group=id aria-label=label>
                                <h2>{label}</h2>
                                <ul class="search-results">
                                    <For each=move || members.get() key=|item| item.id.clone() let:item>
                                        <SearchResult item=item base_url=base_url.get_value() on_open=Callback::new(move |_| remember.run(typed.get_untracked()))/>
                                    </For>
                                </ul>
                            </section>
                        </Show>
                    }
                })}
                <People results=results base_url=base_url.get_value()/>
            </Show>
        </main>
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

#[component]
fn SearchResult(item: Item, base_url: String, on_open: Callback<()>) -> impl IntoView {
    let href = item_href(&item);
    let (title, subtitle) = match item.kind {
        ItemKind::Episode => (
            item.name.clone(),
            Some(
                match (
                    &item.series_name,
                    item.parent_index_number,
                    item.index_number,
                ) {
                    (Some(show), Some(s), Some(e)) => format!("{show} · S{s}:E{e}"),
                    (Some(show), _, _) => show.clone(),
                    _ => String::new(),
                },
            ),
        ),
        _ => (item.name.clone(), None),
    };
    let image = match item.kind {
        ItemKind::Episode => item
            .primary_image
            .clone()
            .or(item.series_primary_image.clone()),
        _ => item.primary_image.clone(),
    };
    let year = item.display_year();
    view! {
        <li>
            <a class="search-result" href=href data-search-result="" data-item-id=item.id.clone() on:click=move |_| on_open.run(())>
                <Poster image=image base_url=base_url alt=title.clone() width=60/>
                <span class="search-result-text">
                    <span class="search-result-title">{title}</span>
                    {subtitle.map(|s| view! { <span class="search-result-subtitle">{s}</span> })}
                    {year.map(|y| view! { <span class="search-result-year">{y}</span> })}
                </span>
            </a>
        </li>
    }
}

/// The server's people (no page of their own here: a name and a picture).
#[component]
fn People(results: ReadSignal<SearchState>, base_url: String) -> impl IntoView {
    let people = Memo::new(move |_| results.with(|r| r.people.clone()));
    let base_url = StoredValue::new(base_url);
    view! {
        <Show when=move || people.with(|p| !p.is_empty())>
            <section class="search-group" data-group="people" aria-label="People">
                <h2>"People"</h2>
                <ul class="search-results people">
                    <For each=move || people.get() key=|person| person.id.clone() let:person>
                        <li class="search-person" data-item-id=person.id.clone()>
                            <Poster image=person.primary_image.clone() base_url=base_url.get_value() alt=person.name.clone() width=60/>
                            <span class="search-result-title">{person.name.clone()}</span>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn RecentSearches(recent: ReadSignal<Option<Vec<String>>>) -> impl IntoView {
    view! {
        <Show when=move || recent.with(|r| r.as_ref().is_some_and(|r| !r.is_empty())) fallback=|| view! { <p class="search-status">"Type to search films, shows and episodes."</p> }>
            <section class="recent-searches" aria-label="Recent searches">
                <h2>"Recent searches"</h2>
                <ul>
                    <For each=move || recent.get().unwrap_or_default() key=|q| q.clone() let:q>
                        <li><a data-recent=q.clone() href=format!("/search?q={}", String::from(js_sys::encode_uri_component(&q)))>{q.clone()}</a></li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}
