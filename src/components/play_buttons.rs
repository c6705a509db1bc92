//! "Play" (or "Resume 42:10" where the item has a saved position) and "Start over". Place them
//! inside the element carrying the item's `data-item-id`. Offline, unless the item is
//! downloaded, they say that playing needs the server instead of starting something that can
//! only fail.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use marquee_core::downloads::DownloadState;
use marquee_core::model::Item;
use marquee_core::player::resume_label;

use crate::store::use_store;

/// `button[data-action="play"]` and, with a saved position, `button[data-action="play-from-start"]`.
#[component]
pub fn PlayButtons(item: Item) -> impl IntoView {
    let position = item
        .user_data
        .as_ref()
        .filter(|d| !d.played)
        .map_or(0, |d| d.position_ticks);
    let label = resume_label(position).unwrap_or_else(|| "Play".into());
    let store = use_store();
    let online = store.as_ref().map(|s| s.online());
    // A downloaded copy plays without the server.
    let downloads = store.as_ref().map(|s| s.downloads().queue);
    let downloaded = {
        let id = item.id.clone();
        Memo::new(move |_| {
            downloads.is_some_and(|q| {
                q.with(|q| {
                    q.get(&id)
                        .is_some_and(|e| e.state == DownloadState::Complete)
                })
            })
        })
    };
    let offline = move || online.is_some_and(|o| !o.get()) && !downloaded.get();
    let navigate = use_navigate();
    let id = item.id.clone();
    let play = {
        let navigate = navigate.clone();
        let id = id.clone();
        move |_| navigate(&format!("/play/{id}"), Default::default())
    };
    let from_start = move |_| navigate(&format!("/play/{id}?start=0"), Default::default());
    view! {
        <div class="play-buttons">
            <button type="button" class="play" data-action="play" disabled=offline on:click=play>
                <span aria-hidden="true">"▶ "</span>{label}
            </button>
            {(position > 0).then(|| view! {
                <button type="button" class="toggle" data-action="play-from-start" disabled=offline on:click=from_start>
                    "Start over"
                </button>
            })}
            <Show when=offline>
                <span class="muted play-note" role="status">"Playing needs the server."</span>
            </Show>
        </div>
    }
}
