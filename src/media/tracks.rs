//! Subtitle tracks on the media element, made and switched without the view: `<track>`
//! elements from the server's WebVTT URLs, one shown at a time.
/// A subtitle track to offer: the stream index, its WebVTT URL, language and label.
pub struct SubtitleTrack {
    pub index: i32,
    pub url: String,
    pub language: String,
    pub label: String,
}

fn track_id(index: i32) -> String {
    format!("sub-{index}")
}

/// Replaces the element's `<track>`s with `tracks`.
pub fn set_tracks(video: &web_sys::HtmlMediaElement, tracks: &[SubtitleTrack]) {
    let Some(document) = video.owner_document() else {
        return;
    };
    while let Ok(Some(old)) = video.query_selector("track") {
        old.remove();
    }
    for t in tracks {
        let Ok(el) = document.create_element("track") else {
            continue;
        };
        let _ = el.set_attribute("kind", "subtitles");
        let _ = el.set_attribute("id", &track_id(t.index));
        let _ = el.set_attribute("srclang", &t.language);
        let _ = el.set_attribute("label", &t.label);
        let _ = el.set_attribute("src", &t.url);
        let _ = video.append_child(&el);
    }
}

/// Shows the track of stream `index` (none: all off).
pub fn show(video: &web_sys::HtmlMediaElement, index: Option<i32>) {
    let Some(list) = video.text_tracks() else {
        return;
    };
    let wanted = index.map(track_id);
    for i in 0..list.length() {
        if let Some(track) = list.get(i) {
            let on = wanted.as_deref() == Some(track.id().as_str());
            track.set_mode(if on {
                web_sys::TextTrackMode::Showing
            } else {
                web_sys::TextTrackMode::Disabled
            });
        }
    }
}

/// The stream index of the track showing now (the native captions menu may have changed it).
pub fn showing(video: &web_sys::HtmlMediaElement) -> Option<i32> {
    let list = video.text_tracks()?;
    (0..list.length())
        .filter_map(|i| list.get(i))
        .find(|t| t.mode() == web_sys::TextTrackMode::Showing)
        .and_then(|t| t.id().strip_prefix("sub-")?.parse().ok())
}
