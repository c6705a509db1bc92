//! `QueueConfig`: the refresh queue's limits.

/// Concurrency and retry limits of the refresh queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueConfig {
    /// Refreshes running at once (0 is treated as 1, so the queue never stalls).
    pub concurrency: usize,
    /// The first retry's delay cap, in ms.
    pub base_delay_ms: i64,
    /// The largest backoff delay, in ms (a server's `Retry-After` may exceed it).
    pub max_delay_ms: i64,
    /// Attempts before giving up (the first try included).
    pub max_attempts: u32,
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self {
            concurrency: 4,
            base_delay_ms: 1_000,
            max_delay_ms: 60_000,
            max_attempts: 5,
        }
    }
}
