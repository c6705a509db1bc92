//! Recent searches shown under the empty field: newest first, each once, a few at most.

use super::tokenize::normalized;

/// How many recent searches are kept.
pub const MAX_RECENT: usize = 8;

/// `recent` with `typed` put first: trimmed, replacing an earlier search that reads the same
/// once folded, at most [`MAX_RECENT`]. Blank or punctuation-only searches are not kept.
pub fn remember(recent: &[String], typed: &str) -> Vec<String> {
    let typed = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = normalized(&typed);
    if key.is_empty() {
        return recent.to_vec();
    }
    std::iter::once(typed)
        .chain(
            recent
                .iter()
                .filter(|earlier| normalized(earlier) != key)
                .cloned(),
        )
        .take(MAX_RECENT)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn newest_first_without_repeats() {
        let recent = remember(&[], "matrix");
        let recent = remember(&recent, "  Amélie  Poulain ");
        assert_eq!(recent, ["Amélie Poulain", "matrix"]);
        assert_eq!(remember(&recent, "MATRIX"), ["MATRIX", "Amélie Poulain"]);
        assert_eq!(
            remember(&recent, "amelie poulain!"),
            ["amelie poulain!", "matrix"]
        );
    }

    #[test]
    fn blank_searches_are_not_kept_and_the_list_is_capped() {
        let recent = list(&["a", "b"]);
        assert_eq!(remember(&recent, "  "), recent);
        assert_eq!(remember(&recent, "?!"), recent);
        let mut many = Vec::new();
        for i in 0..20 {
            many = remember(&many, &format!("q{i}"));
        }
        assert_eq!(many.len(), MAX_RECENT);
        assert_eq!(many[0], "q19");
        assert_eq!(many[MAX_RECENT - 1], "q12");
    }
}
