//! One typo forgiven: does a typed word match the start of a title's word with at most one
//! edit (a letter wrong, missing, extra, or two neighbours swapped)?
//!
//! Only typed words of [`MIN_TYPO_LEN`] letters or more are forgiven (shorter ones would match
//! half the library), and their first letter must be right: the cache's index finds typo
//! candidates among the words that start with it.

/// The shortest typed word a typo is forgiven in.
pub const MIN_TYPO_LEN: usize = 5;

/// `typed` is one edit or less away from some prefix of `word` (both folded), `typed` has at
/// least [`MIN_TYPO_LEN`] letters and starts with `word`'s first letter.
pub fn within_one_typo(typed: &str, word: &str) -> bool {
    let t: Vec<char> = typed.chars().collect();
    let w: Vec<char> = word.chars().collect();
    if t.len() < MIN_TYPO_LEN || w.first() != t.first() || w.len() + 1 < t.len() {
        return false;
    }
    // Optimal string alignment distance between `t` and every prefix of `w`, row by row;
    // the last row's minimum is the best prefix. Titles' words are short: the table is tiny.
    let cols = w.len() + 1;
    let mut before = vec![0usize; cols];
    let mut previous: Vec<usize> = (0..cols).collect();
    let mut current = vec![0usize; cols];
    for i in 1..=t.len() {
        current[0] = i;
        for j in 1..cols {
            let cost = usize::from(t[i - 1] != w[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && t[i - 1] == w[j - 2] && t[i - 2] == w[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous.iter().min().is_some_and(|d| *d <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgives_one_edit_of_each_kind() {
        assert!(
            within_one_typo("intersteller", "interstellar"),
            "wrong letter"
        );
        assert!(
            within_one_typo("intersellar", "interstellar"),
            "missing letter"
        );
        assert!(
            within_one_typo("interstelllar", "interstellar"),
            "extra letter"
        );
        assert!(
            !within_one_typo("intresteller", "interstellar"),
            "two edits"
        );
        assert!(
            within_one_typo("inetrstellar", "interstellar"),
            "swapped neighbours"
        );
        assert!(within_one_typo("amelei", "amelie"), "swapped at the end");
    }

    #[test]
    fn a_typed_prefix_with_a_typo_matches_the_longer_word() {
        assert!(within_one_typo("interstel", "interstellar"));
        assert!(within_one_typo("intrstel", "interstellar"));
        assert!(within_one_typo("godfahter", "godfather"));
    }

    #[test]
    fn short_words_and_first_letters_are_not_forgiven() {
        assert!(within_one_typo("mtrix", "matrix"), "5 letters: forgiven");
        assert!(!within_one_typo("hast", "heat"), "4 letters: too short");
        assert!(
            !within_one_typo("xnterstellar", "interstellar"),
            "first letter wrong"
        );
        assert!(
            !within_one_typo("alien", "al"),
            "word far shorter than typed"
        );
    }

    #[test]
    fn counts_letters_not_bytes() {
        assert!(within_one_typo("日本語日本x", "日本語日本語"));
    }
}
