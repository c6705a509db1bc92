//! Up next: the next episode near the end of this one, with a countdown, Play now and Cancel.
use leptos::prelude::*;

use crate::store::ImageUrls;
use marquee_core::model::Item;

use super::Poster;

/// The card (`[data-up-next]`). It plays on its own when `seconds_left` reaches 0 (the player
/// decides that); the buttons act at once.
#[component]
pub fn UpNext(
    item: Item,
    images: ImageUrls,
    #[prop(into)] seconds_left: Signal<u32>,
    on_play: impl Fn() + 'static,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let title = match (item.parent_index_number, item.index_number) {
        (Some(s), Some(e)) => format!("S{s}:E{e} · {}", item.name),
        _ => item.name.clone(),
    };
    let image = item
        .primary_image
        .clone()
        .or(item.series_primary_image.clone());
    view! {
        <aside class="up-next" data-up-next=item.id.clone() aria-label="Up next">
            <Poster image=image images=images alt=title.clone() width=160 shape="thumb"/>
            <div class="up-next-text">
                <p class="muted">"Up next in " <span data-countdown="">{move || seconds_left.get()}</span> " s"</p>
                <p class="up-next-title">{title}</p>
                <div class="up-next-actions">
                    <button type="button" class="play" data-action="play-next" on:click=move |_| on_play()>"Play now"</button>
                    <button type="button" class="toggle" data-action="cancel-up-next" on:click=move |_| on_cancel()>"Cancel"</button>
                </div>
            </div>
        </aside>
    }
}
