//! The refresh queue: priorities, dedup, priority upgrade, concurrency cap, backoff, pause
//! while offline. The store owns one queue and runs what it hands out.

mod backoff;
mod outcome;
mod priority;
mod queue;
mod queue_config;
mod retry_after;
mod revalidate;

pub use backoff::{backoff_delay, MAX_RETRY_AFTER_MS};
pub use outcome::{FailureKind, RefreshOutcome};
pub use priority::{RefreshPriority, RefreshRequest};
pub use queue::{Completion, Enqueued, RefreshQueue};
pub use queue_config::QueueConfig;
pub use retry_after::{parse_http_date, parse_retry_after};
pub use revalidate::revalidate_on_visible;
