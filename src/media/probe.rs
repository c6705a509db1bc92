//! Which of core's candidate formats this browser plays, asked of a `<video>` element.
use marquee_core::player::{PlayableFormat, FORMATS_TO_PROBE};

/// The formats `video.canPlayType` answers "probably" or "maybe" for.
pub fn playable_formats(video: &web_sys::HtmlMediaElement) -> Vec<PlayableFormat> {
    FORMATS_TO_PROBE
        .iter()
        .copied()
        .filter(|f| !video.can_play_type(f.mime).is_empty())
        .collect()
}
