//! Which audio and subtitle streams to start with: the user's remembered language first, then
//! the source's default.
use crate::jellyfin::MediaSourceInfo;

fn language_is(lang: Option<&str>, wanted: &str) -> bool {
    lang.is_some_and(|l| l.eq_ignore_ascii_case(wanted))
}

/// The audio stream to play: one in `remembered` language, else the source's default, else
/// the first audio stream.
pub fn choose_audio(source: &MediaSourceInfo, remembered: Option<&str>) -> Option<i32> {
    let audio = || source.media_streams.iter().filter(|s| s.is("Audio"));
    remembered
        .and_then(|lang| audio().find(|s| language_is(s.language.as_deref(), lang)))
        .and_then(|s| s.index)
        .or_else(|| {
            source
                .default_audio_stream_index
                .filter(|i| audio().any(|s| s.index == Some(*i)))
        })
        .or_else(|| {
            audio()
                .find(|s| s.is_default == Some(true))
                .and_then(|s| s.index)
        })
        .or_else(|| audio().next().and_then(|s| s.index))
}

/// The subtitle stream to show. `remembered`: `Some("")` means the user turned subtitles off;
/// `Some(lang)` a language they chose; `None`: nothing remembered, so the source's default
/// (or a forced or default stream) if it has one.
pub fn choose_subtitle(source: &MediaSourceInfo, remembered: Option<&str>) -> Option<i32> {
    let subs = || source.media_streams.iter().filter(|s| s.is("Subtitle"));
    match remembered {
        Some("") => None,
        Some(lang) => subs()
            .find(|s| language_is(s.language.as_deref(), lang))
            .and_then(|s| s.index),
        None => source
            .default_subtitle_stream_index
            .filter(|i| *i >= 0 && subs().any(|s| s.index == Some(*i)))
            .or_else(|| {
                subs()
                    .find(|s| s.is_default == Some(true) || s.is_forced == Some(true))
                    .and_then(|s| s.index)
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jellyfin::MediaStream;

    fn stream(kind: &str, index: i32, lang: &str, default: bool) -> MediaStream {
        MediaStream {
            kind: Some(kind.into()),
            index: Some(index),
            language: Some(lang.into()),
            is_default: Some(default),
            ..Default::default()
        }
    }

    fn source() -> MediaSourceInfo {
        MediaSourceInfo {
            media_streams: vec![
                stream("Video", 0, "und", false),
                stream("Audio", 1, "eng", false),
                stream("Audio", 2, "fra", true),
                stream("Subtitle", 3, "eng", false),
                stream("Subtitle", 4, "fra", false),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn audio_prefers_the_remembered_language_then_the_default() {
        let s = source();
        assert_eq!(choose_audio(&s, Some("ENG")), Some(1));
        assert_eq!(choose_audio(&s, Some("deu")), Some(2));
        assert_eq!(choose_audio(&s, None), Some(2));
        let mut with_default = source();
        with_default.default_audio_stream_index = Some(1);
        assert_eq!(choose_audio(&with_default, None), Some(1));
        assert_eq!(choose_audio(&MediaSourceInfo::default(), None), None);
    }

    #[test]
    fn subtitles_follow_the_remembered_choice_then_the_default() {
        let mut s = source();
        assert_eq!(choose_subtitle(&s, None), None);
        s.default_subtitle_stream_index = Some(4);
        assert_eq!(choose_subtitle(&s, None), Some(4));
        assert_eq!(choose_subtitle(&s, Some("eng")), Some(3));
        assert_eq!(choose_subtitle(&s, Some("")), None);
        assert_eq!(choose_subtitle(&s, Some("jpn")), None);
        s.default_subtitle_stream_index = Some(-1);
        assert_eq!(choose_subtitle(&s, None), None);
    }
}
