//! The OS media controls (lock screen, media keys): title, artwork and handlers.
use wasm_bindgen::prelude::*;

use super::glue;

/// An action from the OS controls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MediaAction {
    Play,
    Pause,
    SeekBackward,
    SeekForward,
    /// To this time, in seconds.
    SeekTo(f64),
    Stop,
}

/// Installed metadata and handlers; removed on drop.
pub struct MediaSessionHandle {
    _on_action: Closure<dyn FnMut(String, f64)>,
}

impl Drop for MediaSessionHandle {
    fn drop(&mut self) {
        glue::clear_media_session();
    }
}

/// Shows `title` / `artist` / `artwork` (an image URL, may be empty) in the OS controls and
/// routes their buttons to `on_action`.
pub fn install(
    title: &str,
    artist: &str,
    artwork: &str,
    mut on_action: impl FnMut(MediaAction) + 'static,
) -> MediaSessionHandle {
    let closure = Closure::<dyn FnMut(String, f64)>::new(move |name: String, time: f64| {
        let action = match name.as_str() {
            "play" => MediaAction::Play,
            "pause" => MediaAction::Pause,
            "seekbackward" => MediaAction::SeekBackward,
            "seekforward" => MediaAction::SeekForward,
            "seekto" if time >= 0.0 => MediaAction::SeekTo(time),
            "stop" => MediaAction::Stop,
            _ => return,
        };
        on_action(action);
    });
    glue::set_media_session(title, artist, artwork, &closure);
    MediaSessionHandle {
        _on_action: closure,
    }
}
