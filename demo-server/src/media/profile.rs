//! What the posted `DeviceProfile` allows for the clip (an MP4 of H.264 + AAC), decided the
//! way Jellyfin's stream builder does for these fields: direct play when a `Video`
//! `DirectPlayProfile` lists the container and both codecs (an empty list means any) and the
//! bitrate fits; otherwise HLS when a `Video` `TranscodingProfile` over `hls` can carry H.264
//! and AAC; otherwise nothing plays (`NoCompatibleStream`).

use serde_json::Value;

pub const CONTAINER: &str = "mp4";
pub const VIDEO_CODEC: &str = "h264";
pub const AUDIO_CODEC: &str = "aac";

/// The request's switches besides the profile.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `DeviceProfile` as posted (`None` for the GET form or an empty body).
    pub profile: Option<Value>,
    pub max_streaming_bitrate: Option<u64>,
    pub enable_direct_play: bool,
    pub enable_transcoding: bool,
    /// `/__demo/playback` `force_transcoding`.
    pub force_transcoding: bool,
    /// `AudioStreamIndex` asks for a track other than the default: a browser plays a file's
    /// first track, so (as Jellyfin does for browsers) that audio comes through a transcode.
    pub secondary_audio: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub direct_play: bool,
    /// HLS when direct play is out and transcoding is possible.
    pub transcode: bool,
    /// Jellyfin's `TranscodeReason` names, for the `TranscodingUrl`.
    pub reasons: Vec<&'static str>,
    /// The profile takes WebVTT as an external file (no profile: yes).
    pub external_vtt: bool,
}

impl Decision {
    pub fn plays(&self) -> bool {
        self.direct_play || self.transcode
    }
}

/// A case-insensitive object field (ASP.NET binds JSON names case-insensitively).
pub fn field<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn text<'a>(v: &'a Value, name: &str) -> &'a str {
    field(v, name).and_then(Value::as_str).unwrap_or("")
}

/// Does a comma-separated list (`"mp4,m4v"`) allow `value`? Empty allows anything.
fn list_allows(list: &str, value: &str) -> bool {
    let mut entries = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .peekable();
    entries.peek().is_none() || entries.any(|e| e.eq_ignore_ascii_case(value))
}

fn profiles<'a>(profile: &'a Value, name: &str) -> impl Iterator<Item = &'a Value> {
    field(profile, name)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|p| text(p, "Type").eq_ignore_ascii_case("Video"))
}

pub fn decide(req: &Request, bitrate: u64) -> Decision {
    let mut reasons = Vec::new();
    let external_vtt = match &req.profile {
        None => true,
        Some(p) => field(p, "SubtitleProfiles")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|s| {
                text(s, "Format").eq_ignore_ascii_case("vtt")
                    && text(s, "Method").eq_ignore_ascii_case("External")
            }),
    };
    let limit = req.max_streaming_bitrate.or_else(|| {
        req.profile
            .as_ref()
            .and_then(|p| field(p, "MaxStreamingBitrate"))
            .and_then(Value::as_u64)
    });

    let mut direct_play = req.enable_direct_play && !req.force_transcoding;
    if let Some(profile) = &req.profile {
        let container = profiles(profile, "DirectPlayProfiles")
            .filter(|p| list_allows(text(p, "Container"), CONTAINER))
            .collect::<Vec<_>>();
        if container.is_empty() {
            reasons.push("ContainerNotSupported");
        } else {
            if !container
                .iter()
                .any(|p| list_allows(text(p, "VideoCodec"), VIDEO_CODEC))
            {
                reasons.push("VideoCodecNotSupported");
            }
            if !container
                .iter()
                .any(|p| list_allows(text(p, "AudioCodec"), AUDIO_CODEC))
            {
                reasons.push("AudioCodecNotSupported");
            }
        }
        let fits = container.iter().any(|p| {
            list_allows(text(p, "VideoCodec"), VIDEO_CODEC)
                && list_allows(text(p, "AudioCodec"), AUDIO_CODEC)
        });
        direct_play &= fits;
    }
    if limit.is_some_and(|l| l > 0 && l < bitrate) {
        reasons.push("ContainerBitrateExceedsLimit");
        direct_play = false;
    }
    if req.secondary_audio {
        reasons.push("SecondaryAudioNotSupported");
        direct_play = false;
    }
    if req.force_transcoding && reasons.is_empty() {
        reasons.push("DirectPlayError");
    }

    let transcode = !direct_play
        && req.enable_transcoding
        && match &req.profile {
            // The GET form, or a client that sent none: when the file will not do, the
            // stream is what Jellyfin's default web profile would ask for.
            None => req.force_transcoding || req.secondary_audio,
            Some(profile) => profiles(profile, "TranscodingProfiles").any(|p| {
                text(p, "Protocol").eq_ignore_ascii_case("hls")
                    && list_allows(text(p, "VideoCodec"), VIDEO_CODEC)
                    && list_allows(text(p, "AudioCodec"), AUDIO_CODEC)
            }),
        };
    Decision {
        direct_play,
        transcode,
        reasons: if direct_play { Vec::new() } else { reasons },
        external_vtt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req(profile: Value) -> Request {
        Request {
            profile: Some(profile),
            enable_direct_play: true,
            enable_transcoding: true,
            ..Request::default()
        }
    }

    fn hls() -> Value {
        json!([{"Container": "ts", "Type": "Video", "Protocol": "hls", "VideoCodec": "h264", "AudioCodec": "aac,mp3", "Context": "Streaming"}])
    }

    #[test]
    fn direct_play_needs_container_and_both_codecs() {
        let ok = req(
            json!({"DirectPlayProfiles": [{"Container": "webm", "Type": "Video"}, {"Container": "mp4,m4v", "Type": "Video", "VideoCodec": "h264,vp9", "AudioCodec": "aac,opus"}], "TranscodingProfiles": hls()}),
        );
        let d = decide(&ok, 50_000);
        assert!(
            d.direct_play && !d.transcode && d.reasons.is_empty(),
            "{d:?}"
        );

        let no_aac = req(
            json!({"DirectPlayProfiles": [{"Container": "mp4", "Type": "Video", "VideoCodec": "h264", "AudioCodec": "opus"}], "TranscodingProfiles": hls()}),
        );
        let d = decide(&no_aac, 50_000);
        assert!(!d.direct_play && d.transcode);
        assert_eq!(d.reasons, vec!["AudioCodecNotSupported"]);

        let webm_only = req(
            json!({"DirectPlayProfiles": [{"Container": "webm", "Type": "Video"}], "TranscodingProfiles": hls()}),
        );
        assert_eq!(
            decide(&webm_only, 50_000).reasons,
            vec!["ContainerNotSupported"]
        );

        // An Audio profile does not let a video play.
        let audio = req(
            json!({"DirectPlayProfiles": [{"Container": "mp4", "Type": "Audio"}], "TranscodingProfiles": hls()}),
        );
        assert!(!decide(&audio, 50_000).direct_play);
    }

    #[test]
    fn no_way_to_play_is_reported() {
        let d = decide(
            &req(json!({"DirectPlayProfiles": [], "TranscodingProfiles": []})),
            50_000,
        );
        assert!(!d.plays());
        let h265_only = req(
            json!({"TranscodingProfiles": [{"Container": "ts", "Type": "Video", "Protocol": "hls", "VideoCodec": "hevc"}]}),
        );
        assert!(!decide(&h265_only, 50_000).plays());
    }

    #[test]
    fn bitrate_limit_and_switches() {
        let mut r = req(
            json!({"DirectPlayProfiles": [{"Container": "mp4", "Type": "Video"}], "TranscodingProfiles": hls(), "MaxStreamingBitrate": 40_000}),
        );
        let d = decide(&r, 50_000);
        assert!(!d.direct_play && d.transcode);
        assert_eq!(d.reasons, vec!["ContainerBitrateExceedsLimit"]);
        r.max_streaming_bitrate = Some(120_000_000);
        assert!(
            decide(&r, 50_000).direct_play,
            "the query's limit wins over the profile's"
        );

        r.secondary_audio = true;
        let d = decide(&r, 50_000);
        assert!(!d.direct_play && d.transcode);
        assert_eq!(d.reasons, vec!["SecondaryAudioNotSupported"]);
        r.secondary_audio = false;

        r.force_transcoding = true;
        let d = decide(&r, 50_000);
        assert!(!d.direct_play && d.transcode);
        r.enable_transcoding = false;
        assert!(!decide(&r, 50_000).plays());
    }

    #[test]
    fn no_profile_plays_directly_with_external_subtitles() {
        let r = Request {
            enable_direct_play: true,
            enable_transcoding: true,
            ..Request::default()
        };
        let d = decide(&r, 50_000);
        assert!(d.direct_play && !d.transcode && d.external_vtt);
    }

    #[test]
    fn subtitles_external_only_when_listed() {
        let with = req(json!({"SubtitleProfiles": [{"Format": "vtt", "Method": "External"}]}));
        assert!(decide(&with, 1).external_vtt);
        let embed = req(json!({"SubtitleProfiles": [{"Format": "vtt", "Method": "Hls"}]}));
        assert!(!decide(&embed, 1).external_vtt);
    }
}
