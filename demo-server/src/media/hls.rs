//! HLS as Jellyfin serves a transcode: `master.m3u8` names one variant, `main.m3u8` lists the
//! segments (`hls1/main/{n}.ts`), each URL carrying the request's own query, so a token that
//! came in the URL stays in the URLs and one that came in a header stays out. The segments
//! are cut in advance (`media/hls/`), one set per audio track: `AudioStreamIndex=2` on an item
//! with a second track streams the French set.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::http::ctx::Ctx;
use crate::http::respond::{self, Reject};
use crate::AppState;

use super::clip::{self, HlsAudio};
use super::range;
use super::source::{self, media_item};

pub const PLAYLIST_TYPE: &str = "application/x-mpegURL";
/// H.264 Main level 3.0 and AAC-LC.
pub const CODECS: &str = "avc1.4d401e,mp4a.40.2";

fn playlist(body: String) -> Response {
    let mut resp = Response::new(axum::body::Body::from(body));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(PLAYLIST_TYPE),
    );
    resp
}

/// The raw query with a leading `?`, or nothing.
fn same_query(ctx_query: Option<&str>) -> String {
    match ctx_query.filter(|q| !q.is_empty()) {
        Some(q) => format!("?{q}"),
        None => String::new(),
    }
}

/// The audio an HLS request for a known item streams (`None`: no such item or source).
fn stream_audio(state: &AppState, ctx: &Ctx, needs_source: bool) -> Option<HlsAudio> {
    let source = ctx.query.get("mediasourceid");
    if needs_source && source.is_none() {
        return None;
    }
    let lib = state.read();
    let idx = media_item(&lib, ctx.param("itemId"), source)?;
    let two_audio = source::variant(lib.item(idx)).two_audio;
    let second = ctx.query.usize("audiostreamindex") == Some(2);
    Some(if two_audio && second {
        HlsAudio::French
    } else {
        HlsAudio::English
    })
}

fn not_found() -> Reject {
    Reject::status(StatusCode::NOT_FOUND)
}

pub fn master(state: &AppState, ctx: &Ctx, raw_query: Option<&str>) -> Result<Response, Reject> {
    // `mediaSourceId` is required here (Jellyfin answers 400 without it).
    if ctx.query.get("mediasourceid").is_none() {
        return Err(Reject::bad_request("mediaSourceId is required"));
    }
    let audio = stream_audio(state, ctx, true).ok_or_else(not_found)?;
    let bandwidth = clip::segments(audio)
        .iter()
        .map(|s| s.bytes.len() as i64 * 8 * 10_000_000 / s.ticks.max(1))
        .max()
        .unwrap_or(0);
    let body = format!(
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},AVERAGE-BANDWIDTH={bandwidth},\
         CODECS=\"{CODECS}\",RESOLUTION={}x{},FRAME-RATE={}.000\nmain.m3u8{}\n",
        clip::WIDTH,
        clip::HEIGHT,
        clip::HLS_FRAME_RATE,
        same_query(raw_query),
    );
    Ok(playlist(body))
}

pub fn media_playlist(
    state: &AppState,
    ctx: &Ctx,
    raw_query: Option<&str>,
) -> Result<Response, Reject> {
    let audio = stream_audio(state, ctx, false).ok_or_else(not_found)?;
    let segments = clip::segments(audio);
    let target = segments
        .iter()
        .map(|s| (s.ticks + 9_999_999) / 10_000_000)
        .max()
        .unwrap_or(6);
    let query = same_query(raw_query);
    let joiner = if query.is_empty() { "?" } else { "&" };
    let mut body = format!(
        "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{target}\n\
         #EXT-X-MEDIA-SEQUENCE:0\n"
    );
    let mut start = 0i64;
    for (n, s) in segments.iter().enumerate() {
        body.push_str(&format!(
            "#EXTINF:{:.6}, nodesc\nhls1/main/{n}.ts{query}{joiner}runtimeTicks={start}&actualSegmentLengthTicks={}\n",
            s.ticks as f64 / 10_000_000.0,
            s.ticks
        ));
        start += s.ticks;
    }
    body.push_str("#EXT-X-ENDLIST\n");
    Ok(playlist(body))
}

/// `/Videos/{itemId}/hls1/{playlistId}/{n}.ts`.
pub async fn segment(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Result<Response, Reject> {
    let n = ctx
        .param("segment")
        .strip_suffix(".ts")
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or_else(not_found)?;
    let audio = stream_audio(&state, &ctx, false).ok_or_else(not_found)?;
    let segment = clip::segments(audio)
        .get(n)
        .copied()
        .ok_or_else(not_found)?;
    let fault = state.playback().take_segment_fault(n);
    if let Some(fault) = fault {
        if fault.stall {
            let mut stop = state.shutdown.subscribe();
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(fault.ms)) => {}
                _ = async { stop.wait_for(|s| *s).await.is_ok() } => {}
            }
            return Err(Reject::error(
                StatusCode::GATEWAY_TIMEOUT,
                "injected fault: segment stalled",
            ));
        }
        let status =
            StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return Err(Reject::error(status, "injected fault: segment failed"));
    }
    Ok(range::serve(
        axum::body::Bytes::from_static(segment.bytes),
        "video/mp2t",
        &headers,
        false,
    ))
}

/// `DELETE /Videos/ActiveEncodings?deviceId=&playSessionId=`: a player ending a transcode.
/// The segments here are cut in advance, so there is nothing to stop; both ids are required,
/// as in Jellyfin.
pub async fn stop_encoding(ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    if ctx.query.get("deviceid").is_none() || ctx.query.get("playsessionid").is_none() {
        return Err(Reject::bad_request(
            "deviceId and playSessionId are required",
        ));
    }
    Ok(respond::empty(StatusCode::NO_CONTENT))
}
