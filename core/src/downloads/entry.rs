//! `DownloadEntry`: one download as the queue and the downloads page see it.

use serde::{Deserialize, Serialize};

use super::{DownloadQuality, DownloadState};
use crate::jellyfin::MediaStream;

/// One file being taken offline. Serialized whole into the durable queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DownloadEntry {
    /// The movie's or episode's id.
    pub item_id: String,
    /// Its name when queued, for the downloads page while the item record loads.
    pub name: String,
    /// Which file.
    pub quality: DownloadQuality,
    /// Where it stands.
    #[serde(flatten)]
    pub state: DownloadState,
    /// Bytes written and kept: the next request starts here.
    pub bytes_done: u64,
    /// The file's full length once the server has said it.
    pub total_bytes: Option<u64>,
    /// Queued at (ms since the epoch).
    pub added_at: i64,
    /// Queue order: lower goes first.
    pub seq: u64,
    /// The last failure, in words a user can read.
    #[serde(default)]
    pub error: Option<String>,
    /// Failures in a row; progress resets it.
    #[serde(default)]
    pub failures: u32,
    /// The subtitle streams kept beside the file (`None` until they have been fetched, which
    /// happens once, before the file's first byte).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitles: Option<Vec<MediaStream>>,
}

impl DownloadEntry {
    /// Progress in thousandths (0..=1000), `None` before the size is known.
    pub fn progress_permille(&self) -> Option<u32> {
        if self.state == DownloadState::Complete {
            return Some(1000);
        }
        let total = self.total_bytes.filter(|t| *t > 0)?;
        Some((self.bytes_done.min(total) as u128 * 1000 / total as u128) as u32)
    }

    /// Bytes still to come, when the size is known.
    pub fn remaining_bytes(&self) -> Option<u64> {
        self.total_bytes
            .map(|total| total.saturating_sub(self.bytes_done))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(done: u64, total: Option<u64>, state: DownloadState) -> DownloadEntry {
        DownloadEntry {
            item_id: "a".into(),
            name: "A".into(),
            quality: DownloadQuality::Original,
            state,
            bytes_done: done,
            total_bytes: total,
            added_at: 0,
            seq: 0,
            error: None,
            failures: 0,
            subtitles: None,
        }
    }

    #[test]
    fn progress_in_permille() {
        assert_eq!(
            entry(250, Some(1000), DownloadState::Downloading).progress_permille(),
            Some(250)
        );
        assert_eq!(
            entry(250, None, DownloadState::Downloading).progress_permille(),
            None
        );
        assert_eq!(
            entry(0, None, DownloadState::Complete).progress_permille(),
            Some(1000)
        );
        assert_eq!(
            entry(5000, Some(1000), DownloadState::Paused).progress_permille(),
            Some(1000)
        );
    }

    #[test]
    fn serializes_flat() {
        let e = entry(
            10,
            Some(20),
            DownloadState::Retrying {
                attempt: 1,
                retry_at: 9,
            },
        );
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["state"], "retrying");
        assert_eq!(v["retry_at"], 9);
        assert_eq!(v["quality"]["quality"], "original");
        assert_eq!(serde_json::from_value::<DownloadEntry>(v).unwrap(), e);
    }
}
