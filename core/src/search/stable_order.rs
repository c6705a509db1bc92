//! Results that arrive later (the server's) join the list without moving what is on screen.

/// The ids to show: `shown` first, in their order, where still in `ranked`; then the rest of
/// `ranked` in its order. A result the user is looking at never moves down or away because
/// another one arrived; one that no longer matches (renamed, deleted) does go.
pub fn keep_shown_order(shown: &[String], ranked: &[String]) -> Vec<String> {
    let mut out: Vec<String> = shown
        .iter()
        .filter(|id| ranked.contains(id))
        .cloned()
        .collect();
    out.extend(ranked.iter().filter(|id| !shown.contains(id)).cloned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn newcomers_go_after_what_is_shown() {
        let shown = list(&["b", "a"]);
        let ranked = list(&["c", "a", "d", "b"]);
        assert_eq!(keep_shown_order(&shown, &ranked), ["b", "a", "c", "d"]);
    }

    #[test]
    fn results_that_stopped_matching_go() {
        let shown = list(&["b", "gone", "a"]);
        let ranked = list(&["a", "b"]);
        assert_eq!(keep_shown_order(&shown, &ranked), ["b", "a"]);
        assert_eq!(keep_shown_order(&[], &ranked), ["a", "b"]);
    }
}
