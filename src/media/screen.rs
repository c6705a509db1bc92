//! Fullscreen and picture-in-picture for the player.
use web_sys::{Element, HtmlVideoElement};

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Whether the page is fullscreen.
pub fn is_fullscreen() -> bool {
    document().is_some_and(|d| d.fullscreen_element().is_some())
}

/// `root` goes fullscreen, or the page leaves fullscreen.
pub fn toggle_fullscreen(root: &Element) {
    let Some(document) = document() else { return };
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    } else {
        let _ = root.request_fullscreen();
    }
}

/// Whether this browser can float the video in its own window.
pub fn picture_in_picture_supported(video: &HtmlVideoElement) -> bool {
    super::glue::pip_supported(video)
}

/// The video floats in its own window, or comes back.
pub fn toggle_picture_in_picture(video: &HtmlVideoElement) {
    super::glue::toggle_pip(video);
}
