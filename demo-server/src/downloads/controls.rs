//! What `/__demo/downloads` sets for the download responses (a bandwidth limit, a cut after so
//! many bytes), and the log of the `Range` headers they saw.
use std::sync::Mutex;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RangeSeen {
    pub item_id: String,
    /// The `Range` header as sent, `None` without one.
    pub range: Option<String>,
    pub status: u16,
}

#[derive(Debug, Default)]
struct Settings {
    bytes_per_sec: u64,
    cut_after: Option<u64>,
    seen: Vec<RangeSeen>,
}

/// Shared by every download response.
#[derive(Debug, Default)]
pub struct DownloadControls(Mutex<Settings>);

impl DownloadControls {
    fn lock(&self) -> std::sync::MutexGuard<'_, Settings> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// 0 turns the limit off. Read per chunk, so a change applies to downloads under way.
    pub fn set_bytes_per_sec(&self, bytes_per_sec: u64) {
        self.lock().bytes_per_sec = bytes_per_sec;
    }

    pub fn bytes_per_sec(&self) -> u64 {
        self.lock().bytes_per_sec
    }

    /// The next download response breaks its connection after `bytes` body bytes.
    pub fn cut_next_after(&self, bytes: Option<u64>) {
        self.lock().cut_after = bytes;
    }

    /// Takes the cut for the response starting now (a cut applies once).
    pub fn take_cut(&self) -> Option<u64> {
        self.lock().cut_after.take()
    }

    pub fn pending_cut(&self) -> Option<u64> {
        self.lock().cut_after
    }

    pub fn record(&self, seen: RangeSeen) {
        let mut s = self.lock();
        if s.seen.len() >= 10_000 {
            s.seen.remove(0);
        }
        s.seen.push(seen);
    }

    pub fn seen(&self) -> Vec<RangeSeen> {
        self.lock().seen.clone()
    }

    /// No limit, no cut, an empty log.
    pub fn reset(&self) {
        *self.lock() = Settings::default();
    }
}
