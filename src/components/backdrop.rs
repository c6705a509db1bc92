use leptos::prelude::*;

use crate::store::ImageUrls;
use marquee_core::model::ImageRef;

/// The faint picture behind a movie's or show's header. Over a calm gradient that is there
/// with or without it: no backdrop, or one that fails to load (offline, not cached, gone from
/// the server), leaves the gradient, never a broken-image icon.
#[component]
pub fn Backdrop(image: Option<ImageRef>, images: ImageUrls) -> impl IntoView {
    let failed = RwSignal::new(false);
    let src = image.map(|b| images.url(&b, 1280));
    let has_image = src.is_some();
    view! {
        <div class="backdrop" aria-hidden="true" data-missing=move || (!has_image || failed.get()).to_string()>
            {src.map(|src| view! {
                <img src=src alt="" decoding="async" on:error=move |_| failed.set(true)/>
            })}
        </div>
    }
}
