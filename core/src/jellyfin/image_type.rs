//! Which of an item's images is meant.

use serde::{Deserialize, Serialize};

/// The image kinds the app shows (Jellyfin's names, as used in image URLs and `ImageTags`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ImageType {
    /// The poster (or the cover of an episode).
    Primary,
    /// A wide background picture.
    Backdrop,
    /// A wide picture with the title on it.
    Thumb,
}

impl ImageType {
    /// The name Jellyfin uses in URLs and in the `ImageTags` map.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Primary => "Primary",
            Self::Backdrop => "Backdrop",
            Self::Thumb => "Thumb",
        }
    }
}

impl AsRef<str> for ImageType {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for ImageType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_jellyfin_names() {
        assert_eq!(ImageType::Backdrop.as_str(), "Backdrop");
        assert_eq!(
            serde_json::to_string(&ImageType::Thumb).unwrap(),
            "\"Thumb\""
        );
    }
}
