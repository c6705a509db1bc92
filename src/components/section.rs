use leptos::prelude::*;

use super::{move_focus_in_rows, FreshnessBadge, ItemCard};
use crate::store::{ImageUrls, QueryState};

/// A titled horizontal row of cards for one query (a Home section). It renders from its own
/// query: a failing section says so and leaves the others alone.
#[component]
pub fn ItemRow(
    #[prop(into)] title: String,
    id: String,
    #[prop(into)] state: Signal<QueryState>,
    images: ImageUrls,
    #[prop(default = "poster")] shape: &'static str,
    #[prop(default = "Nothing here yet.")] empty: &'static str,
    /// Cards with play buttons (Continue Watching, Next Up).
    #[prop(optional)]
    playable: bool,
) -> impl IntoView {
    let heading_id = format!("row-{id}");
    let labelled_by = heading_id.clone();
    let skeleton = move || state.with(|s| s.data.is_none());
    let empty_now =
        move || state.with(|s| s.data.as_ref().map(|d| d.items.is_empty()).unwrap_or(false));
    view! {
        <section class="row" aria-labelledby=labelled_by data-section=id data-freshness=move || state.get().status.as_str()>
            <div class="row-header">
                <h2 id=heading_id>{title}</h2>
                <FreshnessBadge state=state/>
            </div>
            <Show when=skeleton>
                <div class="row-items skeleton" data-shape=shape aria-hidden="true">
                    // As tall as a real card (poster, title, subtitle): the cards replace it in place.
                    {(0..6).map(|_| view! {
                        <div class="card">
                            <div class="poster" data-shape=shape></div>
                            <span class="card-title">"\u{a0}"</span>
                            <span class="card-subtitle">"\u{a0}"</span>
                        </div>
                    }).collect_view()}
                </div>
            </Show>
            <Show when=empty_now>
                <p class="muted">{empty}</p>
            </Show>
            <div class="row-items" data-shape=shape on:keydown=move_focus_in_rows>
                <For each=move || state.get().items().to_vec() key=|item| (item.id.clone(), item.etag.clone(), item.user_data.clone().map(|u| (u.played, u.position_ticks, u.favorite))) let:item>
                    <ItemCard item=item images=images.clone() shape=shape playable=playable/>
                </For>
            </div>
        </section>
    }
}
