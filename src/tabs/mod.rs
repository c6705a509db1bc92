//! The cross-tab layer: a BroadcastChannel for cache events and Web Locks for "only one tab does this".
mod channel;
mod locks;

pub use channel::CacheChannel;
pub use locks::{hold_lock_while_alive, with_lock_if_available};
