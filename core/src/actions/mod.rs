//! Played and favorite, done offline first: how queued actions are sent ([`plan_sends`]), how
//! they show on data fetched before the server heard of them ([`apply_pending`]), what they
//! change locally before the server answers ([`local_changes`], [`next_up_after_watching`]) and which cached queries they
//! make stale ([`keys_invalidated_by`]), when each entry may be sent ([`OutboxSchedule`]) and
//! what a failed send means for it ([`send_verdict`]).
mod dependencies;
mod local_changes;
mod next_up;
mod outbox_schedule;
mod send_plan;
mod send_verdict;

pub use dependencies::keys_invalidated_by;
pub use local_changes::{apply_pending, local_changes};
pub use next_up::next_up_after_watching;
pub use outbox_schedule::{retry_delay, EntryRetry, OutboxSchedule, MAX_OUTBOX_BACKOFF_MS};
pub use send_plan::{
    outbox_note_text, pending_item_ids, plan_sends, position_yields, superseded_positions,
    unsent_note_text, PlannedSend,
};
pub use send_verdict::{send_verdict, SendVerdict};
