//! `DownloadState`: where one download stands.

use serde::{Deserialize, Serialize};

/// The life of a download. `Complete` and `Cancelled` are final; every other state can move
/// on. A reload turns `Downloading` back into `Queued` (the bytes kept stay kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DownloadState {
    /// Waiting for its turn.
    Queued,
    /// The one download bytes are arriving for.
    Downloading,
    /// Stopped by the user; keeps its bytes and its place.
    Paused,
    /// Failed; tried again at `retry_at` (ms since the epoch), attempt number `attempt`.
    Retrying {
        /// Failures so far.
        attempt: u32,
        /// When the next attempt may start.
        retry_at: i64,
    },
    /// Gave up after too many failures, or the server refused it for good; resume starts
    /// it again from the bytes kept.
    Failed,
    /// Every byte is stored.
    Complete,
    /// Stopped by the user for good; its bytes are to be deleted.
    Cancelled,
}

impl DownloadState {
    /// The word the DOM and the downloads page use (`data-state`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Downloading => "downloading",
            Self::Paused => "paused",
            Self::Retrying { .. } => "retrying",
            Self::Failed => "failed",
            Self::Complete => "complete",
            Self::Cancelled => "cancelled",
        }
    }

    /// Still to be downloaded, now or later, without the user doing anything.
    pub fn is_pending(&self) -> bool {
        matches!(
            self,
            Self::Queued | Self::Downloading | Self::Retrying { .. }
        )
    }

    /// The item's `data-offline` value: `downloading` while bytes are still coming (or
    /// waiting to), `ready` once complete, none otherwise.
    pub fn offline_mark(&self) -> Option<&'static str> {
        match self {
            Self::Complete => Some("ready"),
            Self::Queued | Self::Downloading | Self::Retrying { .. } | Self::Paused => {
                Some("downloading")
            }
            Self::Failed | Self::Cancelled => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_follow_the_state() {
        assert_eq!(DownloadState::Complete.offline_mark(), Some("ready"));
        assert_eq!(DownloadState::Queued.offline_mark(), Some("downloading"));
        assert_eq!(DownloadState::Paused.offline_mark(), Some("downloading"));
        assert_eq!(DownloadState::Cancelled.offline_mark(), None);
        assert_eq!(DownloadState::Failed.offline_mark(), None);
    }

    #[test]
    fn round_trips_as_json() {
        let s = DownloadState::Retrying {
            attempt: 2,
            retry_at: 5_000,
        };
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(text, r#"{"state":"retrying","attempt":2,"retry_at":5000}"#);
        assert_eq!(serde_json::from_str::<DownloadState>(&text).unwrap(), s);
    }
}
