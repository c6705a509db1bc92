//! `/play/{id}`: the player, full-window. `?start=0` starts over instead of resuming.
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use marquee_core::model::{Item, ItemKind, QueryKey};
use marquee_core::refresh::RefreshPriority;

use crate::components::{item_href, Player};
use crate::store::use_store;

#[component]
pub fn PlayerPage() -> impl IntoView {
    let store = use_store().expect("inside RequireStore");
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let from_start = Memo::new(move |_| query.read().get("start").as_deref() == Some("0"));
    let online = store.online();
    let store = StoredValue::new_local(store);
    let item_state = Memo::new(move |_| {
        store.with_value(|s| s.watch(QueryKey::Item { id: id.get() }, RefreshPriority::High))
    });
    // The item as first known: a refresh of it while playing must not restart the player.
    let item = Memo::new(move |prev: Option<&Option<Item>>| {
        let id = id.get();
        if let Some(Some(known)) = prev {
            if known.id == id {
                return Some(known.clone());
            }
        }
        item_state
            .get()
            .with(|s| s.items().first().filter(|i| i.id == id).cloned())
    });
    // The next episode of the same season, for up next.
    let season_episodes = Memo::new(move |_| {
        let item = item.get()?;
        if item.kind != ItemKind::Episode {
            return None;
        }
        let key = QueryKey::Episodes {
            series_id: item.series_id.clone()?,
            season_id: item.season_id.clone()?,
        };
        Some(store.with_value(|s| s.watch(key, RefreshPriority::Normal)))
    });
    let next = Signal::derive(move || {
        let id = id.get();
        let episodes = season_episodes.get()?;
        episodes.with(|s| {
            let items = s.items();
            let at = items.iter().position(|e| e.id == id)?;
            items.get(at + 1).cloned()
        })
    });

    view! {
        <main data-page="player" data-item-id=move || id.get() class="player-page">
            {move || match item.get() {
                Some(item) => {
                    let back_href = item_href(&item);
                    view! {
                        <Player item=item from_start=from_start.get_untracked() next=next back_href=back_href store=store.get_value()/>
                    }
                    .into_any()
                }
                None => view! {
                    <p class="player-waiting" role="status">
                        {move || if online.get() { "Loading…" } else { "Playing needs the server, and it can't be reached right now." }}
                    </p>
                }
                .into_any(),
            }}
        </main>
    }
}
