//! Which cached query keys a change on the server makes stale. The store refreshes exactly
//! these (at High priority for what is on screen) instead of waiting for TTLs.
use serde::{Deserialize, Serialize};

use crate::model::QueryKey;

/// A change the server reported, as tabs pass it to each other.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ServerChange {
    /// Items whose metadata changed.
    pub updated: Vec<String>,
    /// Items that appeared.
    pub added: Vec<String>,
    /// Items that were deleted.
    pub removed: Vec<String>,
    /// Items whose user data (played, favorite, progress) changed.
    pub user_data: Vec<String>,
}

impl ServerChange {
    fn touches(&self, ids: &[String]) -> bool {
        let all = || {
            self.updated
                .iter()
                .chain(&self.removed)
                .chain(&self.user_data)
        };
        all().any(|changed| ids.contains(changed))
    }

    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.updated.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.user_data.is_empty()
    }
}

/// The keys among `live` (keys on screen or cached, each with the ids it lists) that `change`
/// invalidates:
/// - any key listing a changed, removed or user-data-changed item, and the item's own details;
/// - additions and removals: every library view and "Recently Added" (we can't tell which
///   library an unseen item belongs to);
/// - user data: Continue Watching and Next Up, which are computed from it.
pub fn keys_to_refresh(change: &ServerChange, live: &[(QueryKey, Vec<String>)]) -> Vec<QueryKey> {
    let mut keys: Vec<QueryKey> = Vec::new();
    let mut add = |key: &QueryKey| {
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    };
    let membership_changed = !change.added.is_empty() || !change.removed.is_empty();
    for (key, ids) in live {
        let hit = match key {
            QueryKey::Item { id } => {
                change.updated.contains(id)
                    || change.user_data.contains(id)
                    || change.removed.contains(id)
            }
            QueryKey::ContinueWatching | QueryKey::NextUp => {
                !change.user_data.is_empty() || change.touches(ids)
            }
            QueryKey::Latest { .. } | QueryKey::Library(_) => {
                membership_changed || change.touches(ids)
            }
            QueryKey::Seasons { .. } | QueryKey::Episodes { .. } => {
                membership_changed || change.touches(ids)
            }
            QueryKey::Libraries => change.touches(ids),
        };
        if hit {
            add(key);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LibraryItemType, LibraryView};

    fn live() -> Vec<(QueryKey, Vec<String>)> {
        vec![
            (QueryKey::Libraries, vec!["lib".into()]),
            (QueryKey::ContinueWatching, vec!["e1".into()]),
            (QueryKey::NextUp, vec!["e2".into()]),
            (
                QueryKey::Latest {
                    library_id: "lib".into(),
                },
                vec!["m1".into()],
            ),
            (
                QueryKey::Library(LibraryView::new("lib", LibraryItemType::Movie)),
                vec!["m1".into(), "m2".into()],
            ),
            (QueryKey::Item { id: "m2".into() }, vec!["m2".into()]),
            (
                QueryKey::Episodes {
                    series_id: "s".into(),
                    season_id: "s1".into(),
                },
                vec!["e1".into(), "e2".into()],
            ),
        ]
    }

    #[test]
    fn a_renamed_movie_refreshes_the_lists_that_show_it_and_its_page() {
        let change = ServerChange {
            updated: vec!["m2".into()],
            ..Default::default()
        };
        let keys = keys_to_refresh(&change, &live());
        assert_eq!(
            keys,
            vec![
                QueryKey::Library(LibraryView::new("lib", LibraryItemType::Movie)),
                QueryKey::Item { id: "m2".into() },
            ]
        );
    }

    #[test]
    fn an_episode_marked_played_refreshes_continue_watching_next_up_and_its_season() {
        let change = ServerChange {
            user_data: vec!["e1".into()],
            ..Default::default()
        };
        let keys = keys_to_refresh(&change, &live());
        assert!(keys.contains(&QueryKey::ContinueWatching));
        assert!(keys.contains(&QueryKey::NextUp));
        assert!(keys.contains(&QueryKey::Episodes {
            series_id: "s".into(),
            season_id: "s1".into()
        }));
        assert!(!keys.contains(&QueryKey::Libraries));
        assert!(!keys.contains(&QueryKey::Item { id: "m2".into() }));
    }

    #[test]
    fn an_added_item_refreshes_library_views_and_recently_added_only() {
        let change = ServerChange {
            added: vec!["new".into()],
            ..Default::default()
        };
        let keys = keys_to_refresh(&change, &live());
        assert!(keys.contains(&QueryKey::Latest {
            library_id: "lib".into()
        }));
        assert!(keys.contains(&QueryKey::Library(LibraryView::new(
            "lib",
            LibraryItemType::Movie
        ))));
        assert!(!keys.contains(&QueryKey::ContinueWatching));
        assert!(!keys.contains(&QueryKey::Item { id: "m2".into() }));
    }

    #[test]
    fn an_unrelated_change_refreshes_nothing() {
        let change = ServerChange {
            updated: vec!["elsewhere".into()],
            ..Default::default()
        };
        assert!(keys_to_refresh(&change, &live()).is_empty());
        assert!(keys_to_refresh(&ServerChange::default(), &live()).is_empty());
        assert!(ServerChange::default().is_empty());
    }
}
