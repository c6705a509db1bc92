//! Server → client push events, fanned out to every open `/socket` through a broadcast channel.

use serde_json::{json, Value};

#[derive(Clone, Debug)]
pub enum Event {
    LibraryChanged {
        added: Vec<String>,
        updated: Vec<String>,
        removed: Vec<String>,
    },
    /// Only delivered to sockets of `user`.
    UserDataChanged {
        user: usize,
        user_id: String,
        list: Vec<Value>,
    },
}

/// Sent when a socket opens: the client should send `KeepAlive` within this many seconds.
pub fn force_keep_alive(message_id: &str) -> Value {
    json!({ "MessageType": "ForceKeepAlive", "Data": 60, "MessageId": message_id })
}

/// The answer to a client's `KeepAlive`.
pub fn keep_alive(message_id: &str) -> Value {
    json!({ "MessageType": "KeepAlive", "MessageId": message_id })
}

impl Event {
    pub fn message(&self, message_id: &str) -> Value {
        match self {
            Event::LibraryChanged {
                added,
                updated,
                removed,
            } => json!({
                "MessageType": "LibraryChanged",
                "Data": {
                    "ItemsAdded": added,
                    "ItemsUpdated": updated,
                    "ItemsRemoved": removed,
                    "FoldersAddedTo": [],
                    "FoldersRemovedFrom": [],
                    "CollectionFolders": [],
                },
                "MessageId": message_id,
            }),
            Event::UserDataChanged { user_id, list, .. } => json!({
                "MessageType": "UserDataChanged",
                "Data": { "UserId": user_id, "UserDataList": list },
                "MessageId": message_id,
            }),
        }
    }

    pub fn is_for(&self, user: usize) -> bool {
        match self {
            Event::LibraryChanged { .. } => true,
            Event::UserDataChanged { user: u, .. } => *u == user,
        }
    }
}
