//! When a keystroke can search the last search's candidates instead of the index. Typing
//! mostly lengthens a query ("silent riv", "silent rive", "silent river"), and every item a
//! longer word finds, its shorter prefix found too. So when the last search read *all* the
//! items its index words find (not a capped share), the next one, whose index words each
//! lengthen or repeat one of those, finds only items among them: they can be filtered in
//! memory, and reading two words' whole id lists again (10–20 µs an id in IndexedDB) is
//! skipped.

use super::candidates::{lead_word, narrowing_words};
use super::query::SearchQuery;
use super::record::SearchRecord;

/// The typed words the index is read for: the lead, then the words that narrow it.
pub fn lookup_words(query: &SearchQuery) -> Vec<String> {
    lead_word(query)
        .into_iter()
        .chain(narrowing_words(query))
        .map(str::to_owned)
        .collect()
}

/// Whether every item `next`'s index words find was found by `previous`'s: each previous
/// index word is a prefix of one of `next`'s (a range read for the longer word lies inside
/// the shorter word's range).
pub fn narrows(previous: &[String], next: &[String]) -> bool {
    !previous.is_empty()
        && previous
            .iter()
            .all(|old| next.iter().any(|new| new.starts_with(old.as_str())))
}

/// Whether `record` is among the items the index finds for `words`: each starts one of its
/// index words (what a range read of each word, intersected, would give).
pub fn found_by(record: &SearchRecord, words: &[String]) -> bool {
    words.iter().all(|typed| {
        record
            .words
            .iter()
            .any(|word| word.starts_with(typed.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(typed: &str) -> Vec<String> {
        lookup_words(&SearchQuery::parse(typed))
    }

    fn record(id: &str, words: &[&str]) -> SearchRecord {
        SearchRecord {
            id: id.into(),
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            name: words.join(" "),
            original_title: None,
            sort_name: None,
            in_progress: false,
            date: None,
        }
    }

    #[test]
    fn lookup_words_are_the_lead_and_the_narrowing_words() {
        assert_eq!(words("silent riv"), ["silent", "riv"]);
        assert_eq!(
            words("silent ri"),
            ["silent"],
            "two letters are checked on records"
        );
        assert_eq!(words("the silent"), ["silent"], "stopwords are not read");
        assert!(words(" ").is_empty());
    }

    #[test]
    fn a_lengthened_query_narrows_the_last_one() {
        assert!(narrows(&words("silent riv"), &words("silent rive")));
        assert!(narrows(&words("silent riv"), &words("silent river")));
        assert!(narrows(&words("silent riv"), &words("silent river mon")));
        assert!(narrows(&words("silent"), &words("silent riv")));
        assert!(
            narrows(&words("silent riv"), &words("riv silent")),
            "any order"
        );
    }

    #[test]
    fn a_changed_or_shortened_query_does_not() {
        assert!(!narrows(&words("silent river"), &words("silent rive")));
        assert!(!narrows(&words("silent riv"), &words("silent rav")));
        assert!(!narrows(&words("silent riv"), &words("silent")));
        assert!(!narrows(&[], &words("silent")));
    }

    #[test]
    fn found_by_needs_every_word_to_start_an_index_word() {
        let silent_river = record("1", &["silent", "river"]);
        assert!(found_by(&silent_river, &words("silent rive")));
        assert!(found_by(&silent_river, &words("riv sil")));
        assert!(!found_by(&silent_river, &words("silent rivers")));
        assert!(!found_by(
            &record("2", &["silent", "road"]),
            &words("silent riv")
        ));
    }
}
