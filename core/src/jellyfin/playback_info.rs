//! `POST /Items/{id}/PlaybackInfo`: the request (`PlaybackInfoDto`) and the answer
//! (`PlaybackInfoResponse` with its `MediaSourceInfo`s).

use serde::{Deserialize, Serialize};

use super::{DeviceProfile, MediaStream};

/// The body of a PlaybackInfo request.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlaybackInfoDto {
    /// The user who plays.
    pub user_id: String,
    /// Where playback will start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time_ticks: Option<i64>,
    /// The highest bitrate to stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_streaming_bitrate: Option<i64>,
    /// A chosen audio stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio_stream_index: Option<i32>,
    /// A chosen subtitle stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle_stream_index: Option<i32>,
    /// A chosen media source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_source_id: Option<String>,
    /// Open live streams at once (Jellyfin's clients always send true).
    pub auto_open_live_stream: bool,
    /// What this browser plays.
    pub device_profile: DeviceProfile,
}

/// The answer: the playable sources and the id every report of this playback carries.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PlaybackInfoResponse {
    /// The sources, best first.
    #[serde(deserialize_with = "super::lenient_list::list")]
    pub media_sources: Vec<MediaSourceInfo>,
    /// Kept for every report of this playback.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub play_session_id: Option<String>,
    /// Why nothing can be played (`NotAllowed`, `NoCompatibleStream`, `RateLimitExceeded`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

/// One playable version of an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MediaSourceInfo {
    /// The source id (`MediaSourceId` in stream URLs and reports; not always the item id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `mp4`, `mkv`, `webm`, ... (may be a list: `mov,mp4,m4a`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// The file's ETag (the `Tag` of a static stream URL).
    #[serde(rename = "ETag", skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Length in ticks.
    #[serde(
        deserialize_with = "super::ticks::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub run_time_ticks: Option<i64>,
    /// The client may play the file as it is.
    pub supports_direct_play: bool,
    /// The server may remux without re-encoding.
    pub supports_direct_stream: bool,
    /// The server may transcode.
    pub supports_transcoding: bool,
    /// Where the transcode is (an HLS master playlist, relative to the server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcoding_url: Option<String>,
    /// `hls` or `http`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcoding_sub_protocol: Option<String>,
    /// `ts` or `mp4`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcoding_container: Option<String>,
    /// Video, audio and subtitle streams.
    #[serde(deserialize_with = "super::lenient_list::list")]
    pub media_streams: Vec<MediaStream>,
    /// The audio stream chosen by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_audio_stream_index: Option<i32>,
    /// The subtitle stream chosen by default (-1: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_subtitle_stream_index: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_real_answer_and_tolerates_nulls() {
        let json = r#"{"MediaSources": [{"Id": "src1", "Container": "mp4", "ETag": "e1",
            "RunTimeTicks": 600000000.0, "SupportsDirectPlay": true, "SupportsDirectStream": true,
            "SupportsTranscoding": true, "TranscodingUrl": null, "Unknown": 3,
            "MediaStreams": [{"Type": "Video", "Index": 0, "Codec": "h264"},
                             {"Type": "Audio", "Index": 1, "Codec": "aac", "Language": "eng", "IsDefault": true},
                             {"Type": "Subtitle", "Index": 2, "Codec": "webvtt", "IsExternal": true, "DeliveryMethod": "External"}],
            "DefaultAudioStreamIndex": 1, "DefaultSubtitleStreamIndex": null}],
            "PlaySessionId": "ps1"}"#;
        let answer: PlaybackInfoResponse = serde_json::from_str(json).unwrap();
        assert_eq!(answer.play_session_id.as_deref(), Some("ps1"));
        let source = &answer.media_sources[0];
        assert_eq!(
            (
                source.id.as_deref(),
                source.etag.as_deref(),
                source.run_time_ticks
            ),
            (Some("src1"), Some("e1"), Some(600_000_000))
        );
        assert!(source.supports_direct_play && source.transcoding_url.is_none());
        let kinds: Vec<&str> = source
            .media_streams
            .iter()
            .filter_map(|s| s.kind.as_deref())
            .collect();
        assert_eq!(kinds, ["Video", "Audio", "Subtitle"]);
        assert_eq!(source.default_audio_stream_index, Some(1));
    }

    #[test]
    fn an_empty_or_null_answer_has_no_sources() {
        for json in [r#"{}"#, r#"{"MediaSources": null, "PlaySessionId": null}"#] {
            let answer: PlaybackInfoResponse = serde_json::from_str(json).unwrap();
            assert!(answer.media_sources.is_empty() && answer.play_session_id.is_none());
        }
        assert!(serde_json::from_str::<PlaybackInfoResponse>("<html>").is_err());
    }

    #[test]
    fn the_request_is_pascal_case_without_empty_fields() {
        let dto = PlaybackInfoDto {
            user_id: "u".into(),
            start_time_ticks: Some(5),
            auto_open_live_stream: true,
            ..Default::default()
        };
        let json = serde_json::to_string(&dto).unwrap();
        assert!(
            json.starts_with(
                r#"{"UserId":"u","StartTimeTicks":5,"AutoOpenLiveStream":true,"DeviceProfile":{"#
            ),
            "{json}"
        );
        assert!(!json.contains("null"), "{json}");
    }
}
