//! The media source of a playable item (`MediaSourceInfo` with its `MediaStreams`), as
//! Jellyfin describes a file it has probed. Every movie and episode plays the clip; which
//! tracks it has depends on the item, so both kinds of source exist in any library:
//! about half the items have a second (French) audio track, two in three have external
//! WebVTT subtitles (English and French).

use serde_json::{json, Value};

use crate::library::rng::{hex, id128};
use crate::library::{Item, Kind, Library};

use super::clip;

/// Which tracks an item's file has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    pub two_audio: bool,
    pub subtitles: bool,
}

pub fn is_playable(kind: Kind) -> bool {
    matches!(kind, Kind::Movie | Kind::Episode)
}

pub fn variant(item: &Item) -> Variant {
    let bits = (item.id >> 64) as u64 ^ item.id as u64;
    Variant {
        two_audio: bits % 2 == 1,
        subtitles: bits % 3 != 0,
    }
}

/// A media source id of its own (as for an item with several versions), so a client that
/// takes the item id for the source id is caught.
pub fn media_source_id(item: &Item) -> String {
    hex(id128(&[
        (item.id >> 64) as u64,
        item.id as u64,
        0x50_4C_41_59,
    ]))
}

/// A subtitle track: its stream index, language and title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubtitleTrack {
    pub index: u32,
    pub language: &'static str,
    pub title: &'static str,
}

/// Stream indexes: 0 video, 1 English audio, 2 French audio (when present), then the
/// external subtitles, as Jellyfin numbers external files after the embedded streams.
pub fn audio_indexes(v: Variant) -> Vec<u32> {
    if v.two_audio {
        vec![1, 2]
    } else {
        vec![1]
    }
}

pub fn subtitle_tracks(v: Variant) -> Vec<SubtitleTrack> {
    if !v.subtitles {
        return Vec::new();
    }
    let first = if v.two_audio { 3 } else { 2 };
    vec![
        SubtitleTrack {
            index: first,
            language: "eng",
            title: "English",
        },
        SubtitleTrack {
            index: first + 1,
            language: "fre",
            title: "Français",
        },
    ]
}

/// The file's size in bytes and overall bitrate.
pub fn file_size(v: Variant) -> usize {
    clip::mp4(v.two_audio).len()
}

pub fn bitrate(v: Variant) -> u32 {
    let audio = if v.two_audio { 2 } else { 1 };
    clip::VIDEO_BITRATE + audio * clip::AUDIO_BITRATE
}

/// How subtitles reach the client: a `DeliveryUrl` per track when the profile takes external
/// WebVTT, else burned in (`Encode`) as Jellyfin would when transcoding.
#[derive(Clone, Debug)]
pub enum SubtitleDelivery {
    External { token: Option<String> },
    Encode,
}

pub fn subtitle_url(item: &Item, index: u32, token: Option<&str>) -> String {
    let mut url = format!(
        "/Videos/{}/{}/Subtitles/{index}/0/Stream.vtt",
        item.id_hex(),
        media_source_id(item)
    );
    // Jellyfin appends the caller's token, since a <track> cannot send headers.
    if let Some(t) = token {
        url.push_str("?ApiKey=");
        url.push_str(t);
    }
    url
}

pub fn media_streams(item: &Item, delivery: &SubtitleDelivery) -> Vec<Value> {
    let v = variant(item);
    let mut streams = vec![json!({
        "Codec": "h264",
        "TimeBase": "1/12288",
        "VideoRange": "SDR",
        "VideoRangeType": "SDR",
        "AudioSpatialFormat": "None",
        "DisplayTitle": "360p H264 SDR",
        "IsInterlaced": false,
        "IsAVC": true,
        "BitRate": clip::VIDEO_BITRATE,
        "BitDepth": 8,
        "RefFrames": 1,
        "IsDefault": true,
        "IsForced": false,
        "IsHearingImpaired": false,
        "Height": clip::HEIGHT,
        "Width": clip::WIDTH,
        "AverageFrameRate": clip::FRAME_RATE,
        "RealFrameRate": clip::FRAME_RATE,
        "Profile": "Main",
        "Type": "Video",
        "AspectRatio": "16:9",
        "Index": 0,
        "IsExternal": false,
        "IsTextSubtitleStream": false,
        "SupportsExternalStream": false,
        "PixelFormat": "yuv420p",
        "Level": 30,
        "IsAnamorphic": false,
    })];
    let audio = [("eng", "English"), ("fre", "Français")];
    for (n, index) in audio_indexes(v).into_iter().enumerate() {
        let (language, title) = audio[n];
        let default = n == 0;
        streams.push(json!({
            "Codec": "aac",
            "Language": language,
            "TimeBase": "1/24000",
            "Title": title,
            "AudioSpatialFormat": "None",
            "DisplayTitle": format!("{title} - AAC - Mono{}", if default { " - Default" } else { "" }),
            "IsInterlaced": false,
            "ChannelLayout": "mono",
            "BitRate": clip::AUDIO_BITRATE,
            "Channels": 1,
            "SampleRate": clip::AUDIO_SAMPLE_RATE,
            "IsDefault": default,
            "IsForced": false,
            "IsHearingImpaired": false,
            "Profile": "LC",
            "Type": "Audio",
            "Index": index,
            "IsExternal": false,
            "IsTextSubtitleStream": false,
            "SupportsExternalStream": false,
            "Level": 0,
        }));
    }
    for (n, track) in subtitle_tracks(v).into_iter().enumerate() {
        let mut stream = json!({
            "Codec": "webvtt",
            "Language": track.language,
            "Title": track.title,
            "DisplayTitle": format!("{} - WEBVTT - External", track.title),
            "IsInterlaced": false,
            "IsDefault": n == 0,
            "IsForced": false,
            "IsHearingImpaired": false,
            "Type": "Subtitle",
            "Index": track.index,
            "IsExternal": true,
            "IsTextSubtitleStream": true,
            "SupportsExternalStream": true,
            "Path": format!("/media/subtitles/{}.{}.vtt", item.id_hex(), &track.language[..2]),
        });
        match delivery {
            SubtitleDelivery::External { token } => {
                stream["DeliveryMethod"] = json!("External");
                stream["DeliveryUrl"] = json!(subtitle_url(item, track.index, token.as_deref()));
                stream["IsExternalUrl"] = json!(false);
            }
            SubtitleDelivery::Encode => stream["DeliveryMethod"] = json!("Encode"),
        }
        streams.push(stream);
    }
    streams
}

/// `MediaSourceInfo` before the profile's decision fills in the play method fields.
pub fn media_source(item: &Item, delivery: &SubtitleDelivery) -> Value {
    let v = variant(item);
    let subtitles = subtitle_tracks(v);
    let mut source = json!({
        "Protocol": "File",
        "Id": media_source_id(item),
        "Path": format!("/media/clips/{}.mp4", item.id_hex()),
        "Type": "Default",
        "Container": "mp4",
        "Size": file_size(v),
        "Name": item.name,
        "IsRemote": false,
        "ETag": hex(item.etag),
        "RunTimeTicks": item.run_time_ticks.unwrap_or(clip::CLIP_TICKS),
        "ReadAtNativeFramerate": false,
        "IgnoreDts": false,
        "IgnoreIndex": false,
        "GenPtsInput": false,
        "SupportsTranscoding": true,
        "SupportsDirectStream": true,
        "SupportsDirectPlay": true,
        "IsInfiniteStream": false,
        "UseMostCompatibleTranscodingProfile": false,
        "RequiresOpening": false,
        "RequiresClosing": false,
        "RequiresLooping": false,
        "SupportsProbing": true,
        "VideoType": "VideoFile",
        "MediaStreams": media_streams(item, delivery),
        "MediaAttachments": [],
        "Formats": [],
        "Bitrate": bitrate(v),
        "RequiredHttpHeaders": {},
        "DefaultAudioStreamIndex": 1,
        "HasSegments": item.kind == Kind::Episode,
    });
    if let Some(first) = subtitles.first() {
        source["DefaultSubtitleStreamIndex"] = json!(first.index);
    }
    source
}

/// The playable item a media request names, if its `MediaSourceId` (when given) is its own.
pub fn media_item(lib: &Library, item_id: &str, asked_source: Option<&str>) -> Option<u32> {
    let idx = lib.find(item_id)?;
    let item = lib.item(idx);
    let source_ok = asked_source.is_none_or(|s| s.eq_ignore_ascii_case(&media_source_id(item)));
    (is_playable(item.kind) && source_ok).then_some(idx)
}
