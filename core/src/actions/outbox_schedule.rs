//! When each outbox entry may be sent next. Attempts and backoff are per entry: a change the
//! server keeps failing waits longer and longer (capped, never dropped) while the changes to
//! other items go straight through. Within one item, changes go in the order made: an item's
//! next request waits until the one before it has settled.

use super::{plan_sends, PlannedSend};
use crate::cache::OutboxEntry;

/// The first retry of a failed send waits up to this long.
const FIRST_RETRY_MS: i64 = 1_000;
/// The longest a failing change waits between tries (the server's `Retry-After` may ask more).
pub const MAX_OUTBOX_BACKOFF_MS: i64 = 5 * 60_000;
/// The longest a `Retry-After` may hold a change back.
const MAX_OUTBOX_RETRY_AFTER_MS: i64 = 60 * 60_000;

/// One entry's failed tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EntryRetry {
    /// Failed sends so far.
    pub attempts: u32,
    /// Not to be sent before this time (ms since the Unix epoch).
    pub not_before: i64,
}

/// The retry state of the outbox's entries, by `seq` (a short list: only entries that failed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxSchedule {
    retries: Vec<(u64, EntryRetry)>,
}

impl OutboxSchedule {
    /// The requests to send now: at most one per item (the first, in the order made), only
    /// if all of its entries are due. An item whose first request is waiting sends nothing
    /// else, so its changes never overtake each other.
    pub fn due(&self, entries: &[OutboxEntry], now: i64) -> Vec<PlannedSend> {
        first_per_item(plan_sends(entries))
            .into_iter()
            .filter(|send| self.not_before(send) <= now)
            .collect()
    }

    /// When the earliest waiting request becomes due (`None`: nothing waits).
    pub fn next_due(&self, entries: &[OutboxEntry], now: i64) -> Option<i64> {
        first_per_item(plan_sends(entries))
            .iter()
            .map(|send| self.not_before(send))
            .filter(|at| *at > now)
            .min()
    }

    /// A send failed in a way that may pass: its entries wait, each a little longer than
    /// after its last failure (full jitter `jitter` in `[0, 1)`, at least the server's
    /// `Retry-After`). Returns when they are due again.
    pub fn failed(
        &mut self,
        send: &PlannedSend,
        now: i64,
        retry_after_ms: Option<i64>,
        jitter: f64,
    ) -> i64 {
        let attempts = send
            .seqs
            .iter()
            .map(|seq| self.retry_of(*seq).attempts)
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        let delay = retry_delay(attempts, retry_after_ms, jitter);
        let retry = EntryRetry {
            attempts,
            not_before: now + delay,
        };
        self.settled(&send.seqs);
        self.retries
            .extend(send.seqs.iter().map(|seq| (*seq, retry)));
        now + delay
    }

    /// Entries read from storage carry their failed sends: backoff goes on from that count
    /// (after a reload the first try is at once, a failure then waits as the count says).
    /// Entries this schedule already knows keep what it knows.
    pub fn restore(&mut self, entries: &[OutboxEntry]) {
        for entry in entries {
            let Some(seq) = entry.seq else {
                continue;
            };
            if entry.attempts > 0 && !self.retries.iter().any(|(s, _)| *s == seq) {
                let retry = EntryRetry {
                    attempts: entry.attempts,
                    not_before: 0,
                };
                self.retries.push((seq, retry));
            }
        }
    }

    /// The entries left the outbox (sent or refused): nothing more to schedule for them.
    pub fn settled(&mut self, seqs: &[u64]) {
        self.retries.retain(|(seq, _)| !seqs.contains(seq));
    }

    /// One entry's failed tries so far.
    pub fn retry_of(&self, seq: u64) -> EntryRetry {
        self.retries
            .iter()
            .find(|(s, _)| *s == seq)
            .map_or_else(EntryRetry::default, |(_, r)| *r)
    }

    fn not_before(&self, send: &PlannedSend) -> i64 {
        send.seqs
            .iter()
            .map(|seq| self.retry_of(*seq).not_before)
            .max()
            .unwrap_or(0)
    }
}

/// Each item's first planned request (the plan is in the order the changes were made).
fn first_per_item(plan: Vec<PlannedSend>) -> Vec<PlannedSend> {
    let mut first: Vec<PlannedSend> = Vec::new();
    for send in plan {
        if !first.iter().any(|f| f.item_id == send.item_id) {
            first.push(send);
        }
    }
    first
}

/// The wait before try `attempts + 1`: `jitter * min(cap, 1 s * 2^(attempts-1))`, at least half
/// of that ceiling so retries never bunch up at 0, and at least the server's `Retry-After`.
pub fn retry_delay(attempts: u32, retry_after_ms: Option<i64>, jitter: f64) -> i64 {
    let exponent = attempts.saturating_sub(1).min(30);
    let ceiling = FIRST_RETRY_MS
        .saturating_mul(1_i64 << exponent)
        .min(MAX_OUTBOX_BACKOFF_MS);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let backoff = ceiling / 2 + (jitter * (ceiling / 2) as f64) as i64;
    let floor = retry_after_ms
        .unwrap_or(0)
        .clamp(0, MAX_OUTBOX_RETRY_AFTER_MS);
    backoff.max(floor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::UserAction;

    fn entry(seq: u64, item: &str, action: UserAction) -> OutboxEntry {
        let mut e = OutboxEntry::new(item, action, seq as i64);
        e.seq = Some(seq);
        e
    }

    fn summary(plan: &[PlannedSend]) -> Vec<(String, Vec<u64>)> {
        plan.iter()
            .map(|p| (p.item_id.clone(), p.seqs.clone()))
            .collect()
    }

    fn outbox() -> Vec<OutboxEntry> {
        vec![
            entry(1, "a", UserAction::SetFavorite(true)),
            entry(2, "b", UserAction::SetPlayed(true)),
            entry(3, "a", UserAction::SetPlayed(true)),
            entry(4, "c", UserAction::SetFavorite(true)),
        ]
    }

    #[test]
    fn one_request_per_item_in_the_order_made() {
        let schedule = OutboxSchedule::default();
        assert_eq!(
            summary(&schedule.due(&outbox(), 0)),
            vec![
                ("a".into(), vec![1]),
                ("b".into(), vec![2]),
                ("c".into(), vec![4])
            ]
        );
        // Once a's first change settled, its second goes.
        let rest: Vec<OutboxEntry> = outbox().into_iter().filter(|e| e.seq != Some(1)).collect();
        assert_eq!(summary(&schedule.due(&rest, 0))[0], ("b".into(), vec![2]));
        assert!(summary(&schedule.due(&rest, 0)).contains(&("a".into(), vec![3])));
    }

    #[test]
    fn a_failing_item_waits_alone_and_keeps_its_order() {
        let mut schedule = OutboxSchedule::default();
        let first = schedule.due(&outbox(), 0);
        let due_again = schedule.failed(&first[0], 0, None, 0.0);
        assert!(due_again >= 500, "{due_again}");
        // a waits (and so does its second change, which must not overtake the first);
        // b and c go on.
        assert_eq!(
            summary(&schedule.due(&outbox(), 10)),
            vec![("b".into(), vec![2]), ("c".into(), vec![4])]
        );
        assert_eq!(schedule.next_due(&outbox(), 10), Some(due_again));
        assert_eq!(
            summary(&schedule.due(&outbox(), due_again))[0],
            ("a".into(), vec![1])
        );
        assert_eq!(schedule.retry_of(1).attempts, 1);
        assert_eq!(schedule.retry_of(2).attempts, 0, "attempts are per entry");
    }

    #[test]
    fn backoff_grows_per_entry_is_capped_and_never_gives_up() {
        let mut schedule = OutboxSchedule::default();
        let send = schedule.due(&outbox(), 0).remove(0);
        let mut now = 0;
        let mut waits = Vec::new();
        for _ in 0..40 {
            let next = schedule.failed(&send, now, None, 0.999);
            waits.push(next - now);
            now = next;
            assert_eq!(
                summary(&schedule.due(&outbox(), now))[0].1,
                vec![1],
                "still sent"
            );
        }
        assert!(waits[1] > waits[0] && waits[2] > waits[1], "{waits:?}");
        assert!(
            waits.iter().all(|w| *w <= MAX_OUTBOX_BACKOFF_MS),
            "{waits:?}"
        );
        assert_eq!(schedule.retry_of(1).attempts, 40);
        schedule.settled(&[1]);
        assert_eq!(schedule.retry_of(1), EntryRetry::default());
    }

    #[test]
    fn retry_after_is_honoured() {
        let mut schedule = OutboxSchedule::default();
        let send = schedule.due(&outbox(), 0).remove(0);
        assert_eq!(schedule.failed(&send, 100, Some(30_000), 0.0), 30_100);
        assert!(schedule
            .due(&outbox(), 30_099)
            .iter()
            .all(|s| s.item_id != "a"));
        assert!(schedule
            .due(&outbox(), 30_100)
            .iter()
            .any(|s| s.item_id == "a"));
    }

    #[test]
    fn a_change_added_to_a_waiting_request_waits_with_it() {
        let mut schedule = OutboxSchedule::default();
        let send = schedule.due(&outbox(), 0).remove(0);
        let at = schedule.failed(&send, 0, Some(10_000), 0.0);
        let mut more = outbox();
        more.push(entry(9, "a", UserAction::SetFavorite(false)));
        assert!(schedule.due(&more, 5_000).iter().all(|s| s.item_id != "a"));
        let later = schedule.due(&more, at);
        assert_eq!(later[0].seqs, vec![1, 9]);
        assert_eq!(later[0].action, UserAction::SetFavorite(false));
    }

    #[test]
    fn a_reload_goes_on_from_the_stored_attempts() {
        let mut stored = OutboxEntry::new("a", UserAction::SetPlayed(true), 0);
        stored.seq = Some(7);
        stored.attempts = 4;
        let mut fresh = OutboxEntry::new("b", UserAction::SetPlayed(true), 0);
        fresh.seq = Some(8);
        let entries = [stored, fresh];
        let mut schedule = OutboxSchedule::default();
        schedule.restore(&entries);
        assert_eq!(schedule.due(&entries, 0).len(), 2, "both are tried at once");
        assert_eq!(schedule.retry_of(7).attempts, 4);
        assert_eq!(schedule.retry_of(8).attempts, 0);
        let send = schedule.due(&entries, 0).remove(0);
        let due = schedule.failed(&send, 0, None, 0.99);
        assert_eq!(
            schedule.retry_of(7).attempts,
            5,
            "counting on from the stored four"
        );
        assert!(
            due >= retry_delay(5, None, 0.99) && due > 8_000,
            "a fifth failure waits long: {due}"
        );
        schedule.restore(&entries);
        assert_eq!(
            schedule.retry_of(7).attempts,
            5,
            "what the schedule knows wins"
        );
    }
}
