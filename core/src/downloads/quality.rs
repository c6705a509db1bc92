//! `DownloadQuality`: which file a download fetches, and from where.

use serde::{Deserialize, Serialize};

/// Original is the server's own file (`/Items/{id}/Download`, resumable with `Range`);
/// Smaller asks the server to transcode to an MP4 at a total bitrate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "quality", rename_all = "snake_case")]
pub enum DownloadQuality {
    /// The file as the server has it.
    #[default]
    Original,
    /// A server transcode at this many bits per second (video and audio together).
    Smaller {
        /// Total bitrate in bits per second.
        bitrate: u32,
    },
}

/// The Smaller choice the menu offers: 3 Mbit/s, about 1.3 GB for a two-hour film.
pub const SMALLER_BITRATE: u32 = 3_000_000;
/// The audio share of a Smaller transcode.
const SMALLER_AUDIO_BITRATE: u32 = 128_000;

impl DownloadQuality {
    /// The server path (with query) that serves this quality of `item_id`. Ids go in as the
    /// server gave them; a Jellyfin id is hex, anything else is percent-encoded.
    pub fn request_path(&self, item_id: &str) -> String {
        let id = crate::percent::encode(item_id);
        match self {
            Self::Original => format!("/Items/{id}/Download"),
            Self::Smaller { bitrate } => {
                let audio = SMALLER_AUDIO_BITRATE.min(*bitrate / 2);
                let video = bitrate.saturating_sub(audio);
                format!(
                    "/Videos/{id}/stream.mp4?Static=false&MediaSourceId={id}&VideoCodec=h264&AudioCodec=aac&VideoBitrate={video}&AudioBitrate={audio}&MaxAudioChannels=2"
                )
            }
        }
    }

    /// The expected size of `run_time_ticks` at this quality, when it can be told before
    /// the first byte: a transcode's is its bitrate times its length; the original's comes
    /// from the server (`Content-Length`), so `None`.
    pub fn estimated_bytes(&self, run_time_ticks: Option<i64>) -> Option<u64> {
        match (self, run_time_ticks) {
            (Self::Smaller { bitrate }, Some(ticks)) if ticks > 0 => {
                // ticks are 100 ns: bytes = bitrate/8 * ticks/1e7
                Some((*bitrate as u128 * ticks as u128 / 80_000_000) as u64)
            }
            _ => None,
        }
    }

    /// The label the menu shows.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Original => "Original",
            Self::Smaller { .. } => "Smaller",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_is_the_download_endpoint() {
        assert_eq!(
            DownloadQuality::Original.request_path("abc123"),
            "/Items/abc123/Download"
        );
    }

    #[test]
    fn smaller_is_a_transcode_at_the_bitrate() {
        let path = DownloadQuality::Smaller { bitrate: 3_000_000 }.request_path("abc");
        assert!(path.starts_with("/Videos/abc/stream.mp4?"), "{path}");
        assert!(path.contains("VideoBitrate=2872000"), "{path}");
        assert!(path.contains("AudioBitrate=128000"), "{path}");
        assert!(path.contains("MediaSourceId=abc"), "{path}");
    }

    #[test]
    fn ids_are_encoded() {
        assert_eq!(
            DownloadQuality::Original.request_path("a/b"),
            "/Items/a%2Fb/Download"
        );
    }

    #[test]
    fn smaller_size_is_bitrate_times_length() {
        // one hour at 3 Mbit/s = 1.35 GB
        let hour = 36_000_000_000;
        assert_eq!(
            DownloadQuality::Smaller { bitrate: 3_000_000 }.estimated_bytes(Some(hour)),
            Some(1_350_000_000)
        );
        assert_eq!(DownloadQuality::Original.estimated_bytes(Some(hour)), None);
        assert_eq!(
            DownloadQuality::Smaller { bitrate: 1 }.estimated_bytes(None),
            None
        );
    }
}
