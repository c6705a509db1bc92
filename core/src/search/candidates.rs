//! How much a search reads: the search records under its lead word's prefix, at most a cap
//! that shrinks with the prefix (one letter starts a third of a library's words, and a page
//! shows a few dozen results anyway), and the typo lookup only when exact prefixes fall short.

use super::index_keys::is_stopword;
use super::query::SearchQuery;
use super::typo::MIN_TYPO_LEN;

/// Records read for a one-letter lead word.
pub const ONE_LETTER_CAP: u32 = 300;
/// Records read for a two-letter lead word.
pub const TWO_LETTER_CAP: u32 = 600;
/// Records read for a longer lead word: every title sharing a real word, within reason.
pub const WORD_CAP: u32 = 3_000;

/// The typed word whose prefix range is read: the longest (the fewest records) that is no
/// stopword (those are keys only as a title's first word), else the longest; the other words
/// are checked on the records read.
pub fn lead_word(query: &SearchQuery) -> Option<&str> {
    query
        .words
        .iter()
        .find(|word| !is_stopword(word))
        .or(query.words.first())
        .map(String::as_str)
}

/// At most this many records are read for the prefix `lead`.
pub fn candidate_cap(lead: &str) -> u32 {
    match lead.chars().count() {
        0 | 1 => ONE_LETTER_CAP,
        2 => TWO_LETTER_CAP,
        _ => WORD_CAP,
    }
}

/// The lead word to look up with one typo forgiven, when the exact prefixes found fewer
/// than `limit` matches and it is long enough; `None` keeps typo lookups out of the way.
pub fn typo_lookup<'q>(query: &'q SearchQuery, matched: usize, limit: usize) -> Option<&'q str> {
    let lead = lead_word(query)?;
    (matched < limit && lead.chars().count() >= MIN_TYPO_LEN).then_some(lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_word_leads() {
        assert_eq!(lead_word(&SearchQuery::parse("rel matrix")), Some("matrix"));
        assert_eq!(lead_word(&SearchQuery::parse(" ")), None);
        assert_eq!(lead_word(&SearchQuery::parse("the up")), Some("up"));
        assert_eq!(lead_word(&SearchQuery::parse("of the")), Some("the"));
    }

    #[test]
    fn short_prefixes_read_less() {
        assert_eq!(candidate_cap("s"), ONE_LETTER_CAP);
        assert_eq!(candidate_cap("é"), ONE_LETTER_CAP, "letters, not bytes");
        assert_eq!(candidate_cap("si"), TWO_LETTER_CAP);
        assert_eq!(candidate_cap("sil"), WORD_CAP);
        assert!(ONE_LETTER_CAP < TWO_LETTER_CAP && TWO_LETTER_CAP < WORD_CAP);
    }

    #[test]
    fn typos_are_looked_up_only_for_long_words_short_of_results() {
        let query = SearchQuery::parse("lanturn");
        assert_eq!(typo_lookup(&query, 0, 60), Some("lanturn"));
        assert_eq!(typo_lookup(&query, 60, 60), None, "enough exact results");
        assert_eq!(typo_lookup(&SearchQuery::parse("lant"), 0, 60), None);
    }
}
