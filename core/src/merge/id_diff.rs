//! `diff_ids`: what changed between two id lists of the same query (deletions are only
//! visible this way: incremental queries never report them).

use std::collections::HashSet;

/// The difference between an old and a new id list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdDiff {
    /// Ids only in the new list, in its order.
    pub added: Vec<String>,
    /// Ids only in the old list, in its order.
    pub removed: Vec<String>,
    /// Whether the ids in both lists appear in a different order.
    pub moved: bool,
}

impl IdDiff {
    /// Whether the lists are the same.
    pub fn is_unchanged(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && !self.moved
    }
}

/// Compares two id lists.
pub fn diff_ids(old: &[String], new: &[String]) -> IdDiff {
    // The usual answer of a revalidation: the same list. Comparing it in order costs a
    // fraction of hashing both (50,000 ids: a long task in wasm on a slow machine).
    if old == new {
        return IdDiff::default();
    }
    let old_set: HashSet<&str> = old.iter().map(String::as_str).collect();
    let new_set: HashSet<&str> = new.iter().map(String::as_str).collect();
    let added = new
        .iter()
        .filter(|id| !old_set.contains(id.as_str()))
        .cloned()
        .collect();
    let removed = old
        .iter()
        .filter(|id| !new_set.contains(id.as_str()))
        .cloned()
        .collect();
    let kept_old = old.iter().filter(|id| new_set.contains(id.as_str()));
    let kept_new = new.iter().filter(|id| old_set.contains(id.as_str()));
    IdDiff {
        added,
        removed,
        moved: !kept_old.eq(kept_new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn same_lists_are_unchanged() {
        let diff = diff_ids(&ids(&["a", "b"]), &ids(&["a", "b"]));
        assert!(diff.is_unchanged());
        assert!(diff_ids(&[], &[]).is_unchanged());
    }

    #[test]
    fn finds_additions_and_removals() {
        let diff = diff_ids(&ids(&["a", "b", "c"]), &ids(&["d", "a", "c"]));
        assert_eq!(
            diff,
            IdDiff {
                added: ids(&["d"]),
                removed: ids(&["b"]),
                moved: false
            }
        );
    }

    #[test]
    fn finds_moves() {
        let diff = diff_ids(&ids(&["a", "b", "c"]), &ids(&["c", "a", "b"]));
        assert_eq!(
            (diff.added.len(), diff.removed.len(), diff.moved),
            (0, 0, true)
        );
        assert!(!diff.is_unchanged());
    }
}
