//! `ItemKind`: the kinds of item the app treats differently.

use serde::{Deserialize, Serialize};

use crate::jellyfin::ItemType;

/// What an item is, as far as the app cares (Jellyfin's open `Type` folded to a closed set).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A film.
    Movie,
    /// A TV show.
    Series,
    /// A season of a show.
    Season,
    /// An episode.
    Episode,
    /// A library (`CollectionFolder` or `UserView`).
    Library,
    /// A collection (`BoxSet`).
    Collection,
    /// A plain folder.
    Folder,
    /// Anything else (music, people, trailers, types added by newer servers, ...).
    #[default]
    Other,
}

impl ItemKind {
    /// Folds a Jellyfin type into a kind.
    pub fn from_item_type(item_type: &ItemType) -> Self {
        match item_type {
            ItemType::Movie => Self::Movie,
            ItemType::Series => Self::Series,
            ItemType::Season => Self::Season,
            ItemType::Episode => Self::Episode,
            ItemType::CollectionFolder | ItemType::UserView => Self::Library,
            ItemType::BoxSet => Self::Collection,
            ItemType::Folder => Self::Folder,
            _ => Self::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_types() {
        assert_eq!(
            ItemKind::from_item_type(&ItemType::UserView),
            ItemKind::Library
        );
        assert_eq!(
            ItemKind::from_item_type(&ItemType::CollectionFolder),
            ItemKind::Library
        );
        assert_eq!(
            ItemKind::from_item_type(&ItemType::BoxSet),
            ItemKind::Collection
        );
        assert_eq!(
            ItemKind::from_item_type(&ItemType::Other("Trailer".into())),
            ItemKind::Other
        );
        assert_eq!(ItemKind::from_item_type(&ItemType::Audio), ItemKind::Other);
        assert_eq!(
            serde_json::to_string(&ItemKind::Episode).unwrap(),
            "\"episode\""
        );
    }
}
