//! Played and favorite, done offline first: how queued actions are sent ([`plan_sends`]), how
//! they show on data fetched before the server heard of them ([`apply_pending`]), what they
//! change locally before the server answers ([`local_changes`]) and which cached queries they
//! make stale ([`keys_invalidated_by`]).
mod dependencies;
mod local_changes;
mod send_plan;

pub use dependencies::keys_invalidated_by;
pub use local_changes::{apply_pending, local_changes};
pub use send_plan::{
    pending_item_ids, plan_sends, position_yields, superseded_positions, PlannedSend,
};
