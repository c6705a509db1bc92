//! What a cached item puts in the search index: the distinct folded words of its titles.

use super::tokenize::words;
use crate::model::{Item, ItemKind};

/// The kinds search finds: films, shows and episodes (not seasons, folders or libraries).
pub fn is_searchable(kind: &ItemKind) -> bool {
    matches!(kind, ItemKind::Movie | ItemKind::Series | ItemKind::Episode)
}

/// The titles an item is found by: its name, original title and sort name.
pub fn titles(item: &Item) -> impl Iterator<Item = &str> {
    std::iter::once(item.name.as_str())
        .chain(item.original_title.as_deref())
        .chain(item.sort_name.as_deref())
}

/// The index keys of `item`: each folded word of its titles once, sorted; none for a kind
/// search does not find, so those cost the index nothing.
pub fn index_words(item: &Item) -> Vec<String> {
    if !is_searchable(&item.kind) {
        return Vec::new();
    }
    let mut all: Vec<String> = titles(item).flat_map(words).collect();
    all.sort_unstable();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn movie(name: &str, original: Option<&str>, sort: Option<&str>) -> Item {
        let mut item = Item::new("m", name, ItemKind::Movie);
        item.original_title = original.map(Into::into);
        item.sort_name = sort.map(Into::into);
        item
    }

    #[test]
    fn words_of_name_original_title_and_sort_name_once_each() {
        let item = movie(
            "Crouching Tiger, Hidden Dragon",
            Some("Wò Hú Cáng Lóng"),
            Some("crouching tiger hidden dragon"),
        );
        assert_eq!(
            index_words(&item),
            [
                "cang",
                "crouching",
                "dragon",
                "hidden",
                "hu",
                "long",
                "tiger",
                "wo"
            ]
        );
    }

    #[test]
    fn articles_and_numbers_are_words_too() {
        let item = movie("The 13th Warrior", None, Some("13th Warrior"));
        assert_eq!(index_words(&item), ["13th", "the", "warrior"]);
    }

    #[test]
    fn seasons_and_libraries_are_not_indexed() {
        assert!(index_words(&Item::new("s", "Season 1", ItemKind::Season)).is_empty());
        assert!(index_words(&Item::new("l", "Movies", ItemKind::Library)).is_empty());
        assert_eq!(
            index_words(&Item::new("e", "Pilot", ItemKind::Episode)),
            ["pilot"]
        );
    }
}
