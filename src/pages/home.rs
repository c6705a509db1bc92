use leptos::prelude::*;
use marquee_core::model::{ItemKind, QueryKey};
use marquee_core::refresh::RefreshPriority;

use crate::components::{FreshnessBadge, ItemRow};
use crate::perf::mark_when_ready;
use crate::perf::paint_in_order;
use crate::store::{
    use_query, use_query_with_options, use_store, ImageUrls, QueryState, UseQueryOptions,
};

/// Home: My Libraries, Continue Watching, Next Up and Recently Added per library. Each section
/// renders from its own cached query.
#[component]
pub fn HomePage() -> impl IntoView {
    let store = use_store().expect("HomePage renders inside RequireStore");
    let images = StoredValue::new(store.images());
    let libraries = use_query(QueryKey::Libraries).state;
    let resume = use_query(QueryKey::ContinueWatching).state;
    let next_up = use_query(QueryKey::NextUp).state;

    let sections = [libraries, resume, next_up];
    let [libraries_painted, resume_painted, next_up_painted] = paint_in_order(sections);
    let page_state = Signal::derive(move || QueryState::combined(&sections.map(|s| s.get())));
    // The content mark waits for a painted section with data, not just data read.
    mark_when_ready(Signal::derive(move || {
        let mut state = page_state.get();
        let on_screen = [
            (libraries_painted, libraries),
            (resume_painted, resume),
            (next_up_painted, next_up),
        ];
        if !on_screen
            .iter()
            .any(|(painted, s)| painted.get() && s.with(|s| s.data.is_some()))
        {
            state.data = None;
        }
        state
    }));

    let latest_libraries = Memo::new(move |_| {
        libraries.with(|s| {
            s.items()
                .iter()
                .filter(|l| l.kind == ItemKind::Library)
                .map(|l| (l.id.clone(), l.name.clone()))
                .collect::<Vec<_>>()
        })
    });

    // What "Refresh now" and pull to refresh ask for: every section on the page.
    let refresh_keys = Signal::derive(move || {
        let mut keys = vec![
            QueryKey::Libraries,
            QueryKey::ContinueWatching,
            QueryKey::NextUp,
        ];
        keys.extend(
            latest_libraries
                .get()
                .into_iter()
                .map(|(library_id, _)| QueryKey::Latest { library_id }),
        );
        keys
    });
    // Offline, what can be played comes first.
    let downloaded = store.downloads().downloaded;
    let online = store.online();
    let opening = StoredValue::new_local(store.clone());
    let show_downloaded = move || !online.get() && downloaded.with(|s| !s.items().is_empty());

    view! {
        <main data-page="home" data-freshness=move || page_state.get().status.as_str() class="page">
            <header class="page-header">
                <h1>"Home"</h1>
                <FreshnessBadge state=page_state refresh=refresh_keys/>
            </header>
            <Show when=show_downloaded>
                <ItemRow title="Downloaded" id="downloaded".into() state=downloaded images=images.get_value()/>
            </Show>
            // First, like Jellyfin's own home screen: short, and the rows added below it (one
            // per library) then push nothing around.
            <Show when=move || libraries_painted.get()>
                <section class="row" aria-labelledby="my-libraries" data-section="libraries">
                    <h2 id="my-libraries">"My Libraries"</h2>
                    <ul class="library-list">
                        <Show when=move || libraries.with(|s| s.is_empty_loading())>
                            <li class="skeleton" aria-hidden="true"><span>"\u{a0}"</span></li>
                        </Show>
                        <For each=move || libraries.get().items().to_vec() key=|item| (item.id.clone(), item.name.clone()) let:item>
                            <li>
                                // Before the router builds the page: a never-synced library's first page leaves at the click.
                                <a href=format!("/library/{}", item.id) data-item-id=item.id.clone() on:click={
                                    let library = item.clone();
                                    move |ev: leptos::ev::MouseEvent| {
                                        // A click the router follows (not one for a new tab).
                                        let plain = ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key());
                                        if plain {
                                            opening.with_value(|s| s.library_link_followed(&library));
                                        }
                                    }
                                }>{item.name.clone()}</a>
                            </li>
                        </For>
                    </ul>
                </section>
            </Show>
            <Show when=move || resume_painted.get()>
                <ItemRow title="Continue Watching" id="resume".into() state=resume images=images.get_value() shape="thumb" empty="Nothing in progress." playable=true/>
            </Show>
            <Show when=move || next_up_painted.get()>
                <ItemRow title="Next Up" id="nextup".into() state=next_up images=images.get_value() shape="thumb" empty="Nothing up next." playable=true/>
                <For each=move || latest_libraries.get() key=|(id, _)| id.clone() let:library>
                    <LatestRow library_id=library.0 name=library.1 images=images.get_value()/>
                </For>
            </Show>
        </main>
    }
}

#[component]
fn LatestRow(library_id: String, name: String, images: ImageUrls) -> impl IntoView {
    let state = use_query_with_options(
        QueryKey::Latest {
            library_id: library_id.clone(),
        },
        UseQueryOptions {
            priority: RefreshPriority::Normal,
        },
    )
    .state;
    let title = format!("Recently Added in {name}");
    view! { <ItemRow title=title id=format!("latest-{library_id}") state=state images=images/> }
}
