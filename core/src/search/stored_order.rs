//! The order an item's index keys carry: each key is its word, a space and its order in two
//! characters, so within one word the items search would rank first come first,
//! and a capped read of a word's range reads the best candidates, not the first ids. One short
//! string per key: a `[word, order]` array or a wider order costs the index more to keep. A
//! space sorts before every letter and digit, so the keys of a word sit together, and a
//! prefix's range ("sil" to "sil\u{ffff}") holds every key of every word it starts.

use super::index_keys::{index_words, titles};
use super::tokenize::normalized;
use crate::model::Item;

/// Days since 1970 an order tells apart (2^17: until the year 2328); the date within a day
/// does not matter to which items are read, only to the ranking of those read.
const DAYS: i64 = 1 << 17;
/// One day in ms.
const DAY_MS: i64 = 86_400_000;
/// Each order character holds 10 bits, from this code point on (Latin Extended-A onwards:
/// above the separator and every ASCII letter, below the surrogates).
const DIGIT_BASE: u32 = 0x100;
/// Articles a title's first word may follow.
const ARTICLES: [&str; 3] = ["the ", "a ", "an "];

/// What separates a key's word from its order.
pub const KEY_SEPARATOR: char = ' ';

/// The word of an index key (a key of schema v3 is a bare word).
pub fn key_word(key: &str) -> &str {
    key.split(KEY_SEPARATOR).next().unwrap_or(key)
}

/// The index keys of `item`: each indexed word (`index_words`) with its order, smaller first:
/// a one-word title of that word, then titles starting with it, then the other items; each
/// in progress first, then the most recent (as `rank` orders ties).
pub fn index_keys(item: &Item) -> Vec<String> {
    let words = index_words(item);
    if words.is_empty() {
        return Vec::new();
    }
    let mut first_words: Vec<String> = Vec::new();
    let mut whole_titles: Vec<String> = Vec::new();
    for title in titles(item) {
        let title = normalized(title);
        let bare = ARTICLES
            .iter()
            .find_map(|article| title.strip_prefix(article))
            .unwrap_or(&title);
        for text in [title.as_str(), bare] {
            if let Some(first) = text.split(' ').next() {
                first_words.push(first.to_owned());
            }
            if !text.contains(' ') {
                whole_titles.push(text.to_owned());
            }
        }
    }
    let in_progress = item
        .user_data
        .as_ref()
        .is_some_and(|data| data.position_ticks > 0 && !data.played);
    let day = (item.premiere_date.or(item.date_created).unwrap_or(0) / DAY_MS).clamp(0, DAYS - 1);
    words
        .into_iter()
        .map(|word| {
            let place = if whole_titles.contains(&word) {
                0
            } else if first_words.contains(&word) {
                1
            } else {
                2
            };
            let major = place * 2 + i64::from(!in_progress);
            // Under 6 * 2^17 < 2^20: two characters of 10 bits each.
            let order = (major * DAYS + (DAYS - 1 - day)) as u32;
            let mut key = String::with_capacity(word.len() + 5);
            key.push_str(&word);
            key.push(KEY_SEPARATOR);
            for digit in [order >> 10, order & 0x3ff] {
                key.push(char::from_u32(DIGIT_BASE + digit).unwrap_or(char::MAX));
            }
            key
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemKind, UserData};

    /// A film that came out `day` days after 1970.
    fn film(name: &str, day: i64, started: bool) -> Item {
        let mut item = Item::new(name, name, ItemKind::Movie);
        item.premiere_date = Some(day * DAY_MS + 1_000);
        if started {
            item.user_data = Some(UserData {
                position_ticks: 5,
                ..UserData::default()
            });
        }
        item
    }

    /// The key of `word`: compared as strings, as the index does.
    fn order_of(item: &Item, word: &str) -> String {
        index_keys(item)
            .into_iter()
            .find(|key| key_word(key) == word)
            .unwrap_or_else(|| panic!("{word} is no key of {}", item.name))
    }

    #[test]
    fn keys_are_the_index_words_with_an_order() {
        let item = film("The Silent River", 1, false);
        let keys = index_keys(&item);
        let words: Vec<&str> = keys.iter().map(|key| key_word(key)).collect();
        assert_eq!(words, index_words(&item));
        // "river" is no title's first word, not in progress: major 5; day 1.
        let order = 5 * DAYS as u32 + (DAYS as u32 - 2);
        let expected: String = ["river ".to_string()]
            .into_iter()
            .chain(
                [order >> 10, order & 0x3ff]
                    .map(|d| char::from_u32(DIGIT_BASE + d).unwrap().to_string()),
            )
            .collect();
        assert_eq!(keys[0], expected, "word, space, two order characters");
        assert_eq!(keys[0].chars().count(), "river".len() + 3);
        assert_eq!(key_word("river"), "river", "a bare v3 key");
        assert!(index_keys(&Item::new("s", "Season 1", ItemKind::Season)).is_empty());
    }

    #[test]
    fn a_word_orders_its_items_as_search_ranks_them() {
        let one_word = film("Silent", 1, false);
        let starts = film("The Silent River", 2, false);
        let started_inside = film("River of Silent Hills", 3, true);
        let new_inside = film("River Silent", 9, false);
        let old_inside = film("Oslo Silent", 4, false);
        let order: Vec<String> = [
            &one_word,
            &starts,
            &started_inside,
            &new_inside,
            &old_inside,
        ]
        .iter()
        .map(|item| order_of(item, "silent"))
        .collect();
        assert!(
            order.windows(2).all(|pair| pair[0] < pair[1]),
            "one-word title, title start, in progress, newest, oldest: {order:?}"
        );
        assert!(
            order_of(&film("Silent", 1, true), "silent") < order_of(&one_word, "silent"),
            "in progress first among one-word titles"
        );
    }
}
