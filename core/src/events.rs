//! What tabs tell each other over the BroadcastChannel. One enum, serialized with serde as JSON.
use serde::{Deserialize, Serialize};

/// A change to the shared cache (or the app) that other open tabs must reflect.
/// Keys travel in their stable string form (`QueryKey::to_string`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum CacheEvent {
    /// A query result was written: re-read `key` from IndexedDB.
    Updated { key: String, fetched_at: i64 },
    /// Continue Watching, Next Up and Recently Added were refreshed.
    HomeSectionsRefreshed,
    /// A page of a library was written.
    LibraryRefreshed { library_id: String },
    /// A whole-library refresh finished; `changed` says whether anything differed.
    LibraryRefreshCompleted { library_id: String, changed: bool },
    /// One item's full metadata was refreshed.
    ItemRefreshCompleted { item_id: String },
    /// Played / favorite / progress of an item changed (locally or on the server).
    UserDataChanged { item_id: String },
    /// A refresh in another tab failed; `reason` is user-readable.
    RefreshFailed { key: String, reason: String },
    /// Another tab opened a newer database schema: this tab must reload.
    SchemaUpgraded { version: u32 },
    /// The user logged out in another tab.
    LoggedOut,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_as_tagged_json() {
        let events = vec![
            CacheEvent::Updated {
                key: "libraries".into(),
                fetched_at: 1_700_000_000_000,
            },
            CacheEvent::HomeSectionsRefreshed,
            CacheEvent::LibraryRefreshCompleted {
                library_id: "abc".into(),
                changed: true,
            },
            CacheEvent::LoggedOut,
        ];
        for event in events {
            let json = serde_json::to_string(&event).unwrap();
            assert!(json.contains("\"type\""), "{json}");
            assert_eq!(serde_json::from_str::<CacheEvent>(&json).unwrap(), event);
        }
    }

    #[test]
    fn unknown_event_types_fail_to_parse_instead_of_misreading() {
        assert!(serde_json::from_str::<CacheEvent>(r#"{"type":"FromTheFuture"}"#).is_err());
    }
}
