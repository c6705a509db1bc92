//! The `DeviceProfile` this browser sends: the formats it said it plays (the browser layer asks
//! `canPlayType` for each of [`FORMATS_TO_PROBE`]) and an HLS transcode for everything else.
use crate::jellyfin::{DeviceProfile, DirectPlayProfile, SubtitleProfile, TranscodingProfile};

/// A container with one video and one audio codec, and the MIME type that asks a browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlayableFormat {
    /// Jellyfin's container name.
    pub container: &'static str,
    /// Jellyfin's video codec name.
    pub video: &'static str,
    /// Jellyfin's audio codec name.
    pub audio: &'static str,
    /// What `canPlayType` is asked.
    pub mime: &'static str,
}

const fn format(
    container: &'static str,
    video: &'static str,
    audio: &'static str,
    mime: &'static str,
) -> PlayableFormat {
    PlayableFormat {
        container,
        video,
        audio,
        mime,
    }
}

/// The formats worth asking about, most common first.
pub const FORMATS_TO_PROBE: &[PlayableFormat] = &[
    format(
        "mp4",
        "h264",
        "aac",
        r#"video/mp4; codecs="avc1.640028, mp4a.40.2""#,
    ),
    format(
        "mp4",
        "h264",
        "mp3",
        r#"video/mp4; codecs="avc1.640028, mp3""#,
    ),
    format(
        "mp4",
        "h264",
        "opus",
        r#"video/mp4; codecs="avc1.640028, opus""#,
    ),
    format(
        "mp4",
        "hevc",
        "aac",
        r#"video/mp4; codecs="hvc1.1.6.L120.90, mp4a.40.2""#,
    ),
    format(
        "mp4",
        "av1",
        "aac",
        r#"video/mp4; codecs="av01.0.08M.08, mp4a.40.2""#,
    ),
    format(
        "mp4",
        "av1",
        "opus",
        r#"video/mp4; codecs="av01.0.08M.08, opus""#,
    ),
    format(
        "mp4",
        "vp9",
        "opus",
        r#"video/mp4; codecs="vp09.00.10.08, opus""#,
    ),
    format("webm", "vp9", "opus", r#"video/webm; codecs="vp9, opus""#),
    format(
        "webm",
        "vp8",
        "vorbis",
        r#"video/webm; codecs="vp8, vorbis""#,
    ),
    format("webm", "vp8", "opus", r#"video/webm; codecs="vp8, opus""#),
    format(
        "webm",
        "av1",
        "opus",
        r#"video/webm; codecs="av01.0.08M.08, opus""#,
    ),
];

/// How this browser can play HLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HlsSupport {
    /// The `<video>` element plays `.m3u8` itself.
    Native,
    /// Through hls.js over Media Source Extensions.
    HlsJs,
    /// Not at all: only direct play.
    None,
}

/// Adds `value` to a comma-separated list unless it is there.
fn add_to_list(list: &mut String, value: &str) {
    if !list.split(',').any(|v| v == value) {
        if !list.is_empty() {
            list.push(',');
        }
        list.push_str(value);
    }
}

/// The profile for a browser that plays `playable` (one direct-play profile per container,
/// its codecs merged), transcodes to H.264/AAC in HLS when it can play HLS, and shows WebVTT
/// subtitles as separate tracks.
pub fn device_profile(playable: &[PlayableFormat], hls: HlsSupport) -> DeviceProfile {
    let mut direct: Vec<DirectPlayProfile> = Vec::new();
    for f in playable {
        let profile = match direct.iter_mut().position(|p| p.container == f.container) {
            Some(i) => &mut direct[i],
            None => {
                direct.push(DirectPlayProfile {
                    container: f.container.into(),
                    kind: "Video".into(),
                    ..Default::default()
                });
                direct.last_mut().expect("just pushed")
            }
        };
        add_to_list(&mut profile.video_codec, f.video);
        add_to_list(&mut profile.audio_codec, f.audio);
    }
    let transcoding = match hls {
        HlsSupport::None => Vec::new(),
        HlsSupport::Native | HlsSupport::HlsJs => vec![TranscodingProfile {
            container: "ts".into(),
            kind: "Video".into(),
            video_codec: "h264".into(),
            audio_codec: "aac".into(),
            protocol: "hls".into(),
            context: "Streaming".into(),
        }],
    };
    DeviceProfile {
        name: Some("Marquee".into()),
        max_streaming_bitrate: Some(120_000_000),
        max_static_bitrate: Some(120_000_000),
        direct_play_profiles: direct,
        transcoding_profiles: transcoding,
        subtitle_profiles: vec![SubtitleProfile {
            format: "vtt".into(),
            method: "External".into(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_merge_their_codecs_and_hls_transcodes_the_rest() {
        let playable: Vec<PlayableFormat> = FORMATS_TO_PROBE
            .iter()
            .copied()
            .filter(|f| {
                [("mp4", "h264"), ("mp4", "av1"), ("webm", "vp9")].contains(&(f.container, f.video))
            })
            .collect();
        let profile = device_profile(&playable, HlsSupport::HlsJs);
        let direct: Vec<(&str, &str, &str)> = profile
            .direct_play_profiles
            .iter()
            .map(|p| {
                (
                    p.container.as_str(),
                    p.video_codec.as_str(),
                    p.audio_codec.as_str(),
                )
            })
            .collect();
        assert_eq!(
            direct,
            vec![("mp4", "h264,av1", "aac,mp3,opus"), ("webm", "vp9", "opus")]
        );
        assert_eq!(profile.transcoding_profiles[0].protocol, "hls");
        assert_eq!(profile.subtitle_profiles[0].format, "vtt");
        let json = serde_json::to_string(&profile).unwrap();
        assert!(json.contains(r#""DirectPlayProfiles":[{"Container":"mp4","VideoCodec":"h264,av1","AudioCodec":"aac,mp3,opus","Type":"Video"}"#), "{json}");
    }

    #[test]
    fn a_browser_that_plays_nothing_asks_for_hls_only_and_without_hls_for_nothing() {
        let profile = device_profile(&[], HlsSupport::Native);
        assert!(profile.direct_play_profiles.is_empty());
        assert_eq!(profile.transcoding_profiles.len(), 1);
        assert!(device_profile(&[], HlsSupport::None)
            .transcoding_profiles
            .is_empty());
    }
}
