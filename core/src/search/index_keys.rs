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

/// Little words that start no search: each costs the index a key in most titles, and a search
/// for "lord of the rings" finds its titles by "lord" and "rings" and checks "of" and "the" on
/// them. A title's first word is indexed whatever it is ("The Matrix" is found as "the" is
/// typed).
const STOPWORDS: [&str; 19] = [
    "a", "an", "and", "at", "by", "de", "des", "du", "el", "for", "in", "la", "le", "les", "of",
    "on", "or", "the", "to",
];

/// A word no index key is made of, except as a title's first word.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// The index keys of `item`: each folded word of its titles once, sorted, without stopwords
/// after a title's first word; none for a kind search does not find, so those cost the index
/// nothing.
pub fn index_words(item: &Item) -> Vec<String> {
    if !is_searchable(&item.kind) {
        return Vec::new();
    }
    let mut all: Vec<String> = Vec::new();
    for title in titles(item) {
        let title_words = words(title);
        // The first chunk's parts (and its joined word) come first: "L'Odyssée" -> l, odyssee,
        // lodyssee; only the very first word is kept if it is a stopword.
        for (n, word) in title_words.into_iter().enumerate() {
            if n == 0 || !is_stopword(&word) {
                all.push(word);
            }
        }
    }
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
    fn stopwords_are_keys_only_as_a_title_s_first_word() {
        let item = movie(
            "The Lord of the Rings: The Return of the King",
            None,
            Some("lord of the rings return of the king"),
        );
        assert_eq!(
            index_words(&item),
            ["king", "lord", "return", "rings", "the"]
        );
        let item = movie("A Fistful of Dollars", None, None);
        assert_eq!(index_words(&item), ["a", "dollars", "fistful"]);
        assert!(is_stopword("of") && !is_stopword("off"));
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
