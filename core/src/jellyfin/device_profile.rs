//! `DeviceProfile`: what this client can play, sent with `PlaybackInfo` so the server chooses
//! direct play or a transcode.

use serde::{Deserialize, Serialize};

/// The client's abilities. Only the parts Marquee fills are modelled.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeviceProfile {
    /// A name for the server's logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The highest bitrate to stream (bits per second).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_streaming_bitrate: Option<i64>,
    /// The highest bitrate for a static (direct) file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_static_bitrate: Option<i64>,
    /// Containers and codecs played as they are.
    #[serde(deserialize_with = "super::lenient_list::list")]
    pub direct_play_profiles: Vec<DirectPlayProfile>,
    /// What to transcode to when direct play is impossible.
    #[serde(deserialize_with = "super::lenient_list::list")]
    pub transcoding_profiles: Vec<TranscodingProfile>,
    /// Subtitle formats and how they are delivered.
    #[serde(deserialize_with = "super::lenient_list::list")]
    pub subtitle_profiles: Vec<SubtitleProfile>,
}

/// One container with the codecs it may hold (comma-separated lists, empty for any).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DirectPlayProfile {
    /// Container names (`mp4,m4v`).
    pub container: String,
    /// Video codecs (`h264,vp9`).
    pub video_codec: String,
    /// Audio codecs (`aac,opus`).
    pub audio_codec: String,
    /// `Video` or `Audio`.
    #[serde(rename = "Type")]
    pub kind: String,
}

/// A transcode target.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TranscodingProfile {
    /// `ts` or `mp4`.
    pub container: String,
    /// `Video`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// Video codecs, comma-separated.
    pub video_codec: String,
    /// Audio codecs, comma-separated.
    pub audio_codec: String,
    /// `hls` or `http`.
    pub protocol: String,
    /// `Streaming` or `Static`.
    pub context: String,
}

/// A subtitle format and its delivery (`External`: a separate file, `Encode`: burnt in).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SubtitleProfile {
    /// `vtt`, `srt`, ...
    pub format: String,
    /// `External`, `Embed`, `Encode`, `Hls`.
    pub method: String,
}
