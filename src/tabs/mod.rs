//! The cross-tab layer: BroadcastChannels for the messages between tabs, and "only one tab does this"
//! (Web Locks, or leases in localStorage where the browser has none).
mod channel;
mod leader;
mod lease;
mod locks;

pub use channel::TabChannel;
pub use leader::{elect_leader, elect_leader_by_lease, stored_lease, Leadership};
pub use lease::{sleep_ms, with_lease};
pub use locks::{with_lock, with_lock_if_available};
