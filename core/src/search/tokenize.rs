//! Words of a title: folded, split at spaces and punctuation.
//!
//! Apostrophes vanish inside a word ("Schindler's" -> "schindlers", so "schindler" still finds
//! it as a prefix). A chunk joined by punctuation ("Spider-Man", "S.W.A.T.") also yields the
//! joined word, so "spiderman" and "swat" find it too.

use super::fold::fold_char_into;

/// The folded words of `text`, in order, duplicates kept.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split(char::is_whitespace) {
        let mut parts: Vec<String> = Vec::new();
        let mut current = String::new();
        for c in chunk.chars() {
            if is_apostrophe(c) {
                continue;
            }
            if c.is_alphanumeric() {
                fold_char_into(c, &mut current);
            } else if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            parts.push(current);
        }
        let joined = (parts.len() > 1).then(|| parts.concat());
        out.extend(parts);
        out.extend(joined);
    }
    out
}

/// The words of `text` joined by single spaces: the form titles are compared in.
pub fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for chunk in text.split(char::is_whitespace) {
        for c in chunk.chars() {
            if is_apostrophe(c) {
                continue;
            }
            if c.is_alphanumeric() {
                fold_char_into(c, &mut out);
            } else if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.truncate(out.trim_end().len());
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_real_titles_into_folded_words() {
        assert_eq!(words("The Matrix Reloaded"), ["the", "matrix", "reloaded"]);
        assert_eq!(
            words("Léon: The Professional"),
            ["leon", "the", "professional"]
        );
        assert_eq!(words("Schindler's List"), ["schindlers", "list"]);
        assert_eq!(
            words("2001: A Space Odyssey"),
            ["2001", "a", "space", "odyssey"]
        );
        assert_eq!(words("  12   Angry Men "), ["12", "angry", "men"]);
        assert_eq!(
            words("Mission: Impossible – Fallout"),
            ["mission", "impossible", "fallout"]
        );
    }

    #[test]
    fn joined_chunks_also_yield_the_joined_word() {
        assert_eq!(words("Spider-Man"), ["spider", "man", "spiderman"]);
        assert_eq!(words("S.W.A.T."), ["s", "w", "a", "t", "swat"]);
        assert_eq!(words("WALL·E"), ["wall", "e", "walle"]);
    }

    #[test]
    fn punctuation_or_blank_alone_has_no_words() {
        assert!(words("").is_empty());
        assert!(words(" -- !? ").is_empty());
    }

    #[test]
    fn normalized_joins_words_with_single_spaces() {
        assert_eq!(
            normalized("Léon:  The Professional!"),
            "leon the professional"
        );
        assert_eq!(normalized("Spider-Man"), "spider man");
        assert_eq!(normalized(" ... "), "");
    }
}
