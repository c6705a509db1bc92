//! The messages a Jellyfin server pushes over `/socket` (the ones Marquee acts on).
use serde::Deserialize;

use crate::jellyfin::UserItemDataDto;

/// A push message, reduced to what the client needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerMessage {
    /// Items were added, changed or removed on the server.
    LibraryChanged {
        /// New items.
        added: Vec<String>,
        /// Changed items.
        updated: Vec<String>,
        /// Deleted items.
        removed: Vec<String>,
    },
    /// The user's played/favorite/progress data changed (here or on another device).
    UserDataChanged {
        /// The item ids and their new user data.
        items: Vec<(String, UserItemDataDto)>,
    },
    /// The server asks for a `KeepAlive` every `seconds` (Jellyfin's `ForceKeepAlive`).
    KeepAliveEvery {
        /// Seconds between keep-alives the server expects.
        seconds: u32,
    },
    /// Anything else (session events, keep-alive echoes, types from newer servers).
    Other,
}

/// The frame's type alone; its `Data` is read in a second pass over the same text, typed by
/// `MessageType` (a `serde_json::Value` detour would compile a second copy of every payload's
/// deserializer into the app).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Envelope {
    message_type: String,
}

/// The frame again, with `Data` read as `T`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Payload<T> {
    #[serde(default)]
    data: T,
}

fn payload<T: serde::de::DeserializeOwned + Default>(text: &str) -> Result<T, String> {
    serde_json::from_str::<Payload<T>>(text)
        .map(|p| p.data)
        .map_err(|e| e.to_string())
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct LibraryChangedData {
    items_added: Vec<String>,
    items_updated: Vec<String>,
    items_removed: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct UserDataChangedData {
    user_data_list: Vec<UserItemDataDto>,
}

/// Parses one text frame. A frame that is not JSON, or a known type with a broken payload, is
/// an error; an unknown type is `Other` (newer servers send more than we use).
pub fn parse_server_message(text: &str) -> Result<ServerMessage, String> {
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(match envelope.message_type.as_str() {
        "LibraryChanged" => {
            let data: LibraryChangedData = payload(text)?;
            ServerMessage::LibraryChanged {
                added: data.items_added,
                updated: data.items_updated,
                removed: data.items_removed,
            }
        }
        "UserDataChanged" => {
            let data: UserDataChangedData = payload(text)?;
            ServerMessage::UserDataChanged {
                items: data
                    .user_data_list
                    .into_iter()
                    // 10.9/10.10 send an all-zero ItemId in some places; those name nothing.
                    .filter_map(|d| {
                        let id = d.item_id.clone()?;
                        (!id.chars().all(|c| c == '0' || c == '-') && !id.is_empty())
                            .then_some((id, d))
                    })
                    .collect(),
            }
        }
        "ForceKeepAlive" => ServerMessage::KeepAliveEvery {
            // A missing or odd interval falls back to Jellyfin's default of 60 s.
            seconds: payload::<Option<u32>>(text)
                .ok()
                .flatten()
                .unwrap_or(60)
                .min(3_600),
        },
        _ => ServerMessage::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_changes_parse_with_all_three_lists() {
        let text = r#"{"MessageType":"LibraryChanged","Data":{"ItemsAdded":["a"],"ItemsUpdated":["b","c"],"ItemsRemoved":[],"FoldersAddedTo":[],"CollectionFolders":[]},"MessageId":"x"}"#;
        assert_eq!(
            parse_server_message(text).unwrap(),
            ServerMessage::LibraryChanged {
                added: vec!["a".into()],
                updated: vec!["b".into(), "c".into()],
                removed: vec![],
            }
        );
    }

    #[test]
    fn user_data_changes_keep_real_item_ids_only() {
        let text = r#"{"MessageType":"UserDataChanged","Data":{"UserId":"u","UserDataList":[
            {"ItemId":"abc","Played":true,"PlaybackPositionTicks":0},
            {"ItemId":"00000000000000000000000000000000","Played":false}]}}"#;
        match parse_server_message(text).unwrap() {
            ServerMessage::UserDataChanged { items } => {
                assert_eq!(items.len(), 1);
                assert_eq!(items[0].0, "abc");
                assert_eq!(items[0].1.played, Some(true));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keep_alive_and_unknown_types() {
        assert_eq!(
            parse_server_message(r#"{"MessageType":"ForceKeepAlive","Data":60}"#).unwrap(),
            ServerMessage::KeepAliveEvery { seconds: 60 }
        );
        assert_eq!(
            parse_server_message(r#"{"MessageType":"Sessions","Data":[]}"#).unwrap(),
            ServerMessage::Other
        );
        assert!(parse_server_message("not json").is_err());
        assert!(parse_server_message(
            r#"{"MessageType":"LibraryChanged","Data":{"ItemsAdded":"oops"}}"#
        )
        .is_err());
    }
}
