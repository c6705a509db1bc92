//! The order and letter ranges of library pages, shared by every cache store so an IndexedDB
//! index and the memory store answer alike.

use std::cmp::Ordering;

use crate::merge::CachedItem;
use crate::model::{letter_group, LibrarySort};

/// The ascending order of library pages: by the sort key, ties broken by item id (so paging
/// is stable). A descending page is exactly the reverse.
pub fn compare_for_library(a: &CachedItem, b: &CachedItem, sort: LibrarySort) -> Ordering {
    a.sort
        .compare(&b.sort, sort)
        .then_with(|| a.item.id.cmp(&b.item.id))
}

/// The name-key range filed under an A–Z letter: `(from, to)`, `from` inclusive, `to`
/// exclusive. `#` (anything that is not a letter) is the range before `a`. Lowercase letters,
/// uppercase letters and accented Latin letters name the same range.
///
/// The letter offset is then one key-range count: ascending, the names `< from`; descending,
/// the names `>= to`.
pub fn letter_range(letter: char) -> (String, String) {
    let group = letter_group(letter);
    if group == '#' {
        return (String::new(), "a".to_owned());
    }
    let from = group.to_ascii_lowercase();
    let to = char::from(from as u8 + 1);
    (from.to_string(), to.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_ranges() {
        assert_eq!(letter_range('B'), ("b".to_owned(), "c".to_owned()));
        assert_eq!(letter_range('b'), ("b".to_owned(), "c".to_owned()));
        assert_eq!(letter_range('É'), ("e".to_owned(), "f".to_owned()));
        assert_eq!(letter_range('Z'), ("z".to_owned(), "{".to_owned()));
        assert_eq!(letter_range('#'), (String::new(), "a".to_owned()));
        assert_eq!(letter_range('7'), (String::new(), "a".to_owned()));
    }
}
