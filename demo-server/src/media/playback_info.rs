//! `GET|POST /Items/{itemId}/PlaybackInfo`: the item's media source, with what this client
//! may do with it (direct play, or an HLS `TranscodingUrl`), and a new `PlaySessionId`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{json, Value};

use crate::http::ctx::Ctx;
use crate::http::json_body::JsonBody;
use crate::http::query::Query;
use crate::http::respond::{self, Reject};
use crate::AppState;

use super::profile::{self, field, Decision};
use super::source::{self, SubtitleDelivery};

/// Percent-encodes a query value (everything but RFC 3986's unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A parameter from the query (which wins, as in Jellyfin) or the `PlaybackInfoDto` body.
fn param<'a>(query: &'a Query, body: &'a Value, name: &str) -> Option<ParamValue<'a>> {
    if let Some(v) = query.get(&name.to_ascii_lowercase()) {
        return Some(ParamValue::Text(v));
    }
    field(body, name)
        .filter(|v| !v.is_null())
        .map(ParamValue::Json)
}

enum ParamValue<'a> {
    Text(&'a str),
    Json(&'a Value),
}

impl ParamValue<'_> {
    fn as_u64(&self) -> Option<u64> {
        match self {
            ParamValue::Text(t) => t.trim().parse().ok(),
            ParamValue::Json(v) => v.as_u64(),
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match self {
            ParamValue::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            },
            ParamValue::Json(v) => v.as_bool(),
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            ParamValue::Text(t) => Some(t),
            ParamValue::Json(v) => v.as_str(),
        }
    }
}

pub struct TranscodeUrl<'a> {
    pub item_id: &'a str,
    pub media_source_id: &'a str,
    pub device_id: &'a str,
    pub play_session_id: &'a str,
    pub audio_stream_index: u32,
    pub subtitles_external: bool,
    pub token: Option<&'a str>,
    pub reasons: &'a [&'static str],
}

/// The HLS master playlist URL, in Jellyfin's form (lowercase `/videos`, the token as
/// `ApiKey`, since the client may have to hand it to an element that sends no headers).
pub fn transcoding_url(t: &TranscodeUrl) -> String {
    let mut url = format!(
        "/videos/{}/master.m3u8?DeviceId={}&MediaSourceId={}&VideoCodec=h264&AudioCodec=aac\
         &AudioStreamIndex={}&VideoBitrate={}&AudioBitrate={}&AudioSampleRate={}&MaxFramerate={}\
         &PlaySessionId={}",
        t.item_id,
        encode(t.device_id),
        t.media_source_id,
        t.audio_stream_index,
        super::clip::VIDEO_BITRATE,
        super::clip::AUDIO_BITRATE,
        super::clip::AUDIO_SAMPLE_RATE,
        super::clip::HLS_FRAME_RATE,
        t.play_session_id,
    );
    if let Some(token) = t.token {
        url.push_str("&ApiKey=");
        url.push_str(&encode(token));
    }
    if t.subtitles_external {
        url.push_str("&SubtitleMethod=External");
    }
    url.push_str(
        "&TranscodingMaxAudioChannels=2&RequireAvc=false&SegmentContainer=ts&MinSegments=1\
         &BreakOnNonKeyFrames=True&h264-profile=main&h264-level=30",
    );
    if !t.reasons.is_empty() {
        url.push_str("&TranscodeReasons=");
        url.push_str(&encode(&t.reasons.join(",")));
    }
    url
}

pub async fn playback_info(
    State(state): State<AppState>,
    ctx: Ctx,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let body = Value::Object(body.object_or_empty("body must be a PlaybackInfoDto")?);
    let force_transcoding = state.playback().force_transcoding;
    let lib = state.read();
    ctx.user(&lib)?;
    let session = ctx
        .session
        .as_ref()
        .ok_or_else(|| Reject::status(StatusCode::UNAUTHORIZED))?;
    let idx = lib
        .find(ctx.param("itemId"))
        .ok_or_else(|| Reject::status(StatusCode::NOT_FOUND))?;
    let item = lib.item(idx);
    let play_session_id = state.new_id();
    let asked_source =
        param(&ctx.query, &body, "MediaSourceId").and_then(|v| v.as_str().map(str::to_string));
    if !source::is_playable(item.kind)
        || asked_source.is_some_and(|s| !s.eq_ignore_ascii_case(&source::media_source_id(item)))
    {
        return Ok(respond::json(&json!({
            "MediaSources": [],
            "PlaySessionId": play_session_id,
            "ErrorCode": "NoCompatibleStream",
        })));
    }

    let variant = source::variant(item);
    let audio_index = param(&ctx.query, &body, "AudioStreamIndex")
        .and_then(|v| v.as_u64())
        .map(|i| i as u32)
        .filter(|i| source::audio_indexes(variant).contains(i))
        .unwrap_or(1);
    let request = profile::Request {
        profile: field(&body, "DeviceProfile")
            .filter(|p| p.is_object())
            .cloned(),
        max_streaming_bitrate: param(&ctx.query, &body, "MaxStreamingBitrate")
            .and_then(|v| v.as_u64()),
        enable_direct_play: param(&ctx.query, &body, "EnableDirectPlay")
            .and_then(|v| v.as_bool())
            .unwrap_or(true),
        enable_transcoding: param(&ctx.query, &body, "EnableTranscoding")
            .and_then(|v| v.as_bool())
            .unwrap_or(true),
        force_transcoding,
        secondary_audio: audio_index != 1,
    };
    let decision: Decision = profile::decide(&request, source::bitrate(variant) as u64);
    let delivery = if decision.external_vtt {
        SubtitleDelivery::External {
            token: Some(session.token.clone()),
        }
    } else {
        SubtitleDelivery::Encode
    };
    let mut media_source = source::media_source(item, &delivery);
    media_source["SupportsDirectPlay"] = json!(decision.direct_play);
    media_source["SupportsDirectStream"] = json!(decision.direct_play);
    if decision.transcode {
        let item_id = item.id_hex();
        let source_id = source::media_source_id(item);
        media_source["TranscodingUrl"] = json!(transcoding_url(&TranscodeUrl {
            item_id: &item_id,
            media_source_id: &source_id,
            device_id: &session.device_id,
            play_session_id: &play_session_id,
            audio_stream_index: audio_index,
            subtitles_external: decision.external_vtt,
            token: Some(&session.token),
            reasons: &decision.reasons,
        }));
        media_source["TranscodingSubProtocol"] = json!("hls");
        media_source["TranscodingContainer"] = json!("ts");
    }
    let mut response = json!({
        "MediaSources": [media_source],
        "PlaySessionId": play_session_id,
    });
    if !decision.plays() {
        response["ErrorCode"] = json!("NoCompatibleStream");
    }
    Ok(respond::json(&response))
}
