//! From a PlaybackInfo answer to what the player loads: direct play of the file when the server
//! allows it, else its HLS transcode, with the ids every report must carry.
use crate::jellyfin::{MediaSourceInfo, MediaStream, PlaybackInfoResponse};
use crate::percent;

/// How the media reaches the player, as reported in `PlayMethod`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayMethod {
    /// The file as it is, with byte ranges.
    DirectPlay,
    /// The server's HLS transcode.
    Transcode,
}

impl PlayMethod {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DirectPlay => "DirectPlay",
            Self::Transcode => "Transcode",
        }
    }
}

/// How media URLs authenticate. A `<video>` element cannot send headers: with a service worker
/// controlling the page, the worker adds the `Authorization` header; without one, the token has
/// to go into the URL as `ApiKey` (and such a URL is never logged or stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaAccess<'a> {
    /// The service worker adds the header: no token in any URL.
    ServiceWorker,
    /// `ApiKey` in the URL.
    ApiKey(&'a str),
}

/// Why nothing can be played.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayError(pub String);

impl std::fmt::Display for PlayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One playback, ready to load.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaybackPlan {
    /// The item.
    pub item_id: String,
    /// The source chosen (its own id, not necessarily the item's).
    pub media_source_id: String,
    /// Kept for every report.
    pub play_session_id: String,
    /// Direct play or transcode.
    pub method: PlayMethod,
    /// What the `<video>` element (or hls.js) loads.
    pub url: String,
    /// The length, in ticks, when known.
    pub runtime_ticks: Option<i64>,
    /// The source's streams (audio and subtitle menus).
    pub streams: Vec<MediaStream>,
    /// The source, for track choices.
    pub source: MediaSourceInfo,
}

impl PlaybackPlan {
    /// The audio streams (a menu shows when there is more than one).
    pub fn audio_streams(&self) -> Vec<&MediaStream> {
        self.streams.iter().filter(|s| s.is("Audio")).collect()
    }

    /// The subtitle streams the player can show as WebVTT tracks (text, external or not).
    pub fn subtitle_streams(&self) -> Vec<&MediaStream> {
        self.streams
            .iter()
            .filter(|s| s.is("Subtitle") && s.is_text_subtitle_stream != Some(false))
            .collect()
    }

    /// The WebVTT URL of subtitle stream `index`.
    pub fn subtitle_url(&self, base_url: &str, index: i32, access: MediaAccess<'_>) -> String {
        let url = format!(
            "{}/Videos/{}/{}/Subtitles/{index}/0/Stream.vtt",
            base_url.trim_end_matches('/'),
            percent::encode(&self.item_id),
            percent::encode(&self.media_source_id),
        );
        with_access(url, access)
    }
}

fn with_access(mut url: String, access: MediaAccess<'_>) -> String {
    if let MediaAccess::ApiKey(token) = access {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str("ApiKey=");
        url.push_str(&percent::encode_query_value(token));
    }
    url
}

/// `url` without any `ApiKey` / `api_key` query parameter (a real server puts the token in the
/// `TranscodingUrl`; with the service worker the header carries it instead).
fn without_token(url: &str) -> String {
    let Some((path, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            !name.eq_ignore_ascii_case("apikey") && !name.eq_ignore_ascii_case("api_key")
        })
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// What to play for `item_id` from the server's `answer`: the first source the server lets
/// this browser play directly (a static stream with byte ranges), else the first with an HLS
/// transcode. `base_url`: the server; `device_id`: this browser's Jellyfin device id.
pub fn plan_playback(
    item_id: &str,
    answer: &PlaybackInfoResponse,
    base_url: &str,
    device_id: &str,
    access: MediaAccess<'_>,
) -> Result<PlaybackPlan, PlayError> {
    if let Some(code) = answer.error_code.as_deref().filter(|c| !c.is_empty()) {
        return Err(PlayError(format!("The server can't play this ({code})")));
    }
    let play_session_id = answer
        .play_session_id
        .clone()
        .filter(|p| !p.is_empty())
        .ok_or_else(|| PlayError("The server started no playback session".into()))?;
    let base = base_url.trim_end_matches('/');
    let direct = answer.media_sources.iter().find_map(|s| {
        let container = s.container.as_deref()?.split(',').next()?.trim();
        (s.supports_direct_play && !container.is_empty()).then(|| {
            let id = s.id.clone().unwrap_or_else(|| item_id.to_owned());
            let mut url = format!(
                "{base}/Videos/{}/stream.{}?Static=true&MediaSourceId={}&DeviceId={}",
                percent::encode(item_id),
                percent::encode(container),
                percent::encode_query_value(&id),
                percent::encode_query_value(device_id),
            );
            if let Some(tag) = &s.etag {
                url.push_str("&Tag=");
                url.push_str(&percent::encode_query_value(tag));
            }
            (s, id, PlayMethod::DirectPlay, url)
        })
    });
    let chosen = direct.or_else(|| {
        answer.media_sources.iter().find_map(|s| {
            let url = s.transcoding_url.as_deref().filter(|u| !u.is_empty())?;
            let url = without_token(url);
            let url = if url.starts_with("http://") || url.starts_with("https://") {
                url
            } else {
                format!("{base}/{}", url.trim_start_matches('/'))
            };
            let id = s.id.clone().unwrap_or_else(|| item_id.to_owned());
            Some((s, id, PlayMethod::Transcode, url))
        })
    });
    let (source, media_source_id, method, url) =
        chosen.ok_or_else(|| PlayError("This browser can't play any version of this".into()))?;
    Ok(PlaybackPlan {
        item_id: item_id.to_owned(),
        media_source_id,
        play_session_id,
        method,
        url: with_access(url, access),
        runtime_ticks: source.run_time_ticks,
        streams: source.media_streams.clone(),
        source: source.clone(),
    })
}

impl PlaybackPlan {
    /// A downloaded copy, played as it is from this browser's storage (`url`), with no
    /// PlaybackInfo: it plays without the server. Reports carry `play_session_id`, made here,
    /// and the item's id as the source (the download is the item's default version). Its
    /// streams are the subtitles kept beside it (`crate::downloads::subtitles`).
    pub fn local(
        item_id: &str,
        url: String,
        runtime_ticks: Option<i64>,
        play_session_id: String,
        subtitles: &[MediaStream],
    ) -> PlaybackPlan {
        let source = crate::downloads::subtitles::local_source(subtitles);
        PlaybackPlan {
            item_id: item_id.to_owned(),
            media_source_id: item_id.to_owned(),
            play_session_id,
            method: PlayMethod::DirectPlay,
            url,
            runtime_ticks,
            streams: source.media_streams.clone(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(direct: bool) -> PlaybackInfoResponse {
        PlaybackInfoResponse {
            media_sources: vec![MediaSourceInfo {
                id: Some("src 1".into()),
                container: Some("mp4,m4v".into()),
                etag: Some("tag".into()),
                run_time_ticks: Some(600_000_000),
                supports_direct_play: direct,
                supports_transcoding: true,
                transcoding_url: Some(
                    "/videos/i1/master.m3u8?MediaSourceId=src1&ApiKey=SECRET&PlaySessionId=ps"
                        .into(),
                ),
                ..Default::default()
            }],
            play_session_id: Some("ps".into()),
            error_code: None,
        }
    }

    #[test]
    fn direct_play_uses_the_static_stream_of_the_source() {
        let plan = plan_playback(
            "i1",
            &answer(true),
            "http://h:1/",
            "dev",
            MediaAccess::ServiceWorker,
        )
        .unwrap();
        assert_eq!(plan.method, PlayMethod::DirectPlay);
        assert_eq!(
            plan.url,
            "http://h:1/Videos/i1/stream.mp4?Static=true&MediaSourceId=src%201&DeviceId=dev&Tag=tag"
        );
        assert_eq!(
            (plan.media_source_id.as_str(), plan.play_session_id.as_str()),
            ("src 1", "ps")
        );
        assert_eq!(plan.runtime_ticks, Some(600_000_000));
    }

    #[test]
    fn otherwise_the_transcode_without_the_servers_token() {
        let plan = plan_playback(
            "i1",
            &answer(false),
            "http://h:1",
            "dev",
            MediaAccess::ServiceWorker,
        )
        .unwrap();
        assert_eq!(plan.method, PlayMethod::Transcode);
        assert_eq!(
            plan.url,
            "http://h:1/videos/i1/master.m3u8?MediaSourceId=src1&PlaySessionId=ps"
        );
        let keyed = plan_playback(
            "i1",
            &answer(false),
            "http://h:1",
            "dev",
            MediaAccess::ApiKey("t/k"),
        )
        .unwrap();
        assert!(
            keyed.url.ends_with("&PlaySessionId=ps&ApiKey=t%2Fk"),
            "{}",
            keyed.url
        );
        assert_eq!(
            keyed.subtitle_url("http://h:1", 3, MediaAccess::ApiKey("t")),
            "http://h:1/Videos/i1/src%201/Subtitles/3/0/Stream.vtt?ApiKey=t"
        );
        assert!(!plan
            .subtitle_url("http://h:1", 3, MediaAccess::ServiceWorker)
            .contains('?'));
    }

    #[test]
    fn errors_and_empty_answers_say_why() {
        let mut refused = answer(true);
        refused.error_code = Some("NotAllowed".into());
        assert!(
            plan_playback("i", &refused, "h", "d", MediaAccess::ServiceWorker)
                .unwrap_err()
                .0
                .contains("NotAllowed")
        );
        assert!(plan_playback(
            "i",
            &PlaybackInfoResponse::default(),
            "h",
            "d",
            MediaAccess::ServiceWorker
        )
        .is_err());
        let mut nothing = answer(false);
        nothing.media_sources[0].transcoding_url = None;
        assert!(plan_playback("i", &nothing, "h", "d", MediaAccess::ServiceWorker).is_err());
    }

    #[test]
    fn a_downloaded_copy_plays_directly_with_ids_for_the_reports() {
        let plan = PlaybackPlan::local(
            "m1",
            "/__marquee/offline/db/m1".into(),
            Some(600),
            "s1".into(),
            &[],
        );
        assert_eq!(plan.method, PlayMethod::DirectPlay);
        assert_eq!(plan.url, "/__marquee/offline/db/m1");
        assert_eq!(
            (
                plan.item_id.as_str(),
                plan.media_source_id.as_str(),
                plan.play_session_id.as_str()
            ),
            ("m1", "m1", "s1")
        );
        assert!(plan.audio_streams().is_empty() && plan.subtitle_streams().is_empty());
    }

    #[test]
    fn a_downloaded_copy_offers_its_kept_subtitles() {
        let kept = MediaStream {
            kind: Some("Subtitle".into()),
            index: Some(3),
            language: Some("fre".into()),
            is_text_subtitle_stream: Some(true),
            ..Default::default()
        };
        let plan = PlaybackPlan::local(
            "m1",
            "/x".into(),
            None,
            "s1".into(),
            std::slice::from_ref(&kept),
        );
        assert_eq!(plan.subtitle_streams(), [&kept]);
        assert_eq!(
            crate::player::choose_subtitle(&plan.source, Some("fre")),
            Some(3)
        );
    }
}
