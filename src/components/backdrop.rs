use leptos::prelude::*;

use crate::store::ImageUrls;
use marquee_core::model::ImageRef;
use wasm_bindgen::JsCast;

/// The faint picture behind a movie's or show's header. Over a calm gradient that is there
/// with or without it: no backdrop, or one that fails to load (offline, not cached, gone from
/// the server), leaves the gradient, never a broken-image icon (the image hides itself).
#[component]
pub fn Backdrop(image: Option<ImageRef>, images: ImageUrls) -> impl IntoView {
    let src = image.map(|b| images.url(&b, 1280));
    view! {
        <div class="backdrop" aria-hidden="true">
            {src.map(|src| view! {
                <img src=src alt="" decoding="async" on:error=|ev: leptos::ev::ErrorEvent| {
                    if let Some(img) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        let _ = img.set_attribute("hidden", "");
                    }
                }/>
            })}
        </div>
    }
}
