//! The played and favorite toggles of one item. They act through the store, which changes the
//! item at once (here and in other tabs) and sends the change when the server can be reached.
use leptos::prelude::*;
use marquee_core::cache::UserAction;
use marquee_core::model::Item;

use crate::store::use_store;

/// Two toggle buttons (`data-action="played|favorite"`, `aria-pressed` = the current state).
/// Place them inside the element carrying the item's `data-item-id`.
#[component]
pub fn UserActions(item: Item) -> impl IntoView {
    let played = item.is_played();
    let favorite = item.user_data.as_ref().is_some_and(|u| u.favorite);
    let item = StoredValue::new(item);
    // Event handlers run outside the component's owner: take the store now.
    let store = StoredValue::new_local(use_store());
    let act = move |action: UserAction| {
        let Some(store) = store.get_value() else {
            return;
        };
        let item = item.get_value();
        leptos::task::spawn_local(async move {
            if let Err(why) = store.act(&item, action).await {
                store.note_action_failure(format!("Couldn't save that: {why}."));
            }
        });
    };
    view! {
        <div class="user-actions">
            <button type="button" class="toggle" data-action="played" aria-pressed=played.to_string()
                on:click=move |_| act(UserAction::SetPlayed(!played))>
                <span aria-hidden="true">{if played { "✓ " } else { "○ " }}</span>"Watched"
            </button>
            <button type="button" class="toggle" data-action="favorite" aria-pressed=favorite.to_string()
                on:click=move |_| act(UserAction::SetFavorite(!favorite))>
                <span aria-hidden="true">{if favorite { "♥ " } else { "♡ " }}</span>"Favorite"
            </button>
        </div>
    }
}

/// `data-pending="true"` on an item's element while an action on it waits in the outbox.
pub fn pending_attr(
    item_id: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl Fn() -> Option<&'static str> {
    let store = StoredValue::new_local(use_store());
    move || {
        let id = item_id()?;
        store
            .with_value(|s| s.as_ref().map(|s| s.is_pending(&id)))?
            .then_some("true")
    }
}
