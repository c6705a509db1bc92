//! Whether an item matches a query, and how well (the first key of the ranking).

use super::query::SearchQuery;
use super::record::SearchRecord;
use super::tokenize::normalized;
use super::typo::within_one_typo;
use crate::model::Item;

/// How an item matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchTier {
    /// A title is exactly the query ("matrix" and "The Matrix" sorted as "matrix").
    ExactTitle,
    /// A title starts with the query.
    TitlePrefix,
    /// Every typed word starts a word of the titles, in any order.
    WordPrefixes,
    /// As above, with one typo forgiven in some typed word.
    Fuzzy,
}

/// Leading articles a title may be typed without.
const ARTICLES: [&str; 3] = ["the ", "a ", "an "];

/// How `item` matches `query`, or `None`. Only films, shows and episodes match.
pub fn match_tier(query: &SearchQuery, item: &Item) -> Option<MatchTier> {
    match_record(query, &SearchRecord::of(item)?)
}

/// How the item of `record` matches `query`, or `None`: what ranking reads.
pub fn match_record(query: &SearchQuery, record: &SearchRecord) -> Option<MatchTier> {
    if query.is_empty() {
        return None;
    }
    // The titles normalized, made once and only when needed (stopwords, then the tiers).
    let mut titles: Option<Vec<String>> = None;
    let mut fuzzy = false;
    for typed in &query.words {
        if record
            .words
            .iter()
            .any(|word| word.starts_with(typed.as_str()))
        {
            continue;
        }
        // Stopwords are no index keys: they are found among the titles' words.
        let in_titles = titles
            .get_or_insert_with(|| record.titles().map(normalized).collect())
            .iter()
            .flat_map(|title| title.split(' '))
            .any(|word| word.starts_with(typed.as_str()));
        if in_titles {
            continue;
        }
        if record.words.iter().any(|word| within_one_typo(typed, word)) {
            fuzzy = true;
            continue;
        }
        return None;
    }
    if fuzzy {
        return Some(MatchTier::Fuzzy);
    }
    let mut best = MatchTier::WordPrefixes;
    let titles = titles.unwrap_or_else(|| record.titles().map(normalized).collect());
    for title in &titles {
        let bare = ARTICLES
            .iter()
            .find_map(|article| title.strip_prefix(article))
            .unwrap_or(title);
        if *title == query.text || bare == query.text {
            return Some(MatchTier::ExactTitle);
        }
        if title.starts_with(&query.text) || bare.starts_with(&query.text) {
            best = MatchTier::TitlePrefix;
        }
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemKind;

    fn tier(typed: &str, name: &str) -> Option<MatchTier> {
        match_tier(
            &SearchQuery::parse(typed),
            &Item::new("i", name, ItemKind::Movie),
        )
    }

    #[test]
    fn word_prefixes_in_any_order() {
        assert_eq!(
            tier("matrix rel", "The Matrix Reloaded"),
            Some(MatchTier::TitlePrefix)
        );
        assert_eq!(
            tier("rel matrix", "The Matrix Reloaded"),
            Some(MatchTier::WordPrefixes)
        );
        assert_eq!(
            tier("reloaded", "The Matrix Reloaded"),
            Some(MatchTier::WordPrefixes)
        );
        assert_eq!(tier("matrix revo", "The Matrix Reloaded"), None);
        assert_eq!(
            tier("atrix", "The Matrix"),
            None,
            "inside a word is no match"
        );
    }

    #[test]
    fn case_diacritics_and_punctuation_do_not_matter() {
        assert_eq!(tier("amelie", "Amélie"), Some(MatchTier::ExactTitle));
        assert_eq!(tier("AMÉLIE", "Amelie"), Some(MatchTier::ExactTitle));
        assert_eq!(
            tier("leon professional", "Léon: The Professional"),
            Some(MatchTier::WordPrefixes)
        );
        assert_eq!(
            tier("leon the", "Léon: The Professional"),
            Some(MatchTier::TitlePrefix)
        );
        assert_eq!(
            tier("schindler", "Schindler's List"),
            Some(MatchTier::TitlePrefix)
        );
        assert_eq!(
            tier("spiderman", "Spider-Man"),
            Some(MatchTier::WordPrefixes)
        );
    }

    #[test]
    fn titles_may_be_typed_without_their_article() {
        assert_eq!(tier("matrix", "The Matrix"), Some(MatchTier::ExactTitle));
        assert_eq!(
            tier("beautiful mind", "A Beautiful Mind"),
            Some(MatchTier::ExactTitle)
        );
        assert_eq!(
            tier("the matrix", "The Matrix"),
            Some(MatchTier::ExactTitle)
        );
    }

    #[test]
    fn numbers_are_words() {
        assert_eq!(
            tier("2001", "2001: A Space Odyssey"),
            Some(MatchTier::TitlePrefix)
        );
        assert_eq!(
            tier("12 men", "12 Angry Men"),
            Some(MatchTier::WordPrefixes)
        );
        assert_eq!(tier("13", "The 13th Warrior"), Some(MatchTier::TitlePrefix));
        assert_eq!(
            tier("warrior 13", "The 13th Warrior"),
            Some(MatchTier::WordPrefixes)
        );
        assert_eq!(tier("201", "1984"), None);
    }

    #[test]
    fn one_typo_in_a_long_word_is_fuzzy() {
        assert_eq!(tier("intersteller", "Interstellar"), Some(MatchTier::Fuzzy));
        assert_eq!(
            tier("godfahter part", "The Godfather Part II"),
            Some(MatchTier::Fuzzy)
        );
        assert_eq!(tier("hest", "Heat"), None, "four letters: no typo forgiven");
        assert_eq!(tier("intresteller", "Interstellar"), None, "two typos");
    }

    #[test]
    fn stopwords_match_anywhere_though_not_index_keys() {
        assert_eq!(
            tier("lord of the", "The Lord of the Rings"),
            Some(MatchTier::TitlePrefix)
        );
        assert_eq!(
            tier("rings of", "The Lord of the Rings"),
            Some(MatchTier::WordPrefixes)
        );
        assert_eq!(tier("rings in", "The Lord of the Rings"), None);
    }

    #[test]
    fn original_titles_and_sort_names_count() {
        let mut item = Item::new("i", "Spirited Away", ItemKind::Movie);
        item.original_title = Some("Sen to Chihiro no Kamikakushi".into());
        item.sort_name = Some("spirited away 2001".into());
        let q = |typed: &str| match_tier(&SearchQuery::parse(typed), &item);
        assert_eq!(q("chihiro"), Some(MatchTier::WordPrefixes));
        assert_eq!(
            q("sen to chihiro no kamikakushi"),
            Some(MatchTier::ExactTitle)
        );
        assert_eq!(q("away 2001"), Some(MatchTier::WordPrefixes));
    }

    #[test]
    fn only_films_shows_and_episodes_match() {
        let query = SearchQuery::parse("season");
        assert!(match_tier(&query, &Item::new("s", "Season 1", ItemKind::Season)).is_none());
        let episode = Item::new("e", "Season Finale", ItemKind::Episode);
        assert_eq!(match_tier(&query, &episode), Some(MatchTier::TitlePrefix));
        assert!(match_tier(&SearchQuery::parse(" "), &episode).is_none());
    }
}
