//! What tabs tell each other over the BroadcastChannel. One enum, serialized with serde as JSON.
use serde::{Deserialize, Serialize};

/// A message between the open tabs of one user: a change to the shared cache, the server or the
/// session that every other tab must reflect.
/// Keys travel in their stable string form (`QueryKey::to_string`).
// Externally tagged (serde's default): an internally tagged enum buffers every message and
// compiled to 20 KB of wasm more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TabMessage {
    /// A query result was written: re-read `key` from IndexedDB.
    Updated {
        /// The query key's string form.
        key: String,
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
        /// The query key's string form.
        key: String,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_as_json() {
        let events = vec![
            TabMessage::Updated {
                key: "libraries".into(),
                fetched_at: 1_700_000_000_000,
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
    fn unknown_event_types_fail_to_parse_instead_of_misreading() {
        assert!(serde_json::from_str::<TabMessage>(r#""FromTheFuture""#).is_err());
        assert!(serde_json::from_str::<TabMessage>(r#"{"FromTheFuture":{"key":"x"}}"#).is_err());
    }
}
