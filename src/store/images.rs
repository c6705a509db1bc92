//! Image URLs for the views: the server's image endpoint for an item's picture at a width.
//! The token never goes into them (the server's images need none, and the service worker
//! caches them by URL).
use std::sync::Arc;

use marquee_core::model::ImageRef;

/// Builds image URLs for one server; cheap to clone into every card.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageUrls {
    base_url: Arc<str>,
}

impl ImageUrls {
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.into(),
        }
    }

    /// The picture at `width` CSS pixels (the server scales it down, never up).
    pub fn url(&self, image: &ImageRef, width: impl Into<Option<u32>>) -> String {
        image.url(&self.base_url, width)
    }
}
