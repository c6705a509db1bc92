//! `RefreshQueue`: which key to refresh next. Deterministic and clock-free: the store drives it
//! with `now` and a jitter source, and runs what it hands out.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::hash::Hash;

use super::backoff::backoff_delay;
use super::outcome::RetryPolicy;
use super::{FailureKind, QueueConfig, RefreshOutcome, RefreshPriority, RefreshRequest};

/// What [`RefreshQueue::enqueue`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// The key was not queued; now it is.
    Added,
    /// The key was queued at a lower priority; it now has the higher one.
    Upgraded,
    /// The key was already queued at this priority or higher.
    AlreadyQueued,
    /// The key is being refreshed; it will run once more after that completes.
    InFlight,
}

/// What [`RefreshQueue::complete`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// Finished; nothing more to do.
    Done,
    /// Failed; queued again, not before this time (ms).
    RetryAt(i64),
    /// Failed for good.
    GaveUp(FailureKind),
    /// Queued again to run as soon as possible (offline, or re-enqueued while in flight).
    Requeued,
}

/// A key waiting to run.
#[derive(Debug, Clone)]
struct Waiting {
    priority: RefreshPriority,
    attempt: u32,
    /// Arrival order, for FIFO within a priority.
    seq: u64,
    /// Held back until then by a backoff.
    not_before: Option<i64>,
}

/// A key being refreshed.
#[derive(Debug, Clone)]
struct Running {
    priority: RefreshPriority,
    attempt: u32,
    seq: u64,
    /// Enqueued again while running: run once more afterwards, at this priority.
    rerun: Option<RefreshPriority>,
    /// Cancelled while running: its outcome is ignored.
    cancelled: bool,
}

/// The refresh queue: deduplicated by key, highest priority first (FIFO within a priority),
/// at most `concurrency` in flight, failures retried with backoff, paused while offline.
/// Methods that look a key up take it owned or by reference (`impl Borrow<K>`).
#[derive(Debug, Clone)]
pub struct RefreshQueue<K> {
    config: QueueConfig,
    queued: BTreeMap<K, Waiting>,
    in_flight: BTreeMap<K, Running>,
    paused: bool,
    next_seq: u64,
}

impl<K: Clone + Eq + Hash + Ord> RefreshQueue<K> {
    /// An empty, running queue.
    pub fn new(config: QueueConfig) -> Self {
        Self {
            config,
            queued: BTreeMap::new(),
            in_flight: BTreeMap::new(),
            paused: false,
            next_seq: 0,
        }
    }

    /// The queue's limits.
    pub fn config(&self) -> &QueueConfig {
        &self.config
    }

    fn take_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// Asks for a refresh of `key`. Deduplicated: a queued key keeps its place and can only
    /// gain priority; a key in flight is marked to run once more after it completes.
    pub fn enqueue(&mut self, key: K, priority: RefreshPriority) -> Enqueued {
        if let Some(running) = self.in_flight.get_mut(&key) {
            running.rerun = running.rerun.max(Some(priority));
            return Enqueued::InFlight;
        }
        if let Some(waiting) = self.queued.get_mut(&key) {
            if priority > waiting.priority {
                waiting.priority = priority;
                return Enqueued::Upgraded;
            }
            return Enqueued::AlreadyQueued;
        }
        let seq = self.take_seq();
        self.queued.insert(
            key,
            Waiting {
                priority,
                attempt: 0,
                seq,
                not_before: None,
            },
        );
        Enqueued::Added
    }

    /// The next key to refresh, marked in flight: the highest priority, oldest first, among
    /// keys not held back by a backoff. `None` while paused or at the concurrency cap.
    pub fn next_ready(&mut self, now: i64) -> Option<RefreshRequest<K>> {
        if self.paused || self.in_flight.len() >= self.config.concurrency.max(1) {
            return None;
        }
        let key = self
            .queued
            .iter()
            .filter(|(_, waiting)| waiting.not_before.is_none_or(|at| at <= now))
            .max_by(|(_, a), (_, b)| a.priority.cmp(&b.priority).then(b.seq.cmp(&a.seq)))
            .map(|(key, _)| key.clone())?;
        let waiting = self.queued.remove(&key)?;
        self.in_flight.insert(
            key.clone(),
            Running {
                priority: waiting.priority,
                attempt: waiting.attempt,
                seq: waiting.seq,
                rerun: None,
                cancelled: false,
            },
        );
        Some(RefreshRequest {
            key,
            priority: waiting.priority,
            attempt: waiting.attempt,
        })
    }

    /// Records how a refresh ended and decides what follows. `jitter` yields uniform values
    /// in `[0, 1)` and is called once per scheduled retry. A key that is not in flight (never
    /// taken, or already completed) gives `Done` and changes nothing.
    pub fn complete(
        &mut self,
        key: impl Borrow<K>,
        outcome: RefreshOutcome,
        now: i64,
        jitter: &mut dyn FnMut() -> f64,
    ) -> Completion {
        let key = key.borrow();
        let Some(running) = self.in_flight.remove(key) else {
            return Completion::Done;
        };
        let failure = match outcome {
            _ if running.cancelled => return self.rerun_or_done(key, running.rerun),
            RefreshOutcome::Success => return self.rerun_or_done(key, running.rerun),
            RefreshOutcome::Failed(failure) => failure,
        };
        match failure.retry_policy() {
            RetryPolicy::WhenOnline => {
                // Not the server's fault: keep the attempt count and the place in line.
                self.paused = true;
                self.queued.insert(
                    key.clone(),
                    Waiting {
                        priority: running
                            .priority
                            .max(running.rerun.unwrap_or(running.priority)),
                        attempt: running.attempt,
                        seq: running.seq,
                        not_before: None,
                    },
                );
                Completion::Requeued
            }
            RetryPolicy::Never => Completion::GaveUp(failure),
            RetryPolicy::Backoff => {
                let failures = running.attempt + 1;
                if failures >= self.config.max_attempts.max(1) {
                    return Completion::GaveUp(failure);
                }
                let delay =
                    backoff_delay(&self.config, failures, failure.retry_after_ms(), jitter());
                let at = now.saturating_add(delay);
                let seq = self.take_seq();
                self.queued.insert(
                    key.clone(),
                    Waiting {
                        priority: running
                            .priority
                            .max(running.rerun.unwrap_or(running.priority)),
                        attempt: failures,
                        seq,
                        not_before: Some(at),
                    },
                );
                Completion::RetryAt(at)
            }
        }
    }

    fn rerun_or_done(&mut self, key: &K, rerun: Option<RefreshPriority>) -> Completion {
        match rerun {
            Some(priority) => {
                let seq = self.take_seq();
                self.queued.insert(
                    key.clone(),
                    Waiting {
                        priority,
                        attempt: 0,
                        seq,
                        not_before: None,
                    },
                );
                Completion::Requeued
            }
            None => Completion::Done,
        }
    }

    /// Drops a key: removed if queued; if in flight, its outcome will be ignored (it keeps its
    /// concurrency slot until [`complete`](Self::complete) is called). `false` if there was
    /// nothing to cancel.
    pub fn cancel(&mut self, key: impl Borrow<K>) -> bool {
        let key = key.borrow();
        if self.queued.remove(key).is_some() {
            return true;
        }
        match self.in_flight.get_mut(key) {
            Some(running) => {
                let changed = !running.cancelled || running.rerun.is_some();
                running.cancelled = true;
                running.rerun = None;
                changed
            }
            None => false,
        }
    }

    /// Stops handing out keys (offline). Queued keys stay queued.
    pub fn pause(&mut self) {
        self.paused = true;
    }

    /// Hands out keys again (the browser's `online` event).
    pub fn resume(&mut self) {
        self.paused = false;
    }

    /// Whether the queue is paused.
    pub fn is_paused(&self) -> bool {
        self.paused
    }

    /// The earliest time a held-back key becomes ready, for a timer; `None` when paused or
    /// when nothing is held back.
    pub fn next_wake(&self, now: i64) -> Option<i64> {
        if self.paused {
            return None;
        }
        self.queued
            .values()
            .filter_map(|waiting| waiting.not_before)
            .filter(|at| *at > now)
            .min()
    }

    /// Keys waiting (not in flight).
    pub fn len(&self) -> usize {
        self.queued.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.queued.is_empty()
    }

    /// Keys in flight (cancelled ones included until completed).
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Whether a key is waiting (not in flight).
    pub fn is_queued(&self, key: impl Borrow<K>) -> bool {
        self.queued.contains_key(key.borrow())
    }

    /// Whether a key is being refreshed.
    pub fn is_in_flight(&self, key: impl Borrow<K>) -> bool {
        self.in_flight.contains_key(key.borrow())
    }

    /// The priority of a waiting or in-flight key.
    pub fn priority_of(&self, key: impl Borrow<K>) -> Option<RefreshPriority> {
        let key = key.borrow();
        self.queued
            .get(key)
            .map(|waiting| waiting.priority)
            .or_else(|| self.in_flight.get(key).map(|running| running.priority))
    }
}

impl<K: Clone + Eq + Hash + Ord> Default for RefreshQueue<K> {
    fn default() -> Self {
        Self::new(QueueConfig::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RefreshPriority::{High, Low, Normal};

    const ALMOST_ONE: f64 = 1.0 - f64::EPSILON;

    fn queue() -> RefreshQueue<String> {
        RefreshQueue::new(QueueConfig::default())
    }

    fn key(name: &str) -> String {
        name.to_owned()
    }

    fn take(q: &mut RefreshQueue<String>, now: i64) -> Option<String> {
        q.next_ready(now).map(|request| request.key)
    }

    fn fail(status: u16) -> RefreshOutcome {
        RefreshOutcome::Failed(FailureKind::Http {
            status,
            retry_after_ms: None,
        })
    }

    fn half() -> impl FnMut() -> f64 {
        || 0.5
    }

    #[test]
    fn highest_priority_first_fifo_within_a_priority() {
        let mut q = queue();
        q.enqueue(key("low"), Low);
        q.enqueue(key("n1"), Normal);
        q.enqueue(key("h1"), High);
        q.enqueue(key("n2"), Normal);
        q.enqueue(key("h2"), High);
        let order: Vec<String> = (0..5)
            .filter_map(|_| {
                let k = take(&mut q, 0)?;
                q.complete(&k, RefreshOutcome::Success, 0, &mut half());
                Some(k)
            })
            .collect();
        assert_eq!(order, ["h1", "h2", "n1", "n2", "low"]);
        assert!(q.is_empty());
    }

    #[test]
    fn dedups_and_upgrades() {
        let mut q = queue();
        assert_eq!(q.enqueue(key("a"), Low), Enqueued::Added);
        assert_eq!(q.enqueue(key("b"), Normal), Enqueued::Added);
        assert_eq!(q.enqueue(key("a"), Low), Enqueued::AlreadyQueued);
        assert_eq!(q.enqueue(key("b"), Low), Enqueued::AlreadyQueued);
        assert_eq!(q.priority_of(key("b")), Some(Normal), "never downgraded");
        assert_eq!(q.enqueue(key("a"), High), Enqueued::Upgraded);
        assert_eq!((q.len(), q.priority_of(key("a"))), (2, Some(High)));
        assert_eq!(take(&mut q, 0).as_deref(), Some("a"));
        assert_eq!(q.priority_of(key("zzz")), None);
    }

    #[test]
    fn concurrency_cap_holds_the_fifth_key() {
        let mut q = queue();
        for name in ["a", "b", "c", "d", "e"] {
            q.enqueue(key(name), Normal);
        }
        let running: Vec<String> = (0..4).filter_map(|_| take(&mut q, 0)).collect();
        assert_eq!(running, ["a", "b", "c", "d"]);
        assert_eq!((q.in_flight(), q.len()), (4, 1));
        assert_eq!(q.next_ready(0), None);
        assert_eq!(
            q.complete(key("c"), RefreshOutcome::Success, 0, &mut half()),
            Completion::Done
        );
        assert_eq!(take(&mut q, 0).as_deref(), Some("e"));
    }

    #[test]
    fn retries_with_exponential_backoff_and_jitter() {
        let mut q = queue();
        q.enqueue(key("k"), High);
        let mut now = 1_000_000;
        let mut expected = vec![];
        let mut got = vec![];
        for failures in 1..=4 {
            let request = q.next_ready(now).unwrap();
            assert_eq!(request.attempt, failures - 1);
            let completion = q.complete(key("k"), fail(503), now, &mut || ALMOST_ONE);
            let delay = (1_000_i64 << (failures - 1)) - 1;
            expected.push(Completion::RetryAt(now + delay));
            got.push(completion);
            assert_eq!(
                q.next_ready(now + delay - 1),
                None,
                "held back until the retry time"
            );
            assert_eq!(q.next_wake(now), Some(now + delay));
            now += delay;
        }
        assert_eq!(got, expected);
        q.next_ready(now).unwrap();
        assert_eq!(
            q.complete(key("k"), fail(503), now, &mut half()),
            Completion::GaveUp(FailureKind::Http {
                status: 503,
                retry_after_ms: None
            })
        );
        assert!(q.is_empty() && q.in_flight() == 0);
    }

    #[test]
    fn half_jitter_halves_the_delay() {
        let mut q = queue();
        q.enqueue(key("k"), Normal);
        q.next_ready(0).unwrap();
        assert_eq!(
            q.complete(
                key("k"),
                RefreshOutcome::Failed(FailureKind::Timeout),
                0,
                &mut half()
            ),
            Completion::RetryAt(500)
        );
        q.next_ready(500).unwrap();
        assert_eq!(
            q.complete(key("k"), fail(429), 500, &mut half()),
            Completion::RetryAt(1_500)
        );
        q.next_ready(1_500).unwrap();
        assert_eq!(
            q.complete(key("k"), fail(408), 1_500, &mut half()),
            Completion::RetryAt(3_500)
        );
        q.next_ready(3_500).unwrap();
        let bad = RefreshOutcome::Failed(FailureKind::BadData("truncated".into()));
        assert_eq!(
            q.complete(key("k"), bad, 3_500, &mut half()),
            Completion::RetryAt(7_500)
        );
    }

    #[test]
    fn retry_after_is_honored() {
        let mut q = queue();
        q.enqueue(key("k"), Normal);
        q.next_ready(0).unwrap();
        let busy = RefreshOutcome::Failed(FailureKind::Http {
            status: 429,
            retry_after_ms: Some(120_000),
        });
        assert_eq!(
            q.complete(key("k"), busy, 0, &mut half()),
            Completion::RetryAt(120_000)
        );
        assert_eq!(q.next_ready(119_999), None);
        assert!(q.next_ready(120_000).is_some());
    }

    #[test]
    fn no_retry_on_client_errors_or_unauthorized() {
        let mut q = queue();
        for (name, outcome) in [
            ("404", fail(404)),
            ("401", fail(401)),
            ("auth", RefreshOutcome::Failed(FailureKind::Unauthorized)),
        ] {
            q.enqueue(key(name), Normal);
            q.next_ready(0).unwrap();
            let RefreshOutcome::Failed(failure) = outcome.clone() else {
                unreachable!()
            };
            assert_eq!(
                q.complete(key(name), outcome, 0, &mut || panic!("no jitter needed")),
                Completion::GaveUp(failure)
            );
            assert!(!q.is_queued(key(name)));
        }
    }

    #[test]
    fn offline_requeues_without_using_an_attempt_and_pauses() {
        let mut q = queue();
        q.enqueue(key("a"), High);
        q.enqueue(key("b"), High);
        q.next_ready(0).unwrap();
        let completion = q.complete(
            key("a"),
            RefreshOutcome::Failed(FailureKind::Offline),
            0,
            &mut half(),
        );
        assert_eq!(completion, Completion::Requeued);
        assert!(q.is_paused() && q.is_queued(key("a")));
        assert_eq!(q.next_ready(0), None, "paused");
        assert_eq!(q.next_wake(0), None, "no timer while paused");
        q.resume();
        let again = q.next_ready(0).unwrap();
        assert_eq!(
            (again.key.as_str(), again.attempt),
            ("a", 0),
            "same place, no attempt used"
        );
    }

    #[test]
    fn pause_and_resume() {
        let mut q = queue();
        q.enqueue(key("a"), Low);
        q.pause();
        assert!(q.is_paused());
        assert_eq!(q.next_ready(0), None);
        assert_eq!(
            q.enqueue(key("b"), High),
            Enqueued::Added,
            "still accepts keys"
        );
        q.resume();
        assert_eq!(take(&mut q, 0).as_deref(), Some("b"));
    }

    #[test]
    fn cancel_queued_and_in_flight() {
        let mut q = queue();
        q.enqueue(key("a"), Normal);
        q.enqueue(key("b"), Normal);
        assert!(q.cancel(key("b")));
        assert!(!q.cancel(key("b")));
        assert!(!q.cancel(key("nothing")));
        q.next_ready(0).unwrap();
        assert!(q.cancel(key("a")));
        assert!(!q.cancel(key("a")), "already cancelled");
        assert_eq!(q.in_flight(), 1, "keeps its slot until completed");
        assert_eq!(
            q.complete(key("a"), fail(503), 0, &mut half()),
            Completion::Done,
            "outcome ignored"
        );
        assert!(q.is_empty() && q.in_flight() == 0);
    }

    #[test]
    fn enqueue_while_in_flight_runs_once_more() {
        let mut q = queue();
        q.enqueue(key("a"), Low);
        q.next_ready(0).unwrap();
        assert_eq!(q.enqueue(key("a"), High), Enqueued::InFlight);
        assert_eq!(q.enqueue(key("a"), Low), Enqueued::InFlight);
        assert!(!q.is_queued(key("a")) && q.is_in_flight(key("a")));
        assert_eq!(q.next_ready(0), None, "not twice at once");
        assert_eq!(
            q.complete(key("a"), RefreshOutcome::Success, 0, &mut half()),
            Completion::Requeued
        );
        let rerun = q.next_ready(0).unwrap();
        assert_eq!((rerun.priority, rerun.attempt), (High, 0));
        assert_eq!(
            q.complete(key("a"), RefreshOutcome::Success, 0, &mut half()),
            Completion::Done,
            "only once"
        );
    }

    #[test]
    fn cancelled_then_enqueued_again_reruns_and_ignores_the_old_outcome() {
        let mut q = queue();
        q.enqueue(key("a"), Normal);
        q.next_ready(0).unwrap();
        q.cancel(key("a"));
        assert_eq!(q.enqueue(key("a"), Normal), Enqueued::InFlight);
        assert_eq!(
            q.complete(key("a"), fail(404), 0, &mut half()),
            Completion::Requeued
        );
        assert!(q.is_queued(key("a")));
    }

    #[test]
    fn a_retry_waiting_key_does_not_block_others() {
        let mut q = queue();
        q.enqueue(key("slow"), High);
        q.next_ready(0).unwrap();
        q.complete(key("slow"), fail(500), 0, &mut || ALMOST_ONE);
        q.enqueue(key("low"), Low);
        assert_eq!(take(&mut q, 10).as_deref(), Some("low"));
        assert_eq!(q.enqueue(key("slow"), High), Enqueued::AlreadyQueued);
        assert_eq!(q.next_wake(10), Some(999));
        assert_eq!(take(&mut q, 999).as_deref(), Some("slow"));
    }

    #[test]
    fn completing_an_unknown_key_changes_nothing() {
        let mut q = queue();
        q.enqueue(key("a"), Normal);
        assert_eq!(
            q.complete(key("a"), fail(500), 0, &mut half()),
            Completion::Done
        );
        assert!(q.is_queued(key("a")));
    }

    #[test]
    fn works_with_str_keys_passed_by_value_or_reference() {
        let mut q: RefreshQueue<&'static str> = RefreshQueue::default();
        q.enqueue("a", Normal);
        let by_ref: &&str = &"a";
        assert!(q.is_queued("a") && q.is_queued(by_ref));
        q.next_ready(0).unwrap();
        assert_eq!(q.priority_of("a"), Some(Normal));
        assert_eq!(
            q.complete("a", RefreshOutcome::Success, 0, &mut half()),
            Completion::Done
        );
    }
}
