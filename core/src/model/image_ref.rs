//! `ImageRef`: everything needed to show one image (and its placeholder) without the item.

use serde::{Deserialize, Serialize};

use crate::jellyfin::request::image_url;
use crate::jellyfin::ImageType;

/// One image of one item: which item owns it (possibly a parent standing in), its kind, its
/// cache tag, and what to show while it loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageRef {
    /// The item that owns the image (a show, for an episode borrowing the show's backdrop).
    pub item_id: String,
    /// Which image.
    pub image_type: ImageType,
    /// The server's cache tag (part of the URL, so a changed image gets a new URL).
    pub tag: String,
    /// A blurhash to paint while loading.
    pub blurhash: Option<String>,
    /// Width / height, to reserve space before the image arrives.
    pub aspect_ratio: Option<f64>,
}

impl ImageRef {
    /// The image URL on `base`, scaled to `width` pixels when given.
    pub fn url(&self, base: &str, width: impl Into<Option<u32>>) -> String {
        image_url(base, &self.item_id, self.image_type, &self.tag, width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_uses_the_owner_and_tag() {
        let image = ImageRef {
            item_id: "series1".into(),
            image_type: ImageType::Backdrop,
            tag: "bt".into(),
            blurhash: None,
            aspect_ratio: None,
        };
        assert_eq!(
            image.url("http://h/", 1280),
            "http://h/Items/series1/Images/Backdrop?tag=bt&fillWidth=1280"
        );
        assert_eq!(
            image.url("http://h", None),
            "http://h/Items/series1/Images/Backdrop?tag=bt"
        );
    }
}
