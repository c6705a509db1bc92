//! How much a search reads. Items come in their words' stored order (`stored_order`: the
//! ones ranking puts first, first), so a few hundred are enough for a page of a few dozen
//! results: at most a cap under the lead word's prefix, fewer for one or two letters (which
//! start a third of a library's words). Other typed words of three letters or more narrow the
//! lead's ids first (ids only, cheap), so a two-word search reads its best matches, not the
//! lead's best items that may not match. The typo lookup runs only when exact prefixes fall
//! short.

use super::index_keys::is_stopword;
use super::query::SearchQuery;
use super::typo::MIN_TYPO_LEN;

/// Items read for a one-letter lead word.
pub const ONE_LETTER_CAP: u32 = 120;
/// Items read for a two-letter lead word.
pub const TWO_LETTER_CAP: u32 = 160;
/// Items read for a longer lead word.
pub const WORD_CAP: u32 = 200;
/// Ids read per word to narrow the lead's: every title sharing a real word, within reason.
pub const IDS_PER_WORD: u32 = 20_000;
/// The shortest typed word that narrows the lead's ids (shorter ones are checked on the items).
pub const MIN_NARROWING_LEN: usize = 3;

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

/// The typed words besides the lead whose ids narrow the lead's: three letters or more, no
/// stopwords (those are no index keys after a title's first word).
pub fn narrowing_words(query: &SearchQuery) -> Vec<&str> {
    let lead = lead_word(query);
    query
        .words
        .iter()
        .map(String::as_str)
        .filter(|word| {
            Some(*word) != lead && word.chars().count() >= MIN_NARROWING_LEN && !is_stopword(word)
        })
        .collect()
}

/// The lead word to look up with one typo forgiven, when the exact prefixes found fewer
/// than `limit` matches and it is long enough; `None` keeps typo lookups out of the way.
pub fn typo_lookup(query: &SearchQuery, matched: usize, limit: usize) -> Option<&str> {
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
        const { assert!(ONE_LETTER_CAP < TWO_LETTER_CAP && TWO_LETTER_CAP < WORD_CAP) };
    }

    #[test]
    fn words_of_three_letters_or_more_narrow_the_lead() {
        assert_eq!(
            narrowing_words(&SearchQuery::parse("silent river of r")),
            ["river"]
        );
        assert!(narrowing_words(&SearchQuery::parse("silent")).is_empty());
        assert!(narrowing_words(&SearchQuery::parse("the")).is_empty());
    }

    #[test]
    fn typos_are_looked_up_only_for_long_words_short_of_results() {
        let query = SearchQuery::parse("lanturn");
        assert_eq!(typo_lookup(&query, 0, 60), Some("lanturn"));
        assert_eq!(typo_lookup(&query, 60, 60), None, "enough exact results");
        assert_eq!(typo_lookup(&SearchQuery::parse("lant"), 0, 60), None);
    }
}
