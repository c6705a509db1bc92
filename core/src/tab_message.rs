//! What tabs tell each other over the BroadcastChannel. One enum, serialized with serde as JSON.
use serde::{Deserialize, Serialize};

use crate::model::QueryKey;

/// A message between the open tabs of one user: a change to the shared cache, the server or the
/// session that every other tab must reflect.
/// Keys travel in their stable string form (`QueryKey::to_string`); a message whose key does
/// not parse (from another build) does not read, and is ignored like any unreadable message.
// Externally tagged (serde's default): an internally tagged enum buffers every message and
// compiled to 20 KB of wasm more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TabMessage {
    /// A query result was written: re-read `key` from IndexedDB.
    Updated {
        /// The query.
        key: QueryKey,
        /// When the written data was fetched (ms since the Unix epoch).
        fetched_at: i64,
    },
    /// Continue Watching, Next Up and Recently Added were refreshed.
    HomeSectionsRefreshed,
    /// A page of a library was written.
    LibraryRefreshed {
        /// The library.
        library_id: String,
    },
    /// A whole-library refresh finished; `changed` says whether anything differed.
    LibraryRefreshCompleted {
        /// The library.
        library_id: String,
        /// Whether anything differed from the cache.
        changed: bool,
    },
    /// One item's full metadata was refreshed.
    ItemRefreshCompleted {
        /// The item.
        item_id: String,
    },
    /// Played / favorite / progress of an item changed (locally or on the server).
    UserDataChanged {
        /// The item.
        item_id: String,
    },
    /// A refresh in another tab failed; `reason` is user-readable.
    RefreshFailed {
        /// The query.
        key: QueryKey,
        /// What went wrong, readable by a user.
        reason: String,
    },
    /// Another tab opened a newer database schema: this tab must reload.
    SchemaUpgraded {
        /// The new schema version.
        version: u32,
    },
    /// The user logged out in another tab.
    LoggedOut,
    /// A tab found the server unreachable (a network error, a failed probe): every tab says
    /// Offline on every page, whatever the age of its data.
    ServerUnreachable,
    /// A tab reached the server again: every tab goes back to fresh or stale by itself.
    ServerReachable,
    /// A tab wants the outbox sent now (the user is logging out): the leader drains at once.
    OutboxSendRequested,
    /// The server pushed a change (the leader tab holds the socket and relays it).
    ServerChanged {
        /// What changed.
        change: crate::live::ServerChange,
    },
}

impl TabMessage {
    /// What a tab tells the others once it wrote a fresh result for `key`: the seed's own
    /// message where there is one (Home's sections, an item), else `Updated`. A library's
    /// sync tells its own (`LibraryRefreshed` per page, `LibraryRefreshCompleted`): `None`.
    pub fn refreshed(key: &QueryKey, fetched_at: i64) -> Option<TabMessage> {
        Some(match key {
            QueryKey::Library(_) => return None,
            QueryKey::Item { id } => TabMessage::ItemRefreshCompleted {
                item_id: id.clone(),
            },
            QueryKey::ContinueWatching | QueryKey::NextUp | QueryKey::Latest { .. } => {
                TabMessage::HomeSectionsRefreshed
            }
            _ => TabMessage::Updated {
                key: key.clone(),
                fetched_at,
            },
        })
    }

    /// Whether a tab watching `key` re-reads it from the cache on this message.
    pub fn rereads(&self, key: &QueryKey) -> bool {
        match self {
            TabMessage::Updated { key: updated, .. } => updated == key,
            TabMessage::HomeSectionsRefreshed => matches!(
                key,
                QueryKey::ContinueWatching | QueryKey::NextUp | QueryKey::Latest { .. }
            ),
            TabMessage::ItemRefreshCompleted { item_id } => {
                matches!(key, QueryKey::Item { id } if id == item_id)
            }
            // A completed sync that changed nothing only settles the pages' freshness.
            TabMessage::LibraryRefreshed { library_id }
            | TabMessage::LibraryRefreshCompleted { library_id, .. } => {
                matches!(key, QueryKey::Library(view) if view.library_id == *library_id)
            }
            _ => false,
        }
    }

    /// Whether the tab that sent it may have written items to the shared cache (what this tab
    /// keeps in memory of them is then void).
    pub fn may_change_items(&self) -> bool {
        !matches!(
            self,
            TabMessage::RefreshFailed { .. }
                | TabMessage::ServerUnreachable
                | TabMessage::ServerReachable
                | TabMessage::OutboxSendRequested
        )
    }

    /// The library whose grid must re-read its windows: its data changed.
    pub fn library_changed(&self) -> Option<&str> {
        match self {
            TabMessage::LibraryRefreshed { library_id }
            | TabMessage::LibraryRefreshCompleted {
                library_id,
                changed: true,
            } => Some(library_id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reachability_and_requests_leave_items_alone() {
        let changes = [
            TabMessage::HomeSectionsRefreshed,
            TabMessage::LibraryRefreshed {
                library_id: "l".into(),
            },
            TabMessage::ItemRefreshCompleted {
                item_id: "i".into(),
            },
            TabMessage::UserDataChanged {
                item_id: "i".into(),
            },
            TabMessage::LoggedOut,
        ];
        assert!(changes.iter().all(TabMessage::may_change_items));
        let others = [
            TabMessage::ServerUnreachable,
            TabMessage::ServerReachable,
            TabMessage::OutboxSendRequested,
        ];
        assert!(!others.iter().any(TabMessage::may_change_items));
    }

    #[test]
    fn events_round_trip_as_json() {
        let events = vec![
            TabMessage::Updated {
                key: QueryKey::Libraries,
                fetched_at: 1_700_000_000_000,
            },
            TabMessage::RefreshFailed {
                key: QueryKey::Item { id: "m1".into() },
                reason: "the server said no".into(),
            },
            TabMessage::HomeSectionsRefreshed,
            TabMessage::LibraryRefreshCompleted {
                library_id: "abc".into(),
                changed: true,
            },
            TabMessage::LoggedOut,
            TabMessage::ServerUnreachable,
            TabMessage::ServerReachable,
            TabMessage::OutboxSendRequested,
        ];
        for event in events {
            let json = serde_json::to_string(&event).unwrap();
            assert_eq!(serde_json::from_str::<TabMessage>(&json).unwrap(), event);
        }
    }

    #[test]
    fn keys_travel_as_their_string_form() {
        let json = r#"{"Updated":{"key":"item/m1","fetched_at":5}}"#;
        let message = TabMessage::Updated {
            key: QueryKey::Item { id: "m1".into() },
            fetched_at: 5,
        };
        assert_eq!(serde_json::to_string(&message).unwrap(), json);
        assert_eq!(serde_json::from_str::<TabMessage>(json).unwrap(), message);
        // A key this build cannot read makes the message unreadable, not another key.
        let foreign = r#"{"RefreshFailed":{"key":"nope/x","reason":"r"}}"#;
        assert!(serde_json::from_str::<TabMessage>(foreign).is_err());
    }

    #[test]
    fn unknown_event_types_fail_to_parse_instead_of_misreading() {
        assert!(serde_json::from_str::<TabMessage>(r#""FromTheFuture""#).is_err());
        assert!(serde_json::from_str::<TabMessage>(r#"{"FromTheFuture":{"key":"x"}}"#).is_err());
    }

    #[test]
    fn a_refresh_is_told_with_the_seeds_message_where_there_is_one() {
        let item = QueryKey::Item { id: "m1".into() };
        assert_eq!(
            TabMessage::refreshed(&item, 5),
            Some(TabMessage::ItemRefreshCompleted {
                item_id: "m1".into()
            })
        );
        for home in [
            QueryKey::ContinueWatching,
            QueryKey::NextUp,
            QueryKey::Latest {
                library_id: "l".into(),
            },
        ] {
            assert_eq!(
                TabMessage::refreshed(&home, 5),
                Some(TabMessage::HomeSectionsRefreshed)
            );
        }
        assert_eq!(
            TabMessage::refreshed(&QueryKey::Libraries, 5),
            Some(TabMessage::Updated {
                key: QueryKey::Libraries,
                fetched_at: 5
            })
        );
        let library = QueryKey::Library(crate::model::LibraryView::new(
            "movies",
            crate::model::LibraryItemType::Movie,
        ));
        assert_eq!(TabMessage::refreshed(&library, 5), None);
    }

    #[test]
    fn each_message_rereads_exactly_the_keys_it_is_about() {
        use crate::model::{LibraryItemType, LibraryView};
        let movies = QueryKey::Library(LibraryView::new("movies", LibraryItemType::Movie));
        let shows = QueryKey::Library(LibraryView::new("shows", LibraryItemType::Series));
        let item = QueryKey::Item { id: "m1".into() };
        let other_item = QueryKey::Item { id: "m2".into() };
        let home = TabMessage::HomeSectionsRefreshed;
        assert!(home.rereads(&QueryKey::NextUp));
        assert!(!home.rereads(&QueryKey::Libraries));
        assert!(!home.rereads(&item));
        let done = TabMessage::ItemRefreshCompleted {
            item_id: "m1".into(),
        };
        assert!(done.rereads(&item) && !done.rereads(&other_item));
        let page = TabMessage::LibraryRefreshed {
            library_id: "movies".into(),
        };
        assert!(page.rereads(&movies) && !page.rereads(&shows));
        assert_eq!(page.library_changed(), Some("movies"));
        let unchanged = TabMessage::LibraryRefreshCompleted {
            library_id: "movies".into(),
            changed: false,
        };
        assert!(unchanged.rereads(&movies));
        assert_eq!(unchanged.library_changed(), None);
        let changed = TabMessage::LibraryRefreshCompleted {
            library_id: "movies".into(),
            changed: true,
        };
        assert_eq!(changed.library_changed(), Some("movies"));
        let updated = TabMessage::refreshed(&QueryKey::Libraries, 1).unwrap();
        assert!(updated.rereads(&QueryKey::Libraries) && !updated.rereads(&movies));
    }
}
