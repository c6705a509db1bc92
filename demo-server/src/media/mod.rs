//! Playback: the clip every movie and episode plays, `PlaybackInfo`, direct streams with byte
//! ranges, HLS, WebVTT subtitles, media segments and the `/Sessions/Playing*` reports (their
//! `/__demo/playback` knobs are in `control::playback`). Paths and JSON shapes are Jellyfin
//! 10.10's.

pub mod clip;
pub mod hls;
pub mod playback_info;
pub mod profile;
pub mod range;
pub mod reports;
pub mod segments;
pub mod source;
pub mod stream;
pub mod subtitles;
pub mod token_use;

use axum::routing::get;
use axum::Router;

use crate::AppState;

/// Jellyfin writes `/videos/...` in a `TranscodingUrl` and `/Videos/...` elsewhere, and
/// matches paths case-insensitively: both spellings are routed.
const VIDEOS: [&str; 2] = ["/Videos", "/videos"];

/// The media files under `/Videos/{itemId}/`. Jellyfin's own patterns for them
/// (`stream.{container}`, `{segmentId}.{container}`, subtitles with other parameter names at
/// the same depth) are more than the router takes, so they are not in `routes::endpoints()`.
pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    // Parameters at the same depth share a name (the router requires it): the third
    // segment is a file name or a media source id, the sixth a file name or a start time.
    for videos in VIDEOS {
        router = router
            // `stream`, `stream.{container}`, `master.m3u8`, `main.m3u8`.
            .route(
                &format!("{videos}/{{itemId}}/{{name}}"),
                get(stream::video_file),
            )
            .route(
                &format!("{videos}/{{itemId}}/hls1/{{playlistId}}/{{segment}}"),
                get(hls::segment),
            )
            .route(
                &format!("{videos}/{{itemId}}/{{name}}/Subtitles/{{index}}/{{tail}}"),
                get(subtitles::subtitle),
            )
            .route(
                &format!("{videos}/{{itemId}}/{{name}}/Subtitles/{{index}}/{{tail}}/{{file}}"),
                get(subtitles::subtitle),
            );
    }
    router
}
