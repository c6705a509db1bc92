//! A card's menu: a small button on the poster that opens the item's played and favorite
//! toggles, so an item can be marked from a row or a grid without opening its page.
use leptos::prelude::*;
use marquee_core::model::Item;

use super::UserActions;

/// The "⋯" button and, while open, a popover carrying the item's `data-item-id` with its
/// toggles. It sits beside the card's link (buttons can't live inside a link).
#[component]
pub fn CardMenu(item: Item, title: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let id = item.id.clone();
    let item = StoredValue::new(item);
    view! {
        <div class="card-menu" on:keydown=move |e: web_sys::KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        }>
            <button type="button" class="card-menu-button" aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-label=format!("Actions for {title}")
                on:click=move |_| open.update(|o| *o = !*o)>
                <span aria-hidden="true">"⋯"</span>
            </button>
            <Show when=move || open.get()>
                <div class="card-menu-popover" data-item-id=id.clone()>
                    <UserActions item=item.get_value()/>
                </div>
            </Show>
        </div>
    }
}
