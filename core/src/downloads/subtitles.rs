//! Subtitles kept beside a downloaded file: which streams to keep (the text ones of the
//! source the download is), where each is fetched from as WebVTT, and which answer is a
//! WebVTT file worth keeping. Played offline, the local copy's `<track>`s come from them.

use crate::jellyfin::{MediaSourceInfo, MediaStream, PlaybackInfoResponse};
use crate::percent;

/// What to fetch for one download: the source's id (subtitle URLs name it, and it is not
/// always the item's) and its text subtitle streams.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SubtitlesToKeep {
    /// The source's id, as subtitle URLs name it.
    pub media_source_id: String,
    /// Its text subtitle streams, each with an index.
    pub streams: Vec<MediaStream>,
}

/// The subtitles of the file a download fetches: the first source (`/Items/{id}/Download`
/// and a transcode of it are the item's default version), its text subtitle streams (those
/// that convert to WebVTT), each with an index. `None` when the answer names no source.
pub fn subtitles_to_keep(item_id: &str, answer: &PlaybackInfoResponse) -> Option<SubtitlesToKeep> {
    let source = answer.media_sources.first()?;
    Some(SubtitlesToKeep {
        media_source_id: source
            .id
            .clone()
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| item_id.to_owned()),
        streams: source
            .media_streams
            .iter()
            .filter(|s| {
                s.is("Subtitle") && s.is_text_subtitle_stream != Some(false) && s.index.is_some()
            })
            .cloned()
            .collect(),
    })
}

/// The server path of subtitle stream `index` as WebVTT (the player's endpoint, from the start).
pub fn vtt_path(item_id: &str, media_source_id: &str, index: i32) -> String {
    format!(
        "/Videos/{}/{}/Subtitles/{index}/0/Stream.vtt",
        percent::encode(item_id),
        percent::encode(media_source_id),
    )
}

/// A body is kept only if it is WebVTT (it starts with `WEBVTT`, after an optional BOM): an
/// HTML page or an empty answer with a 200 is not a subtitle file.
pub fn is_webvtt(body: &str) -> bool {
    let text = body.strip_prefix('\u{feff}').unwrap_or(body);
    text.strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']))
}

/// The source a local copy plays as: only its kept subtitle streams, so the player's track
/// choice (remembered language, then the default) works offline as online.
pub fn local_source(kept: &[MediaStream]) -> MediaSourceInfo {
    MediaSourceInfo {
        media_streams: kept.to_vec(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(kind: &str, index: i32, text: Option<bool>) -> MediaStream {
        MediaStream {
            kind: Some(kind.into()),
            index: Some(index),
            language: Some("eng".into()),
            is_text_subtitle_stream: text,
            ..Default::default()
        }
    }

    fn answer(sources: Vec<MediaSourceInfo>) -> PlaybackInfoResponse {
        PlaybackInfoResponse {
            media_sources: sources,
            play_session_id: Some("ps".into()),
            error_code: None,
        }
    }

    #[test]
    fn keeps_the_text_subtitles_of_the_first_source() {
        let first = MediaSourceInfo {
            id: Some("src 1".into()),
            media_streams: vec![
                stream("Video", 0, Some(false)),
                stream("Audio", 1, Some(false)),
                stream("Subtitle", 2, Some(true)),
                // A picture subtitle (PGS) does not convert to WebVTT.
                stream("Subtitle", 3, Some(false)),
                stream("subtitle", 4, None),
                MediaStream {
                    index: None,
                    ..stream("Subtitle", 0, Some(true))
                },
            ],
            ..Default::default()
        };
        let second = MediaSourceInfo {
            id: Some("src 2".into()),
            media_streams: vec![stream("Subtitle", 9, Some(true))],
            ..Default::default()
        };
        let kept = subtitles_to_keep("item", &answer(vec![first, second])).unwrap();
        assert_eq!(kept.media_source_id, "src 1");
        let indexes: Vec<i32> = kept.streams.iter().filter_map(|s| s.index).collect();
        assert_eq!(indexes, [2, 4]);
        assert_eq!(kept.streams[0], stream("Subtitle", 2, Some(true)));
    }

    #[test]
    fn a_source_without_an_id_is_the_item_and_no_source_keeps_nothing() {
        let kept = subtitles_to_keep(
            "item",
            &answer(vec![MediaSourceInfo {
                id: Some(String::new()),
                ..Default::default()
            }]),
        )
        .unwrap();
        assert_eq!(kept.media_source_id, "item");
        assert!(kept.streams.is_empty());
        assert_eq!(subtitles_to_keep("item", &answer(Vec::new())), None);
    }

    #[test]
    fn the_path_is_the_players_webvtt_endpoint() {
        assert_eq!(
            vtt_path("i1", "src 1", 3),
            "/Videos/i1/src%201/Subtitles/3/0/Stream.vtt"
        );
    }

    #[test]
    fn only_webvtt_is_kept() {
        assert!(is_webvtt(
            "WEBVTT\n\n1\n00:00:00.500 --> 00:00:03.000\nHi\n"
        ));
        assert!(is_webvtt("\u{feff}WEBVTT - a title\n"));
        assert!(is_webvtt("WEBVTT"));
        assert!(!is_webvtt(""));
        assert!(!is_webvtt("<!doctype html><title>Portal</title>"));
        assert!(!is_webvtt("WEBVTTX\n"));
        assert!(!is_webvtt("{}"));
    }

    #[test]
    fn the_local_source_offers_the_kept_streams_to_the_track_choice() {
        let mut english = stream("Subtitle", 2, Some(true));
        english.is_default = Some(true);
        let source = local_source(&[english.clone(), stream("Subtitle", 3, Some(true))]);
        assert_eq!(source.media_streams.len(), 2);
        assert_eq!(crate::player::choose_subtitle(&source, None), Some(2));
    }
}
