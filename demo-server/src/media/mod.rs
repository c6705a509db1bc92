//! Playback: the clip every movie and episode plays, `PlaybackInfo`, direct streams with byte
//! ranges, HLS, WebVTT subtitles, media segments and the `/Sessions/Playing*` reports (their
//! `/__demo/playback` knobs are in `control::playback`), routed in `http::routes::endpoints()`.
//! Paths and JSON shapes are Jellyfin 10.10's.

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
