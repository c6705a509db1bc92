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
    /// Playback got this far in something this long (ticks): sent as a stop report. One entry
    /// per item is kept, the latest.
    ReportPosition {
        /// Where playback stopped.
        position_ticks: i64,
        /// The item's length (0: unknown).
        runtime_ticks: i64,
    },
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
            Self::ReportPosition {
                position_ticks,
                runtime_ticks,
            } => crate::player::apply_stop(
                data,
                position_ticks,
                Some(runtime_ticks).filter(|r| *r > 0),
                None,
            ),
        }
    }

    /// Whether the item is played after this action on data where it was `was_played`.
    pub fn leaves_played(self, was_played: bool) -> bool {
        let mut data = UserData {
            played: was_played,
            ..Default::default()
        };
        self.apply(&mut data);
        data.played
    }
}

/// The ids a stop report must carry: the playback's source and session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaybackIds {
    /// `MediaSourceId`.
    pub media_source_id: String,
    /// `PlaySessionId`.
    pub play_session_id: String,
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
    /// For [`UserAction::ReportPosition`]: the playback it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playback: Option<PlaybackIds>,
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
            playback: None,
        }
    }

    /// The same entry, ending the playback `ids`.
    pub fn with_playback(mut self, ids: PlaybackIds) -> Self {
        self.playback = Some(ids);
        self
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
        let halfway = UserAction::ReportPosition {
            position_ticks: 300_000_000,
            runtime_ticks: 600_000_000,
        };
        halfway.apply(&mut data);
        assert_eq!(
            (data.played, data.position_ticks, data.played_percentage),
            (false, 300_000_000, Some(50.0))
        );
        let near_the_end = UserAction::ReportPosition {
            position_ticks: 590_000_000,
            runtime_ticks: 600_000_000,
        };
        near_the_end.apply(&mut data);
        assert_eq!((data.played, data.position_ticks), (true, 0));
        assert!(near_the_end.leaves_played(false) && !halfway.leaves_played(false));
    }

    #[test]
    fn serializes_compactly() {
        let entry = OutboxEntry::new("i", UserAction::SetFavorite(true), 7);
        let json = serde_json::to_string(&entry).unwrap();
        assert!(json.contains(r#""action":{"set_favorite":true}"#), "{json}");
        assert_eq!(serde_json::from_str::<OutboxEntry>(&json).unwrap(), entry);
        let position = OutboxEntry::new(
            "i",
            UserAction::ReportPosition {
                position_ticks: 1,
                runtime_ticks: 2,
            },
            7,
        )
        .with_playback(PlaybackIds {
            media_source_id: "m".into(),
            play_session_id: "p".into(),
        });
        let json = serde_json::to_string(&position).unwrap();
        assert_eq!(
            serde_json::from_str::<OutboxEntry>(&json).unwrap(),
            position
        );
    }
}
