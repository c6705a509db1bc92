//! The bodies of `/Sessions/Playing` (start), `/Sessions/Playing/Progress` and
//! `/Sessions/Playing/Stopped`.

use serde::{Deserialize, Serialize};

/// A start or progress report (`PlaybackStartInfo` and `PlaybackProgressInfo` share this shape).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PlaybackProgressInfo {
    /// The item playing.
    pub item_id: String,
    /// The source playing (from PlaybackInfo, not the item id).
    pub media_source_id: String,
    /// From PlaybackInfo; the same for every report of one playback.
    pub play_session_id: String,
    /// The position, exact to the tick.
    pub position_ticks: i64,
    /// Paused.
    pub is_paused: bool,
    /// Muted.
    pub is_muted: bool,
    /// Volume, 0 to 100.
    pub volume_level: i32,
    /// The player can seek.
    pub can_seek: bool,
    /// `DirectPlay`, `DirectStream` or `Transcode`.
    pub play_method: String,
    /// The audio stream playing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_stream_index: Option<i32>,
    /// The subtitle stream shown (none: absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle_stream_index: Option<i32>,
    /// What caused a progress report (`timeupdate`, `pause`, `unpause`, `seek`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
}

/// A stop report (`PlaybackStopInfo`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PlaybackStopInfo {
    /// The item that played.
    pub item_id: String,
    /// The source that played.
    pub media_source_id: String,
    /// The playback's session id.
    pub play_session_id: String,
    /// Where it stopped, exact to the tick.
    pub position_ticks: i64,
}
