//! The outbox: user actions not yet confirmed by the server.

use serde::{Deserialize, Serialize};

use crate::model::UserData;

/// A change the user made that the server must hear about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserAction {
    /// Mark watched (`true`) or unwatched.
    SetPlayed(bool),
    /// Add (`true`) or remove a favorite.
    SetFavorite(bool),
}

impl UserAction {
    /// Applies the action to user data, so fetched data that predates an unsent action still
    /// shows what the user did.
    pub fn apply(self, data: &mut UserData) {
        match self {
            Self::SetPlayed(played) => {
                data.played = played;
                if played {
                    // Jellyfin resets the resume point once something is watched.
                    data.position_ticks = 0;
                    data.played_percentage = None;
                }
            }
            Self::SetFavorite(favorite) => data.favorite = favorite,
        }
    }
}

/// One pending action, in the order the user made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Position in the outbox, assigned by the store on insert (`None` before).
    pub seq: Option<u64>,
    /// The item acted on.
    pub item_id: String,
    /// What the user did.
    pub action: UserAction,
    /// When (ms since the Unix epoch).
    pub created_at: i64,
    /// Failed sends so far.
    pub attempts: u32,
}

impl OutboxEntry {
    /// A new, unsent entry.
    pub fn new(item_id: impl Into<String>, action: UserAction, now: i64) -> Self {
        Self {
            seq: None,
            item_id: item_id.into(),
            action,
            created_at: now,
            attempts: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_apply_to_user_data() {
        let mut data = UserData {
            position_ticks: 50,
            played_percentage: Some(10.0),
            ..Default::default()
        };
        UserAction::SetPlayed(true).apply(&mut data);
        assert_eq!(
            (data.played, data.position_ticks, data.played_percentage),
            (true, 0, None)
        );
        UserAction::SetFavorite(true).apply(&mut data);
        UserAction::SetPlayed(false).apply(&mut data);
        assert_eq!((data.played, data.favorite), (false, true));
    }

    #[test]
    fn serializes_compactly() {
        let entry = OutboxEntry::new("i", UserAction::SetFavorite(true), 7);
        let json = serde_json::to_string(&entry).unwrap();
        assert!(json.contains(r#""action":{"set_favorite":true}"#), "{json}");
        assert_eq!(serde_json::from_str::<OutboxEntry>(&json).unwrap(), entry);
    }
}
