//! `SearchQuery`: what the user typed, as the matcher and the index read it.

use super::tokenize::{normalized, words};

/// A parsed search: the folded text and its words, each a word prefix to find.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    /// The folded words joined by single spaces (compared with whole titles).
    pub text: String,
    /// The distinct folded words, longest first (the most selective leads index lookups).
    pub words: Vec<String>,
}

impl SearchQuery {
    /// Parses what was typed; punctuation and spacing do not matter.
    pub fn parse(typed: &str) -> SearchQuery {
        let mut list = words(typed);
        list.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        list.dedup();
        SearchQuery {
            text: normalized(typed),
            words: list,
        }
    }

    /// Nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_longest_first_and_folded_text() {
        let query = SearchQuery::parse("  Matrix  RÉL ");
        assert_eq!(query.text, "matrix rel");
        assert_eq!(query.words, ["matrix", "rel"]);
        assert_eq!(SearchQuery::parse("a b a").words, ["a", "b"]);
    }

    #[test]
    fn blank_or_punctuation_is_empty() {
        assert!(SearchQuery::parse("").is_empty());
        assert!(SearchQuery::parse(" ?! ").is_empty());
        assert!(!SearchQuery::parse("9").is_empty());
    }
}
