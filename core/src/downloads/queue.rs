//! `DownloadQueue`: which download runs, in what order, and what a failure leads to.
//!
//! One download runs at a time in the whole browser: only the leader tab runs the queue,
//! and the queue hands out at most one `Downloading` entry. The rest wait in the order they
//! were queued. A failure waits with exponential backoff and, after `max_attempts`, stops
//! as `Failed` until the user resumes it. Bytes kept are never thrown away except by a
//! server that answers a range with the whole file.

use serde::{Deserialize, Serialize};

use super::{DownloadEntry, DownloadQuality, DownloadState};
use crate::jellyfin::MediaStream;

/// How failures are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// The wait after the first failure (ms); it doubles with each failure.
    pub base_delay_ms: i64,
    /// The longest wait (ms).
    pub max_delay_ms: i64,
    /// Failures in a row before the download stops as `Failed`.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base_delay_ms: 2_000,
            max_delay_ms: 60_000,
            max_attempts: 8,
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `attempt + 1`, after `attempt` failures (1 = the first):
    /// `base * 2^(attempt-1)` capped, then spread by `jitter` in `[0, 1)` over its upper
    /// half, so tabs and devices that failed together do not come back together.
    pub fn delay_ms(&self, attempt: u32, jitter: f64) -> i64 {
        let exponent = attempt.saturating_sub(1).min(40);
        let ceiling = self
            .base_delay_ms
            .max(0)
            .saturating_mul(1_i64 << exponent)
            .min(self.max_delay_ms.max(0));
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        ceiling / 2 + (jitter * (ceiling / 2) as f64) as i64
    }
}

/// What the runner is to fetch next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    /// The item.
    pub item_id: String,
    /// Which file.
    pub quality: DownloadQuality,
    /// Bytes kept: ask for `Range: bytes={offset}-`.
    pub offset: u64,
    /// Its subtitles are kept already (else they are fetched first).
    pub subtitles_kept: bool,
}

/// The queue: every download of this user, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DownloadQueue {
    entries: Vec<DownloadEntry>,
    next_seq: u64,
    #[serde(default)]
    policy: RetryPolicy,
}

impl DownloadQueue {
    /// An empty queue with this retry policy.
    pub fn with_policy(policy: RetryPolicy) -> Self {
        DownloadQueue {
            policy,
            ..Self::default()
        }
    }

    /// Every entry, in queue order.
    pub fn entries(&self) -> &[DownloadEntry] {
        &self.entries
    }

    /// The items downloaded whole, in queue order.
    pub fn complete_item_ids(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.state == DownloadState::Complete)
            .map(|e| e.item_id.clone())
            .collect()
    }

    /// The entry for `item_id`.
    pub fn get(&self, item_id: &str) -> Option<&DownloadEntry> {
        self.entries.iter().find(|e| e.item_id == item_id)
    }

    fn get_mut(&mut self, item_id: &str) -> Option<&mut DownloadEntry> {
        self.entries.iter_mut().find(|e| e.item_id == item_id)
    }

    /// Queues a download at the end. An item already queued, running, paused or complete
    /// is left as it is (`false`); a cancelled or failed one is queued again, keeping the
    /// bytes of a failed one.
    pub fn enqueue(
        &mut self,
        item_id: &str,
        name: &str,
        quality: DownloadQuality,
        now: i64,
    ) -> bool {
        let seq = self.next_seq;
        if let Some(entry) = self.get_mut(item_id) {
            match entry.state {
                DownloadState::Cancelled => {
                    entry.bytes_done = 0;
                    entry.total_bytes = None;
                    entry.subtitles = None;
                }
                DownloadState::Failed => {}
                _ => return false,
            }
            entry.state = DownloadState::Queued;
            entry.quality = quality;
            entry.seq = seq;
            entry.error = None;
            entry.failures = 0;
            self.next_seq += 1;
            return true;
        }
        self.entries.push(DownloadEntry {
            item_id: item_id.to_string(),
            name: name.to_string(),
            quality,
            state: DownloadState::Queued,
            bytes_done: 0,
            total_bytes: None,
            added_at: now,
            seq,
            error: None,
            failures: 0,
            subtitles: None,
        });
        self.next_seq += 1;
        true
    }

    /// The running download, if any.
    pub fn active(&self) -> Option<&DownloadEntry> {
        self.entries
            .iter()
            .find(|e| e.state == DownloadState::Downloading)
    }

    /// Starts the next download if none runs: the earliest-queued entry that is queued, or
    /// retrying and due. At most one entry is ever `Downloading`.
    pub fn start_next(&mut self, now: i64) -> Option<Started> {
        if self.active().is_some() {
            return None;
        }
        let next = self
            .entries
            .iter_mut()
            .filter(|e| match e.state {
                DownloadState::Queued => true,
                DownloadState::Retrying { retry_at, .. } => retry_at <= now,
                _ => false,
            })
            .min_by_key(|e| e.seq)?;
        next.state = DownloadState::Downloading;
        Some(Started {
            item_id: next.item_id.clone(),
            quality: next.quality,
            offset: next.bytes_done,
            subtitles_kept: next.subtitles.is_some(),
        })
    }

    /// When the runner should look again for a retry that is not due yet.
    pub fn next_retry_at(&self) -> Option<i64> {
        self.entries
            .iter()
            .filter_map(|e| match e.state {
                DownloadState::Retrying { retry_at, .. } => Some(retry_at),
                _ => None,
            })
            .min()
    }

    /// Bytes written so far, and the size once known. Counts for a running or just-paused
    /// download (its last chunk lands after the pause); a cancelled one keeps nothing.
    /// A download that makes progress has its failure count reset.
    pub fn record_progress(&mut self, item_id: &str, bytes_done: u64, total: Option<u64>) {
        let Some(entry) = self.get_mut(item_id) else {
            return;
        };
        match entry.state {
            DownloadState::Downloading
            | DownloadState::Paused
            | DownloadState::Retrying { .. }
            | DownloadState::Failed
            | DownloadState::Queued => {
                if bytes_done > entry.bytes_done {
                    entry.failures = 0;
                }
                entry.bytes_done = bytes_done;
                if total.is_some() {
                    entry.total_bytes = total;
                }
            }
            DownloadState::Complete | DownloadState::Cancelled => {}
        }
    }

    /// The running download's subtitles are stored beside it (`streams`: the ones kept).
    /// `true`: fetch the file now. `false` when the entry is no longer running (paused,
    /// cancelled or removed meanwhile), or when another run kept them first (a pause and a
    /// resume while they were fetched): that run fetches the file.
    pub fn keep_subtitles(&mut self, item_id: &str, streams: Vec<MediaStream>) -> bool {
        match self.get_mut(item_id) {
            Some(e) if e.state != DownloadState::Cancelled && e.subtitles.is_none() => {
                e.subtitles = Some(streams);
                e.state == DownloadState::Downloading
            }
            _ => false,
        }
    }

    /// The last byte is stored.
    pub fn complete(&mut self, item_id: &str, total: u64) {
        if let Some(entry) = self.get_mut(item_id) {
            if entry.state == DownloadState::Cancelled {
                return;
            }
            entry.state = DownloadState::Complete;
            entry.bytes_done = total;
            entry.total_bytes = Some(total);
            entry.error = None;
            entry.failures = 0;
        }
    }

    /// A running download failed. `retryable` failures wait with backoff (up to the
    /// policy's attempts), others stop as `Failed`. Returns the new state.
    pub fn fail(
        &mut self,
        item_id: &str,
        retryable: bool,
        reason: &str,
        now: i64,
        jitter: f64,
    ) -> Option<DownloadState> {
        let policy = self.policy;
        let entry = self.get_mut(item_id)?;
        if entry.state != DownloadState::Downloading {
            // Paused or cancelled while the request failed: the user's choice stands.
            return Some(entry.state);
        }
        entry.failures += 1;
        entry.error = Some(reason.to_string());
        entry.state = if retryable && entry.failures < policy.max_attempts {
            DownloadState::Retrying {
                attempt: entry.failures,
                retry_at: now + policy.delay_ms(entry.failures, jitter),
            }
        } else {
            DownloadState::Failed
        };
        Some(entry.state)
    }

    /// Pauses a queued, running or retrying download (the runner stops the running one).
    pub fn pause(&mut self, item_id: &str) -> bool {
        match self.get_mut(item_id) {
            Some(e) if e.state.is_pending() => {
                e.state = DownloadState::Paused;
                true
            }
            _ => false,
        }
    }

    /// Puts a paused or failed download back in the queue, in its old place.
    pub fn resume(&mut self, item_id: &str) -> bool {
        match self.get_mut(item_id) {
            Some(e) if matches!(e.state, DownloadState::Paused | DownloadState::Failed) => {
                e.state = DownloadState::Queued;
                e.error = None;
                e.failures = 0;
                true
            }
            _ => false,
        }
    }

    /// Stops a download for good; its file is to be deleted. Complete downloads are
    /// removed with [`remove`](Self::remove) instead.
    pub fn cancel(&mut self, item_id: &str) -> bool {
        match self.get_mut(item_id) {
            Some(e)
                if e.state != DownloadState::Complete && e.state != DownloadState::Cancelled =>
            {
                e.state = DownloadState::Cancelled;
                e.bytes_done = 0;
                true
            }
            _ => false,
        }
    }

    /// Takes the entry out of the queue (delete a download, or forget a cancelled one).
    pub fn remove(&mut self, item_id: &str) -> Option<DownloadEntry> {
        let at = self.entries.iter().position(|e| e.item_id == item_id)?;
        Some(self.entries.remove(at))
    }

    /// After a reload or a leader change: a download that was running is queued again at
    /// its place, with its bytes, to continue with a `Range`.
    pub fn restore(&mut self) {
        for e in &mut self.entries {
            if e.state == DownloadState::Downloading {
                e.state = DownloadState::Queued;
            }
        }
    }

    /// Bytes the pending downloads still need (those whose size is known): space already
    /// promised when checking whether a new one fits.
    pub fn claimed_bytes(&self) -> u64 {
        self.entries
            .iter()
            .filter(|e| e.state.is_pending() || e.state == DownloadState::Paused)
            .filter_map(DownloadEntry::remaining_bytes)
            .sum()
    }

    /// Bytes stored for this user's downloads.
    pub fn stored_bytes(&self) -> u64 {
        self.entries
            .iter()
            .filter(|e| e.state != DownloadState::Cancelled)
            .map(|e| e.bytes_done)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: DownloadQuality = DownloadQuality::Original;

    fn queue_of(ids: &[&str]) -> DownloadQueue {
        let mut q = DownloadQueue::default();
        for (n, id) in ids.iter().enumerate() {
            assert!(q.enqueue(id, id, ORIGINAL, n as i64));
        }
        q
    }

    fn state(q: &DownloadQueue, id: &str) -> DownloadState {
        q.get(id).unwrap().state
    }

    #[test]
    fn runs_one_at_a_time_in_queue_order() {
        let mut q = queue_of(&["a", "b", "c"]);
        assert_eq!(q.start_next(0).unwrap().item_id, "a");
        assert_eq!(q.start_next(0), None, "a second one must not start");
        q.complete("a", 10);
        assert_eq!(q.start_next(0).unwrap().item_id, "b");
        let running: Vec<_> = q
            .entries()
            .iter()
            .filter(|e| e.state == DownloadState::Downloading)
            .map(|e| e.item_id.as_str())
            .collect();
        assert_eq!(running, ["b"]);
    }

    #[test]
    fn only_whole_downloads_count_as_downloaded() {
        let mut q = queue_of(&["a", "b", "c"]);
        assert!(q.complete_item_ids().is_empty());
        q.start_next(0);
        q.complete("a", 10);
        q.start_next(0);
        q.record_progress("b", 5, Some(10));
        q.complete("c", 10);
        assert_eq!(q.complete_item_ids(), ["a", "c"], "b is still downloading");
        q.remove("a");
        assert_eq!(q.complete_item_ids(), ["c"]);
    }

    #[test]
    fn enqueue_is_idempotent() {
        let mut q = queue_of(&["a"]);
        assert!(!q.enqueue("a", "a", ORIGINAL, 5));
        assert_eq!(q.entries().len(), 1);
        q.start_next(0);
        q.complete("a", 10);
        assert!(!q.enqueue("a", "a", ORIGINAL, 5), "complete stays complete");
        assert_eq!(state(&q, "a"), DownloadState::Complete);
    }

    #[test]
    fn resume_offset_is_the_bytes_kept() {
        let mut q = queue_of(&["a"]);
        assert_eq!(q.start_next(0).unwrap().offset, 0);
        q.record_progress("a", 4096, Some(10_000));
        q.restore(); // the tab closed mid-way
        assert_eq!(state(&q, "a"), DownloadState::Queued);
        let again = q.start_next(0).unwrap();
        assert_eq!((again.item_id.as_str(), again.offset), ("a", 4096));
        assert_eq!(q.get("a").unwrap().progress_permille(), Some(409));
    }

    #[test]
    fn survives_serialization() {
        let mut q = queue_of(&["a", "b"]);
        q.start_next(0);
        q.record_progress("a", 100, Some(1000));
        let text = serde_json::to_string(&q).unwrap();
        let mut back: DownloadQueue = serde_json::from_str(&text).unwrap();
        assert_eq!(back, q);
        back.restore();
        assert_eq!(back.start_next(0).unwrap().offset, 100);
    }

    #[test]
    fn subtitles_are_kept_once_and_survive_a_resume() {
        let mut q = queue_of(&["a", "b"]);
        let first = q.start_next(0).unwrap();
        assert!(!first.subtitles_kept);
        let english = MediaStream {
            kind: Some("Subtitle".into()),
            index: Some(2),
            language: Some("eng".into()),
            ..Default::default()
        };
        assert!(
            q.keep_subtitles("a", vec![english.clone()]),
            "still running"
        );
        q.record_progress("a", 100, Some(1000));
        q.restore();
        let text = serde_json::to_string(&q).unwrap();
        let mut back: DownloadQueue = serde_json::from_str(&text).unwrap();
        let again = back.start_next(0).unwrap();
        assert!(again.subtitles_kept, "not fetched twice");
        back.complete("a", 1000);
        assert_eq!(
            back.get("a").unwrap().subtitles.as_deref(),
            Some(&[english][..])
        );
        // An entry written before subtitles were kept reads as not kept.
        let old = r#"{"entries":[{"item_id":"x","name":"X","quality":{"quality":"original"},"state":"queued","bytes_done":0,"total_bytes":null,"added_at":0,"seq":0}],"next_seq":1}"#;
        let mut old: DownloadQueue = serde_json::from_str(old).unwrap();
        assert!(!old.start_next(0).unwrap().subtitles_kept);
    }

    #[test]
    fn subtitles_kept_after_a_pause_or_removal_do_not_start_the_file() {
        let mut q = queue_of(&["a", "b"]);
        q.start_next(0);
        q.pause("a");
        assert!(!q.keep_subtitles("a", Vec::new()), "paused meanwhile");
        assert_eq!(q.get("a").unwrap().subtitles, Some(Vec::new()));
        q.resume("a");
        q.start_next(0);
        q.remove("a");
        assert!(!q.keep_subtitles("a", Vec::new()), "removed meanwhile");
        // Paused and resumed while they were fetched: two runs keep them, one fetches the file.
        q.start_next(0);
        q.pause("b");
        q.resume("b");
        q.start_next(0);
        assert!(q.keep_subtitles("b", Vec::new()));
        assert!(
            !q.keep_subtitles("b", Vec::new()),
            "the file is fetched once"
        );
        q.cancel("b");
        assert!(!q.keep_subtitles("b", Vec::new()), "cancelled meanwhile");
        q.enqueue("b", "b", ORIGINAL, 9);
        assert_eq!(
            q.get("b").unwrap().subtitles,
            None,
            "a cancelled one starts over"
        );
        assert!(!q.start_next(0).unwrap().subtitles_kept);
    }

    #[test]
    fn failures_back_off_then_give_up() {
        let policy = RetryPolicy {
            base_delay_ms: 1000,
            max_delay_ms: 4000,
            max_attempts: 3,
        };
        let mut q = DownloadQueue::with_policy(policy);
        q.enqueue("a", "a", ORIGINAL, 0);
        q.start_next(0);
        assert_eq!(
            q.fail("a", true, "network", 100, 1.0),
            Some(DownloadState::Retrying {
                attempt: 1,
                retry_at: 1100
            })
        );
        assert_eq!(q.start_next(1099), None, "not due yet");
        assert_eq!(q.next_retry_at(), Some(1100));
        q.start_next(1100).unwrap();
        assert_eq!(
            q.fail("a", true, "network", 2000, 1.0),
            Some(DownloadState::Retrying {
                attempt: 2,
                retry_at: 4000
            })
        );
        q.start_next(4000).unwrap();
        assert_eq!(
            q.fail("a", true, "network", 5000, 1.0),
            Some(DownloadState::Failed)
        );
        assert_eq!(q.get("a").unwrap().error.as_deref(), Some("network"));
        assert!(q.resume("a"));
        assert_eq!(q.start_next(5000).unwrap().item_id, "a");
    }

    #[test]
    fn progress_resets_the_failure_count() {
        let policy = RetryPolicy {
            base_delay_ms: 1000,
            max_delay_ms: 4000,
            max_attempts: 2,
        };
        let mut q = DownloadQueue::with_policy(policy);
        q.enqueue("a", "a", ORIGINAL, 0);
        q.start_next(0);
        q.fail("a", true, "cut", 0, 0.0);
        q.start_next(10_000).unwrap();
        q.record_progress("a", 50, Some(100));
        assert!(matches!(
            q.fail("a", true, "cut", 0, 0.0),
            Some(DownloadState::Retrying { attempt: 1, .. })
        ));
    }

    #[test]
    fn refusals_fail_at_once() {
        let mut q = queue_of(&["a", "b"]);
        q.start_next(0);
        assert_eq!(
            q.fail("a", false, "HTTP 403", 0, 0.5),
            Some(DownloadState::Failed)
        );
        assert_eq!(q.start_next(0).unwrap().item_id, "b");
    }

    #[test]
    fn backoff_doubles_with_jitter_in_the_upper_half() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_ms(1, 0.0), 1000);
        assert_eq!(p.delay_ms(1, 1.0), 2000);
        assert_eq!(p.delay_ms(3, 1.0), 8000);
        assert_eq!(p.delay_ms(30, 1.0), 60_000);
        assert_eq!(p.delay_ms(2, f64::NAN), 2000);
    }

    #[test]
    fn pause_keeps_bytes_and_place() {
        let mut q = queue_of(&["a", "b"]);
        q.start_next(0);
        q.record_progress("a", 300, Some(1000));
        assert!(q.pause("a"));
        // the chunk in flight when the user paused still lands
        q.record_progress("a", 400, None);
        assert_eq!(state(&q, "a"), DownloadState::Paused);
        // a late failure of the aborted request does not override the pause
        assert_eq!(
            q.fail("a", true, "aborted", 0, 0.0),
            Some(DownloadState::Paused)
        );
        assert_eq!(q.start_next(0).unwrap().item_id, "b");
        assert!(q.resume("a"));
        q.complete("b", 5);
        let next = q.start_next(0).unwrap();
        assert_eq!((next.item_id.as_str(), next.offset), ("a", 400));
    }

    #[test]
    fn resumed_download_keeps_its_place_ahead_of_later_ones() {
        let mut q = queue_of(&["a", "b", "c"]);
        q.pause("a");
        q.resume("a");
        assert_eq!(q.start_next(0).unwrap().item_id, "a");
    }

    #[test]
    fn cancel_drops_bytes_and_ignores_late_progress() {
        let mut q = queue_of(&["a"]);
        q.start_next(0);
        q.record_progress("a", 300, Some(1000));
        assert!(q.cancel("a"));
        q.record_progress("a", 400, None);
        q.complete("a", 1000);
        assert_eq!(state(&q, "a"), DownloadState::Cancelled);
        assert_eq!(q.get("a").unwrap().bytes_done, 0);
        assert_eq!(q.start_next(0), None);
        // queued again, it starts over
        assert!(q.enqueue("a", "a", ORIGINAL, 1));
        assert_eq!(q.start_next(0).unwrap().offset, 0);
    }

    #[test]
    fn complete_cannot_be_cancelled_only_removed() {
        let mut q = queue_of(&["a"]);
        q.start_next(0);
        q.complete("a", 1000);
        assert!(!q.cancel("a"));
        assert_eq!(q.stored_bytes(), 1000);
        assert_eq!(q.remove("a").unwrap().item_id, "a");
        assert!(q.entries().is_empty());
        assert_eq!(q.stored_bytes(), 0);
    }

    #[test]
    fn claimed_bytes_are_what_pending_downloads_still_need() {
        let mut q = queue_of(&["a", "b", "c"]);
        q.start_next(0);
        q.record_progress("a", 300, Some(1000));
        q.record_progress("b", 0, Some(500));
        q.record_progress("c", 0, Some(7));
        q.cancel("c");
        assert_eq!(q.claimed_bytes(), 700 + 500);
    }
}
