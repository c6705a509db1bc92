//! Confirm-before-shrink: a library list that suddenly empties or loses more than half of its
//! items is more often a proxy, a half-started server or a bad answer than a real deletion.
//! Such a list is only taken after a second request, asking the server to count
//! (`EnableTotalRecordCount=true`), agrees with it.

/// Whether a list that held `cached` ids and now comes back with `fetched` must be confirmed
/// before it replaces the cached one: emptied, or shrunk by more than half.
pub fn shrink_needs_confirmation(cached: usize, fetched: usize) -> bool {
    cached > 0 && (fetched == 0 || fetched.saturating_mul(2) < cached)
}

/// Whether the server's own count (`TotalRecordCount` of a counting request) confirms a list
/// of `fetched` ids. The count must agree exactly: a different number means one of the two
/// answers is not the library as it is.
pub fn count_confirms(fetched: usize, counted: u32) -> bool {
    usize::try_from(counted).is_ok_and(|counted| counted == fetched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emptied_or_more_than_halved_needs_a_second_look() {
        assert!(shrink_needs_confirmation(2016, 0));
        assert!(shrink_needs_confirmation(2016, 16));
        assert!(shrink_needs_confirmation(2016, 1007));
        assert!(shrink_needs_confirmation(1, 0));
    }

    #[test]
    fn normal_changes_go_through() {
        assert!(!shrink_needs_confirmation(2016, 1008), "exactly half");
        assert!(!shrink_needs_confirmation(2016, 2015), "one deleted");
        assert!(!shrink_needs_confirmation(2016, 3000), "grown");
        assert!(!shrink_needs_confirmation(0, 0), "nothing cached");
        assert!(!shrink_needs_confirmation(0, 10));
    }

    #[test]
    fn the_count_must_agree() {
        assert!(count_confirms(0, 0));
        assert!(count_confirms(16, 16));
        assert!(!count_confirms(0, 2016));
        assert!(!count_confirms(16, 2016));
        assert!(!count_confirms(16, 17));
    }
}
