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

/// The outbox record format this build writes and reads. A record of a later format (written
/// by a newer build in another tab, before this one updated) is set aside, not guessed at.
pub const OUTBOX_FORMAT: u32 = 1;

fn first_format() -> u32 {
    1
}

/// One pending action, in the order the user made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The record format ([`OUTBOX_FORMAT`]); records from before it was written are format 1.
    #[serde(default = "first_format")]
    pub format: u32,
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
            format: OUTBOX_FORMAT,
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

/// An outbox record this build cannot read. It is kept as it is (a newer build may read it
/// later, the user may want to know what it was) and never blocks the readable ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableOutboxRecord {
    /// Its key, when the record has a readable one.
    pub seq: Option<u64>,
    /// Why it cannot be read.
    pub why: String,
}

/// What every outbox record format has: its key and its format.
#[derive(Deserialize)]
struct RecordHead {
    #[serde(default)]
    seq: Option<u64>,
    #[serde(default = "first_format")]
    format: u32,
}

/// Reads one stored outbox record (its JSON text).
pub fn read_outbox_record(text: &str) -> Result<OutboxEntry, UnreadableOutboxRecord> {
    let head: RecordHead = serde_json::from_str(text).map_err(|e| UnreadableOutboxRecord {
        seq: None,
        why: e.to_string(),
    })?;
    let unreadable = |why: String| UnreadableOutboxRecord { seq: head.seq, why };
    if head.format > OUTBOX_FORMAT {
        return Err(unreadable(format!(
            "written by a newer Marquee (format {}, this one reads {OUTBOX_FORMAT})",
            head.format
        )));
    }
    serde_json::from_str::<OutboxEntry>(text).map_err(|e| unreadable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: serde_json::Value) -> Result<OutboxEntry, UnreadableOutboxRecord> {
        read_outbox_record(&value.to_string())
    }

    #[test]
    fn records_read_or_are_set_aside_with_their_key() {
        let good = json!({"seq": 4, "item_id": "a", "action": {"set_played": true}, "created_at": 1, "attempts": 0});
        let entry = read(good).unwrap();
        assert_eq!(
            (
                entry.seq,
                entry.item_id.as_str(),
                entry.action,
                entry.format
            ),
            (Some(4), "a", UserAction::SetPlayed(true), 1)
        );
        let newer = json!({"seq": 5, "format": 2, "item_id": "a", "action": {"set_played": true}, "created_at": 1, "attempts": 0});
        let err = read(newer).unwrap_err();
        assert_eq!(err.seq, Some(5));
        assert!(err.why.contains("newer"), "{}", err.why);
        let unknown_kind = json!({"seq": 6, "item_id": "a", "action": {"set_rating": 5}, "created_at": 1, "attempts": 0});
        assert_eq!(read(unknown_kind).unwrap_err().seq, Some(6));
        for corrupt in [
            json!({"seq": 7}),
            json!("garbage"),
            json!(null),
            json!({"seq": 8, "item_id": 3}),
            json!({"seq": 9, "format": "x"}),
        ] {
            assert!(read(corrupt.clone()).is_err(), "{corrupt}");
        }
        assert_eq!(
            read(json!({"seq": 8, "item_id": 3})).unwrap_err().seq,
            Some(8)
        );
    }

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
