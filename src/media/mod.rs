//! The browser side of playback: what this browser can play ([`probe`]), hls.js loaded only
//! when HLS is needed and the browser has none ([`hls`]), the OS media controls
//! ([`media_session`]), fullscreen and picture-in-picture ([`screen`]) and the reports that
//! must outlive the page ([`keepalive`]). The player page renders `core::player`'s answers;
//! only this module touches the media APIs.
mod glue;
pub mod hls;
pub mod keepalive;
pub mod media_session;
pub mod prefs;
pub mod probe;
pub mod screen;
pub mod tracks;
