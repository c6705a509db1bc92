use leptos::prelude::*;

use crate::store::ImageUrls;
use marquee_core::model::ImageRef;
use wasm_bindgen::JsCast;

/// A picture in a fixed aspect-ratio box (`data-shape`: poster 2:3, thumb 16:9): no layout
/// shift, lazy loaded, sized for its box (`fillWidth`). The initial letter sits under the image,
/// so the box is never empty while it loads, when it is missing, or when it fails; a failed
/// image is hidden (`data-missing`), never shown as the browser's broken-image icon.
#[component]
pub fn Poster(
    image: Option<ImageRef>,
    images: ImageUrls,
    #[prop(into)] alt: String,
    /// CSS pixel width of the box; the request asks for twice that for sharp screens.
    #[prop(default = 180)]
    width: u32,
    #[prop(default = "poster")] shape: &'static str,
) -> impl IntoView {
    let failed = RwSignal::new(false);
    let initial = alt
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    let src = image.as_ref().map(|img| images.url(img, width * 2));
    let has_image = src.is_some();
    view! {
        <div class="poster" data-shape=shape data-missing=move || (!has_image || failed.get()).to_string()>
            <span class="poster-fallback" aria-hidden="true">{initial}</span>
            {src.map(|src| view! {
                <img src=src alt=alt.clone() loading="lazy" decoding="async"
                    on:error=move |_| failed.set(true)
                    on:load=move |event| {
                        // A "loaded" answer that is not a picture (an HTML page served for the
                        // image, offline) would show as a broken image: the placeholder instead.
                        let empty = event
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlImageElement>().ok())
                            .is_some_and(|img| img.natural_width() == 0);
                        if empty {
                            failed.set(true);
                        }
                    }/>
            })}
        </div>
    }
}
