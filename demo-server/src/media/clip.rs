//! The one clip every demo movie and episode plays (`demo-server/media/`, made by
//! `make-clip.sh`), compiled into the binary so the server needs no files at run time.

use std::sync::OnceLock;

use axum::body::Bytes;

/// 1450 frames at 24 fps, in ticks (100 ns): what playable items report as `RunTimeTicks`.
pub const CLIP_TICKS: i64 = 604_166_667;

/// Video + the English track.
pub static MP4_ONE_AUDIO: &[u8] = include_bytes!("../../media/clip.mp4");
/// The same video + English and French tracks.
pub static MP4_TWO_AUDIO: &[u8] = include_bytes!("../../media/clip-2audio.mp4");

/// ffmpeg's own lists of the HLS segments it cut (the two lists are the same but for names).
const HLS_INDEX_ENG: &str = include_str!("../../media/hls/eng/index.m3u8");
const HLS_INDEX_FRE: &str = include_str!("../../media/hls/fre/index.m3u8");

macro_rules! segment_files {
    ($lang:literal) => {
        [
            include_bytes!(concat!("../../media/hls/", $lang, "/0.ts")).as_slice(),
            include_bytes!(concat!("../../media/hls/", $lang, "/1.ts")),
            include_bytes!(concat!("../../media/hls/", $lang, "/2.ts")),
            include_bytes!(concat!("../../media/hls/", $lang, "/3.ts")),
            include_bytes!(concat!("../../media/hls/", $lang, "/4.ts")),
            include_bytes!(concat!("../../media/hls/", $lang, "/5.ts")),
            include_bytes!(concat!("../../media/hls/", $lang, "/6.ts")),
            include_bytes!(concat!("../../media/hls/", $lang, "/7.ts")),
            include_bytes!(concat!("../../media/hls/", $lang, "/8.ts")),
            include_bytes!(concat!("../../media/hls/", $lang, "/9.ts")),
            include_bytes!(concat!("../../media/hls/", $lang, "/10.ts")),
        ]
    };
}

static SEGMENTS_ENG: [&[u8]; 11] = segment_files!("eng");
static SEGMENTS_FRE: [&[u8]; 11] = segment_files!("fre");

/// Which audio track an HLS stream carries (the transcode's `AudioStreamIndex`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HlsAudio {
    English,
    French,
}

/// Facts about the encode that `MediaStreams` reports (see `make-clip.sh`).
pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 360;
pub const FRAME_RATE: f64 = 24.0;
/// The HLS transcode's frame rate.
pub const HLS_FRAME_RATE: u32 = 12;
pub const VIDEO_BITRATE: u32 = 34_000;
pub const AUDIO_BITRATE: u32 = 16_000;
pub const AUDIO_SAMPLE_RATE: u32 = 24_000;

/// One HLS segment: its duration in ticks and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub ticks: i64,
    pub bytes: &'static [u8],
}

/// The segments of the stream with `audio`, in order, with the durations ffmpeg wrote
/// (`#EXTINF`) in ticks.
pub fn segments(audio: HlsAudio) -> &'static [Segment] {
    static ENG: OnceLock<Vec<Segment>> = OnceLock::new();
    static FRE: OnceLock<Vec<Segment>> = OnceLock::new();
    let (cell, index, files) = match audio {
        HlsAudio::English => (&ENG, HLS_INDEX_ENG, &SEGMENTS_ENG),
        HlsAudio::French => (&FRE, HLS_INDEX_FRE, &SEGMENTS_FRE),
    };
    cell.get_or_init(|| {
        segment_durations(index)
            .into_iter()
            .zip(files.iter().copied())
            .map(|(ticks, bytes)| Segment { ticks, bytes })
            .collect()
    })
}

/// `#EXTINF:6.000000,` lines as ticks, rounded to the nearest tick.
pub fn segment_durations(playlist: &str) -> Vec<i64> {
    playlist
        .lines()
        .filter_map(|line| line.strip_prefix("#EXTINF:"))
        .filter_map(|rest| rest.split(',').next()?.trim().parse::<f64>().ok())
        .map(|seconds| (seconds * 10_000_000.0).round() as i64)
        .collect()
}

/// The file a source with `two_audio` tracks plays.
pub fn mp4(two_audio: bool) -> Bytes {
    Bytes::from_static(if two_audio {
        MP4_TWO_AUDIO
    } else {
        MP4_ONE_AUDIO
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cover_the_clip() {
        for audio in [HlsAudio::English, HlsAudio::French] {
            let segments = segments(audio);
            assert_eq!(segments.len(), 11);
            let total: i64 = segments.iter().map(|s| s.ticks).sum();
            // #EXTINF carries microseconds: the sum may differ from the exact length by a few ticks.
            assert!((total - CLIP_TICKS).abs() < 20, "{total} vs {CLIP_TICKS}");
            assert!(
                segments.iter().all(|s| s.bytes.first() == Some(&0x47)),
                "MPEG-TS sync byte"
            );
        }
        let (eng, fre) = (segments(HlsAudio::English), segments(HlsAudio::French));
        assert!(eng
            .iter()
            .zip(fre)
            .all(|(e, f)| e.ticks == f.ticks && e.bytes != f.bytes));
    }
}
