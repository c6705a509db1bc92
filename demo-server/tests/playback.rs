//! Playback endpoints: PlaybackInfo by profile, direct streams with ranges, HLS, WebVTT,
//! media segments, the `/Sessions/Playing*` rules and the `/__demo/playback` knobs.
mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use demo_server::http::events::Event;
use demo_server::media::clip::{self, HlsAudio, CLIP_TICKS};
use serde_json::{json, Value};

/// `/__demo/` answers (no token).
trait DemoJson {
    async fn json_demo(&self, path: &str) -> Value;
}

impl DemoJson for Server {
    async fn json_demo(&self, path: &str) -> Value {
        let r = self.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.text());
        r.json()
    }
}

/// What a browser that plays MP4 (H.264/AAC) and WebM sends, as jellyfin-web builds it.
fn browser_profile() -> Value {
    json!({
        "MaxStreamingBitrate": 120_000_000,
        "DirectPlayProfiles": [
            {"Container": "webm", "Type": "Video", "VideoCodec": "vp8,vp9,av1", "AudioCodec": "vorbis,opus"},
            {"Container": "mp4,m4v", "Type": "Video", "VideoCodec": "h264,vp9,av1", "AudioCodec": "aac,mp3,opus,flac"}
        ],
        "TranscodingProfiles": [
            {"Container": "ts", "Type": "Video", "AudioCodec": "aac,mp3", "VideoCodec": "h264", "Context": "Streaming", "Protocol": "hls", "MaxAudioChannels": "2", "MinSegments": 1, "BreakOnNonKeyFrames": true}
        ],
        "SubtitleProfiles": [{"Format": "vtt", "Method": "External"}]
    })
}

/// A browser without MP4: must get HLS.
fn webm_only_profile() -> Value {
    let mut p = browser_profile();
    p["DirectPlayProfiles"] =
        json!([{"Container": "webm", "Type": "Video", "VideoCodec": "vp9", "AudioCodec": "opus"}]);
    p
}

async fn movies(s: &Server, token: &str) -> Vec<Value> {
    let (lib, _) = s.libraries(token).await;
    s.all(token, &lib, "Movie", "").await
}

async fn first_episode(s: &Server, token: &str) -> Value {
    let (_, shows) = s.libraries(token).await;
    s.all(token, &shows, "Episode", "").await.remove(0)
}

async fn playback_info(s: &Server, token: &str, id: &str, profile: Value) -> Value {
    let r = s
        .post(
            &format!("/Items/{id}/PlaybackInfo?UserId={}", s.user_id(token).await),
            Some(token),
            json!({"DeviceProfile": profile, "IsPlayback": true, "AutoOpenLiveStream": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

async fn get_with(s: &Server, path: &str, headers: &[(&str, &str)]) -> Resp {
    let mut req = Request::builder().method(Method::GET).uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    s.send(req.body(Body::empty()).unwrap()).await
}

fn auth(token: &str) -> String {
    format!(
        r#"MediaBrowser Client="Marquee", Device="Test", DeviceId="test-device", Version="0.1.0", Token="{token}""#
    )
}

fn streams_of<'a>(source: &'a Value, kind: &str) -> Vec<&'a Value> {
    source["MediaStreams"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["Type"] == kind)
        .collect()
}

#[tokio::test]
async fn playable_items_last_as_long_as_the_clip() {
    let s = Server::new();
    let token = s.token().await;
    let mut runtimes: Vec<i64> = movies(&s, &token)
        .await
        .iter()
        .map(|m| m["RunTimeTicks"].as_i64().unwrap())
        .collect();
    let (_, shows) = s.libraries(&token).await;
    runtimes.extend(
        s.all(&token, &shows, "Episode", "")
            .await
            .iter()
            .map(|e| e["RunTimeTicks"].as_i64().unwrap()),
    );
    let rounded = CLIP_TICKS as f32 as i64;
    assert_ne!(rounded, CLIP_TICKS, "the length does not survive f32");
    for r in &runtimes {
        assert!(*r == CLIP_TICKS || *r == rounded, "{r}");
    }
    assert!(runtimes.iter().filter(|r| **r == CLIP_TICKS).count() > runtimes.len() / 2);
}

#[tokio::test]
async fn direct_play_when_the_profile_takes_mp4_h264_aac() {
    let s = Server::new();
    let token = s.token().await;
    let movie = movies(&s, &token).await.remove(0);
    let id = movie["Id"].as_str().unwrap();
    let info = playback_info(&s, &token, id, browser_profile()).await;
    assert!(is_hex32(info["PlaySessionId"].as_str().unwrap()));
    assert!(info.get("ErrorCode").is_none());
    let sources = info["MediaSources"].as_array().unwrap();
    assert_eq!(sources.len(), 1);
    let source = &sources[0];
    assert_eq!(source["SupportsDirectPlay"], true);
    assert_eq!(source["SupportsTranscoding"], true);
    assert_eq!(source["Container"], "mp4");
    assert_eq!(source["RunTimeTicks"], movie["RunTimeTicks"]);
    assert!(source.get("TranscodingUrl").is_none());
    let source_id = source["Id"].as_str().unwrap();
    assert!(is_hex32(source_id));
    assert_ne!(source_id, id, "the source has its own id");
    let video = streams_of(source, "Video");
    assert_eq!(video.len(), 1);
    assert_eq!(
        (video[0]["Codec"].as_str(), video[0]["Index"].as_i64()),
        (Some("h264"), Some(0))
    );
    let audio = streams_of(source, "Audio");
    assert!(!audio.is_empty() && audio.iter().all(|a| a["Codec"] == "aac"));
    assert_eq!(source["DefaultAudioStreamIndex"], audio[0]["Index"]);

    // Each PlaybackInfo is a new play session.
    let again = playback_info(&s, &token, id, browser_profile()).await;
    assert_ne!(again["PlaySessionId"], info["PlaySessionId"]);
}

#[tokio::test]
async fn hls_when_the_profile_cannot_take_mp4() {
    let s = Server::new();
    let token = s.token().await;
    let id = movies(&s, &token).await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let info = playback_info(&s, &token, &id, webm_only_profile()).await;
    let source = &info["MediaSources"][0];
    assert_eq!(source["SupportsDirectPlay"], false);
    assert_eq!(source["SupportsDirectStream"], false);
    assert_eq!(source["TranscodingSubProtocol"], "hls");
    assert_eq!(source["TranscodingContainer"], "ts");
    let url = source["TranscodingUrl"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("/videos/{id}/master.m3u8?")),
        "{url}"
    );
    let play_session = info["PlaySessionId"].as_str().unwrap();
    for part in [
        format!("MediaSourceId={}", source["Id"].as_str().unwrap()),
        format!("PlaySessionId={play_session}"),
        "DeviceId=device-demo".to_string(), // the device the token was issued to
        format!("ApiKey={token}"),
        "TranscodeReasons=ContainerNotSupported".to_string(),
    ] {
        assert!(url.contains(&part), "{part} missing from {url}");
    }
    // The URL, token and all, plays as given.
    let master = s.get(url, None).await;
    assert_eq!(master.status, StatusCode::OK, "{}", master.text());
    assert!(master.text().starts_with("#EXTM3U"));
}

#[tokio::test]
async fn no_compatible_stream_and_switches() {
    let s = Server::new();
    let token = s.token().await;
    let id = movies(&s, &token).await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();

    let nothing = json!({"DirectPlayProfiles": [{"Container": "webm", "Type": "Video"}], "TranscodingProfiles": []});
    let info = playback_info(&s, &token, &id, nothing).await;
    assert_eq!(info["ErrorCode"], "NoCompatibleStream");
    assert!(info["MediaSources"][0].get("TranscodingUrl").is_none());

    // EnableDirectPlay=false in the query turns a direct-play profile into HLS.
    let r = s
        .post(
            &format!("/Items/{id}/PlaybackInfo?EnableDirectPlay=false"),
            Some(&token),
            json!({"DeviceProfile": browser_profile()}),
        )
        .await
        .json();
    assert_eq!(r["MediaSources"][0]["SupportsDirectPlay"], false);
    assert!(r["MediaSources"][0]["TranscodingUrl"].is_string());

    // The GET form, no profile: the file plays as it is.
    let r = s.json(&format!("/Items/{id}/PlaybackInfo"), &token).await;
    assert_eq!(r["MediaSources"][0]["SupportsDirectPlay"], true);

    // A series is not playable; an unknown item is 404; bad JSON is 400; no token is 401.
    let (_, shows) = s.libraries(&token).await;
    let series = s.all(&token, &shows, "Series", "").await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = playback_info(&s, &token, &series, browser_profile()).await;
    assert_eq!(
        (
            r["MediaSources"].as_array().unwrap().len(),
            r["ErrorCode"].as_str()
        ),
        (0, Some("NoCompatibleStream"))
    );
    let unknown = s
        .post(
            "/Items/0123456789abcdef0123456789abcdef/PlaybackInfo",
            Some(&token),
            json!({}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/Items/{id}/PlaybackInfo"))
        .header("Authorization", auth(&token))
        .body(Body::from("<html>"))
        .unwrap();
    assert_eq!(s.send(req).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        s.post(&format!("/Items/{id}/PlaybackInfo"), None, json!({}))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn force_transcoding_knob() {
    let s = Server::new();
    let token = s.token().await;
    let id = movies(&s, &token).await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s
        .post("/__demo/playback", None, json!({"force_transcoding": true}))
        .await;
    assert_eq!(r.json()["force_transcoding"], true);
    let source = playback_info(&s, &token, &id, browser_profile()).await["MediaSources"][0].clone();
    assert_eq!(source["SupportsDirectPlay"], false);
    assert!(source["TranscodingUrl"]
        .as_str()
        .unwrap()
        .contains("master.m3u8"));
    // The reset puts it back.
    assert_eq!(
        s.post("/__demo/reset", None, json!({})).await.status,
        StatusCode::OK
    );
    let source = playback_info(&s, &token, &id, browser_profile()).await["MediaSources"][0].clone();
    assert_eq!(source["SupportsDirectPlay"], true);
    assert_eq!(
        s.post(
            "/__demo/playback",
            None,
            json!({"force_transcoding": "yes"})
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn tracks_differ_between_items() {
    let s = Server::new();
    let token = s.token().await;
    let mut one_audio = 0;
    let mut two_audio = 0;
    let mut with_subs = 0;
    for m in movies(&s, &token).await.iter().take(30) {
        let id = m["Id"].as_str().unwrap();
        let info = playback_info(&s, &token, id, browser_profile()).await;
        let source = &info["MediaSources"][0];
        let audio = streams_of(source, "Audio");
        match audio.len() {
            1 => one_audio += 1,
            2 => {
                two_audio += 1;
                assert_eq!(
                    (audio[0]["Language"].as_str(), audio[1]["Language"].as_str()),
                    (Some("eng"), Some("fre"))
                );
                assert_eq!(
                    (
                        audio[0]["IsDefault"].as_bool(),
                        audio[1]["IsDefault"].as_bool()
                    ),
                    (Some(true), Some(false))
                );
            }
            n => panic!("{n} audio tracks"),
        }
        // The file's size says which file it is.
        let expected = if audio.len() == 2 {
            clip::MP4_TWO_AUDIO.len()
        } else {
            clip::MP4_ONE_AUDIO.len()
        };
        assert_eq!(source["Size"], expected);
        let subs = streams_of(source, "Subtitle");
        if !subs.is_empty() {
            with_subs += 1;
            assert_eq!(subs.len(), 2);
            assert_eq!(source["DefaultSubtitleStreamIndex"], subs[0]["Index"]);
            let source_id = source["Id"].as_str().unwrap();
            for sub in subs {
                assert_eq!(sub["DeliveryMethod"], "External");
                assert_eq!(sub["IsExternal"], true);
                assert_eq!(sub["Codec"], "webvtt");
                let url = sub["DeliveryUrl"].as_str().unwrap();
                let index = sub["Index"].as_i64().unwrap();
                assert_eq!(
                    url,
                    format!(
                        "/Videos/{id}/{source_id}/Subtitles/{index}/0/Stream.vtt?ApiKey={token}"
                    )
                );
            }
            // Indexes: video 0, audio from 1, subtitles after the audio.
            let all: Vec<i64> = source["MediaStreams"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["Index"].as_i64().unwrap())
                .collect();
            assert_eq!(all, (0..all.len() as i64).collect::<Vec<_>>());
        }
    }
    assert!(
        one_audio > 0 && two_audio > 0 && with_subs > 0 && with_subs < 30,
        "{one_audio} {two_audio} {with_subs}"
    );
}

#[tokio::test]
async fn subtitles_are_served_as_webvtt() {
    let s = Server::new();
    let token = s.token().await;
    let mut found = false;
    for m in movies(&s, &token).await.iter().take(10) {
        let info = playback_info(&s, &token, m["Id"].as_str().unwrap(), browser_profile()).await;
        let source = &info["MediaSources"][0];
        let subs = streams_of(source, "Subtitle");
        let Some(first) = subs.first() else { continue };
        found = true;
        let r = s.get(first["DeliveryUrl"].as_str().unwrap(), None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-type"), Some("text/vtt; charset=utf-8"));
        let text = r.text();
        assert!(
            text.starts_with(
                "WEBVTT\n\n1\n00:00:00.500 --> 00:00:03.000\nEnglish subtitle number 1\n"
            ),
            "{text}"
        );
        let french = s
            .get(subs[1]["DeliveryUrl"].as_str().unwrap(), None)
            .await
            .text();
        assert!(french.contains("Sous-titre français"));
        // A stream index that is not a subtitle, and another source's id: 404.
        let id = m["Id"].as_str().unwrap();
        let source_id = source["Id"].as_str().unwrap();
        let audio = s
            .get(
                &format!("/Videos/{id}/{source_id}/Subtitles/1/0/Stream.vtt"),
                Some(&token),
            )
            .await;
        assert_eq!(audio.status, StatusCode::NOT_FOUND);
        let wrong = s
            .get(
                &format!(
                    "/Videos/{id}/{id}/Subtitles/{}/0/Stream.vtt",
                    first["Index"]
                ),
                Some(&token),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        // The form without the start position.
        let short = s
            .get(
                &format!(
                    "/Videos/{id}/{source_id}/Subtitles/{}/Stream.vtt",
                    first["Index"]
                ),
                Some(&token),
            )
            .await;
        assert_eq!(short.text(), text);
        break;
    }
    assert!(found);
}

#[tokio::test]
async fn direct_stream_answers_ranges() {
    let s = Server::new();
    let token = s.token().await;
    let id = movies(&s, &token).await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let info = playback_info(&s, &token, &id, browser_profile()).await;
    let source = &info["MediaSources"][0];
    let file: &[u8] = if streams_of(source, "Audio").len() == 2 {
        clip::MP4_TWO_AUDIO
    } else {
        clip::MP4_ONE_AUDIO
    };
    let len = file.len();
    let url = format!(
        "/Videos/{id}/stream.mp4?Static=true&MediaSourceId={}",
        source["Id"].as_str().unwrap()
    );
    let a = auth(&token);

    let whole = get_with(&s, &url, &[("Authorization", a.as_str())]).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.header("content-type"), Some("video/mp4"));
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    assert_eq!(
        whole.header("content-length"),
        Some(len.to_string().as_str())
    );
    assert!(whole.body == file);

    let first = get_with(
        &s,
        &url,
        &[("Authorization", a.as_str()), ("Range", "bytes=0-99")],
    )
    .await;
    assert_eq!(first.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        first.header("content-range"),
        Some(format!("bytes 0-99/{len}").as_str())
    );
    assert_eq!(first.header("content-type"), Some("video/mp4"));
    assert!(first.body == file[..100]);

    let open = get_with(
        &s,
        &url,
        &[
            ("Authorization", a.as_str()),
            ("Range", format!("bytes={}-", len - 10).as_str()),
        ],
    )
    .await;
    assert_eq!(open.status, StatusCode::PARTIAL_CONTENT);
    assert!(open.body == file[len - 10..]);
    let suffix = get_with(
        &s,
        &url,
        &[("Authorization", a.as_str()), ("Range", "bytes=-7")],
    )
    .await;
    assert_eq!(
        suffix.header("content-range"),
        Some(format!("bytes {}-{}/{len}", len - 7, len - 1).as_str())
    );
    assert!(suffix.body == file[len - 7..]);
    let past = get_with(
        &s,
        &url,
        &[("Authorization", a.as_str()), ("Range", "bytes=0-99999999")],
    )
    .await;
    assert_eq!(past.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(past.body.len(), len);

    let beyond = get_with(
        &s,
        &url,
        &[
            ("Authorization", a.as_str()),
            ("Range", format!("bytes={len}-").as_str()),
        ],
    )
    .await;
    assert_eq!(beyond.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        beyond.header("content-range"),
        Some(format!("bytes */{len}").as_str())
    );
    assert!(beyond.body.is_empty());

    // HEAD: the headers without the body.
    let req = Request::builder()
        .method(Method::HEAD)
        .uri(&url)
        .header("Authorization", a.as_str())
        .body(Body::empty())
        .unwrap();
    let head = s.send(req).await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(
        head.header("content-length"),
        Some(len.to_string().as_str())
    );
    assert!(head.body.is_empty());

    // `stream` without a container, the token as a query parameter (both spellings).
    for q in [format!("api_key={token}"), format!("ApiKey={token}")] {
        let r = s
            .get(&format!("/Videos/{id}/stream?Static=true&{q}"), None)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body == file);
    }
    // No token: 401. Another source id, another container, a series: 404.
    assert_eq!(s.get(&url, None).await.status, StatusCode::UNAUTHORIZED);
    let wrong = s
        .get(
            &format!("/Videos/{id}/stream.mp4?MediaSourceId={id}"),
            Some(&token),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(
        s.get(&format!("/Videos/{id}/stream.mkv"), Some(&token))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let (_, shows) = s.libraries(&token).await;
    let series = s.all(&token, &shows, "Series", "").await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        s.get(&format!("/Videos/{series}/stream"), Some(&token))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// The segment URIs of a media playlist, with their `#EXTINF` durations in ticks.
fn playlist_segments(text: &str) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    let mut duration = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("#EXTINF:") {
            let secs: f64 = rest.split(',').next().unwrap().parse().unwrap();
            duration = Some((secs * 10_000_000.0).round() as i64);
        } else if !line.starts_with('#') && !line.is_empty() {
            out.push((
                line.to_string(),
                duration.take().expect("#EXTINF before each URI"),
            ));
        }
    }
    out
}

/// Follows the master playlist to every segment; returns the segment URLs fetched.
async fn walk_hls(s: &Server, url: &str, headers: &[(&str, &str)], audio: HlsAudio) -> Vec<String> {
    let master = get_with(s, url, headers).await;
    assert_eq!(master.status, StatusCode::OK, "{url}: {}", master.text());
    assert_eq!(master.header("content-type"), Some("application/x-mpegURL"));
    let text = master.text();
    assert!(text.contains("CODECS=\"avc1.4d401e,mp4a.40.2\""), "{text}");
    let variant = text
        .lines()
        .find(|l| !l.starts_with('#') && !l.is_empty())
        .unwrap();
    let base = &url[..url.find("master.m3u8").unwrap()];
    let main = get_with(s, &format!("{base}{variant}"), headers).await;
    assert_eq!(main.status, StatusCode::OK);
    let main = main.text();
    assert!(main.starts_with("#EXTM3U\n") && main.trim_end().ends_with("#EXT-X-ENDLIST"));
    let segments = playlist_segments(&main);
    let total: i64 = segments.iter().map(|(_, d)| d).sum();
    assert!((total - CLIP_TICKS).abs() < 20, "{total}");
    let mut fetched = Vec::new();
    for (n, (uri, _)) in segments.iter().enumerate() {
        assert!(uri.starts_with(&format!("hls1/main/{n}.ts")), "{uri}");
        let seg_url = format!("{base}{uri}");
        let r = get_with(s, &seg_url, headers).await;
        assert_eq!(r.status, StatusCode::OK, "{seg_url}");
        assert_eq!(r.header("content-type"), Some("video/mp2t"));
        assert!(
            r.body == clip::segments(audio)[n].bytes,
            "segment {n} is the committed file"
        );
        fetched.push(seg_url);
    }
    assert_eq!(fetched.len(), clip::segments(audio).len());
    fetched
}

async fn transcoding_url(s: &Server, token: &str, id: &str) -> String {
    let info = playback_info(s, token, id, webm_only_profile()).await;
    info["MediaSources"][0]["TranscodingUrl"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn hls_playlists_reference_existing_segments_and_keep_the_token_where_it_came() {
    let s = Server::new();
    let token = s.token().await;
    let id = movies(&s, &token).await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let url = transcoding_url(&s, &token, &id).await;

    // As given (ApiKey in the URL): every playlist and segment URL carries it.
    let with_key = walk_hls(&s, &url, &[], HlsAudio::English).await;
    assert!(with_key
        .iter()
        .all(|u| u.contains(&format!("ApiKey={token}"))));

    // The token stripped and sent as a header (a service worker's way): no URL carries it.
    let stripped = url.replace(&format!("&ApiKey={token}"), "");
    assert!(!stripped.contains(&token));
    let a = auth(&token);
    let without = walk_hls(
        &s,
        &stripped,
        &[("Authorization", a.as_str())],
        HlsAudio::English,
    )
    .await;
    assert!(without
        .iter()
        .all(|u| !u.contains(&token) && !u.to_ascii_lowercase().contains("apikey")));

    let seen = s.json_demo("/__demo/playback").await["media_requests"].clone();
    let per_walk = 2 + clip::segments(HlsAudio::English).len() as u64;
    // One request (the master from `hls_when...`-like use) is not here: exactly two walks.
    assert_eq!(seen["total"], 2 * per_walk);
    assert_eq!(seen["token_in_url"], per_walk);
    assert_eq!(seen["token_in_header"], per_walk);
    let paths: Vec<&str> = seen["token_in_url_paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        paths.iter().all(|p| !p.contains('?')),
        "paths only, never the query: {paths:?}"
    );

    // The master playlist needs a MediaSourceId and the right one.
    let r = get_with(
        &s,
        &format!("/videos/{id}/master.m3u8"),
        &[("Authorization", a.as_str())],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = get_with(
        &s,
        &format!("/videos/{id}/master.m3u8?MediaSourceId={id}"),
        &[("Authorization", a.as_str())],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get_with(
        &s,
        &format!("/Videos/{id}/hls1/main/99.ts"),
        &[("Authorization", a.as_str())],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        s.get(&format!("/Videos/{id}/hls1/main/0.ts"), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // Ending the transcode, as jellyfin-web does when it stops.
    let end = |q: &str| format!("/Videos/ActiveEncodings{q}");
    let r = s
        .delete(
            &end("?deviceId=test-device&playSessionId=abc"),
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        s.delete(&end("?deviceId=test-device"), Some(&token))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.delete(&end("?deviceId=d&playSessionId=p"), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn segment_faults_fail_or_stall_the_chosen_segments() {
    let s = Server::new();
    let token = s.token().await;
    let id = movies(&s, &token).await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = auth(&token);
    let seg = |n: usize| format!("/Videos/{id}/hls1/main/{n}.ts");

    let r = s
        .post("/__demo/playback", None, json!({"segment_fault": {"mode": "status", "status": 503, "segments": [2], "count": 1}}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        get_with(&s, &seg(1), &[("Authorization", a.as_str())])
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        get_with(&s, &seg(2), &[("Authorization", a.as_str())])
            .await
            .status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    // Used up: the next request for it succeeds.
    assert_eq!(
        get_with(&s, &seg(2), &[("Authorization", a.as_str())])
            .await
            .status,
        StatusCode::OK
    );
    assert!(s.json_demo("/__demo/playback").await["segment_fault"].is_null());

    s.post(
        "/__demo/playback",
        None,
        json!({"segment_fault": {"mode": "stall", "ms": 300}}),
    )
    .await;
    let started = Instant::now();
    let r = get_with(&s, &seg(0), &[("Authorization", a.as_str())]).await;
    assert_eq!(r.status, StatusCode::GATEWAY_TIMEOUT);
    assert!(started.elapsed() >= Duration::from_millis(300));
    // Until cleared, every segment stalls.
    s.post("/__demo/playback", None, json!({"segment_fault": null}))
        .await;
    assert_eq!(
        get_with(&s, &seg(0), &[("Authorization", a.as_str())])
            .await
            .status,
        StatusCode::OK
    );

    let bad = s
        .post(
            "/__demo/playback",
            None,
            json!({"segment_fault": {"mode": "explode"}}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn episodes_have_an_intro_segment() {
    let s = Server::new();
    let token = s.token().await;
    let episode = first_episode(&s, &token).await;
    let id = episode["Id"].as_str().unwrap();
    let r = s.json(&format!("/MediaSegments/{id}"), &token).await;
    let list = items(&r);
    assert_eq!(list.len(), 1);
    let intro = &list[0];
    assert!(is_hex32(intro["Id"].as_str().unwrap()));
    assert_eq!(intro["ItemId"], id);
    assert_eq!(intro["Type"], "Intro");
    let (start, end) = (
        intro["StartTicks"].as_i64().unwrap(),
        intro["EndTicks"].as_i64().unwrap(),
    );
    assert!(0 <= start && start < end && end < episode["RunTimeTicks"].as_i64().unwrap());
    assert_eq!(r["TotalRecordCount"], 1);

    let only_outro = s
        .json(
            &format!("/MediaSegments/{id}?includeSegmentTypes=Outro"),
            &token,
        )
        .await;
    assert!(items(&only_outro).is_empty());
    let intro_asked = s
        .json(
            &format!("/MediaSegments/{id}?includeSegmentTypes=Intro,Outro"),
            &token,
        )
        .await;
    assert_eq!(items(&intro_asked).len(), 1);

    let movie = movies(&s, &token).await.remove(0);
    let none = s
        .json(
            &format!("/MediaSegments/{}", movie["Id"].as_str().unwrap()),
            &token,
        )
        .await;
    assert!(items(&none).is_empty());
    assert_eq!(
        s.get(&format!("/MediaSegments/{id}"), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.get(
            "/MediaSegments/0123456789abcdef0123456789abcdef",
            Some(&token)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

/// User data as `/__demo/items/{id}?user=demo` shows it.
async fn user_data(s: &Server, id: &str) -> Value {
    s.json_demo(&format!("/__demo/items/{id}?user=demo")).await["UserData"].clone()
}

/// The `UserDataChanged` events published since `rx` subscribed: (item id, Played, position).
fn pushed(rx: &mut tokio::sync::broadcast::Receiver<Event>) -> Vec<(String, bool, i64)> {
    let mut out = Vec::new();
    while let Ok(event) = rx.try_recv() {
        if let Event::UserDataChanged { list, .. } = event {
            for d in list {
                out.push((
                    d["ItemId"].as_str().unwrap().to_string(),
                    d["Played"].as_bool().unwrap(),
                    d["PlaybackPositionTicks"].as_i64().unwrap(),
                ));
            }
        }
    }
    out
}

async fn report(s: &Server, token: &str, kind: &str, body: Value) {
    let r = s
        .post(&format!("/Sessions/Playing{kind}"), Some(token), body)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{kind}: {}", r.text());
}

#[tokio::test]
async fn reports_update_user_data_as_jellyfin_does() {
    let s = Server::new();
    let token = s.token().await;
    let (movies_lib, _) = s.libraries(&token).await;
    let movie = s
        .all(&token, &movies_lib, "Movie", "&Filters=IsUnplayed")
        .await
        .remove(0);
    let id = movie["Id"].as_str().unwrap().to_string();
    let runtime = movie["RunTimeTicks"].as_i64().unwrap();
    let info = playback_info(&s, &token, &id, browser_profile()).await;
    let session = info["PlaySessionId"].as_str().unwrap().to_string();
    let source = info["MediaSources"][0]["Id"].as_str().unwrap().to_string();
    let body = |position: i64| json!({"ItemId": id, "PlaySessionId": session, "MediaSourceId": source, "PositionTicks": position, "PlayMethod": "DirectPlay", "CanSeek": true, "IsPaused": false});
    let before = user_data(&s, &id).await;
    let mut rx = s.state.events.subscribe();

    // Start: counted, dated, not played.
    report(&s, &token, "", body(0)).await;
    let d = user_data(&s, &id).await;
    assert_eq!(d["PlayCount"], before["PlayCount"].as_i64().unwrap() + 1);
    assert!(d["LastPlayedDate"].is_string());
    assert_eq!(
        pushed(&mut rx),
        vec![(
            id.clone(),
            false,
            before["PlaybackPositionTicks"].as_i64().unwrap()
        )]
    );

    // Progress at 50% and a tick: saved exactly, pushed.
    let half = runtime / 2 + 1;
    report(&s, &token, "/Progress", body(half)).await;
    let d = user_data(&s, &id).await;
    assert_eq!(
        (d["PlaybackPositionTicks"].as_i64(), d["Played"].as_bool()),
        (Some(half), Some(false))
    );
    assert_eq!(pushed(&mut rx), vec![(id.clone(), false, half)]);
    // It is in Continue Watching now.
    let resume = s
        .json("/UserItems/Resume?MediaTypes=Video&Limit=100", &token)
        .await;
    assert!(ids(items(&resume)).contains(&id));

    // Under 5%: no position kept.
    report(&s, &token, "/Progress", body(runtime * 4 / 100)).await;
    assert_eq!(user_data(&s, &id).await["PlaybackPositionTicks"], 0);
    assert_eq!(pushed(&mut rx), vec![(id.clone(), false, 0)]);

    // A failed stop changes nothing and pushes nothing.
    report(&s, &token, "/Progress", body(half)).await;
    pushed(&mut rx);
    let mut failed = body(runtime - 1);
    failed["Failed"] = json!(true);
    report(&s, &token, "/Stopped", failed).await;
    assert_eq!(user_data(&s, &id).await["PlaybackPositionTicks"], half);
    assert!(pushed(&mut rx).is_empty());

    // Stop past 90%: played, position 0, counted once for this play session.
    let count = user_data(&s, &id).await["PlayCount"].as_i64().unwrap();
    report(&s, &token, "/Stopped", body(runtime * 91 / 100)).await;
    let d = user_data(&s, &id).await;
    assert_eq!(
        (d["Played"].as_bool(), d["PlaybackPositionTicks"].as_i64()),
        (Some(true), Some(0))
    );
    assert_eq!(d["PlayCount"], count, "the start already counted this play");
    assert_eq!(pushed(&mut rx), vec![(id.clone(), true, 0)]);
    let resume = s
        .json("/UserItems/Resume?MediaTypes=Video&Limit=100", &token)
        .await;
    assert!(!ids(items(&resume)).contains(&id));

    let seen = s.json_demo("/__demo/playback").await;
    assert_eq!(
        seen["reports"],
        json!({"Playing": 1, "Progress": 3, "Stopped": 2, "Ping": 0})
    );
    let last = seen["last_reports"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "Stopped");
    assert_eq!(last["PositionTicks"], runtime * 91 / 100);
    assert_eq!(last["PlaySessionId"], session.as_str());
    assert_eq!(last["MediaSourceId"], source.as_str());
    assert_eq!(last["user"], "demo");
}

#[tokio::test]
async fn a_stop_without_a_start_still_counts_the_play_and_dates_it() {
    let s = Server::new();
    let token = s.token().await;
    let episode = first_episode(&s, &token).await;
    let id = episode["Id"].as_str().unwrap().to_string();
    let runtime = episode["RunTimeTicks"].as_i64().unwrap();
    s.post(
        &format!("/__demo/userdata/{id}"),
        None,
        json!({"User": "demo", "Played": false}),
    )
    .await;
    let before = user_data(&s, &id).await;
    let mut rx = s.state.events.subscribe();
    // Within a second of the end (under 90% only for very short items): played.
    report(
        &s,
        &token,
        "/Stopped",
        json!({"ItemId": id, "PlaySessionId": "offline-1", "PositionTicks": runtime - 5_000_000}),
    )
    .await;
    let d = user_data(&s, &id).await;
    assert_eq!(d["Played"], true);
    assert_eq!(d["PlayCount"], before["PlayCount"].as_i64().unwrap() + 1);
    assert!(
        d["LastPlayedDate"].as_str().unwrap() > before["LastPlayedDate"].as_str().unwrap_or("")
    );
    // The episode, its season and its series changed (the unplayed counts moved).
    let changed: Vec<String> = pushed(&mut rx).into_iter().map(|(i, _, _)| i).collect();
    assert_eq!(
        changed,
        vec![
            id.clone(),
            episode["SeasonId"].as_str().unwrap().to_string(),
            episode["SeriesId"].as_str().unwrap().to_string()
        ]
    );
    // The same play session again: not counted twice.
    report(
        &s,
        &token,
        "/Stopped",
        json!({"ItemId": id, "PlaySessionId": "offline-1", "PositionTicks": runtime}),
    )
    .await;
    assert_eq!(user_data(&s, &id).await["PlayCount"], d["PlayCount"]);
}

#[tokio::test]
async fn bad_reports_are_refused_and_unknown_items_ignored() {
    let s = Server::new();
    let token = s.token().await;
    let id = movies(&s, &token).await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = user_data(&s, &id).await;
    let req = |body: &'static str| {
        Request::builder()
            .method(Method::POST)
            .uri("/Sessions/Playing/Progress")
            .header("Authorization", auth(&token))
            .header("Content-Type", "application/json")
            .body(Body::from(body))
            .unwrap()
    };
    for body in ["", "<html>", "[]", "null"] {
        assert_eq!(
            s.send(req(body)).await.status,
            StatusCode::BAD_REQUEST,
            "{body:?}"
        );
    }
    let negative = s
        .post(
            "/Sessions/Playing/Stopped",
            Some(&token),
            json!({"ItemId": id, "PositionTicks": -1}),
        )
        .await;
    assert_eq!(negative.status, StatusCode::BAD_REQUEST);
    report(
        &s,
        &token,
        "/Progress",
        json!({"ItemId": "0123456789abcdef0123456789abcdef", "PositionTicks": 5}),
    )
    .await;
    report(&s, &token, "/Progress", json!({})).await;
    assert_eq!(user_data(&s, &id).await, before);
    let unauthorized = s
        .post("/Sessions/Playing", None, json!({"ItemId": id}))
        .await;
    assert_eq!(unauthorized.status, StatusCode::UNAUTHORIZED);
    let ping = s
        .post(
            "/Sessions/Playing/Ping?playSessionId=abc",
            Some(&token),
            json!({}),
        )
        .await;
    assert_eq!(ping.status, StatusCode::NO_CONTENT);
    assert_eq!(s.json_demo("/__demo/playback").await["reports"]["Ping"], 1);
}

/// Checks `value` against an OpenAPI 3.0 schema: types, enums, and unknown keys where the
/// schema forbids them (`additionalProperties: false`, as Jellyfin's objects do).
fn check_schema(
    value: &Value,
    schema: &Value,
    schemas: &Value,
    at: &str,
    errors: &mut Vec<String>,
) {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        return check_schema(value, &schemas[name], schemas, at, errors);
    }
    if value.is_null() {
        if schema["nullable"] != true {
            errors.push(format!("{at}: null where not nullable"));
        }
        return;
    }
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            check_schema(value, s, schemas, at, errors);
        }
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            errors.push(format!("{at}: {value} not in {allowed:?}"));
        }
    }
    let ok = match schema["type"].as_str() {
        Some("object") => {
            let Some(obj) = value.as_object() else {
                errors.push(format!("{at}: not an object"));
                return;
            };
            for (k, v) in obj {
                let path = format!("{at}.{k}");
                match (&schema["properties"][k], &schema["additionalProperties"]) {
                    (Value::Null, Value::Bool(false)) => {
                        errors.push(format!("{path}: unknown key"))
                    }
                    (Value::Null, extra) if extra.is_object() => {
                        check_schema(v, extra, schemas, &path, errors)
                    }
                    (Value::Null, _) => {}
                    (prop, _) => check_schema(v, prop, schemas, &path, errors),
                }
            }
            true
        }
        Some("array") => {
            let Some(list) = value.as_array() else {
                errors.push(format!("{at}: not an array"));
                return;
            };
            for (i, v) in list.iter().enumerate() {
                check_schema(v, &schema["items"], schemas, &format!("{at}[{i}]"), errors);
            }
            true
        }
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        _ => true,
    };
    if !ok {
        errors.push(format!("{at}: {value} is not {}", schema["type"]));
    }
}

/// Jellyfin's OpenAPI extracts (10.10.7 and 10.11.8; `JELLYFIN_OPENAPI_DIR`, or the shared
/// copy on the dev machines). They are not in the repository, so without them this check says
/// so and passes.
fn openapi_schemas() -> Vec<(String, Value)> {
    let dir = std::env::var("JELLYFIN_OPENAPI_DIR")
        .unwrap_or_else(|_| "/work/shared/jellyfin-openapi".to_string());
    let mut out = Vec::new();
    for version in ["10.10.7", "10.11.8"] {
        let path = format!("{dir}/jellyfin-openapi-{version}.extract.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("no Jellyfin OpenAPI extract at {path}: shapes not checked against it");
            continue;
        };
        let doc: Value = serde_json::from_str(&text).expect("the extract is JSON");
        out.push((version.to_string(), doc["components"]["schemas"].clone()));
    }
    out
}

#[tokio::test]
async fn shapes_match_jellyfins_openapi() {
    for (version, schemas) in openapi_schemas() {
        shapes_match(&version, &schemas).await;
    }
}

async fn shapes_match(version: &str, schemas: &Value) {
    let s = Server::new();
    let token = s.token().await;
    let mut errors = Vec::new();
    // Checking the checker: a wrong type, an unknown key and a bad enum value are caught.
    let broken = json!({"MediaSources": [{"Id": 5, "Bogus": true, "Protocol": "Carrier pigeon"}]});
    check_schema(
        &broken,
        &schemas["PlaybackInfoResponse"],
        schemas,
        "broken",
        &mut errors,
    );
    for expected in [
        "broken.MediaSources[0].Id: 5 is not",
        "broken.MediaSources[0].Bogus: unknown key",
        "broken.MediaSources[0].Protocol: \"Carrier pigeon\" not in",
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "{version} {expected}: {errors:?}"
        );
    }
    errors.clear();

    let mut checked = 0;
    for m in movies(&s, &token).await.iter().take(6) {
        let id = m["Id"].as_str().unwrap();
        for profile in [browser_profile(), webm_only_profile()] {
            let info = playback_info(&s, &token, id, profile).await;
            check_schema(
                &info,
                &schemas["PlaybackInfoResponse"],
                schemas,
                id,
                &mut errors,
            );
            checked += 1;
        }
    }
    let episode = first_episode(&s, &token).await;
    let segments = s
        .json(
            &format!("/MediaSegments/{}", episode["Id"].as_str().unwrap()),
            &token,
        )
        .await;
    check_schema(
        &segments,
        &schemas["MediaSegmentDtoQueryResult"],
        schemas,
        "segments",
        &mut errors,
    );
    assert!(errors.is_empty(), "{version}: {errors:#?}");
    assert_eq!(checked, 12);
}

#[tokio::test]
async fn the_second_audio_track_comes_through_hls() {
    let s = Server::new();
    let token = s.token().await;
    // A movie with two audio tracks.
    let mut two = None;
    for m in movies(&s, &token).await {
        let id = m["Id"].as_str().unwrap().to_string();
        let info = playback_info(&s, &token, &id, browser_profile()).await;
        if streams_of(&info["MediaSources"][0], "Audio").len() == 2 {
            two = Some(id);
            break;
        }
    }
    let id = two.expect("a movie with two audio tracks");
    let ask = |index: u32| {
        let s = &s;
        let token = token.clone();
        let id = id.clone();
        async move {
            let r = s
                .post(
                    &format!("/Items/{id}/PlaybackInfo"),
                    Some(&token),
                    json!({"DeviceProfile": browser_profile(), "AudioStreamIndex": index}),
                )
                .await;
            r.json()["MediaSources"][0].clone()
        }
    };
    // The first track plays from the file.
    assert_eq!(ask(1).await["SupportsDirectPlay"], true);
    // The second: a transcode with that track, whose segments are the French set.
    let source = ask(2).await;
    assert_eq!(source["SupportsDirectPlay"], false);
    let url = source["TranscodingUrl"].as_str().unwrap().to_string();
    assert!(
        url.contains("AudioStreamIndex=2")
            && url.contains("TranscodeReasons=SecondaryAudioNotSupported"),
        "{url}"
    );
    walk_hls(&s, &url, &[], HlsAudio::French).await;
    // Asking for a track the file does not have falls back to the first.
    assert_eq!(ask(7).await["SupportsDirectPlay"], true);
}
